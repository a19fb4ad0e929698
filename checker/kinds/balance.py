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

from . import choice, format_message
from ..finding import Finding
from .quotes import starts_sentence, straight_role
from .words import code_line_spans, prose_paragraphs

PAIRS = ("quotes", "brackets")
QUOTE_MARKS = re.compile("[\"“”‘’]")
DOUBLE_MARKS = frozenset('"“”')
BRACKETS = re.compile(r"[()\[\]{}]")
OPENERS = {")": "(", "]": "[", "}": "{"}
CLOSER_OF = {v: k for k, v in OPENERS.items()}
ELISION = re.compile(r"(?:\d|tis\b|twas\b|em\b|cause\b|til\b|n\b)", re.IGNORECASE)
LIST_MARKER = re.compile(r"(?:^|(?<=[\s(]))(?:\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,6})\)$")
SMILEY = re.compile(r"[:;=8][-^o']?[)\]}]$")


def validate(rule) -> None:
    choice(rule, "pairs", PAIRS)


class BalanceCheck:
    def __init__(self, rules, settings):
        self.rules = rules

    def check(self, doc):
        prose = doc.prose
        paragraphs = prose_paragraphs(doc)
        for rule in self.rules:
            if rule.params["pairs"] == "quotes":
                yield from self._quotes(rule, prose, paragraphs)
            else:
                square = doc.format not in ("markdown", "rst")
                yield from self._brackets(rule, prose, paragraphs, square)

    def _finding(self, rule, at: int, found: str, problem: str) -> Finding:
        return Finding(
            rule=rule.id, severity=rule.severity, start=at, end=at + 1,
            message=format_message(rule.message, rule, found=found, problem=problem),
            fix_safe=False,
        )

    def _quotes(self, rule, prose, paragraphs):
        for index, para in enumerate(paragraphs):
            start, end = para.start, para.end  # read in place: a one-line file is one paragraph
            opened = prose.count("“", start, end)
            if (prose.find('"', start, end) < 0 and prose.find("‘", start, end) < 0
                    and opened == prose.count("”", start, end)
                    and (not opened or prose.find("“", start, end) < prose.find("”", start, end))):
                continue  # typographic double quotes only, as many closed as opened
            double: list[int] = []   # offsets of open double marks, straight or typographic
            single: list[int] = []
            for i, c in _marks_outside_code(QUOTE_MARKS, prose, para):
                if c in DOUBLE_MARKS:
                    role = "open" if c == "“" else "close" if c == "”" else straight_role(prose, i)
                    if role == "either":  # context cannot tell: close what is open, else open
                        role = "close" if double else "open"
                    if role == "open":
                        if double and starts_sentence(prose, i, para.start):
                            double.pop()  # a quotation's next paragraph, joined onto this line
                        double.append(i)
                    elif double:
                        double.pop()
                    elif not (c == '"' and i > 0 and prose[i - 1].isdigit()):  # 12" is an inch sign
                        yield self._finding(rule, i, prose[i], "closes a quotation that was never opened")
                elif c == "‘":
                    if not ELISION.match(prose, i + 1):
                        single.append(i)
                elif single and not (i + 1 < para.end and prose[i + 1].isalpha() and prose[i - 1].isalpha()):
                    single.pop()
            if double or single:
                nxt = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
                head = prose[nxt.start:nxt.start + 3].lstrip() if nxt else ""
                if head[:1] in ("“", '"', "‘"):
                    continue  # a quotation running on into the next paragraph
                for i in sorted(double + single):
                    yield self._finding(rule, i, prose[i], "opens a quotation that is not closed in its paragraph")

    def _brackets(self, rule, prose, paragraphs, square: bool):
        for para in paragraphs:
            stack: list[int] = []
            for i, c in _marks_outside_code(BRACKETS, prose, para):
                if not square and c in "[]":
                    continue
                if c in CLOSER_OF:  # an opening bracket
                    stack.append(i)
                    continue
                if stack and prose[stack[-1]] == OPENERS[c]:
                    stack.pop()
                    continue
                line_start = prose.rfind("\n", para.start, i) + 1 or para.start
                before = prose[max(line_start, i - 8):i + 1]
                if not stack and (LIST_MARKER.search(before) or SMILEY.search(before)):
                    continue
                problem = "closes a bracket that was never opened"
                if stack:
                    problem = f"does not match the open “{prose[stack[-1]]}”"
                yield self._finding(rule, i, c, problem)
            for i in stack:
                yield self._finding(rule, i, prose[i], "opens a bracket that is not closed in its paragraph")


def _marks_outside_code(pattern, prose: str, para):
    """(offset, mark) of each match of `pattern` in a paragraph, but for those on code
    lines (a quote or bracket in code is not prose punctuation)."""
    code = code_line_spans(prose, para.start, para.end)
    for m in pattern.finditer(prose, para.start, para.end):
        i = m.start()
        if code and any(s <= i < e for s, e in code):
            continue
        yield i, m.group()


def compile(rules, settings):
    return BalanceCheck(rules, settings)
