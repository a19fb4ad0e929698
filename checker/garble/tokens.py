"""Where phrases can be in a document's prose, found with regular expressions over
the whole text (garble checks must stay cheap beside the other rules): runs of two
or three lower-case words joined by spaces only (at most one line break), so that
punctuation, masked text and blank lines end a phrase. A capitalised first word is
kept only at the start of a sentence, where its capital says nothing."""
from __future__ import annotations

import re
from itertools import chain
from typing import NamedTuple

from .pos import FUNCTION_WORDS

_W = r"[A-Za-z]+(?:['’-][A-Za-z]+)*"
_GAP = r"(?:[ \t]+|[ \t]*\r?\n[ \t]*)"
_BEFORE = r"(?<![A-Za-z'’-])"
_AFTER = r"(?![A-Za-z'’-])"


def alternation(words) -> str:
    """The words as one expression with shared prefixes factored out (a trie): `re`
    then tests a few characters at each word instead of every word in turn, which
    halves the time of the scans below."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


# overlapping pairs: the second word sits in a look-ahead (triples are chained pairs)
# no phrase starts or ends with a function word, and words under three letters are never
# content words worth a finding: skipping them in the expression saves most of the time
_NOT_FUNCTION = r"(?!(?:" + alternation(w for w in FUNCTION_WORDS if len(w) >= 3) + r")(?![a-z]))"
# Pairs are scanned for with any white space between the words, which `re` matches a
# sixth faster than the two-way _GAP; a caller keeps a pair only when `spaced_pair`
# says its gap is a _GAP (nearly always: blank lines rarely fall between two words).
# A match starts at the character before the pair (the pair itself is a look-ahead):
# an expression that starts with a character class lets `re` skip in C to the next
# place a word can start, a fifth faster than trying every position with _BEFORE; a
# pair at the very start of the text is found by PAIRS too (see pair_at_start)
# (possessive quantifiers, `+` after each: a letter never gives way to the white space or
# the look-ahead that follows it, so giving letters back could never make a match, and
# `re` skips trying: a tenth of the scan's instructions). The first word has three
# letters or more, as the detector's tests ask of every word (MIN_WORD_LENGTH): "to",
# "of", "my" before a noun were two matches in five, each looked at and dropped.
_PAIR = rf"{_NOT_FUNCTION}((?:[A-Z][a-z]{{2,}}+|[a-z]{{3,}}+))[ \t\r\n]++{_NOT_FUNCTION}([a-z]{{3,}}+){_AFTER}"
PAIRS = re.compile(rf"[^A-Za-z'’-](?={_PAIR})")
# all that PAIRS reads of a pair at the start of a text: a run of letters, white space,
# and a word with its inner marks (then one character more, for the look-aheads)
LEADING_PAIR = re.compile(r"[A-Za-z]*[ \t\r\n]*[A-Za-z'’-]*")
_GAP_ONLY = re.compile(_GAP)
WORD = re.compile(_W)
SENTENCE_STOP = frozenset(".!?\n\r\"“‘(")


class Token(NamedTuple):
    text: str
    lower: str
    start: int
    end: int


def pair_matches(prose: str):
    """Every pair of words PAIRS finds, in order (groups 1 and 2 are the words)."""
    return chain(filter(None, (pair_at_start(prose),)), PAIRS.finditer(prose))


def pair_at_start(prose: str) -> "_Shifted | None":
    """The pair at the very start of `prose`, which PAIRS (a pair after a character that
    is not a letter) cannot see: PAIRS run on what it would read there (LEADING_PAIR and
    one character more) behind a space, its offsets shifted back. A second pattern
    with the same word tests would cost as long to compile as PAIRS itself."""
    if not prose[:1].isascii() or not prose[:1].isalpha():
        return None
    end = LEADING_PAIR.match(prose).end() + 1
    m = PAIRS.match(" " + prose[:end])
    return _Shifted(m) if m else None


class _Shifted:
    """A PAIRS match on " " + the start of a text, read as a match on the text itself:
    groups 1 and 2 shifted back by one; the whole match is empty at offset 0."""

    __slots__ = ("_m",)

    def __init__(self, m: re.Match):
        self._m = m

    def groups(self) -> tuple:
        return self._m.groups()

    def group(self, index: int = 0) -> str:
        return self._m.group(index) if index else ""

    def start(self, index: int = 0) -> int:
        return self._m.start(index) - 1 if index else 0

    def end(self, index: int = 0) -> int:
        return self._m.end(index) - 1 if index else 0

    def span(self, index: int = 0) -> tuple[int, int]:
        return self.start(index), self.end(index)


def spaced_pair(prose: str, first_end: int, second_start: int) -> bool:
    """Whether a PAIRS match's words are joined by a _GAP (spaces, at most one line break)."""
    if second_start == first_end + 1:
        return prose[first_end] != "\r"
    return _GAP_ONLY.fullmatch(prose, first_end, second_start) is not None


def sentence_initial(prose: str, start: int) -> bool:
    j = start - 1
    while j >= 0 and prose[j] in " \t":
        j -= 1
    return j < 0 or prose[j] in SENTENCE_STOP
