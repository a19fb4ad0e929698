"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line a
finding, which Actions shows as an annotation on the file and line of a pull request.

Escaping follows the runner's rules: in the message `%`, CR and LF are written as
%25, %0D and %0A; in a property value `:` and `,` are escaped too (%3A, %2C).
"""
from __future__ import annotations

from . import report_path
from .text import show_replacement

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(finding, doc, path: str) -> str:
    line, column = doc.position(finding.start)
    end_line, end_column = doc.position(finding.end)
    properties = {"file": report_path(path), "line": line, "col": column,
                  "endLine": end_line, "endColumn": end_column, "title": finding.rule}
    if end_line != line:
        # GitHub ignores columns on annotations that span lines
        properties.pop("col")
        properties.pop("endColumn")
    fields = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    message = finding.message
    if finding.fix is not None:
        message += f" -> {show_replacement(finding.fix)}"
    return f"::{COMMANDS[finding.severity]} {fields}::{escape_data(message)}"


def render(results, stream, **_) -> None:
    for result in results:
        if result.error:
            stream.write(f"::error title=copylint::{escape_data(result.error)}\n")
        if result.document is None:
            continue
        for finding in result.findings:
            stream.write(annotation(finding, result.document, result.path) + "\n")
