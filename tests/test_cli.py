"""The lint command as a user meets it: output lines, exit codes, bad input."""
from __future__ import annotations

import re

from checker import __version__
from conftest import cli, cli_process

LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|info) (?P<rule>[a-z0-9.-]+) (?P<msg>.+)$")


def test_version():
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"copylint {__version__}"


def test_clean_file_exits_0(write):
    path = write("clean.txt", "The minister spoke on Monday. Nobody listened.\n")
    result = cli("lint", str(path))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no findings in 1 file" in result.stderr


def test_findings_line_format_and_exit_1(write):
    path = write("a.txt", "First line.\nNear the border , or so.\n")
    result = cli("lint", str(path))
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    m = LINE.match(line)
    assert m, line
    assert (m["path"], m["line"], m["col"], m["sev"], m["rule"]) == (str(path), "2", "16", "error", "spacing.before-punctuation")
    assert line.endswith('-> ","')
    assert "1 finding (1 error) in 1 file" in result.stderr


def test_fail_on_threshold(write):
    path = write("a.txt", "The two  men met.\n")  # repeated space: a warning
    assert cli("lint", str(path)).exit_code == 1
    assert cli("lint", "--fail-on", "error", str(path)).exit_code == 0
    assert cli("lint", "--fail-on", "never", str(path)).exit_code == 0


def test_select_and_ignore_by_prefix(write):
    path = write("a.txt", "The two  men met near the border , or so.\n")
    rules = lambda r: sorted({LINE.match(x)["rule"] for x in r.stdout.splitlines()})
    assert rules(cli("lint", str(path))) == ["spacing.before-punctuation", "spacing.repeated-space"]
    assert rules(cli("lint", "--select", "spacing.repeated-space", str(path))) == ["spacing.repeated-space"]
    assert rules(cli("lint", "--ignore", "spacing", str(path))) == []


def test_unknown_rule_selector_is_a_usage_error(write):
    path = write("a.txt", "Fine.\n")
    result = cli("lint", "--select", "no.such-rule", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip() == "copylint: error: unknown rule id or prefix 'no.such-rule' (see 'copylint rules')"


def test_missing_path_exit_2_but_other_files_checked(write, tmp_path):
    good = write("a.txt", "Near the border , or so.\n")
    result = cli("lint", str(tmp_path / "missing.txt"), str(good))
    assert result.exit_code == 2
    assert "missing.txt: no such file or directory" in result.stderr
    assert "spacing.before-punctuation" in result.stdout


def test_binary_and_undecodable_files(write):
    binary = write("b.txt", b"\x00\x01\x02PNG")
    latin = write("l.txt", "Caf\xe9 au lait.\n".encode("latin-1"))
    result = cli("lint", str(binary), str(latin))
    assert result.exit_code == 2
    errors = [l for l in result.stderr.splitlines() if "error:" in l]
    assert errors == [
        f"copylint: error: {binary}: binary file (contains NUL bytes), not checked",
        f"copylint: error: {latin}: not valid UTF-8 at byte 3; give its encoding with --encoding",
    ]
    assert "Traceback" not in result.stderr
    ok = cli("lint", "--encoding", "latin-1", str(latin))
    assert ok.exit_code == 0, ok


def test_directory_recursion_picks_prose_extensions(write, tmp_path):
    write("docs/a.md", "Near the border , or so.\n")
    write("docs/deep/b.txt", "Near the border , or so.\n")
    write("docs/c.py", "x = 1 , 2\n")
    result = cli("lint", str(tmp_path / "docs"))
    paths = sorted({LINE.match(l)["path"] for l in result.stdout.splitlines()})
    assert paths == [str(tmp_path / "docs/a.md"), str(tmp_path / "docs/deep/b.txt")]


def test_stdin():
    result = cli("lint", "-", input="Near the border , or so.\n")
    assert result.exit_code == 1
    assert result.stdout.startswith("-:1:16: error spacing.before-punctuation")


def test_crlf_bom_tabs_and_non_ascii_positions(write):
    text = "\ufeffTitle line\r\n\tCafé crème , ok.\r\n"
    path = write("w.txt", text.encode("utf-8"))
    result = cli("lint", "--format", "json", str(path))
    (finding,) = result.json()["files"][0]["findings"]
    decoded = text[1:]  # the BOM is not part of the text
    assert decoded[finding["start"]:finding["end"]] == " ,"
    assert (finding["line"], finding["column"]) == (2, 12)
    assert (finding["end_line"], finding["end_column"]) == (2, 14)


def test_rules_lists_every_rule():
    result = cli("rules")
    assert result.exit_code == 0
    ids = [line.split()[0] for line in result.stdout.splitlines()]
    assert "spacing.before-punctuation" in ids and "consistency.honorific" in ids
    assert ids == sorted(ids)
    line = next(l for l in result.stdout.splitlines() if l.startswith("spacing.before-punctuation "))
    assert line.split()[1:3] == ["pattern", "error"]


def test_explain_runs_the_examples():
    result = cli("explain", "spacing.before-punctuation")
    assert result.exit_code == 0
    assert "Flagged:" in result.stdout and "Left alone:" in result.stdout
    assert "' ,': Space before “,”. -> \",\"" in result.stdout


def test_explain_unknown_rule():
    result = cli("explain", "nope.nope")
    assert result.exit_code == 2
    assert result.stderr.strip() == "copylint: error: unknown rule 'nope.nope' (see 'copylint rules')"


def test_bad_user_pack_names_file_rule_and_field(write):
    pack = write("pack.yml", "rules:\n  - id: house.bad\n    kind: pattern\n    description: x\n    pattern: '(unclosed'\n")
    text = write("a.txt", "Fine.\n")
    result = cli("lint", "--rules", str(pack), str(text))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"copylint: error: {pack}: rule house.bad: field 'pattern': invalid regular expression")


def test_real_process_entry_point(write):
    path = write("a.txt", "Near the border , or so.\n")
    result = cli_process("lint", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}:1:16: error spacing.before-punctuation")


def test_explain_a_languagetool_rule_says_where_it_comes_from():
    result = cli("explain", "languagetool.EN_A_VS_AN")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "languagetool.EN_A_VS_AN  (LanguageTool rule EN_A_VS_AN)"
    assert "--ignore languagetool.EN_A_VS_AN" in result.stdout
