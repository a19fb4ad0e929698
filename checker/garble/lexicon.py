"""The shipped lexicon (checker/data/garble-lexicon.pickle.gz, built by
tools/build_lexicon.py from WordNet 3.0 and symspellpy's frequency lists): loaded
once, on first use, so that runs without garble rules never pay for it."""
from __future__ import annotations

import marshal
from math import log10
import mmap
import os
import sys
from functools import lru_cache
from itertools import accumulate
from sys import intern
from pathlib import Path

import marisa_trie

from .recent import RecentSets

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "garble-lexicon.pickle.gz"


class CountTrie:
    """A read-only mapping phrase -> coded count over a marisa RecordTrie (compact, and
    loaded without building a dict of a quarter of a million strings)."""

    __slots__ = ("_trie",)

    def __init__(self, data):
        self._trie = _trie(marisa_trie.RecordTrie("B"), data)

    def __contains__(self, key: str) -> bool:
        return key in self._trie

    @property
    def trie(self) -> marisa_trie.RecordTrie:
        """The trie itself, for hot loops: `key in lex.bigrams.trie` saves a Python call."""
        return self._trie

    def get(self, key: str, default=None):
        if key not in self._trie:
            return default
        return self._trie[key][0][0]

    def __getitem__(self, key: str) -> int:
        return self._trie[key][0][0]

    def __len__(self) -> int:
        return len(self._trie)


def _trie(empty, data):
    """A marisa trie from its serialised form: read in place when `data` is a view of
    the memory-mapped cache copy (nothing copied or parsed, and only the pages a text's
    lookups touch are ever read; the caller keeps `data` alive, as the trie does
    not), else copied from bytes."""
    if isinstance(data, memoryview):
        empty.map(data)
        return empty
    return empty.frombytes(data)


# the tries the Lexicon reads its phrases from (serialised marisa tries in `data`)
TRIES = ("bigrams", "mwes", "news_pairs", "tech_bigrams")
# the trie the cache copy adds: every phrase of the four, so that a phrase that is not
# ordinary English costs one lookup, not four (see Lexicon.ordinary)
ORDINARY = "ordinary"


class LexiconError(Exception):
    """The data file is missing or unreadable (a broken installation)."""


# the word-keyed tables: in the cache copy, each is an array indexed by a word's number
# in one vocabulary trie, read through a memory map as words are looked up
TABLES = ("unigrams", "pos", "related", "thesaurus", "left_mass", "right_mass", "left_partners",
          "right_partners", "mwe_left", "mwe_right", "mwe3_slots", "tech_left_mass", "tech_right_mass",
          "tech_left_partners", "tech_right_partners")
# the tables that map a word to a list of words (the others to an int)
LIST_TABLES = frozenset(("related", "thesaurus", "left_partners", "right_partners", "mwe_left", "mwe_right",
                         "mwe3_slots", "tech_left_partners", "tech_right_partners"))
# list tables the cache copy adds, worked out from the others when it is written (a
# lexicon without a copy works them out as it goes): "synonym_terms", the words that
# make a two-word WordNet term after one of a word's synonyms (mwe_right of each)
# "firm_left", "firm_right": a word's firm partners on that side (frequent pairings of
# edited English and of technical documentation, WordNet terms; on the left its
# singular's too, on the right their regular plurals too): every word a substitute
# must be for the pair to have a candidate (see candidates.may_have_candidates)
DERIVED_TABLES = ("synonym_terms", "firm_left", "firm_right")
# the lists of a word record in the cache copy (see WordRecords), in order: `related`
# as two lists, its tiers' (closeness x 100, count) pairs ("related_tiers") and all its
# words, closest tier first ("related"), followed by the thesaurus's, so that every
# substitute of a word is one slice of its record (see WordRecords.screen_lists)
RECORD_TABLES = ("left_partners", "mwe3_slots", "mwe_left", "mwe_right", "right_partners", "tech_left_partners",
                 "tech_right_partners", "synonym_terms", "firm_left", "firm_right", "related_tiers", "related",
                 "thesaurus")
_TIERS, _RELATED, _THESAURUS = (RECORD_TABLES.index(name) for name in ("related_tiers", "related", "thesaurus"))
_TERMS, _FIRM_LEFT, _FIRM_RIGHT = (RECORD_TABLES.index(name) for name in ("synonym_terms", "firm_left", "firm_right"))
_COUNT = len(RECORD_TABLES)
# every this many characters of prose checked (about a window's: checker/windows.py),
# the pages of the memory-mapped cache copy that lookups have read are given back
# (see Lexicon.expect)
RELEASE_EVERY = 1 << 17
# how many numbers the detector's key sets hold at most in all (see recent.py): about
# 5 MB, where the sets of a long text's whole vocabulary were 14-16 MB
KEY_SETS_HELD = 50_000
# how many words the lexicon's per-word caches of word sets (a word's substitutes,
# partners, thesaurus entries) each hold at most (recent.py), about 14 MB when full.
# Kept whole, they and the deep tier's own (deep.py) grew with every word a text
# reached (70 MB more by 20,000 words of a novel read with --deep; its whole, 1.15 GB
# at the peak, now 0.91: docs/performance.md), and a `screen` worker kept them all
WORD_SETS_HELD = 200_000
_NO_INT = -(1 << 31)  # an int table's "no entry"
_UNREAD = object()  # a word a WordTable has not read yet
_NO_TEXT = 1 << 31  # set on a word record's offset: "no list at all"


