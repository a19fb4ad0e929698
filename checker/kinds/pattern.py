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

from functools import partial

from . import format_message, param
from ..finding import Finding
from ..patterns import OnFirstUse, RulePattern, re2_pattern, budget_seconds, is_shipped, time_left


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
    given (a user's hint, like a user's pattern, may backtrack), else TimeoutError.
    Without a budget the matches come from one `finditer` pass (on google-re2 a search
    from an offset costs a pass over the whole text, so one search a line would be
    quadratic); a match that runs past a line already taken is searched again from
    that line's end, so the lines are exactly those of a search from each line's end."""
    if budget is not None:
        return _searched_lines(hints, text, budget)
    spans: list[tuple[int, int]] = []
    pos, size = 0, len(text)
    matches = hints.finditer(text)
    while True:
        m = next(matches, None)
        if m is None:
            break
        if m.start() < pos:
            if m.end() <= pos:
                continue  # on a line already taken
            m = hints.search(text, pos)  # it may hide a match that starts after `pos`
            if m is None:
                break
            matches = None
        pos = _add_line(spans, text, m, size)
        if matches is None:
            matches = hints.finditer(text, pos)
    return spans


def _add_line(spans: list[tuple[int, int]], text: str, m, size: int) -> int:
    """Adds the line (or lines) of match `m` to `spans`; returns where it ends."""
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", max(m.end() - 1, m.start()))
    end = size if end < 0 else end + 1
    if spans and spans[-1][1] >= start:
        spans[-1] = (spans[-1][0], end)
    else:
        spans.append((start, end))
    return end


def _searched_lines(hints, text: str, budget: float) -> list[tuple[int, int]]:
    """hinted_lines for a budgeted (backtracking) hint: one search a line, each within
    what is left of the budget."""
    left = time_left(budget)
    spans: list[tuple[int, int]] = []
    pos, size = 0, len(text)
    while pos < size:
        m = hints.search(text, pos, timeout=left())
        if m is None:
            break
        pos = _add_line(spans, text, m, size)
    return spans


class _ShippedPattern:
    """A shipped rule's RulePattern (trusted: always `regex`, no time limit), compiled on
    first use: a text in which no line holds a hint never needs it."""

    __slots__ = ("_pattern",)
    engine = "regex"

    def __init__(self, rule):
        self._pattern = OnFirstUse(partial(RulePattern, rule.params["pattern"], _flags(rule), trusted=True,
                                           ignore_case=bool(rule.params.get("ignore_case"))))

    def finditer(self, text: str, pos: int = 0):
        return self._pattern.get().finditer(text, pos)

    def finditer_in(self, text: str, spans: list[tuple[int, int]]):
        return self._pattern.get().finditer_in(text, spans)


class PatternCheck:
    # checked a window at a time (checker/windows.py): each match stands alone
    scope = "local"

    def __init__(self, rules, settings):
        import regex

        self.rules = [(rule, _ShippedPattern(rule) if is_shipped(rule) else
                       RulePattern(rule.params["pattern"], _flags(rule), trusted=False,
                                   ignore_case=bool(rule.params.get("ignore_case"))))
                      for rule in rules]
        # re2 (linear, fast) reads a span as a text of its own: its patterns run whole
        hinted = [rule for rule, compiled in self.rules if "hint" in rule.params and compiled.engine != "re2"]
        self.hinted = {rule.id for rule in hinted}
        self.hints, self.hints_budgeted, self._hint_source = None, False, None
        if hinted:
            source = self._hint_source = "|".join(_hint_source(r) for r in hinted)
            self.hints_budgeted = any(not is_shipped(rule) for rule in hinted)
            # the shipped hints on google-re2 where they mean the same there (a DFA:
            # several times faster than `regex` on an alternation of character classes);
            # a user's hint, like a user's pattern, stays on `regex` under its budget
            if not self.hints_budgeted:
                # the rest of the line taken with the first hint on it: one match a line
                # (re2's matches cost microseconds each in Python; a run of spaces holds
                # a hint at every other character), the same lines (no shipped hint
                # matches a line break)
                self.hints = re2_pattern(f"(?:{source})[^\\n]*", ignore_case=False)
            if self.hints is None:
                self.hints = regex.compile(source, regex.MULTILINE | regex.VERSION0)

    def check(self, doc):
        text = doc.prose
        lines = None
        if self.hints is not None:
            try:
                lines = hinted_lines(self.hints, text, budget_seconds(len(text)) if self.hints_budgeted else None)
            except UnicodeEncodeError:
                import regex  # a lone surrogate, which re2 (UTF-8) cannot read: the same hints on regex

                lines = hinted_lines(regex.compile(self._hint_source, regex.MULTILINE | regex.VERSION0), text)
            except TimeoutError:
                pass  # a user's hint too slow: every pattern scans the whole text, under its own budget
        for rule, compiled in self.rules:
            fix = rule.params.get("fix")
            if lines == [] and rule.id in self.hinted:
                continue  # no line holds a hint: nothing to scan (a shipped pattern stays uncompiled)
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
