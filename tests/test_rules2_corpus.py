"""The consistency, quotation, script, repetition and article rules on real text: next
to nothing on clean edited prose, nothing on the consistent spun news example."""
from __future__ import annotations

from conftest import cli, shared_path

FAMILIES = ("consistency.spelling", "consistency.name", "consistency.quotes",
            "consistency.apostrophes", "punctuation", "script", "repetition", "grammar.a-an")


def test_clean_corpus_gives_next_to_nothing():
    paths = [shared_path("corpus", name) for name in (
        "gutenberg_1661_adventures_of_sherlock_holmes.txt",
        "gutenberg_1342_pride_and_prejudice_part1.txt")]
    result = cli("lint", "--format", "json", "--select", ",".join(FAMILIES), *map(str, paths))
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    findings = [f for file in result.json()["files"] for f in file["findings"]]
    # at most one finding per 40,000 words, a quarter of the whole tool's budget
    assert len(findings) <= words / 40_000, [(f["rule"], f["message"]) for f in findings]


def test_spun_news_is_consistent_in_these_respects():
    path = shared_path("examples", "spun-news.txt")
    result = cli("lint", "--format", "json", "--select", ",".join(FAMILIES), str(path))
    assert result.json()["files"][0]["findings"] == []


def test_spun_news_with_damage_added_is_caught(write):
    text = shared_path("examples", "spun-news.txt").read_text(encoding="utf-8")
    damaged = (text.replace("Moscow", "M\u043escow", 1).replace("Zelenskyy,", "Zelensky,", 1)
               .replace("the Kremlin", "the the Kremlin", 1).replace("an unusual", "a unusual", 1))
    path = write("damaged.txt", damaged)
    result = cli("lint", "--format", "json", "--select", ",".join(FAMILIES), str(path))
    got = {(f["rule"], damaged[f["start"]:f["end"]], f["replacements"][0]) for f in result.json()["files"][0]["findings"]}
    assert got == {
        ("script.mixed", "M\u043escow", "Moscow"),
        ("consistency.name", "Zelensky", "Zelenskyy"),
        ("repetition.doubled-word", "the the", "the"),
        ("grammar.a-an", "a", "an"),
    }
    assert result.exit_code == 1
