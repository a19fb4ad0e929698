"""Checking a long document a window at a time, so that its prose, folded text and
sentences are never held whole (a 20 MB text held as three or four whole strings,
plus its sentence tables, is most of a run's memory).

A window is a stretch of the document that starts where a paragraph starts, or, in a
paragraph longer than a window (a file without line breaks), where a sentence starts.
Each window is checked as a document of its own (`Document` over a slice of the
text), read with some context on both sides (`CONTEXT_CHARACTERS`): a check sees the
same characters around every place it judges as in the whole document, and only the
findings that start inside the window proper are kept, moved to the document's
offsets. So the cut never changes what is found.

Only checks that judge a place from what stands near it run per window (a check says
so with `scope = "local"`). Checks that weigh the whole document (a majority style, a
name's other spellings, quotation marks balanced over a paragraph) gather compact facts
from each window and decide at the end (`gather(doc, start, end, offset)` and
`conclude(gathered, doc)`, which may read a little of the prose around what was
gathered: `Document.prose_between`); those that pair marks over a paragraph read the
paragraph table built here a window at a time (checker/paragraph_table.py). So the
document's prose is never built whole. A check that does neither runs once over the
whole document before the windows (its prose built, then dropped)."""
from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from dataclasses import replace

from .document import PARAGRAPH_BREAK, Document, count_words_of, lf_only
from .word_count import one_byte_each

# Documents of at least this many characters are checked a window at a time; windows
# hold about `WINDOW_CHARACTERS` each (a window's copies, a few bytes a character, stay
# small beside the text itself).
WINDOWED_FROM = 4 << 20
WINDOW_CHARACTERS = 1 << 18
# What a window reads on each side of its own stretch: far more than most checks look
# around a place they judge (a word or two, a line's start, an abbreviation's letters).
# A check that looks farther says how far (`context_characters`, see `context_of`).
CONTEXT_CHARACTERS = 4096


def offsets(end: int) -> array:
    """An empty array for offsets below `end`: 4 bytes an offset where they fit (what
    gathering kinds keep of a long document: hundreds of thousands of places)."""
    return array("I" if end < 1 << 32 else "q")


def context_of(check) -> int:
    """How much of the text a window of `check` reads on each side: the deep garble
    tier weighs the findings within several thousand characters of a span."""
    return max(CONTEXT_CHARACTERS, getattr(check, "context_characters", 0))


def is_local(check) -> bool:
    return getattr(check, "scope", None) == "local"


def gathers(check) -> bool:
    return hasattr(check, "gather") and hasattr(check, "conclude")


def windowed(doc: Document, checks: list, size: int | None = None) -> list:
    """Every finding of `checks` on `doc`, the local ones and the gathering ones a
    window at a time, the rest over the whole document first; the same findings as
    running each check over the whole document, in the same order per check."""
    from .heap import return_freed_memory
    from .paragraph_table import ParagraphTable  # long documents only: not at every start-up

    return_freed_memory()
    whole = [c for c in checks if not is_local(c) and not gathers(c)]
    found: dict[int, list] = {id(c): [] for c in checks}
    for check in whole:
        found[id(check)].extend(check.check(doc))
    _forget_whole(doc)  # the prose and its tables go before the windows' copies come
    parts = [c for c in checks if is_local(c) or gathers(c)]
    gathered: dict[int, list] = {id(c): [] for c in parts if gathers(c)}
    # the paragraphs, which are prose and their code lines, for kinds that pair marks
    # over a paragraph: read a window at a time too (checker/paragraph_table.py)
    table = ParagraphTable() if any(getattr(c, "reads_paragraphs", False) for c in parts) else None
    for start, end in spans(doc, size or WINDOW_CHARACTERS):
        window, offset = view(doc, start, end)
        low, high = start - offset, end - offset
        if table is not None:
            table.feed(window.prose, low, high, offset)
        wider: dict[int, tuple[Document, int]] = {}  # views with more context, for checks that look farther
        for check in parts:
            if id(check) in gathered:
                gathered[id(check)].append(check.gather(window, low, high, offset))
                continue
            own, at = window, offset
            reach = context_of(check)
            if reach > CONTEXT_CHARACTERS:
                if reach not in wider:
                    wider[reach] = view(doc, start, end, reach)
                own, at = wider[reach]
            for f in check.check(own):
                if start <= f.start + at < end:
                    found[id(check)].append(_moved(f, at))
        for problem in window.problems:  # "rule X (pack): ...": once per rule, from its first window
            if not any(p.split(":", 1)[0] == problem.split(":", 1)[0] for p in doc.problems):
                doc.problems.append(problem)
        doc.skipped.update(window.skipped)
    if table is not None:
        doc.shared["paragraph_table"] = table.finish()
    for check in parts:
        if id(check) in gathered:
            found[id(check)].extend(check.conclude(gathered[id(check)], doc))
    return [f for check in checks for f in found[id(check)]]


