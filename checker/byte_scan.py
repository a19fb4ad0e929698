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
    byte_at = char_at = 0
    for m in matches:
        start = m.start()
        char_at += len(data[byte_at:start].decode("utf-8", "surrogatepass"))
        byte_at = start
        yield char_at, m
