"""A big phrase list packed for copylint's pack cache, read only as far as a document needs.

Loading 100,000 phrases as a dict (and the n-gram index beside it) cost a run about
0.1 s before a word was checked. Packed, the list is a few objects that `marshal` loads
as block copies: the phrases of plain words (word characters and single spaces) as a
marisa trie (compact; a short document's words and word pairs are looked up in it, and
it gives the phrases that start with two words by prefix), what a long document's words
and pairs are looked up in instead (the phrases of one or two words and the first two
words of longer ones, one text made a set when first needed), and the phrases' payloads
(their replacements, or the rules they belong to) as `marshal` blobs of a few each,
decoded only for the phrases a document holds. Phrases with other characters (hyphens,
apostrophes: few in a real list) are kept as a plain mapping. A lookup gives the phrases
that may occur in a text (a superset: an automaton of just those then finds the real
matches, checker/kinds/phrase.py).
"""
from __future__ import annotations

import marshal
import re
from array import array
from functools import cached_property
from itertools import accumulate, repeat
from operator import itemgetter

# the packed form's name: change it (and the form of rule records in checker/rulepack.py,
# which may hold one) when the form changes
FORM = "copylint-phrase-index/6"
WORDS = re.compile(r"\w+")
# payloads a `marshal` blob: one blob decoded for a phrase that occurs
BLOCK = 32


def is_packed(value) -> bool:
    """True for what pack() returns (a rule's `phrases`, as the pack cache keeps a big one)."""
    return type(value) is tuple and len(value) == 7 and value[0] == FORM


def plain(key: str) -> bool:
    """Only word characters (as `\\w` means them) and spaces; str.isalnum() is that
    test less "_", and much faster than a pattern."""
    return key.replace(" ", "").replace("_", "").isalnum()


def _gram(words: list[str]) -> str:
    """What a phrase of these words is looked up by: the words themselves (one or
    two), else the first two."""
    return " ".join(words[:2])


def pack(entries: dict) -> tuple:
    """`entries` (normalised phrase -> payload, anything `marshal` holds) in packed form.
    Every step runs in C a phrase at a time (a list of 100,000 packs in about 0.3 s)."""
    import marisa_trie

    keys = list(entries)
    if plain("".join(keys)):  # the usual case, tested in C at once
        words, others = keys, {}
    else:
        words = list(filter(plain, keys))
        others = {k: v for k, v in entries.items() if not plain(k)}
    trie = marisa_trie.Trie(words)
    # payloads in the trie's key-id order, BLOCK to a `marshal` blob
    payloads = list(map(entries.__getitem__, map(trie.restore_key, range(len(trie)))))
    blocks = [marshal.dumps(payloads[i:i + BLOCK]) for i in range(0, len(payloads), BLOCK)]
    offsets = array("Q", accumulate(map(len, blocks), initial=0)).tobytes()
    # one or two words: the phrase itself; more: its first two
    grams = set(map(" ".join, map(itemgetter(slice(0, 2)), map(str.split, words, repeat(" "), repeat(2)))))
    grams.update(_gram(found) for found in map(WORDS.findall, others) if found)
    singles = not all(map(str.__contains__, grams, repeat(" ")))
    # (the grams as one text: `marshal` sorts a set's items to write it, 0.3 s for 100,000)
    return FORM, trie.tobytes(), "\n".join(grams), b"".join(blocks), offsets, others, singles


class PhraseIndex:
    """A packed phrase list: its phrases, their payloads, and the phrases that may
    occur where given words and pairs of words do. `singles`: it has phrases of one word."""

    def __init__(self, packed: tuple):
        import marisa_trie

        _, trie, self._grams_text, self._payloads, offsets, self._others, self.singles = packed
        self._trie = marisa_trie.Trie().frombytes(trie)
        self._offsets = array("Q")
        self._offsets.frombytes(offsets)
        self._blocks: dict[int, list] = {}  # decoded blocks of payloads

    def __len__(self) -> int:
        return len(self._trie) + len(self._others)

    def keys(self) -> list[str]:
        return [*self._trie.keys(), *self._others]

    @cached_property
    def utf8_grams(self) -> frozenset[bytes]:
        """What a text's words and pairs of adjacent words are looked up in: the
        phrases of one or two words, and the first two words of longer ones, in UTF-8
        (as checker/kinds/phrase.py finds a long text's words)."""
        if not self._grams_text:
            return frozenset()
        return frozenset(self._grams_text.encode("utf-8", "surrogatepass").split(b"\n"))

    def payload(self, key: str, default=None):
        if key in self._others:
            return self._others[key]
        number = self._trie.get(key, -1)
        if number < 0:
            return default
        block = number // BLOCK
        if block not in self._blocks:
            self._blocks[block] = marshal.loads(self._payloads[self._offsets[block]:self._offsets[block + 1]])
        return self._blocks[block][number % BLOCK]

    def hits(self, words, pairs) -> set[str]:
        """`grams & (words | pairs)` by trie lookups (a pair that is a phrase, or that
        longer phrases start with), without making `grams`: for a short text, for
        which making it would cost more than the lookups."""
        trie = self._trie
        hits = {pair for pair in pairs if pair in trie or trie.keys(pair + " ")}
        if self.singles:
            hits.update(filter(trie.__contains__, words))
        if self._others:
            by_gram = self._other_grams[0]
            hits.update(filter(by_gram.__contains__, pairs))
            hits.update(filter(by_gram.__contains__, words))
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
