"""Honorific consistency: the document's majority style wins."""
from __future__ import annotations

from checker.config import Settings
from checker.engine import Engine
from checker.runner import check_text


def found(text, style="auto"):
    engine = Engine(Settings(select=["consistency.honorific"], honorific_style=style))
    return [(text[f.start:f.end], f.fix, f.start) for f in check_text(engine, text).findings]


def test_minority_without_period_is_flagged():
    text = "Mr. Ash met Mr. Beech and Dr. Cole, then Mr Dunn."
    assert found(text) == [("Mr", "Mr.", text.index("Mr Dunn"))]


def test_minority_with_period_is_flagged():
    text = "Mr Ash met Mrs Beech and Dr Cole, then Ms. Dunn."
    assert found(text) == [("Ms.", "Ms", text.index("Ms. Dunn"))]


def test_consistent_documents_get_nothing():
    assert found("Mr Blair met Mr Brown and Dr Owen.") == []
    assert found("Mr. Putin met Mr. Lukashenko and Dr. Ivanova.") == []


def test_tie_follows_the_first_title():
    text = "Mr Ash met Mr. Beech."
    assert found(text) == [("Mr.", "Mr", text.index("Mr. Beech"))]


def test_forced_style():
    text = "Mr. Ash met Mr. Beech and Mr Cole."
    assert [f for f, _, _ in found(text, style="no-period")] == ["Mr.", "Mr."]


def test_only_titles_before_names():
    assert found("They met on Main St and at Dr. Lee's. Ask Mr. Mr may be a word. Mr. Fox.") == []


def test_title_across_a_line_break():
    text = "Mr. Ash met Mr. Beech and Mr\nCole."
    assert found(text) == [("Mr", "Mr.", text.index("Mr\nCole"))]


def test_comma_for_period():
    text = "Mr. Ash bowed to Mr, Wickham."
    ((span, fix, _),) = found(text)
    assert (span, fix) == ("Mr,", "Mr.")
