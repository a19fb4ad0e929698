"""What the web page asks of copylint, with no HTTP in it: check a text, apply one
finding's fix, apply every safe fix, write a report. Everything goes through the
command line's engine (built by checker/resolve.py), checker/fixer.py and the
checker/report formatters, so the page and `copylint lint`/`fix` agree character for
character.

Offsets in and out are code points into the text, as everywhere in copylint (the page
converts to and from JavaScript's UTF-16 units).
"""
from __future__ import annotations

import io
import threading
from dataclasses import dataclass

from ..finding import Finding
from ..fixer import apply_edits, choose_edits, fix_text
from ..report import FileResult, finding_record, formatter
from ..runner import check_text

FORMATS = ("text", "markdown", "html")
REPORTS = {"json": ("application/json", ".copylint.json"),
           "sarif": ("application/sarif+json", ".sarif")}
# the figures the page's side panel shows, from checker/stats.py's document_stats()
STATS_SHOWN = ("words", "sentences", "paragraphs", "average_sentence_words",
               "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog",
               "reading_time_seconds", "spin_score")


class RequestError(ValueError):
    """A request the page should not have sent; the message is shown to the user."""


@dataclass(frozen=True)
class Span:
    """A finding as the page names it: rule and reported span (code points)."""

    rule: str
    start: int
    end: int

    @classmethod
    def of(cls, value) -> "Span":
        try:
            span = cls(str(value["rule"]), int(value["start"]), int(value["end"]))
        except (TypeError, KeyError, ValueError):
            raise RequestError("a finding must be given as {rule, start, end}") from None
        if not 0 <= span.start <= span.end:
            raise RequestError("a finding's span must have 0 <= start <= end")
        return span

    def names(self, finding: Finding) -> bool:
        return (finding.rule, finding.start, finding.end) == (self.rule, self.start, self.end)


class WebChecker:
    """One engine for the server's life; calls are serialised because engines keep
    per-run caches that are not meant to be shared between threads."""

    def __init__(self, engine, version: str = ""):
        self.engine = engine
        self.version = version
        self._lock = threading.Lock()

    def _result(self, text: str, fmt: str, name: str) -> FileResult:
        if fmt not in FORMATS:
            raise RequestError(f"unknown format '{fmt}' (one of {', '.join(FORMATS)})")
        with self._lock:
            return check_text(self.engine, text, name or "-", fmt)

    # -- what the page shows -------------------------------------------------------
    def check(self, text: str, fmt: str = "text", name: str = "-") -> dict:
        """Findings in the JSON report's shape (docs/json-schema.md), the rules they
        come from, and the document's figures (readability, spin score)."""
        return self.payload(self._result(text, fmt, name))

    def payload(self, result: FileResult) -> dict:
        from ..stats import document_stats

        doc = result.document
        findings = [finding_record(f, doc) for f in result.findings]
        rules = {}
        for f in result.findings:
            rule = self.engine.rule(f.rule)
            rules.setdefault(f.rule, rule.description if rule is not None else f.rule)
        stats = document_stats(doc, result.findings)
        return {
            "findings": findings,
            "rules": rules,
            "stats": {key: stats.get(key) for key in STATS_SHOWN},
            "problems": list(doc.problems),
            "skipped": dict(doc.skipped),
        }

    # -- fixes -----------------------------------------------------------------------
    def apply_one(self, text: str, fmt: str, name: str, wanted: Span) -> dict:
        """Apply the fix of one finding (safe or not: the user chose it), then check
        the new text. The finding must still be on the text as it is now."""
        result = self._result(text, fmt, name)
        finding = next((f for f in result.findings if wanted.names(f)), None)
        if finding is None:
            raise RequestError("that finding is no longer in the text; check again")
        if finding.fix is None:
            raise RequestError(f"{finding.rule} proposes no fix here")
        edits = choose_edits(text, [finding], unsafe=True)
        fixed = apply_edits(text, edits)
        return {"text": fixed, **self.payload(self._result(fixed, fmt, name))}

    def fix_safe(self, text: str, fmt: str, name: str, rejected: list[Span] = ()) -> dict:
        """Every safe fix, as `copylint fix` applies them (passes until nothing fixable
        is left), except the findings the user rejected; their spans are carried
        through each pass's edits and returned where they now are."""
        kept = list(rejected)
        last: dict[str, FileResult] = {}

        def check(current: str) -> list[Finding]:
            last["result"] = self._result(current, fmt, name)
            return [f for f in last["result"].findings if not any(r.names(f) for r in kept)]

        def carry(current: str, edits: list[Finding]) -> None:
            kept[:] = [moved for r in kept if (moved := _moved(r, edits)) is not None]

        outcome = fix_text(text, check, unsafe=False, on_edits=carry)
        return {
            "text": outcome.text,
            "applied": dict(sorted(outcome.applied.items())),
            "converged": outcome.converged,
            "rejected": [{"rule": r.rule, "start": r.start, "end": r.end} for r in kept],
            **self.payload(last["result"]),
        }

    # -- reports -----------------------------------------------------------------------
    def report(self, text: str, fmt: str, name: str, kind: str) -> tuple[str, str, str]:
        """(body, media type, file name) of the JSON or SARIF report that
        `copylint lint --format KIND` prints for the same text."""
        if kind not in REPORTS:
            raise RequestError(f"unknown report '{kind}' (one of {', '.join(REPORTS)})")
        result = self._result(text, fmt, name)
        stream = io.StringIO()
        formatter(kind).render([result], stream, version=self.version, rules=self.engine.rules)
        media, suffix = REPORTS[kind]
        return stream.getvalue(), media, _stem(name) + suffix


def _moved(span: Span, edits: list[Finding]) -> Span | None:
    """`span` after `edits` (disjoint, in text order) are applied; None when an edit
    rewrites part of it (the rejected text is gone)."""
    shift = 0
    for edit in edits:
        start, end = edit.edit_span
        if end <= span.start:
            shift += len(edit.fix) - (end - start)
        elif start >= span.end:
            break
        else:
            return None
    return Span(span.rule, span.start + shift, span.end + shift)


def _stem(name: str) -> str:
    base = (name or "document").replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.strip(".") else base
    return stem or "document"
