"""bench/garble_stages.py: the step at which the deep tier loses each row. The
arithmetic of a row's stage runs everywhere; following rows through the installed
model runs where one is installed (CI installs it). The rows are written here."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from checker.lm.store import status

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("garble_stages", ROOT / "bench" / "garble_stages.py")
garble_stages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(garble_stages)
STAGES, stage, stages = garble_stages.STAGES, garble_stages.stage, garble_stages.stages
MARGIN = 14.0


def test_a_row_never_searched_says_which_gate_stopped_it():
    assert stage(False, False, False, False, [], MARGIN) == "no suspect word"
    assert stage(True, False, False, False, [], MARGIN) == "a suspect word, no pair shaped like a noun phrase"
    assert stage(True, True, False, False, [], MARGIN) == "every pair ordinary English"
    assert stage(True, True, True, False, [], MARGIN) == "not among the spans searched"
    assert stage(True, True, True, True, [], MARGIN) == "searched, no candidate"


@pytest.mark.parametrize("candidates, expected", [
    ([(3.0, False), (9.0, False)], "below the margin, right original not a candidate"),
    ([(3.0, True), (9.0, False)], "below the margin, right original a lesser candidate"),
    ([(3.0, False), (9.0, True)], "below the margin, right original the best"),
    ([(15.0, False), (2.0, False)], "flagged, right original not a candidate"),
    ([(2.0, True), (15.0, False)], "flagged, right original a lesser candidate"),
    ([(2.0, False), (14.0, True)], "flagged, right fix"),  # the margin itself is reached
])
def test_a_searched_row_is_judged_by_its_best_candidate(candidates, expected):
    assert stage(True, True, True, True, candidates, MARGIN) == expected


needs_model = pytest.mark.skipif(not status().installed, reason="no language model installed")


@needs_model
def test_rows_followed_through_the_model_each_stop_once(tmp_path):
    from checker.garble.lexicon import load
    from checker.lm import language_model
    from checker.lm.store import locate

    rows = [("olive petroleum", "olive oil"), ("hurry hour", "rush hour"),
            ("the", "the"), ("prime clergyman", "prime minister")]
    found = stages(rows, language_model(str(locate(None))), load())
    assert [(t, e) for t, e, _ in found] == rows
    assert all(s in STAGES for _, _, s in found)
    # a function word is never suspect
    assert found[2][2] == "no suspect word"


@needs_model
def test_the_script_prints_a_line_per_stage(tmp_path):
    tsv = tmp_path / "rows.tsv"
    tsv.write_text("tortured\texpected\tkind\n" + "".join(
        f"{t}\t{e}\tliteral\n" for t, e in [("olive petroleum", "olive oil"), ("hurry hour", "rush hour"),
                                           ("prime clergyman", "prime minister")] * 2), encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "garble_stages.py"), "--tsv", str(tsv),
                           "--step", "1", "--examples", "1"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("4 tuning rows (every 1), carrier 0")
    counted = [line for line in lines if line.strip() and line.split()[0].isdigit() and "%" in line]
    assert [line.split("%", 1)[1].strip() for line in counted] == list(STAGES)
    assert sum(int(line.split()[0]) for line in counted) == 4
