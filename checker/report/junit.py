"""JUnit XML, for CI systems that show test reports: a test suite per file and a
failed test case per finding (a clean file has one passing case, an unreadable one
an error), so a report viewer lists each finding with its file, line and rule."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from . import report_path
from .text import show_replacement

# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def build(results) -> ET.Element:
    root = ET.Element("testsuites", name="copylint")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for result in results:
        path = _clean(report_path(result.path))
        suite = ET.SubElement(root, "testsuite", name=path)
        counts = {"tests": 0, "failures": 0, "errors": 0}
        if result.error:
            case = ET.SubElement(suite, "testcase", classname=path, name="read", file=path)
            ET.SubElement(case, "error", message=_clean(result.error), type="input")
            counts["tests"] += 1
            counts["errors"] += 1
        elif result.document is not None:
            doc = result.document
            for finding in result.findings:
                line, column = doc.position(finding.start)
                case = ET.SubElement(suite, "testcase", classname=path,
                                     name=f"{finding.rule} at {line}:{column}", file=path, line=str(line))
                body = f"{path}:{line}:{column}: {finding.severity} {finding.rule} {finding.message}"
                if finding.fix is not None:
                    body += f" -> {show_replacement(finding.fix)}"
                failure = ET.SubElement(case, "failure", message=_clean(finding.message),
                                        type=f"{finding.severity} {finding.rule}")
                failure.text = _clean(body)
                counts["tests"] += 1
                counts["failures"] += 1
            if not result.findings:
                ET.SubElement(suite, "testcase", classname=path, name="copylint", file=path)
                counts["tests"] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    return root


def render(results, stream, **_) -> None:
    root = build(results)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
