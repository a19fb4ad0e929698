"""The edits behind the server's code actions, as offsets into the buffer's text.

Nothing here edits text by its own rules: a quick fix is the edit `checker.fixer`
would apply for that one finding, "fix all" is `fixer.fix_text` (the passes of
`copylint fix`, safe fixes only) turned into the smallest line edits, and "disable
for this line" writes the `disable-next-line` directive that `checker.suppression`
reads, in the buffer's own comment syntax.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Callable

from ..document import LINE_BREAK, Document
from ..finding import Finding
from ..fixer import choose_edits, fix_text

TITLE_WIDTH = 40
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_INDENT = re.compile(r"[ \t]*")


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


def _shown(text: str) -> str:
    text = re.sub(r"\s+", " ", text)  # one line in a menu; a lone space stays visible
    return text if len(text) <= TITLE_WIDTH else text[:TITLE_WIDTH - 1] + "…"


def _is_whole_lines(text: str, start: int, end: int) -> bool:
    at_line_start = start == 0 or text[start - 1] in "\r\n"
    return at_line_start and end > start and (end == len(text) or text[end - 1] in "\r\n")


def quick_fix(text: str, finding: Finding) -> tuple[str, Edit] | None:
    """(title, edit) of the finding's proposed fix, or None when it has none (or it
    would change nothing). Safe or not: a person chooses it from the menu."""
    chosen = choose_edits(text, [finding], unsafe=True)
    if not chosen:
        return None
    start, end = finding.edit_span
    fix = finding.fix
    if fix:
        title = f"Replace with “{_shown(fix)}”"
    elif _is_whole_lines(text, start, end):
        title = "Delete line" if text.count("\n", start, end) + text.count("\r", start, end) <= 1 \
            else "Delete lines"
    else:
        title = f"Delete “{_shown(text[start:end])}”"
    return title, Edit(start, end, fix)


def fix_all(text: str, check: Callable[[str], list[Finding]]) -> list[Edit]:
    """Every safe fix, applied in passes exactly as `copylint fix` does, as the line
    edits that turn `text` into the fixed text (no edits: nothing to fix)."""
    outcome = fix_text(text, check)
    return diff_edits(text, outcome.text)


def diff_edits(old: str, new: str) -> list[Edit]:
    """Edits on whole lines of `old` that make `new` (lines that did not change are
    not touched, so the editor keeps its cursor and folds there)."""
    if old == new:
        return []
    old_lines, new_lines = _LINE.findall(old), _LINE.findall(new)
    starts = [0]
    for line in old_lines:
        starts.append(starts[-1] + len(line))
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    return [Edit(starts[i1], starts[i2], "".join(new_lines[j1:j2]))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def apply(text: str, edits: list[Edit]) -> str:
    """`text` with disjoint edits applied (for tests and checks of candidates)."""
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return text


# -- suppression -------------------------------------------------------------------------
def disable_for_line(text: str, fmt: str, finding: Finding, rst: bool = False,
                     doc: Document | None = None) -> Edit:
    """The edit that writes `disable-next-line=RULE` just above the finding's line.

    Plain text and reStructuredText get a directive line of their own (`# copylint: …`,
    `.. copylint: …` in rST) with the line's indentation. Markdown and HTML get an HTML
    comment at the end of the line before, when that reads as a comment and leaves the
    rest of the markup as it was (so a paragraph is not split in two); otherwise a
    comment line of its own."""
    directive = f"copylint: disable-next-line={finding.rule}"
    if doc is None:  # `doc`: the text's Document, when the caller has it already
        doc = Document.from_text(text, "-", fmt)
    line = doc.position(finding.start)[0]
    line_start = doc.line_starts[line - 1]
    indent = _INDENT.match(text, line_start).group()
    eol = _line_break(text)
    if fmt == "text":
        prefix = ".. " if rst else "# "
        return Edit(line_start, line_start, f"{indent}{prefix}{directive}{eol}")
    comment = f"<!-- {directive} -->"
    if line > 1:
        _, previous_end = doc.line_span(line - 1)
        previous = text[doc.line_starts[line - 2]:previous_end]
        if previous.strip() and not previous.endswith(("  ", "\\")):
            inline = Edit(previous_end, previous_end, " " + comment)
            if _reads_as_directive(doc, inline, fmt):
                return inline
    own_line = Edit(line_start, line_start, f"{indent}{comment}{eol}")
    return own_line


def _line_break(text: str) -> str:
    match = LINE_BREAK.search(text)
    return match.group() if match else "\n"


def _reads_as_directive(doc: Document, edit: Edit, fmt: str) -> bool:
    """True when the inserted comment is a comment in the edited text, and what is
    markup or code elsewhere is exactly what it was (an insertion that turned a closing
    code fence into text, say, would change every mask after it)."""
    edited = Document.from_text(apply(doc.text, [edit]), "-", fmt)
    at, size = edit.start, len(edit.text)
    if not any(at <= s and e <= at + size for s, e, _ in edited.comments):
        return False

    def shifted(spans):
        return [(s + size if s >= at else s, e + size if e > at else e) for s, e in spans]

    inserted = (at + len(edit.text) - len(edit.text.lstrip()), at + size)
    expected = sorted(shifted(doc.masks) + [inserted])
    return _merged(expected) == _merged(edited.masks)


def _merged(spans):
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [tuple(s) for s in out]
