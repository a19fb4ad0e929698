"""Checks a set of paths: read, build the document, run the checks.

`lint_paths` checks with one engine; `run_lint` takes the settings of each file from
its configuration (a SettingsResolver) and can spread files over worker processes.
Results always come back in the order of the files, whatever the number of workers,
so output is the same byte for byte with --jobs 1 and --jobs 8.
"""
from __future__ import annotations

import dataclasses
import os
import sys
import time

from .document import Document
from .engine import Engine
from .report import FileResult
from .sources import InputError, discover, read_text

# below this many files a pool costs more than it saves
POOL_MIN_FILES = 8


def check_text(engine: Engine, text: str, path: str = "-", fmt: str = "text") -> FileResult:
    doc = Document.from_text(text, path, fmt)
    return FileResult(path=path, document=doc, findings=engine.check(doc))


def lint_paths(engine: Engine, paths: list[str]) -> list[FileResult]:
    files, errors = discover(paths, engine.settings.extensions)
    results = [FileResult(path=e.split(":", 1)[0], document=None, error=e) for e in errors]
    for path in files:
        results.append(_check_file(engine, path))
    return results


def _check_file(engine: Engine, path: str) -> FileResult:
    try:
        text, fmt = read_text(path, engine.settings.encoding)  # no bytes held beside the text
    except InputError as exc:
        return FileResult(path=path, document=None, error=str(exc))
    return check_text(engine, text, path, fmt)


def discover_all(paths: list[str], resolver) -> tuple[list[str], list[str]]:
    """Files to check and one-line errors; a folder is walked for the file extensions
    of the configuration that applies to it."""
    files, errors, seen = [], [], set()
    for given in paths:
        extensions = resolver.settings_for(given).extensions if os.path.isdir(given) else ()
        found, problems = discover([given], extensions)
        errors.extend(problems)
        for path in found:
            if path == "-" or path not in seen:
                seen.add(path)
                files.append(path)
    return files, errors


def run_lint(paths: list[str], resolver, jobs: int = 1, progress=None) -> list[FileResult]:
    """Check every file under `paths` with the settings its configuration gives it.

    Configuration is read and every engine built here, before any worker starts, so a
    bad configuration fails once and workers (forked) inherit the compiled rules.
    `progress(done, total)` is called as files finish (the caller decides whether to
    draw anything)."""
    files, errors = discover_all(paths, resolver)
    results = [FileResult(path=e.split(":", 1)[0], document=None, error=e) for e in errors]
    plan = []
    for path in files:
        settings = resolver.settings_for(path)
        plan.append((path, settings, resolver.engine_for(settings)))
    disk = [(i, path, settings) for i, (path, settings, _) in enumerate(plan) if path != "-"]
    checked: dict[int, FileResult] = {}
    if jobs > 1 and len(disk) >= POOL_MIN_FILES:
        checked.update(_run_pool(disk, resolver, jobs, progress))
        remaining = [(i, p, e) for i, (p, _, e) in enumerate(plan) if i not in checked]
    else:
        remaining = [(i, p, e) for i, (p, _, e) in enumerate(plan)]
    for index, path, engine in remaining:
        checked[index] = _check_file(engine, path)
        if progress:
            progress(len(checked), len(plan))
    return results + [checked[i] for i in range(len(plan))]


# -- the pool ----------------------------------------------------------------------------
_WORKER_RESOLVER = None


def _init_worker(resolver) -> None:
    global _WORKER_RESOLVER
    _WORKER_RESOLVER = resolver
    # a worker leaves Ctrl-C to the parent, which stops the pool
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(batch: list[tuple[int, str, object]]) -> list[tuple[int, FileResult]]:
    out = []
    try:
        for index, path, settings in batch:
            engine = _WORKER_RESOLVER.engine_for(settings)  # inherited when forked, else built once here
            result = _check_one(engine, path)
            if result.document is not None:  # send the document without its cached views
                result.document = dataclasses.replace(result.document)
            out.append((index, result))
    finally:
        # a worker ends without closing anything (the pool gives no hook at its end, and
        # exits without running `atexit`): what its engines hold to write (the grammar
        # cache's uses) is written down after each batch, which is the last code of ours
        # a worker surely runs
        _WORKER_RESOLVER.flush()
    return out


def _check_one(engine: Engine, path: str) -> FileResult:
    return _check_file(engine, path)


def _run_pool(disk, resolver, jobs: int, progress) -> dict[int, FileResult]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    # small batches keep workers evenly busy; several per worker, at most 64 files each
    size = max(1, min(64, len(disk) // (jobs * 4)))
    batches = [disk[i:i + size] for i in range(0, len(disk), size)]
    done: dict[int, FileResult] = {}
    broken = None
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                               initargs=(resolver,))
    try:
        futures = {pool.submit(_work, batch): batch for batch in batches}
        for future in as_completed(futures):
            try:
                for index, result in future.result():
                    done[index] = result
            except BrokenProcessPool as exc:
                broken = exc
                continue
            if progress:
                progress(len(done), len(disk))
    except BaseException:  # Ctrl-C: do not start the batches still queued
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    if broken is not None:
        done.update(_isolate([item for item in disk if item[0] not in done], resolver, context))
    return done


MAX_CRASHES = 5


def _isolate(left, resolver, context) -> dict[int, FileResult]:
    """After a worker died: check what is left one file at a time in a single worker,
    so that the file whose check kills a worker is named and every other file is still
    checked (in a worker: a crash must never take the main process with it)."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    done: dict[int, FileResult] = {}
    crashes = 0
    while left:
        pool = ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_init_worker,
                                   initargs=(resolver,))
        futures = [pool.submit(_work, [item]) for item in left]
        crashed = None
        for position, future in enumerate(futures):
            try:
                for index, result in future.result():
                    done[index] = result
            except BrokenProcessPool:
                crashed = position
                break
        pool.shutdown(wait=False, cancel_futures=True)
        if crashed is None:
            break
        index, path, _ = left[crashed]
        done[index] = FileResult(path=path, document=None,
                                 error=f"{path}: not checked: the worker process checking it died")
        left = left[crashed + 1:]
        crashes += 1
        if crashes >= MAX_CRASHES:
            for index, path, _ in left:
                done[index] = FileResult(path=path, document=None,
                                         error=f"{path}: not checked: worker processes kept dying")
            break
    return done


# -- a progress bar for long runs on a terminal ------------------------------------------------
class ProgressBar:
    """Drawn on stderr only when stderr is a terminal, and only once a run has lasted
    `delay` seconds; erased at the end so the terminal keeps only the report."""

    def __init__(self, stream=None, delay: float = 1.0, width: int = 30, unit: str = "files"):
        self.stream = stream or sys.stderr
        self.unit = unit
        self.delay, self.width = delay, width
        self.start = time.monotonic()
        self.drawn = False
        self.last = 0.0
        self.enabled = _is_terminal(self.stream)

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or not total:
            return
        now = time.monotonic()
        if now - self.start < self.delay or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        filled = self.width * done // total
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {self.unit}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
