"""LSP positions and the buffer edits built on them, against an independent count."""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from checker.lsp.actions import apply, diff_edits
from checker.lsp.positions import PositionMap

# text with what trips position code: line breaks of three kinds, characters Python
# splits lines at but LSP does not, emoji (two UTF-16 units), CJK, combining marks
ALPHABET = st.sampled_from(list("ab \t.,") + ["\n", "\r", "\r\n", "\f", "\v", "\u2028", "\x85",
                                               "😀", "中", "é", "e\u0301", "𝒜"])
TEXTS = st.lists(ALPHABET, max_size=40).map("".join)


def lsp_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def expected_position(text: str, offset: int, encoding: str) -> tuple[int, int]:
    before = lsp_lines(text[:offset])
    line, column = len(before) - 1, before[-1]
    if text[:offset].endswith("\r") and text[offset:offset + 1] == "\n":
        line, column = line - 1, lsp_lines(text[:offset - 1])[-1]  # inside \r\n: end of that line
    if encoding == "utf-16":
        return line, len(column.encode("utf-16-le")) // 2
    if encoding == "utf-8":
        return line, len(column.encode("utf-8"))
    return line, len(column)


@settings(max_examples=300)
@given(TEXTS, st.data(), st.sampled_from(["utf-16", "utf-8", "utf-32"]))
def test_positions_round_trip_and_agree_with_an_independent_count(text, data, encoding):
    positions = PositionMap(text, encoding)
    offset = data.draw(st.integers(0, len(text)))
    line, character = positions.position(offset)
    assert (line, character) == expected_position(text, offset, encoding)
    inside_crlf = 0 < offset < len(text) and text[offset - 1:offset + 1] == "\r\n"
    assert positions.offset(line, character) == (offset - 1 if inside_crlf else offset)


@given(TEXTS, st.integers(-2, 50), st.integers(-2, 200))
def test_any_position_maps_into_the_text_on_the_line_asked_for(text, line, character):
    positions = PositionMap(text, "utf-16")
    offset = positions.offset(line, character)
    assert 0 <= offset <= len(text)
    last = len(lsp_lines(text)) - 1
    assert positions.position(offset)[0] == (last if line > last else max(0, line))


def test_a_column_inside_an_emoji_means_its_start():
    positions = PositionMap("a😀b", "utf-16")
    assert positions.offset(0, 2) == 1  # between the two halves of 😀
    assert positions.offset(0, 3) == 2
    assert positions.position(2) == (0, 3)
    assert PositionMap("ab\ncd", "utf-16").offset(0, 99) == 2  # past the end of a line: its end
    assert PositionMap("ab\ncd", "utf-16").offset(7, 0) == 5  # past the last line: the end


@given(TEXTS, TEXTS)
def test_line_edits_turn_one_text_into_the_other(old, new):
    edits = diff_edits(old, new)
    assert apply(old, edits) == new
    assert (edits == []) == (old == new)
