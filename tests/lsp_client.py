"""Drives `copylint lsp` as an editor would: a real server process over stdio, and
pytest-lsp's LanguageClient (pygls' client with lsprotocol types) on this side."""
from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

from lsprotocol import types

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60  # the first check of a process loads the garble lexicon


def utf16_column(line: str, characters: int) -> int:
    """Independent of the server: the UTF-16 length of the line's first characters."""
    return len(line[:characters].encode("utf-16-le")) // 2


def capabilities(*, resolve: bool = False, watch: bool = True, configuration: bool = True,
                 encodings: list[str] | None = None):
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        workspace=types.WorkspaceClientCapabilities(
            configuration=configuration,
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=watch),
        ),
        text_document=types.TextDocumentClientCapabilities(
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(value_set=["quickfix", "source"])),
                resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"]) if resolve else None,
            ),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
        ),
    )


async def start(root: Path, *, init_options=None, configuration=None, **caps):
    """A started and initialised client; `client.published` lists every publishDiagnostics."""
    from pygls.protocol import default_converter
    from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, LanguageClient, register_lsp_features

    client = LanguageClient(converter_factory=default_converter)
    client.published = []
    client.registrations = []
    if configuration is not None:
        client.set_configuration(configuration, section="copylint")

    def published(ls, params: types.PublishDiagnosticsParams):
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append((time.perf_counter(), params))

    def register(ls, params: types.RegistrationParams):
        client.registrations.extend(params.registrations)

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES,
                                   types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: published,
                                   types.CLIENT_REGISTER_CAPABILITY: register})

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("COPYLINT_LANGUAGETOOL", None)
    await client.start_io(sys.executable, "-m", "checker", "lsp", env=env, cwd=str(root))
    await client.initialize_session(types.InitializeParams(
        capabilities=capabilities(**caps), root_uri=root.as_uri(),
        initialization_options=init_options))
    return client


async def stop(client) -> None:
    await asyncio.wait_for(client.shutdown_session(), TIMEOUT)


def open_doc(client, path: Path, text: str, language: str = "plaintext", version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id=language, version=version, text=text)))
    return uri


def change(client, uri: str, version: int, text: str | None = None, *, at=None, new: str = "") -> None:
    """A whole-text change, or a ranged one (`at`: ((line, char), (line, char)))."""
    if at is None:
        event = types.TextDocumentContentChangeWholeDocument(text=text)
    else:
        (sl, sc), (el, ec) = at
        event = types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=sl, character=sc), end=types.Position(line=el, character=ec)),
            text=new)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[event]))


async def diagnostics(client, uri: str, version: int | None = None, after: int = 0):
    """The first diagnostics published for `uri` (at `version`, when given) among the
    publishes after the first `after` ones."""
    deadline = time.perf_counter() + TIMEOUT
    while time.perf_counter() < deadline:
        for _, params in client.published[after:]:
            if params.uri == uri and (version is None or params.version == version):
                return params.diagnostics
        await asyncio.sleep(0.01)
    raise AssertionError(f"no diagnostics for {uri} version {version}")


def apply_edits(text: str, edits) -> str:
    """Apply TextEdits as an editor would: UTF-16 positions, lines split at \\n, \\r\\n, \\r
    only, edits applied from last to first."""
    import re

    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def offset(position):
        start = starts[position.line]
        units, index = 0, start
        while units < position.character:
            units += 2 if ord(text[index]) > 0xFFFF else 1
            index += 1
        return index

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def action_edits(action: types.CodeAction):
    (change_,) = action.edit.document_changes
    return change_.edits
