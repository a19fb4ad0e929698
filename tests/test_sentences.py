"""Sentence segmentation (Document.sentences): the spans that stats and the
sentence-length rule count, so they must not split after abbreviations or merge
sentences across closing quotes, list items or HTML blocks."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.document import Document
from strategies import budget


def sentences(text: str, fmt: str = "text") -> list[str]:
    doc = Document.from_text(text, "x", fmt)
    return [text[s.start:s.end] for s in doc.sentences]


@pytest.mark.parametrize("text,expected", [
    ("I said no. Then we left.", ["I said no.", "Then we left."]),
    ("See No. 5 and Fig. 3 in the report.", ["See No. 5 and Fig. 3 in the report."]),
    ("Mr. J. R. Hale wrote to Dr. Venn.", ["Mr. J. R. Hale wrote to Dr. Venn."]),
    ("They sold pens, ink, etc. The shop closed.", ["They sold pens, ink, etc.", "The shop closed."]),
    ("Bring paper, pens, etc. to the hall.", ["Bring paper, pens, etc. to the hall."]),
    ("“No.” He turned away.", ["“No.”", "He turned away."]),
    ("“Wait,” said I. “Look there.”", ["“Wait,” said I.", "“Look there.”"]),
    ("“Is it you?” she asked. Nobody answered.", ["“Is it you?” she asked.", "Nobody answered."]),
    ("He paid 3.50 for it. It was cheap, e.g. for a hat.", ["He paid 3.50 for it.", "It was cheap, e.g. for a hat."]),
    ("The first part.\n\n* * *\n\nThe second part.", ["The first part.", "The second part."]),
    # an abbreviation or initialism ends a sentence when a word that starts sentences follows
    ("He moved to the U.S. His sister stayed.", ["He moved to the U.S.", "His sister stayed."]),
    ("He stayed until 11 p.m. Then he left.", ["He stayed until 11 p.m.", "Then he left."]),
    ("The U.S. Navy and the U.K. Treasury met at 9 a.m. Monday.",
     ["The U.S. Navy and the U.K. Treasury met at 9 a.m. Monday."]),
    ("The novel by J.K. Marlowe sold well. A film followed.", ["The novel by J.K. Marlowe sold well.", "A film followed."]),
    ("It was cheap, e.g. for a hat.", ["It was cheap, e.g. for a hat."]),
])
def test_plain_text_sentences(text, expected):
    assert sentences(text) == expected


def test_markdown_list_items_and_headings_end_sentences():
    text = "# Release notes\nWhat changed in this version. More below.\n\n- faster start\n- fewer warnings\n1. first step\n2) second step\n"
    assert sentences(text, "markdown") == [
        "# Release notes", "What changed in this version.", "More below.",
        "- faster start", "- fewer warnings", "1. first step", "2) second step",
    ]


def test_table_rows_are_sentences_of_their_own():
    text = "| figure | meaning |\n|---|---|\n| words | how many words |\n| grade | school years |\n"
    assert sentences(text, "markdown") == ["| figure | meaning |", "| words | how many words |", "| grade | school years |"]


def test_html_block_tags_end_sentences_and_are_not_part_of_them():
    text = "<h1>Notes</h1><p>One thing</p><ul><li>red apples</li><li>green pears</li></ul>"
    assert sentences(text, "html") == ["Notes", "One thing", "red apples", "green pears"]


def test_sentences_are_linear_on_a_long_text():
    import time

    text = ("The quick brown fox jumps over the lazy dog, Mr. Hale said. " * 20000)
    start = time.perf_counter()
    found = Document.from_text(text).sentences
    assert len(found) == 20000
    assert time.perf_counter() - start < 2.0


def test_every_annotated_sentence_boundary_is_found():
    """bench/data/sentences-annotated.txt: boundaries marked by hand (abbreviations,
    initials, quotations, decimals); bench/sentence_eval.py compares Punkt on them."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from sentence_eval import ANNOTATED, copylint_starts, load_cases

    wrong = [text for text, gold in load_cases(ANNOTATED) if copylint_starts(text) != gold]
    assert wrong == []


SENTENCE_PIECES = ["Mr. Hale wrote.", " ", "  ", "\n", "\n\n", "\n \n", "etc. the", "U.S. His", "“No.” He",
                   "a long run of words with no end at all", "- item\n", "# Head\n", "| cell |\n", "===\n",
                   "<p>", "</p>", "3.50", "? ", "!", "…", "x"]


@budget(200)
@given(st.lists(st.sampled_from(SENTENCE_PIECES), max_size=40).map("".join),
       st.integers(min_value=0, max_value=120), st.sampled_from(["text", "markdown", "html"]))
def test_long_sentences_are_the_sentences_that_long(text, min_length, fmt):
    """long_sentences splits only the paragraphs that can hold a sentence that long: the
    same spans as filtering every sentence, before and after `sentences` is known."""
    fresh = Document.from_text(text, "x", fmt).long_sentences(min_length)
    doc = Document.from_text(text, "x", fmt)
    expected = [s for s in doc.sentences if s.end - s.start >= min_length]
    assert fresh == expected
    assert doc.long_sentences(min_length) == expected


def test_only_paragraphs_long_enough_are_split():
    short = "Mr. Hale wrote. He left.\n\n"
    long_one = "The committee met and talked and met again " * 4 + "before it rose. It ended.\n"
    doc = Document.from_text(short * 3 + long_one)
    found = [doc.text[s.start:s.end] for s in doc.long_sentences(100)]
    assert found == ["The committee met and talked and met again " * 3 + "The committee met and talked and met again "
                     "before it rose."]
    assert "sentences" not in doc.__dict__  # the short paragraphs were never split
