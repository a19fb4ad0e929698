"""The decoded text of one source, with everything checks need to work on offsets.

Every check reads `Document.prose`: the original text with masked regions (URLs,
e-mail addresses, markup, code) replaced by a placeholder character of the same
length, so offsets found in `prose` are offsets into `text` and fixes and reports
agree character for character with the file.
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property

# Replaces masked characters: not a word character, not whitespace, not punctuation
# that any rule looks for.
MASK_CHAR = "\ufffc"
# Pads a substituted span (an HTML entity read as its character) to its length;
# FoldedText drops it, so phrases match across "don&#8217;t" as across "don't".
PAD_CHAR = "\u2060"

LINE_BREAK = re.compile(r"\r\n|\r|\n")
URL = re.compile(
    r"""(?:\b(?:https?|ftp|file)://|\bwww\.)[^\s<>"'“”‘’]+"""
    # a domain starts where a run of [\w.-] starts (not at every word boundary inside
    # it), so a long "a.b.c…" run is scanned once, not once per dot: linear time
    r"""|(?<![\w.-])[\w.-]+\.(?:com|org|net|edu|gov|io|dev|co\.uk|info|biz)\b(?:/[^\s<>"'“”]*)?""",
    re.IGNORECASE,
)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")  # run start: linear
LEADING_ADDRESS_PUNCT = ".+-"
# What every URL match contains ("://", "www.", a domain ending), found from its ":"
# or "." (a pattern that starts with a character class lets `re` skip ahead in C): a
# cheap scan that spares prose without addresses the URL pattern.
URL_HINT = re.compile(r":(?=//)|\.(?:(?<=[wW]{3}\.)|(?=(?i:com|org|net|edu|gov|io|dev|co\.uk|info|biz)\b))")
# URL_HINT's two branches apart, for a long text: each starts with its one character,
# which `re` skips to in C three times faster than to the class of both; their hits
# merged in order (compiled when first used: a short text needs neither)
URL_HINT_PARTS = tuple(URL_HINT.pattern.split("|", 1))
TRAILING_URL_PUNCT = ".,;:!?)]}'\""
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*")
# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr st prof sr jr mt ft gen col lt sgt capt rev hon messrs mmes
    vs etc e.g i.e cf al approx dept est fig inc ltd co corp no vol pp ed eds
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n a.m p.m esq""".split()
)
# Abbreviations only before a number ("No. 5", "Fig. 3"); elsewhere the word ends a
# sentence ("I said no. Then we left.").
_NUMBER_ABBREVIATIONS = frozenset("no vol pp fig".split())
# Abbreviations that often end a sentence: a capital after them starts a new one.
_FINAL_ABBREVIATIONS = frozenset("etc".split())
# Abbreviations and initialisms that end a sentence only when a word that starts
# sentences follows ("in the U.S. His", "at 7 p.m. Then"; but "U.S. Navy", "J.K. Marlowe").
_ENDING_ABBREVIATIONS = frozenset("a.m p.m u.s u.k u.n inc ltd co corp".split())
_SENTENCE_STARTERS = frozenset("""the a an he she it they we i you his her its their our my
    this that these those then but and so yet there here nobody after before when while
    if in on at""".split())
# starts only at the first mark of a run, so a long run of periods is tried once; the
# mark comes first and the look-behind after it (the same matches as a look-behind
# first), so that `re` skips in C to the next mark instead of trying every position
SENTENCE_END = re.compile(r"[.!?…](?<![.!?…].)[.!?…]*[\"'”’)\]]*(?=\s+|$)")
# The same ends with the white space after each taken in (no end starts in white
# space, so none is missed): where the next sentence starts is `end()`, the mark and
# its closers group 1, without a Python step per space
SENTENCE_END_SPACED = re.compile(r"([.!?…](?<![.!?…].)[.!?…]*[\"'”’)\]]*)(?:\s+|$)")
# Lines that start a new sentence whatever precedes them: list items, headings and
# table rows (a list or a table without periods is not one long sentence).
# The line break before a list item, a table row or a heading starts a sentence; so
# does the end of a heading or of a rule line ("===", "---"). Each pattern starts with
# a line break, so that `re` skips in C from one line to the next.
BLOCK_LINE = re.compile(r"(?:\r\n|\r|\n)(?=[ \t]*(?:(?:[-*+•‣◦]|\d{1,3}[.)]|#{1,6})[ \t]+\S|\|))")
_RULE_LINE_BODY = r"[ \t]*(?:#{1,6}[ \t][^\r\n]*|=+[ \t]*|-{2,}[ \t]*)(?=\r\n|\r|\n)"
RULE_LINE = re.compile(r"[\r\n]" + _RULE_LINE_BODY)  # its end is the break
FIRST_RULE_LINE = re.compile(_RULE_LINE_BODY)  # the same on the text's first line
# Twins of the line-break patterns for a long text that holds no CR (nearly every one):
# each starts with the one character "\n", which `re` skips to in C five to eight times
# faster than to the class of "\r" and "\n" (the paragraph breaks of the development
# corpus: 0.9 ms against 4.8). Compiled when first used (`re` keeps them), so that a
# short text, where the plain pattern costs nothing, compiles none at start-up.
_LF_TWINS = {
    LINE_BREAK: r"\n",
    PARAGRAPH_BREAK: r"\n[ \t]*\n\s*",
    BLOCK_LINE: r"\n(?=[ \t]*(?:(?:[-*+•‣◦]|\d{1,3}[.)]|#{1,6})[ \t]+\S|\|))",
    RULE_LINE: r"\n" + _RULE_LINE_BODY,
}
LF_TWIN_MIN_CHARACTERS = 20_000


def lf_only(pattern: re.Pattern, text: str, low: int = 0, high: int | None = None) -> re.Pattern:
    """`pattern` (one of the line-break patterns above) to search text[low:high] with: its
    twin that starts with "\n" when that stretch is long and holds no CR (the same
    matches there)."""
    high = len(text) if high is None else high
    if high - low < LF_TWIN_MIN_CHARACTERS or text.find("\r", low, high) >= 0:
        return pattern
    return re.compile(_LF_TWINS[pattern])


HTML_BLOCK_TAG = re.compile(
    r"</?(?:p|div|li|ul|ol|dl|dt|dd|h[1-6]|br|hr|tr|td|th|table|thead|tbody|section|article|"
    r"header|footer|nav|aside|main|blockquote|pre|figure|figcaption|title)\b[^>]*>",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass
class Document:
    """One source's text; `path` is what reports print ("-" for standard input)."""

    text: str
    path: str = "-"
    format: str = "text"
    masks: list[tuple[int, int]] = field(default_factory=list)
    # Why this document's check is incomplete (a rule stopped, a service failed);
    # reported on stderr and turning the exit status to 2.
    problems: list[str] = field(default_factory=list)
    # Optional checks that could not run on this document (a service that was down):
    # check name -> why. Reported once per run, without changing the exit status.
    skipped: dict[str, str] = field(default_factory=dict)
    # Spans read by checks as other text of the same length (start, end, replacement):
    # decoded entities; never overlapping a mask.
    substitutions: list[tuple[int, int, str]] = field(default_factory=list)
    # Comments in the source's own syntax (start, end, body): where directives live.
    comments: list[tuple[int, int, str]] = field(default_factory=list)
    # Masks that are inline tags and nothing else (`<em>`, `</a><b>`): shown as nothing
    # between the words around them; phrases are read across them, fixes never edit them.
    inline_tags: list[tuple[int, int]] = field(default_factory=list)
    # What checks keep about this source across the windows it is checked in
    # (checker/windows.py): the windows of one document share it.
    shared: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_text(cls, text: str, path: str = "-", fmt: str = "text") -> "Document":
        from .markup import analyse  # markup handling lives in its own module

        markup = analyse(text, fmt)
        masks = _merge(markup.masks + _mask_addresses(text))
        substitutions = [s for s in sorted(markup.substitutions) if not _overlaps(masks, s[0], s[1])]
        return cls(text=text, path=path, format=fmt, masks=masks, substitutions=substitutions,
                   comments=sorted(markup.comments), inline_tags=_wholly_covered(masks, markup.inline_tags))

    # -- positions -------------------------------------------------------------
    @cached_property
    def line_starts(self) -> array:
        """Where each line starts: an array of 8-byte ints, not a list of int objects
        (36 bytes an entry: 10 MB for a 20 MB file of short lines)."""
        starts = array("q", [0])
        starts.extend(m.end() for m in lf_only(LINE_BREAK, self.text).finditer(self.text))
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count characters."""
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def line_span(self, line: int) -> tuple[int, int]:
        """(start, end) of 1-based line `line` without its line break."""
        start = self.line_starts[line - 1]
        match = LINE_BREAK.search(self.text, start)
        return start, (match.start() if match else len(self.text))

    # -- what checks read --------------------------------------------------------
    @cached_property
    def prose(self) -> str:
        if not self.masks and not self.substitutions:
            return self.text
        return self._prose_of(sorted([(s, e, None) for s, e in self.masks] + list(self.substitutions)),
                              0, len(self.text))

    def prose_between(self, start: int, end: int) -> str:
        """`prose[start:end]`, made from that stretch of the text alone while the whole
        prose is not built (a long document checked a window at a time: a check that
        concludes after the windows reads a little around the places it found)."""
        start, end = max(0, start), min(len(self.text), end)
        if "prose" in self.__dict__ or (not self.masks and not self.substitutions):
            return self.prose[start:end]
        edits = [(a, b, None) for a, b in self.masks[max(0, bisect_right(self._mask_starts, start) - 1):
                                                     bisect_left(self._mask_starts, end)]]
        subs = self.substitutions
        edits += subs[max(0, bisect_right(subs, (start,)) - 1):bisect_left(subs, (end,))]
        return self._prose_of(sorted(edits), start, end)

    def _prose_of(self, edits: list, start: int, end: int) -> str:
        """The prose of text[start:end] given the sorted masks (replacement None) and
        substitutions that may touch it: masked characters blanked (line breaks kept, so
        that line-based rules still see lines), substituted ones replaced (a replacement
        is as long as what it replaces); an edit cut by the stretch's edges gives the
        part inside."""
        parts, last = [], start
        for a, b, replacement in edits:
            cut = max(start - a, 0)
            a, b = a + cut, min(b, end)
            if a < last or a >= b:  # outside the stretch, or overlapping the edit before (never expected)
                continue
            parts.append((last, a))
            parts.append(_blank(self.text[a:b]) if replacement is None else replacement[cut:cut + b - a])
            last = b
        parts.append((last, end))
        return _joined(self.text, parts)

    def is_masked(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps a masked region (an empty span: lies in one)."""
        if not self.masks:
            return False
        index = bisect_left(self._mask_starts, max(end, start + 1)) - 1
        return index >= 0 and self.masks[index][1] > start

    @cached_property
    def _mask_starts(self) -> list[int]:
        return [start for start, _ in self.masks]

    def crosses_markup(self, start: int, end: int) -> bool:
        """True when [start, end) touches masked text other than whole inline tags: a
        finding may read across `<em>` or `</a>`, never begin or end inside one, nor
        touch any other markup, code or address."""
        if not self.is_masked(start, end):
            return False
        if not self.inline_tags or start == end:
            return True
        tags = self._inline_tag_set
        index = bisect_left(self._mask_starts, end) - 1
        while index >= 0 and self.masks[index][1] > start:
            mask = self.masks[index]
            if not (start <= mask[0] and mask[1] <= end and mask in tags):
                return True
            index -= 1
        return False

    @cached_property
    def _inline_tag_set(self) -> frozenset:
        return frozenset(self.inline_tags)

    def inline_tags_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """The inline tags that overlap [start, end)."""
        if not self.inline_tags:
            return []
        first = bisect_right(self._inline_tag_ends, start)
        return self.inline_tags[first:bisect_left(self._inline_tag_starts, end)]

    @cached_property
    def _inline_tag_starts(self) -> list[int]:
        return [start for start, _ in self.inline_tags]

    @cached_property
    def _inline_tag_ends(self) -> list[int]:
        return [end for _, end in self.inline_tags]

    @cached_property
    def paragraphs(self) -> list[Span]:
        prose = self.prose
        spans, last = [], 0
        for m in lf_only(PARAGRAPH_BREAK, prose).finditer(prose):
            if _NOT_SPACE.search(prose, last, m.start()):  # read in place: no copy of a long paragraph
                spans.append(_span(last, m.start()))
            last = m.end()
        if _NOT_SPACE.search(prose, last):
            spans.append(_span(last, len(prose)))
        return spans

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentence spans: ends at . ! ? … unless the period follows an abbreviation,
        an initial or a number, or a lower-case word follows; paragraph breaks, list
        items, table rows, headings and HTML block tags always end one. Spans without
        a letter or digit (a masked code block, "* * *") are not sentences."""
        return self._sentences_of_paragraphs(0)

    def long_sentences(self, min_length: int, more_words_than: int | None = None) -> list[Span]:
        """The sentences of at least `min_length` characters (and that may hold more
        than `more_words_than` words): `sentences` so filtered, split only in the
        paragraphs that long (a sentence lies in one paragraph), for a limit on
        sentence length that few paragraphs can break (metric). A stretch holds no
        more words than runs of letters and digits start in it (each word starts one),
        counted in C from one byte a character (`_RunCounter`)."""
        runs = None if more_words_than is None else _RunCounter.of(self._prose_one_byte)

        def may_hold(span: Span) -> bool:
            return span.end - span.start >= min_length and (
                runs is None or runs.count(span.start, span.end) > more_words_than)

        spans = self.__dict__.get("sentences")
        if spans is None:
            spans = self._sentences_of_paragraphs(min_length, may_hold)
        return [s for s in spans if may_hold(s)]

    def _sentences_of_paragraphs(self, min_length: int, wanted=None) -> list[Span]:
        """The sentences of the paragraphs of at least `min_length` characters (for
        which `wanted`, when given, holds)."""
        prose, spans = self.prose, []
        breaks = self._block_breaks
        trim = " \t\r\n\f\v" + (MASK_CHAR if self.format == "html" else "")  # HTML tags are not part of a sentence
        k = 0
        for para in self.paragraphs:
            if para.end - para.start < min_length or (wanted is not None and not wanted(para)):
                continue
            start = _skip_space(prose, para.start, para.end)
            cuts = _sentence_cuts(prose, para.start, para.end)
            while k < len(breaks) and breaks[k] < para.start:
                k += 1
            forced = []
            while k < len(breaks) and breaks[k] < para.end:
                forced.append((breaks[k], _skip_space(prose, breaks[k], para.end)))
                k += 1
            if forced:
                cuts = sorted(cuts + forced)
            for end, nxt in cuts:
                if nxt <= start:
                    continue
                _add_sentence(prose, spans, start, end, trim)
                start = nxt
            _add_sentence(prose, spans, start, para.end, trim)
        return spans

    @cached_property
    def _block_breaks(self) -> list[int]:
        """Offsets where a sentence ends because a block of markup begins or ends."""
        prose = self.prose
        points = [m.start() for m in lf_only(BLOCK_LINE, prose).finditer(prose)]
        points.extend(m.end() for m in lf_only(RULE_LINE, prose).finditer(prose))
        first = FIRST_RULE_LINE.match(prose)
        if first:
            points.append(first.end())
        if self.format == "html" and self.masks:
            for m in HTML_BLOCK_TAG.finditer(self.text):
                index = bisect_right(self._mask_starts, m.start()) - 1
                if index >= 0 and self.masks[index][1] >= m.end():
                    points.append(self.masks[index][1])
        return sorted(set(points))

    @cached_property
    def folded(self) -> "FoldedText":
        return FoldedText(self.prose)

    @cached_property
    def folded_across_tags(self) -> "FoldedText":
        """`folded`, with inline tags read as nothing (as a browser shows them), so
        "<em>prime</em> minister" reads "prime minister". For the phrase matcher, whose
        findings keep the tags out of their fixes; other checks read `folded`."""
        if not self.inline_tags:
            return self.folded
        prose = self.prose
        parts, last = [], 0
        for start, end in self.inline_tags:
            parts.append(prose[last:start])
            parts.append(PAD_CHAR * (end - start))
            last = end
        parts.append(prose[last:])
        return FoldedText("".join(parts))

    def words(self, start: int = 0, end: int | None = None):
        """Word matches (letters/digits, inner apostrophes and hyphens) in prose."""
        return WORD.finditer(self.prose, start, len(self.prose) if end is None else end)

    @cached_property
    def word_count(self) -> int:
        from . import windows  # a long text's prose is not built whole just to count its words

        if len(self.text) >= windows.WINDOWED_FROM and "prose" not in self.__dict__:
            return windows.word_count(self)
        return count_words_of(self.prose, self._prose_one_byte)

    @cached_property
    def _prose_one_byte(self) -> tuple[bytes, str] | None:
        """The prose one byte a character (checker/word_count.py), None when it cannot
        be: what the word count and the sentence-length bound read, encoded once."""
        from .word_count import one_byte_each

        return one_byte_each(self.prose)


def count_words_of(text: str, encoded: tuple[bytes, str] | None) -> int:
    """The number of WORD matches in `text`: from `encoded`, its encoding one byte a
    character (a third of the time: checker/word_count.py), else, when it has none
    (None), by the pattern (no match objects)."""
    from .word_count import count_words

    return WORD.subn("", text)[1] if encoded is None else count_words(encoded)


_NOT_LINE_BREAK = re.compile(r"[^\r\n]")


# A long text's prose is built by appending pieces of at most this many characters:
# "".join would hold every piece and the result at once (twice the text), io.StringIO
# copies its buffer when asked for it; a str that only this function holds grows in
# place (CPython resizes it, and a large block is remapped, not copied).
JOIN_PIECE_CHARACTERS = 1 << 20


def _joined(text: str, parts: list) -> str:
    """The pieces joined: each a str, or a (start, end) stretch of `text`."""
    if len(text) <= JOIN_PIECE_CHARACTERS:
        return "".join(text[p[0]:p[1]] if isinstance(p, tuple) else p for p in parts)
    joined = ""
    for part in parts:
        if not isinstance(part, tuple):
            joined += part
            continue
        for at in range(part[0], part[1], JOIN_PIECE_CHARACTERS):
            joined += text[at:min(at + JOIN_PIECE_CHARACTERS, part[1])]
    return joined


def _blank(chunk: str) -> str:
    """Masked text: every character but line breaks becomes MASK_CHAR."""
    return _NOT_LINE_BREAK.sub(MASK_CHAR, chunk)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect_left(spans, (end,)) - 1
    return index >= 0 and spans[index][1] > start


def _sentence_cuts(prose: str, start: int, end: int) -> list[tuple[int, int]]:
    """(end of a sentence, start of the next) for each sentence end in prose[start:end]
    that no lower-case word follows and that no abbreviation's period makes."""
    cuts = []
    for m in SENTENCE_END_SPACED.finditer(prose, start, end):
        nxt = m.end()
        if nxt < end and prose[nxt].islower():
            continue
        if prose[m.start()] == "." and _period_is_abbreviation(prose, m.start(), m.group(1), nxt):
            continue
        cuts.append((m.end(1), nxt))
    return cuts


