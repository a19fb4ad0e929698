"""LanguageTool matches -> copylint findings.

A match is first reduced to the few fields copylint uses (that is also what the
cache keeps), with its offset made relative to its segment; then mapped to a
Finding with character offsets, a severity from its issue type or category, and
LanguageTool's suggestions as replacements.
"""
from __future__ import annotations

import re

from ..finding import Finding
from .utf16 import Utf16Map

RULE_PREFIX = "languagetool."
MAX_REPLACEMENTS = 5
_SUGGESTION_TAG = re.compile(r"</?suggestion>")


class Garbage(ValueError):
    """A match that does not have LanguageTool's shape."""


def reduce(match) -> dict:
    """The fields copylint uses, checked for type; raises Garbage."""
    if not isinstance(match, dict):
        raise Garbage("a match is not an object")
    offset, length = match.get("offset"), match.get("length")
    rule = match.get("rule")
    if not (isinstance(offset, int) and isinstance(length, int) and offset >= 0 and length >= 0):
        raise Garbage("a match without a valid offset and length")
    if not isinstance(rule, dict) or not isinstance(rule.get("id"), str) or not rule["id"]:
        raise Garbage("a match without a rule id")
    category = rule.get("category") if isinstance(rule.get("category"), dict) else {}
    replacements = match.get("replacements") or []
    if not isinstance(replacements, list):
        raise Garbage("replacements is not a list")
    values = [r.get("value") for r in replacements if isinstance(r, dict)]
    return {
        "offset": offset,
        "length": length,
        "message": str(match.get("message") or match.get("shortMessage") or rule.get("description") or rule["id"]),
        "short": str(match.get("shortMessage") or ""),
        "replacements": [v for v in values if isinstance(v, str)][:MAX_REPLACEMENTS],
        "rule": rule["id"],
        "type": str(rule.get("issueType") or ""),
        "category": str(category.get("id") or ""),
    }


def to_finding(m: dict, seg_start: int, seg_map: Utf16Map, options) -> Finding:
    start = seg_start + seg_map.to_char(m["offset"])
    end = seg_start + seg_map.to_char(m["offset"] + m["length"], round_up=True)
    replacements = tuple(m["replacements"])
    rule_id = RULE_PREFIX + m["rule"]
    return Finding(
        rule=rule_id,
        severity=options.severity_for(m["type"], m["category"]),
        start=start,
        end=end,
        message=_clean(m["message"]),
        replacements=replacements,
        fix_safe=bool(replacements) and options.is_safe(m["rule"]),
        data={"source": "languagetool", "issue_type": m["type"], "category": m["category"],
              "short_message": m["short"]},
    )


def _clean(message: str) -> str:
    """LanguageTool marks suggestions inside messages with <suggestion> tags."""
    message = _SUGGESTION_TAG.sub(lambda t: "”" if t.group().startswith("</") else "“", message)
    return " ".join(message.split())
