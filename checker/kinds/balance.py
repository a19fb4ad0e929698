"""`balance`: quotation marks or brackets opened and not closed (or closed and never
opened) within a paragraph.

Quotes (`pairs: quotes`): “ opens and ” closes; a straight " opens or closes by what
stands around it (`quotes.straight_role`: after a space or a dash and before a word it
opens, after a word or punctuation it closes), and where context cannot tell
(`x="1"`, `"at ")`) it closes what is open, else opens. A quotation that runs over
several paragraphs, by the old and still standard convention, opens each paragraph
and closes only at the end: a paragraph left open is fine when the next one begins
with an opening mark, and an opening mark that begins a sentence while a quotation is
open starts that quotation's next paragraph (scraped copy joins paragraphs onto one
line: `... he said. "Next paragraph ...`). An opening mark in the middle of a sentence
while one is open leaves the first unclosed, and that is flagged. ‘ opens a single
quotation; a ’ closes it only when one is open and it is not inside a word, otherwise
it is an apostrophe (“don’t”, “students’”, “’tis”). A ‘ before a digit or a known
elision (‘90s, ‘tis) is a mistyped apostrophe and left to other rules.

Brackets (`pairs: brackets`): ( [ { against ) ] }. A closing bracket that ends a list
marker ("1)", "a)", "iv)") or a smiley (":)") is not a bracket. Square brackets are
not checked in Markdown and reStructuredText, where they are link syntax. Paragraphs
with no letters (separators, leftovers of markup) and paragraphs that look like code,
configuration, tables or drawings are not prose and are skipped.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import compress, repeat
from operator import lt

from . import choice, format_message
from ..document import char_offsets
from ..finding import Finding
from .quotes import starts_sentence, straight_role

PAIRS = ("quotes", "brackets")
QUOTE_CHARACTERS = "\"“”‘’"
DOUBLE_MARKS = frozenset('"“”')
BRACKET_CHARACTERS = "()[]{}"
OPENERS = {")": "(", "]": "[", "}": "{"}
CLOSER_OF = {v: k for k, v in OPENERS.items()}
ELISION = re.compile(r"(?:\d|tis\b|twas\b|em\b|cause\b|til\b|n\b)", re.IGNORECASE)
LIST_MARKER = re.compile(r"(?:^|(?<=[\s(]))(?:\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,6})\)$")
SMILEY = re.compile(r"[:;=8][-^o']?[)\]}]$")


def validate(rule) -> None:
    choice(rule, "pairs", PAIRS)


class BalanceCheck:
    reads_paragraphs = True  # conclude reads the paragraph table (checker/paragraph_table.py)

    def __init__(self, rules, settings):
        self.rules = rules

    def check(self, doc):
        return self.conclude([self.gather(doc, whole=True)], doc)

    def gather(self, doc, low: int = 0, high: int | None = None, offset: int = 0,
               whole: bool = False) -> list[tuple]:
        """Per rule: (offsets, marks, flags) of its quotation marks or brackets from `low`
        to `high` in `doc`, moved by `offset`, each with what the text around it says
        (`_quote_flags`, `_bracket_flags`). What `conclude` pairs, paragraph by
        paragraph, a window at a time for a long document (checker/windows.py).
        `whole` (the document checked at once, its prose at hand when concluding): the
        quotation marks' flags are None, worked out in `conclude` only for the
        paragraphs it pairs mark by mark (most pass its count of typographic marks)."""
        from ..windows import offsets

        prose = doc.prose
        high = len(prose) if high is None else high
        square = doc.format not in ("markdown", "rst")
        gathered = []
        for rule in self.rules:
            at, marks, flags = offsets(offset + len(prose)), [], bytearray()
            quotes = rule.params["pairs"] == "quotes"
            found = char_offsets(prose, QUOTE_CHARACTERS if quotes else BRACKET_CHARACTERS, low, high)
            if quotes and whole:
                at.extend(found)
                gathered.append((at, "".join(map(prose.__getitem__, at)), None))
                continue
            for i in found:
                c = prose[i]
                if not quotes and not square and c in "[]":
                    continue
                at.append(i + offset)
                marks.append(c)
                flags.append(_quote_flags(prose, i, c, offset) if quotes else _bracket_flags(prose, i, c))
            gathered.append((at, "".join(marks), flags))
        return gathered

    def conclude(self, gathered: list[list[tuple]], doc):
        """Each rule's marks paired over each prose paragraph, but on its code lines."""
        table = None
        for index, rule in enumerate(self.rules):
            parts = [part[index] for part in gathered]
            if not any(len(at) for at, _, _ in parts):
                continue
            from ..paragraph_table import NEXT_OPENS, whole  # a text with marks only

            table = table or whole(doc)
            pair = self._quotes if rule.params["pairs"] == "quotes" else self._brackets
            quotes = rule.params["pairs"] == "quotes"
            whole_marks = quotes and len(parts) == 1 and parts[0][2] is None  # gathered lazily, whole
            for k, runs in _to_pair(parts[0], table) if whole_marks else _paragraph_runs(parts, table):
                yield from pair(rule, runs, bool(table.flags[k] & NEXT_OPENS), table, doc)

    def _finding(self, rule, at: int, found: str, problem: str) -> Finding:
        return Finding(
            rule=rule.id, severity=rule.severity, start=at, end=at + 1,
            message=format_message(rule.message, rule, found=found, problem=problem),
            fix_safe=False,
        )

    def _quotes(self, rule, runs, next_opens: bool, table, doc):
        """One paragraph's quotation marks: runs (offsets, marks, flags, a, b) of them."""
        opened = sum(marks.count("“", a, b) for _, marks, _, a, b in runs)
        if (not any(marks.find('"', a, b) >= 0 or marks.find("‘", a, b) >= 0 for _, marks, _, a, b in runs)
                and opened == sum(marks.count("”", a, b) for _, marks, _, a, b in runs)
                and (not opened or _first(runs, "“") < _first(runs, "”"))):
            return  # typographic double quotes only, as many closed as opened
        double: list[tuple[int, str]] = []   # open double marks, straight or typographic
        single: list[tuple[int, str]] = []
        for i, c, flag in _events(runs, table, doc):
            if c in DOUBLE_MARKS:
                role = flag & ROLE
                if role == EITHER:  # context cannot tell: close what is open, else open
                    role = CLOSE if double else OPEN
                if role == OPEN:
                    if double and flag & STARTS_SENTENCE:
                        double.pop()  # a quotation's next paragraph, joined onto this line
                    double.append((i, c))
                elif double:
                    double.pop()
                elif not (flag & INCH):  # 12" is an inch sign
                    yield self._finding(rule, i, c, "closes a quotation that was never opened")
            elif c == "‘":
                if not flag & ELIDED:
                    single.append((i, c))
            elif single and not _inside_word(flag, i, doc):
                single.pop()
        if (double or single) and not next_opens:  # else a quotation running on into the next paragraph
            for i, c in sorted(double + single):
                yield self._finding(rule, i, c, "opens a quotation that is not closed in its paragraph")

    def _brackets(self, rule, runs, next_opens: bool, table, doc):
        """One paragraph's brackets: runs (offsets, marks, flags, a, b) of them."""
        stack: list[tuple[int, str]] = []
        for i, c, flag in _events(runs, table):
            if c in CLOSER_OF:  # an opening bracket
                stack.append((i, c))
                continue
            if stack and stack[-1][1] == OPENERS[c]:
                stack.pop()
                continue
            if not stack and flag & MARKER:
                continue
            problem = "closes a bracket that was never opened"
            if stack:
                problem = f"does not match the open “{stack[-1][1]}”"
            yield self._finding(rule, i, c, problem)
        for i, c in stack:
            yield self._finding(rule, i, c, "opens a bracket that is not closed in its paragraph")


