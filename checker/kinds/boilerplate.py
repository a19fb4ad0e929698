"""`boilerplate`: whole lines that are web-page furniture, not copy (comment forms,
share prompts, photo credits). The fix deletes the line with its line break.

A pattern matches a whole line, never part of one: a sentence of copy that mentions
sharing, a newsletter or copyright is a longer line and is left alone. A rule with
`joined: true` also takes a line made of several of its items run together, as a
widget's buttons come out of a scraper ("Share this:Click to share on X Email Print").
A rule may list `hints`: words of which every line it matches holds one, case ignored
("leave", "email", "comment"). On a short text a rule none of whose hints occurs is
neither compiled nor run: compiling the shipped rules' patterns was most of the
start-up time of a short file.
"""
from __future__ import annotations

from functools import partial

from . import format_message, param
from ..document import LINE_BREAK
from ..finding import Finding
from ..patterns import OnFirstUse, budget_seconds, is_shipped, time_left


def validate(rule) -> None:
    import regex

    lines = param(rule, "lines", list)
    if not lines or not all(isinstance(x, str) for x in lines):
        raise rule.error("lines", "must be a non-empty list of regular expressions")
    param(rule, "joined", bool, required=False)
    hints = param(rule, "hints", list, required=False)
    if hints is not None and (not hints or not all(isinstance(h, str) and h.strip() for h in hints)):
        raise rule.error("hints", "must be a non-empty list of words")
    try:  # the pattern the check uses (regex caches it); one by one only to name a bad line
        line_pattern(lines, rule.params.get("joined", False))
        return
    except regex.error:
        pass
    for source in lines:
        try:
            regex.compile(source)
        except regex.error as exc:
            raise rule.error("lines", f"invalid regular expression {source!r}: {exc}") from None
    try:
        line_pattern(lines, rule.params.get("joined", False))
    except regex.error as exc:
        raise rule.error("lines", f"invalid regular expressions together: {exc}") from None


def line_body(lines: list[str], joined: bool = False) -> str:
    """The alternation of a rule's lines; `joined`: one or more of them in a row,
    apart or run together (a separator such as | or · allowed between)."""
    body = "|".join(f"(?:{line})" for line in lines)
    if joined:
        body = rf"(?:{body})(?:{JOINED_SEPARATOR}(?:{body}))*"
    return body


# Between two items of a joined line: white space, then a separator with the white
# space after it, or none: the same lines as two runs of white space around an
# optional separator, without the n² ways to split one run between them (linear time;
# no timer guards it).
JOINED_SEPARATOR = r"[ \t]*(?:[|·•][ \t]*)?"


def line_pattern(lines: list[str], joined: bool = False, bodies: list[str] | None = None,
                 skip_blank: bool = False, after_break: bool = False):
    """One pattern for a rule's lines (or for several rules' `bodies`): a whole line,
    white space around it allowed, case ignored. It is run on text whose every CR was
    made an LF (see `check`). `skip_blank`: not tried on a line of spaces and tabs only,
    where every body would be tried at every one of them (0.9 s for a line of 125,000
    spaces); only for bodies none of which matches on such a line (the shipped ones).
    `after_break`: the match starts at the line break before the line (see
    `_candidates`), not at the line's start."""
    import regex

    body = "|".join(f"(?:{b})" for b in bodies) if bodies is not None else line_body(lines, joined)
    guard = r"(?=[ \t]*[^ \t\n])" if skip_blank else ""
    start = r"\n" if after_break else "^"
    return regex.compile(rf"{start}{guard}[ \t]*(?:{body})[ \t]*(?=\n|\Z)", regex.MULTILINE | regex.IGNORECASE)


ONE_PASS_MIN_CHARACTERS = 50_000


def re2_prefilter(rules):
    """One google-re2 pattern for a whole line of any of `rules` (a superset of the
    `regex` one: checker/kinds/line_prefilter.py), or None (a line not translated, or
    refused by re2). Translated when first needed, as the `regex` pattern is compiled
    (2 ms for the shipped lines; only a long text needs it)."""
    from .line_prefilter import compiled, prefilter_source

    source = prefilter_source([re2_body(rule.params["lines"], rule.params.get("joined", False))
                               for rule in rules])
    return None if source is None else compiled(source)


