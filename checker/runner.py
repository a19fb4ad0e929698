"""Checks a set of paths with one engine: read, build the document, run the checks."""
from __future__ import annotations

from .document import Document
from .engine import Engine
from .report import FileResult
from .sources import InputError, discover, read_source


def check_text(engine: Engine, text: str, path: str = "-", fmt: str = "text") -> FileResult:
    doc = Document.from_text(text, path, fmt)
    return FileResult(path=path, document=doc, findings=engine.check(doc))


def lint_paths(engine: Engine, paths: list[str]) -> list[FileResult]:
    files, errors = discover(paths, engine.settings.extensions)
    results = [FileResult(path=e.split(":", 1)[0], document=None, error=e) for e in errors]
    for path in files:
        try:
            source = read_source(path, engine.settings.encoding)
        except InputError as exc:
            results.append(FileResult(path=path, document=None, error=str(exc)))
            continue
        results.append(check_text(engine, source.text, path, source.format))
    return results
