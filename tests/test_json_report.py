"""The JSON report's documented schema (docs/json-schema.md)."""
from __future__ import annotations

from checker import __version__
from conftest import cli

FINDING_KEYS = {"rule", "severity", "message", "start", "end", "line", "column", "end_line",
                "end_column", "replacements", "fix_safe", "confidence", "fix_start", "fix_end"}


def test_json_document_shape(write, tmp_path):
    a = write("a.txt", "Mr. Alder met Mr. Birch and Mr Cole.\n")
    missing = tmp_path / "missing.txt"
    result = cli("lint", "--format", "json", str(a), str(missing))
    data = result.json()
    assert result.exit_code == 2
    assert data["tool"] == {"name": "copylint", "version": __version__}
    by_path = {f["path"]: f for f in data["files"]}
    assert by_path[str(missing)]["error"] == f"{missing}: no such file or directory"
    (finding,) = by_path[str(a)]["findings"]
    assert set(finding) == FINDING_KEYS
    assert finding["rule"] == "consistency.honorific"
    assert finding["severity"] == "warning"
    assert (finding["start"], finding["end"]) == (28, 30)
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (1, 29, 1, 31)
    assert finding["replacements"] == ["Mr."]
    assert finding["fix_safe"] is True
    assert finding["confidence"] == 1.0
    assert (finding["fix_start"], finding["fix_end"]) == (28, 30)
    summary = data["summary"]
    assert summary["files"] == 1 and summary["findings"] == 1
    assert summary["by_severity"] == {"error": 0, "warning": 1, "info": 0}
    assert summary["by_rule"] == {"consistency.honorific": 1}
    assert summary["errors"] == [f"{missing}: no such file or directory"]


def test_json_offsets_are_characters_not_bytes(write):
    text = "Ünïcödé 😀 text near the border , or so.\n"
    path = write("u.txt", text)
    (finding,) = cli("lint", "--format", "json", str(path)).json()["files"][0]["findings"]
    assert text[finding["start"]:finding["end"]] == " ,"
    assert finding["column"] == text.index(" ,") + 1


def test_deleted_line_fix_range_covers_the_line_break(write):
    text = "The talks ended.\n\nLeave a Reply\n\nThe vote is on Friday.\n"
    path = write("b.txt", text)
    (finding,) = cli("lint", "--format", "json", str(path)).json()["files"][0]["findings"]
    assert text[finding["start"]:finding["end"]] == "Leave a Reply"
    assert finding["replacements"] == [""]
    fixed = text[:finding["fix_start"]] + text[finding["fix_end"]:]
    assert fixed == "The talks ended.\n\nThe vote is on Friday.\n"
