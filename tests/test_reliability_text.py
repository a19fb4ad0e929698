"""Any text: checking never raises, and every finding points at a real place in it.

Property-based: hypothesis builds strings from every Unicode plane, combining marks,
bidi and zero-width controls, lone surrogates, NUL, long runs and mixed line endings,
with fragments that make each built-in rule fire. The checks run through the Engine
with all built-in rules, and with each kind's rules alone."""
from __future__ import annotations

import io
import json
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from checker.config import Settings
from checker.document import MASK_CHAR, Document
from checker.engine import Engine
from checker.finding import SEVERITIES
from checker.report import FileResult, formatter
from checker.rulepack import builtin_pack_dir, load_packs
from strategies import awkward_text, budget

pytestmark = pytest.mark.slow

BUILTIN_RULES = load_packs([builtin_pack_dir()])
KINDS = sorted({rule.kind for rule in BUILTIN_RULES})
ENGINES = {"all": Engine(Settings(), rules=BUILTIN_RULES)}
ENGINES.update({kind: Engine(Settings(), rules=[r for r in BUILTIN_RULES if r.kind == kind])
                for kind in KINDS})
FORMATS = ("text", "markdown", "html")

# Lines as copylint counts them (LF, CRLF, CR), computed independently of Document.
_BREAK = re.compile(r"\r\n|\r|\n")


def expected_position(text: str, offset: int) -> tuple[int, int]:
    breaks = list(_BREAK.finditer(text, 0, offset))
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, offset - line_start + 1


def assert_findings_sound(doc: Document, findings) -> None:
    text = doc.text
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text), f
        fix_start, fix_end = f.edit_span
        assert 0 <= fix_start <= fix_end <= len(text), f
        assert fix_start <= f.start and f.end <= fix_end or f.fix_span is None, f
        assert f.severity in SEVERITIES and f.message and 0.0 <= f.confidence <= 1.0
        assert all(isinstance(r, str) for r in f.replacements)
        # line/column agree with the offsets, for both ends (the JSON report has both)
        assert doc.position(f.start) == expected_position(text, f.start), (f, text[max(0, f.start - 3):f.end + 3])
        assert doc.position(f.end) == expected_position(text, f.end), f
        # a finding never points into masked text (URLs, markup)
        assert not doc.is_masked(f.start, f.end)


def assert_reports_sound(doc: Document, findings) -> None:
    result = FileResult(path="doc.txt", document=doc, findings=findings)
    out = io.StringIO()
    formatter("text").render([result], out)
    # one finding, one line, however the line is split (str.splitlines knows U+2028 too)
    assert len(out.getvalue().splitlines()) == len(findings)
    out = io.StringIO()
    formatter("json").render([result], out, version="test")
    records = json.loads(out.getvalue())["files"][0]["findings"]
    assert [(r["start"], r["end"]) for r in records] == [(f.start, f.end) for f in findings]


@budget(250)
@given(text=awkward_text(), fmt=st.sampled_from(FORMATS))
@example(text="Mr\r\nSmith met Mr. Jones\r\rLeave a Reply\r", fmt="text")
@example(text="a" * 20000 + " ,", fmt="text")
@example(text="\ud800 , \udfff.  x", fmt="markdown")
def test_all_rules_on_any_text(text, fmt):
    doc = Document.from_text(text, "doc.txt", fmt)
    findings = ENGINES["all"].check(doc)
    assert_findings_sound(doc, findings)
    assert_reports_sound(doc, findings)


@pytest.mark.parametrize("kind", KINDS)
@budget(80)
@given(text=awkward_text(), fmt=st.sampled_from(FORMATS))
def test_each_kind_alone_on_any_text(kind, text, fmt):
    doc = Document.from_text(text, "doc.txt", fmt)
    assert_findings_sound(doc, ENGINES[kind].check(doc))


@budget(250)
@given(text=awkward_text(), fmt=st.sampled_from(FORMATS))
def test_document_model_on_any_text(text, fmt):
    doc = Document.from_text(text, "doc.txt", fmt)
    n = len(text)
    # masks: inside the text, sorted, not touching; prose is the text with them blanked
    assert all(0 <= s < e <= n for s, e in doc.masks)
    assert all(a[1] < b[0] for a, b in zip(doc.masks, doc.masks[1:]))
    assert len(doc.prose) == n
    kept = [i for i in range(n) if not doc.is_masked(i, i + 1)]
    assert all(doc.prose[i] == text[i] for i in kept)
    # line breaks survive masking, so line-based rules still see the lines
    assert [m.span() for m in _BREAK.finditer(doc.prose)] == [m.span() for m in _BREAK.finditer(text)]
    assert set(doc.prose) <= set(text) | {MASK_CHAR}
    # paragraphs and sentences: inside the text, in order, not overlapping
    for spans in (doc.paragraphs, doc.sentences):
        assert all(0 <= s.start < s.end <= n for s in spans)
        assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    for word in doc.words():
        assert 0 <= word.start() < word.end() <= n
    # every offset has a position; positions never go backwards
    offsets = sorted({0, n, *range(0, n, max(1, n // 50))})
    positions = [doc.position(i) for i in offsets]
    assert positions == sorted(positions)
    assert all(line >= 1 and col >= 1 for line, col in positions)
    # folding for phrase matching maps back into the text, in order
    folded = doc.folded
    back = [folded.to_original(i) for i in range(len(folded.text) + 1)]
    assert back == sorted(back) and 0 <= back[0] and back[-1] <= n  # zero-width characters fold away
