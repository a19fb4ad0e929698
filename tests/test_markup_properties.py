"""Whatever the input, markup analysis keeps the contract checks rely on: prose has
the text's length and line breaks, and no finding or fix touches masked markup."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.document import LINE_BREAK, Document
from checker.engine import Engine

PIECES = ["# ", "## ", "> ", "- ", "1. ", "    ", "\t", "```", "~~~", "`", "[", "]", "(", ")", "<", ">",
          "<!-- ", " -->", "<b>", "</b>", "<pre>", "</pre>", "&amp;", "&#8217;", "&nbsp;", "&bogus;", "*", "_",
          "|", "---", "+++", "\n", "\r\n", "\n\n", " ", "  ", " ,", "word", "Mr", "Mr.", "http://x.io/a",
          "copylint: disable", "<!-- copylint: disable-next-line=spacing -->", "\\", "!", "\"", "é", "“"]
ENGINE = Engine()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=60), st.sampled_from(["markdown", "html", "text"]))
def test_prose_keeps_offsets_and_findings_stay_out_of_markup(pieces, fmt):
    text = "".join(pieces)
    doc = Document.from_text(text, "x", fmt)
    prose = doc.prose
    assert len(prose) == len(text)
    assert [m.span() for m in LINE_BREAK.finditer(prose)] == [m.span() for m in LINE_BREAK.finditer(text)]
    for start, end, replacement in doc.substitutions:
        assert len(replacement) == end - start and not doc.is_masked(start, end)
    for f in ENGINE.check(doc):
        assert 0 <= f.start <= f.end <= len(text)
        if not f.rule.startswith("copylint."):  # reports about directives point into comments
            assert not doc.crosses_markup(f.start, f.end)  # whole inline tags (<em>) may lie inside
