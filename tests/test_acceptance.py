"""The design's worked example and the clean development corpus (from ../shared)."""
from __future__ import annotations

import re

from conftest import cli, shared_path


def test_spun_news_example():
    path = shared_path("examples", "spun-news.txt")
    text = path.read_text(encoding="utf-8")
    result = cli("lint", "--format", "json", str(path))
    assert result.exit_code == 1
    findings = result.json()["files"][0]["findings"]

    def spans(rule):
        return [(text[f["start"]:f["end"]], f["replacements"][:1]) for f in findings if f["rule"] == rule]

    # every "Mr" that breaks the document's majority "Mr." style, fixed toward it
    bare = [m.start() for m in re.finditer(r"\bMr(?=\s+[A-Z])", text)]
    honorific = [f for f in findings if f["rule"] == "consistency.honorific"]
    assert [f["start"] for f in honorific] == bare and len(bare) == 5
    assert all(f["replacements"][0] == "Mr." for f in honorific)
    # spacing before punctuation
    before = [(text[f["start"] - 6:f["end"] + 3], f["replacements"][0]) for f in findings
              if f["rule"] == "spacing.before-punctuation"]
    assert before == [("border , or", ","), (" south . Ko", ".")]
    # the three boilerplate lines, deleted
    boiler = {text[f["start"]:f["end"]] for f in findings if f["rule"].startswith("boilerplate.")}
    assert boiler == {
        "Credit…Sergei Karpukhin/Sputnik, via Reuters",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
    }


def test_clean_corpus_has_at_most_one_finding_per_10k_words():
    paths = [shared_path("corpus", name) for name in (
        "gutenberg_1661_adventures_of_sherlock_holmes.txt",
        "gutenberg_1342_pride_and_prejudice_part1.txt")]
    result = cli("lint", "--format", "json", *map(str, paths))
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    findings = [f for file in result.json()["files"] for f in file["findings"]]
    allowed = words / 10_000
    assert len(findings) <= allowed, [(f["rule"], f["message"]) for f in findings]
