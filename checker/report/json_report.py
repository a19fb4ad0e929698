"""One JSON document for the whole run; the schema is in docs/json-schema.md."""
from __future__ import annotations

import json

from . import finding_record, summary
from ..garble.spin import spin_score


def file_record(r) -> dict:
    """The JSON record of one file's result; `copylint screen` builds its rows from it."""
    from ..stats import document_stats  # readability figures (docs/stats.md)

    return {
        "path": r.path,
        "findings": [finding_record(f, r.document) for f in r.findings] if r.document else [],
        **({"spin_score": spin_score(r.findings, r.document)} if r.document else {}),
        **({"error": r.error} if r.error else {}),
        **({"stats": document_stats(r.document, r.findings)} if r.document else {}),
    }


def render(results, stream, version: str = "", **_) -> None:
    from ..stats import total_stats  # readability figures (docs/stats.md)

    document = {
        "tool": {"name": "copylint", "version": version},
        "files": [file_record(r) for r in results],
        "summary": {**summary(results), "spin_score": _overall_spin(results)},
    }
    checked = [(r.document, r.findings) for r in results if r.document]
    document["summary"]["stats"] = total_stats(checked) if checked else None
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def _overall_spin(results) -> float:
    """The spin score of all checked documents taken together."""
    done = [r for r in results if r.document is not None]
    words = sum(r.document.word_count for r in done)
    return spin_score([f for r in done for f in r.findings], words)
