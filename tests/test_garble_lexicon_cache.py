"""The garble lexicon's compact cache copy: its tables hold exactly what the data file's
dicts hold, a text reads only the words it looks up, and it finds exactly what the
plain tables find; a stale or damaged copy is never used; the
cache is never required (turned off, nothing is written and the detector still works)."""
from __future__ import annotations

import pytest

from checker.garble import collocation, lexicon, syntax

SPUN = ("Officials blamed worldwide warming for the floods. He survived a heart assault "
        "last spring, and the runner collapsed from cardiac apprehension. The villagers "
        "are a militia form, and they already have everything govern.")


@pytest.fixture(scope="module")
def data():
    return lexicon._unpickle(lexicon.DATA_FILE)


@pytest.fixture(scope="module")
def written(tmp_path_factory, data):
    """The compact copy of the shipped data, written once for the tests that only read
    it (writing it takes seconds): (its path, its key)."""
    entry = tmp_path_factory.mktemp("compact") / "lexicon.bin"
    key = lexicon._cache_key(lexicon.DATA_FILE)
    lexicon._write_cached(entry, key, data)
    return entry, key


@pytest.fixture(scope="module")
def small_data(tmp_path_factory, data) -> bytes:
    """A data file of the shipped form holding a fiftieth of each word table, for the
    tests of where copies are written and found: writing its copy is quick."""
    import gzip
    import pickle

    small = {name: dict(list(table.items())[::50]) if isinstance(table, dict) else table
             for name, table in data.items()}
    path = tmp_path_factory.mktemp("small") / "garble-lexicon.pickle.gz"
    with gzip.open(path, "wb") as handle:
        pickle.dump(small, handle)
    return path.read_bytes()


def findings(lex: lexicon.Lexicon, text: str):
    found = [(g.tokens[0].start, g.tokens[-1].end, g.candidate.words, g.confidence, g.alternatives)
             for g in collocation.find(text, lex, 0.5)]
    return found + [(g.start, g.end, g.fix, g.confidence) for g in syntax.find(text, lex)]


def compact_tables(lex: lexicon.Lexicon) -> dict:
    return dict(zip(lexicon.TABLES, (
        lex.unigrams, lex.pos, lex._related, lex._thesaurus, lex.left_mass, lex.right_mass,
        lex._partners[0], lex._partners[1], lex._mwe_partners[0], lex._mwe_partners[1], lex._mwe3_slots,
        lex._tech_mass[0], lex._tech_mass[1], lex._tech_partners[0], lex._tech_partners[1])))


def test_compact_copy_holds_every_entry_and_nothing_else(written, data):
    compact = lexicon._open_cached(*written)
    plain_lex = lexicon.Lexicon(data)
    tables = compact_tables(compact)
    words = set().union(*(data[name] for name in lexicon.TABLES))
    probes = sorted(words)[::7] + ["", "not-a-word-at-all", "prime minister"]
    for name, table in tables.items():
        plain = data[name]
        if name in lexicon.LIST_TABLES:  # lists of words, read as sets (related: per tier)
            assert isinstance(table, lexicon.WordListTable)
            reference = lexicon.PlainListTable(plain)
            for word in probes:
                if name == "related":
                    assert table.tiers(word) == reference.tiers(word)
                    assert tuple((c, frozenset(map(compact.word, ks))) for c, ks in table.tier_numbers(word)) \
                        == reference.tiers(word)
                else:
                    assert table.words(word) == reference.words(word)
                    assert frozenset(map(compact.word, table.numbers(word))) == reference.words(word)
            continue
        assert isinstance(table, lexicon.WordTable)
        for word in probes:
            assert table.get(word) == plain.get(word) and (word in table) == (word in plain)
        some = next(iter(plain))
        assert table[some] == plain[some]
        with pytest.raises(KeyError):
            table["not-a-word-at-all"]
    # the table and the trie the copy adds hold what a lexicon without one pools as it goes
    assert len(compact.ordinary_sets) == 1 and len(plain_lex.ordinary_sets) == 4
    phrases = [p for known in plain_lex.ordinary_sets for p in list(known.keys())[::997]]
    for phrase in phrases + ["prime minister", "heart assault", "not a phrase at all", ""]:
        assert compact.ordinary(phrase) == plain_lex.ordinary(phrase)
    for word in probes:
        assert frozenset(map(compact.word, compact.synonym_term_keys(word))) == plain_lex.synonym_term_keys(word)
        assert compact.key(word) is None or compact.word(compact.key(word)) == word