class WordTable:
    """A read-only word-keyed mapping of ints over the cache file: a word's number in
    the vocabulary trie indexes an array of ints, read through a memory map. No Python
    object per entry and nothing read until a word is looked up; each word looked up
    is kept in a small dict, so asking again costs a dict lookup."""

    __slots__ = ("_ids", "_values", "_memo")

    def __init__(self, ids: marisa_trie.Trie, values: memoryview):
        self._ids, self._values = ids, values
        self._memo: dict = {}

    def _read(self, key: str):
        number = self._ids.get(key)
        if number is None:
            return None
        value = self._values[number]
        return None if value == _NO_INT else value

    # (each method reads the memo itself: one Python call a lookup, not two)
    def get(self, key: str, default=None):
        value = self._memo.get(key, _UNREAD)
        if value is _UNREAD:
            value = self._memo[key] = self._read(key)
        return default if value is None else value

    def __contains__(self, key: str) -> bool:
        value = self._memo.get(key, _UNREAD)
        if value is _UNREAD:
            value = self._memo[key] = self._read(key)
        return value is not None

    def __getitem__(self, key: str):
        value = self._memo.get(key, _UNREAD)
        if value is _UNREAD:
            value = self._memo[key] = self._read(key)
        if value is None:
            raise KeyError(key)
        return value

    def keys(self, prefix: str = "") -> list[str]:
        """The words that begin with `prefix`, from the vocabulary trie."""
        return self._ids.keys(prefix)


class WordRecords:
    """Every list a word has, in one record of the cache file: a header with where each
    list ends in the record (in RECORD_TABLES order; the first starts after the
    header, each other where the one before ends), then the lists, each as the words' numbers in
    the vocabulary trie (4-byte ints; `related_tiers` as closeness, count per tier of
    `related`). A record is read with one `pread` (which, unlike a memory map, leaves no
    page of the file in the process's memory), and the records read last are kept (up
    to KEPT, then all are dropped): the detector asks for several lists of the same
    two words in a row, and a text's common words come back pair after pair (a read
    costs a system call, several microseconds)."""

    __slots__ = ("_ids", "_starts", "_file", "_at", "_recent")

    # records kept: on the development corpus 6,100 reads instead of 8,900 with 8 kept
    # (5,400 with 4,096), for about 2 MB at most (a record averages 190 ints)
    KEPT = 2048

    def __init__(self, ids: marisa_trie.Trie, starts: memoryview, file: "_File", at: int):
        """`starts`: each number's first int in the records (from `at` in `file`), with
        _NO_TEXT set when the word has no list at all; one more for the end."""
        self._ids, self._starts, self._file, self._at = ids, starts, file, at
        self._recent: dict = {}

    def _record(self, key: str | int):
        """`key`'s record, from the KEPT most recently read ones when it is among them
        (a common word comes back pair after pair)."""
        record = self._recent.get(key)
        if record is None:
            if len(self._recent) >= self.KEPT:
                self._recent.clear()
            record = self._recent[key] = self._read(key)
        return record

    def list_of(self, key: str | int, index: int) -> memoryview | None:
        """The `index`th list of `key`'s record (`key`: a word or its number), None
        when it is empty."""
        record = self._record(key)
        if not record:
            return None
        start, end = record[index - 1] if index else _COUNT, record[index]
        return record[start:end] if end > start else None

    def screen_lists(self, key: str) -> tuple | None:
        """What the pair screen asks of a word (candidates.may_have_candidates), as
        slices of its record: its firm partners on the left and on the right, every
        substitute (WordNet's tiers and the thesaurus's), its synonyms (a first tier of
        closeness 1) and the words that make a term after one of them; None when it
        has no record. Read afresh (see Lexicon.passing_firm_keys), with no Python
        step per tier or per word."""
        record = self._record(key)
        if not record:
            return None
        ends = record[:_COUNT].tolist()
        tiers, related = ends[_TIERS - 1], ends[_RELATED - 1]  # where each starts
        synonyms = record[related:related + record[tiers + 1]] if ends[_TIERS] > tiers and record[tiers] == 100 else ()
        return (record[ends[_FIRM_LEFT - 1]:ends[_FIRM_LEFT]], record[ends[_FIRM_LEFT]:ends[_FIRM_RIGHT]],
                record[related:ends[_THESAURUS]], synonyms, record[ends[_TERMS - 1]:ends[_TERMS]])

    def _read(self, key: str | int) -> memoryview | None:
        number = key if type(key) is int else self._ids.get(key)
        if number is None:
            return None
        start = self._starts[number]
        if start & _NO_TEXT:
            return None
        end = self._starts[number + 1] & ~_NO_TEXT
        return memoryview(os.pread(self._file.fd, 4 * (end - start), self._at + 4 * start)).cast("i")


