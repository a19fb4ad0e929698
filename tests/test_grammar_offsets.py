"""Offsets survive the trip through LanguageTool for any text: UTF-16 mapping,
masking, batching and cutting, checked on generated texts."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from languagetool_fake import MISSPELLINGS, FakeLanguageTool  # noqa: E402

from checker.grammar.utf16 import Utf16Map, units  # noqa: E402

ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@given(ANY_TEXT)
def test_utf16_map_agrees_with_python_utf16_encoding(text):
    m = Utf16Map(text)
    assert m.units == units(text) == len(text.encode("utf-16-le")) // 2
    for i in range(len(text) + 1):
        unit = len(text[:i].encode("utf-16-le")) // 2
        assert m.to_unit(i) == unit
        assert m.to_char(unit) == i == m.to_char(unit, round_up=True)


def test_an_offset_inside_a_surrogate_pair_never_cuts_a_character():
    m = Utf16Map("a😀b")
    assert (m.to_char(2), m.to_char(2, round_up=True)) == (1, 2)


@pytest.fixture(scope="module")
def fake():
    server = FakeLanguageTool().start()
    yield server
    server.stop()


PIECES = st.sampled_from(["word", "text", "😀", "𝔸", "🇫🇷", "é", " ", "  ", "\n", "\n\n", ", ", ". ",
                          "`code teh`", "https://example.org/recieve", "\r\n"] + sorted(MISSPELLINGS))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(PIECES, max_size=40), limit=st.sampled_from([100, 150, 10_000]))
def test_every_misspelling_is_found_exactly_where_it_is(fake, pieces, limit):
    from checker.config import Settings
    from checker.engine import Engine
    from checker.runner import check_text

    text = " ".join(pieces)
    engine = Engine(Settings(languagetool={"server": fake.url, "cache": False, "max_request_chars": limit}))
    result = check_text(engine, text, "x.md", "markdown")
    assert engine.grammar.skipped is None
    found = [(f.start, f.end) for f in result.findings if f.rule == "languagetool.MORFOLOGIK_RULE_EN_US"]
    doc = result.document
    # every listed misspelling outside masked text, where the fake's word pattern sees a word
    import re

    expected = [(m.start(), m.end()) for m in re.finditer(r"[^\W\d_]+", doc.prose)
                if m.group().lower() in MISSPELLINGS]
    assert found == expected
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(text)
