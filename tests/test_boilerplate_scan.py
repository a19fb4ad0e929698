"""Boilerplate rules are found in one pass over the text and then tried only where some
rule matches; every rule must still flag its own lines, whatever the line endings."""
from __future__ import annotations

import pytest

from checker.kinds import boilerplate
from conftest import cli


@pytest.fixture(params=["one pass", "rule by rule"], autouse=True)
def scan(request, monkeypatch):
    """Short texts are scanned rule by rule, long ones in one pass: test both ways."""
    if request.param == "one pass":
        monkeypatch.setattr(boilerplate, "ONE_PASS_MIN_CHARACTERS", 0)
    return request.param

LINES = ["The vote is on Friday.", "Advertisement", "Share this article", "Leave a Reply",
         "Credit…Jane Roe/Agency", "The count follows."]
EXPECTED = {"Advertisement": "boilerplate.advertisement", "Share this article": "boilerplate.share-prompt",
            "Leave a Reply": "boilerplate.comment-form", "Credit…Jane Roe/Agency": "boilerplate.photo-credit"}


# (the photo-credit line is left out with CR alone: its `.{0,120}` runs past a lone CR)
@pytest.mark.parametrize("newline,lines", [("\n", LINES), ("\r\n", LINES), ("\r", LINES[:4] + LINES[5:])])
def test_each_rule_flags_its_lines_with_any_line_ending(write, newline, lines):
    text = newline.join(lines) + newline
    path = write("page.txt", text)
    result = cli("lint", "--format", "json", "--select", "boilerplate", str(path))
    found = [(f["rule"], text[f["start"]:f["end"]]) for f in result.json()["files"][0]["findings"]]
    assert found == [(rule, line) for line, rule in EXPECTED.items() if line in lines]


def test_a_line_in_prose_is_not_boilerplate(write):
    path = write("prose.txt", "He told them to share this article of faith.\nAdvertisement pays.\n")
    result = cli("lint", "--format", "json", "--select", "boilerplate", str(path))
    assert result.json()["files"][0]["findings"] == []
