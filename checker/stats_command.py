"""`copylint stats`: the figures of the files asked about (and of nothing else), with
the engine run on each so that findings per 1,000 words can be given; and
`--compare OLD NEW`, two files or git revisions of one."""
from __future__ import annotations

from .document import Document
from .engine import Engine
from .revisions import read_version
from .sources import InputError, discover, read_source
from .stats import document_stats, total_stats


def file_stats(engine: Engine, paths: list[str]) -> tuple[list[tuple[str, dict | None, str | None]], dict | None]:
    """(path, stats, error) per input, and the totals over those read."""
    files, errors = discover(paths, engine.settings.extensions)
    entries = [(e.split(":", 1)[0], None, e) for e in errors]
    checked = []
    for path in files:
        try:
            source = read_source(path, engine.settings.encoding)
        except InputError as exc:
            entries.append((path, None, str(exc)))
            continue
        doc, findings = _checked(engine, source)
        checked.append((doc, findings))
        entries.append((path, document_stats(doc, findings), None))
    return entries, (total_stats(checked) if checked else None)


def compare_stats(engine: Engine, old: str, new: str) -> tuple[tuple[str, dict], tuple[str, dict]]:
    """Stats of two versions; InputError when one cannot be read."""
    out = []
    for spec in (old, new):
        doc, findings = _checked(engine, read_version(spec, engine.settings.encoding))
        out.append((spec, document_stats(doc, findings)))
    return out[0], out[1]


def _checked(engine: Engine, source) -> tuple[Document, list]:
    doc = Document.from_text(source.text, source.path, source.format)
    return doc, engine.check(doc)
