"""Checks and fixes for the server, run in one worker thread off the message loop.

Settings come from `SettingsResolver`, as for `copylint lint`: the configuration file
nearest to each document (walking up from its folder), per-path overrides, and the
client's settings on top, as options typed on the command line would be. One worker
thread keeps the engines (and the resolver's caches) to itself, so no engine is
shared between threads; a second thread builds quick fixes, which need no engine; the
message loop only awaits results. A check cannot be stopped half-way (a thread cannot
be interrupted), so a newer edit makes the server drop a running check's result and
check the newest text next, rather than queue every version. A job asks `is_current`
before it starts, so a check of a text the user has since edited is skipped, and a
result that arrives after a newer edit is dropped by the caller.
"""
from __future__ import annotations

import asyncio
import dataclasses
import os
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable

from ..finding import Finding
from .client_settings import ClientSettings


class SetupError(Exception):
    """Configuration, a rule pack or a grammar option that cannot be used: one line."""


@dataclass
class Outcome:
    findings: list[Finding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the check is incomplete: why
    error: str | None = None  # SetupError: no findings at all


def _setup_errors() -> tuple[type[Exception], ...]:
    from ..configfile import ConfigError
    from ..grammar.options import GrammarConfigError
    from ..rulepack import RulePackError

    return ConfigError, RulePackError, GrammarConfigError


class CheckService:
    def __init__(self, root: str | None = None):
        self.root = root or os.getcwd()
        self.client = ClientSettings()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="copylint-check")
        # quick fixes and suppressions need no engine: a thread of their own, so the light
        # bulb of a small document answers while a big one is being checked
        self._light = ThreadPoolExecutor(max_workers=1, thread_name_prefix="copylint-actions")
        self._resolver = None
        self._quick: dict = {}  # id(settings) -> (settings, the same without the model): one engine each

    # -- settings ---------------------------------------------------------------------
    def reload(self, client: ClientSettings | None = None) -> None:
        """Forget what configuration was read (and use `client`'s settings): the next
        check reads the files again. The old resolver is closed in the worker, after any
        job that still uses it."""
        if client is not None:
            self.client = client
        old, self._resolver = self._resolver, None
        self._quick = {}
        if old is not None:
            self._executor.submit(old.close)

    def _engine_for(self, path: str | None, fmt: str, quick: bool = False):
        """The document's engine; `quick`: the same without the language model."""
        try:
            settings = self._settings_for(path, fmt)
            if quick:
                if id(settings) not in self._quick:
                    self._quick[id(settings)] = (settings, dataclasses.replace(settings, deep=False))
                settings = self._quick[id(settings)][1]
            return self._resolver.engine_for(settings)
        except _setup_errors() as exc:
            raise SetupError(str(exc)) from None

    def _settings_for(self, path: str | None, fmt: str):
        from ..resolve import SettingsResolver

        if self._resolver is None:
            self._resolver = SettingsResolver(self.client.settings, self.client.given)
        where = path or os.path.join(self.root, "untitled" + {"markdown": ".md", "html": ".html"}.get(fmt, ".txt"))
        return self._resolver.settings_for(where)

    # -- jobs (in the worker) -----------------------------------------------------------
    def check(self, path: str | None, text: str, fmt: str, quick: bool = False) -> Outcome:
        """`quick`: without the language model (see `uses_the_model`)."""
        from ..runner import check_text

        try:
            engine = self._engine_for(path, fmt, quick)
        except SetupError as exc:
            return Outcome(error=str(exc))
        result = check_text(engine, text, path or "-", fmt)
        return Outcome(findings=result.findings, problems=list(result.document.problems))

    def uses_the_model(self, path: str | None, fmt: str) -> bool:
        """Whether the document's settings ask for the language model (`deep`): its first
        check of a document can take many seconds, so the server publishes a quick check
        without it first."""
        try:
            return self._settings_for(path, fmt).deep
        except _setup_errors():
            return False

    def checker_for(self, path: str | None, fmt: str) -> Callable[[str], list[Finding]]:
        """text -> findings with the document's engine (for the fixer's passes)."""
        from ..runner import check_text

        engine = self._engine_for(path, fmt)
        return lambda text: check_text(engine, text, path or "-", fmt).findings

    # -- from the message loop ------------------------------------------------------------
    async def run(self, job: Callable, *args, is_current: Callable[[], bool] = lambda: True,
                  light: bool = False):
        """`job(*args)` in the worker (`light`: a job that uses no engine, in the other
        thread); None when the text went stale before it started.
        An unexpected exception is returned as RuntimeError with its traceback, so that
        one odd buffer never stops the server."""

        def guarded():
            if not is_current():
                return None
            try:
                return job(*args)
            except Exception as exc:  # a bug in a check must not take the editor's server down
                return RuntimeError(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")

        executor = self._light if light else self._executor
        return await asyncio.get_running_loop().run_in_executor(executor, guarded)

    def close(self) -> None:
        self.reload()
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._light.shutdown(wait=False, cancel_futures=True)
