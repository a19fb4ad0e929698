"""The language server: LSP messages in, the engine's findings and the fixer's edits
out (pygls for the transport, lsprotocol for the types).

Diagnostics are published when a document opens, about 300 ms after the last edit
(each edit cancels the check that was waiting), and on save; a closed document's
diagnostics are cleared. Checks and code actions run in the CheckService's worker
thread, never on the message loop, and a result computed for a text that has changed
meanwhile is dropped. A configuration that cannot be used is shown once with
window/showMessage; the server keeps running and checks again when it changes.
"""
from __future__ import annotations

import asyncio
import logging
import sys

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method

from .. import __version__
from ..fixer import is_fixable
from . import client_settings
from .actions import fix_all
from .buffers import Buffer, path_of
from .checking import CheckService, Outcome, SetupError
from .convert import FIX_ALL, diagnostic, finding_actions, wanted, workspace_edit
from .positions import PositionMap

DEBOUNCE_SECONDS = 0.3
FIX_ALL_TITLE = "Fix all safe copylint findings"
CONFIG_FILES = ("pyproject.toml", "setup.cfg", "tox.ini")
log = logging.getLogger("copylint.lsp")


class CopylintProtocol(LanguageServerProtocol):
    """pygls's protocol, but a didChange goes to copylint's own buffers only. pygls's
    copy of the document splits lines with `str.splitlines` (at U+2028, form feed, ...),
    and while applying a change it clamps the change's positions *in place* to those
    lines (pygls 2.1), so the handler after it saw a different edit than the editor made
    (a ranged edit on a line holding U+2028 landed at the line's start). copylint never
    reads pygls's copy (checker/lsp/buffers.py keeps the text)."""

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None