class _RunCounter:
    """How many runs of letters and digits (`[^\\W_]+`) start in a stretch of a text,
    from its bytes of `word_count.letters_and_digits`: a run starts at a 1 after a 0,
    or at the stretch's first character."""

    __slots__ = ("flags",)

    def __init__(self, flags: bytes):
        self.flags = flags

    @classmethod
    def of(cls, encoded: tuple[bytes, str] | None) -> "_RunCounter | None":
        """From a text's encoding one byte a character (None: it has none)."""
        from .word_count import letters_and_digits

        return None if encoded is None else cls(letters_and_digits(encoded))

    def count(self, start: int, end: int) -> int:
        flags = self.flags
        return flags.count(b"\x00\x01", start, end) + (start < end and flags[start] == 1)


def char_offsets(text: str, characters: str, start: int = 0, end: int | None = None) -> list[int]:
    """The sorted offsets in text[start:end] of each of `characters` (distinct ones):
    `str.find` for each, a scan in C several times faster than `re` testing every
    character against a class, above all a class of characters beyond ASCII (the five
    quotation marks of the development corpus: 1.3 ms against 7.9)."""
    end = len(text) if end is None else end
    found, find = [], text.find
    for c in characters:
        at = find(c, start, end)
        while at >= 0:
            found.append(at)
            at = find(c, at + 1, end)
    found.sort()
    return found


