"""`copylint lsp` driven over stdio by a real LSP client (tests/lsp_client.py)."""
from __future__ import annotations

import asyncio

import pytest

pytest.importorskip("pygls", reason="the language server needs the 'lsp' extra (pygls)")
pytest.importorskip("pytest_lsp", reason="the language server tests need pytest-lsp")

from lsprotocol import types  # noqa: E402

from lsp_client import (ROOT, action_edits, apply_edits, change, diagnostics, open_doc, start, stop,  # noqa: E402
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


async def test_incremental_changes_are_debounced_and_a_newer_edit_replaces_a_stale_check(tmp_path):
    client = await start(tmp_path)
    try:
        text = "Tea 😀 and 中文\fsit near the border.\u2028Then home .\n"
        uri = open_doc(client, tmp_path / "b.txt", text)
        first = await diagnostics(client, uri, 1)
        assert [d.code for d in first] == ["spacing.before-punctuation"]  # "home ." on the one LSP line
        line = text.split("\n")[0]
        assert first[0].range.start.character == utf16_column(line, line.index(" ."))
        seen = len(client.published)
        # typed in two quick edits: after the emoji (UTF-16 column 6), then at the end of line 0
        change(client, uri, 2, at=((0, 6), (0, 6)), new=" and  milk")
        change(client, uri, 3, at=((1, 0), (1, 0)), new="The the end.\n")
        sent = asyncio.get_running_loop().time()
        diags = await diagnostics(client, uri, 3, after=seen)
        waited = asyncio.get_running_loop().time() - sent
        assert waited >= 0.3  # the debounce
        assert not [p for _, p in client.published[seen:] if p.version == 2]  # the stale check never published
        expected = "Tea 😀 and  milk and 中文\fsit near the border.\u2028Then home .\nThe the end.\n"
        line = expected.split("\n")[0]
        assert spans(diags) == sorted([
            ("spacing.before-punctuation", 0, utf16_column(line, line.index(" .")), 0,
             utf16_column(line, line.index(" .") + 2)),
            ("spacing.repeated-space", 0, utf16_column(line, line.index("  ")), 0,
             utf16_column(line, line.index("  ") + 2)),
            ("repetition.doubled-word", 1, 0, 1, 7),
        ])
    finally:
        await stop(client)


async def test_save_checks_and_close_clears(tmp_path):
    client = await start(tmp_path)
    try:
        uri = open_doc(client, tmp_path / "c.md", "Near the border , or so.\n", "markdown")
        assert len(await diagnostics(client, uri, 1)) == 1
        seen = len(client.published)
        client.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri), text="Near the border, or so.\n"))
        assert list(await diagnostics(client, uri, after=seen)) == []
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
            uri=(tmp_path / "d.md").as_uri(), language_id="markdown", version=1, text="A  b.\n")))
        assert len(await diagnostics(client, (tmp_path / "d.md").as_uri(), 1)) == 1
        seen = len(client.published)
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=(tmp_path / "d.md").as_uri())))
        assert list(await diagnostics(client, (tmp_path / "d.md").as_uri(), after=seen)) == []
        # a language copylint does not read gets no diagnostics at all
        py = open_doc(client, tmp_path / "e.py", "x = 1  # near the border , or\n", "python")
        await asyncio.sleep(0.5)
        assert py not in client.diagnostics
    finally:
        await stop(client)


async def actions_at(client, uri, diag, only=None):
    return await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diag.range,
        context=types.CodeActionContext(diagnostics=[diag], only=only)))