class CopylintServer(LanguageServer):
    def __init__(self):
        super().__init__("copylint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         protocol_cls=CopylintProtocol)
        self.buffers: dict[str, Buffer] = {}
        self.results: dict[str, tuple[Buffer, int | None, str, list]] = {}  # uri -> what was checked
        self.pending: dict[str, asyncio.Task] = {}  # debounced checks waiting to start
        self.running: dict[str, tuple] = {}  # uri -> ((buffer, version, text), future of its check)
        self.ready = asyncio.Event()  # set once the client's settings are known
        self.checks = CheckService()
        self.init_options = None
        self.shown_errors: set[str] = set()

    # -- helpers ----------------------------------------------------------------------
    @property
    def encoding(self) -> str:
        encoding = self.workspace.position_encoding
        return str(getattr(encoding, "value", encoding) or "utf-16")

    def show_error(self, message: str) -> None:
        """One window/showMessage per distinct problem (until configuration changes)."""
        if message in self.shown_errors:
            return
        self.shown_errors.add(message)
        self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error,
                                                         message=f"copylint: {message}"))

    def log(self, message: str, kind=types.MessageType.Warning) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=f"copylint: {message}"))

    def resolves_edits(self) -> bool:
        """Whether the client can fetch a code action's edit later (codeAction/resolve)."""
        text = self.client_capabilities.text_document
        action = text.code_action if text else None
        support = action.resolve_support if action else None
        return bool(support and "edit" in support.properties)

    def is_current(self, buffer: Buffer, version, text: str):
        return lambda: self.buffers.get(buffer.uri) is buffer and buffer.version == version and buffer.text is text

    # -- diagnostics ------------------------------------------------------------------
    def schedule(self, uri: str, delay: float) -> None:
        """Check `uri` after `delay` seconds, replacing a check still waiting."""
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.pending[uri] = asyncio.ensure_future(self._check_later(uri, delay))

    async def _check_later(self, uri: str, delay: float) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            await self.ready.wait()
            await self.findings_for(uri, publish=True)
        except asyncio.CancelledError:
            pass
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    async def findings_for(self, uri: str, publish: bool = False):
        """(buffer, version, text, findings) for the buffer as it is now: from the last
        check when it saw this text, else from the check of this text under way, else
        from a new one; None when the buffer is gone or changed meanwhile. `publish`:
        check now (configuration may have changed) and publish the diagnostics."""
        buffer = self.buffers.get(uri)
        if buffer is None or not buffer.checked:
            return None
        key = (buffer, buffer.version, buffer.text)
        cached = self.results.get(uri)
        if not publish and cached and _same(cached[:3], key):
            return cached
        running = self.running.get(uri)
        if publish or running is None or not _same(running[0], key):
            running = self.running[uri] = (key, asyncio.ensure_future(self._check(*key, publish)))
        # shielded: a cancelled request (or a debounce replaced) leaves the check to
        # finish for whoever else waits on it
        return await asyncio.shield(running[1])

    async def _check(self, buffer: Buffer, version, text: str, publish: bool):
        uri = buffer.uri
        try:
            if publish and uri not in self.results:
                await self._publish_quick_check(buffer, version, text)
            outcome = await self.checks.run(self._check_and_convert, buffer.path, text, buffer.format,
                                            is_current=self.is_current(buffer, version, text))
        finally:
            running = self.running.get(uri)
            if running is not None and _same(running[0], (buffer, version, text)):
                del self.running[uri]
        if outcome is None or not self.is_current(buffer, version, text)():
            return None  # stale: the newer text has its own check coming
        if isinstance(outcome, RuntimeError):
            log.error("check failed on %s: %s", uri, outcome)
            self.log(f"internal error while checking {uri}: {str(outcome).splitlines()[0]}",
                     types.MessageType.Error)
            outcome = (Outcome(), [])
        result, diagnostics = outcome
        if result.error:
            self.show_error(result.error)
        for problem in result.problems:
            self.log(f"{uri}: {problem}")
        self.results[uri] = (buffer, version, text, result.findings)
        if publish:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=uri, version=version, diagnostics=diagnostics))
        return self.results[uri]

    async def _publish_quick_check(self, buffer: Buffer, version, text: str) -> None:
        """A document's first check with the language model (`deep`) reads every
        sentence, many seconds for a long one: publish the rules that need no model
        first. (Later checks read only the sentences that changed, garble/deep_cache.py,
        and are published once, so that the model's findings do not flicker.)"""
        current = self.is_current(buffer, version, text)
        outcome = await self.checks.run(self._quick_check_and_convert, buffer.path, text, buffer.format,
                                        is_current=current)
        if outcome is None or isinstance(outcome, RuntimeError) or not current():
            return  # no model asked for, stale, or failed (the full check reports it)
        result, diagnostics = outcome
        if not result.error:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=buffer.uri, version=version, diagnostics=diagnostics))

    def _quick_check_and_convert(self, path, text, fmt):
        """In the worker: `_check_and_convert` without the language model, or None when
        the document's settings do not ask for it."""
        return self._check_and_convert(path, text, fmt, quick=True) if self.checks.uses_the_model(path, fmt) else None

    def _check_and_convert(self, path, text, fmt, quick=False):
        """In the worker: findings, and their diagnostics (positions of a big buffer
        are computed off the loop too). `quick`: without the language model."""
        outcome = self.checks.check(path, text, fmt, quick)
        positions = PositionMap(text, self.encoding)
        url = self.checks.client.rule_doc_url
        return outcome, [diagnostic(f, positions, url) for f in outcome.findings]

    def recheck_all(self) -> None:
        for uri in list(self.buffers):
            self.schedule(uri, 0)

    # -- settings ---------------------------------------------------------------------
    async def load_client_settings(self, pushed=None) -> None:
        """initializationOptions, then the `copylint` section of workspace/configuration
        (asked when the client can answer, else what it pushed)."""
        layers = [self.init_options]
        capabilities = self.client_capabilities.workspace
        if capabilities is not None and capabilities.configuration:
            try:
                answer = await self.workspace_configuration_async(types.ConfigurationParams(
                    items=[types.ConfigurationItem(section="copylint")]))
                layers.append(answer[0] if answer else None)
            except Exception as exc:  # a client that fails to answer keeps the other layers
                self.log(f"workspace/configuration failed: {exc}")
        elif isinstance(pushed, dict):
            layers.append(pushed.get("copylint", pushed))
        try:
            client = client_settings.parse(client_settings.merged(*layers))
        except client_settings.ClientSettingsError as exc:
            self.show_error(str(exc))
            client = client_settings.ClientSettings()
        self.shown_errors.clear()
        self.checks.reload(client)


def _same(seen: tuple, key: tuple) -> bool:
    """The same buffer, version and text object (a new text is a new object)."""
    return seen[0] is key[0] and seen[1] == key[1] and seen[2] is key[2]


server = CopylintServer()


@server.feature(types.INITIALIZE)
def initialize(ls: CopylintServer, params: types.InitializeParams) -> None:
    ls.init_options = params.initialization_options
    root = path_of(params.root_uri) if params.root_uri else params.root_path
    if root:
        ls.checks.root = root


@server.feature(types.INITIALIZED)
async def initialized(ls: CopylintServer, params: types.InitializedParams) -> None:
    watched = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
    if watched and watched.dynamic_registration:
        try:
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[types.Registration(
                id="copylint-configuration-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                    watchers=[types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILES]),
            )]))
        except Exception as exc:
            ls.log(f"could not watch configuration files: {exc}")
    await ls.load_client_settings()
    ls.ready.set()  # documents opened meanwhile are checked now, with these settings


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: CopylintServer, params: types.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    ls.buffers[item.uri] = Buffer(item.uri, item.text, item.version, item.language_id)
    ls.schedule(item.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: CopylintServer, params: types.DidChangeTextDocumentParams) -> None:
    buffer = ls.buffers.get(params.text_document.uri)
    if buffer is None:
        return
    buffer.apply(params.content_changes, ls.encoding)
    buffer.version = params.text_document.version
    ls.schedule(buffer.uri, DEBOUNCE_SECONDS)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=True))
