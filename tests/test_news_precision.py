"""Precision on clean news copy (tests/fixtures/news, written for copylint in the
conventions of the trade: multi-paragraph quotations, straight quotes, British "Mr",
paragraphs joined onto one line): the deterministic rules at default settings give at
most 0.5 findings per 10,000 words. The garble detector is statistical and measured
on its own (docs/garble.md, docs/precision.md); bench/news_precision.py prints both."""
from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from news_precision import measure, news_paths  # noqa: E402

LIMIT_PER_10K = 0.5


def test_the_news_fixture_is_big_enough_to_measure():
    paths = news_paths()
    assert sum(len(p.read_text(encoding="utf-8").split()) for p in paths) >= 5000


def test_deterministic_rules_give_at_most_half_a_finding_per_10k_words_of_clean_news():
    result = measure(news_paths())
    deterministic = [line for line in result["findings_list"] if ": garble." not in line]
    assert len(deterministic) * 10_000 / result["words"] <= LIMIT_PER_10K, deterministic


def test_the_same_copy_scraped_and_damaged_is_caught(write):
    """The fixture is not quiet because the rules are asleep: the damage this issue is
    about, added to it, is found (one finding each, at the damaged spot)."""
    from conftest import cli

    text = (ROOT / "tests" / "fixtures" / "news" / "09-ukraine-energy.txt").read_text(encoding="utf-8")
    damaged = (text.replace("Repair crews worked", "Share this:\nRepair crews worked", 1)
               .replace("to Kyiv if needed", "to Kiev if needed", 1)
               .replace("had been without power", 'had been "without power', 1)
               .replace("Lviv's own grid", "Lvov's own grid", 1))
    path = write("damaged.txt", damaged)
    result = cli("lint", "--format", "json", str(path))
    got = sorted((f["rule"], damaged[f["start"]:f["end"]]) for f in result.json()["files"][0]["findings"])
    assert got == sorted([("boilerplate.share-prompt", "Share this:"), ("consistency.place-name", "Kiev"),
                          ("punctuation.unbalanced-quotes", '"'), ("consistency.place-name", "Lvov")])
