"""The shipped lexicon (checker/data/garble-lexicon.pickle.gz, built by
tools/build_lexicon.py from WordNet 3.0 and symspellpy's frequency lists): loaded
once, on first use, so that runs without garble rules never pay for it."""
from __future__ import annotations

import gzip
import pickle
from functools import lru_cache
from pathlib import Path

import marisa_trie

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "garble-lexicon.pickle.gz"


class CountTrie:
    """A read-only mapping phrase -> coded count over a marisa RecordTrie (compact, and
    loaded without building a dict of a quarter of a million strings)."""

    __slots__ = ("_trie",)

    def __init__(self, data: bytes):
        self._trie = marisa_trie.RecordTrie("B").frombytes(data)

    def __contains__(self, key: str) -> bool:
        return key in self._trie

    def get(self, key: str, default=None):
        if key not in self._trie:
            return default
        return self._trie[key][0][0]

    def __getitem__(self, key: str) -> int:
        return self._trie[key][0][0]

    def __len__(self) -> int:
        return len(self._trie)


class LexiconError(Exception):
    """The data file is missing or unreadable (a broken installation)."""


class Lexicon:
    """Word and phrase statistics of edited English, and each word's substitutes."""

    def __init__(self, data: dict):
        # counts are stored as log10 x scale (small ints load fast); see log10()
        self.scale: int = data["log_scale"]
        self.unigrams: dict[str, int] = data["unigrams"]  # word -> coded log10 count
        self.bigrams = CountTrie(data["bigrams"])  # "w1 w2" -> coded log10 count
        self.mwes = marisa_trie.Trie().frombytes(data["mwes"])
        self._related: dict[str, str] = data["related"]
        self.pos: dict[str, int] = data["pos"]
        # coded log10 of all bigram counts with the word second (left) or first (right)
        self.left_mass: dict[str, int] = data["left_mass"]
        self.right_mass: dict[str, int] = data["right_mass"]
        from math import log10

        self.log_total = log10(data["total"])
        self._related_cache: dict[str, tuple] = {}
        self._partners = (data["left_partners"], data["right_partners"])
        self._partner_cache: tuple[dict, dict] = ({}, {})
        self._mwe_partners = (data["mwe_left"], data["mwe_right"])
        self._mwe_cache: tuple[dict, dict] = ({}, {})
        self._subs_cache: dict[str, frozenset] = {}

    def term_partners(self, word: str, side: int) -> frozenset[str]:
        """Words that make a two-word WordNet term with `word`: on its left (side 0,
        "X word") or its right (side 1, "word X")."""
        cache = self._mwe_cache[side]
        found = cache.get(word)
        if found is None:
            packed = self._mwe_partners[side].get(word, "")
            found = cache[word] = frozenset(packed.split("|")) if packed else frozenset()
        return found

    def substitutes(self, word: str) -> frozenset[str]:
        """Every substitute of a word form, whatever its closeness."""
        found = self._subs_cache.get(word)
        if found is None:
            found = self._subs_cache[word] = frozenset().union(*(ws for _, ws in self.tiers(word)))
        return found

    def closeness(self, word: str, sub: str) -> float:
        for closeness, words in self.tiers(word):
            if sub in words:
                return closeness
        return 0.0

    def partners(self, word: str, side: int) -> frozenset[str]:
        """Words holding at least 2% of `word`'s frequent pairings: on its left (side 0,
        "X word") or its right (side 1, "word X")."""
        cache = self._partner_cache[side]
        found = cache.get(word)
        if found is None:
            packed = self._partners[side].get(word, "")
            found = cache[word] = frozenset(packed.split("|")) if packed else frozenset()
        return found

    def tiers(self, word: str) -> tuple[tuple[float, frozenset[str]], ...]:
        """Substitutes of a word form (same inflection) by closeness in (0, 1], closest first."""
        cached = self._related_cache.get(word)
        if cached is None:
            packed = self._related.get(word)
            cached = tuple((int(x) / 100, frozenset(ws.split(",")))
                           for x, _, ws in (t.partition(":") for t in packed.split(";"))) if packed else ()
            self._related_cache[word] = cached
        return cached

    def related(self, word: str) -> tuple[tuple[str, float], ...]:
        """Substitutes of a word form with their closeness, closest first."""
        return tuple((w, closeness) for closeness, words in self.tiers(word) for w in sorted(words))

    def log10(self, table: dict, key: str) -> float | None:
        """The log10 count of `key` in one of the count tables, None when absent."""
        code = table.get(key)
        return None if code is None else code / self.scale

    def known(self, word: str) -> bool:
        return word in self.unigrams

    def established(self, phrase: str) -> bool:
        return phrase in self.bigrams or phrase in self.mwes

    def association(self, w1: str, w2: str) -> float | None:
        """log10 of how much more often the pair occurs than chance would have it (PMI);
        None when the pair is not among the frequent bigrams."""
        count = self.bigrams.get(f"{w1} {w2}")
        if count is None or w1 not in self.unigrams or w2 not in self.unigrams:
            return None
        return (count - self.unigrams[w1] - self.unigrams[w2]) / self.scale + self.log_total


    def dominance(self, words: tuple[str, str], changed: int) -> float:
        """Share of the kept word's frequent pairings (on that side) that this pair holds:
        near 1 when the kept word hardly occurs with any other partner there."""
        phrase = " ".join(words)
        count = self.bigrams.get(phrase)
        kept = words[1 - changed]
        mass = (self.left_mass if changed == 0 else self.right_mass).get(kept)
        if count is None or mass is None:
            return 0.15 if phrase in self.mwes else 0.0
        return min(1.0, 10 ** ((count - mass) / self.scale))


@lru_cache(maxsize=1)
def load(path: str | None = None) -> Lexicon:
    from ..cache import parsed

    file = Path(path) if path else DATA_FILE

    def unpickle():
        with gzip.open(file, "rb") as handle:
            return pickle.load(handle)

    try:
        # kept uncompressed beside the data, as Python keeps bytecode: decompressing
        # took half of every run's start-up
        return Lexicon(parsed(file, unpickle, "garble-lexicon/1", beside=True))
    except (OSError, EOFError, pickle.UnpicklingError, KeyError) as exc:
        raise LexiconError(f"garble lexicon unreadable ({file}): {exc}") from None
