"""Properties of fixing over generated text built from the pieces the rules react to:
a fixed text has nothing fixable left (so fixing again changes nothing), and each
pass rewrites only the spans of the findings it applies."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.engine import Engine
from checker.fixer import apply_edits, choose_edits, fix_text
from checker.runner import check_text

ENGINE = Engine()
PIECES = [
    "word", "Border", "the", "Mr", "Mr.", "Dr", "Smith", "Jones", " ", "  ", "\t", ",", ".",
    ";", "?", "(", ")", "\n", "\r\n", "\n\n", "Leave a Reply", "Share this article",
    "Advertisement", "Credit…Jane Roe/Wire", "é", "…", "example.com", "1,000", "e.g.",
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def check_for(fmt):
    return lambda text: check_text(ENGINE, text, "t", fmt).findings


def reference_apply(text, edits):
    """Independent of apply_edits: replace from the last span backwards."""
    for f in sorted(edits, key=lambda f: f.edit_span, reverse=True):
        start, end = f.edit_span
        text = text[:start] + f.fix + text[end:]
    return text


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from(["text", "markdown"]), st.booleans())
def test_fixing_is_idempotent(text, fmt, unsafe):
    check = check_for(fmt)
    once = fix_text(text, check, unsafe=unsafe)
    assert once.converged
    assert choose_edits(once.text, check(once.text), unsafe) == []
    twice = fix_text(once.text, check, unsafe=unsafe)
    assert twice.text == once.text and not twice.applied


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from(["text", "markdown"]))
def test_each_pass_changes_only_its_edit_spans(text, fmt):
    check = check_for(fmt)
    for _ in range(10):
        findings = check(text)
        edits = choose_edits(text, findings)
        if not edits:
            break
        spans = [f.edit_span for f in edits]
        for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
            assert e1 < s2  # disjoint and not touching
        for f in edits:  # an edit only rewrites what a finding reported, or its line
            start, end = f.edit_span
            assert 0 <= start <= f.start <= f.end <= end <= len(text)
            assert text[start:f.start].strip() == "" and text[f.end:end].strip() == ""
        new = apply_edits(text, edits)
        assert new == reference_apply(text, edits)
        # the text before the first span and after the last one is untouched
        assert new.startswith(text[:spans[0][0]]) and new.endswith(text[spans[-1][1]:])
        text = new
