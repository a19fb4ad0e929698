"""Doubled words."""
from __future__ import annotations

from checker.config import Settings
from checker.engine import Engine
from checker.runner import check_text

from conftest import cli


def found(text):
    engine = Engine(Settings(select=["repetition.doubled-word"]))
    return [(f.start, text[f.start:f.end], f.fix, f.fix_safe) for f in check_text(engine, text).findings]


def test_doubled_word_keeps_the_first():
    text = "She went to the the market."
    assert found(text) == [(12, "the the", "the", True)]


def test_case_and_line_breaks_do_not_hide_a_double():
    text = "The the talks ran late and\nand ended."
    assert found(text) == [(0, "The the", "The", True), (23, "and\nand", "and", True)]


def test_a_word_three_times_is_one_finding():
    text = "in the the the end"
    assert found(text) == [(3, "the the the", "the", True)]


def test_after_an_opening_quote():
    text = "He said “the the plan” twice."
    assert found(text) == [(9, "the the", "the", True)]


def test_legitimate_doubles_and_names_are_left_alone():
    text = ("She had had enough. He said that that was wrong. What it is is a problem. "
            "There, there, dear. They flew to Walla Walla. He took it in in the morning. "
            "The end.\n\nEnd of story. It was a long, long day. Ha ha!")
    assert found(text) == []


def test_punctuation_or_a_paragraph_between_is_not_a_double():
    assert found("No, no, it was the end.\n\nThe sequel came.") == []
    assert found("It was over.\n\nover the hill") == []


def test_fix_on_disk(write):
    path = write("a.txt", "It was the the best of times, and\nand the worst.\n")
    result = cli("fix", "--select", "repetition", str(path))
    assert result.exit_code == 0, result
    assert path.read_text(encoding="utf-8") == "It was the best of times, and the worst.\n"


# -- candidates found by one pattern are those of splitting the folded text ----------------
from hypothesis import given, settings, strategies as st  # noqa: E402

from checker.document import Document  # noqa: E402
from checker.kinds import repetition as repetition_kind  # noqa: E402


def _plain_candidates(doc):
    """The folded text, opening marks made spaces, split at every space; the offset of
    each non-empty token equal to the next (how `candidates` worked before its pattern)."""
    text = doc.folded.text
    for mark in repetition_kind.OPENING_MARKS:
        text = text.replace(mark, " ")
    words, offset = text.split(" "), 0
    for i, word in enumerate(words):
        if word and i + 1 < len(words) and words[i + 1] == word:
            yield doc.folded.to_original(offset)
        offset += len(word) + 1


TWICE_PIECES = st.sampled_from(["the", "The", "the ", " ", "  ", "\n", "“", "(", "'", "a", "ab", "the\u00a0", "é",
                                "x-y", "\t", "\u2060", "the the ", "“the ", "the“"])


@settings(max_examples=500, deadline=None)
@given(st.lists(TWICE_PIECES, max_size=40).map("".join), st.integers(1, 12))
def test_candidates_are_the_plain_split_s(text, chunk):
    """The same offsets, in order, whole and read a few characters a chunk."""
    doc = Document.from_text(text)
    plain = list(_plain_candidates(doc))
    assert list(repetition_kind.candidates(doc)) == plain
    kept = repetition_kind.CHUNK_CHARACTERS
    try:
        repetition_kind.CHUNK_CHARACTERS = chunk
        assert list(repetition_kind.candidates(Document.from_text(text))) == plain
    finally:
        repetition_kind.CHUNK_CHARACTERS = kept
