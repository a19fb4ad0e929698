"""Chunks of a document judged one per CPU (checker/lm/workers.py): results in the
chunks' order whatever the worker count, and nothing left running after an early stop."""
from __future__ import annotations

import threading
import time

import pytest
from hypothesis import given, settings, strategies as st

from checker.lm import workers
from checker.lm.workers import in_order, worker_count


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 5), max_size=12), st.integers(1, 4))
def test_results_come_in_the_chunks_order_whatever_the_worker_count(delays, count):
    def work(n):
        time.sleep(n / 2000)  # later chunks often finish first
        return n * 10

    assert list(in_order(work, delays, count)) == [n * 10 for n in delays]


def test_chunks_really_run_side_by_side():
    both = threading.Barrier(2, timeout=5)

    def work(n):
        both.wait()  # passes only when two chunks run at once
        return n

    assert list(in_order(work, [1, 2], 2)) == [1, 2]


def test_an_error_in_a_chunk_reaches_the_caller_and_later_chunks_are_not_begun():
    begun = []

    def work(n):
        begun.append(n)
        if n == 1:
            raise ValueError("chunk 1 failed")
        time.sleep(0.01)
        return n

    with pytest.raises(ValueError, match="chunk 1 failed"):
        list(in_order(work, range(20), 2))
    assert len(begun) < 20
    assert not [t for t in threading.enumerate() if t.name.startswith("copylint-model")]


def test_closing_early_leaves_no_worker_thread():
    results = in_order(lambda n: n, range(50), 2)
    assert next(results) == 0
    results.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("copylint-model")]


def test_worker_count_follows_the_environment_then_the_cpus(monkeypatch):
    monkeypatch.setenv("COPYLINT_MODEL_THREADS", "3")
    assert worker_count() == 3
    monkeypatch.setenv("COPYLINT_MODEL_THREADS", "none")  # not a count: the default
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert worker_count() == 1
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    assert worker_count() == workers.MAX_WORKERS


def test_a_worker_process_uses_one_thread(monkeypatch):
    import multiprocessing

    monkeypatch.delenv("COPYLINT_MODEL_THREADS", raising=False)
    monkeypatch.setattr(multiprocessing, "parent_process", lambda: object())
    assert worker_count() == 1


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 400), st.integers(1, 40))
def test_even_chunks_cover_the_items_in_order_evenly_within_the_size(n, most):
    from checker.lm.workers import MAX_WORKERS, even_chunks

    items = list(range(n))
    chunks = even_chunks(items, most)
    assert [i for c in chunks for i in c] == items
    assert all(1 <= len(c) <= most for c in chunks)
    if chunks:
        assert max(map(len, chunks)) - min(map(len, chunks)) <= 1
        # a multiple of the workers (unless there are fewer items), and no more than that needs
        assert len(chunks) % MAX_WORKERS == 0 or len(chunks) == n
        assert len(chunks) <= MAX_WORKERS or (len(chunks) - MAX_WORKERS) * most < n


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 2000), max_size=300), st.integers(1, 40))
def test_weighted_chunks_are_even_in_weight(weights, most):
    # sentences of any lengths: as many chunks as the count alone would give, none
    # empty, each within one sentence of an even share of the whole length
    from checker.lm.workers import even_chunks

    items = list(enumerate(weights))
    chunks = even_chunks(items, most, weight=lambda item: item[1])
    assert [i for c in chunks for i in c] == items
    assert len(chunks) == len(even_chunks(list(range(len(items))), most))
    assert all(chunks)
    total, heaviest = sum(weights), max(weights, default=0)
    for chunk in chunks:
        assert sum(w for _, w in chunk) <= total / len(chunks) + heaviest


def test_a_long_and_a_short_half_are_cut_by_length():
    from checker.lm.workers import even_chunks

    lengths = [300] * 5 + [100] * 15  # five long sentences, then fifteen short ones
    chunks = even_chunks(lengths, 24, 2, weight=lambda n: n)
    assert [len(c) for c in chunks] == [5, 15]  # ten and ten would be 2,000 and 1,000 long


def test_a_short_document_is_still_cut_for_two_workers():
    from checker.lm.workers import even_chunks

    assert even_chunks(list(range(20)), 24, 2) == [list(range(10)), list(range(10, 20))]
    assert even_chunks(["one"], 24, 2) == [["one"]]
