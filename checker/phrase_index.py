"""A big phrase list packed for copylint's pack cache, read only as far as a document needs.

Loading 100,000 phrases as a dict (and the n-gram index beside it) cost a run about
0.1 s before a word was checked. Packed, the list is a few objects that `marshal` loads
as block copies: the phrases of plain words, sorted, as one text; the first two words
of the longer ones as another; each phrase's payload (its replacements, or the rule it
belongs to) as `marshal` bytes at offsets, decoded only for the phrases a document
holds. Phrases with other characters (hyphens, apostrophes: few in a real list) are
kept as a plain mapping. Lookups take a document's words and pairs of words and give
the phrases that may occur there (a superset: an automaton of just those then finds the
real matches, see checker/kinds/phrase.py).
"""
from __future__ import annotations

import marshal
import re
from array import array
from bisect import bisect_left
from functools import cached_property
from itertools import accumulate, repeat

FORM = "copylint-phrase-index/1"
WORDS = re.compile(r"\w+")


def is_packed(value) -> bool:
    """True for what pack() returns (a rule's `phrases`, as the pack cache keeps a big one)."""
    return type(value) is tuple and len(value) == 8 and value[0] == FORM


def plain(key: str) -> bool:
    """Only word characters (as `\\w` means them) and spaces; str.isalnum() is that
    test less "_", and much faster than a pattern."""
    return key.replace(" ", "").replace("_", "").isalnum()


def pack(entries: dict) -> tuple:
    """`entries` (normalised phrase -> payload, anything `marshal` holds) in packed form."""
    keys = list(entries)
    if plain("".join(keys)):  # the usual case, tested in C at once
        words, others = sorted(keys), {}
    else:
        words = sorted(filter(plain, keys))
        others = {k: v for k, v in entries.items() if not plain(k)}
    firsts = {k[:second] for k in words if (second := k.find(" ", k.find(" ") + 1)) > 0}
    payloads = [marshal.dumps(entries[k]) for k in words]
    offsets = array("Q", accumulate(map(len, payloads), initial=0)).tobytes()
    spaces = set(map(str.count, words, repeat(" ")))
    spaces.update(" ".join(WORDS.findall(k)).count(" ") for k in others if WORDS.search(k))
    return (FORM, "\n".join(words), "\n".join(sorted(firsts)), b"".join(payloads), offsets, others,
            0 in spaces, any(spaces - {0}))


class PhraseIndex:
    """A packed phrase list: membership, payloads and lookups by a document's words.
    `singles`: it holds phrases of one word; `pairs`: of two words or more."""

    def __init__(self, packed: tuple):
        (_, self._text, self._firsts_text, self._payloads, offsets, self._others,
         self.singles, self.pairs) = packed
        self._offsets = array("Q")
        self._offsets.frombytes(offsets)

    def __len__(self) -> int:
        return len(self._offsets) - 1 + len(self._others)

    @cached_property
    def _keys(self) -> list[str]:
        return self._text.split("\n") if self._text else []

    @cached_property
    def _key_set(self) -> frozenset:
        return frozenset(self._keys)

    @cached_property
    def _first_set(self) -> frozenset:
        return frozenset(self._firsts_text.split("\n")) if self._firsts_text else frozenset()

    def keys(self) -> list[str]:
        return [*self._keys, *self._others]

    def _position(self, key: str) -> int:
        keys = self._keys
        i = bisect_left(keys, key)
        return i if i < len(keys) and keys[i] == key else -1

    def __contains__(self, key: str) -> bool:
        return key in self._others or self._position(key) >= 0

    def payload(self, key: str, default=None):
        if key in self._others:
            return self._others[key]
        i = self._position(key)
        if i < 0:
            return default
        return marshal.loads(self._payloads[self._offsets[i]:self._offsets[i + 1]])

    def _starting(self, prefix: str) -> list[str]:
        keys = self._keys
        i = end = bisect_left(keys, prefix)
        while end < len(keys) and keys[end].startswith(prefix):
            end += 1
        return keys[i:end]

    def found(self, words: set, pairs: set) -> list[str]:
        """The phrases that may occur in a text whose words are `words` (given when
        some index holds one-word phrases) and whose pairs of adjacent words are
        `pairs`: phrases of one or two words among them, longer ones by their first
        two words, and phrases without a word character (they may occur anywhere)."""
        hits = [*(self._key_set & words), *(self._key_set & pairs)]
        if self._first_set and pairs:
            for first in self._first_set & pairs:
                hits.extend(self._starting(first + " "))
        if self._others:
            by_words, by_first_two, anywhere = self._other_words
            for joined in by_words.keys() & (words | pairs):
                hits.extend(by_words[joined])
            for first in by_first_two.keys() & pairs:
                hits.extend(by_first_two[first])
            hits.extend(anywhere)
        return hits

    @cached_property
    def _other_words(self) -> tuple[dict, dict, list]:
        """The phrases with other characters, by their words joined by spaces (one or
        two words), by their first two words (more), or with no word at all."""
        by_words: dict[str, list[str]] = {}
        by_first_two: dict[str, list[str]] = {}
        anywhere: list[str] = []
        for key in self._others:
            words = WORDS.findall(key)
            if not words:
                anywhere.append(key)
            elif len(words) <= 2:
                by_words.setdefault(" ".join(words), []).append(key)
            else:
                by_first_two.setdefault(" ".join(words[:2]), []).append(key)
        return by_words, by_first_two, anywhere