def _paragraph_runs(parts, table):
    """(paragraph, runs) for each prose paragraph that holds marks, in order: its runs
    are (offsets, marks, flags, a, b), the marks a..b of one window's gathering (a
    paragraph longer than a window has several)."""
    current, runs = -1, []
    for at, marks, flags in parts:
        for k, e, f in table.runs(at):
            if k != current:
                if runs:
                    yield current, runs
                current, runs = k, []
            if k >= 0 and table.is_prose(k):
                runs.append((at, marks, flags, e, f))
    if runs:
        yield current, runs


# a paragraph's quotation marks that `_quotes` passes at once: typographic double
# marks that alternate, opening first (as many closed as opened), apostrophes anywhere
_PAIRED = re.compile("(?:’*“’*”)*’*")


def _to_pair(part, table):
    """(paragraph, runs) as `_paragraph_runs` gives them for the one gathering of a
    document checked whole, less the prose paragraphs whose marks are `_PAIRED`, where
    `_quotes` finds nothing: each paragraph's marks found by bisection in C, and a
    Python step only for the few paragraphs with a straight mark, a single quotation or
    marks out of turn."""
    at, marks, _ = part
    firsts = list(map(bisect_left, repeat(at), table.starts))
    lasts = list(map(bisect_left, repeat(at), table.ends))
    for k in compress(range(len(firsts)), map(lt, firsts, lasts)):
        a, b = firsts[k], lasts[k]
        if table.is_prose(k) and not _PAIRED.fullmatch(marks, a, b):
            yield k, [(*part, a, b)]


