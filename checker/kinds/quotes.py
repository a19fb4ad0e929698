"""`quotes`: straight and typographic quotation marks (or apostrophes) mixed in one
document. Either style is right; both in one text is the mark of copy pasted together
from several sources or passed through different editors. The document's majority
style wins (ties: the style of the first mark) and every mark in the other style is
flagged with the fix toward it. Marks right after a digit (5'10", 12") are primes for
feet and inches, not quotes, and are not counted, and neither are marks in paragraphs that look like code, configuration
or tables, where straight quotes are syntax.

`marks: double` covers " “ ”; `marks: single` covers ' ‘ ’ (apostrophes included).
A straight mark becomes an opening or a closing one by what stands around it; where
that is a guess (a straight ' that opens a word: 'tis or a quotation), the fix is
proposed but not safe.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from . import choice, format_message
from ..document import char_offsets
from ..finding import Finding

MARKS = {
    "double": ('"', "“", "”"),
    "single": ("'", "‘", "’"),
}
# Characters after which a quotation mark opens rather than closes.
OPENING_CONTEXT = set(" \t\r\n\u00a0([{<—–-/\u2018\u201c")


# What may follow an opening mark: the start of a word, a number or a currency amount.
STARTS_WORD = set("‘'…$£€¥#([/")
# What may follow a closing mark: white space, the end, punctuation, a dash.
ENDS_QUOTE = set(".,;:!?…)]}’'—–-")
# A masked span (markup, an address) reads as a boundary on either side.
BOUNDARY = "\ufffc"
SENTENCE_END = set(".!?…")


def straight_role(text: str, i: int) -> str:
    """What the straight " at `i` does, read from what stands around it: "open" after
    white space, a dash, a bracket or the start of a line and before a word; "close"
    after a word or punctuation and before white space, punctuation or the end; else
    "either" (the pairing decides)."""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    after_word = after.isalnum() or after in STARTS_WORD
    if before == "=":
        return "either"  # an attribute's value, x="1": syntax, not prose
    if (before in OPENING_CONTEXT or before in BOUNDARY or before == "\ufeff") and after_word:
        return "open"
    if not before.isspace() and before not in OPENING_CONTEXT and (
            after.isspace() or after in ENDS_QUOTE or after in BOUNDARY):
        return "close"
    return "either"


def starts_sentence(text: str, i: int, start: int = 0) -> bool:
    """True when the mark at `i` begins a new sentence: white space, and before it a
    sentence's final punctuation (". \"Next", as when a quotation's paragraphs are
    joined onto one line), and a capital or a digit after it (or after the single
    quotation marks that open a quotation inside it)."""
    j = i
    while j > start and text[j - 1].isspace():
        j -= 1
    k = i + 1
    while k < len(text) and text[k] in "‘'":  # a quotation inside it: "‘Mr. Holder,’ said he
        k += 1
    after = text[k] if k < len(text) else ""
    return j < i and j > start and text[j - 1] in SENTENCE_END and (after.isupper() or after.isdigit())


def validate(rule) -> None:
    choice(rule, "marks", MARKS)


def typographic_for(text: str, i: int, marks: str) -> tuple[str, bool]:
    """The typographic mark for the straight mark at `i`, and whether that is certain."""
    straight, opening, closing = MARKS[marks]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before in OPENING_CONTEXT or before == "\ufeff":
        if marks == "single" and (after.isalnum()):
            return opening, False  # 'tis (’) or a quotation ('word ‘): a guess
        return opening, not after.isspace()
    if marks == "single":
        return closing, True  # after a letter or punctuation: apostrophe or closing mark
    return closing, True


# a straight mark's fix and whether it is certain, as one character a mark (" " for the
# others); TAGGED_FIX reads it back
_TAGGED = {("‘", True): "s", ("‘", False): "S", ("’", True): "e", ("’", False): "E",
           ("“", True): "d", ("“", False): "D", ("”", True): "c", ("”", False): "C"}
TAGGED_FIX = {tag: (fix, certain) for (fix, certain), tag in _TAGGED.items()}


class QuotesCheck:
    reads_paragraphs = True  # conclude reads the paragraph table (checker/paragraph_table.py)

    def __init__(self, rules, settings):
        self.rules = [(rule, "".join(MARKS[rule.params["marks"]])) for rule in rules]

    def check(self, doc):
        return self.conclude([self.gather(doc, mixed_only=True)], doc)

    def gather(self, doc, low: int = 0, high: int | None = None, offset: int = 0,
               mixed_only: bool = False) -> list[tuple]:
        """Per rule: (offsets, marks, fixes) of its marks from `low` to `high` in `doc`,
        moved by `offset`, primes left out; `fixes` holds the typographic mark for each
        straight one and whether that is certain, a character a mark (`_TAGGED`). What `conclude`
        weighs, a window at a time for a long document (checker/windows.py).
        `mixed_only` (the whole document at once): nothing for a rule whose marks are
        all of one style, where `conclude` can find nothing."""
        from ..windows import offsets

        prose = doc.prose
        high = len(prose) if high is None else high
        gathered = []
        for rule, characters in self.rules:
            straight, opening, closing = MARKS[rule.params["marks"]]
            at, marks, fixes = offsets(offset + len(prose)), [], []
            styles = (straight in prose, opening in prose or closing in prose)  # decided in C
            if all(styles) if mixed_only else any(styles):
                for i in char_offsets(prose, characters, low, high):
                    c = prose[i]
                    if c == straight:
                        if i > 0 and prose[i - 1].isdigit():
                            continue  # a prime: 5'10", 12"
                        fix, certain = typographic_for(prose, i, rule.params["marks"])
                        fixes.append(_TAGGED[fix, certain])
                    else:
                        fixes.append(" ")
                    at.append(i + offset)
                    marks.append(c)
            gathered.append((at, "".join(marks), "".join(fixes)))
        return gathered

    def conclude(self, gathered: list[list[tuple]], doc):
        """Every mark in the minority style, outside paragraphs that look like code,
        toward the document's majority style (ties: the style of the first mark)."""
        table = None
        for index, (rule, _) in enumerate(self.rules):
            straight = MARKS[rule.params["marks"]][0]
            parts = [part[index] for part in gathered]
            if not any(straight in marks for _, marks, _ in parts) or all(
                    set(marks) <= {straight} for _, marks, _ in parts):
                continue  # one style only: the common case
            from ..paragraph_table import whole  # both styles: rarely

            table = table or whole(doc)
            plain, curly = _counts_in_prose(parts, table, straight)
            if not plain or not curly:
                continue
            if plain != curly:
                style = "straight" if plain > curly else "typographic"
            else:
                first_plain, first_curly = _firsts_in_prose(parts, table, straight)
                style = "straight" if first_plain < first_curly else "typographic"
            counts = f"{plain} straight, {curly} typographic"
            for found, at, tag in _minority(parts, table, straight, style == "typographic"):
                if style == "straight":
                    fix, certain = straight, True
                else:
                    fix, certain = TAGGED_FIX[tag]
                yield Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    start=at,
                    end=at + 1,
                    message=format_message(rule.message, rule, found=found, fix=fix, style=style, counts=counts),
                    replacements=(fix,),
                    fix_safe=rule.fix_safe and certain,
                )


