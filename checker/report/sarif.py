"""SARIF 2.1.0, the format GitHub code scanning (and other CI dashboards) reads.

One run; `tool.driver.rules` lists every rule of the run with its descriptions and
help, results point at the rule by id and index. Columns and character offsets count
Unicode code points (declared with `columnKind`), as copylint's own positions do;
`endColumn` is exclusive. A finding's proposed fix travels as a SARIF `fix` whose
replacement deletes the edit span and inserts the replacement text.
"""
from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path
from urllib.parse import quote

from . import report_path

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/copylint/"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    shown = report_path(path)
    if shown.startswith("/"):
        return Path(shown).as_uri()
    return quote(shown, safe="/")


def _artifact(uri: str) -> dict:
    """Relative URIs are relative to the folder copylint ran in (%SRCROOT%)."""
    if uri.startswith("file:"):
        return {"uri": uri}
    return {"uri": uri, "uriBaseId": "%SRCROOT%"}


def _rule_descriptor(rule) -> dict:
    explanation = textwrap.dedent(rule.explanation or "").strip()
    help_text = explanation or rule.description
    examples = []
    if rule.bad_examples:
        examples.append("Flagged:\n" + "\n".join(f"  ✗ {e!r}" for e in rule.bad_examples))
    if rule.good_examples:
        examples.append("Left alone:\n" + "\n".join(f"  ✓ {e!r}" for e in rule.good_examples))
    markdown = help_text
    if examples:
        help_text += "\n\n" + "\n\n".join(examples)
        bad = "".join(f"- `{_md_code(e)}`\n" for e in rule.bad_examples)
        good = "".join(f"- `{_md_code(e)}`\n" for e in rule.good_examples)
        markdown += f"\n\n**Flagged**\n\n{bad}\n**Left alone**\n\n{good}"
    return {
        "id": rule.id,
        "name": _camel(rule.id),
        "shortDescription": {"text": rule.description},
        "fullDescription": {"text": explanation.split("\n\n")[0].replace("\n", " ") if explanation else rule.description},
        "help": {"text": help_text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["prose", rule.kind], "precision": "high" if rule.fix_safe else "medium"},
    }


def _md_code(example: str) -> str:
    return example.replace("\n", "⏎").replace("`", "'")


def _camel(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.replace("-", ".").split("."))


def _region(doc, start: int, end: int) -> dict:
    line, column = doc.position(start)
    end_line, end_column = doc.position(end)
    return {
        "startLine": line,
        "startColumn": column,
        "endLine": end_line,
        "endColumn": end_column,
        "charOffset": start,
        "charLength": end - start,
    }


def _result(finding, doc, uri: str, index: dict) -> dict:
    region = _region(doc, finding.start, finding.end)
    region["snippet"] = {"text": doc.text[finding.start:finding.end]}
    result = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": _artifact(uri),
            "region": region,
        }}],
        "properties": {"fixSafe": finding.fix_safe, "confidence": round(finding.confidence, 3)},
    }
    if finding.fix is not None:
        start, end = finding.edit_span
        what = "delete" if finding.fix == "" else f"replace with {json.dumps(finding.fix, ensure_ascii=False)}"
        result["fixes"] = [{
            "description": {"text": f"{what} ({'safe' if finding.fix_safe else 'unsafe'} fix)"},
            "artifactChanges": [{
                "artifactLocation": _artifact(uri),
                "replacements": [{
                    "deletedRegion": _region(doc, start, end),
                    "insertedContent": {"text": finding.fix},
                }],
            }],
        }]
    return result


def build(results, version: str = "", rules=()) -> dict:
    descriptors, index = [], {}
    for rule in sorted(rules, key=lambda r: r.id):
        index[rule.id] = len(descriptors)
        descriptors.append(_rule_descriptor(rule))
    sarif_results, notifications = [], []
    for result in results:
        if result.error:
            notifications.append({"level": "error", "message": {"text": result.error}})
        if result.document is None:
            continue
        uri = artifact_uri(result.path)
        for problem in result.document.problems:
            notifications.append({"level": "warning", "message": {"text": f"{result.path}: {problem}"}})
        for finding in result.findings:
            if finding.rule not in index:  # made at run time (a service's rule)
                index[finding.rule] = len(descriptors)
                descriptors.append({"id": finding.rule, "name": _camel(finding.rule),
                                    "shortDescription": {"text": finding.rule},
                                    "defaultConfiguration": {"level": LEVELS[finding.severity]}})
            sarif_results.append(_result(finding, result.document, uri, index))
    invocation = {"executionSuccessful": not any(n["level"] == "error" for n in notifications)}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "copylint",
                "version": version or "0",
                "semanticVersion": version or "0.0.0",
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(os.getcwd()).as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "invocations": [invocation],
            "results": sarif_results,
        }],
    }


def render(results, stream, version: str = "", rules=(), **_) -> None:
    json.dump(build(results, version, rules), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