class WordListTable:
    """A read-only mapping word -> list of words: one list of the cache file's word
    records (see WordRecords). A list becomes a set of words already made (see _Words)
    or of their numbers: no text decoded, split or interned, which was most of the
    detector's time on a first read of a text's words."""

    __slots__ = ("_records", "_index", "_words")

    def __init__(self, records: WordRecords, name: str, words: "_Words"):
        self._records, self._index, self._words = records, RECORD_TABLES.index(name), words

    def _read(self, key: str | int) -> memoryview | None:
        return self._records.list_of(key, self._index)

    @property
    def screen_lists(self):
        return self._records.screen_lists

    def listed(self, key: str, index: int):
        """The `index`th list of `key`'s record, () when empty."""
        return self._records.list_of(key, index) or ()

    def tier_slices(self, key: str) -> list:
        """(closeness, numbers) per tier of a `related` list, the numbers left in the record."""
        return self._tiers(key, _itself)

    def words(self, key: str) -> frozenset[str]:
        """The words of `key`'s list (empty when it has none)."""
        numbers = self._read(key)
        return self._words.of(numbers) if numbers else frozenset()

    def numbers(self, key: str | int) -> frozenset[int]:
        """The vocabulary numbers of `key`'s list (`key`: a word or its number)."""
        numbers = self._read(key)
        return frozenset(numbers.tolist()) if numbers else frozenset()

    def tiers(self, key: str) -> tuple[tuple[float, frozenset[str]], ...]:
        """A `related` list: (closeness, words) per tier, as stored (closest first)."""
        return self._tiers(key, self._words.of)

    def tier_numbers(self, key: str | int) -> tuple[tuple[float, frozenset[int]], ...]:
        """`tiers` as vocabulary numbers."""
        return self._tiers(key, lambda part: frozenset(part.tolist()))

    def tier_union_numbers(self, key: str | int) -> frozenset[int]:
        """The numbers of every tier of a `related` list, in one set."""
        return frozenset(self.tier_number_list(key))

    def tier_number_list(self, key: str | int, first_at: float | None = None) -> list[int]:
        """The numbers of every tier of a `related` list (`first_at`: of the first
        tier only, and only when its closeness is that)."""
        numbers = self._read(key)
        if not numbers:
            return []
        if first_at is None:
            return numbers.tolist()
        tiers = self._records.list_of(key, _TIERS)
        return numbers[:tiers[1]].tolist() if tiers[0] / 100 == first_at else []

    def number_list(self, key: str | int) -> list[int]:
        """The numbers of `key`'s list, as a list."""
        numbers = self._read(key)
        return numbers.tolist() if numbers else []

    def _tiers(self, key, make) -> tuple:
        numbers = self._read(key)
        if not numbers:
            return ()
        tiers = self._records.list_of(key, _TIERS).tolist()
        found, at = [], 0
        for closeness, count in zip(tiers[::2], tiers[1::2]):
            found.append((closeness / 100, make(numbers[at:at + count])))
            at += count
        return tuple(found)


class _Words:
    """Vocabulary numbers to words, each word made once per process and shared by every
    list that holds it (one word stands in the lists of thousands of others)."""

    __slots__ = ("_restore", "_made", "number")

    def __init__(self, ids: marisa_trie.Trie):
        self._restore, self._made = ids.restore_key, {}
        self.number = ids.get  # word -> its number, None when the vocabulary lacks it

    def word(self, number: int) -> str:
        found = self._made.get(number)
        if found is None:
            found = self._made[number] = self._restore(number)
        return found

    def of(self, numbers) -> frozenset[str]:
        made = self._made
        try:
            return frozenset(map(made.__getitem__, numbers))
        except KeyError:
            restore = self._restore
            for number in numbers:
                if number not in made:
                    made[number] = restore(number)
            return frozenset(map(made.__getitem__, numbers))


class PlainListTable:
    """The same reading of a list table as WordListTable, over the data file's own
    dict of "|"-joined words (`related`: "closeness:word,word;..."), for a lexicon
    with no cache copy. Words are interned: one word stands in thousands of lists."""

    __slots__ = ("_table",)

    def __init__(self, table: dict):
        self._table = table

    def words(self, key: str) -> frozenset[str]:
        packed = self._table.get(key)
        return frozenset(map(intern, packed.split("|"))) if packed else frozenset()

    def tiers(self, key: str) -> tuple[tuple[float, frozenset[str]], ...]:
        packed = self._table.get(key)
        return tuple((int(x) / 100, frozenset(map(intern, ws.split(","))))
                     for x, _, ws in (t.partition(":") for t in packed.split(";"))) if packed else ()

    # a lexicon without a cache copy numbers its words by themselves (see Lexicon.key)
    numbers = words
    tier_numbers = tiers

    def tier_union_numbers(self, key: str) -> frozenset[str]:
        return frozenset().union(*(words for _, words in self.tiers(key)))


class _File:
    """A file descriptor of the cache file, open as long as a table reads from it."""

    __slots__ = ("fd",)

    def __init__(self, fd: int):
        self.fd = fd

    def __del__(self, close=os.close):  # os itself may be gone at interpreter exit
        try:
            close(self.fd)
        except OSError:
            pass


