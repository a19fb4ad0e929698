"""What in a marked-up source is not prose: the spans that checks must not see."""
from __future__ import annotations

import re

FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,}).*?$.*?^(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.DOTALL)
HTML_TAG = re.compile(r"<!--.*?-->|<[A-Za-z/!][^>]*>", re.DOTALL)
HTML_SKIPPED = re.compile(r"<(script|style|code|pre)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
MD_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")


def mask_markup(text: str, fmt: str) -> list[tuple[int, int]]:
    """Spans of `text` that are markup or code in format `fmt` ("text": none)."""
    if fmt == "markdown":
        patterns = (FENCE, INLINE_CODE, HTML_TAG, MD_LINK_TARGET)
    elif fmt == "html":
        patterns = (HTML_SKIPPED, HTML_TAG)
    else:
        return []
    return [(m.start(), m.end()) for pattern in patterns for m in pattern.finditer(text)]