def _events(runs, table, doc=None):
    """(offset, mark, flags) of a paragraph's marks, but those on its code lines; flags
    gathered as None (quotation marks of a document checked whole) are worked out here
    from `doc`'s prose."""
    code = bool(table.code_lines)
    for at, marks, flags, a, b in runs:
        for k in range(a, b):
            if not (code and table.on_code_line(at[k])):
                flag = flags[k] if flags is not None else _quote_flags(doc.prose, at[k], marks[k], 0)
                yield at[k], marks[k], flag


# What a mark's surroundings say, a byte a mark: a double mark's role, and whether it
# starts a sentence or is an inch sign; a ‘ before an elision; a ’ between letters (an
# apostrophe; AT_START: the first character of the document, whose "before" is its last).
OPEN, CLOSE, EITHER, ROLE = 0, 1, 2, 3
STARTS_SENTENCE, INCH, ELIDED, BETWEEN_LETTERS, LETTER_AFTER, AT_START = 4, 8, 16, 32, 64, 128
# a closing bracket that ends a list marker or a smiley
MARKER = 1


def _quote_flags(prose: str, i: int, c: str, offset: int) -> int:
    if c in DOUBLE_MARKS:
        role = OPEN if c == "“" else CLOSE if c == "”" else {"open": OPEN, "close": CLOSE}.get(
            straight_role(prose, i), EITHER)
        flag = role
        if role != CLOSE and starts_sentence(prose, i, 0):
            flag |= STARTS_SENTENCE
        if c == '"' and i > 0 and prose[i - 1].isdigit():
            flag |= INCH
        return flag
    if c == "‘":
        return ELIDED if ELISION.match(prose, i + 1) else 0
    after = i + 1 < len(prose) and prose[i + 1].isalpha()
    if i == 0 and offset == 0:
        return AT_START | (LETTER_AFTER if after else 0)
    return BETWEEN_LETTERS if after and prose[i - 1].isalpha() else 0


def _inside_word(flag: int, i: int, doc) -> bool:
    """Whether the ’ is between two letters (an apostrophe, not a closing mark)."""
    if not flag & AT_START:
        return bool(flag & BETWEEN_LETTERS)
    end = len(doc.text)  # the document's first character: Python reads prose[-1] as before it
    return bool(flag & LETTER_AFTER) and doc.prose_between(end - 1, end).isalpha()


def _first(runs, mark: str) -> int:
    """The offset of a paragraph's first `mark` (there is one)."""
    for at, marks, _, a, b in runs:
        k = marks.find(mark, a, b)
        if k >= 0:
            return at[k]
    raise ValueError(mark)


def _bracket_flags(prose: str, i: int, c: str) -> int:
    if c in CLOSER_OF:
        return 0
    line_start = prose.rfind("\n", max(0, i - 8), i) + 1  # the line's start, or more than 8 back
    before = prose[max(line_start, i - 8, 0):i + 1]
    return MARKER if LIST_MARKER.search(before) or SMILEY.search(before) else 0


def compile(rules, settings):
    return BalanceCheck(rules, settings)