class Lexicon:
    """Word and phrase statistics of edited English, and each word's substitutes."""

    unigrams: dict[str, int]  # word -> coded log10 count
    pos: dict[str, int]
    # coded log10 of all bigram counts with the word second (left) or first (right)
    left_mass: dict[str, int]
    right_mass: dict[str, int]

    def __init__(self, data: dict, tables: dict | None = None, words: _Words | None = None):
        """`data`: the scalars and tries; the word-keyed tables come from `tables`
        (name -> WordTable or WordListTable, read lazily; `words` numbers the words of
        the lists) when given, else from `data` (plain dicts)."""
        # the mapped tries read the cache copy in place and hold no reference to it:
        # these views keep it mapped as long as the lexicon lives
        self._views = tuple(v for v in data.values() if isinstance(v, memoryview))
        self._mapped = next((v.obj for v in self._views if isinstance(v.obj, mmap.mmap)), None)
        # counts are stored as log10 x scale (small ints load fast); see log10()
        self.scale: int = data["log_scale"]
        self.bigrams = CountTrie(data["bigrams"])  # "w1 w2" -> coded log10 count
        self.mwes = _trie(marisa_trie.Trie(), data["mwes"])
        # pairs of ordinary English missing from the bigrams (a language model's)
        self.news_pairs = _trie(marisa_trie.Trie(), data["news_pairs"])
        # word pairs of technical documentation (tools/build_tech_bigrams.py)
        self.tech_bigrams = CountTrie(data["tech_bigrams"])
        # the sets a phrase is ordinary English by being in (see ordinary())
        self.ordinary_sets = (self.bigrams.trie, self.mwes, self.news_pairs, self.tech_bigrams.trie)
        if data.get(ORDINARY) is not None:  # the cache copy's union of the four
            self.ordinary_sets = (_trie(marisa_trie.Trie(), data[ORDINARY]),)
        self.log_total = log10(data["total"])
        self.log_tech_total = log10(data["tech_total"])
        self._set_tables(tables if tables is not None else {name: data[name] for name in TABLES})
        self._seen = self._released = 0
        held = lambda: RecentSets(WORD_SETS_HELD)  # noqa: E731
        self._related_cache: dict[str, tuple] = held()
        self._initial_cache: dict[tuple[str, int], tuple] = {}  # a few dozen letters and limits
        self._partner_cache: tuple[dict, dict] = (held(), held())
        self._mwe_cache: tuple[dict, dict] = (held(), held())
        self._subs_cache: dict[str, frozenset] = held()
        self._thesaurus_cache: dict[str, frozenset] = held()
        self._slot_cache: dict[str, frozenset] = held()
        self._tech_partner_cache: tuple[dict, dict] = (held(), held())
        self._memos: dict[str, dict] = {}
        # the same lists as sets of keys (see key()), for the detector's set tests: the
        # recently used ones only (see recent.py; also the candidates' pooled partners)
        self.key_sets = RecentSets(KEY_SETS_HELD)
        if isinstance(self.unigrams, WordTable) and isinstance(self.pos, WordTable):
            self.known_pos = _known_pos_reader(self.unigrams, self.pos)
        # (firm left, firm right, substitutes, synonyms, synonym terms) of a word, from
        # its record: see WordRecords.screen_lists (None without a cache copy)
        self.screen_lists = getattr(self._related, "screen_lists", None)
        if words is not None:
            self.key, self.word = words.number, words.word
        else:  # a lexicon without a cache copy: every word is its own key
            self.key = self.word = _itself

    def _set_tables(self, tables: dict) -> None:
        tables = {name: PlainListTable(table) if name in LIST_TABLES and isinstance(table, dict) else table
                  for name, table in tables.items()}
        self.unigrams = tables["unigrams"]
        self.pos = tables["pos"]
        self._related = tables["related"]
        self._thesaurus = tables["thesaurus"]
        self.left_mass = tables["left_mass"]
        self.right_mass = tables["right_mass"]
        self._partners = (tables["left_partners"], tables["right_partners"])
        self._mwe_partners = (tables["mwe_left"], tables["mwe_right"])
        self._mwe3_slots = tables["mwe3_slots"]
        self._tech_mass = (tables["tech_left_mass"], tables["tech_right_mass"])
        self._tech_partners = (tables["tech_left_partners"], tables["tech_right_partners"])
        self._synonym_terms = tables.get("synonym_terms")  # only in the cache copy
        self._firm = (tables.get("firm_left"), tables.get("firm_right"))  # the same

    def expect(self, characters: int) -> None:
        """Told how much prose is about to be checked. Every RELEASE_EVERY characters,
        the pages of the mapped cache copy that lookups have read are given back: a long
        text's lookups touch most of its tries and tables (about 11 MB), which would
        otherwise count in the process's memory to its end. They stay in the system's
        page cache, so reading one again costs a minor page fault, not a disk read."""
        self._seen += characters
        if self._mapped is not None and self._seen - self._released >= RELEASE_EVERY:
            self._released = self._seen
            if hasattr(mmap, "MADV_DONTNEED"):  # (Python 3.8+, on systems that have it)
                self._mapped.madvise(mmap.MADV_DONTNEED)

    def memo(self, name: str, held: int | None = None) -> dict:
        """A cache (one per `name`) for facts the detector derives from the lexicon alone,
        such as a word's pooled partners: each is worked out once per word and process,
        whichever document first needs it, since recomputing them per pair was most of
        the detector's time. `held`: a cache of sets that keeps the recent ones only, up
        to that many elements (recent.py), the first caller of a name says."""
        found = self._memos.get(name)
        if found is None:
            found = self._memos[name] = {} if held is None else RecentSets(held)
        return found

    def term_partners(self, word: str, side: int) -> frozenset[str]:
        """Words that make a two-word WordNet term with `word`: on its left (side 0,
        "X word") or its right (side 1, "word X")."""
        found = self._mwe_cache[side].get(word)  # the common case first: no further call
        return found if found is not None else _listed(self._mwe_cache[side], self._mwe_partners[side], word)

    def slot_fillers(self, pattern: str) -> frozenset[str]:
        """Words that complete a three-word WordNet term with one slot open:
        "central processing *" -> {"unit"}."""
        return _listed(self._slot_cache, self._mwe3_slots, pattern)

    def substitutes(self, word: str) -> frozenset[str]:
        """Every substitute of a word form, whatever its closeness."""
        found = self._subs_cache.get(word)
        if found is None:
            found = self._subs_cache[word] = frozenset().union(*(ws for _, ws in self.tiers(word)))
        return found

    def synonyms(self, word: str) -> frozenset[str]:
        """A word form's substitutes of closeness 1 (none when its closest are looser)."""
        tiers = self.tiers(word)
        return tiers[0][1] if tiers and tiers[0][0] == 1.0 else frozenset()

    def closeness(self, word: str, sub: str) -> float:
        key = self.key(sub)  # (a word the lists do not hold is no substitute)
        for closeness, keys in self.tier_keys(word) if key is not None else ():
            if key in keys:
                return closeness
        return 0.0

    def thesaurus(self, word: str) -> frozenset[str]:
        """A word form's Moby Thesaurus substitutes (same inflection) that WordNet does
        not relate to it: the looser swaps an article spinner makes."""
        found = self._thesaurus_cache.get(word)
        return found if found is not None else _listed(self._thesaurus_cache, self._thesaurus, word)

    def partners(self, word: str, side: int) -> frozenset[str]:
        """Words holding at least 2% of `word`'s frequent pairings: on its left (side 0,
        "X word") or its right (side 1, "word X")."""
        found = self._partner_cache[side].get(word)
        return found if found is not None else _listed(self._partner_cache[side], self._partners[side], word)

    # The detector's set tests (candidates.py) work on keys: a word's number in the
    # cache copy's vocabulary (the word itself without one). A list read as numbers
    # makes no string; only the few words that survive a test are made: `self.word(key)`
    # (and `self.key(word)`, None when no list holds the word), set in __init__.
    def _keys(self, kind: str, table, key, side: int = 0, tiers: bool = False):
        cache_key = (kind, side, key)
        found = self.key_sets.get(cache_key)
        if found is None:
            found = self.key_sets[cache_key] = table.tier_numbers(key) if tiers else table.numbers(key)
        return found

    def partner_keys(self, word: str, side: int) -> frozenset:
        """partners() as keys."""
        return self._keys("partners", self._partners[side], word, side)

    def term_partner_keys(self, word, side: int) -> frozenset:
        """term_partners() as keys, of a word or a key."""
        return self._keys("terms", self._mwe_partners[side], word, side)

    def tech_partner_keys(self, word: str, side: int) -> frozenset:
        """tech_partners() as keys."""
        return self._keys("tech", self._tech_partners[side], word, side)

    def thesaurus_keys(self, word: str) -> frozenset:
        """thesaurus() as keys."""
        return self._keys("thesaurus", self._thesaurus, word)

    def slot_filler_keys(self, pattern: str) -> frozenset:
        """slot_fillers() as keys."""
        return self._keys("slots", self._mwe3_slots, pattern)

    def tier_keys(self, word) -> tuple:
        """tiers() as keys, of a word or a key."""
        return self._keys("tiers", self._related, word, tiers=True)

    def substitute_keys(self, word: str) -> frozenset:
        """substitutes() as keys."""
        cache_key = ("substitutes", 0, word)
        found = self.key_sets.get(cache_key)
        if found is None:
            found = self.key_sets[cache_key] = self._related.tier_union_numbers(word)
        return found

    def synonym_term_keys(self, word: str) -> frozenset:
        """Every word (as a key) that makes a two-word WordNet term after one of `word`'s
        synonyms ("X word2" for a synonym X): read from the cache copy, else pooled."""
        if self._synonym_terms is not None:
            return self._keys("synonym_terms", self._synonym_terms, word)
        cache_key = ("synonym_terms", 0, word)
        found = self.key_sets.get(cache_key)
        if found is None:
            found = self.key_sets[cache_key] = frozenset().union(
                *(self.term_partner_keys(sub, 1) for sub in self.synonym_keys(word)))
        return found

    def listed(self, word: str, name: str):
        """The numbers of `word`'s list `name` (one of RECORD_TABLES) as they lie in its
        record, for testing a few numbers against it without making a set: cache copy
        only (see screen_lists)."""
        return self._related.listed(word, RECORD_TABLES.index(name))

    def tier_slices(self, word: str) -> list[tuple[float, object]]:
        """tier_keys() as (closeness, numbers as they lie in the record): cache copy only."""
        return self._related.tier_slices(word)

    def firm_partner_keys(self, word: str, side: int) -> frozenset | None:
        """From the cache copy: the keys of every firm partner of `word` on `side` (see
        DERIVED_TABLES; kept by the caller); None without a copy."""
        table = self._firm[side]
        return None if table is None else table.numbers(word)

    # The same facts read afresh and not kept, for the screen that rules out nearly
    # every pair at once (candidates.may_have_candidates): keeping them for every word
    # of a long text would cost memory for what is asked about once. Without the cache
    # copy they are the kept sets above.
    def passing_firm_keys(self, word: str, side: int):
        """firm_partner_keys() as a list; None without a copy."""
        table = self._firm[side]
        return None if table is None else table.number_list(word)

    def passing_swap_keys(self, word: str):
        """Every substitute of `word` (WordNet's and the thesaurus's)."""
        if self._firm[0] is None:
            return self.substitute_keys(word) | self.thesaurus_keys(word)
        return self._related.tier_number_list(word) + self._thesaurus.number_list(word)

    def passing_synonym_keys(self, word: str):
        """synonym_keys()."""
        if self._firm[0] is None:
            return self.synonym_keys(word)
        return self._related.tier_number_list(word, first_at=1.0)

    def passing_synonym_term_keys(self, word: str):
        """synonym_term_keys()."""
        if self._firm[0] is None:
            return self.synonym_term_keys(word)
        return self._synonym_terms.number_list(word)

    def synonym_keys(self, word) -> frozenset:
        """synonyms() as keys, of a word or a key."""
        tiers = self.tier_keys(word)
        return tiers[0][1] if tiers and tiers[0][0] == 1.0 else frozenset()

    def tiers(self, word: str) -> tuple[tuple[float, frozenset[str]], ...]:
        """Substitutes of a word form (same inflection) by closeness in (0, 1], closest first."""
        cached = self._related_cache.get(word)
        if cached is None:
            cached = self._related_cache[word] = self._related.tiers(word)
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

    def common_words(self, initial: str, limit: int) -> tuple[str, ...]:
        """The `limit` commonest lower-case words of edited English that begin with
        `initial`, commonest first: what a term's word that its acronym's letter fixes
        may be (garble/expansion.py). Left out: function words, and what is no word
        spelled out: one or two letters ("uk", "kg": abbreviations, often acronyms
        themselves) and Roman numerals ("xxx", "xiv"; WordNet lists them as adjectives)."""
        key = (initial, limit)
        found = self._initial_cache.get(key)
        if found is None:
            from .pos import ADJ, FUNCTION_WORDS, ROMAN_NUMERAL

            words = self.unigrams.keys(initial) if isinstance(self.unigrams, WordTable) else \
                [w for w in self.unigrams if w.startswith(initial)]
            words = [w for w in words if len(w) > 2 and w.isalpha() and w.islower() and w not in FUNCTION_WORDS
                     and not (ROMAN_NUMERAL.fullmatch(w) and self.pos.get(w, 0) & ADJ)]  # "mix" is no adjective
            words.sort(key=lambda w: (-self.unigrams.get(w, 0), w))
            found = self._initial_cache[key] = tuple(words[:limit])
        return found

    def known_pos(self, word: str) -> int | None:
        """A known word's parts of speech (bits; 0 when none is listed), None for a word
        the lexicon does not know: what the pair scan asks of each new word."""
        return self.pos.get(word, 0) if word in self.unigrams else None

    def established(self, phrase: str) -> bool:
        return phrase in self.bigrams or phrase in self.mwes

    def ordinary(self, phrase: str) -> bool:
        """Whether a phrase is ordinary English: established, a pair that CMU Sphinx's
        language model of edited text knows, or a pair technical documentation uses
        ("weighted mean"). Such a phrase is never flagged."""
        return any(phrase in known for known in self.ordinary_sets) or self.ordinary_plural(phrase)

    def ordinary_plural(self, phrase: str) -> bool:
        """Whether a phrase with a plural head is ordinary because its singular is ("peak
        flows": the lists hold "peak flow"). Asked only of phrases not found as written."""
        first, _, head = phrase.rpartition(" ")
        if not first or not head.endswith("s"):
            return False
        from .candidates import singular_forms  # candidates imports this module

        return any(f"{first} {single}" in known for single in singular_forms(head) for known in self.ordinary_sets)

    def technicality(self, word: str) -> float:
        """How much more often technical documentation uses a word than edited English
        does: log10 of the ratio of its two Zipf frequencies (its pairings on its busier
        side stand for its count in the technical corpus); very low for a word
        technical writers never use ("corrosive", "contraption")."""
        masses = [m[word] for m in self._tech_mass if word in m]
        if not masses or word not in self.unigrams:
            return -9.0
        return (max(masses) - self.unigrams[word]) / self.scale - self.log_tech_total + self.log_total

    def association(self, w1: str, w2: str) -> float | None:
        """log10 of how much more often the pair occurs than chance would have it (PMI);
        None when the pair is not among the frequent bigrams."""
        count = self.bigrams.get(f"{w1} {w2}")
        if count is None or w1 not in self.unigrams or w2 not in self.unigrams:
            return None
        return (count - self.unigrams[w1] - self.unigrams[w2]) / self.scale + self.log_total


    def tech_partners(self, word: str, side: int) -> frozenset[str]:
        """Words that pair with `word` often in technical documentation: on its left
        (side 0, "X word") or its right (side 1, "word X")."""
        return _listed(self._tech_partner_cache[side], self._tech_partners[side], word)

    def tech_seen(self, phrase: str, times: int) -> bool:
        """Whether a pair is seen at least about `times` times in the technical corpus
        (counts are kept as logarithms rounded to a twentieth: within 6%)."""
        code = self.tech_bigrams.get(phrase)
        return code is not None and code >= round(log10(times) * self.scale)

    def tech_association(self, w1: str, w2: str) -> float | None:
        """log10 PMI of a pair in the technical corpus (against each word's pairings
        there); None when the pair is not in it."""
        count = self.tech_bigrams.get(f"{w1} {w2}")
        if count is None:
            return None
        right, left = self._tech_mass[1].get(w1), self._tech_mass[0].get(w2)
        return (count - right - left) / self.scale + self.log_tech_total

    def tech_dominance(self, words: tuple[str, str], changed: int) -> float:
        """Share of the kept word's pairings in the technical corpus, on the changed
        word's side, that this pair holds."""
        share = self._share(self.tech_bigrams, self._tech_mass, words, changed)
        return 0.0 if share is None else share

    def dominance(self, words: tuple[str, str], changed: int) -> float:
        """Share of the kept word's frequent pairings (on that side) that this pair holds:
        near 1 when the kept word hardly occurs with any other partner there."""
        share = self._share(self.bigrams, (self.left_mass, self.right_mass), words, changed)
        if share is None:
            return 0.15 if " ".join(words) in self.mwes else 0.0
        return share

    def _share(self, pairs: CountTrie, masses: tuple, words: tuple[str, str], changed: int) -> float | None:
        """The pair's count over all pairings of the kept word on the changed word's
        side (`masses`: left, right), at most 1; None when either is unknown."""
        count = pairs.get(" ".join(words))
        mass = masses[0 if changed == 0 else 1].get(words[1 - changed])
        if count is None or mass is None:
            return None
        return min(1.0, 10 ** ((count - mass) / self.scale))


