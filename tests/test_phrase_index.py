"""Big phrase lists kept packed (checker/phrase_index.py): the same findings as one
automaton of every phrase, whichever way a text's words are looked up; an edited list
is read again; a damaged cache entry is never used, but rebuilt."""
from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, strategies as st

from checker import cache as pack_cache
from checker.document import Document
from checker.kinds import phrase
from checker.rulepack import Rule
from conftest import cli
from strategies import budget


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("COPYLINT_CACHE", raising=False)
    return folder


# -- the phrase kind in-process: packed lists against one automaton ----------------------

VOCABULARY = ["tea", "pot", "kettle", "Kettle", "hot", "water", "stove", "don't", "e.g.",
              "well-known", "_x", "café", "NASA"]
SEPARATORS = [" ", "  ", "\n", ", ", ". ", "-", "'", " (", ") "]


def rule(number: int, phrases, source: Path = Path("big.yml")) -> Rule:
    return Rule(id=f"big.rule-{number}", kind="phrase", severity="warning", message="“{phrase}” -> “{replacement}”",
                description="A big list.", params={"phrases": phrases}, source=source)


def findings(rules, text: str, **switches) -> list[tuple]:
    with ExitStack() as stack:
        for name, value in switches.items():
            stack.enter_context(mock.patch.object(phrase, name, value))
        check = phrase.compile(rules, None)
        return [(f.rule, f.start, f.end, f.message, f.replacements)
                for f in check.check(Document.from_text(text))]


def packed(rules) -> list[Rule]:
    """The rules as the pack cache keeps them: each list packed (as a list over
    LARGE phrases is; LARGE made small)."""
    with mock.patch.object(phrase, "LARGE", 0):
        return [rule(int(r.id.rsplit("-", 1)[1]), phrase.cached_params(r)["phrases"]) for r in rules]


phrases = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=3).map(" ".join)
replacements = st.one_of(st.none(), st.sampled_from(["brew", "Boil it", ""]),
                         st.lists(st.sampled_from(["a", "b c"]), max_size=2))
lists = st.lists(st.dictionaries(phrases, replacements, min_size=1, max_size=12), min_size=1, max_size=3)
texts = st.lists(st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda parts: "".join(word + separator for word, separator in parts))


@budget(300)
@given(lists, texts)
def test_packed_lists_find_what_one_automaton_finds(tables, text):
    rules = [rule(n, table) for n, table in enumerate(tables)]
    expected = findings(rules, text, LARGE=10**9)
    big = packed(rules)
    assert findings(big, text, LARGE=0, FEW_WORDS_PER_PHRASE=0) == expected  # the tries
    assert findings(big, text, LARGE=0, FEW_WORDS_PER_PHRASE=10**9) == expected  # the gram sets
    # in chunks of a word each, the last word of one paired with the first of the
    # next: by the tries, by the gram sets, and by both (chunks under 10 characters by
    # the tries, the others by the gram sets)
    for few in (0, 10**9, sum(map(len, tables)) * phrase.CHARACTERS_PER_WORD / 10):
        assert findings(big, text, LARGE=0, FEW_WORDS_PER_PHRASE=few, CHUNK_CHARACTERS=1) == expected
    assert findings(big, text, LARGE=10**9) == expected  # packed, yet few: one automaton
    # a packed list beside rules of a few phrases (indexed at run time), in rule order
    assert findings([big[0], *rules[1:]], text, LARGE=0) == expected


def test_a_phrase_in_two_lists_belongs_to_the_first():
    rules = packed([rule(0, {"hot water": "boiling water"}), rule(1, {"hot water": "steam", "tea pot": None})])
    found = findings(rules, "Hot water in a tea pot.", LARGE=0)
    assert found == [("big.rule-0", 0, 9, "“Hot water” -> “Boiling water”", ("Boiling water",)),
                     ("big.rule-1", 15, 22, "“tea pot” -> “”", ())]


# -- as a user runs it: a big mapping, a big TSV, the cache edited or damaged ---------------

