"""One JSON document for the whole run; the schema is in docs/json-schema.md."""
from __future__ import annotations

import json

from . import finding_record, summary
from ..garble.spin import spin_score


def file_record(r, with_stats: bool = False) -> dict:
    """The JSON record of one file's result; `copylint screen` builds its rows from it.
    `with_stats` (lint --stats): the readability figures too. They cost more than all
    the checks together (syllables for every word), so only when asked."""
    return {
        "path": r.path,
        "findings": [finding_record(f, r.document) for f in r.findings] if r.document else [],
        **({"spin_score": spin_score(r.findings, r.document)} if r.document else {}),
        **({"error": r.error} if r.error else {}),
        **({"stats": _stats(r)} if with_stats and r.document else {}),
    }


def render(results, stream, version: str = "", with_stats: bool = False, **_) -> None:
    document = {
        "tool": {"name": "copylint", "version": version},
        "files": [file_record(r, with_stats) for r in results],
        "summary": {**summary(results), "spin_score": _overall_spin(results)},
    }
    if with_stats:
        from ..stats import total_stats

        checked = [(r.document, r.findings) for r in results if r.document]
        document["summary"]["stats"] = total_stats(checked) if checked else None
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def _stats(result) -> dict:
    from ..stats import document_stats  # readability figures (docs/stats.md)

    return document_stats(result.document, result.findings)


def _overall_spin(results) -> float:
    """The spin score of all checked documents taken together."""
    done = [r for r in results if r.document is not None]
    return spin_score([f for r in done for f in r.findings], [r.document for r in done])