def test_compact_copy_finds_the_same_and_reads_few_words(written, data):
    compact = lexicon._open_cached(*written)
    expected = findings(lexicon.Lexicon(data), SPUN)
    assert [f[2] for f in expected[:3]] == [("global", "warming"), ("heart", "attack"), ("cardiac", "arrest")]
    assert findings(compact, SPUN) == expected
    assert 0 < len(compact.unigrams._memo) < 200  # only the words looked up were read
    # however long the text, every table stays compact (nothing is read whole)
    compact.expect(10 * lexicon.RELEASE_EVERY)
    assert isinstance(compact.unigrams, lexicon.WordTable) and isinstance(compact._related, lexicon.WordListTable)
    assert findings(compact, SPUN) == expected


def resident_kb(path) -> int | None:
    """The resident memory of this process's mappings of `path` (Linux), else None."""
    try:
        lines = open("/proc/self/smaps").read().splitlines()
    except OSError:
        return None
    total, inside = 0, False
    for line in lines:
        if not line.endswith(":") and "-" in line.split(" ", 1)[0] and ":" not in line.split(" ", 1)[0]:
            inside = line.endswith(str(path))
        elif inside and line.startswith("Rss:"):
            total += int(line.split()[1])
    return total


def test_pages_read_through_the_map_are_given_back_every_so_often(tmp_path, written, data):
    entry = tmp_path / "lexicon.bin"  # a file of its own: no other test's map of it is resident
    entry.write_bytes(written[0].read_bytes())
    compact = lexicon._open_cached(entry, written[1])
    if resident_kb(entry) is None or not hasattr(lexicon.mmap, "MADV_DONTNEED"):
        pytest.skip("no /proc/self/smaps or madvise here: resident pages cannot be seen")
    expected = findings(lexicon.Lexicon(data), SPUN)
    compact.expect(1)  # a short text: nothing given back yet
    assert findings(compact, SPUN) == expected
    assert resident_kb(entry) > 0
    compact.expect(lexicon.RELEASE_EVERY)  # past RELEASE_EVERY in all: the pages go
    assert resident_kb(entry) == 0
    assert findings(compact, SPUN) == expected  # and are read again as needed
    assert resident_kb(entry) > 0


def test_stale_or_damaged_copy_is_not_used(tmp_path, written):
    entry, key = written
    assert lexicon._open_cached(entry, key) is not None
    assert lexicon._open_cached(entry, "new key") is None  # written under another key
    entry = tmp_path / "lexicon.bin"
    entry.write_bytes(b"\xff" * 100)
    assert lexicon._open_cached(entry, "new key") is None
    assert lexicon._open_cached(tmp_path / "missing.bin", "new key") is None


def test_cache_turned_off_writes_nothing_and_still_works(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYLINT_CACHE", "off")
    copy = tmp_path / "garble-lexicon.pickle.gz"
    copy.write_bytes(lexicon.DATA_FILE.read_bytes())
    lex = lexicon.load.__wrapped__(str(copy))
    assert lex.established("prime minister")
    assert [p.name for p in tmp_path.rglob("*")] == [copy.name]


def test_cache_written_beside_the_data_and_used_next_time(tmp_path, monkeypatch, small_data):
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path / "user-cache"))
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    copy = tmp_path / "garble-lexicon.pickle.gz"
    copy.write_bytes(small_data)
    first = lexicon.load.__wrapped__(str(copy))
    written = list((tmp_path / "__pycache__").glob("*.bin"))
    assert len(written) == 1 and not (tmp_path / "user-cache").exists()
    second = lexicon.load.__wrapped__(str(copy))
    assert isinstance(second.unigrams, lexicon.WordTable) and isinstance(first.unigrams, lexicon.WordTable)
    assert findings(second, SPUN) == findings(first, SPUN)


def test_copies_of_an_older_form_are_removed_when_a_new_one_is_written(tmp_path, monkeypatch, small_data):
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path / "user-cache"))
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    copy = tmp_path / "garble-lexicon.pickle.gz"
    copy.write_bytes(small_data)
    cache = tmp_path / "__pycache__"
    cache.mkdir()
    older = cache / "garble-lexicon.pickle.gz.garble-lexicon-sharded-1.bin"
    older.write_bytes(b"an old copy")
    writing = cache / "garble-lexicon.pickle.gz.garble-lexicon-sharded-1.bin.123.tmp"
    writing.write_bytes(b"another process's copy in the making")
    other = cache / "other-data.pickle.gz.garble-lexicon-sharded-1.bin"
    other.write_bytes(b"not ours")
    lexicon.load.__wrapped__(str(copy))
    current = f"garble-lexicon.pickle.gz.{lexicon.CACHE_FORM.replace('/', '-')}.bin"
    assert sorted(p.name for p in cache.iterdir()) == sorted([current, writing.name, other.name])


