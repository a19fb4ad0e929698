"""The garble detector keeps only the recently read word lists (checker/garble/recent.py):
its memory stays bounded however large the vocabulary of a text, and what it finds
does not depend on what it happened to keep."""
from __future__ import annotations

from collections import OrderedDict

import pytest
from hypothesis import given, strategies as st

from checker.config import Settings
from checker.engine import Engine
from checker.garble import lexicon
from checker.garble.recent import ENTRY_COST, RecentSets, elements
from checker.runner import check_text
from conftest import shared_path
from strategies import budget

ENGINE = Engine(Settings(select=["garble"]))

# sentences in our own words: spun phrasing the detector flags, and plain copy around it
SENTENCES = [
    "Officials blamed worldwide warming for the floods.",
    "He survived a heart assault last spring.",
    "The runner collapsed from cardiac apprehension after the race.",
    "The school built two tennis tribunals behind the gym.",
    "The children sat by the swimming puddle all afternoon.",
    "The students measured the melting spot of the wax.",
    "Climate alteration threatens the villages on the coast.",
    "The villagers are a militia form, and they already have everything govern.",
    "The council approved the budget after a long debate.",
    "Fresh bread and strong coffee were served in the morning.",
    "Her brother repaired the old bicycle in the garden shed.",
    "The museum opened a new wing for modern sculpture.",
]


def findings(text: str):
    return [(f.rule, f.start, f.end, f.replacements, f.message) for f in check_text(ENGINE, text).findings]


# -- the cache itself --------------------------------------------------------------------
def test_the_sets_stored_first_go_first_once_the_budget_is_spent():
    sets = RecentSets(budget=3 * (2 + ENTRY_COST))
    sets["a"], sets["b"], sets["c"] = frozenset({1, 2}), frozenset({3, 4}), frozenset({5, 6})
    sets["a"] = frozenset({1, 2})  # stored again: "b" is now the oldest
    sets["d"] = frozenset({7, 8})
    assert sets.get("b") is None
    assert [sets.get(k) for k in "acd"] == [{1, 2}, {5, 6}, {7, 8}]
    assert sets.held == 3 * (2 + ENTRY_COST)
    sets["e"] = frozenset({9})  # 3 elements' room needed: "c" goes, the oldest left
    assert sets.get("c") is None and sets.get("a") == {1, 2} and sets.get("e") == {9}


def test_a_set_larger_than_the_budget_is_returned_but_not_kept():
    sets = RecentSets(budget=10)
    sets["small"] = frozenset({1})
    sets["huge"] = frozenset(range(100))
    assert sets.get("huge") is None and sets.get("small") == {1}


def test_tiers_count_the_numbers_of_every_tier():
    tiers = ((1.0, frozenset({1, 2})), (0.5, frozenset({3, 4, 5})))
    assert elements(tiers) == 5 and elements(frozenset({9})) == 1 and elements(()) == 0


OPERATIONS = st.lists(st.tuples(st.sampled_from("abcdefgh"), st.one_of(
    st.none(), st.frozensets(st.integers(0, 50), max_size=12))), max_size=60)


@budget(300)
@given(OPERATIONS, st.integers(1, 60))
def test_the_cache_keeps_the_latest_stored_within_its_budget_of_elements(operations, limit):
    """Against a plain model: every answer is the value last stored or nothing, what is
    held never exceeds the budget, and entries leave oldest-stored first."""
    sets, model = RecentSets(limit), OrderedDict()
    for key, value in operations:
        if value is None:  # a lookup
            assert sets.get(key) == model.get(key)
        else:
            model.pop(key, None)
            if elements(value) + ENTRY_COST <= limit:
                model[key] = value
                while sum(elements(v) + ENTRY_COST for v in model.values()) > limit:
                    model.popitem(last=False)
            sets[key] = value
        assert sets.held == sum(elements(v) + ENTRY_COST for v in model.values()) <= limit
        assert len(sets) == len(model)


# -- the detector under a budget ---------------------------------------------------------
@budget(25)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=12), st.integers(0, 400))
def test_findings_do_not_depend_on_what_the_cache_kept(picked, limit):
    """The same findings, spans, fixes and messages with room for a few sets (or none)
    as with room for all of them."""
    text, lex = " ".join(picked), lexicon.load()
    kept = lex.key_sets
    try:
        lex.key_sets = RecentSets(10**9)
        expected = findings(text)
        lex.key_sets = RecentSets(limit)
        assert findings(text) == expected
        assert lex.key_sets.held <= limit
    finally:
        lex.key_sets = kept


def test_a_large_vocabulary_keeps_the_cache_within_its_budget(monkeypatch):
    """A text of many different words (the development corpus, when it is there) fills
    the cache to its budget and no further; its findings are those of an unbounded
    cache."""
    lex, corpus = lexicon.load(), shared_path("corpus")
    texts = sorted(p for p in corpus.glob("*.txt") if "LICENSE" not in p.name.upper())
    if not texts:
        pytest.skip("../shared/corpus holds no text")
    text = texts[0].read_text(encoding="utf-8")[:300_000]
    monkeypatch.setattr(lex, "key_sets", RecentSets(10**9))
    expected = findings(text)
    unbounded = lex.key_sets.held
    monkeypatch.setattr(lex, "key_sets", RecentSets(lexicon.KEY_SETS_HELD // 10))
    assert findings(text) == expected
    assert unbounded > lexicon.KEY_SETS_HELD // 10 >= lex.key_sets.held > 0


def _word_set_caches(lex, held: int) -> dict:
    """The lexicon's per-word caches of word sets, each replaced by one that keeps at
    most `held` elements; returns what they were."""
    kept = {name: value for name, value in vars(lex).items()
            if isinstance(value, RecentSets) and name != "key_sets"
            or isinstance(value, tuple) and value and all(isinstance(v, RecentSets) for v in value)}
    for name, value in kept.items():
        setattr(lex, name, tuple(RecentSets(held) for _ in value) if isinstance(value, tuple) else RecentSets(held))
    return kept


# terms whose acronym a swap broke: garble.acronym reads their words' substitutes
ACRONYM_SENTENCES = [
    "The lab trained a profound learning (DL) model on the scans.",
    "A bolster vector machine (SVM) served as the baseline.",
    "The drone logged its route with a worldwide positioning framework (GPS).",
]


@budget(25)
@given(st.lists(st.sampled_from(SENTENCES + ACRONYM_SENTENCES), min_size=1, max_size=12), st.integers(0, 400))
def test_findings_do_not_depend_on_what_the_word_set_caches_kept(picked, limit):
    """A word's substitutes, partners and thesaurus entries are kept for the recent
    words only (lexicon.WORD_SETS_HELD): a long text's whole vocabulary of them was tens
    of MB. With room for a few (or none), the same findings as with room for all."""
    text, lex = " ".join(picked), lexicon.load()
    kept = _word_set_caches(lex, 10**9)
    assert len(kept) >= 7  # related, partners, terms, substitutes, thesaurus, slots, technical partners
    try:
        expected = findings(text)
        _word_set_caches(lex, limit)
        assert findings(text) == expected
        for name in kept:
            for cache in (getattr(lex, name) if isinstance(getattr(lex, name), tuple) else (getattr(lex, name),)):
                assert cache.held <= limit
    finally:
        for name, value in kept.items():
            setattr(lex, name, value)