def _in_prose(parts, table, with_fixes: bool = False):
    """(marks, a, b, offsets[, fixes]) for each run a..b of a window's marks that lie in
    one paragraph of prose (marks in code, configuration or tables do not count)."""
    for at, marks, fixes in parts:
        for k, e, f in table.runs(at):
            if k < 0 or table.is_prose(k):
                yield (marks, e, f, at, fixes) if with_fixes else (marks, e, f, at)


def _counts_in_prose(parts, table, straight: str) -> tuple[int, int]:
    """(straight, typographic) marks outside the paragraphs that are not prose: every
    mark counted in C, those of the few paragraphs of code then taken off (not a
    Python step per paragraph that holds marks, as `_in_prose` takes)."""
    from ..paragraph_table import PROSE

    plain = sum(marks.count(straight) for _, marks, _ in parts)
    curly = sum(len(marks) for _, marks, _ in parts) - plain
    code = [k for k, flags in enumerate(table.flags) if not flags & PROSE]
    for at, marks, _ in parts:
        if not at:
            continue
        first, last = bisect_right(table.ends, at[0]), bisect_right(table.starts, at[-1])
        for k in code[bisect_left(code, first):bisect_left(code, last)]:
            a, b = bisect_left(at, table.starts[k]), bisect_left(at, table.ends[k])
            n = marks.count(straight, a, b)
            plain, curly = plain - n, curly - (b - a - n)
    return plain, curly


def _firsts_in_prose(parts, table, straight: str) -> tuple[int, int]:
    """The offsets of the first straight and the first typographic mark in prose."""
    first_plain = first_curly = None
    for marks, a, b, at in _in_prose(parts, table):
        n = marks.count(straight, a, b)
        if n and first_plain is None:
            first_plain = at[marks.index(straight, a, b)]
        if b - a - n and first_curly is None:
            first_curly = at[next(k for k in range(a, b) if marks[k] != straight)]
    return first_plain, first_curly


def _minority(parts, table, straight: str, straight_ones: bool):
    """(mark, offset, fix tag) of the marks in prose of one style: the straight ones
    (`straight_ones`; found with `str.find`, most documents have few) or the others."""
    for at, marks, fixes in parts:
        if straight_ones:
            places = _places(marks, straight)
        else:
            places = (m.start() for m in re.finditer("[^" + straight + "]", marks))
        for k in places:
            paragraph = table.at(at[k])
            if paragraph < 0 or table.is_prose(paragraph):
                yield marks[k], at[k], fixes[k]


def _places(marks: str, mark: str):
    k = marks.find(mark)
    while k >= 0:
        yield k
        k = marks.find(mark, k + 1)


def compile(rules, settings):
    return QuotesCheck(rules, settings)
