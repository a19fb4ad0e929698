"""Small helpers several word-level kinds share: where a sentence starts, how to carry
a word's capitalisation over to its replacement, and reading shipped data files."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
# What may stand between a sentence's end (or a line's start) and its first word.
_LEAD_IN = set(" \t\u00a0\"'“‘«([{*—–-_#>")
_SENTENCE_END = set(".!?…:")
# Words after which a period ends an abbreviation, not a sentence ("Mr. Putin").
_TITLES = frozenset("mr mrs ms mx dr st prof gen col lt sgt capt rev hon sr jr messrs mme mlle gov sen rep pres".split())


def is_sentence_initial(text: str, start: int) -> bool:
    """True when the word at `start` opens a sentence, a line or the text, so that its
    capital letter says nothing about whether it is a name."""
    i = start - 1
    while i >= 0 and text[i] in _LEAD_IN:
        i -= 1
    if i < 0 or text[i] in "\r\n":
        return True
    if text[i] == ".":
        j = i
        while j > 0 and text[j - 1].isalpha():
            j -= 1
        word = text[j:i]
        return not (len(word) == 1 and word.isupper() or word.lower() in _TITLES)
    return text[i] in _SENTENCE_END


def match_case(replacement: str, original: str) -> str:
    """`replacement` written with the capitalisation of `original` (lower, Title, UPPER)."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


@lru_cache(maxsize=None)
def data_lines(name: str) -> tuple[tuple[str, ...], ...]:
    """Tab-separated rows of a data file in checker/data, comments and blanks skipped."""
    path = DATA / name
    if name.endswith(".gz"):
        import gzip

        with gzip.open(path, "rt", encoding="utf-8") as handle:
            text = handle.read()
    else:
        text = path.read_text(encoding="utf-8")
    return tuple(
        tuple(line.split("\t")) for line in text.splitlines() if line and not line.startswith("#")
    )
