"""The document's paragraphs, which of them are prose, and the lines inside them that
look like code, read from its prose a stretch at a time.

The kinds that judge quotation marks and brackets over a paragraph (balance, quotes)
skip paragraphs and lines that look like code (`words.looks_like_code`). A long
document checked a window at a time (checker/windows.py) is never held as one prose
string, and a file without line breaks is one paragraph longer than any window: its
tests are made by `CodeTally`, fed the paragraph a piece at a time, with the same
answers as `looks_like_code` on the whole. Paragraphs that lie inside one stretch (all
of them in most documents) are tested in place, as `words.prose_paragraphs` does.

The table is compact (arrays, one byte of flags a paragraph), since a long document
has hundreds of thousands of paragraphs."""
from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right

from .document import PARAGRAPH_BREAK, lf_only
# what looks_like_code reads, read here a piece at a time
from .kinds.words import (_BOX_DRAWING, _CODE_SIGNS, _LETTER, _LINE_BOUNDARY, _NOT_SPACE, _SUSPECT, code_line_spans,
                          looks_like_code)

OPENING_MARKS = ("“", '"', "‘")

PROSE, NEWLINE, HEAD_OPENS, NEXT_OPENS = 1, 2, 4, 8  # flags of a paragraph


class CodeTally:
    """`looks_like_code(text, block, start, end)` worked out from text[start:end] fed in
    pieces, in order, cut anywhere."""

    def __init__(self):
        self.first = ""  # the first character
        self.suspect = self.box = False
        self.signs = self.visible = 0
        # lines done: any opening or closing a brace block, how many hold something,
        # whether all of those are comments, whether all are indented
        self.brace, self.lines, self.comments, self.indented = False, 0, True, True
        self._line()

    def _line(self) -> None:
        self.raw = ""  # the line's first four characters
        self.head = None  # its first two characters from its first non-space one
        self.last = ""  # its last non-space character

    def feed(self, text: str, start: int, end: int) -> None:
        if start >= end:
            return
        if not self.first:
            self.first = text[start]
        if not self.suspect and _SUSPECT.search(text, start, end):
            self.suspect = True
        self.signs += sum(text.count(c, start, end) for c in _CODE_SIGNS)
        self.box = self.box or bool(_BOX_DRAWING.search(text, start, end))
        self.visible += end - start - sum(text.count(c, start, end) for c in " \n\t\r")
        at = start
        for m in _LINE_BOUNDARY.finditer(text, start, end):
            self._extend(text, at, m.start())
            self._end_line()
            at = m.end()
        self._extend(text, at, end)

    def _extend(self, text: str, start: int, end: int) -> None:
        if start >= end:
            return
        if len(self.raw) < 4:
            self.raw += text[start:min(end, start + 4 - len(self.raw))]
        if self.head is not None and len(self.head) < 2:
            self.head += text[start:min(end, start + 2 - len(self.head))]
        found = _NOT_SPACE.search(text, start, end)
        if found is None:
            return
        if self.head is None:
            self.head = text[found.start():min(end, found.start() + 2)]
        last = end
        while text[last - 1].isspace():
            last -= 1
        self.last = text[last - 1]

    def _end_line(self) -> None:
        if self.head is not None:  # a line that holds something
            self.lines += 1
            self.brace = self.brace or self.last == "{" or self.head[0] == "}"
            self.comments = self.comments and self.head.startswith(("#", "//"))
            self.indented = self.indented and self.raw.startswith(("    ", "\t"))
        self._line()

    def looks_like_code(self, block: bool = True) -> bool:
        """The answer for all that was fed (ends the last line)."""
        self._end_line()
        all_indented = self.lines > 0 and self.indented
        if not self.suspect:
            return block and self.first in (" ", "\t") and all_indented
        if self.box or self.brace:
            return True
        if self.lines > 1 and self.comments:
            return True
        if block and all_indented:
            return True
        return self.visible > 0 and self.signs / self.visible > 0.05


