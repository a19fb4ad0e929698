"""Big rule packs are parsed once and then read from copylint's pack cache; an
edited pack is read again, and a cache that cannot be written changes nothing."""
from __future__ import annotations

import os

import pytest

from conftest import cli, phrase_rule

PACK_HEAD = "pack: cached\nrules:\n"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("COPYLINT_CACHE", raising=False)
    return folder


def big_pack(write, extra: str = ""):
    # about 800 rules: over the size (64 KB) from which packs are cached
    return write("packs/big.yml", PACK_HEAD + "".join(phrase_rule("cached", n) for n in range(800)) + extra)


def rules_found(pack, doc):
    result = cli("lint", "--format", "json", "--select", "cached", "--rules", str(pack), str(doc))
    return [(f["rule"], f["start"], f["end"], f["replacements"]) for f in result.json()["files"][0]["findings"]]


def test_a_big_pack_is_cached_and_gives_the_same_findings(write, cache):
    pack = big_pack(write)
    doc = write("doc.txt", "A filler phrase 7 and a Filler Phrase 799.")
    first = rules_found(pack, doc)
    entries = [p for p in cache.iterdir() if p.suffix == ".marshal"]
    assert len(entries) == 1  # the big pack; the small shipped packs are not cached
    assert rules_found(pack, doc) == first == [
        ("cached.phrase-7", 2, 17, ["filler 7"]),
        ("cached.phrase-799", 24, 41, ["Filler 799"]),
    ]


def test_an_edited_pack_is_read_again(write, cache):
    pack = big_pack(write)
    doc = write("doc.txt", "A filler phrase 7 and a new phrase.")
    assert [r[0] for r in rules_found(pack, doc)] == ["cached.phrase-7"]
    big_pack(write, extra=phrase_rule("cached", 900).replace("filler phrase 900", "new phrase"))
    os.utime(pack, ns=(pack.stat().st_atime_ns, pack.stat().st_mtime_ns + 10**9))
    assert [r[0] for r in rules_found(pack, doc)] == ["cached.phrase-7", "cached.phrase-900"]


def test_an_unwritable_or_disabled_cache_changes_nothing(write, cache, monkeypatch):
    pack = big_pack(write)
    doc = write("doc.txt", "A filler phrase 7.")
    cache.write_text("not a folder")  # the cache path is a file: nothing can be written
    assert rules_found(pack, doc) == [("cached.phrase-7", 2, 17, ["filler 7"])]
    monkeypatch.setenv("COPYLINT_CACHE", "off")
    cache.unlink()
    assert rules_found(pack, doc) == [("cached.phrase-7", 2, 17, ["filler 7"])]
    assert not cache.exists()


def test_shipped_packs_are_kept_parsed_beside_them_like_bytecode(tmp_path, cache, monkeypatch):
    from checker import cache as pack_cache

    pack = tmp_path / "rules" / "small.yml"
    pack.parent.mkdir()
    pack.write_text("pack: small\n")
    calls = []

    def parse():
        calls.append(1)
        return {"pack": "small"}

    monkeypatch.setattr("sys.dont_write_bytecode", True)  # as PYTHONDONTWRITEBYTECODE=1
    assert pack_cache.parsed(pack, parse, "t/1", beside=True) == {"pack": "small"}
    assert not (pack.parent / "__pycache__").exists()
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    assert pack_cache.parsed(pack, parse, "t/1", beside=True) == {"pack": "small"}
    assert [p.name for p in (pack.parent / "__pycache__").iterdir()] == ["small.yml.t-1.marshal"]
    assert pack_cache.parsed(pack, parse, "t/1", beside=True) == {"pack": "small"}
    assert len(calls) == 2  # the third read came from the cache
    assert not cache.exists()  # nothing in the user's cache


def test_rules_read_from_the_cache_equal_the_parsed_ones(write, cache):
    from checker import rulepack

    pack = big_pack(write)
    parsed = rulepack._validated_pack(pack)
    first, second = rulepack.load_pack(pack), rulepack.load_pack(pack)  # written, then read
    assert first == parsed and second == parsed
    assert [vars(r) for r in second] == [vars(r) for r in parsed]
    assert second[0].message is second[1].message  # a repeated text is one object


def test_many_one_phrase_rules_find_what_one_automaton_finds(write, cache, monkeypatch):
    # above phrase.LARGE phrases in all: the n-gram lookup, each rule's table made at
    # its first match; a phrase in two rules belongs to the first
    from checker.kinds import phrase

    extra = ('  - id: cached.again\n    kind: phrase\n    severity: info\n    description: Again.\n'
             '    phrases: ["filler phrase 7", "filler phrase 20002 more"]\n')
    pack = write("packs/many.yml", PACK_HEAD + "".join(phrase_rule("cached", n) for n in range(20_005)) + extra)
    doc = write("doc.txt", "A filler phrase 7, a Filler Phrase 20004 and filler phrase 20002 more.")
    expected = [("cached.phrase-7", 2, 17, ["filler 7"]), ("cached.phrase-20004", 21, 40, ["Filler 20004"]),
                ("cached.phrase-20002", 45, 64, ["filler 20002"]), ("cached.again", 45, 69, [])]
    assert rules_found(pack, doc) == expected
    monkeypatch.setattr(phrase, "LARGE", 10**9)  # one automaton of every phrase, every table built
    assert rules_found(pack, doc) == expected


def test_the_phrase_index_of_many_rules_is_cached_and_follows_the_pack(write, cache, monkeypatch):
    # above phrase.LARGE phrases (made small here): the n-gram index is kept with the pack
    from checker.kinds import phrase

    monkeypatch.setattr(phrase, "LARGE", 50)
    pack = big_pack(write)
    doc = write("doc.txt", "A filler phrase 7, a new phrase and filler phrase 799.")
    assert rules_found(pack, doc) == [("cached.phrase-7", 2, 17, ["filler 7"]),
                                      ("cached.phrase-799", 36, 53, ["filler 799"])]
    assert len([p for p in cache.iterdir() if p.suffix == ".marshal"]) == 2  # the rules, their index

    def unbuilt(self, *args):
        raise AssertionError("the index was built again")

    with monkeypatch.context() as m:  # the same pack and rules: the index is read, not built
        m.setattr(phrase.PhraseCheck, "_build", unbuilt)
        assert [r[0] for r in rules_found(pack, doc)] == ["cached.phrase-7", "cached.phrase-799"]
    # other rules selected: another index
    result = cli("lint", "--format", "json", "--select", "cached", "--ignore", "cached.phrase-7",
                 "--rules", str(pack), str(doc))
    assert [f["rule"] for f in result.json()["files"][0]["findings"]] == ["cached.phrase-799"]
    # an edited pack: its index is built again
    big_pack(write, extra=phrase_rule("cached", 900).replace("filler phrase 900", "new phrase"))
    os.utime(pack, ns=(pack.stat().st_atime_ns, pack.stat().st_mtime_ns + 10**9))
    assert [r[0] for r in rules_found(pack, doc)] == ["cached.phrase-7", "cached.phrase-900", "cached.phrase-799"]


def test_the_collector_is_paused_only_while_a_pack_loads(write, cache):
    import gc

    from checker import gcpause, rulepack

    assert gc.isenabled()
    with gcpause.collector_paused():
        assert not gc.isenabled()
        rulepack.load_pack(big_pack(write))
    assert gc.isenabled() and gc.get_freeze_count() == 0  # nothing stays frozen
    assert gc.get_count()[0] < 1000  # what it built is no longer in the youngest generation
