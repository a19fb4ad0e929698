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


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([p for p in PIECES if "\n" not in p]), max_size=30).map("".join),
       st.sampled_from(["\n", "\r\n", "\r"]),
       st.sampled_from([("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
                        ("utf-16-be", b"\xfe\xff")]),
       st.integers(min_value=0, max_value=3))
def test_fix_on_disk_writes_exactly_the_fixed_text_in_the_file_own_form(line, newline, encoding, lines):
    import os
    import tempfile

    from conftest import cli

    codec, bom = encoding
    text = newline.join([line] * (lines + 1)) + newline
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "p.txt")
        with open(path, "wb") as handle:
            handle.write(bom + text.encode(codec))
        result = cli("fix", path)
        assert result.exit_code in (0, 1), result
        data = open(path, "rb").read()
        assert data.startswith(bom)
        written = data[len(bom):].decode(codec)
        assert written == fix_text(text, check_for("text")).text
        for other in {"\n", "\r\n", "\r"} - {newline}:  # no other kind of line break appears
            assert other not in written.replace(newline, "")
        assert os.listdir(folder) == ["p.txt"]