async def test_quick_fixes_apply_the_fixers_edit(tmp_path):
    client = await start(tmp_path)
    try:
        text = TEXT + "We met Lukashenko in Minsk; Lukashenka said little. Lukashenko left.\n"
        uri = open_doc(client, tmp_path / "a.txt", text)
        diags = {d.code: d for d in await diagnostics(client, uri, 1)}
        expected = {
            "spacing.before-punctuation": ("Replace with “,”", True,
                                           text.replace("border , or", "border, or")),
            "boilerplate.comment-form": ("Delete line", True, text.replace("Leave a Reply\n", "")),
            "repetition.doubled-word": ("Replace with “The”", True, text.replace("The the cat", "The cat")),
            "spacing.repeated-space": ("Replace with “ ”", True, text.replace("sat  down", "sat down")),
            "consistency.name": ("Replace with “Lukashenko”", None,
                                 text.replace("Lukashenka said", "Lukashenko said")),
        }
        for code, (title, preferred, result) in expected.items():
            actions = await actions_at(client, uri, diags[code], only=[types.CodeActionKind.QuickFix])
            fixes = [a for a in actions if a.title.startswith(("Replace", "Delete"))
                     and a.diagnostics[0].code == code]
            assert [(a.title, a.is_preferred, a.kind) for a in fixes] == [(title, preferred, "quickfix")]
            assert fixes[0].edit.document_changes[0].text_document.version == 1
            assert apply_edits(text, action_edits(fixes[0])) == result
    finally:
        await stop(client)


async def disable_and_recheck(client, tmp_path, name, language, text, code):
    """Apply "Disable CODE for this line" to a fresh buffer; (new text, codes left)."""
    uri = open_doc(client, tmp_path / name, text, language)
    diags = [d for d in await diagnostics(client, uri, 1) if d.code == code]
    actions = await actions_at(client, uri, diags[0], only=[types.CodeActionKind.QuickFix])
    (disable,) = [a for a in actions if a.title == f"Disable {code} for this line"]
    edited = apply_edits(text, action_edits(disable))
    seen = len(client.published)
    change(client, uri, 2, edited)
    return edited, sorted(d.code for d in await diagnostics(client, uri, 2, after=seen))


DISABLE_CASES = [
    ("t.txt", "plaintext", "Near the border, or  so.\n  Then home .\n",
     "Near the border, or  so.\n  # copylint: disable-next-line=spacing.before-punctuation\n  Then home .\n"),
    ("t.rst", "restructuredtext", "Title\n=====\n\n  Then home .\n",
     "Title\n=====\n\n  .. copylint: disable-next-line=spacing.before-punctuation\n  Then home .\n"),
    # Markdown: at the end of the line before, so the paragraph stays one paragraph
    ("t.md", "markdown", "Near the border  so.\nThen home .\n",
     "Near the border  so. <!-- copylint: disable-next-line=spacing.before-punctuation -->\nThen home .\n"),
    # ... but not after a closing code fence, which would then no longer close the block
    ("u.md", "markdown", "```\ncode  here\n```\nThen home .\n",
     "```\ncode  here\n```\n<!-- copylint: disable-next-line=spacing.before-punctuation -->\nThen home .\n"),
    ("v.md", "markdown", "Then home .\r\n",
     "<!-- copylint: disable-next-line=spacing.before-punctuation -->\r\nThen home .\r\n"),
    ("t.html", "html", "<p>Near the border  so.\nThen home .</p>\n",
     "<p>Near the border  so. <!-- copylint: disable-next-line=spacing.before-punctuation -->\nThen home .</p>\n"),
]


async def test_disable_for_this_line_writes_the_directive_in_the_buffers_syntax(tmp_path):
    client = await start(tmp_path)  # one server for every case: each case is its own document
    try:
        for name, language, text, expected in DISABLE_CASES:
            before = sorted(d.code for d in await diagnostics(
                client, open_doc(client, tmp_path / ("x" + name), text, language), 1))
            edited, after = await disable_and_recheck(client, tmp_path, name, language, text,
                                                      "spacing.before-punctuation")
            assert edited == expected, name
            assert "spacing.before-punctuation" in before
            assert after == [c for c in before if c != "spacing.before-punctuation"], name
    finally:
        await stop(client)


def fixed_by_cli(text: str, cwd) -> str:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "checker", "fix", "-"], input=text.encode(), cwd=cwd,
                          capture_output=True, env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    return done.stdout.decode()


