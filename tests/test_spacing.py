"""Spacing rules: exact spans and fixes, and what they must leave alone."""
from __future__ import annotations

import pytest

from checker.engine import Engine
from checker.config import Settings
from checker.runner import check_text

ENGINE = Engine(Settings(select=["spacing"]))


def found(text, fmt="text"):
    return [(f.rule, text[f.start:f.end], f.fix) for f in check_text(ENGINE, text, fmt=fmt).findings]


def test_space_before_comma_and_period():
    assert found("near the border , or cut off the east and south .") == [
        ("spacing.before-punctuation", " ,", ","),
        ("spacing.before-punctuation", " .", "."),
    ]


@pytest.mark.parametrize("punct", [";", ":", "!", "?"])
def test_space_before_other_marks(punct):
    assert found(f"He said {punct} nothing") == [("spacing.before-punctuation", f" {punct}", punct)]


def test_missing_space_after_sentence_and_comma():
    assert found("She left the service.The hospital closed, arms,ammunition") == [
        ("spacing.after-punctuation", ".", ". "),
        ("spacing.after-punctuation", ",", ", "),
    ]


@pytest.mark.parametrize("text", [
    "The U.S. and the U.K. agreed.",
    "Use e.g. this or i.e. that.",
    "It rose 3.5 percent at 10:30 on 1,000 days.",
    "Write to ana.lopez@example.org or visit www.Example.com/Path today.",
    "J.R.R. Tolkien and J. K. Rowling wrote.",
    "Wait... Then go.",
    "Edit the .bashrc file.",
    "He paused ... and went on.",
    "Node.js and ASP.NET are names.",
])
def test_left_alone(text):
    assert found(text) == []


def test_repeated_spaces_inside_a_line_only():
    assert found("  Indented.  Two  spaces. Trailing.  \n") == [
        ("spacing.repeated-space", "  ", " "),
        ("spacing.repeated-space", "  ", " "),
    ]


def test_space_inside_brackets():
    assert found("in Minsk ( the capital ) today") == [
        ("spacing.inside-brackets", " ", ""),
        ("spacing.inside-brackets", " ", ""),
    ]


def test_markdown_code_is_not_checked():
    text = "Run `ls -l , x` first.\n\n```\nx = 1 , 2\n```\n"
    assert found(text, fmt="markdown") == []


def test_space_before_punctuation_that_ends_an_html_element():
    text = "<p>Stop and think .</p><p>Near the border ,<em>or</em> so.</p>"
    assert found(text, fmt="html") == [
        ("spacing.before-punctuation", " .", "."),
        ("spacing.before-punctuation", " ,", ","),
    ]
