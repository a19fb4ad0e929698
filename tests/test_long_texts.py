"""Long texts are scanned a chunk at a time so that memory stays bounded; a finding
must not depend on where a chunk ends."""
from __future__ import annotations

import pytest

from checker.kinds import phrase, repetition
from conftest import cli

TEXT = ("They met on the the Monday and and again “the the” next week. "
        "Then the\nthe talks ended; Walla Walla is a town. ") * 4


def findings(path):
    result = cli("lint", "--format", "json", "--select", "repetition", str(path))
    return [(f["rule"], f["start"], f["end"]) for f in result.json()["files"][0]["findings"]]


@pytest.mark.parametrize("size", [1, 5, 13])
def test_doubled_words_across_chunk_ends_are_found(write, monkeypatch, size):
    path = write("long.txt", TEXT)
    whole = findings(path)
    assert len(whole) == 3 * 4  # "the the", "and and", "the\nthe" in each copy
    monkeypatch.setattr(repetition, "CHUNK_CHARACTERS", size)
    monkeypatch.setattr(phrase, "CHUNK_CHARACTERS", size)
    assert findings(path) == whole


SPELLING = ("The colour of the harbour was grey; the color of the sky was not. "
            "We organise the archive, they organize the catalogue, the catalog grows. ") * 5


def spelling_findings(path):
    result = cli("lint", "--format", "json", "--select", "consistency.spelling", str(path))
    return [(f["rule"], f["start"], f["end"], f["replacements"]) for f in result.json()["files"][0]["findings"]]


@pytest.mark.parametrize("size", [1, 7, 40])
def test_spelling_variants_across_chunk_ends_are_found(write, monkeypatch, size):
    # the spelling kind scans its automaton a chunk at a time, as the phrase kind does
    path = write("variants.txt", SPELLING)
    whole = spelling_findings(path)
    assert len(whole) == 2 * 5  # "color" and "organize" in each copy (British is the majority)
    monkeypatch.setattr(phrase, "CHUNK_CHARACTERS", size)
    assert spelling_findings(path) == whole
