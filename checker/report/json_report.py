"""One JSON document for the whole run; the schema is in docs/json-schema.md."""
from __future__ import annotations

import json

from . import finding_record, summary


def render(results, stream, version: str = "", **_) -> None:
    document = {
        "tool": {"name": "copylint", "version": version},
        "files": [
            {
                "path": r.path,
                "findings": [finding_record(f, r.document) for f in r.findings] if r.document else [],
                **({"error": r.error} if r.error else {}),
            }
            for r in results
        ],
        "summary": summary(results),
    }
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
