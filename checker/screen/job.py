"""The client side of a screening job: which cluster, what to submit, progress,
resuming, and the summary the client keeps (counts and the most spun documents;
never the documents or the rows).

Dask does the scheduling: a local cluster sized to the machine by default, or the
scheduler at `--scheduler`. A worker that dies mid-partition loses nothing: its task
is run again elsewhere (distributed's own retry of tasks on lost workers), and the
part file only appears, whole, when a partition is done.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field

from .. import __version__
from ..resolve import engine_key
from ..sources import InputError
from . import parts
from .corpus import Fields
from .worker import Job, plan_source, screen_partition, summarize_written


class ScreenError(Exception):
    """A job that cannot run; the message is one line for stderr."""


@dataclass
class Outcome:
    partitions: int = 0
    resumed: int = 0  # partitions found written by an earlier run
    documents: int = 0
    errors: int = 0
    findings: int = 0
    rows: int = 0  # rows in the report
    spun: list = field(default_factory=list)  # (spin score, id, words, findings, garble), most spun first


def job_key(resolver, fields: Fields, top: int, time_limit) -> str:
    """What the rows depend on; part files are named by it, so --resume never mixes
    parts made with other settings."""
    explicit = getattr(resolver, "_explicit", None)
    parts_of_key = [engine_key(resolver.cli), sorted(resolver.given), resolver.use_config,
                    str(getattr(explicit, "path", "")), fields.id, fields.text, top, time_limit, __version__]
    return hashlib.sha256(json.dumps(parts_of_key, default=str).encode()).hexdigest()


def connect(scheduler: str | None, workers: int | None):
    """(client, local cluster or None). Without a scheduler address: a local cluster of
    one single-threaded worker process per core (the checks hold the GIL)."""
    import logging

    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as exc:
            raise ScreenError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    from ..runner import default_jobs

    # no dashboard; the scheduler's own HTTP endpoint on a free port, not a busy 8787
    cluster = LocalCluster(n_workers=workers or default_jobs(), threads_per_worker=1, processes=True,
                           dashboard_address=None, scheduler_kwargs={"dashboard_address": ":0"},
                           silence_logs=logging.CRITICAL)  # failures are reported in one line
    return Client(cluster), cluster


def run(sources: list[str], out: str, resolver, *, fields: Fields = Fields(), scheduler: str | None = None,
        workers: int | None = None, resume: bool = False, partition_size: int = 500, top: int = 5,
        keep: int = 10, time_limit: float | None = 60.0, progress=None, client=None,
        setup_errors: tuple = ()) -> Outcome:
    """Screen `sources` into the report `out`. `progress(documents done, total)` is
    called as partitions finish; `client`: an existing dask.distributed Client;
    `setup_errors`: exception classes (a bad rule pack or configuration) that a worker
    may raise and that end the job with their one-line message."""
    out = os.path.abspath(out)
    folder = parts.parts_folder(out)
    if os.path.isdir(folder) and not resume:
        raise ScreenError(f"{folder} holds the parts of an unfinished run: add --resume to "
                          "continue it, or remove the folder to start again")
    if scheduler is None and client is None:  # a local cluster: say so before starting one
        for source in sources:
            if not os.path.exists(source):
                raise ScreenError(f"{source}: no such file or directory")
    job = Job(key=job_key(resolver, fields, top, time_limit), resolver=resolver, fields=fields,
              parts=folder, partition_size=partition_size, top=top, keep=keep, time_limit=time_limit)
    cluster = None
    if client is None:
        client, cluster = connect(scheduler, workers)
        owned = True
    else:
        owned = False
    try:
        return _run(client, job, sources, out, progress, (InputError, *setup_errors))
    finally:
        if owned:
            client.close()
            if cluster is not None:
                cluster.close()


def _run(client, job: Job, sources: list[str], out: str, progress, one_line: tuple) -> Outcome:
    from distributed import KilledWorker, as_completed

    planned = client.map(plan_source, [job] * len(sources), sources,
                         [os.path.abspath(s) for s in sources], pure=False)
    try:
        partitions = [p for found in client.gather(planned) for p in found]
    except one_line as exc:
        raise ScreenError(str(exc)) from None
    except Exception as exc:  # a worker that cannot plan it: no such path there, a lost scheduler
        raise ScreenError(f"planning failed: {type(exc).__name__}: {' '.join(str(exc).split())}") from None
    names = [parts.part_name(i, p.describe(), job.key) for i, p in enumerate(partitions)]
    written = set(os.listdir(job.parts)) if os.path.isdir(job.parts) else set()
    outcome = Outcome(partitions=len(partitions))
    sizes, futures = {}, []
    for partition, name in zip(partitions, names):
        if name in written:
            future = client.submit(summarize_written, job, name, pure=False)
            outcome.resumed += 1
        else:
            future = client.submit(screen_partition, job, partition, name, pure=False, retries=1)
        sizes[future.key] = partition.documents
        futures.append(future)
    total, done = sum(sizes.values()), 0
    if progress:
        progress(0, total)
    where = {f.key: (p, n) for f, p, n in zip(futures, partitions, names)}
    pending, futures = as_completed(futures), None  # each result is let go once counted
    for future in pending:
        try:
            result = future.result()
        except one_line as exc:
            raise ScreenError(str(exc)) from None
        except KilledWorker:  # the partition killed three workers: find the document that does
            partition, name = where[future.key]
            result = _isolate(client, job, partition, name)
        except Exception as exc:  # a lost scheduler, a source that changed under the job
            partition, name = where[future.key]
            last = partition.first + partition.documents - 1
            raise ScreenError(f"{partition.source}: documents {partition.first}-{last} ({name}) could not be "
                              f"screened: {type(exc).__name__}: {' '.join(str(exc).split())}") from None
        outcome.documents += result["documents"]
        outcome.errors += result["errors"]
        outcome.findings += result["findings"]
        outcome.spun = parts.most_spun(outcome.spun + result["spun"], job.keep)
        done += sizes[future.key]
        future.release()
        if progress:
            progress(done, total)
    os.makedirs(job.parts, exist_ok=True)
    outcome.rows = parts.merge(job.parts, names, out)
    parts.remove(job.parts)
    return outcome


def _isolate(client, job: Job, partition, name: str) -> dict:
    """A partition whose check kept killing worker processes (a crash in native code,
    memory exhausted): its documents are checked one task at a time, so each one that
    kills its worker becomes an error row and every other document is still checked."""
    from distributed import KilledWorker

    from .corpus import single_documents
    from .worker import dead_worker_row, document_ids, screen_rows, write_rows

    ids = client.submit(document_ids, job, partition, pure=False).result()
    rows = []
    for name_of, single in zip(ids, single_documents(partition, len(ids))):
        try:
            rows.extend(client.submit(screen_rows, job, single, pure=False).result())
        except KilledWorker:
            rows.append(dead_worker_row(name_of))
    return client.submit(write_rows, job, name, rows, pure=False).result()
