"""`metric` rules: house limits on sentence length and readability that fail CI,
each way, from the command line, from the built-in pack and from a user's pack."""
from __future__ import annotations

from conftest import cli

HARD = ("Notwithstanding considerable institutional complexity, interdepartmental harmonization "
        "necessitates unprecedented administrative reorganization.\n\nImplementation considerations "
        "predominate.\n")
EASY = "The dog ran to the park. It sat in the sun. We went home for tea.\n"


def words(n: int, start: int = 0) -> str:
    """A sentence of exactly n words, starting with a capital."""
    return " ".join(["Word"] + [f"w{i}" for i in range(start + 1, start + n)]) + "."


def findings(result):
    return [f for f in result.json()["files"][0]["findings"] if f["rule"].startswith("metric.")]


def test_default_sentence_limit_is_120_words(write):
    text = f"{words(120)} {words(121)}\n"
    result = cli("lint", "--format", "json", str(write("long.txt", text)))
    (finding,) = findings(result)
    assert result.exit_code == 1
    assert finding["rule"] == "metric.sentence-length"
    assert finding["message"] == "Sentence of 121 words; the limit is 120."
    assert text[finding["start"]:finding["end"]] == words(121)
    assert finding["replacements"] == []


def test_sentence_limit_from_the_command_line_flags_each_long_sentence(write):
    text = f"{words(5)} {words(6)}\n{words(7)}\n\n{words(4)}\n"
    path = write("s.txt", text)
    result = cli("lint", "--max-sentence-words", "5", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}:1:{len(words(5)) + 2}: warning metric.sentence-length Sentence of 6 words; the limit is 5.",
        f"{path}:2:1: warning metric.sentence-length Sentence of 7 words; the limit is 5.",
    ]
    assert cli("lint", "--max-sentence-words", "7", str(path)).exit_code == 0
    assert cli("lint", "--max-sentence-words", "0", str(write("t.txt", words(300)))).exit_code == 0


def test_sentence_span_stops_before_masked_code(write):
    text = "Run " + "`make check`" + " " + words(8) + "\n"
    result = cli("lint", "--format", "json", "--max-sentence-words", "5", str(write("a.md", text)))
    (finding,) = findings(result)
    assert finding["message"] == "Sentence of 9 words; the limit is 5."
    assert text[finding["start"]:finding["end"]] == "Run"


def test_grade_gate_both_ways(write):
    hard, easy = write("hard.txt", HARD), write("easy.txt", EASY)
    result = cli("lint", "--max-grade", "12", str(hard), str(easy))
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{hard}:1:1: warning metric.grade Flesch-Kincaid grade ")
    assert line.endswith(" is above the limit of 12.")
    grade = float(line.split("Flesch-Kincaid grade ")[1].split(" ")[0])
    assert grade > 12
    assert cli("lint", "--max-grade", "12", str(easy)).exit_code == 0
    assert cli("lint", str(hard)).exit_code == 0  # off unless a limit is set


def test_document_finding_is_on_the_first_sentence(write):
    text = HARD
    result = cli("lint", "--format", "json", "--max-grade", "12", str(write("h.txt", text)))
    (finding,) = findings(result)
    assert text[finding["start"]:finding["end"]] == text.split("\n")[0]
    assert (finding["line"], finding["column"]) == (1, 1)


def test_reading_ease_gate_both_ways(write):
    hard, easy = write("hard.txt", HARD), write("easy.txt", EASY)
    result = cli("lint", "--min-reading-ease", "40", "--format", "json", "--stats", str(hard), str(easy))
    assert result.exit_code == 1
    by_path = {f["path"]: f["findings"] for f in result.json()["files"]}
    (finding,) = by_path[str(hard)]
    assert by_path[str(easy)] == []
    assert finding["rule"] == "metric.reading-ease"
    value = result.json()["files"][0]["stats"]["flesch_reading_ease"]
    assert finding["message"] == f"Flesch reading ease {value:.1f} is below the limit of 40."


def test_a_users_pack_gates_on_any_figure(write):
    pack = write("house.yml", """
rules:
  - id: house.fog
    kind: metric
    severity: error
    description: Fog index at most 10.
    message: "{figure} is {value}; the house limit is {limit}."
    figure: gunning_fog
    max: 10
    examples: {bad: [], good: []}
  - id: house.enough-words
    kind: metric
    description: At least 20 words.
    message: "Only {value} words; at least {limit} are needed."
    figure: words
    min: 20
""")
    hard, easy = write("hard.txt", HARD), write("easy.txt", EASY)
    result = cli("lint", "--rules", str(pack), "--format", "json", "--stats", str(hard), str(easy))
    assert result.exit_code == 1
    by_path = {f["path"]: f for f in result.json()["files"]}
    hard_findings = [(f["rule"], f["severity"], f["message"]) for f in by_path[str(hard)]["findings"]]
    fog = by_path[str(hard)]["stats"]["gunning_fog"]
    assert ("house.fog", "error", f"Gunning fog index is {fog:.1f}; the house limit is 10.") in hard_findings
    assert ("house.enough-words", "warning", "Only 13 words; at least 20 are needed.") in hard_findings
    assert [f["rule"] for f in by_path[str(easy)]["findings"]] == ["house.enough-words"]


def test_a_bad_metric_rule_stops_with_one_line(write):
    pack = write("bad.yml", """
rules:
  - id: house.nonsense
    kind: metric
    description: Not a figure.
    figure: sparkle
    max: 3
""")
    result = cli("lint", "--rules", str(pack), str(write("a.txt", EASY)))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"copylint: error: {pack}: rule house.nonsense: field 'figure': unknown figure 'sparkle'")
    pack2 = write("bad2.yml", "rules:\n  - id: house.nolimit\n    kind: metric\n    description: x\n    figure: words\n")
    result = cli("lint", "--rules", str(pack2), str(write("a.txt", EASY)))
    assert result.exit_code == 2
    assert "field 'max': a metric rule needs 'max' or 'min'" in result.stderr
