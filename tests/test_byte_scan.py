"""checker/byte_scan.py: matches found on UTF-8 bytes, offsets given in characters."""
from __future__ import annotations

import re

import re2
from hypothesis import given, strategies as st

from checker.byte_scan import char_starts

WORD_IS = re2.compile(rb"\bis\b")


def test_offsets_are_characters_after_letters_of_several_bytes():
    text = "Ça va: it is 𝒜 thing that is \ud800 odd, is it"
    assert [at for at, _ in char_starts(WORD_IS, text)] == [m.start() for m in re.finditer(r"\bis\b", text)]
    assert [at for at, _ in char_starts(WORD_IS, text)] == [10, 26, 36]


def test_an_ascii_text_gives_the_byte_offsets_and_the_matches():
    found = list(char_starts(re2.compile(rb"is (\w+)"), "this is it; is that"))
    assert [(at, m.group(1)) for at, m in found] == [(2, b"is"), (12, b"that")]


@given(st.lists(st.sampled_from(["is", " ", "é", "𝒜", "\ud800", "x", "\n", "ж"]), max_size=30).map("".join))
def test_every_match_starts_where_re_finds_it(text):
    assert [at for at, _ in char_starts(re2.compile(rb"is"), text)] == [m.start() for m in re.finditer("is", text)]
