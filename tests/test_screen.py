"""`copylint screen` on a real dask.distributed LocalCluster: two worker processes on
loopback, over a generated corpus of about two thousand short documents (sentences
written for these tests, a third of them spun by bench/screen_corpus.py's swapper).

The expected rows are built here from `copylint lint --format json` on the same
documents, following the report's documented columns (docs/screen.md), so every row
of every format is compared with what `lint` says of that document."""
from __future__ import annotations

import json
import logging
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from conftest import ROOT

distributed = pytest.importorskip("distributed", reason="copylint screen needs dask.distributed ('.[screen]')")
pq = pytest.importorskip("pyarrow.parquet", reason="copylint screen needs pyarrow ('.[screen]')")

sys.path.insert(0, str(ROOT / "bench"))
import screen_corpus  # noqa: E402

DOCUMENTS = 2000
TOP = 5
READABILITY = ("sentences", "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
               "coleman_liau_index", "dale_chall")
SEVERITY = {"error": 0, "warning": 1, "info": 2}
BINARY = b"GIF89a\x01\x00\x01\x00\x00\xff\x00,"
LATIN1 = "Caf\xe9 owners met the mayor again.\n".encode("latin-1")


def copylint(*args, cwd, timeout=240):
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def expected_row(record: dict) -> dict:
    """A report row as docs/screen.md defines it, from one file of lint's JSON report."""
    if "error" in record:
        return {"id": record["path"], "error": record["error"], "words": None, "spin_score": None,
                "findings": None, "by_family": {}, "top": [], **dict.fromkeys(READABILITY)}
    findings = record["findings"]
    ranked = sorted(findings, key=lambda f: (SEVERITY[f["severity"]], -f["confidence"], f["start"], f["rule"]))
    return {"id": record["path"], "error": None, "words": record["stats"]["words"],
            "spin_score": record["spin_score"], "findings": len(findings),
            "by_family": dict(Counter(f["rule"].split(".")[0] for f in findings)), "top": ranked[:TOP],
            **{name: record["stats"][name] for name in READABILITY}}


def read_report(path) -> list[dict]:
    """The rows of a report in any of its formats, as Python values."""
    path = str(path)
    if path.endswith(".parquet"):
        rows = pq.read_table(path).to_pylist()
        for row in rows:
            row["by_family"] = dict(row["by_family"])
        return rows
    if path.endswith(".jsonl"):
        with open(path, encoding="utf-8") as stream:
            return [json.loads(line) for line in stream]
    import csv

    with open(path, encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for row in rows:
        for name in ("words", "findings", "sentences"):
            row[name] = int(row[name]) if row[name] else None
        for name in ("spin_score", *READABILITY[1:]):
            row[name] = float(row[name]) if row[name] else None
        row["error"] = row["error"] or None
        row["by_family"], row["top"] = json.loads(row["by_family"]), json.loads(row["top"])
    return rows


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    base = tmp_path_factory.mktemp("screen")
    docs = screen_corpus.documents(DOCUMENTS)
    screen_corpus.write_tree(docs, base / "corpus")
    broken = base / "corpus" / "broken"
    broken.mkdir()
    (broken / "binary.txt").write_bytes(BINARY)
    (broken / "latin1.txt").write_bytes(LATIN1)
    return base, docs


@pytest.fixture(scope="module")
def lint_rows(corpus):
    """lint's verdict on every document of the corpus, as expected rows, in lint's order."""
    base, _ = corpus
    done = copylint("lint", "--format", "json", "--stats", "--jobs", "2", "--fail-on", "never", "corpus", cwd=base)
    assert done.returncode == 2, done.stderr  # 2: the two broken files were not checked
    return [expected_row(record) for record in json.loads(done.stdout)["files"]]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, scheduler_kwargs={"dashboard_address": ":0"},
                                  silence_logs=logging.ERROR) as local:
        with distributed.Client(local) as client:
            yield local, client


def _resolver():
    from checker.config import Settings
    from checker.resolve import SettingsResolver

    return SettingsResolver(Settings())