CACHE_FORM = "garble-lexicon-compact/15"


def _cache_key(file: Path) -> str:
    from .. import __version__

    stat = file.stat()
    return "\0".join((CACHE_FORM, __version__, sys.version, str(file.resolve()), str(stat.st_size),
                      str(stat.st_mtime_ns)))


def _cache_places(file: Path) -> list[Path]:
    """Where the uncompressed, compact copy may live: beside the data file (as Python
    keeps bytecode), else in the user's cache (a read-only installation); none when
    the cache is turned off (COPYLINT_CACHE=off)."""
    from ..cache import cache_dir

    folder = cache_dir()
    if folder is None:
        return []
    import zlib

    name = f"{file.name}.{CACHE_FORM.replace('/', '-')}.bin"
    # in the shared user cache, one copy per installation: two checkouts on one
    # machine must not keep replacing each other's copy
    where = zlib.crc32(str(file.resolve()).encode("utf-8", "surrogateescape"))
    return [file.parent / "__pycache__" / name, folder / f"{where:08x}-{name}"]


def _open_cached(entry: Path, key: str) -> Lexicon | None:
    """The lexicon over a cache file (an 8-byte header length; a marshalled header with
    the key, the scalars and the place of each table and trie, counted from the
    header's end; then the int tables (arrays of 4-byte ints), the word records'
    offsets followed by the records (see WordRecords), and the serialised tries, the
    vocabulary's first), or None when it is missing, stale or damaged. Nothing but the header is read until a word is looked up (see WordTable,
    WordRecords): the tries are memory-mapped where they lie, not copied."""
    try:
        with open(entry, "rb") as handle:
            size = int.from_bytes(handle.read(8), "little")
            total = os.fstat(handle.fileno()).st_size
            if size > total:
                return None
            stored_key, data, places = marshal.loads(handle.read(size))
            if stored_key != key:
                return None
            view = memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
            file = _File(os.dup(handle.fileno()))  # for the lookups, after `handle` is closed
        base = 8 + size
        for name in ("vocabulary", *TRIES, ORDINARY):
            start, length = places[name]
            if base + start + length > total:
                return None
            data[name] = view[base + start:base + start + length]
        ids = _trie(marisa_trie.Trie(), data["vocabulary"])
        words = _Words(ids)
        tables = {}
        for name in TABLES:
            if name not in LIST_TABLES:
                start, length = places[name]
                if base + start + length > total:
                    return None
                tables[name] = WordTable(ids, view[base + start:base + start + length].cast("i"))
        start, length, lists_length = places["records"]
        if base + start + length + lists_length > total:
            return None
        records = WordRecords(ids, view[base + start:base + start + length].cast("I"), file, base + start + length)
        for name in RECORD_TABLES:
            tables[name] = WordListTable(records, name, words)
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        return None

    return Lexicon(data, tables, words)