HEAD = """pack: big
rules:
  - id: big.phrases
    kind: phrase
    severity: warning
    description: A big list.
    message: "“{phrase}”: write “{replacement}”."
"""
FILLER = [f"filler {n:05d} phrase" for n in range(3_000)]  # over 64 KB as YAML: cached
TEXT = "The kettle boiled. A Filler 00042 phrase, then a hot stove and filler 02999 phrase.\n"


def yaml_pack(write, extra: dict[str, str]):
    body = "".join(f'      "{k}": "{v}"\n' for k, v in {**dict.fromkeys(FILLER, "x"), **extra}.items())
    return write("pack/big.yml", HEAD + "    phrases:\n" + body)


def tsv_pack(write, extra: dict[str, str]):
    write("pack/list.tsv", "".join(f"{k}\t{v}\n" for k, v in {**dict.fromkeys(FILLER, "x"), **extra}.items()))
    return write("pack/big.yml", HEAD + "    phrases_file: list.tsv\n")


def lint(pack, doc):
    result = cli("lint", "--format", "json", "--select", "big", "--rules", str(pack), str(doc))
    assert result.exit_code == 1, result
    return [(f["start"], f["end"], f["replacements"]) for f in result.json()["files"][0]["findings"]]


def touched(path: Path) -> None:
    """As an editor saves a file: a later modification time, whatever the clock's grain."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


def at(found: str) -> tuple[int, int]:
    return TEXT.index(found), TEXT.index(found) + len(found)


EXPECTED = [(*at("kettle"), ["pot"]), (*at("Filler 00042 phrase"), ["X"]), (*at("hot stove"), ["stove top"]),
            (*at("filler 02999 phrase"), ["x"])]
EDITED = [(*at("kettle"), ["pan"]), (*at("boiled"), ["simmered"]), (*at("Filler 00042 phrase"), ["X"]),
          (*at("filler 02999 phrase"), ["x"])]


@pytest.mark.parametrize("layout", [yaml_pack, tsv_pack])
def test_an_edited_big_list_is_read_again(write, monkeypatch, private_cache, layout):
    monkeypatch.setattr(phrase, "LARGE", 1_000)  # 3,000 phrases: packed
    doc = write("doc.txt", TEXT)
    pack = layout(write, {"kettle": "pot", "hot stove": "stove top"})
    assert lint(pack, doc) == EXPECTED
    assert lint(pack, doc) == EXPECTED  # from the cache
    assert any(b"copylint-phrase-index" in entry.read_bytes() for entry in private_cache.iterdir())
    layout(write, {"kettle": "pan", "boiled": "simmered"})  # "hot stove" gone, "boiled" new
    touched(Path(pack).parent / ("list.tsv" if layout is tsv_pack else "big.yml"))
    assert lint(pack, doc) == EDITED
    monkeypatch.setattr(phrase, "LARGE", 10**9)  # the same list as one automaton
    assert lint(pack, doc) == EDITED


@pytest.mark.parametrize("damage", ["cut", "flipped", "garbage", "empty"])
@pytest.mark.parametrize("layout", [yaml_pack, tsv_pack])
def test_a_damaged_cache_entry_is_rebuilt_not_used(write, monkeypatch, private_cache, layout, damage):
    monkeypatch.setattr(phrase, "LARGE", 1_000)
    doc = write("doc.txt", TEXT)
    pack = layout(write, {"kettle": "pot", "hot stove": "stove top"})
    assert lint(pack, doc) == EXPECTED
    entries = sorted(private_cache.iterdir())
    assert entries
    for entry in entries:
        data = bytearray(entry.read_bytes())
        if damage == "cut":
            data = data[:len(data) * 2 // 3]
        elif damage == "flipped":  # one bit, in the packed phrases near the end
            data[-len(data) // 5] ^= 0x10
        elif damage == "garbage":
            data = bytearray(os.urandom(len(data)))
        else:
            data = bytearray()
        entry.write_bytes(bytes(data))
    assert lint(pack, doc) == EXPECTED
    # rebuilt whole: the next run reads the list from the cache, parsing nothing
    from checker import rulepack

    parse_yaml = rulepack._parse_yaml

    def not_this_pack(file):
        # (the shipped packs, and the small pack that names a TSV, are parsed each run)
        assert file != pack or layout is tsv_pack, "parsed again"
        return parse_yaml(file)

    def unread(path):
        raise AssertionError("read again")

    with monkeypatch.context() as patched:
        patched.setattr(rulepack, "_parse_yaml", not_this_pack)
        patched.setattr(phrase, "_file_table", unread)
        assert lint(pack, doc) == EXPECTED


def test_an_entry_for_another_key_or_damaged_is_parsed_again(tmp_path):
    source = tmp_path / "list.yml"
    source.write_bytes(b"x" * pack_cache.MIN_BYTES)
    calls = []

    def parse():
        calls.append(1)
        return {"phrases": list(range(1000))}

    assert pack_cache.parsed(source, parse, "t/1") == {"phrases": list(range(1000))}
    assert pack_cache.parsed(source, parse, "t/1") == {"phrases": list(range(1000))}
    assert len(calls) == 1
    (entry,) = (tmp_path / "cache").iterdir()
    data = bytearray(entry.read_bytes())
    data[-3] ^= 1  # an altered value: marshal would still read it
    entry.write_bytes(bytes(data))
    assert pack_cache.parsed(source, parse, "t/1") == {"phrases": list(range(1000))}
    assert len(calls) == 2


def test_many_rules_beside_a_big_list_are_indexed_once_and_follow_their_pack(write, monkeypatch):
    monkeypatch.setattr(phrase, "LARGE", 1_000)
    rules = "".join(f'  - id: big.rule-{n}\n    kind: phrase\n    description: One phrase.\n'
                    f'    phrases: {{"filler {n:05d} phrase": "rule {n}"}}\n' for n in range(1_200))
    tsv_pack(write, {"kettle": "pot"})
    pack = write("pack/big.yml", HEAD + "    phrases_file: list.tsv\n" + rules)
    doc = write("doc.txt", TEXT)
    # the first rule's list (and its replacement) wins over a later rule's phrase
    expected = [(*at("kettle"), ["pot"]), (*at("Filler 00042 phrase"), ["X"]), (*at("filler 02999 phrase"), ["x"])]
    assert lint(pack, doc) == expected
    with monkeypatch.context() as patched:
        def unpacked(entries):
            raise AssertionError("indexed again")

        patched.setattr(phrase, "pack", unpacked)
        assert lint(pack, doc) == expected
    write("pack/big.yml", HEAD + "    phrases_file: list.tsv\n"
          + rules.replace("filler 00042 phrase", "hot stove").replace("  - id: big.rule-0\n", "  - id: big.rule-a\n"))
    touched(pack)
    edited = sorted([*expected, (*at("hot stove"), ["rule 42"])])
    assert lint(pack, doc) == edited
    monkeypatch.setattr(phrase, "LARGE", 10**9)
    assert lint(pack, doc) == edited


WORD_PIECES = ["tea", "Kettle", "café", "_x", "42", "é", "œuvre", "naïve", "𝒜b", "\ud800", "日本", "٣", "’", "“", "”",
               "—", "…", "«", "»", "½", "\u00a0", "\u2009", " ", "\n", "-", ".", "'", "\x00", "\u0301"]


@given(st.lists(st.sampled_from(WORD_PIECES), max_size=60).map("".join))
def test_a_long_text_s_words_in_utf8_are_those_of_the_pattern(text):
    """utf8_words finds a byte at a time what WORDS finds, whatever the characters."""
    expected = [word.encode("utf-8", "surrogatepass") for word in phrase.WORDS.findall(text)]
    assert phrase.utf8_words(text) == expected
    with mock.patch.object(phrase, "FEW_OTHER_CHARACTERS", 0):  # every such character: the pattern
        assert phrase.utf8_words(text) == expected
