"""`garble`: machine-rewritten phrasing found without a list (see checker/garble/).
A rule names its `detector`: `collocation` (synonym-swapped established phrases) or
`syntax` (clauses broken by rewriting). Findings below the `garble_threshold`
setting are dropped; the data file is read only when a garble rule runs."""
from __future__ import annotations

from . import choice, format_message
from ..finding import Finding

DETECTORS = ("collocation", "syntax")


def validate(rule) -> None:
    choice(rule, "detector", DETECTORS)


class GarbleCheck:
    def __init__(self, rules, settings):
        self.rules = {r.params["detector"]: r for r in rules}
        self.threshold = settings.garble_threshold

    def check(self, doc):
        from ..garble import collocation, syntax
        from ..garble.lexicon import load
        from .phrase import match_case

        lex = load()
        lex.expect(len(doc.prose))
        rule = self.rules.get("collocation")
        if rule:
            for g in collocation.find(doc.prose, lex, self.threshold):
                start, end = g.tokens[0].start, g.tokens[-1].end
                original = doc.text[start:end]
                fix = match_case(" ".join(g.candidate.words), original)
                others = tuple(match_case(" ".join(w), original) for w in g.alternatives)
                yield Finding(
                    rule=rule.id, severity=rule.severity, start=start, end=end,
                    message=format_message(rule.message, rule, phrase=original, original=fix,
                                           confidence=f"{g.confidence:.2f}"),
                    replacements=(fix, *others), fix_safe=False, confidence=g.confidence)
        rule = self.rules.get("syntax")
        if rule:
            for g in syntax.find(doc.prose, lex):
                if g.confidence < self.threshold:
                    continue
                yield Finding(
                    rule=rule.id, severity=rule.severity, start=g.start, end=g.end,
                    message=format_message(rule.message, rule, detail=g.message, pattern=g.pattern),
                    replacements=(g.fix,) if g.fix else (), fix_safe=False, confidence=g.confidence)


def compile(rules, settings):
    return GarbleCheck(rules, settings)
