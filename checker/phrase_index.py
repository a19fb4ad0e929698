"""A big phrase list packed for copylint's pack cache, read only as far as a document needs.

Loading 100,000 phrases as a dict (and the n-gram index beside it) cost a run about
0.1 s before a word was checked. Packed, the list is a few objects that `marshal` loads
as block copies: the phrases of plain words (word characters and single spaces) as a
marisa trie (compact, and searched by prefix for the phrases that start with two given
words), what a document's words and word pairs are looked up in (the phrases of one or
two words, the first two words of longer ones) both as a trie (for a short document: a
lookup each) and as a `marshal` blob of a set (decoded for a long one), and each phrase's payload (its replacements, or the
rule it belongs to) as `marshal` bytes at offsets, decoded only for the phrases a
document holds. Phrases with other characters (hyphens, apostrophes: few in a real list)
are kept as a plain mapping. A lookup gives the phrases that may occur in a text (a
superset: an automaton of just those then finds the real matches, checker/kinds/phrase.py).
"""
from __future__ import annotations

import marshal
import re
from array import array
from functools import cached_property
from itertools import accumulate

# the packed form's name: change it (and the form of rule records in checker/rulepack.py,
# which may hold one) when the form changes
FORM = "copylint-phrase-index/3"
WORDS = re.compile(r"\w+")


def is_packed(value) -> bool:
    """True for what pack() returns (a rule's `phrases`, as the pack cache keeps a big one)."""
    return type(value) is tuple and len(value) == 8 and value[0] == FORM


def plain(key: str) -> bool:
    """Only word characters (as `\\w` means them) and spaces; str.isalnum() is that
    test less "_", and much faster than a pattern."""
    return key.replace(" ", "").replace("_", "").isalnum()


def _gram(words: list[str]) -> str:
    """What a phrase of these words is looked up by: the words themselves (one or
    two), else the first two."""
    return " ".join(words[:2])


def pack(entries: dict) -> tuple:
    """`entries` (normalised phrase -> payload, anything `marshal` holds) in packed form."""
    import marisa_trie

    keys = list(entries)
    if plain("".join(keys)):  # the usual case, tested in C at once
        words, others = keys, {}
    else:
        words = list(filter(plain, keys))
        others = {k: v for k, v in entries.items() if not plain(k)}
    trie = marisa_trie.Trie(words)
    payloads = [b""] * len(trie)
    for key, number in trie.iteritems():
        payloads[number] = marshal.dumps(entries[key])
    offsets = array("Q", accumulate(map(len, payloads), initial=0)).tobytes()
    grams = {_gram(k.split(" ")) for k in words}
    grams.update(_gram(found) for found in map(WORDS.findall, others) if found)
    return (FORM, trie.tobytes(), marisa_trie.Trie(grams).tobytes(), marshal.dumps(frozenset(grams)),
            b"".join(payloads), offsets, others, any(" " not in g for g in grams))


class PhraseIndex:
    """A packed phrase list: its phrases, their payloads, and the phrases that may
    occur where given words and pairs of words do. `singles`: it has phrases of one word."""

    def __init__(self, packed: tuple):
        import marisa_trie

        _, trie, gram_trie, self._grams_blob, self._payloads, offsets, self._others, self.singles = packed
        self._trie = marisa_trie.Trie().frombytes(trie)
        self._gram_trie = marisa_trie.Trie().frombytes(gram_trie)
        self._offsets = array("Q")
        self._offsets.frombytes(offsets)

    def __len__(self) -> int:
        return len(self._trie) + len(self._others)

    def keys(self) -> list[str]:
        return [*self._trie.keys(), *self._others]

    @cached_property
    def grams(self) -> frozenset:
        """What a text's words and pairs of adjacent words are looked up in: the
        phrases of one or two words, and the first two words of longer ones."""
        return marshal.loads(self._grams_blob)

    def payload(self, key: str, default=None):
        if key in self._others:
            return self._others[key]
        number = self._trie.get(key, -1)
        if number < 0:
            return default
        return marshal.loads(self._payloads[self._offsets[number]:self._offsets[number + 1]])

    def hits(self, words, pairs) -> set[str]:
        """`grams & (words | pairs)` by trie lookups, without loading `grams`: for a
        short text, for which loading it would cost more than the lookups."""
        gram_trie = self._gram_trie
        hits = set(filter(gram_trie.__contains__, pairs))
        hits.update(filter(gram_trie.__contains__, words))
        return hits

    def found(self, hits) -> list[str]:
        """The phrases that may occur in a text in which `hits` (among the text's words
        and pairs of adjacent words) occur: those hits that are phrases, the longer
        phrases that start with them, and phrases without a word character (they may
        occur anywhere)."""
        trie = self._trie
        phrases = [hit for hit in hits if hit in trie]
        for hit in hits:
            if " " in hit:
                phrases.extend(trie.keys(hit + " "))
        if self._others:
            by_gram, anywhere = self._other_grams
            for hit in hits:
                phrases.extend(by_gram.get(hit, ()))
            phrases.extend(anywhere)
        return phrases

    @cached_property
    def _other_grams(self) -> tuple[dict, list]:
        """The phrases with other characters by what they are looked up by (their
        words joined by spaces, or the first two), and those with no word at all."""
        by_gram: dict[str, list[str]] = {}
        anywhere: list[str] = []
        for key in self._others:
            words = WORDS.findall(key)
            if words:
                by_gram.setdefault(_gram(words), []).append(key)
            else:
                anywhere.append(key)
        return by_gram, anywhere