def _skip_space(text: str, i: int, end: int) -> int:
    while i < end and text[i].isspace():
        i += 1
    return i


def _add_sentence(prose: str, spans: list[Span], start: int, end: int, trim: str) -> None:
    while end > start and (prose[end - 1] in trim or prose[end - 1].isspace()):
        end -= 1
    while start < end and prose[start] in trim:
        start += 1
    # most sentences open with a letter: `isalnum` is what `_HAS_WORD` tests a character for
    if start < end and (prose[start].isalnum() or _HAS_WORD.search(prose, start, end)):
        spans.append(_span(start, end))


_new_span, _set_start, _set_end = object.__new__, Span.start.__set__, Span.end.__set__


def _span(start: int, end: int) -> Span:
    """Span(start, end) without the frozen dataclass's `__init__` (a Python call and two
    `object.__setattr__`): the slots set directly, a third of the time, for the ten
    thousand sentences of a long document."""
    span = _new_span(Span)
    _set_start(span, start)
    _set_end(span, end)
    return span


_HAS_WORD = re.compile(r"[^\W_]")
_NOT_SPACE = re.compile(r"\S")


def _period_is_abbreviation(text: str, dot: int, mark: str = ".", nxt: int | None = None) -> bool:
    """True when the period at `dot` belongs to an abbreviation, an initial or a number
    rather than ending a sentence; `mark` is the whole closing run (".", ".”"), `nxt`
    where the next sentence would start."""
    j = _word_start(text, dot)
    word = text[j:dot].lower()
    if not word:
        return dot > 0 and text[dot - 1].isdigit() and dot + 1 < len(text) and text[dot + 1].isdigit()
    if mark != ".":  # a closing quote or bracket after the period: "No.” He left."
        return False
    if len(word) > 1 and word not in _ANY_ABBREVIATION and "." not in word:
        return False  # a plain word (most sentence ends): none of the tests below can hold
    following = text[nxt] if nxt is not None and nxt < len(text) else ""
    if word in _NUMBER_ABBREVIATIONS:
        return following.isdigit()
    if word in _FINAL_ABBREVIATIONS:
        return not following.isupper()
    if word in _ENDING_ABBREVIATIONS or (word not in _ABBREVIATIONS and _INITIALISM.fullmatch(word)):
        return _next_word(text, nxt).lower() not in _SENTENCE_STARTERS
    if word == "i" and text[j - 1:j] == " " and _previous_word_is_lower(text, j - 1):
        return False  # "said I. Then": the pronoun, not an initial
    if word in _ABBREVIATIONS or len(word) == 1:
        return True
    return False