class ParagraphTable:
    """Built by `feed`ing the prose of the document in order, a stretch at a time (each
    stretch starts where a paragraph or a sentence starts, as windows do), then
    `finish`: paragraph starts and ends, flags (prose, holds a line break, the next
    prose paragraph opens with a quotation mark) and the code lines of prose paragraphs."""

    def __init__(self):
        self.starts, self.ends, self.flags = array("q"), array("q"), bytearray()
        self.code_lines: list[tuple[int, int]] = []
        self._start = 0  # where the paragraph being read started
        self._open: _Open | None = None  # a paragraph read over several stretches

    def feed(self, prose: str, low: int, high: int, offset: int) -> None:
        """Read prose[low:high], which is the document's [low + offset, high + offset);
        the prose around it may be read as context."""
        at = low
        for m in lf_only(PARAGRAPH_BREAK, prose, low, high).finditer(prose, low, high):
            self._piece(prose, at, m.start(), offset, True)
            self._start = m.end() + offset
            at = m.end()
        self._piece(prose, at, high, offset, False)

    def finish(self) -> "ParagraphTable":
        if self._open is not None:
            opened, self._open = self._open, None
            self._close_open(opened, opened.end)
        flags, following = self.flags, False  # whether the next prose paragraph opens a quotation
        for k in range(len(flags) - 1, -1, -1):
            if flags[k] & PROSE:
                flags[k] |= NEXT_OPENS if following else 0
                following = bool(flags[k] & HEAD_OPENS)
        self.code_lines.sort()
        return self

    def _piece(self, prose: str, start: int, end: int, offset: int, closes: bool) -> None:
        """prose[start:end] belongs to the paragraph being read; `closes`: a break follows."""
        paragraph_start = self._start
        if self._open is None and closes and paragraph_start >= start + offset:
            # the whole paragraph lies in this stretch: tested in place
            if _NOT_SPACE.search(prose, start, end):
                self._whole(prose, start, end, offset)
            return
        if self._open is None:
            if start >= end or (closes and not _NOT_SPACE.search(prose, start, end)):
                return  # nothing, or white space alone between two breaks
            self._open = _Open(paragraph_start, prose[start:start + 3])
        self._open.feed(prose, start, end, offset)
        if closes:
            opened, self._open = self._open, None
            self._close_open(opened, end + offset)

    def _whole(self, prose: str, start: int, end: int, offset: int) -> None:
        is_prose = bool(_LETTER.search(prose, start, end)) and not looks_like_code(prose, True, start, end)
        newline = prose.find("\n", start, end) >= 0
        self._add(start + offset, end + offset, is_prose, newline, prose[start:start + 3])
        if is_prose and newline:
            self.code_lines.extend((a + offset, b + offset) for a, b in code_line_spans(prose, start, end))

    def _close_open(self, opened: "_Open", end: int) -> None:
        if not opened.has_text:
            return
        is_prose = opened.letter and not opened.tally.looks_like_code(True)
        self._add(opened.start, end, is_prose, opened.newline, opened.head)
        if is_prose and opened.newline:
            self.code_lines.extend(opened.finish_lines())

    def _add(self, start: int, end: int, is_prose: bool, newline: bool, head: str) -> None:
        self.starts.append(start)
        self.ends.append(end)
        opens = head.lstrip()[:1] in OPENING_MARKS
        self.flags.append((PROSE if is_prose else 0) | (NEWLINE if newline else 0) | (HEAD_OPENS if opens else 0))

    def at(self, offset: int) -> int:
        """The index of the paragraph holding `offset`, or -1."""
        k = bisect_right(self.starts, offset) - 1
        return k if k >= 0 and offset < self.ends[k] else -1

    def is_prose(self, k: int) -> bool:
        return bool(self.flags[k] & PROSE)

    def runs(self, at):
        """(paragraph, a, b) for each run at[a:b] of the sorted offsets `at` that lie in
        one paragraph (paragraph -1, a run of one: an offset in none)."""
        e = 0
        while e < len(at):
            k = self.at(at[e])
            f = bisect_left(at, self.ends[k], e) if k >= 0 else e + 1
            yield k, e, f
            e = f

    def on_code_line(self, offset: int) -> bool:
        lines = self.code_lines
        k = bisect_right(lines, (offset, float("inf"))) - 1
        return k >= 0 and lines[k][0] <= offset < lines[k][1]