def did_save(ls: CopylintServer, params: types.DidSaveTextDocumentParams) -> None:
    buffer = ls.buffers.get(params.text_document.uri)
    if buffer is None:
        return
    if params.text is not None and params.text != buffer.text:
        buffer.text = params.text
    ls.schedule(buffer.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: CopylintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    task = ls.pending.pop(uri, None)
    if task is not None:
        task.cancel()
    ls.buffers.pop(uri, None)
    ls.results.pop(uri, None)
    ls.running.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: CopylintServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.shown_errors.clear()
    ls.checks.reload()
    ls.recheck_all()


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: CopylintServer, params: types.DidChangeConfigurationParams) -> None:
    await ls.load_client_settings(params.settings)
    ls.recheck_all()


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
    code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=True))
async def code_action(ls: CopylintServer, params: types.CodeActionParams):
    await ls.ready.wait()
    current = await ls.findings_for(params.text_document.uri)
    if current is None:
        return None
    buffer, version, text, findings = current
    only, is_current = params.context.only, ls.is_current(buffer, version, text)
    actions = []
    if wanted(only, types.CodeActionKind.QuickFix):
        quick = await ls.checks.run(_quick_fixes, ls, buffer, version, text, findings, params.range,
                                    is_current=is_current, light=True)
        actions += [quick] if isinstance(quick, RuntimeError) else quick or []
    if wanted(only, FIX_ALL) and any(is_fixable(f) for f in findings):
        if ls.resolves_edits() and not only:  # a light bulb: the edit when chosen
            actions.append(types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL,
                                            data={"uri": buffer.uri, "version": version}))
        else:
            edit = await ls.checks.run(_fix_all_edit, ls, buffer, version, text, is_current=is_current)
            if isinstance(edit, types.WorkspaceEdit):
                actions.append(types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL, edit=edit))
            elif isinstance(edit, RuntimeError):
                actions.append(edit)
    errors = [a for a in actions if isinstance(a, RuntimeError)]
    if errors:
        ls.log(f"internal error in code actions: {str(errors[0]).splitlines()[0]}", types.MessageType.Error)
    return [a for a in actions if isinstance(a, types.CodeAction)] or None


def _quick_fixes(ls: CopylintServer, buffer: Buffer, version, text: str, findings: list, where: types.Range):
    """In the light worker: quick fixes and suppressions for the findings that touch `where`."""
    positions = PositionMap(text, ls.encoding)
    start = positions.offset(where.start.line, where.start.character)
    end = positions.offset(where.end.line, where.end.character)
    touching = [f for f in findings if f.start <= end and f.end >= start]
    rst = buffer.language_id in ("restructuredtext", "rst") or (buffer.path or "").lower().endswith(".rst")
    return finding_actions(buffer.uri, version, text, buffer.format, touching, positions,
                           ls.checks.client.rule_doc_url, rst)


def _fix_all_edit(ls: CopylintServer, buffer: Buffer, version, text: str):
    """In the check worker: the fixer's passes over the text, as one versioned edit."""
    positions = PositionMap(text, ls.encoding)
    try:
        edits = fix_all(text, ls.checks.checker_for(buffer.path, buffer.format))
    except SetupError:
        return None
    return workspace_edit(buffer.uri, version, positions, edits) if edits else None


@server.feature(types.CODE_ACTION_RESOLVE)
async def code_action_resolve(ls: CopylintServer, action: types.CodeAction) -> types.CodeAction:
    """The edit of a "fix all" offered without one: computed now, on the buffer as it
    is (an action for a text since changed gets no edit)."""
    data = action.data if isinstance(action.data, dict) else {}
    buffer = ls.buffers.get(str(data.get("uri")))
    if action.kind != FIX_ALL or buffer is None or buffer.version != data.get("version"):
        return action
    version, text = buffer.version, buffer.text
    edit = await ls.checks.run(_fix_all_edit, ls, buffer, version, text,
                               is_current=ls.is_current(buffer, version, text))
    if isinstance(edit, types.WorkspaceEdit):
        action.edit = edit
    return action


@server.feature(types.SHUTDOWN)
def shutdown(ls: CopylintServer, params) -> None:
    for task in ls.pending.values():
        task.cancel()
    ls.checks.close()


def main() -> None:
    """Serve over stdio until the client says exit."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="copylint lsp: %(message)s")
    server.start_io()