def test_unwritable_package_folder_falls_back_to_the_user_cache(tmp_path, monkeypatch, small_data):
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path / "user-cache"))
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    copy = tmp_path / "garble-lexicon.pickle.gz"
    copy.write_bytes(small_data)
    (tmp_path / "__pycache__").write_text("not a folder")  # no copy can be written beside
    lexicon.load.__wrapped__(str(copy))
    assert len(list((tmp_path / "user-cache").glob("*.bin"))) == 1
    assert isinstance(lexicon.load.__wrapped__(str(copy)).pos, lexicon.WordTable)


def test_two_installations_keep_their_own_copy_in_the_user_cache(tmp_path, monkeypatch, small_data):
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path / "user-cache"))
    monkeypatch.setattr("sys.dont_write_bytecode", True)  # nothing beside the data: user cache only
    copies = []
    for name in ("one", "two"):
        folder = tmp_path / name
        folder.mkdir()
        copy = folder / "garble-lexicon.pickle.gz"
        copy.write_bytes(small_data)
        lexicon.load.__wrapped__(str(copy))
        copies.append(copy)
    assert len(list((tmp_path / "user-cache").glob("*.bin"))) == 2
    for copy in copies:  # each still finds its own copy: no rebuild, no overwrite
        assert isinstance(lexicon.load.__wrapped__(str(copy)).pos, lexicon.WordTable)


def _paths_find_something(words, lex) -> bool:
    """Whether any path that may_have_candidates stands in for finds a candidate."""
    from checker.garble import candidates

    return bool(candidates.loyal_candidates(words, lex, 0.0) or candidates.term_candidates(words, lex)
                or candidates.thesaurus_candidates(words, lex))


def _in_order(found: list) -> list:
    """Candidates in one order (a path lists them in the order of a set's)."""
    return sorted(found, key=lambda c: (c.words, c.closeness, c.changed))


def test_a_pair_ruled_out_at_once_has_no_candidate_on_any_path(data):
    """may_have_candidates (three set tests on pools the cache copy has ready) says no
    only for pairs on which every path it skips finds nothing: checked on pairs of
    the lexicon's own nouns and adjectives, a swapped word paired with a partner of
    one of its substitutes (the near misses), and the spun examples."""
    from checker.garble import candidates
    from checker.garble.pos import ADJ, ANY_NOUN

    lex = lexicon.load()
    plain = lexicon.Lexicon(data)
    nouns = sorted(w for w, bits in data["pos"].items() if bits & ANY_NOUN and len(w) > 2)[::211]
    modifiers = sorted(w for w, bits in data["pos"].items() if bits & (ANY_NOUN | ADJ) and len(w) > 2)[::307]
    pairs = [(a, b) for a in modifiers[:60] for b in nouns[:60]]
    for word in modifiers[:200]:  # near misses: a substitute's partner, on the wrong side or with a twist
        for sub in sorted(plain.substitutes(word))[:3]:
            pairs += [(word, p) for p in sorted(plain.partners(sub, 1))[:3]]
            pairs += [(p, word) for p in sorted(plain.partners(sub, 0))[:3]]
    pairs += [("heart", "assault"), ("worldwide", "warming"), ("cardiac", "apprehension"), ("militia", "form")]
    ruled_out = 0
    for words in pairs:
        for judge in (lex, plain):
            if not candidates.may_have_candidates(words, judge):
                ruled_out += 1
                assert not _paths_find_something(words, judge), words
            # the searches left out find nothing, and what the screen found on each side
            # holds what is found there: each path finds what it finds with neither
            searches, shared = candidates.screen(words, judge)
            assert shared is None if judge is plain else shared is not None or not searches
            for reach in (0.0, 0.9):
                assert candidates.loyal_candidates(words, judge, reach, searches, shared) == \
                    candidates.loyal_candidates(words, judge, reach), words
            assert _in_order(candidates.term_candidates(words, judge, searches, shared)) == \
                _in_order(candidates.term_candidates(words, judge)), words
            assert candidates.thesaurus_candidates(words, judge, searches, shared) == \
                candidates.thesaurus_candidates(words, judge), words
        assert candidates.possible_searches(words, lex) == candidates.possible_searches(words, plain)
    assert ruled_out > len(pairs)  # most pairs are ruled out, by both lexicons
    for words in [("heart", "assault"), ("worldwide", "warming"), ("cardiac", "apprehension")]:
        assert candidates.may_have_candidates(words, lex)
