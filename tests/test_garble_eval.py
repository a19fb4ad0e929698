"""The measures of bench/garble_eval.py that docs/garble.md quotes: its news data is
what it claims to be, and the news swaps are counted as they say."""
from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"


@pytest.fixture(scope="module")
def garble_eval():
    spec = importlib.util.spec_from_file_location("garble_eval", ROOT / "bench" / "garble_eval.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("garble_eval", module)
    spec.loader.exec_module(module)
    return module


def _rows(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.mark.parametrize("name", ["news-swaps-tuning.tsv", "news-swaps.tsv"])
def test_each_news_swap_is_its_sentence_with_one_phrase_turned(name):
    """A row is only fair if the damaged sentence differs from the correct one in the
    turned phrase alone."""
    rows = _rows(name)
    assert len(rows) >= 60
    for row in rows:
        assert row["original"].count(row["expression"]) == 1
        assert row["original"].replace(row["expression"], row["spun_expression"]) == row["spun"]
        assert row["expression"].lower() != row["spun_expression"].lower()
    assert len({row["spun_expression"].lower() for row in rows}) == len(rows)


def test_the_held_out_swaps_share_no_phrase_with_the_tuning_ones():
    tuning = {row["expression"].lower() for row in _rows("news-swaps-tuning.tsv")}
    assert not tuning & {row["expression"].lower() for row in _rows("news-swaps.tsv")}


def test_the_clean_news_is_a_paragraph_a_line_and_holds_no_measured_sentence(garble_eval):
    paragraphs = garble_eval.news_paragraphs()
    assert len(paragraphs) > 300
    assert sum(len(p.split()) for p in paragraphs) > 30_000
    text = "\n".join(paragraphs)
    for name in ("news-swaps-tuning.tsv", "news-swaps.tsv"):
        for row in _rows(name):
            assert row["original"] not in text and row["spun"] not in text


def test_news_swaps_count_recall_fixes_and_controls_on_the_phrase(garble_eval, tmp_path):
    """With the default tier (the lexicon): a swap the lexicon knows is flagged and fixed,
    one it does not know is missed, and the correct sentences are not flagged."""
    table = tmp_path / "swaps.tsv"
    rows = [("The cafe fries its eggs in olive oil and serves them with warm bread.",
             "The cafe fries its eggs in olive petroleum and serves them with warm bread.", "olive oil",
             "olive petroleum"),
            ("The council will vote on the new car park next week.",
             "The council will vote on the new car stop next week.", "car park", "car stop"),
            ("The bridge reopened on Monday after repairs to its deck.",
             "The bridge reopened on Monday after repairs to its floor.", "deck", "floor")]
    table.write_text("original\tspun\texpression\tspun_expression\n" + "".join("\t".join(r) + "\n" for r in rows),
                     encoding="utf-8")
    from checker.config import Settings
    from checker.engine import Engine

    engine = Engine(Settings(select=["garble"]))
    found = garble_eval.measure_news_swaps(engine, table)
    assert found["rows"] == 3
    flagged = [text for text, _, _ in found["examples"]]
    assert "olive petroleum" in flagged and "car stop" not in flagged
    assert found["recall"] == pytest.approx(len(flagged) / 3)
    assert found["top1_fix"] == pytest.approx(sum(fix == "olive oil" for _, fix, _ in found["examples"]) / 3)
    assert found["controls_flagged"] == 0.0 and found["originals_flagged"] == 0.0
