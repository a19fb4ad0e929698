"""`path:line:col: severity rule-id message [-> replacement]`, one finding a line:
the shape editors' and CI problem matchers read."""
from __future__ import annotations

import json


def show_replacement(replacement: str) -> str:
    if replacement == "":
        return "(delete)"
    return json.dumps(replacement, ensure_ascii=False)


def render(results, stream, **_) -> None:
    for result in results:
        if result.document is None:
            continue
        doc = result.document
        for f in result.findings:
            line, column = doc.position(f.start)
            text = f"{result.path}:{line}:{column}: {f.severity} {f.rule} {f.message}"
            if f.replacements:
                text += f" -> {show_replacement(f.replacements[0])}"
            stream.write(text.replace("\n", " ").replace("\r", " ") + "\n")
