"""Running the model on several chunks of a document at once, one per CPU.

numpy lets go of Python's lock inside its products, so threads that each read a chunk
of sentences with one BLAS thread keep both CPUs of a small machine busy. (OpenBLAS's
own threads gained about 1.3x here, and lost several times over on a busy machine,
where its waiting threads spin; Python threads simply take turns.) Results come back in
the chunks' order, so findings are the same byte for byte whatever the count."""
from __future__ import annotations

import os
from bisect import bisect_right
from concurrent.futures import ThreadPoolExecutor
from itertools import accumulate
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


def even_chunks(items: list, most: int, multiple: int = MAX_WORKERS,
                weight: Callable[[In], float] = lambda item: 1) -> list[list]:
    """`items` cut into consecutive chunks of even `weight` (a sentence's length), as
    many as cuts of at most `most` items would need, their count a multiple of
    `multiple` where there are items enough: a document of 20 sentences in two chunks
    keeps two CPUs busy where one chunk of 20 kept one, and two chunks of even length
    finish together, where ten long sentences beside ten short ones kept one CPU
    waiting for the other (on 1,047 words of a novel: 2,204 and 3,636 characters). The
    cut depends only on the items, never on how many workers run, so findings are the
    same whatever the count."""
    if not items:
        return []
    count = -(-len(items) // most)
    count = min(len(items), -(-count // multiple) * multiple)
    prefix = list(accumulate((max(0.0, weight(item)) for item in items), initial=0.0))
    cuts = [0]
    for k in range(1, count):
        target = prefix[-1] * k / count
        at = bisect_right(prefix, target) - 1  # prefix[at] <= target < prefix[at + 1]
        if at + 1 < len(prefix) and prefix[at + 1] - target < target - prefix[at]:
            at += 1  # the nearer edge
        cuts.append(min(max(at, cuts[-1] + 1), len(items) - (count - k)))  # no chunk empty
    cuts.append(len(items))
    return [items[a:b] for a, b in zip(cuts, cuts[1:])]


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