def re2_body(lines: list[str], joined: bool = False) -> str | None:
    """`line_body` translated for re2 (None: not proved). A joined line is read as one
    or more items, each after a separator or none, which matches what `line_body`
    does and more (a separator before the first item), with the items spelled once,
    not twice: a quarter off re2's compile time."""
    from .line_prefilter import translate

    body = translate(line_body(lines))
    if body is None or not joined:
        return body
    separator = translate(JOINED_SEPARATOR)
    return None if separator is None else rf"(?:{separator}(?:{body}))+"


def fold_case(text: str) -> str:
    """`text` as hints are looked for in it: case-folded, with "İ" read as "i" (the one
    character that the `regex` module matches to an ASCII letter, case ignored, and
    that `str.casefold` does not fold to that letter alone; tests/test_boilerplate_hints.py
    checks every code point). Its length may differ from the text's: only presence counts."""
    return (text.replace("\u0130", "i") if "\u0130" in text else text).casefold()


def _folded_hints(rule) -> tuple[str, ...] | None:
    hints = rule.params.get("hints")
    return None if hints is None else tuple(fold_case(h) for h in hints)


def _limit(budgeted: bool, text: str) -> dict:
    """No time limit for shipped lines (reviewed: linear time); a user's lines get a
    budget that grows with the text (checker/patterns.py)."""
    return {"timeout": budget_seconds(len(text))} if budgeted else {}


