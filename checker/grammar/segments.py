"""Cuts a document into the pieces sent to LanguageTool, and batches them.

A segment is one paragraph of `doc.prose` (or part of a very long one, cut at
sentence ends): the unit of caching. Segments are packed into requests up to the
size limit, joined by blank lines so that LanguageTool still sees paragraphs.
Masked characters (code, URLs, tags) are never sent: they travel as LanguageTool
`markup` of the same UTF-16 length holding only placeholder characters, so the
server skips them and its offsets still line up.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_right
import re
from dataclasses import dataclass, field

from ..document import MASK_CHAR
from .utf16 import Utf16Map, units

JOINER = "\n\n"
_HAS_WORD = re.compile(r"[^\W\d_]")
_SPACE = re.compile(r"\s+")
ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@dataclass
class Segment:
    start: int  # character offset of the segment in the document
    text: str  # the prose slice; masked characters are MASK_CHAR
    # masked runs: (start, end) relative character offsets, and what LanguageTool reads there
    masks: list[tuple[int, int, str]] = field(default_factory=list)
    # a piece of a segment cut further because the server refused it as too long
    parent: "Segment | None" = field(default=None, repr=False)
    parent_units: int = 0  # where the piece starts in its parent, in UTF-16 units

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def key(self, context: str) -> str:
        stand_ins = "\x00".join(f"{s},{e},{r}" for s, e, r in self.masks)
        return hashlib.sha256(f"{context}\x00{self.text}\x00{stand_ins}".encode("utf-8", "surrogatepass")).hexdigest()

    def annotation(self) -> list[dict]:
        """LanguageTool `data` parts: text, and masked runs as markup read as neutral."""
        parts, last = [], 0
        for s, e, stand_in in self.masks:
            if s > last:
                parts.append({"text": self.text[last:s]})
            masked = self.text[s:e]
            parts.append({"markup": masked, "interpretAs": stand_in})
            last = e
        if last < len(self.text):
            parts.append({"text": self.text[last:]})
        return parts


def stand_in(original: str) -> str:
    """What LanguageTool should read in place of a masked run (`original` is its text
    in the source, never sent): nothing for a tag or comment, the bracket that closes a
    Markdown link's text for its target, the character an entity stands for, a
    paragraph break for a block, else one neutral word so the sentence stays whole
    ("run `ls` now" reads "run something now")."""
    if original.startswith("<") and original.endswith(">"):
        return ""
    if original.startswith("]("):
        return "]"
    if ENTITY.fullmatch(original):
        import html

        return html.unescape(original)
    if "\n" in original or "\r" in original:
        return "\n\n"
    return "something"


def segments_of(doc, max_chars: int) -> list[Segment]:
    prose = doc.prose
    mask_ends = [e for _, e in doc.masks]
    # inline tags and Markdown emphasis markers (`**`) show as nothing: read as nothing
    shown_as_nothing = frozenset(doc.inline_tags)
    found = []
    for para in doc.paragraphs:
        for start, end in _cut(doc, para.start, para.end, max_chars):
            text = prose[start:end]
            if not _HAS_WORD.search(text.replace(MASK_CHAR, " ")):
                continue
            first = max(bisect_right(mask_ends, start), 0)  # masks are sorted and disjoint
            masks = []
            for s, e in doc.masks[first:]:
                if s >= end:
                    break
                lo, hi = max(s, start), min(e, end)
                read_as = "" if (s, e) in shown_as_nothing else stand_in(doc.text[lo:hi])
                masks.append((lo - start, hi - start, read_as))
            found.append(Segment(start, text, masks))
    return found


def _cut(doc, start: int, end: int, max_chars: int):
    """(start, end) pieces of a paragraph no longer than max_chars, cut after
    sentences where possible, else at white space, else anywhere."""
    if end - start <= max_chars:
        yield start, end
        return
    ends = [s.end for s in doc.sentences if start < s.end < end]
    while end - start > max_chars:
        limit = start + max_chars
        cut = max((e for e in ends if e <= limit and e > start), default=None)
        if cut is None:
            spaces = [m.end() for m in _SPACE.finditer(doc.prose, start + 1, limit)]
            cut = spaces[-1] if spaces else limit
        yield start, cut
        start = cut
    if start < end:
        yield start, end


@dataclass
class Batch:
    """Segments sent in one request, joined by JOINER; maps the server's UTF-16
    offsets back to (segment, character offset in it)."""

    segments: list[Segment]

    def __post_init__(self):
        self._starts = []  # UTF-16 start of each segment in the request text
        self._maps = []
        position = 0
        for seg in self.segments:
            self._starts.append(position)
            m = Utf16Map(seg.text)
            self._maps.append(m)
            position += m.units + units(JOINER)

    @property
    def has_masks(self) -> bool:
        return any(s.masks for s in self.segments)

    def text(self) -> str:
        return JOINER.join(s.text for s in self.segments)

    def annotation(self) -> list[dict]:
        parts: list[dict] = []
        for i, seg in enumerate(self.segments):
            if i:
                parts.append({"text": JOINER})
            parts.extend(seg.annotation())
        return parts

    def locate(self, offset: int, length: int):
        """(segment index, relative UTF-16 offset) of a match, or None when it does
        not lie inside one segment."""
        for i in range(len(self.segments) - 1, -1, -1):
            if offset >= self._starts[i]:
                rel = offset - self._starts[i]
                if rel + length <= self._maps[i].units:
                    return i, rel
                return None
        return None


def batches(segments: list[Segment], max_chars: int) -> list[Batch]:
    out, current, size = [], [], 0
    for seg in segments:
        extra = len(seg.text) + (len(JOINER) if current else 0)
        if current and size + extra > max_chars:
            out.append(Batch(current))
            current, size = [], 0
            extra = len(seg.text)
        current.append(seg)
        size += extra
    if current:
        out.append(Batch(current))
    return out
