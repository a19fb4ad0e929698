"""UTF-16 code unit offsets <-> Python character offsets.

LanguageTool is written in Java and reports `offset`/`length` in UTF-16 code units:
every character outside the Basic Multilingual Plane (most emoji, some CJK, math
letters) counts 2 there and 1 in Python. Findings must use Python offsets.
"""
from __future__ import annotations

import re
from bisect import bisect_right


_WIDE = re.compile("[\U00010000-\U0010FFFF]")


def units(text: str) -> int:
    """Length of `text` in UTF-16 code units."""
    return len(text) if text.isascii() else len(text) + len(_WIDE.findall(text))


class Utf16Map:
    """Maps UTF-16 offsets into `text` to character offsets (and back)."""

    __slots__ = ("_wide", "length", "units")

    def __init__(self, text: str):
        # character indexes of the non-BMP characters, in order
        self._wide = [] if text.isascii() else [m.start() for m in _WIDE.finditer(text)]
        self.length = len(text)
        self.units = len(text) + len(self._wide)

    def to_char(self, unit: int, *, round_up: bool = False) -> int:
        """The character offset of UTF-16 offset `unit`. An offset that falls between
        the two halves of a surrogate pair is moved to the start of the character, or
        past it when `round_up` (so that a span never cuts a character in two)."""
        if not self._wide:
            return unit
        # character i starts at unit i + (number of wide characters before i)
        lo, hi = 0, len(self._wide)
        while lo < hi:  # count wide characters whose end (in units) is <= unit
            mid = (lo + hi) // 2
            if self._wide[mid] + mid + 2 <= unit:
                lo = mid + 1
            else:
                hi = mid
        # between the halves of wide character lo?
        if lo < len(self._wide) and unit == self._wide[lo] + lo + 1:
            return self._wide[lo] + (1 if round_up else 0)
        return unit - lo

    def to_unit(self, char: int) -> int:
        return char + bisect_right(self._wide, char - 1)
