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

from . import choice, format_message
from ..finding import Finding
from .words import prose_paragraphs

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


class QuotesCheck:
    def __init__(self, rules, settings):
        import re

        self.rules = [(rule, re.compile("[" + "".join(MARKS[rule.params["marks"]]) + "]")) for rule in rules]

    def check(self, doc):
        prose = doc.prose
        for rule, pattern in self.rules:
            straight, opening, closing = MARKS[rule.params["marks"]]
            if straight not in prose or (opening not in prose and closing not in prose):
                continue  # one style only: the common case, decided in C
            plain, curly = [], []
            code = _code_paragraphs(doc)
            for m in pattern.finditer(prose):
                i, c = m.start(), m.group()
                if code and _inside(code, i):
                    continue
                if c == straight:
                    if i > 0 and prose[i - 1].isdigit():
                        continue  # a prime: 5'10", 12"
                    plain.append(i)
                else:
                    curly.append(i)
            if not plain or not curly:
                continue
            if len(plain) != len(curly):
                style = "straight" if len(plain) > len(curly) else "typographic"
            else:
                style = "straight" if plain[0] < curly[0] else "typographic"
            counts = f"{len(plain)} straight, {len(curly)} typographic"
            wrong = curly if style == "straight" else plain
            for i in wrong:
                found = prose[i]
                if style == "straight":
                    fix, certain = straight, True
                else:
                    fix, certain = typographic_for(prose, i, rule.params["marks"])
                yield Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    start=i,
                    end=i + 1,
                    message=format_message(rule.message, rule, found=found, fix=fix, style=style, counts=counts),
                    replacements=(fix,),
                    fix_safe=rule.fix_safe and certain,
                )


def _code_paragraphs(doc) -> list[tuple[int, int]]:
    """Spans of the paragraphs that are not prose (usually none)."""
    kept = {(p.start, p.end) for p in prose_paragraphs(doc)}
    return [(p.start, p.end) for p in doc.paragraphs if (p.start, p.end) not in kept]


def _inside(spans: list[tuple[int, int]], i: int) -> bool:
    from bisect import bisect_right

    k = bisect_right(spans, (i, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= i < spans[k][1]


def compile(rules, settings):
    return QuotesCheck(rules, settings)
