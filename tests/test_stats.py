"""`copylint stats`: figures on texts with known counts, the three formats, totals,
offline operation, and the readability figures in `lint --format json`."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT, cli

# 33 words; sentences of 7, 4, 20 and 2 words; 3 paragraphs; the longest on line 3.
KNOWN = (
    "The river runs past the old mill. It is quiet here.\n"
    "\n"
    "Children play on the bank every summer afternoon while their parents talk about the weather and the price of bread.\n"
    "\n"
    "Nobody hurries.\n"
)
# Every sentence over two words, no hyphens or curly apostrophes: where textstat's own
# sentence and word counting agrees with copylint's, so its formulas must agree too.
PLAIN = (
    "The cat sat on the mat today. A quick brown fox jumps over the lazy dog again. "
    "Readability formulas estimate difficulty with sentence length and syllables. "
    "Short words help readers understand the meaning quickly."
)


def stats_json(*paths, extra=()):
    result = cli("stats", "--format", "json", *extra, *map(str, paths))
    assert result.exit_code == 0, result
    return result.json()


def test_known_counts(write):
    path = write("known.txt", KNOWN)
    data = stats_json(path)
    (entry,) = data["files"]
    s = entry["stats"]
    assert entry["path"] == str(path)
    assert (s["words"], s["sentences"], s["paragraphs"]) == (33, 4, 3)
    assert s["average_sentence_words"] == 8.25
    longest = s["longest_sentence"]
    assert (longest["words"], longest["line"], longest["column"]) == (20, 3, 1)
    assert KNOWN[longest["start"]:longest["end"]].startswith("Children play")
    assert KNOWN[longest["start"]:longest["end"]].endswith("price of bread.")
    assert s["reading_time_seconds"] == round(33 / 238 * 60, 1)
    assert s["findings_per_1000_words"] == {"all": 0.0}
    assert "spin_score" not in s or isinstance(s["spin_score"], float)


def test_formulas_agree_with_textstat_where_the_counts_agree(write):
    import textstat

    s = stats_json(write("plain.txt", PLAIN))["files"][0]["stats"]
    assert s["words"] == textstat.lexicon_count(PLAIN) == 34
    assert s["sentences"] == textstat.sentence_count(PLAIN) == 4
    ts = textstat.textstat
    expected = {
        "flesch_reading_ease": ts.flesch_reading_ease,
        "flesch_kincaid_grade": ts.flesch_kincaid_grade,
        "gunning_fog": ts.gunning_fog,
        "smog_index": ts.smog_index,
        "coleman_liau_index": ts.coleman_liau_index,
        "dale_chall": ts.dale_chall_readability_score,
    }
    ts.set_rounding_points(None)
    try:
        for name, formula in expected.items():
            assert s[name] == pytest.approx(formula(PLAIN), abs=0.006), name
    finally:
        ts.set_rounding_points(2)


def test_hard_text_scores_harder_than_easy_text(write):
    easy = write("easy.txt", "The dog ran. The cat sat. We had fun in the sun.\n")
    hard = write("hard.txt", "Notwithstanding considerable institutional complexity, "
                             "interdepartmental harmonization necessitates unprecedented reorganization.\n")
    by_path = {f["path"]: f["stats"] for f in stats_json(easy, hard)["files"]}
    e, h = by_path[str(easy)], by_path[str(hard)]
    assert e["flesch_reading_ease"] > 90 > 0 > h["flesch_reading_ease"]
    for name in ("flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index", "dale_chall"):
        assert h[name] > e[name] + 5, name


def test_totals_apply_the_formulas_to_summed_counts(write):
    a = write("a.txt", KNOWN)
    b = write("b.txt", PLAIN)
    data = stats_json(a, b)
    total, (sa, sb) = data["total"], [f["stats"] for f in data["files"]]
    assert total["words"] == sa["words"] + sb["words"] == 67
    assert total["sentences"] == 8 and total["paragraphs"] == 4
    assert total["average_sentence_words"] == round(67 / 8, 2)
    syllables = sa["counts"]["syllables"] + sb["counts"]["syllables"]
    assert total["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 67 / 8 - 84.6 * syllables / 67, abs=0.006)
    assert total["longest_sentence"] == {**sa["longest_sentence"], "path": str(a)}


def test_only_the_files_asked_about(write, tmp_path):
    asked = write("docs/asked.txt", KNOWN)
    write("docs/other.txt", PLAIN)
    data = stats_json(asked)
    assert [f["path"] for f in data["files"]] == [str(asked)]
    assert data["total"]["words"] == 33


def test_findings_per_thousand_words_by_family(write):
    text = "Mr. Alder met Mr. Birch and Mr Cole near the border , or so.\n"  # 13 words
    s = stats_json(write("f.txt", text))["files"][0]["stats"]
    assert s["words"] == 13
    rates = s["findings_per_1000_words"]
    assert rates["consistency"] == round(1000 / 13, 2)
    assert rates["spacing"] == round(1000 / 13, 2)
    assert rates["all"] == round(2000 / 13, 2)


def test_spin_score_comes_from_the_garble_detector_when_there_is_one(write, monkeypatch):
    seen = []

    def spin_score(findings, doc):
        seen.append((len(findings), doc.path))
        return 0.25

    import checker.garble

    monkeypatch.setattr(checker.garble, "spin_score", spin_score)
    path = write("g.txt", KNOWN)
    s = stats_json(path)["files"][0]["stats"]
    assert s["spin_score"] == 0.25
    assert seen == [(0, str(path))]


def test_csv_has_one_row_per_file_and_a_total(write):
    a, b = write("a.txt", KNOWN), write("b.txt", PLAIN)
    result = cli("stats", "--format", "csv", str(a), str(b))
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["path"] for r in rows] == [str(a), str(b), "(total)"]
    first = rows[0]
    assert (first["words"], first["sentences"], first["paragraphs"]) == ("33", "4", "3")
    assert (first["longest_sentence_words"], first["longest_sentence_line"]) == ("20", "3")
    data = stats_json(a, b)
    assert float(rows[1]["gunning_fog"]) == data["files"][1]["stats"]["gunning_fog"]
    assert float(rows[2]["flesch_kincaid_grade"]) == data["total"]["flesch_kincaid_grade"]


def test_table_lists_the_figures_per_file(write, tmp_path, monkeypatch):
    write("article.txt", KNOWN)
    monkeypatch.chdir(tmp_path)
    result = cli("stats", "article.txt")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["article.txt"]
    row = {line[:26].strip(): line[26:].strip() for line in lines[1:]}
    assert row["words"] == "33" and row["sentences"] == "4" and row["paragraphs"] == "3"
    assert row["longest sentence (words)"] == "20" and row["at line"] == "3"
    assert row["reading time"] == "8 s"
    for label in ("Flesch reading ease", "Flesch-Kincaid grade", "Gunning fog", "SMOG", "Coleman-Liau", "Dale-Chall"):
        assert label in row


def test_unreadable_input_is_reported_and_the_rest_still_shown(write, tmp_path):
    good = write("good.txt", KNOWN)
    result = cli("stats", "--format", "json", str(good), str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"copylint: error: {tmp_path / 'missing.txt'}: no such file or directory"
    by_path = {f["path"]: f for f in result.json()["files"]}
    assert by_path[str(good)]["stats"]["words"] == 33
    assert by_path[str(tmp_path / "missing.txt")] == {"path": str(tmp_path / "missing.txt"), "error": f"{tmp_path / 'missing.txt'}: no such file or directory"}


def test_stats_needs_paths_or_compare():
    result = cli("stats")
    assert result.exit_code == 2
    assert result.stderr.strip() == "copylint: error: give PATHS, or --compare OLD NEW (not both)"


def test_lint_json_carries_the_figures_when_asked(write):
    a = write("a.txt", KNOWN)
    plain = cli("lint", "--format", "json", str(a))
    assert plain.exit_code == 0
    assert "stats" not in plain.json()["files"][0] and "stats" not in plain.json()["summary"]
    result = cli("lint", "--format", "json", "--stats", str(a))
    assert result.exit_code == 0
    data = result.json()
    s = data["files"][0]["stats"]
    assert (s["words"], s["sentences"], s["paragraphs"]) == (33, 4, 3)
    assert data["summary"]["stats"]["words"] == 33
    assert data["summary"]["findings"] == 0  # the existing keys are all still there
    assert stats_json(a)["files"][0]["stats"] == s


def test_lint_stats_needs_the_json_format(write):
    result = cli("lint", "--stats", str(write("a.txt", KNOWN)))
    assert result.exit_code == 2
    assert result.stderr.strip() == "copylint: error: --stats needs --format json (or run 'copylint stats')"


BLOCK_NETWORK = textwrap.dedent("""
    import socket

    def _refuse(*args, **kwargs):
        raise OSError("network unreachable (blocked by the test)")

    socket.socket.connect = _refuse
    socket.socket.connect_ex = _refuse
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse
""")


def test_figures_are_computed_with_the_network_unreachable(write, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(BLOCK_NETWORK)
    env = {"PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]), "NLTK_DATA": str(tmp_path / "no-nltk-data")}
    probe = subprocess.run([sys.executable, "-c", "import urllib.request; urllib.request.urlopen('http://example.org', timeout=5)"],
                           capture_output=True, text=True, env={**os.environ, **env})
    assert probe.returncode != 0 and "blocked by the test" in probe.stderr  # the block is in force
    path = write("known.txt", KNOWN)
    done = subprocess.run([sys.executable, "-m", "checker", "stats", "--format", "json", str(path)],
                          capture_output=True, text=True, env={**os.environ, **env}, timeout=120)
    assert done.returncode == 0, done.stderr
    s = json.loads(done.stdout)["files"][0]["stats"]
    assert s["words"] == 33 and s["counts"]["syllables"] > 33
    assert 0 < s["flesch_reading_ease"] < 120


def test_plain_lint_does_not_load_textstat(write):
    path = write("short.txt", "A short text. Nothing more.\n")
    code = ("import sys; from checker.cli import main\n"
            "try:\n    main([sys.argv[1]] + sys.argv[2:])\nexcept SystemExit:\n    pass\n"
            "print('textstat' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, "lint", str(path)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stderr.strip().splitlines()[-1] == "False"


def test_a_text_without_words_has_counts_but_no_scores(write):
    empty, code = write("empty.txt", ""), write("code.md", "```\nprint('only code here')\n```\n")
    data = stats_json(empty, code)
    for entry in data["files"]:
        s = entry["stats"]
        assert (s["words"], s["sentences"], s["paragraphs"]) == (0, 0, 0)
        assert s["flesch_reading_ease"] is None and s["gunning_fog"] is None
        assert s["longest_sentence"] is None
    assert data["total"]["dale_chall"] is None
    result = cli("lint", "--max-grade", "1", "--min-reading-ease", "100", str(empty), str(code))
    assert result.exit_code == 0 and result.stdout == ""
