"""Fixing never damages copy: on any text, a fix rewrites no more than its finding
(plus white space around a deleted line), fixing converges, and what is left has no
safe fix; a deleted boilerplate line is one line whatever the line endings."""
from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from checker.engine import Engine
from checker.fixer import fix_text, is_fixable
from checker.runner import check_text
from conftest import cli
from strategies import awkward_text, budget

ENGINE = Engine()
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def check_for(fmt):
    return lambda text: check_text(ENGINE, text, "doc.txt", fmt).findings


@pytest.mark.slow
@budget(100)
@given(text=awkward_text(), fmt=st.sampled_from(["text", "markdown", "html"]))
@example(text="Intro.\rYour email address will not be published. x\rThe story.\rMore.\r", fmt="text")
def test_fix_then_lint_leaves_no_safe_fix(text, fmt):
    check = check_for(fmt)
    for finding in check(text):
        start, end = finding.edit_span
        # beyond the reported span, a fix may only take white space (a line's break)
        assert not text[start:finding.start].strip() and not text[finding.end:end].strip(), finding
        if finding.rule.startswith("boilerplate."):
            assert not LINE_BREAK.search(text, finding.start, finding.end), finding
    outcome = fix_text(text, check)
    assert outcome.converged
    assert not [f for f in check(outcome.text) if is_fixable(f)]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_fix_deletes_one_boilerplate_line_whatever_the_line_endings(write, newline):
    lines = ["Intro line.", "Your email address will not be published. Required fields are marked *",
             "The story goes on.", "More copy here."]
    path = write("page.txt", newline.join(lines) + newline)
    result = cli("fix", str(path))
    assert result.exit_code == 0, result
    assert path.read_bytes().decode() == newline.join([lines[0], *lines[2:]]) + newline