_ANY_ABBREVIATION = _ABBREVIATIONS | _NUMBER_ABBREVIATIONS | _FINAL_ABBREVIATIONS | _ENDING_ABBREVIATIONS
_ASCII_LETTERS_AND_PERIOD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ."


def _word_start(text: str, dot: int) -> int:
    """Where the run of letters and periods that ends at `dot` starts: its ASCII tail
    stripped in C, the rest (a letter beyond ASCII, a run longer than the slice)
    walked a character at a time."""
    head = text[max(0, dot - 12):dot]
    j = dot - len(head) + len(head.rstrip(_ASCII_LETTERS_AND_PERIOD))
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    return j


_INITIALISM = re.compile(r"(?:[a-z]\.)+[a-z]")  # "j.k", "u.s.a": letters with periods between
_NEXT_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _next_word(text: str, i: int | None) -> str:
    m = _NEXT_WORD.match(text, i) if i is not None else None
    return m.group() if m else ""


def _previous_word_is_lower(text: str, i: int) -> bool:
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i > 0 and text[i - 1].islower()


def _url_matches(text: str):
    """URL.finditer(text), tried only in the runs of non-space characters that hold
    a hint (no URL match holds white space, and every one holds a hint): the same
    matches, without trying the URL pattern at every word of a long text."""
    token_end = 0
    for hint in _url_hints(text):
        if hint.start() < token_end:
            continue  # a hint in a run already tried
        start = hint.start()
        while start > token_end and not text[start - 1].isspace():
            start -= 1
        space = _SPACE.search(text, hint.end())
        token_end = space.start() if space else len(text)
        yield from URL.finditer(text, start, token_end)