def test_report_equals_lint_row_for_row(corpus, lint_rows, cluster):
    base, docs = corpus
    local, client = cluster
    done = copylint("screen", "corpus", "--out", "report.jsonl", "--scheduler", local.scheduler_address,
                    "--partition-size", "100", cwd=base)
    assert done.returncode == 0, done.stderr
    assert read_report(base / "report.jsonl") == lint_rows
    assert len(lint_rows) == DOCUMENTS + 2
    assert not (base / "report.jsonl.parts").exists()
    # the summary: the ten most spun documents by lint's spin score, most spun first
    # (equal scores: more garble findings first, then by id)
    checked = [r for r in lint_rows if r["error"] is None and r["spin_score"] > 0]
    ranked = sorted(checked, key=lambda r: (-r["spin_score"], -r["by_family"].get("garble", 0), r["id"]))[:10]
    listed = re.findall(r"^\s+([\d.]+)\s+(\S+)\s+(\d+) words, (\d+) findings$", done.stdout, re.M)
    assert listed == [(f"{r['spin_score']:.3f}", r["id"], str(r["words"]), str(r["findings"])) for r in ranked]
    assert all(name.startswith("corpus/spun/") for _, name, _, _ in listed)
    total = sum(r["findings"] for r in lint_rows if r["findings"])
    assert f"screened {DOCUMENTS + 2} documents in 21 partitions: {total} findings, 2 not checked" in done.stderr
    # each worker built the engine once for these settings, and used it for every partition it took
    from checker.screen.corpus import Fields
    from checker.screen.job import job_key
    from checker.screen.worker import counts

    key = job_key(_resolver(), Fields(), TOP, 60.0)  # the command's defaults
    per_worker = [c[key] for c in client.run(counts).values() if key in c]
    assert sum(parts for _, parts in per_worker) == 21 and max(parts for _, parts in per_worker) > 1
    assert [built for built, _ in per_worker] == [1] * len(per_worker)


def test_unreadable_documents_are_error_rows_with_lints_reasons(corpus, lint_rows):
    by_id = {r["id"]: r for r in lint_rows}
    assert by_id["corpus/broken/binary.txt"]["error"] == \
        "corpus/broken/binary.txt: binary file (contains NUL bytes), not checked"
    assert by_id["corpus/broken/latin1.txt"]["error"] == \
        "corpus/broken/latin1.txt: not valid UTF-8 at byte 3; give its encoding with --encoding"
    assert by_id["corpus/broken/latin1.txt"]["findings"] is None


@pytest.mark.parametrize("source, report", [("docs.jsonl", "out.parquet"), ("docs.csv", "out.csv"),
                                            ("docs.parquet", "out.jsonl")])
def test_every_source_and_report_format_gives_lints_rows(corpus, lint_rows, cluster, source, report):
    from checker.screen.job import run

    base, docs = corpus
    subset = docs[:300]
    writer = {"jsonl": screen_corpus.write_jsonl, "csv": screen_corpus.write_csv,
              "parquet": screen_corpus.write_parquet}[source.split(".")[1]]
    writer([(f"corpus/{name}", text) for name, text in subset], base / source)
    outcome = run([str(base / source)], str(base / report), _resolver(), client=cluster[1], partition_size=70)
    expected = {r["id"]: r for r in lint_rows}
    assert read_report(base / report) == [expected[f"corpus/{name}"] for name, _ in subset]
    assert (outcome.documents, outcome.errors, outcome.partitions) == (300, 0, 5 if source != "docs.parquet" else 2)  # Parquet: whole row groups of 250


def test_undecodable_and_binary_records_are_error_rows(tmp_path, cluster):
    import pyarrow as pa

    from checker.screen.job import run

    good = "The council met on Monday and agreed the budget.\n"
    undecodable = b'{"id": "bad", "text": "Caf\xe9"}\n'
    (tmp_path / "a.jsonl").write_bytes(
        json.dumps({"id": "ok", "text": good}).encode() + b"\n" + undecodable
        + json.dumps({"id": "nul", "text": "a\x00b"}).encode() + b"\n"
        + b"not json\n" + json.dumps({"id": "none"}).encode() + b"\n")
    (tmp_path / "b.csv").write_bytes(b"id,text\nok,\"" + good.encode() + b"\"\nbad,Caf\xe9 au lait\n")
    pq.write_table(pa.table({"id": ["ok", "bin", "bad"], "text": [good.encode(), BINARY, LATIN1]}),
                   tmp_path / "c.parquet")
    run([str(tmp_path / n) for n in ("a.jsonl", "b.csv", "c.parquet")], str(tmp_path / "r.jsonl"),
        _resolver(), client=cluster[1])
    rows = read_report(tmp_path / "r.jsonl")
    assert [(r["id"], r["error"]) for r in rows] == [
        ("ok", None),
        (f"{tmp_path}/a.jsonl:2", f"{tmp_path}/a.jsonl:2: not valid UTF-8 at byte {undecodable.index(0xE9)}"),
        ("nul", "nul: binary file (contains NUL bytes), not checked"),
        (f"{tmp_path}/a.jsonl:4", f"{tmp_path}/a.jsonl:4: not valid JSON (Expecting value, column 1)"),
        ("none", "none: no field 'text'"),
        ("ok", None),
        ("bad", "bad: not valid UTF-8 at byte 3; give its encoding with --encoding"),
        ("ok", None),
        ("bin", "bin: binary file (contains NUL bytes), not checked"),
        ("bad", "bad: not valid UTF-8 at byte 3; give its encoding with --encoding"),
    ]
    assert [r["words"] for r in rows if r["id"] == "ok"] == [9, 9, 9]


