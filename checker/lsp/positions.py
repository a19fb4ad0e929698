"""LSP positions (line, character in the negotiated encoding) <-> character offsets.

Why not pygls' own TextDocument: it splits lines with `str.splitlines`, which also
breaks at form feed, U+2028 and other characters that LSP does not count as line
breaks (only \\n, \\r\\n and \\r), and it walks every line for each conversion. Here
lines are those of `checker.document` (the same breaks LSP uses) and a UTF-16
position costs a binary search, so a 1 MB buffer with thousands of findings converts
in milliseconds.
"""
from __future__ import annotations

from bisect import bisect_right

from ..document import LINE_BREAK
from ..grammar.utf16 import Utf16Map

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


class PositionMap:
    """Positions in `text` for a client that counts columns in `encoding` units."""

    def __init__(self, text: str, encoding: str = UTF16):
        self.text = text
        self.encoding = encoding if encoding in (UTF8, UTF16, UTF32) else UTF16
        self.line_starts = [0, *(m.end() for m in LINE_BREAK.finditer(text))]
        self._utf16 = Utf16Map(text) if self.encoding == UTF16 else None

    def _line_end(self, line: int) -> int:
        """End of 0-based `line`, before its line break."""
        if line + 1 < len(self.line_starts):
            end = self.line_starts[line + 1]
            return end - (2 if self.text.startswith("\r\n", end - 2) else 1)
        return len(self.text)

    def _units(self, start: int, end: int) -> int:
        if self.encoding == UTF32:
            return end - start
        if self.encoding == UTF8:
            return len(self.text[start:end].encode("utf-8", "surrogatepass"))
        return self._utf16.to_unit(end) - self._utf16.to_unit(start)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character), both 0-based, of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.line_starts, offset) - 1
        start = self.line_starts[line]
        # an offset inside a \r\n pair counts as the end of the line
        offset = min(offset, max(start, self._line_end(line)))
        return line, self._units(start, offset)

    def offset(self, line: int, character: int) -> int:
        """The character offset of an LSP position. As the protocol says, a line past the
        end means the end of the text and a character past the line's end means its end;
        a position inside a character (half a surrogate pair, or a UTF-8 byte inside a
        character) means that character's start."""
        if line < 0:
            return 0
        if line >= len(self.line_starts):
            return len(self.text)
        start, end = self.line_starts[line], self._line_end(line)
        character = max(0, character)
        if self.encoding == UTF32:
            return min(start + character, end)
        if self.encoding == UTF16:
            base = self._utf16.to_unit(start)
            return min(self._utf16.to_char(base + character), end)
        used, index = 0, start
        while index < end:
            width = len(self.text[index].encode("utf-8", "surrogatepass"))
            if used + width > character:
                break
            used += width
            index += 1
        return index
