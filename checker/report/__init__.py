"""Reports: formatters over the same list of per-file results."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from ..document import Document
from ..finding import Finding

FORMATS = {
    "text": "checker.report.text",
    "json": "checker.report.json_report",
    "sarif": "checker.report.sarif",
    "github": "checker.report.github",
    "junit": "checker.report.junit",
}


@dataclass
class FileResult:
    path: str
    document: Document | None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # why the file could not be checked


def formatter(name: str):
    return importlib.import_module(FORMATS[name])


def finding_record(finding: Finding, doc: Document) -> dict:
    """The stable JSON shape of one finding (documented in docs/json-schema.md)."""
    line, column = doc.position(finding.start)
    fix_start, fix_end = finding.edit_span
    end_line, end_column = doc.position(finding.end)
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "start": finding.start,
        "end": finding.end,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "replacements": list(finding.replacements),
        "fix_safe": finding.fix_safe,
        "confidence": round(finding.confidence, 3),
        "fix_start": fix_start,
        "fix_end": fix_end,
    }


def summary(results: list[FileResult]) -> dict:
    by_severity = {"error": 0, "warning": 0, "info": 0}
    by_rule: dict[str, int] = {}
    for result in results:
        for f in result.findings:
            by_severity[f.severity] += 1
            by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    return {
        "files": sum(1 for r in results if r.error is None),
        "findings": sum(by_severity.values()),
        "by_severity": by_severity,
        "by_rule": dict(sorted(by_rule.items())),
        "errors": [r.error for r in results if r.error],
    }


def report_path(path: str) -> str:
    """A path as CI tools want it: relative to the working folder when inside it, with
    forward slashes ("-" stays "-")."""
    import os

    if path == "-":
        return path
    relative = os.path.relpath(os.path.abspath(path))
    if relative.startswith(os.pardir + os.sep) or relative == os.pardir:
        relative = os.path.abspath(path)
    return relative.replace(os.sep, "/")
