"""`copylint lsp` driven over stdio by a real LSP client (tests/lsp_client.py)."""
from __future__ import annotations

import asyncio

import pytest

pytest.importorskip("pygls", reason="the language server needs the 'lsp' extra (pygls)")
pytest.importorskip("pytest_lsp", reason="the language server tests need pytest-lsp")

from lsprotocol import types  # noqa: E402

from lsp_client import (action_edits, apply_edits, change, diagnostics, open_doc, start, stop,  # noqa: E402
                        utf16_column)

pytestmark = pytest.mark.asyncio

# emoji (outside the BMP: 2 UTF-16 units) and CJK (1 unit) before the findings
TEXT = "Tea 😀 and 中文 sit near the border , or so.\nLeave a Reply\nThe the cat sat  down.\n"


def spans(diags):
    return sorted((d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
                  for d in diags)


async def test_diagnostics_on_open_with_exact_utf16_ranges(tmp_path):
    client = await start(tmp_path)
    try:
        uri = open_doc(client, tmp_path / "a.txt", TEXT)
        diags = await diagnostics(client, uri, 1)
        first = TEXT.split("\n")[0]
        comma = first.index(" ,")
        assert utf16_column(first, comma) == comma + 1  # the emoji counts twice
        assert ("spacing.before-punctuation", 0, comma + 1, 0, comma + 3) in spans(diags)
        assert ("boilerplate.comment-form", 1, 0, 1, 13) in spans(diags)
        assert ("repetition.doubled-word", 2, 0, 2, 7) in spans(diags)
        by_code = {d.code: d for d in diags}
        assert by_code["spacing.before-punctuation"].severity == types.DiagnosticSeverity.Error
        assert by_code["spacing.before-punctuation"].source == "copylint"
        assert by_code["spacing.before-punctuation"].message == "Space before “,”."
        assert by_code["spacing.before-punctuation"].code_description is None  # no doc URL configured
    finally:
        await stop(client)