def _install_faults():
    """On a worker: a check that raises on one document and loops on another."""
    from checker.engine import Engine

    original = Engine.check

    def check(self, doc):
        if "CRASH-HERE" in doc.text:
            raise RuntimeError("a check broke\non two lines")
        if "HANG-HERE" in doc.text:
            while True:
                pass
        return original(self, doc)

    check.original = original
    Engine.check = check


def _remove_faults():
    from checker.engine import Engine

    Engine.check = getattr(Engine.check, "original", Engine.check)


def test_a_document_that_crashes_or_hangs_a_check_is_an_error_row(tmp_path, cluster):
    from checker.screen.job import run

    client = cluster[1]
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in [("a.txt", "The board met , and agreed.\n"), ("b.txt", "CRASH-HERE in the text.\n"),
                       ("c.txt", "HANG-HERE in the text.\n"), ("d.txt", "The vote passed.\n")]:
        (folder / name).write_text(text, encoding="utf-8")
    client.run(_install_faults)
    try:
        started = time.monotonic()
        outcome = run([str(folder)], str(tmp_path / "r.jsonl"), _resolver(), client=client, time_limit=1.0,
                      partition_size=2)
        elapsed = time.monotonic() - started
    finally:
        client.run(_remove_faults)
    rows = read_report(tmp_path / "r.jsonl")
    assert [(os.path.basename(r["id"]), r["error"] and r["error"].split(": ", 1)[1]) for r in rows] == [
        ("a.txt", None),
        ("b.txt", "not checked: the check failed (RuntimeError: a check broke on two lines)"),
        ("c.txt", "not checked: the check took longer than 1 s"),
        ("d.txt", None),
    ]
    assert rows[0]["findings"] == 1 and rows[3]["findings"] == 0
    assert outcome.errors == 2 and elapsed < 30


def test_a_worker_killed_mid_job_loses_nothing(corpus, lint_rows, cluster, tmp_path, monkeypatch):
    from checker.screen.job import run

    base, _ = corpus
    monkeypatch.chdir(base)
    local, client = cluster
    pids = client.run(os.getpid)
    killed = []

    def kill_a_busy_worker(done, total):
        if killed:
            return
        busy = [address for address, keys in client.processing().items() if keys and address in pids]
        if not busy:  # between partitions: try again when the next one is done
            return
        os.kill(pids[busy[0]], signal.SIGKILL)
        killed.append(busy[0])

    outcome = run(["corpus/spun"], str(tmp_path / "r.parquet"), _resolver(), client=client,
                  partition_size=40, progress=kill_a_busy_worker)
    expected = [r for r in lint_rows if r["id"].startswith("corpus/spun/")]
    assert killed
    assert read_report(tmp_path / "r.parquet") == expected
    assert outcome.documents == outcome.rows == len(expected) > 500
    client.wait_for_workers(2, timeout=60)
    assert killed[0] not in client.run(os.getpid)  # the nanny started a new worker