async def test_fix_all_is_what_copylint_fix_writes(tmp_path):
    text = ("Tea 😀 near the border , or so .\nLeave a Reply\nThe the  cat sat.\n"
            "We met Lukashenko in Minsk; Lukashenka said little. Lukashenko left.\n")
    expected = fixed_by_cli(text, tmp_path)
    assert expected != text and "Lukashenka" in expected  # safe fixes only
    client = await start(tmp_path)
    try:
        uri = open_doc(client, tmp_path / "a.txt", text)
        await diagnostics(client, uri, 1)
        whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=whole,
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll])))
        assert [(a.title, a.kind) for a in actions] == [("Fix all safe copylint findings", "source.fixAll.copylint")]
        assert apply_edits(text, action_edits(actions[0])) == expected
        # a clean buffer offers no fix-all
        seen = len(client.published)
        change(client, uri, 2, expected)
        await diagnostics(client, uri, 2, after=seen)
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=whole,
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll])))
        assert not actions
    finally:
        await stop(client)


async def test_fix_all_edit_is_resolved_later_for_clients_that_can(tmp_path):
    text = "Near the border , or so .\n"
    client = await start(tmp_path, resolve=True)
    try:
        uri = open_doc(client, tmp_path / "a.txt", text)
        (diag, *_) = await diagnostics(client, uri, 1)
        actions = await actions_at(client, uri, diag)  # no `only`: a light bulb
        (fix_all,) = [a for a in actions if a.kind == "source.fixAll.copylint"]
        assert fix_all.edit is None
        resolved = await client.code_action_resolve_async(fix_all)
        assert apply_edits(text, action_edits(resolved)) == "Near the border, or so.\n"
    finally:
        await stop(client)


def watched(client, *paths):
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=p.as_uri(), type=types.FileChangeType.Changed) for p in paths]))


async def test_configuration_is_found_walking_up_and_reread_when_it_changes(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.copylint]\nignore = ["spacing"]\n')
    sub = tmp_path / "docs" / "guide"
    sub.mkdir(parents=True)
    client = await start(tmp_path)
    try:
        uri = open_doc(client, sub / "a.txt", TEXT)
        assert sorted(d.code for d in await diagnostics(client, uri, 1)) == [
            "boilerplate.comment-form", "repetition.doubled-word"]
        assert [r.method for r in client.registrations] == ["workspace/didChangeWatchedFiles"]
        assert {w["globPattern"] for w in client.registrations[0].register_options["watchers"]} == {
            "**/pyproject.toml", "**/setup.cfg", "**/tox.ini"}
        # a nearer setup.cfg wins, once the server hears of it
        (tmp_path / "docs" / "setup.cfg").write_text("[copylint]\nselect = spacing\n")
        seen = len(client.published)
        watched(client, tmp_path / "docs" / "setup.cfg")
        assert sorted(d.code for d in await diagnostics(client, uri, 1, after=seen)) == [
            "spacing.before-punctuation", "spacing.repeated-space"]
    finally:
        await stop(client)


async def test_a_malformed_configuration_is_one_message_and_the_server_goes_on(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.copylint]\nfail-on = "sometimes"\n')
    client = await start(tmp_path)
    try:
        first = open_doc(client, tmp_path / "a.txt", TEXT)
        second = open_doc(client, tmp_path / "b.md", TEXT, "markdown")
        assert list(await diagnostics(client, first, 1)) == []
        assert list(await diagnostics(client, second, 1)) == []
        errors = [m for m in client.messages if m.type == types.MessageType.Error]
        assert [m.message for m in errors] == [
            "copylint: pyproject.toml: [tool.copylint] key 'fail-on': must be one of error, warning, info, never, "
            "not 'sometimes'"]
        (tmp_path / "pyproject.toml").write_text('[tool.copylint]\nfail-on = "error"\nignore = ["repetition"]\n')
        seen = len(client.published)
        watched(client, tmp_path / "pyproject.toml")
        assert sorted(d.code for d in await diagnostics(client, first, 1, after=seen)) == [
            "boilerplate.comment-form", "spacing.before-punctuation", "spacing.repeated-space"]
        (tmp_path / "pyproject.toml").write_text('[tool.copylint\n')
        seen = len(client.published)
        watched(client, tmp_path / "pyproject.toml")
        assert list(await diagnostics(client, first, 1, after=seen)) == []
        errors = [m for m in client.messages if m.type == types.MessageType.Error]
        assert len(errors) == 2 and "invalid TOML" in errors[1].message
    finally:
        await stop(client)