class BoilerplateCheck:
    # checked a window at a time (checker/windows.py): each line is judged alone
    scope = "local"

    def __init__(self, rules, settings):
        # (rule, its pattern, whether it runs under a time budget: a user's lines); each
        # pattern compiled when first needed (a long text with no such line needs none)
        self.rules = [(rule, OnFirstUse(partial(line_pattern, rule.params["lines"], rule.params.get("joined", False))),
                       not is_shipped(rule)) for rule in rules]
        # each rule's hints, case-folded (None: the rule has none, and is always tried)
        self.hints = [_folded_hints(rule) for rule in rules]
        self.any_hinted = any(h is not None for h in self.hints)
        self.any_budgeted = any(budgeted for _, _, budgeted in self.rules)
        # Every rule's lines in one pattern: one pass over a long text finds where some
        # rule may match, and each rule tries only there (one pass instead of one per
        # rule, with the same matches). Compiled when first needed: compiling costs
        # more start-up time than it saves on a short text.
        self.bodies = [line_body(rule.params["lines"], rule.params.get("joined", False)) for rule in rules]
        self.any_rule = None  # False: the rules' lines do not compile together
        # the same pass on google-re2 (None: a user's lines, which keep the `regex`
        # pass and its time budget)
        self.re2_pass = None if self.any_budgeted else OnFirstUse(partial(re2_prefilter, rules))

    def _candidates(self, text: str) -> list[int] | None:
        """Where a line of some rule matches (None: find out rule by rule)."""
        import regex

        if len(self.rules) < 2 or len(text) < ONE_PASS_MIN_CHARACTERS:
            return None
        if self.re2_pass is not None:
            starts = self._re2_candidates(text)
            if starts is not None:
                return starts
        # Shipped lines only: the pattern starts with the line break before a line, a
        # literal that `regex` skips ahead to in C, where `^` is tried at every
        # position (a third of the time); it runs on the text behind one more line
        # break, so a match's start is the line's offset in the text. Sound for lines
        # that look at nothing before their start (no look-behind, no \A: the shipped
        # ones, tests/test_boilerplate_scan.py); a user's lines keep `^`.
        shipped = not self.any_budgeted
        if self.any_rule is None:
            try:
                # (a shipped line never matches on a blank line: such lines are skipped)
                self.any_rule = line_pattern([], bodies=self.bodies, skip_blank=shipped, after_break=shipped)
            except regex.error:
                self.any_rule = False
        if self.any_rule is False:
            return None
        if shipped:
            return sorted({m.start() for m in self.any_rule.finditer("\n" + text, overlapped=True)})
        try:
            return sorted({m.start() for m in self.any_rule.finditer(text, overlapped=True,
                                                                     **_limit(True, text))})
        except TimeoutError:
            return None

    def _re2_candidates(self, text: str) -> list[int] | None:
        """The line starts at which the re2 pass matches: a superset of those at which
        some rule matches, which each rule's own pattern then tries (None: no re2 pass,
        or a text that re2, reading UTF-8, cannot read: a lone surrogate)."""
        from .line_prefilter import matching_line_starts

        pattern = self.re2_pass.get()
        if pattern is None:
            self.re2_pass = None  # (OnFirstUse would make it again at every call)
            return None
        try:
            return matching_line_starts(pattern, text)
        except UnicodeEncodeError:
            return None

    def _possible(self, text: str) -> list:
        """The rules that may match in a short text: those with no hints, and those
        with a hint in it (skipping the others changes nothing, not even which rule
        claims a line). A long text holds most hints anyway: every rule stays."""
        if not self.any_hinted or len(text) >= ONE_PASS_MIN_CHARACTERS:
            return self.rules
        folded = fold_case(text)
        return [entry for entry, hints in zip(self.rules, self.hints)
                if hints is None or any(h in folded for h in hints)]

    def check(self, doc):
        text = doc.prose
        # match on lines that end in LF only (every CR made an LF: same length, same
        # offsets), so that `.` in a user's line pattern can never run past a CR into
        # the lines after it: in a CR-only file it would take the rest of the file
        lines = text.replace("\r", "\n") if "\r" in text else text
        starts = self._candidates(lines)
        if starts == []:
            return  # no rule's line anywhere: each rule's own pattern is not even compiled
        claimed: set[int] = set()  # one finding a line: the first rule (pack order) that matches it
        for rule, pattern, budgeted in self._possible(lines):
            limit = _limit(budgeted, lines)
            try:
                if starts is None:
                    matches = list(pattern.get().finditer(lines, **limit))
                else:
                    matches = matches_at(pattern.get(), lines, starts, limit)
            except TimeoutError:
                doc.problems.append(f"rule {rule.id} ({rule.source}): a line pattern took over "
                                    f"{limit['timeout']:.3g}s on this document and was stopped")
                continue
            for m in matches:
                if not m.group().strip() or m.start() in claimed:
                    continue
                claimed.add(m.start())
                end = m.end()
                while end > m.start() and text[end - 1] in "\r\n":
                    end -= 1  # a greedy `.*` may have taken a CRLF's CR
                yield Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    start=m.start(),
                    end=end,
                    message=format_message(rule.message, rule, line=m.group().strip()),
                    replacements=("",),
                    fix_safe=rule.fix_safe,
                    fix_span=line_deletion_span(text, m.start(), end),
                )


def matches_at(pattern, text: str, starts: list[int], limit: dict) -> list:
    """What pattern.finditer(text) gives when `pattern` can only match at `starts`
    (`limit`: the time budget of the whole, as keyword arguments; none when empty)."""
    left = time_left(limit["timeout"]) if limit else None
    found, resume = [], 0
    for start in starts:
        if start < resume:
            continue
        m = pattern.match(text, start, **({} if left is None else {"timeout": left()}))
        if m:
            found.append(m)
            resume = m.end() if m.end() > start else start + 1
    return found


def line_deletion_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span that removes a line [start, end) cleanly: with its line break and the
    blank lines after it; a last line takes the line breaks before it instead, so the
    text still ends as it did (with or without a final line break)."""
    after = end
    m = LINE_BREAK.match(text, after)
    if m:
        after = m.end()
        while True:  # following blank lines
            j = after
            while j < len(text) and text[j] in " \t":
                j += 1
            nxt = LINE_BREAK.match(text, j)
            if not nxt:
                break
            after = nxt.end()
        if after < len(text):
            return start, after
    # nothing but white space follows: take the breaks (and blank lines) before it,
    # and keep the file's final line break where it had one
    before = start
    while before > 0 and text[before - 1] in " \t\r\n":
        before -= 1
    return before, end


def compile(rules, settings):
    return BoilerplateCheck(rules, settings)
