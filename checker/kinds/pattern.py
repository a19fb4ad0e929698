"""`pattern`: a regular expression per rule, with an optional fix template.

Patterns are written for the `regex` module (a superset of `re` with Unicode
properties). Shipped patterns are linear-time by review and run without a time
limit; a user's pattern runs on google-re2 where it can, else under a budget that
grows with the text (checker/patterns.py), so that one that backtracks
catastrophically stops with its rule named instead of hanging CI.

A rule may give a `hint`: a simpler expression found on every line where the pattern
matches (no match may cross a line break). All rules' hints are scanned for together,
once, and each hinted pattern then runs only on the lines that hold some hint: most
lines of most texts hold none, and a pattern's own scan of the whole text cost more
than every hint's together.
"""
from __future__ import annotations

from . import format_message, param
from ..finding import Finding
from ..patterns import RulePattern, budget_seconds, is_shipped


def validate(rule) -> None:
    import regex

    source = param(rule, "pattern", str)
    param(rule, "fix", str, required=False)
    param(rule, "ignore_case", bool, required=False)
    try:
        compiled = regex.compile(source, _flags(rule))
    except regex.error as exc:
        raise rule.error("pattern", f"invalid regular expression: {exc}") from None
    hint = param(rule, "hint", str, required=False)
    if hint is not None:
        try:
            regex.compile(_hint_source(rule), _flags(rule))
        except regex.error as exc:
            raise rule.error("hint", f"invalid regular expression: {exc}") from None
    fix = rule.params.get("fix")
    if fix is not None:
        _check_template(rule, "fix", fix, compiled)
    _check_template(rule, "message", rule.message, compiled)


def _check_template(rule, field_name: str, template: str, compiled) -> None:
    import string

    names = set(compiled.groupindex) | {"match"}
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as exc:  # "Single '{' encountered": not a template
        raise rule.error(field_name, f"bad template: {exc}") from None
    for _, name, _, _ in fields:
        if name and name not in names and not name.isdigit():
            raise rule.error(field_name, f"names group '{name}' that the pattern does not define")


def _flags(rule) -> int:
    import regex

    flags = regex.MULTILINE | regex.VERSION0
    if rule.params.get("ignore_case"):
        flags |= regex.IGNORECASE
    return flags


def _hint_source(rule) -> str:
    """The rule's hint, with the rule's case rule scoped to it (hints are joined)."""
    hint = rule.params["hint"]
    return f"(?i:{hint})" if rule.params.get("ignore_case") else f"(?:{hint})"


def hinted_lines(hints, text: str, budget: float | None = None) -> list[tuple[int, int]]:
    """The (start, end) spans of the lines (each with its line break) holding a match
    of `hints`, neighbouring lines merged into one span; within `budget` seconds when
    given (a user's hint, like a user's pattern, may backtrack), else TimeoutError."""
    import time

    deadline = None if budget is None else time.monotonic() + budget
    spans: list[tuple[int, int]] = []
    pos, size = 0, len(text)
    while pos < size:
        if deadline is None:
            m = hints.search(text, pos)
        else:
            m = hints.search(text, pos, timeout=max(deadline - time.monotonic(), 0.001))
        if m is None:
            break
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", max(m.end() - 1, m.start()))
        end = size if end < 0 else end + 1
        if spans and spans[-1][1] >= start:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        pos = end
    return spans


class PatternCheck:
    # checked a window at a time (checker/windows.py): each match stands alone
    scope = "local"

    def __init__(self, rules, settings):
        import regex

        self.rules = [(rule, RulePattern(rule.params["pattern"], _flags(rule), trusted=is_shipped(rule),
                                         ignore_case=bool(rule.params.get("ignore_case"))))
                      for rule in rules]
        # re2 (linear, fast) reads a span as a text of its own: its patterns run whole
        hinted = [rule for rule, compiled in self.rules if "hint" in rule.params and compiled.engine != "re2"]
        self.hints = regex.compile("|".join(_hint_source(r) for r in hinted), regex.MULTILINE | regex.VERSION0) \
            if hinted else None
        self.hinted = {rule.id for rule in hinted}
        self.hints_budgeted = any(not is_shipped(rule) for rule in hinted)

    def check(self, doc):
        text = doc.prose
        lines = None
        if self.hints is not None:
            try:
                lines = hinted_lines(self.hints, text, budget_seconds(len(text)) if self.hints_budgeted else None)
            except TimeoutError:
                pass  # a user's hint too slow: every pattern scans the whole text, under its own budget
        for rule, compiled in self.rules:
            fix = rule.params.get("fix")
            try:
                found = compiled.finditer_in(text, lines) if lines is not None and rule.id in self.hinted \
                    else compiled.finditer(text)
                for m in found:
                    if m.start() == m.end():
                        continue
                    values = {k: (v or "") for k, v in m.groupdict().items()}
                    values["match"] = m.group()
                    replacements = (format_message(fix, rule, **values),) if fix is not None else ()
                    yield Finding(
                        rule=rule.id,
                        severity=rule.severity,
                        start=m.start(),
                        end=m.end(),
                        message=format_message(rule.message, rule, **values),
                        replacements=replacements,
                        fix_safe=rule.fix_safe and bool(replacements),
                    )
            except TimeoutError:
                doc.problems.append(
                    f"rule {rule.id} ({rule.source}): pattern took over {budget_seconds(len(text)):.3g}s "
                    "on this document and was stopped (a backtracking pattern: see docs/rule-packs.md); "
                    "its findings here are incomplete"
                )


def compile(rules, settings):
    return PatternCheck(rules, settings)