def _url_hints(text: str):
    """URL_HINT.finditer(text); a long text's from the hint's two branches apart."""
    if len(text) < LF_TWIN_MIN_CHARACTERS:
        return URL_HINT.finditer(text)
    from heapq import merge

    return merge(*(re.compile(part).finditer(text) for part in URL_HINT_PARTS), key=_start)


_SPACE = re.compile(r"\s")
_start = re.Match.start


def _mask_addresses(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _url_matches(text):
        start, end = _strip_leading(text, m.start(), m.end()), m.end()
        while end > start and text[end - 1] in TRAILING_URL_PUNCT:
            end -= 1
        spans.append((start, end))
    if "@" in text:
        spans.extend((_strip_leading(text, m.start(), m.end()), m.end()) for m in EMAIL.finditer(text))
    return spans


def _strip_leading(text: str, start: int, end: int) -> int:
    """An address begins at a word character ("--foo.com": "foo.com")."""
    while start < end and text[start] in LEADING_ADDRESS_PUNCT:
        start += 1
    return start


def _wholly_covered(masks: list[tuple[int, int]], tags: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The masks (merged, sorted) that `tags` (apart from each other) cover entirely:
    one walk along both in order (Markdown emphasis makes tens of thousands of tags)."""
    if not tags:
        return []
    ordered = sorted(set(tags))
    covered, k = [], 0
    for mask in masks:
        start, end = mask
        total = 0
        while k < len(ordered) and ordered[k][0] < end:
            if ordered[k][0] >= start and ordered[k][1] <= end:
                total += ordered[k][1] - ordered[k][0]
            k += 1
        if total == end - start:
            covered.append(mask)
    return covered


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# White space other than the plain space; a regular expression replaces it much faster
# than str.translate on long texts.
_OTHER_SPACE_CHARACTERS = "\t\n\r\f\v\u00a0\u2028\u2029\x1c\x1d\x1e\x1f\x85"
_SPACE_RUN = re.compile(r" {2,}|[ \u2060]*\u2060[ \u2060]*")  # PAD_CHAR runs too


def _kept_space(run: re.Match) -> str:
    """A run of spaces becomes one space; padding alone (PAD_CHAR) goes."""
    return " " if " " in run.group() else ""


# str.lower() works in a buffer of 12 bytes a character: a long text is lower-cased a
# chunk of about this many characters at a time, cut after a space (so that the
# context of a final sigma is the same), and the pieces joined
FOLD_CHUNK_CHARACTERS = 1 << 18


def _lower_spaced(prose: str) -> str:
    """`prose` lower-cased, its length kept, every white space other than U+0020 made
    one; built a chunk at a time, so a long text is held only twice at once."""
    parts, start = [], 0
    while start < len(prose):
        cut = prose.find(" ", start + FOLD_CHUNK_CHARACTERS) + 1 or len(prose)
        chunk = prose[start:cut]
        lower = chunk.lower()
        if len(lower) != len(chunk):  # a few characters lower-case to two ("İ"): all by hand
            return _as_spaces("".join(c if len(c.lower()) != 1 else c.lower() for c in prose))
        parts.append(_as_spaces(lower))
        start = cut
    return parts[0] if len(parts) == 1 else "".join(parts)


def _as_spaces(text: str) -> str:
    """`text` with every white space in _OTHER_SPACE_CHARACTERS made a space: a substring test
    and a replacement per character, in C (a text holds one or two of them: a fifth of
    the time of the class's substitution)."""
    for space in _OTHER_SPACE_CHARACTERS:
        if space in text:
            text = text.replace(space, " ")
    return text


_SPACES = re.compile(" +")


def _collapse_spaces(spaced: str, points: array, shifts: array) -> str:
    """`spaced` with every run of spaces made one, each run's place and the characters
    removed so far appended to `points` and `shifts` (what FoldedText keeps). Runs are
    found with str.find, which skips to the next double space far faster than a
    regular expression tries every space, and the text is joined from the pieces
    between them in the same pass (no second scan to substitute)."""
    find, at = spaced.find, spaced.find("  ")
    if at < 0:
        return spaced
    pieces, last, removed = [], 0, 0
    while at >= 0:
        end = _SPACES.match(spaced, at).end()
        points.append(at + 1 - removed)
        removed += end - at - 1
        shifts.append(removed)
        pieces.append(spaced[last:at + 1])
        last = end
        at = find("  ", end)
    pieces.append(spaced[last:])
    return "".join(pieces)


class FoldedText:
    """Prose lower-cased with every run of white space made one space, and padding
    (PAD_CHAR) dropped, so that one phrase matcher finds "Press\\n  Conference" as
    "press conference"; maps offsets back."""

    __slots__ = ("text", "_points", "_shifts")

    def __init__(self, prose: str):
        spaced = _lower_spaced(prose)
        points, shifts, removed = array("q"), array("q"), 0  # one entry a run of spaces: compact
        if "\u2060" not in spaced:
            self.text = _collapse_spaces(spaced, points, shifts)
            self._points, self._shifts = points, shifts
            return
        for m in _SPACE_RUN.finditer(spaced):
            kept = 1 if " " in m.group() else 0
            points.append(m.start() + kept - removed)
            removed += m.end() - m.start() - kept
            shifts.append(removed)
        self.text = _SPACE_RUN.sub(_kept_space, spaced) if points else spaced
        self._points, self._shifts = points, shifts

    def to_original(self, index: int) -> int:
        k = bisect_right(self._points, index) - 1
        return index + (self._shifts[k] if k >= 0 else 0)
