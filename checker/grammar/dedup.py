"""Where LanguageTool and one of copylint's own rules report the same problem at
the same place, keep copylint's finding: its message names copylint's rule, its fix
may be safe, and a user's --select/--ignore and suppressions are written for it.

"The same problem" is recognised two ways: a table of LanguageTool rules that
overlap copylint rule families, and, for any rule, two findings on overlapping
spans whose fixes leave the same text. A LanguageTool match inside a span that
copylint deletes (a boilerplate line) is moot and dropped as well.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

from ..config import matches as selector_matches
from ..finding import Finding

# LanguageTool rule id (or id prefix ending in "_") -> copylint rule ids or prefixes
SAME_PROBLEM = {
    "COMMA_PARENTHESIS_WHITESPACE": ["spacing"],
    "WHITESPACE_RULE": ["spacing"],
    "SENTENCE_WHITESPACE": ["spacing"],
    "DOUBLE_PUNCTUATION": ["spacing", "punctuation"],
    "EN_A_VS_AN": ["articles", "grammar.article", "grammar.a-an", "article"],
    "ENGLISH_WORD_REPEAT_RULE": ["repetition"],
    "ENGLISH_WORD_REPEAT_BEGINNING_RULE": ["repetition"],
    "EN_UNPAIRED_BRACKETS": ["quotes", "punctuation", "brackets"],
    "EN_UNPAIRED_QUOTES": ["quotes", "punctuation"],
    "EN_QUOTES": ["quotes", "consistency.quotes"],
    "MORFOLOGIK_RULE_": ["script", "consistency", "garble"],
    "EN_US_GB_SPELLING": ["consistency"],
}


@lru_cache(maxsize=1024)
def _families(lt_rule: str) -> list[str]:
    for key, families in SAME_PROBLEM.items():
        if lt_rule == key or (key.endswith("_") and lt_rule.startswith(key)):
            return families
    return []


def _overlap(a: Finding, b: Finding) -> bool:
    if a.start == a.end or b.start == b.end:
        return a.start <= b.end and b.start <= a.end
    return a.start < b.end and b.start < a.end


def _same_result(text: str, a: Finding, b: Finding) -> bool:
    if a.fix is None or b.fix is None:
        return False
    lo = min(a.start, b.start, a.edit_span[0], b.edit_span[0])
    hi = max(a.end, b.end, a.edit_span[1], b.edit_span[1])

    def apply(f: Finding) -> str:
        start, end = f.edit_span
        return text[lo:start] + f.fix + text[end:hi]

    return apply(a) == apply(b)


def _deletes(copy: Finding, lt: Finding) -> bool:
    start, end = copy.edit_span
    return copy.fix == "" and start <= lt.start and lt.end <= end


def drop_duplicates(text: str, own: list[Finding], lt_findings: list[Finding]) -> list[Finding]:
    """The LanguageTool findings that no copylint finding already covers."""
    own = sorted(own, key=lambda f: min(f.start, f.edit_span[0]))
    starts = [min(f.start, f.edit_span[0]) for f in own]
    widest = max((max(f.end, f.edit_span[1]) - s for f, s in zip(own, starts)), default=0)
    kept = []
    for lt in lt_findings:
        families = _families(lt.rule.split(".", 1)[1])
        duplicate = False
        lo, hi = bisect_left(starts, lt.start - widest - 1), bisect_right(starts, lt.end + 1)
        for copy in own[lo:hi]:
            if _deletes(copy, lt):
                duplicate = True
            elif _overlap(copy, lt) and (
                (families and selector_matches(copy.rule, families)) or _same_result(text, copy, lt)
            ):
                duplicate = True
            if duplicate:
                break
        if not duplicate:
            kept.append(lt)
    return kept
