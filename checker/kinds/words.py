"""Small helpers several word-level kinds share: where a sentence starts, how to carry
a word's capitalisation over to its replacement, and reading shipped data files."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
# What may stand between a sentence's end (or a line's start) and its first word.
_LEAD_IN = set(" \t\u00a0\"'“‘«([{*—–-_#>")
_SENTENCE_END = set(".!?…:")
# Words after which a period ends an abbreviation, not a sentence ("Mr. Putin").
_TITLES = frozenset("mr mrs ms mx dr st prof gen col lt sgt capt rev hon sr jr messrs mme mlle gov sen rep pres".split())


def is_sentence_initial(text: str, start: int) -> bool:
    """True when the word at `start` opens a sentence, a line or the text, so that its
    capital letter says nothing about whether it is a name."""
    i = start - 1
    while i >= 0 and text[i] in _LEAD_IN:
        i -= 1
    if i < 0 or text[i] in "\r\n":
        return True
    if text[i] == ".":
        j = i
        while j > 0 and text[j - 1].isalpha():
            j -= 1
        word = text[j:i]
        return not (len(word) == 1 and word.isupper() or word.lower() in _TITLES)
    return text[i] in _SENTENCE_END


def match_case(replacement: str, original: str) -> str:
    """`replacement` written with the capitalisation of `original` (lower, Title, UPPER)."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


@lru_cache(maxsize=None)
def data_lines(name: str) -> tuple[tuple[str, ...], ...]:
    """Tab-separated rows of a data file in checker/data, comments and blanks skipped."""
    path = DATA / name
    if name.endswith(".gz"):
        import gzip

        with gzip.open(path, "rt", encoding="utf-8") as handle:
            text = handle.read()
    else:
        text = path.read_text(encoding="utf-8")
    return tuple(
        tuple(line.split("\t")) for line in text.splitlines() if line and not line.startswith("#")
    )


_CODE_SIGNS = "{}=;|$#\\`~^"
_LETTER = re.compile(r"[^\W\d_]")
_BOX_DRAWING = re.compile("[\u2500-\u257f]")
# what a brace line or a comment line needs (see _brace_or_comment_lines)
_BRACE_OR_COMMENT = re.compile("[{}#/]")
_SUSPECT = re.compile("[{}=;|$#\\\\`~^\u2500-\u257f]")
# every character the tests below count or look for: the signs, box drawing, and the
# "/" of a comment line, gathered in one scan of a paragraph instead of one a test
_CODE_CHARACTERS = re.compile("[{}=;|$#\\\\`~^/\u2500-\u257f]")


def looks_like_code(text: str, block: bool = True, start: int = 0, end: int | None = None) -> bool:
    """True for a paragraph of plain text that is code, configuration, a table or a
    drawing rather than prose: box-drawing characters, every line indented like a code
    block (when `block`: a whole paragraph), a line opening or closing a brace block, a
    block of comments, or a high share of programming signs. Checks of punctuation
    pairing and quotation style skip such paragraphs; their marks follow other rules.
    Reads text[start:end] in place (no copy: a one-line file is one paragraph of the
    whole text), with string methods and regular expressions only: this runs over
    every paragraph of every document."""
    end = len(text) if end is None else end
    found = "".join(_CODE_CHARACTERS.findall(text, start, end))  # one scan; prose holds few
    if _BOX_DRAWING.search(found):
        return True
    signs = len(found) - found.count("/")
    if not signs:
        return block and text[start:start + 1] in (" ", "\t") and _all_indented(text, start, end)
    # (most prose with a semicolon has neither a brace, nor a mark a comment starts
    # with, nor a first line that starts with white space: its lines are not read)
    if _BRACE_OR_COMMENT.search(found) and _brace_or_comment_lines(text, start, end):
        return True
    if block and text[start:start + 1].isspace() and _all_indented(text, start, end):
        return True
    visible = end - start - sum(text.count(c, start, end) for c in " \n\t\r")
    return visible > 0 and signs / visible > 0.05


def _brace_or_comment_lines(text: str, start: int, end: int) -> bool:
    """A line of text[start:end] opens or closes a brace block, or every line is a comment."""
    lines = [line for line in (_stripped(text, a, b) for a, b in _lines(text, start, end)) if line]
    if any(text[b - 1] == "{" or text[a] == "}" for a, b in lines):
        return True
    return len(lines) > 1 and all(text.startswith(("#", "//"), a, b) for a, b in lines)  # a block of comments


# where str.splitlines cuts
_LINE_BOUNDARY = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_NOT_SPACE = re.compile(r"\S")


def _lines(text: str, start: int, end: int):
    """(start, end) of each line of text[start:end], as str.splitlines gives them."""
    at = start
    for m in _LINE_BOUNDARY.finditer(text, start, end):
        yield at, m.start()
        at = m.end()
    if at < end:
        yield at, end


def _stripped(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of text[start:end].strip(), None when that is empty."""
    first = _NOT_SPACE.search(text, start, end)
    if first is None:
        return None
    while text[end - 1].isspace():
        end -= 1
    return first.start(), end


def _all_indented(text: str, start: int, end: int) -> bool:
    lines = [(a, b) for a, b in _lines(text, start, end) if _NOT_SPACE.search(text, a, b)]
    return bool(lines) and all(text.startswith(("    ", "\t"), a, b) for a, b in lines)


def prose_paragraphs(doc) -> list:
    """The document's paragraphs that are prose: with letters, not code-like. Cached
    on the document, since several kinds ask."""
    cached = doc.__dict__.get("_prose_paragraphs")
    if cached is None:
        text = doc.prose
        cached = [
            p for p in doc.paragraphs
            if _LETTER.search(text, p.start, p.end) and not looks_like_code(text, True, p.start, p.end)
        ]
        doc.__dict__["_prose_paragraphs"] = cached
    return cached


def code_line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the lines in text[start:end] that look like code (a shell command, a
    configuration line) inside a paragraph that is otherwise prose."""
    spans = []
    if text.find("\n", start, end) < 0:  # in place: a one-line file is one paragraph
        return spans
    line_start = start
    while line_start < end:
        line_end = text.find("\n", line_start, end)
        line_end = end if line_end < 0 else line_end
        if looks_like_code(text, False, line_start, line_end):
            spans.append((line_start, line_end))
        line_start = line_end + 1
    return spans