def _write_cached(entry: Path, key: str, data: dict) -> None:
    from array import array

    lists = {name: {key: _split_list(name, value) for key, value in data[name].items() if value}
             for name in TABLES if name in LIST_TABLES}
    words = set()
    for name in TABLES:
        words.update(data[name])
        if name in LIST_TABLES and name != "related":  # every list's words in one split
            words.update("|".join(data[name].values()).split("|"))
    for parts in lists["related"].values():
        words.update(w for w in parts if type(w) is str)
    words.discard("")  # (the split of an empty entry, which has no list)
    for table in lists.values():
        for parts in table.values():
            if "" in parts:  # an empty word in a list: kept, as the plain tables keep it
                words.add("")
    # (derived lists hold only these words)
    lists["synonym_terms"] = _synonym_terms(lists["related"], lists["mwe_right"])
    lists["firm_left"], lists["firm_right"] = _firm_partners(lists, words)
    ids = marisa_trie.Trie(words)
    in_order = sorted(ids.iteritems(), key=lambda item: item[1])
    number_of = dict(in_order)
    blobs: list[bytes] = []
    places: dict[str, tuple] = {}
    offset = 0

    def put(*parts: bytes) -> tuple[int, ...]:
        nonlocal offset
        start = offset
        for part in parts:
            blobs.append(part)
            offset += len(part)
        padding = -offset % 8  # each array starts on an 8-byte boundary
        blobs.append(bytes(padding))
        offset += padding
        return (start, *(len(part) for part in parts))

    for name in TABLES:
        if name not in LIST_TABLES:
            values = array("i", [_NO_INT]) * len(ids)
            for word, value in data[name].items():
                if not _NO_INT < value < -_NO_INT:
                    raise ValueError(f"{name}: {word!r}: {value} does not fit the cache's ints")
                values[number_of[word]] = value
            places[name] = put(values.tobytes())
    starts = array("I", [_NO_TEXT]) * (len(ids) + 1)
    numbers: list[int] = []  # made an array once: extending an array item by item is slow
    lists["related_tiers"], lists["related"] = _split_tiers(lists["related"])
    in_record = [lists[name] for name in RECORD_TABLES]
    with_lists = set().union(*in_record)
    word_number = number_of.__getitem__
    for word, number in in_order:
        if word not in with_lists:
            starts[number] = len(numbers) | _NO_TEXT
            continue
        parts = [table.get(word, ()) for table in in_record]
        starts[number] = len(numbers)
        numbers += list(accumulate(map(len, parts), initial=_COUNT))[1:]  # where each list ends
        for index, part in enumerate(parts):
            numbers += part if index == _TIERS else map(word_number, part)  # (closeness, count): ints as they are
    starts[len(ids)] = len(numbers)
    if len(numbers) >= _NO_TEXT:
        raise ValueError("too many words for the cache's offsets")
    places["records"] = put(starts.tobytes(), array("i", numbers).tobytes())
    places["vocabulary"] = put(ids.tobytes())
    for name in TRIES:
        places[name] = put(data[name])
    places[ORDINARY] = put(_ordinary_trie(data).tobytes())
    scalars = {name: value for name, value in data.items() if name not in TABLES and name not in TRIES}
    header = marshal.dumps((key, scalars, places))
    entry.parent.mkdir(parents=True, exist_ok=True)
    temporary = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as out:
            out.write(len(header).to_bytes(8, "little"))
            out.write(header)
            for blob in blobs:
                out.write(blob)
        os.replace(temporary, entry)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def _split_list(name: str, value: str) -> list:
    """A list table's entry as stored in the cache (before words become numbers): its
    words; for `related`, closeness (x 100), count and words per tier."""
    if name != "related":
        return value.split("|")
    found: list = []
    for tier in value.split(";"):
        closeness, _, words = tier.partition(":")
        tier_words = words.split(",")
        found += [int(closeness), len(tier_words), *tier_words]
    return found


