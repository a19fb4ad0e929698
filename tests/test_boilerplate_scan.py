"""Boilerplate rules are found in one pass over the text and then tried only where some
rule matches; every rule must still flag its own lines, whatever the line endings."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.kinds import boilerplate
from conftest import cli
from strategies import budget


@pytest.fixture(params=["one pass", "one pass on regex", "rule by rule"], autouse=True)
def scan(request, monkeypatch):
    """Short texts are scanned rule by rule, long ones in one pass (on re2, or on
    `regex` where re2 cannot be had): test every way."""
    if request.param != "rule by rule":
        monkeypatch.setattr(boilerplate, "ONE_PASS_MIN_CHARACTERS", 0)
    if request.param == "one pass on regex":
        monkeypatch.setattr(boilerplate, "re2_prefilter", lambda rules: None)
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


# -- the one pass's pattern starts at the line break before a line (shipped lines only)

def _shipped_bodies():
    from checker.rulepack import builtin_pack_dir, load_packs

    return [boilerplate.line_body(r.params["lines"], r.params.get("joined", False))
            for r in load_packs([builtin_pack_dir()]) if r.kind == "boilerplate"]


def test_shipped_lines_look_at_nothing_before_their_start():
    """What makes the after-break pattern on the text behind a line break find the
    lines `^` finds: no shipped line has a look-behind or an anchor to the text's start."""
    import re

    for body in _shipped_bodies():
        assert not re.search(r"\(\?<[=!]|\\[AG]|(?<!\[)(?<!\\)\^", body), body


LINE_PIECES = ["Leave a Reply", "Share this article", "© 2024 Ann. All rights reserved", "Advertisement",
               "Tweet", "Email Print", "Credit…Jane Roe/Agency", "Credit:\n\n  Ann Lee", "Photo: Ann Lee/Wire",
               "Related Posts", "The vote is on Friday.", "ad", "x", " ", "\t", "\n", "\n\n", "\n \n"]


@budget(300)
@given(st.lists(st.sampled_from(LINE_PIECES), max_size=25).map("".join))
def test_the_one_pass_finds_every_line_start_where_some_line_matches(text):
    """The one pass over the shipped lines (after-break pattern, on `regex`) gives exactly
    the line starts at which the same lines, anchored with `^`, match; a line at the
    text's very start included. The re2 pass gives those and maybe more
    (tests/test_boilerplate_prefilter.py)."""
    from checker.config import Settings
    from checker.engine import Engine

    engine = Engine(Settings(select=["boilerplate"]))
    rules = [r for r in engine.rules if r.kind == "boilerplate"]
    check = boilerplate.BoilerplateCheck(rules, engine.settings)
    check.re2_pass = None  # the pass on `regex`
    saved = boilerplate.ONE_PASS_MIN_CHARACTERS
    boilerplate.ONE_PASS_MIN_CHARACTERS = 0
    try:
        found = check._candidates(text)
        on_re2 = boilerplate.BoilerplateCheck(rules, engine.settings)._candidates(text)
    finally:
        boilerplate.ONE_PASS_MIN_CHARACTERS = saved
    anchored = boilerplate.line_pattern([], bodies=check.bodies, skip_blank=True)
    assert found == sorted({m.start() for m in anchored.finditer(text, overlapped=True)})
    assert set(found) <= set(on_re2)
