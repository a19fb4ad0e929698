"""What Dask runs on the workers: planning a source, screening a partition into its
part file, summarizing a part already written.

The settings resolver travels with each task (a few kilobytes; its engines are never
pickled) but is kept per worker process under the job's key, so rule packs, the
garble lexicon and the rest of the engine are built once per worker and reused by
every partition that worker checks.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass

from . import corpus
from .parts import summarize, summarize_part, write_part
from .rows import error_row, screen_text


@dataclass(frozen=True)
class Job:
    key: str  # what the job's rows depend on (settings, fields, limits, version)
    resolver: object  # checker.resolve.SettingsResolver
    fields: corpus.Fields
    parts: str  # absolute path of the parts folder
    partition_size: int = 500
    top: int = 5  # findings kept per row
    keep: int = 10  # most spun documents each partition reports to the client
    time_limit: float | None = 60.0  # seconds per document; None: none


_resolvers: dict[str, object] = {}
_lock = threading.Lock()  # a worker with several threads shares one engine per settings


def _resolver(job: Job):
    with _lock:
        return _resolvers.setdefault(job.key, job.resolver)


def _settings_and_engine(job: Job, path: str):
    resolver = _resolver(job)
    with _lock:
        settings = resolver.settings_for(path)
        before = len(resolver._engines)
        engine = resolver.engine_for(settings)
        _counts.setdefault(job.key, [0, 0])[0] += len(resolver._engines) - before
        return settings, engine


_counts: dict[str, list[int]] = {}  # job key -> [engines built, partitions screened]


def counts() -> dict[str, tuple[int, int]]:
    """Per job in this worker process: engines built and partitions screened (an
    engine is built once per worker and settings, not once per partition)."""
    return {key: tuple(value) for key, value in _counts.items()}


def plan_source(job: Job, source: str, location: str) -> list:
    """The source's partitions. The engine for its settings is built here, so a bad
    rule pack or configuration stops the job before any partition is sent, and this
    worker is warm when its first partition comes."""
    settings, _ = _settings_and_engine(job, location)
    return corpus.plan(source, location, settings.extensions, job.fields, job.partition_size)


def screen_partition(job: Job, partition: corpus.Partition, name: str) -> dict:
    """Checks a partition and writes its part; returns its summary."""
    rows = screen_rows(job, partition)
    with _lock:
        _counts.setdefault(job.key, [0, 0])[1] += 1
    return write_rows(job, name, rows)


def screen_rows(job: Job, partition: corpus.Partition) -> list[dict]:
    settings, engine = _settings_and_engine(job, partition.location)
    rows = []
    for item in corpus.read(partition, job.fields, settings.encoding):
        if item.path is not None:  # a folder tree's file: its own configuration applies
            settings, engine = _settings_and_engine(job, item.path)
            item = corpus.read_file(item, settings.encoding)
        if item.error is not None:
            rows.append(error_row(item.id, item.error))
        else:
            rows.append(screen_text(engine, item.id, item.text, item.format, job.top, job.time_limit))
    return rows


def write_rows(job: Job, name: str, rows: list[dict]) -> dict:
    write_part(job.parts, name, rows)
    return summarize(rows, job.keep)


def document_ids(job: Job, partition: corpus.Partition) -> list[str]:
    """The ids of a partition's documents, read without checking them."""
    settings, _ = _settings_and_engine(job, partition.location)
    return [item.id for item in corpus.read(partition, job.fields, settings.encoding)]


def dead_worker_row(name: str) -> dict:
    return error_row(name, f"{name}: not checked: the worker process checking it died")


def summarize_written(job: Job, name: str) -> dict:
    return summarize_part(os.path.join(job.parts, name), job.keep)
