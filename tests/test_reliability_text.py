"""Any text: checking never raises, and every finding points at a real place in it.

Property-based: hypothesis builds strings from every Unicode plane, combining marks,
bidi and zero-width controls, lone surrogates, NUL, long runs and mixed line endings,
with fragments that make each built-in rule fire. The checks run through the Engine
with all built-in rules, and with each kind's rules alone."""
from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from checker.document import Document
from fuzz import FORMATS, assert_document_sound, assert_findings_sound, assert_reports_sound, engines
from strategies import awkward_text, budget

pytestmark = pytest.mark.slow
KINDS = sorted(set(engines()) - {"all"})


@budget(120)
@given(text=awkward_text(), fmt=st.sampled_from(FORMATS))
@example(text="Mr\r\nSmith met Mr. Jones\r\rLeave a Reply\r", fmt="text")
@example(text="a" * 20000 + " ,", fmt="text")
@example(text="\ud800 , \udfff.  x", fmt="markdown")
@example(text="Your email address will not be published.\x0bMr Smith met Mr. Jones", fmt="text")
def test_all_rules_on_any_text(text, fmt):
    doc = Document.from_text(text, "doc.txt", fmt)
    findings = engines()["all"].check(doc)
    assert_findings_sound(doc, findings)
    assert_reports_sound(doc, findings)


@pytest.mark.parametrize("kind", KINDS)
@budget(25)
@given(text=awkward_text(), fmt=st.sampled_from(FORMATS))
def test_each_kind_alone_on_any_text(kind, text, fmt):
    doc = Document.from_text(text, "doc.txt", fmt)
    assert_findings_sound(doc, engines()[kind].check(doc))


@budget(100)
@given(text=awkward_text(), fmt=st.sampled_from(FORMATS))
@example(text="<p>Tom &amp; Jerry &#8217;s</p>\r\n```\ncode , here\n```", fmt="html")
def test_document_model_on_any_text(text, fmt):
    assert_document_sound(Document.from_text(text, "doc.txt", fmt))
