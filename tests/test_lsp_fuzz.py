"""`copylint lsp` under random buffers and edits, driven over stdio like test_lsp.py."""
from __future__ import annotations

import asyncio

import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

pytest.importorskip("pygls", reason="the language server needs the 'lsp' extra (pygls)")
pytest.importorskip("pytest_lsp", reason="the language server tests need pytest-lsp")

from lsp_client import change, diagnostics, open_doc, start, stop, utf16_column  # noqa: E402
from test_lsp import spans  # noqa: E402


PIECES = st.sampled_from(["Tea", " ", "the", " the", "  ", " ,", ".", "\n", "\r\n", "\n\n", "😀", "中文",
                          "\u2028", "\f", "Leave a Reply", "é", "<b>", "`x  y`", "# "])
BUFFER_TEXT = st.lists(PIECES, max_size=30).map("".join)


def lsp_position(text: str, offset: int) -> tuple[int, int]:
    import re

    lines = re.split(r"\r\n|\r|\n", text[:offset])
    return len(lines) - 1, utf16_column(lines[-1], len(lines[-1]))


@st.composite
def scenario(draw):
    text = draw(BUFFER_TEXT)
    language = draw(st.sampled_from(["plaintext", "markdown", "html"]))
    edits = []
    for _ in range(draw(st.integers(0, 3))):
        current = edits[-1][2] if edits else text
        a = draw(st.integers(0, len(current)))
        b = draw(st.integers(a, len(current)))
        if current[a - 1:a + 1] == "\r\n" or current[b - 1:b + 1] == "\r\n":
            continue  # an editor never puts a position between \r and \n
        new = draw(BUFFER_TEXT)
        edits.append(((lsp_position(current, a), lsp_position(current, b)), new, current[:a] + new + current[b:]))
    return text, language, edits


@pytest.mark.slow
# no shrinking: each example drives a server process, and a failure's scenarios are
# printed as drawn (shrinking them took minutes)
@settings(max_examples=3, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(scenario(), min_size=6, max_size=10))
def test_any_buffer_and_edits_give_the_engines_findings_at_exact_positions(tmp_path, scenarios):
    """The server never fails on odd text or edits, applies ranged edits where the
    editor made them, and reports exactly what the engine finds, at UTF-16 positions."""
    from checker.engine import Engine
    from checker.runner import check_text

    engine = Engine()
    formats = {"plaintext": "text", "markdown": "markdown", "html": "html"}

    async def run():
        client = await start(tmp_path)
        try:
            for index, (text, language, edits) in enumerate(scenarios):
                uri = open_doc(client, tmp_path / f"s{index}.txt", text, language)
                seen = len(client.published)
                for version, (at, new, _) in enumerate(edits, 2):
                    change(client, uri, version, at=at, new=new)
                final = edits[-1][2] if edits else text
                diags = await diagnostics(client, uri, len(edits) + 1, after=seen)
                expected = sorted(
                    (f.rule, *lsp_position(final, f.start), *lsp_position(final, f.end))
                    for f in check_text(engine, final, str(tmp_path / f"s{index}.txt"), formats[language]).findings)
                assert spans(diags) == expected
        finally:
            await stop(client)

    asyncio.run(run())


def test_a_ranged_edit_on_a_line_with_a_line_separator_lands_where_the_editor_made_it(tmp_path):
    """Found by the test above: pygls's own copy of a document splits lines at U+2028
    and rewrote the edit's position in place, so the server applied it elsewhere."""
    text = "\u2028the中文😀Tea. the# 😀 <b>  Leave a Reply\n中文<b># "

    async def run():
        client = await start(tmp_path)
        try:
            uri = open_doc(client, tmp_path / "doc.txt", text, "plaintext")
            seen = len(client.published)
            change(client, uri, 2, at=((0, 25), (1, 0)), new=" the ,")
            return spans(await diagnostics(client, uri, 2, after=seen))
        finally:
            await stop(client)

    # "<b>  the ,": the double space is still there, at UTF-16 columns 24-26
    assert asyncio.run(run()) == [("spacing.repeated-space", 0, 24, 0, 26)]
