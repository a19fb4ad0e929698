"""The faster forms of document patterns find exactly what the plain forms find
(the plain forms are written out here as the reference)."""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from checker import document

PLAIN_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]+[\"'”’)\]]*(?=\s+|$)")
PLAIN_URL_HINT = re.compile(r"://|www\.|\.(?:com|org|net|edu|gov|io|dev|co\.uk|info|biz)\b", re.IGNORECASE)

# the characters these patterns turn on, in runs, with pieces of addresses
PIECES = st.sampled_from(["a", "B", " ", "\n", "\t", ".", "!", "?", "…", "”", ")", "'", ":", "/", "//", "www",
                          "WwW", "com", "org", "co.uk", "http", "é", "-", "@", "\u00a0", "ı", "İ"])
TEXTS = st.lists(PIECES, max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_sentence_ends_are_the_plain_patterns(text):
    assert [m.span() for m in document.SENTENCE_END.finditer(text)] == \
        [m.span() for m in PLAIN_SENTENCE_END.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_addresses_are_found_as_by_the_plain_scan(text):
    plain = [m.span() for m in document.URL.finditer(text)] if PLAIN_URL_HINT.search(text) else []
    assert [m.span() for m in document._url_matches(text)] == plain


def test_a_url_in_a_long_text_is_still_masked():
    text = "Word " * 5000 + "see www.example.com/x, then stop."
    doc = document.Document.from_text(text)
    start = text.index("www")
    assert doc.masks == [(start, start + len("www.example.com/x"))]


def _folded_plainly(prose: str) -> str:
    lower = prose.lower()
    if len(lower) != len(prose):
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in prose)
    return document._OTHER_SPACE.sub(" ", lower)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["ΟΔΟΣ", " ", "Σ", "a", "B", "\n", "\t", "İ", "ΣΑΣ ", "\u00a0", "é", "x"]),
                max_size=40).map("".join))
def test_folding_a_chunk_at_a_time_is_folding_the_whole(text):
    size = document.FOLD_CHUNK_CHARACTERS
    document.FOLD_CHUNK_CHARACTERS = 5  # many chunks, cut after spaces
    try:
        assert document._lower_spaced(text) == _folded_plainly(text)
    finally:
        document.FOLD_CHUNK_CHARACTERS = size


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "word", "don't", "x-y", " ", ". ", ", ", "\n", "\n\n", "—", "1", "é"]),
                max_size=120).map("".join), st.integers(min_value=0, max_value=12))
def test_sentences_skipped_by_length_could_not_break_the_limit(text, limit):
    from checker import stats
    from checker.kinds.metric import _lengths_that_may_break

    fast = _lengths_that_may_break(document.Document.from_text(text), limit, None)
    full = stats.sentence_lengths(document.Document.from_text(text))
    assert [(s, n) for s, n in fast if n > limit] == [(s, n) for s, n in full if n > limit]


PLAIN_BLOCK_LINE = re.compile(
    r"(?:\r\n|\r|\n)(?=[ \t]*(?:(?:[-*+•‣◦]|\d{1,3}[.)]|#{1,6})[ \t]+\S|\|))"
    r"|(?:(?<=[\r\n])|\A)[ \t]*(?:#{1,6}[ \t][^\r\n]*|=+[ \t]*|-{2,}[ \t]*)(?=\r\n|\r|\n)")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["\n", "\r\n", "\r", " ", "\t", "#", "## ", "=", "-", "--", "* ", "1. ", "12) ",
                                 "|", "•", "a", "Word", "."]), max_size=50).map("".join))
def test_block_breaks_are_the_plain_patterns(text):
    plain = sorted({m.start() if m.group().startswith(("\r", "\n")) else m.end()
                    for m in PLAIN_BLOCK_LINE.finditer(text)})
    assert document.Document(text=text)._block_breaks == plain