class _Open:
    """A paragraph read over several stretches: its tally, and the tally of its line
    being read ("\\n" lines, as `words.code_line_spans` cuts them)."""

    def __init__(self, start: int, head: str):
        self.start, self.head = start, head
        self.tally = CodeTally()
        self.letter = self.newline = self.has_text = False
        self.lines: list[tuple[int, int]] = []  # code lines found so far
        self.line_start = start
        self.line = CodeTally()

    def feed(self, prose: str, start: int, end: int, offset: int) -> None:
        self.tally.feed(prose, start, end)
        self.letter = self.letter or bool(_LETTER.search(prose, start, end))
        self.has_text = self.has_text or bool(_NOT_SPACE.search(prose, start, end))
        at = start
        while True:
            cut = prose.find("\n", at, end)
            if cut < 0:
                break
            self.newline = True
            self.line.feed(prose, at, cut)
            if self.line.looks_like_code(False):
                self.lines.append((self.line_start, cut + offset))
            self.line, self.line_start, at = CodeTally(), cut + 1 + offset, cut + 1
        self.line.feed(prose, at, end)
        self._end = end + offset

    @property
    def end(self) -> int:
        return self._end

    def finish_lines(self) -> list[tuple[int, int]]:
        if self.line_start < self._end and self.line.looks_like_code(False):
            self.lines.append((self.line_start, self._end))
        return self.lines


def whole(doc) -> ParagraphTable:
    """The table of a document read whole (cached on it; a windowed check leaves the
    table it built a window at a time there: checker/windows.py)."""
    table = doc.shared.get("paragraph_table")
    if table is None:
        table = doc.shared["paragraph_table"] = of_paragraphs(doc.prose, doc.paragraphs)
    return table


def of_paragraphs(prose: str, paragraphs: list) -> ParagraphTable:
    """The table `feed` builds from the whole prose, built from its paragraphs (the
    document's, already split): the code test is made only for the paragraphs that
    hold a sign of code or open with white space, found in one scan of the prose
    (most prose holds none), so a paragraph costs a few C calls, not a chain of them."""
    table = ParagraphTable()
    suspect = _holding(_SUSPECT, prose, paragraphs)
    for k, para in enumerate(paragraphs):
        start, end = para.start, para.end
        is_prose = _LETTER.search(prose, start, end) is not None and not (
            (k in suspect or prose[start] in " \t") and looks_like_code(prose, True, start, end))
        newline = prose.find("\n", start, end) >= 0
        table._add(start, end, is_prose, newline, prose[start:start + 3])
        if is_prose and newline:
            table.code_lines.extend(code_line_spans(prose, start, end))
    return table.finish()


def _holding(pattern, prose: str, paragraphs: list) -> set[int]:
    """The indices of the paragraphs where `pattern` matches: one search a paragraph
    that holds a match (the search goes on from that paragraph's end)."""
    found, ends, k = set(), [p.end for p in paragraphs], 0
    m = pattern.search(prose)
    while m is not None:
        k = bisect_right(ends, m.start(), k)
        if k == len(ends):
            break
        if paragraphs[k].start <= m.start():
            found.add(k)
            m = pattern.search(prose, ends[k])
        else:  # between paragraphs (never for a sign of code: breaks are white space)
            m = pattern.search(prose, m.end())
    return found
