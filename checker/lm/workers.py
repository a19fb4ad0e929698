"""Running the model on several chunks of a document at once, one per CPU.

numpy lets go of Python's lock inside its products, so threads that each read a chunk
of sentences with one BLAS thread keep both CPUs of a small machine busy. (OpenBLAS's
own threads gained about 1.3x here, and lost several times over on a busy machine,
where its waiting threads spin; Python threads simply take turns.) Results come back in
the chunks' order, so findings are the same byte for byte whatever the count."""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Iterable, Iterator, TypeVar

MAX_WORKERS = 2  # each chunk in flight holds its keys and values: about 0.15 GB at most

In = TypeVar("In")
Out = TypeVar("Out")


def worker_count() -> int:
    """Chunks worked on at once: one per usable CPU, at most MAX_WORKERS, or as
    COPYLINT_MODEL_THREADS says; one inside a worker process (`--jobs`, `screen`),
    whose sibling processes have the other CPUs."""
    import multiprocessing

    given = os.environ.get("COPYLINT_MODEL_THREADS", "").strip()
    if given.isdigit() and int(given) > 0:
        return int(given)
    if multiprocessing.parent_process() is not None:
        return 1
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, usable))


def even_chunks(items: list, most: int, multiple: int = MAX_WORKERS) -> list[list]:
    """`items` cut into consecutive chunks of at most `most`, as even as possible, their
    count a multiple of `multiple` where there are items enough: a document of 20
    sentences in two chunks of 10 keeps two CPUs busy where one chunk of 20 kept one, and
    45 sentences in 23 and 22, not 24 and 21. The cut depends only on the items, never on
    how many workers run, so findings are the same whatever the count."""
    if not items:
        return []
    count = -(-len(items) // most)
    count = min(len(items), -(-count // multiple) * multiple)
    return [items[k * len(items) // count:(k + 1) * len(items) // count] for k in range(count)]


def in_order(work: Callable[[In], Out], chunks: Iterable[In], workers: int | None = None) -> Iterator[Out]:
    """`work(chunk)` for every chunk, `workers` at a time, yielded in the chunks' order.
    Stopping early (Ctrl-C, an error, a closed generator) cancels the chunks not begun."""
    workers = worker_count() if workers is None else workers
    if workers <= 1:
        yield from map(work, chunks)
        return
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="copylint-model")
    try:
        # submitted a few ahead of the one being waited for, not all at once: a finished
        # chunk's result waits in memory until its turn
        pending = []
        for chunk in chunks:
            pending.append(pool.submit(work, chunk))
            if len(pending) > workers:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
