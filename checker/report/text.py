"""`path:line:col: severity rule-id message [-> replacement]`, one finding a line:
the shape editors' and CI problem matchers read."""
from __future__ import annotations

import json

# Every character that some reader takes as the end of a line (str.splitlines' set),
# so that one finding is always one line, whatever the matched text held.
_LINE_ENDINGS = str.maketrans({c: " " for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"})


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
            stream.write(text.translate(_LINE_ENDINGS) + "\n")
