"""The benchmark script must keep working (it is run by hand, not timed in CI): a
--quick run on a tiny corpus writes its table and JSON with every section filled."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT


def model_installed() -> bool:
    """Whether `copylint model install` has run here (CI runs it; a bare checkout may not)."""
    from checker.lm.store import status

    return status().installed


@pytest.mark.slow  # some forty short processes: about 5-10 s
def test_quick_benchmark_runs_every_section(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "The committee met on Monday , and Mr Grey spoke first.\n\n"
        "Leave a Reply\n\nThe vote was put off until the spring.The chair agreed.\n",
        encoding="utf-8")
    out = tmp_path / "results"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--runs", "1", "--corpus", str(corpus),
         "--out", str(out), "--phrase-counts", "100,1000", "--sizes", "2000,20000", "--files", "10"],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "## Targets" in done.stdout
    results = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    assert list(results["sections"]) == ["startup", "throughput", "rules", "sizes", "files", "deep"]
    assert results["machine"]["nproc"] >= 1 and results["machine"]["python"]
    for name, section in results["sections"].items():
        if name == "deep" and not model_installed():
            assert section["skipped"] == "no language model installed (run: copylint model install)"
            continue
        assert section["rows"], name
        for row in section["rows"]:
            # copylint ran and checked its input (0 clean, 1 findings; 2 would be an error)
            assert set(row["exit_codes"]) <= {0, 1}, (name, row)
            assert row["median_s"] > 0 and row["peak_rss_mb"] > 0, (name, row)
    throughput = results["sections"]["throughput"]["rows"][0]
    assert throughput["tool"] == "copylint" and throughput["findings"] >= 2
    layouts = {row["layout"] for row in results["sections"]["rules"]["rows"]}
    assert layouts == {"(default rules only)", "tsv", "yaml", "rules"}
    assert [r["case"] for r in results["sections"]["sizes"]["rows"]] == ["2 KB", "20 KB", "20 KB, one line"]
    if model_installed():
        from checker.lm.store import status

        deep = results["sections"]["deep"]["rows"]
        tiers = ["default", "--deep"] + (["--deep --model gemma3-270m"] if status("gemma3-270m").installed else [])
        again = "about 1,000 words again, one sentence changed, --deep"
        assert [r["case"] for r in deep] == [f"{case}, {tier}" for case in ("one sentence", "about 1,000 words")
                                             for tier in tiers] + [again]
        # the model is mapped into the --deep runs only: the default lint stays small
        assert deep[1]["peak_rss_mb"] > 4 * deep[0]["peak_rss_mb"]
        goals = {t["target"]: t["goal"] for t in results["targets"]}
        assert goals["--deep: time per 1,000 words of prose"] == "<= 2 s (bar: 5 s)"
