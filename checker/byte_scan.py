"""A str scanned by google-re2 on its UTF-8 bytes, each match's start given back as a
character offset. re2 runs a pattern as a DFA, several times faster than `re` on a
long text, and a bytes pattern spares its wrapper the work of mapping offsets for
every match: here the offsets are mapped once, in one pass over the text."""
from __future__ import annotations


def char_starts(pattern, text: str):
    """(character offset of its start, match) of every match of `pattern` (re2,
    compiled from bytes, whose matches start at ASCII characters) in `text`, in order.
    A lone surrogate, which UTF-8 cannot hold, is read as the three bytes it would
    take (no ASCII pattern matches them)."""
    data = text.encode("utf-8", "surrogatepass")
    matches = pattern.finditer(data)
    if len(data) == len(text):  # ASCII: a byte offset is a character offset
        for m in matches:
            yield m.start(), m
        return
    at = CharacterOffsets(data)
    for m in matches:
        yield at.of(m.start()), m


class CharacterOffsets:
    """The character offsets of byte offsets into UTF-8 `data`, asked in ascending
    order: each worked out from the one before, so all of them cost one pass."""

    __slots__ = ("_data", "_byte", "_character")

    def __init__(self, data: bytes):
        self._data, self._byte, self._character = data, 0, 0

    def of(self, offset: int) -> int:
        self._character += len(self._data[self._byte:offset].decode("utf-8", "surrogatepass"))
        self._byte = offset
        return self._character