def word_count(doc: Document, size: int | None = None) -> int:
    """`doc.word_count`, counted a window at a time (no word straddles a window's
    start, a paragraph's or a sentence's, with white space before it)."""
    words = 0
    for start, end in spans(doc, size or WINDOW_CHARACTERS):
        window, offset = view(doc, start, end)
        piece = window.prose[start - offset:end - offset]
        words += count_words_of(piece, one_byte_each(piece))
    return words


def _moved(finding, offset: int):
    if not offset:
        return finding
    fix_span = finding.fix_span
    if fix_span is not None:
        fix_span = (fix_span[0] + offset, fix_span[1] + offset)
    return replace(finding, start=finding.start + offset, end=finding.end + offset, fix_span=fix_span)


def _forget_whole(doc: Document) -> None:
    """Drop what the whole-document checks made of the text (it is rebuilt if asked)."""
    for name in ("prose", "paragraphs", "sentences", "_block_breaks", "folded", "folded_across_tags",
                 "_prose_paragraphs", "word_count"):
        doc.__dict__.pop(name, None)


def view(doc: Document, start: int, end: int, context: int = CONTEXT_CHARACTERS) -> tuple[Document, int]:
    """(a Document of doc.text[start - context : end + context], the offset of its
    first character in `doc`). Masks, substitutions, comments and inline tags are
    carried over, moved; those cut by the context's edges are cut or left out (the
    findings kept lie far from those edges)."""
    first = _context_start(doc.text, start, context)
    last = min(len(doc.text), end + context)
    masks = [(max(a, first) - first, min(b, last) - first) for a, b in _overlapping(doc.masks, first, last)]
    tags = [(a - first, b - first) for a, b in _overlapping(doc.inline_tags, first, last) if a >= first and b <= last]
    whole = set(masks)
    return Document(
        text=doc.text[first:last], path=doc.path, format=doc.format, masks=masks,
        substitutions=[(a - first, b - first, s) for a, b, s in doc.substitutions if a >= first and b <= last],
        comments=[(a - first, b - first, s) for a, b, s in doc.comments if a >= first and b <= last],
        inline_tags=[t for t in tags if t in whole], shared=doc.shared,
    ), first


def _context_start(text: str, start: int, context: int) -> int:
    """Where a window's left context begins: `context` characters before it, moved to
    the start of a word, so that nothing at the context's first character (a heading
    mark, a rule line) reads as the start of a line."""
    first = max(0, start - context)
    while 0 < first < start and not (text[first].isalnum() and text[first - 1].isspace()):
        first += 1
    return first if first < start else max(0, start - context)


def _overlapping(spans: list, start: int, end: int) -> list:
    """The sorted, non-overlapping spans (first two items) that overlap [start, end)."""
    if not spans:
        return []
    first = max(0, bisect_right(spans, (start,)) - 1)
    chosen = []
    for span in spans[first:]:
        if span[0] >= end:
            break
        if span[1] > start:
            chosen.append(span[:2])
    return chosen


def spans(doc: Document, size: int) -> list[tuple[int, int]]:
    """The windows of `doc`: [start, end) stretches of about `size` characters, each
    starting where a paragraph or, failing one, a sentence of the whole document
    starts; one window when no such place is found."""
    text, cuts, last = doc.text, [0], 0
    while len(text) - last > size:
        cut = _paragraph_start(doc, last + size // 2, last + size) or _sentence_start(doc, last, last + size)
        if cut is None:
            break  # one sentence longer than a window: the rest is one window
        cuts.append(cut)
        last = cut
    cuts.append(len(text))
    return list(zip(cuts, cuts[1:]))


def _paragraph_start(doc: Document, low: int, high: int) -> int | None:
    """The last place in (low, high] where a paragraph starts after a blank line that
    no mask or substitution touches (there the prose is the text itself)."""
    best = None
    for m in lf_only(PARAGRAPH_BREAK, doc.text, low, high).finditer(doc.text, low, high):
        if m.end() < high and not _touched(doc, m.start() - 1, m.end() + 1):
            best = m.end()
    return best


def _touched(doc: Document, start: int, end: int) -> bool:
    if _overlapping(doc.masks, start, end):
        return True
    subs = doc.substitutions
    index = bisect_left(subs, (end,)) - 1
    return index >= 0 and subs[index][1] > start


def _sentence_start(doc: Document, low: int, high: int) -> int | None:
    """The start of the last sentence that begins in (low + context, high - context],
    as the whole document's sentence splitting finds it: the splitting is read on a
    stretch around there (its cut decisions look only a few characters around each
    mark), the last `SEARCH_CHARACTERS` first, then earlier."""
    floor = low + CONTEXT_CHARACTERS
    top = high - CONTEXT_CHARACTERS
    while top > floor:
        begin = max(floor, top - SEARCH_CHARACTERS)
        window, offset = view(doc, begin, top)
        starts = [s.start + offset for s in window.sentences if begin < s.start + offset <= top]
        if starts:
            return starts[-1]
        top = begin
    return None


SEARCH_CHARACTERS = 1 << 14
