"""`repetition`: a word written twice in a row ("the the"), the commonest slip of
editing: a sentence rewritten around a word that was then typed again. Case does not
matter, and the pair may straddle a line break (not a paragraph break). Doubles that
grammar or idiom allow ("had had", "that that", "there there") come from the rule's
`allowed` list. A second word with a capital inside a sentence is taken for a name
("Walla Walla", "Sirhan Sirhan") and left alone. The fix deletes the second word.
"""
from __future__ import annotations

import re

from . import format_message, param
from ..finding import Finding

DOUBLED = re.compile(
    r"(?<![\w'’\-])(?P<word>[^\W\d_]+)(?P<space>[ \t\u00a0]+(?:\r?\n[ \t]*)?|[ \t]*\r?\n[ \t]*)"
    r"(?P<again>(?P=word))(?![\w'’\-])",
    re.IGNORECASE,
)


def validate(rule) -> None:
    allowed = param(rule, "allowed", list, required=False, default=[])
    if not all(isinstance(w, str) and w.strip() for w in allowed):
        raise rule.error("allowed", "must be a list of words")


class RepetitionCheck:
    def __init__(self, rules, settings):
        self.rules = [(rule, {w.lower() for w in rule.params.get("allowed", [])}) for rule in rules]

    def check(self, doc):
        prose = doc.prose
        for m in DOUBLED.finditer(prose):
            first, again = m.group("word"), m.group("again")
            if again[:1].isupper() and not again.isupper():
                continue  # "Walla Walla": a name
            for rule, allowed in self.rules:
                if first.lower() in allowed:
                    continue
                yield Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    start=m.start(),
                    end=m.end(),
                    message=format_message(rule.message, rule, word=again, found=m.group()),
                    replacements=(first,),
                    fix_safe=rule.fix_safe,
                )


def compile(rules, settings):
    return RepetitionCheck(rules, settings)
