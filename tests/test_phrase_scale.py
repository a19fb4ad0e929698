"""Big phrase lists: above phrase.LARGE phrases the phrase kind finds candidates by
word n-gram lookups instead of one big automaton. Both ways must report the same
findings, and a TSV phrase list must read the same with or without quotes."""
from __future__ import annotations

import random

import pytest

from checker.kinds import phrase
from conftest import cli

PACK = """pack: big
rules:
  - id: big.phrases
    kind: phrase
    severity: warning
    description: A big generated list.
    message: "“{phrase}”: write “{replacement}”."
    phrases_file: list.tsv
"""

# phrases with punctuation, capitals, doubled spaces, several or no replacements
SPECIAL = [
    "state-of-the-art\tcurrent",
    "e.g. this\tfor example this",
    "New  York Times\tthe Times",
    "counterfeit consciousness\tartificial intelligence\tAI",
    "bosom peril\tbreast cancer",
    "no replacement here",
    "# a comment line\tnot a phrase",
    "",
    "   ",
    "kilo\tk",
]
TEXT = (
    "Counterfeit consciousness is state-of-the-art, e.g. this one.\n"
    "The new york\n  times wrote of bosom\nperil; NO REPLACEMENT HERE was given.\n"
    "A kilogram, not a kilo. Newyork times is not a phrase.\n"
)


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Big lists are cached: keep these tests' entries out of the user's cache."""
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path / "cache"))


def write_pack(write, extra: int, lines=SPECIAL):
    chooser = random.Random(3)
    letters = "abcdefghijklmnopqrstuvwxyz"
    filler = {" ".join("".join(chooser.choice(letters) for _ in range(6)) for _ in range(2))
              for _ in range(extra)}
    write("pack/list.tsv", "\n".join([*lines, *(f"{f}\t{f.upper()}" for f in sorted(filler))]) + "\n")
    return write("pack/big.yml", PACK)


def findings(pack, doc):
    result = cli("lint", "--format", "json", "--select", "big", "--rules", str(pack), str(doc))
    return [(f["start"], f["end"], f["message"], f["replacements"]) for f in result.json()["files"][0]["findings"]]


def at(found: str, after: int = 0) -> tuple[int, int]:
    start = TEXT.index(found, after)
    return start, start + len(found)


EXPECTED = [
    (*at("Counterfeit consciousness"), "“Counterfeit consciousness”: write “Artificial intelligence”.",
     ["Artificial intelligence", "AI"]),
    (*at("state-of-the-art"), "“state-of-the-art”: write “current”.", ["current"]),
    (*at("e.g. this"), "“e.g. this”: write “for example this”.", ["for example this"]),
    (*at("new york\n  times"), "“new york\n  times”: write “the Times”.", ["the Times"]),
    (*at("bosom\nperil"), "“bosom\nperil”: write “breast cancer”.", ["breast cancer"]),
    (*at("NO REPLACEMENT HERE"), "“NO REPLACEMENT HERE”: write “”.", []),
    (*at("kilo", TEXT.index("a kilo.")), "“kilo”: write “k”.", ["k"]),
]


@pytest.mark.parametrize("extra", [10, 25_000])
def test_small_and_big_lists_report_the_same_spans(write, extra):
    pack = write_pack(write, extra)
    doc = write("doc.txt", TEXT)
    assert findings(pack, doc) == EXPECTED


def test_big_list_matches_the_automaton_way(write, monkeypatch):
    pack = write_pack(write, 25_000)
    doc = write("doc.txt", TEXT * 3)
    by_lookup = findings(pack, doc)
    monkeypatch.setattr(phrase, "LARGE", 10**9)
    assert findings(pack, doc) == by_lookup
    assert len(by_lookup) == 3 * len(EXPECTED)


def test_phrases_across_chunk_boundaries_are_found(write, monkeypatch):
    pack = write_pack(write, 25_000)
    doc = write("doc.txt", TEXT * 5)
    whole = findings(pack, doc)
    monkeypatch.setattr(phrase, "CHUNK_CHARACTERS", 7)
    assert findings(pack, doc) == whole


def test_quoted_tsv_fields_are_read_as_csv(write):
    pack = write_pack(write, 10, lines=['"bosom peril"\t"breast cancer"', 'kilo\tk'])
    doc = write("doc.txt", "A bosom peril, a kilo.")
    assert findings(pack, doc) == [
        (2, 13, "“bosom peril”: write “breast cancer”.", ["breast cancer"]),
        (17, 21, "“kilo”: write “k”.", ["k"]),
    ]
