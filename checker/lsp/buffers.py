"""The text of each document the editor has open, kept in step with its edits.

An edit's range is read with `PositionMap`, so edits land where the editor made them
whatever the text holds (form feeds, U+2028, emoji, CJK). Which copylint format a
buffer is read as comes from its language id, else from its file name.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

from ..sources import format_for
from .positions import PositionMap

# the languages the server checks, and the copylint format each is read as
LANGUAGES = {
    "markdown": "markdown",
    "plaintext": "text",
    "text": "text",
    "html": "html",
    "restructuredtext": "text",  # read as text, as `copylint lint` reads .rst
    "rst": "text",
}
EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm", ".rst")


@dataclass
class Buffer:
    uri: str
    text: str
    version: int | None
    language_id: str

    @property
    def path(self) -> str | None:
        """The file's path for a file: URI; None for an unsaved buffer."""
        return path_of(self.uri)

    @property
    def format(self) -> str:
        if self.language_id in LANGUAGES:
            return LANGUAGES[self.language_id]
        return format_for(self.path or "")

    @property
    def checked(self) -> bool:
        """True for the languages copylint reads (or, failing a known language id, a
        file with one of the extensions `lint` checks)."""
        if self.language_id in LANGUAGES:
            return True
        return os.path.splitext(self.path or self.uri)[1].lower() in EXTENSIONS

    def apply(self, changes, encoding: str) -> None:
        """Apply a didChange's content changes in order (ranged or whole-text)."""
        for change in changes:
            change_range = getattr(change, "range", None)
            if change_range is None:
                self.text = change.text
                continue
            positions = PositionMap(self.text, encoding)
            start = positions.offset(change_range.start.line, change_range.start.character)
            end = positions.offset(change_range.end.line, change_range.end.character)
            if end < start:
                start, end = end, start
            self.text = self.text[:start] + change.text + self.text[end:]


def path_of(uri: str) -> str | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if os.name == "nt" and path.startswith("/") and len(path) > 2 and path[2] == ":":
        path = path[1:]
    return path
