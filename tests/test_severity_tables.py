"""The two `name -> severity` tables a user writes (rule ids in `severity`, LanguageTool
issue types in `languagetool.severity`) accept the same values and refuse a bad one in
the same words: one line naming the file and the key, exit status 2, no traceback."""
from __future__ import annotations

import pytest

from conftest import cli, cli_process

TEXT = "The two  men met near the border , or so it seems.\n"
SAME_WORDS = "must be one of info, warning, error, not 'fatal'"


@pytest.mark.parametrize("name,content,message", [
    ("pyproject.toml", '[tool.copylint.severity]\n"spacing.repeated-space" = "fatal"\n',
     "pyproject.toml: [tool.copylint] key 'severity': 'spacing.repeated-space': " + SAME_WORDS),
    ("pyproject.toml", '[tool.copylint.languagetool.severity]\ngrammar = "fatal"\n',
     "pyproject.toml: [tool.copylint] key 'languagetool.severity': 'grammar': " + SAME_WORDS),
    ("pyproject.toml", "[tool.copylint.languagetool]\nseverity = 3\n",
     "pyproject.toml: [tool.copylint] key 'languagetool.severity': must be a table of "
     "LanguageTool issue type or category = severity (info, warning, error)"),
    ("setup.cfg", "[copylint]\nseverity = spacing.repeated-space: fatal\n",
     "setup.cfg: [copylint] key 'severity': 'spacing.repeated-space': " + SAME_WORDS),
    ("setup.cfg", "[copylint]\n[copylint.languagetool]\nseverity = grammar: fatal\n",
     "setup.cfg: [copylint] key 'languagetool.severity': 'grammar': " + SAME_WORDS),
])
def test_a_bad_severity_in_either_table_is_one_line_naming_file_and_key(write, tmp_path, monkeypatch,
                                                                        name, content, message):
    monkeypatch.chdir(tmp_path)
    write(name, content)
    write("a.txt", TEXT)
    result = cli_process("lint", "a.txt", cwd=tmp_path)
    assert result.exit_code == 2, result
    assert result.stdout == ""
    assert result.stderr == f"copylint: error: {message}\n"


def test_the_grammar_options_refuse_a_bad_severity_in_the_same_words():
    from checker.grammar.options import GrammarConfigError, options_from

    with pytest.raises(GrammarConfigError) as refused:
        options_from({"severity": {"style": "fatal"}})
    assert str(refused.value) == "languagetool option 'severity': 'style': " + SAME_WORDS


def test_an_ini_languagetool_severity_table_is_read_as_a_table(write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("setup.cfg", "[copylint]\n[copylint.languagetool]\nseverity =\n"
                       "    grammar: error\n    style: info\n")
    write("a.txt", "Fine.\n")
    result = cli("lint", "a.txt")
    assert (result.exit_code, result.stderr) == (0, "copylint: no findings in 1 file\n"), result


def test_an_ini_languagetool_server_off_is_off(write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COPYLINT_LANGUAGETOOL", raising=False)
    write("setup.cfg", "[copylint]\n[copylint.languagetool]\nserver = off\n")
    write("a.txt", "Fine.\n")
    result = cli("lint", "a.txt")
    assert (result.exit_code, result.stderr) == (0, "copylint: no findings in 1 file\n"), result
