"""Benchmark of `copylint screen`: documents per second against the number of Dask
workers and the size of the corpus, on a local cluster (one single-threaded worker
process per worker), with the same work done in one process without Dask as the
baseline. The corpus is generated (bench/screen_corpus.py, fixed seed).

    python bench/screen_bench.py                       # 1 and 2 workers, 1,000 and 4,000 documents
    python bench/screen_bench.py --workers 1,2,4 --documents 2000,8000,32000

Each figure is the best of --runs runs of the whole job (planning, checking, writing
the parts, merging the report) on a cluster that has already run one small job, so
the engine is built on every worker; the cluster's start-up and that first job are
reported apart. Prints a Markdown table and writes JSON to bench/results/.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import screen_corpus  # noqa: E402


def _resolver():
    from checker.config import Settings
    from checker.resolve import SettingsResolver

    return SettingsResolver(Settings(), use_config=False)


def baseline(docs) -> tuple[float, float]:
    """Documents per second and per CPU-second checked in this process, rows built the
    same way, no Dask."""
    from checker.screen.rows import screen_text

    resolver = _resolver()
    engine = resolver.engine_for(resolver.settings_for("x.txt"))
    screen_text(engine, "warm", docs[0][1], "text", 5, 60)
    started, cpu = time.perf_counter(), time.process_time()
    for name, text in docs:
        screen_text(engine, name, text, "text", 5, 60)
    return len(docs) / (time.perf_counter() - started), len(docs) / (time.process_time() - cpu)


def measure(workers: int, corpora: dict, runs: int, partition_size: int, scratch: Path) -> dict:
    from distributed import Client, LocalCluster

    from checker.screen.job import run

    started = time.perf_counter()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, scheduler_kwargs={"dashboard_address": ":0"},
                           silence_logs=logging.ERROR)
    client = Client(cluster)
    startup = time.perf_counter() - started
    try:
        smallest = min(corpora)
        started = time.perf_counter()
        run([str(corpora[smallest])], str(scratch / "warm.parquet"), _resolver(), client=client,
            partition_size=max(1, smallest // (workers * 2)))
        first_job = time.perf_counter() - started
        rates = {}
        for count, source in sorted(corpora.items()):
            best = cpu = None
            for _ in range(runs):
                before = sum(client.run(_cpu_seconds).values())
                started = time.perf_counter()
                outcome = run([str(source)], str(scratch / f"r-{count}.parquet"), _resolver(), client=client,
                              partition_size=partition_size)
                elapsed = time.perf_counter() - started
                used = sum(client.run(_cpu_seconds).values()) - before
                assert outcome.rows == count, outcome
                best = elapsed if best is None else min(best, elapsed)
                cpu = used if cpu is None else min(cpu, used)
            rates[count] = {"seconds": round(best, 3), "documents_per_second": round(count / best, 1),
                            "worker_cpu_seconds": round(cpu, 2),
                            "documents_per_worker_cpu_second": round(count / cpu, 1)}
        memory = max(client.run(_rss_megabytes).values())
    finally:
        client.close()
        cluster.close()
    return {"workers": workers, "cluster_start_seconds": round(startup, 2),
            "first_job_seconds": round(first_job, 2), "worker_rss_mb": memory, "corpus": rates}


def _cpu_seconds() -> float:
    """CPU time a worker process has used: on a machine shared with other work, the
    documents per CPU-second of the workers say what the code costs, whatever the
    wall clock was doing."""
    import psutil

    times = psutil.Process().cpu_times()
    return times.user + times.system


def _rss_megabytes() -> int:
    """A worker's resident memory, engine loaded (psutil comes with distributed)."""
    import psutil

    return round(psutil.Process().memory_info().rss / 2**20)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--documents", default="1000,4000", help="comma-separated corpus sizes")
    parser.add_argument("--partition-size", type=int, default=250)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--out", default=str(HERE / "results"))
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.documents.split(",")]
    with tempfile.TemporaryDirectory(prefix="copylint-screen-bench-") as folder:
        scratch = Path(folder)
        docs = screen_corpus.documents(max(counts))
        corpora = {n: screen_corpus.write_jsonl(docs[:n], scratch / f"docs-{n}.jsonl") for n in counts}
        words = sum(len(t.split()) for _, t in docs) / len(docs)
        single, single_cpu = baseline(docs[:min(counts)])
        results = [measure(int(w), corpora, args.runs, args.partition_size, scratch)
                   for w in args.workers.split(",")]
    report = {"machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                          "load_average": os.getloadavg()},
              "words_per_document": round(words, 1), "partition_size": args.partition_size,
              "baseline_documents_per_second": round(single, 1),
              "baseline_documents_per_cpu_second": round(single_cpu, 1), "runs": results}
    os.makedirs(args.out, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    Path(args.out, f"screen-{stamp}.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"{words:.0f} words a document; one process without Dask: {single:.0f} documents/s "
          f"({single_cpu:.0f}/CPU-s); "
          f"load average {os.getloadavg()[0]:.1f}\n")
    print("| workers | cluster start (s) | first job (s) | worker RSS (MB) | "
          + " | ".join(f"{n:,} docs: docs/s (per worker CPU-s)" for n in counts) + " |")
    print("|---|---|---|---|" + "---|" * len(counts))
    for r in results:
        cells = " | ".join(f"{r['corpus'][n]['documents_per_second']:.0f} "
                           f"({r['corpus'][n]['documents_per_worker_cpu_second']:.0f}/CPU-s)" for n in counts)
        print(f"| {r['workers']} | {r['cluster_start_seconds']} | {r['first_job_seconds']} | "
              f"{r['worker_rss_mb']} | {cells} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