def test_resume_after_a_killed_run(corpus, lint_rows, cluster):
    base, _ = corpus
    local, _ = cluster
    parts = base / "resumed.csv.parts"
    command = [sys.executable, "-m", "checker", "screen", "corpus/plain", "--out", "resumed.csv", "--scheduler",
               local.scheduler_address, "--partition-size", "50"]
    process = subprocess.Popen(command, cwd=base, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(parts.glob("part-*.parquet"))) < 3:
        time.sleep(0.02)
    process.kill()
    process.communicate(timeout=60)
    written = sorted(p.name for p in parts.glob("part-*.parquet"))
    assert 3 <= len(written) < 29 and not (base / "resumed.csv").exists()
    for name in written:  # each part there is whole
        assert pq.read_table(parts / name).num_rows == 50
    again = copylint("screen", "corpus/plain", "--out", "resumed.csv", "--scheduler", local.scheduler_address,
                     "--partition-size", "50", cwd=base)
    assert again.returncode == 2 and "add --resume" in again.stderr  # never mixed up silently
    again = copylint("screen", "corpus/plain", "--out", "resumed.csv", "--scheduler", local.scheduler_address,
                     "--partition-size", "50", "--resume", cwd=base)
    assert again.returncode == 0, again.stderr
    resumed = int(re.search(r"in 29 partitions \((\d+) resumed\)", again.stderr).group(1))
    assert len(written) <= resumed < 29
    assert read_report(base / "resumed.csv") == [r for r in lint_rows if r["id"].startswith("corpus/plain/")]
    assert not parts.exists()


def test_the_default_local_cluster_runs_from_the_command_line(tmp_path):
    docs = screen_corpus.documents(40, seed=7, spun_share=0.5)
    screen_corpus.write_jsonl(docs, tmp_path / "feed.jsonl")
    done = copylint("screen", "feed.jsonl", "--out", "r.parquet", "--workers", "1", "--partition-size", "10",
                    cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [r["id"] for r in read_report(tmp_path / "r.parquet")] == [name for name, _ in docs]
    assert "most likely spun" in done.stdout and "screened 40 documents in 4 partitions" in done.stderr


@pytest.mark.parametrize("args, message", [
    (["corpus", "--out", "r.txt"], "--out r.txt: give a report name ending in .parquet, .jsonl or .csv"),
    (["missing", "--out", "r.csv"], "missing: no such file or directory"),
    (["corpus", "--out", "nowhere/r.csv"], "--out nowhere/r.csv: no such folder: nowhere"),
    # found by the worker that plans the source, before any partition is sent
    (["corpus", "--out", "r.csv", "--workers", "1", "--rules", "house.yml"], "{tmp}/house.yml: no such rule pack"),
])
def test_usage_errors_are_one_line_and_exit_2(tmp_path, args, message):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("The vote passed.\n", encoding="utf-8")
    done = copylint("screen", *args, cwd=tmp_path)
    expected = message.format(tmp=tmp_path)
    assert (done.returncode, done.stderr, done.stdout) == (2, f"copylint: error: {expected}\n", "")
    assert not (tmp_path / "r.csv").exists()


class _KillOnMarker(distributed.WorkerPlugin):
    """Installed on every worker, restarted ones too: checking a document that holds
    the marker kills the worker process outright, as a crash in native code would."""

    name = "copylint-test-kill-on-marker"

    def setup(self, worker):
        from checker.engine import Engine

        original = Engine.check

        def check(engine, doc):
            if "KILL-THE-WORKER" in doc.text:
                os.kill(os.getpid(), signal.SIGKILL)
            return original(engine, doc)

        Engine.check = check


@pytest.mark.slow  # two worker processes die and restart: 15-30 s
def test_a_document_that_kills_its_worker_is_an_error_row(tmp_path):
    import dask

    from checker.screen.job import run

    folder = tmp_path / "docs"
    folder.mkdir()
    texts = ["The board met , and agreed.\n", "KILL-THE-WORKER here.\n", "The vote passed.\n", "Mr Lee won.\n"]
    for number, text in enumerate(texts):
        (folder / f"{number}.txt").write_text(text, encoding="utf-8")
    # a task fails at the first worker it kills (Dask's default tries three more)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                      dashboard_address=None, scheduler_kwargs={"dashboard_address": ":0"},
                                      silence_logs=logging.CRITICAL) as local:
            with distributed.Client(local) as client:
                client.register_plugin(_KillOnMarker())
                outcome = run([str(folder)], str(tmp_path / "r.jsonl"), _resolver(), client=client,
                              partition_size=4)
    rows = read_report(tmp_path / "r.jsonl")
    assert [(os.path.basename(r["id"]), r["error"] and r["error"].split(": ", 1)[1], r["findings"])
            for r in rows] == [("0.txt", None, 1), ("1.txt", "not checked: the worker process checking it died", None),
                               ("2.txt", None, 0), ("3.txt", None, 0)]
    assert outcome.errors == 1 and outcome.rows == 4