async def test_client_settings_override_configuration(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.copylint]\nignore = ["boilerplate"]\n')
    client = await start(tmp_path, init_options={"ignore": ["repetition"],
                                                 "ruleDocUrl": "https://rules.example/{rule}.html"},
                         configuration={"select": "spacing,repetition,boilerplate", "garbleThreshold": 0.9})
    try:
        uri = open_doc(client, tmp_path / "a.txt", TEXT)
        diags = await diagnostics(client, uri, 1)
        # select from the client; ignores add up (configuration's and the client's)
        assert sorted(d.code for d in diags) == ["spacing.before-punctuation", "spacing.repeated-space"]
        assert {d.code_description.href for d in diags} == {
            "https://rules.example/spacing.before-punctuation.html", "https://rules.example/spacing.repeated-space.html"}
        client.set_configuration({"select": ["boilerplate", "repetition"]}, section="copylint")
        seen = len(client.published)
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        assert list(await diagnostics(client, uri, 1, after=seen)) == []  # both ignored
        client.set_configuration({"garbleThreshold": "high"}, section="copylint")
        seen = len(client.published)
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        await diagnostics(client, uri, 1, after=seen)
        assert [m.message for m in client.messages if m.type == types.MessageType.Error] == [
            "copylint: client setting 'garbleThreshold': must be a number from 0 to 1"]
    finally:
        await stop(client)


def big_text(size: int = 1_000_000) -> str:
    """About `size` characters of varied prose with a finding every few lines."""
    import random

    rng = random.Random(7)
    words = ("the river ran past old mills and quiet farms while traders counted grain "
             "under a grey sky near the border of two counties").split()
    lines, total = [], 0
    while total < size:
        line = " ".join(rng.choice(words) for _ in range(rng.randint(8, 20))).capitalize()
        line += " ." if rng.random() < 0.2 else "."
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines) + "\n"


async def test_a_big_document_keeps_the_server_responsive_and_requests_can_be_cancelled(tmp_path):
    from pygls.exceptions import JsonRpcRequestCancelled

    client = await start(tmp_path)
    try:
        small = open_doc(client, tmp_path / "small.txt", "Near the border , or so.\n")
        (diag,) = await diagnostics(client, small, 1)
        big_uri = open_doc(client, tmp_path / "big.txt", big_text())
        await asyncio.sleep(0.2)  # its check has started in the worker
        loop = asyncio.get_running_loop()
        asked = loop.time()
        actions = await actions_at(client, small, diag, only=[types.CodeActionKind.QuickFix])
        answered = loop.time() - asked
        assert [a.title for a in actions][0] == "Replace with “,”"
        assert big_uri not in client.diagnostics, "the big check should still be running"
        assert answered < 2.0  # tens of milliseconds on an idle machine; bounded loosely for a busy CI
        # code actions on the big buffer wait for its check: the editor cancels them
        pending = asyncio.ensure_future(client.protocol.send_request_async(
            types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=big_uri), range=diag.range,
                context=types.CodeActionContext(diagnostics=[])), msg_id="cancel-me"))
        await asyncio.sleep(0.1)  # the request is on its way (the client sends it when the task runs)
        client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="cancel-me"))
        with pytest.raises(JsonRpcRequestCancelled):
            await asyncio.wait_for(pending, 30)
        big = await diagnostics(client, big_uri, 1)
        assert sum(d.code == "spacing.before-punctuation" for d in big) > 1000
    finally:
        await stop(client)