def _split_tiers(related: dict) -> tuple[dict, dict]:
    """`related` lists (as _split_list gives them) as two tables of the record: each
    word's (closeness, count) per tier, and its words of every tier in one list."""
    tiers, words = {}, {}
    for word, parts in related.items():
        at, heads, members = 0, [], []
        while at < len(parts):
            count = parts[at + 1]
            heads += parts[at:at + 2]
            members += parts[at + 2:at + 2 + count]
            at += 2 + count
        tiers[word], words[word] = heads, members
    return tiers, words


def _ordinary_trie(data: dict) -> marisa_trie.Trie:
    """One trie of every phrase of the TRIES (as read in the data file)."""
    from itertools import chain

    return marisa_trie.Trie(chain(  # (the trie keeps each phrase once)
        _trie(marisa_trie.RecordTrie("B"), data["bigrams"]).keys(), _trie(marisa_trie.Trie(), data["mwes"]).keys(),
        _trie(marisa_trie.Trie(), data["news_pairs"]).keys(),
        _trie(marisa_trie.RecordTrie("B"), data["tech_bigrams"]).keys()))


def _firm_partners(lists: dict, words: set) -> tuple[dict, dict]:
    """The "firm_left" and "firm_right" tables (lists split as _split_list gives
    them; `words`: the vocabulary): what candidates._firm_partners pools for a kept
    word on each side, with the plurals on the right always (a superset of the pool
    with or without them; only plurals the vocabulary holds, as that function keeps)."""
    from .candidates import plural_forms, singular_forms  # candidates imports this module

    def pooled(word: str, names: tuple[str, ...]) -> set:
        return set().union(*(lists[name].get(word, ()) for name in names))

    left_names = ("left_partners", "mwe_left", "tech_left_partners")
    left_words = set().union(*(lists[name] for name in left_names))
    left = {}
    for word in words:
        pool = pooled(word, left_names) if word in left_words else set()
        for single in singular_forms(word):
            pool |= pooled(single, left_names[:2])
        if pool:
            left[word] = sorted(pool)
    right_names = ("right_partners", "mwe_right", "tech_right_partners")
    right = {}
    for word in set().union(*(lists[name] for name in right_names)):
        pool = pooled(word, right_names)
        pool |= {form for partner in pool for form in plural_forms(partner) if form in words}
        right[word] = sorted(pool)
    return left, right


