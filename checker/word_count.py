"""How many matches `document.WORD` has in a text, counted without the pattern.

`WORD.subn` tests every character against a Unicode class in `re` (about 30 ns a
character: 0.03 s for the development corpus, most of what the JSON report's spin
score costs). The same count comes from one byte a character: the text encoded
through a charmap of its own characters, each byte then made a class (letter or
digit; joiner: an apostrophe or hyphen; other) by `bytes.translate`, and the word
starts counted on big integers, all in C. The count is exact (a property test holds
it to `WORD`'s); a text with more than 128 distinct characters beyond ASCII, or one
that a charmap cannot encode, is counted by `WORD` itself (`one_byte_each` gives None).
"""
from __future__ import annotations

import codecs

# WORD is `[^\W_]+(?:['’\-][^\W_]+)*`: runs of characters for which `str.isalnum()`
# holds (what `[^\W_]` tests), joined into one word by a single joiner between two.
JOINERS = "'’-"
_ASCII = bytes(range(128))
_ASCII_CHARACTERS = "".join(map(chr, range(128)))


def count_words(encoded: tuple[bytes, str]) -> int:
    """The number of WORD matches in a text, from its `one_byte_each` encoding."""
    data, characters = encoded
    letters = int.from_bytes(letters_and_digits(encoded), "little")
    joiners = int.from_bytes(data.translate(_class_table(characters, JOINERS.__contains__)), "little")
    # byte i of an int is bits 8i..8i+7; shifted left by 8, it holds character i - 1
    after_letter = letters & (letters << 8)
    joined = letters & (joiners << 8) & (letters << 16)  # a letter after "x-", "x'"
    return letters.bit_count() - after_letter.bit_count() - joined.bit_count()


def letters_and_digits(encoded: tuple[bytes, str]) -> bytes:
    """One byte a character of a text, from its `one_byte_each` encoding: 1 where
    `str.isalnum()` holds (what `[^\\W_]` matches), else 0."""
    data, characters = encoded
    return data.translate(_class_table(characters, str.isalnum))


def one_byte_each(text: str) -> tuple[bytes, str] | None:
    """(text encoded one byte a character, the 256 characters the bytes stand for), or
    None when it has too many distinct characters beyond ASCII for that (the caller
    then uses the pattern itself)."""
    if text.isascii():
        return text.encode("ascii"), _ASCII_CHARACTERS * 2  # no byte above 127 occurs
    others = characters_beyond_ascii(text)
    if len(others) > 128:
        return None
    characters = _ASCII_CHARACTERS + others + others[-1] * (128 - len(others))
    encoding = codecs.charmap_build(characters)
    if isinstance(encoding, dict):  # a map `charmap_encode` reads per character in Python
        return None
    try:
        return codecs.charmap_encode(text, "strict", encoding)[0], characters
    except UnicodeEncodeError:  # a character the fast map does not hold (beyond U+FFFF)
        return None


def characters_beyond_ascii(text: str) -> str:
    """The distinct characters of `text` beyond ASCII, sorted: its UTF-8 bytes with the
    ASCII ones deleted are still UTF-8 (no byte of a longer sequence is below 128)."""
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII)
    return "".join(sorted(set(rest.decode("utf-8", "surrogatepass"))))


def _class_table(characters: str, test) -> bytes:
    """A `bytes.translate` table: 1 for the bytes whose character passes `test`."""
    return bytes(1 if test(c) else 0 for c in characters)