async def test_a_client_that_counts_in_utf8_gets_utf8_columns(tmp_path):
    client = await start(tmp_path, encodings=["utf-8", "utf-16"])
    try:
        uri = open_doc(client, tmp_path / "a.txt", "Tea 😀 and 中文 sit near the border , or so.\n")
        (diag,) = await diagnostics(client, uri, 1)
        before = "Tea 😀 and 中文 sit near the border"
        assert (diag.range.start.character, diag.range.end.character) == (
            len(before.encode("utf-8")), len(before.encode("utf-8")) + 2)
        # edits come in the same units: delete the emoji (4 bytes) and the space after it
        seen = len(client.published)
        change(client, uri, 2, at=((0, 4), (0, 9)), new="")
        (diag,) = await diagnostics(client, uri, 2, after=seen)
        before = "Tea and 中文 sit near the border"
        assert diag.range.start.character == len(before.encode("utf-8"))
    finally:
        await stop(client)


async def test_languagetool_from_client_settings(tmp_path):
    from languagetool_fake import FakeLanguageTool

    fake = FakeLanguageTool().start()
    client = await start(tmp_path, init_options={"languagetool": {"server": fake.url, "cache": False}})
    try:
        text = "Tea 😀 will recieve it.\n"
        uri = open_doc(client, tmp_path / "a.txt", text)
        diags = [d for d in await diagnostics(client, uri, 1) if d.code.startswith("languagetool.")]
        at = text.index("recieve")
        assert spans(diags) == [("languagetool.MORFOLOGIK_RULE_EN_US", 0, utf16_column(text, at), 0,
                                 utf16_column(text, at + len("recieve")))]
        assert fake.requests  # the server was asked
    finally:
        await stop(client)
        fake.stop()


async def test_with_the_language_model_a_first_check_publishes_the_quick_rules_first(tmp_path, monkeypatch):
    """With `deep = true`, a document's first check reads every sentence with the model
    (many seconds for a long one): the rules that need no model are published first,
    then everything. A later check reads only what changed (garble/deep_cache.py) and is
    published once, so the model's findings do not flicker away and back."""
    pytest.importorskip("numpy")
    pytest.importorskip("gguf")
    pytest.importorskip("tokenizers")
    from conftest import cli
    from tiny_model import write_tiny_gguf

    monkeypatch.setenv("COPYLINT_MODEL_DIR", str(tmp_path / "models"))
    model = write_tiny_gguf(tmp_path / "tiny.gguf")
    (tmp_path / "pyproject.toml").write_text(f'[tool.copylint]\ndeep = true\nmodel = "{model.name}"\n')
    text = "The prime clergyman met the press on Monday , and the old farmer sold the brown horse.\n"
    doc = tmp_path / "a.txt"
    doc.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def lint(*options):  # what `copylint lint` reports, as (rule, line, column) (0-based)
        found = cli("lint", "--format", "json", *options, "a.txt").json()["files"][0]["findings"]
        return sorted((f["rule"], f["line"] - 1, f["column"] - 1) for f in found)

    quick, deep = lint("--no-deep"), lint()  # the second converts the tiny model, once
    assert quick != deep
    client = await start(tmp_path)
    try:
        uri = open_doc(client, doc, text)
        first = await diagnostics(client, uri, 1)
        second = await diagnostics(client, uri, 1, after=client.published.index(
            next(p for p in client.published if p[1].uri == uri)) + 1)
        assert sorted((d.code, d.range.start.line, d.range.start.character) for d in first) == quick
        assert sorted((d.code, d.range.start.line, d.range.start.character) for d in second) == deep
        edited = text.replace("Monday", "Tuesday")
        change(client, uri, 2, edited)
        later = await diagnostics(client, uri, 2)
        await asyncio.sleep(1.0)  # long enough for a second publish of the same version to arrive
        assert [p for _, p in client.published if p.uri == uri and p.version == 2] == \
            [types.PublishDiagnosticsParams(uri=uri, version=2, diagnostics=later)]
        assert {d.code for d in later} == {code for code, _, _ in deep}
    finally:
        await stop(client)