def _synonym_terms(related: dict, terms_after: dict) -> dict:
    """The "synonym_terms" table: for each word with synonyms (a first tier of
    closeness 1 in `related`, as _split_list gives it), every word that makes a
    two-word term after one of them (`terms_after`: mwe_right, split)."""
    found = {}
    for word, parts in related.items():
        if parts[0] != 100:
            continue
        union = set().union(*(terms_after.get(synonym, ()) for synonym in parts[2:2 + parts[1]]))
        if union:
            found[word] = sorted(union)
    return found


def _unpickle(file: Path) -> dict:
    """The data file itself (gzip and pickle are imported only here: a warm run never
    needs them)."""
    import gzip
    import pickle

    try:
        with gzip.open(file, "rb") as handle:
            return pickle.load(handle)
    except pickle.UnpicklingError as exc:
        raise ValueError(str(exc)) from None


@lru_cache(maxsize=1)
def load(path: str | None = None) -> Lexicon:
    """The lexicon, from its uncompressed compact copy when there is one (then a text
    reads only the pages holding its words); else from the data file, writing that copy
    for next time where it can and reading it straight away (never required: a
    read-only install works from the data file's plain dicts)."""
    file = Path(path) if path else DATA_FILE
    try:
        key = _cache_key(file)
        places = _cache_places(file)
        for entry in places:
            lex = _open_cached(entry, key)
            if lex is not None:
                return lex
        data = _unpickle(file)
        lex = Lexicon(data)
    except (OSError, EOFError, ValueError, KeyError) as exc:
        raise LexiconError(f"garble lexicon unreadable ({file}): {exc}") from None
    for entry in places:
        if entry.parent.name == "__pycache__" and sys.dont_write_bytecode:
            continue
        try:
            _write_cached(entry, key, data)
        except (OSError, ValueError):
            continue
        _drop_older_forms(entry)
        return _open_cached(entry, key) or lex
    return lex


def _drop_older_forms(entry: Path) -> None:
    """Removes the copies an older copylint wrote beside `entry` (another CACHE_FORM,
    so never read again): each is tens of MB. Files being written (.tmp) are left."""
    stem = entry.name[: -len(CACHE_FORM.replace("/", "-") + ".bin")]
    for old in entry.parent.glob(f"{stem}garble-lexicon*"):
        if old != entry and not old.name.endswith(".tmp"):
            try:
                old.unlink()
            except OSError:
                pass


def _known_pos_reader(unigrams: WordTable, pos: WordTable):
    """Lexicon.known_pos over the cache copy's two tables: the word numbered once (they
    share the vocabulary trie) and both arrays read, nothing kept (the pair scan keeps
    its own verdict per word)."""
    number_of, counts, bits = unigrams._ids.get, unigrams._values, pos._values

    def known_pos(word: str) -> int | None:
        number = number_of(word)
        if number is None or counts[number] == _NO_INT:
            return None
        found = bits[number]
        return 0 if found == _NO_INT else found

    return known_pos


def _itself(word):
    return word


def _listed(cache: dict, table, word: str) -> frozenset[str]:
    """The words `table` lists for `word`, as a set, kept in `cache`."""
    found = cache.get(word)
    if found is None:
        found = cache[word] = table.words(word)
    return found
