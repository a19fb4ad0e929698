"""Configuration files as a user writes them: found by walking up from the checked
file, overridden by the command line, and refused with one clear line when wrong."""
from __future__ import annotations

import pytest

from conftest import cli, cli_process

# one repeated space (warning by default) and one space before a comma (error)
TEXT = "The two  men met near the border , or so it seems.\n"


def lines(result):
    return result.stdout.splitlines()


def rules_found(result):
    return [line.split()[2] for line in lines(result)]


def test_no_configuration_uses_defaults(write):
    path = write("a.txt", TEXT)
    result = cli("lint", str(path))
    assert result.exit_code == 1
    assert lines(result) == [
        f"{path}:1:8: warning spacing.repeated-space Repeated spaces. -> \" \"",
        f"{path}:1:33: error spacing.before-punctuation Space before “,”. -> \",\"",
    ]


def test_pyproject_select_ignore_severity_and_fail_on(write, tmp_path):
    write("pyproject.toml", """
[project]
name = "docs"

[tool.copylint]
ignore = ["spacing.before-punctuation"]
fail-on = "error"

[tool.copylint.severity]
"spacing.repeated-space" = "info"
""")
    path = write("docs/deep/a.txt", TEXT)  # found by walking up two folders
    result = cli("lint", str(path))
    assert lines(result) == [f"{path}:1:8: info spacing.repeated-space Repeated spaces. -> \" \""]
    assert result.exit_code == 0  # an info does not reach fail-on = error


def test_command_line_overrides_configuration(write):
    write("pyproject.toml", '[tool.copylint]\nselect = ["spacing.repeated-space"]\nfail-on = "never"\n')
    path = write("a.txt", TEXT)
    assert cli("lint", str(path)).exit_code == 0  # fail-on never from the file
    result = cli("lint", "--select", "spacing.before-punctuation", "--fail-on", "error", str(path))
    assert rules_found(result) == ["spacing.before-punctuation"]
    assert result.exit_code == 1


def test_command_line_ignore_adds_to_configured_ignore(write):
    write("setup.cfg", "[metadata]\nname = x\n\n[copylint]\nignore = spacing.repeated-space\n")
    path = write("a.txt", TEXT + "Spaced ( out ) here.\n")
    assert "spacing.inside-brackets" in rules_found(cli("lint", str(path)))
    result = cli("lint", "--ignore", "spacing.inside-brackets", str(path))
    assert rules_found(result) == ["spacing.before-punctuation"]


def test_setup_cfg_lists_and_severity_and_overrides(write):
    write("setup.cfg", """[copylint]
select =
    spacing.repeated-space,
    spacing.before-punctuation
severity =
    spacing.before-punctuation: info
fail-on = info

[copylint.overrides.legacy]
paths = legacy/**
ignore = spacing.repeated-space
""")
    fresh = write("new.txt", TEXT)
    old = write("legacy/old.txt", TEXT)
    result = cli("lint", str(fresh), str(old))
    assert lines(result) == [
        f"{fresh}:1:8: warning spacing.repeated-space Repeated spaces. -> \" \"",
        f"{fresh}:1:33: info spacing.before-punctuation Space before “,”. -> \",\"",
        f"{old}:1:33: info spacing.before-punctuation Space before “,”. -> \",\"",
    ]
    assert result.exit_code == 1  # fail-on = info


def test_tox_ini_is_read(write):
    write("tox.ini", "[tox]\nenvlist = py3\n\n[copylint]\nignore = spacing\n")
    path = write("a.txt", TEXT)
    result = cli("lint", str(path))
    assert result.stdout == "" and result.exit_code == 0


def test_nearest_configuration_wins_and_sections_are_needed(write):
    write("pyproject.toml", '[tool.copylint]\nignore = ["spacing.repeated-space"]\n')
    write("sub/pyproject.toml", '[project]\nname = "no copylint section here"\n')  # passed over
    write("sub/inner/setup.cfg", "[copylint]\nignore = spacing.before-punctuation\n")
    outer = write("sub/a.txt", TEXT)
    inner = write("sub/inner/b.txt", TEXT)
    result = cli("lint", str(outer), str(inner))
    assert lines(result) == [
        f"{outer}:1:33: error spacing.before-punctuation Space before “,”. -> \",\"",
        f"{inner}:1:8: warning spacing.repeated-space Repeated spaces. -> \" \"",
    ]


def test_per_path_overrides_with_globs(write):
    write("pyproject.toml", """
[tool.copylint]

[[tool.copylint.overrides]]
paths = ["docs/legacy/**"]
ignore = ["spacing.before-punctuation"]

[[tool.copylint.overrides]]
paths = ["*.md"]
severity = { "spacing.repeated-space" = "error" }
""")
    legacy = write("docs/legacy/deep/old.txt", TEXT)
    other = write("docs/new.txt", TEXT)
    md = write("docs/legacy/page.md", TEXT)
    result = cli("lint", str(legacy), str(other), str(md))
    assert [(line.split(":")[0], line.split()[1], line.split()[2]) for line in lines(result)] == [
        (str(legacy), "warning", "spacing.repeated-space"),
        (str(other), "warning", "spacing.repeated-space"),
        (str(other), "error", "spacing.before-punctuation"),
        (str(md), "error", "spacing.repeated-space"),
    ]


def test_explicit_config_file_and_rule_packs_relative_to_it(write, tmp_path):
    write("conf/packs/house.yml", """pack: house
rules:
  - id: house.utilise
    kind: pattern
    severity: error
    description: Prefer "use".
    message: Write “use”.
    pattern: '\\butilise\\b'
    fix: use
    examples: {bad: ["We utilise it."], good: ["We use it."]}
""")
    config = write("conf/copylint.toml", 'rules = ["packs/house.yml"]\nselect = ["house"]\n')
    path = write("text/a.txt", "We utilise  tools.\n")
    result = cli("lint", "--config", str(config), str(path))
    assert lines(result) == [f"{path}:1:4: error house.utilise Write “use”. -> \"use\""]
    both = cli("lint", "--no-config", "--config", str(config), str(path))
    assert both.exit_code == 2
    assert both.stderr == "copylint: error: --config and --no-config exclude each other\n"


def test_no_config_ignores_files(write):
    write("pyproject.toml", '[tool.copylint]\nignore = ["spacing"]\n')
    path = write("a.txt", TEXT)
    assert cli("lint", str(path)).stdout == ""
    assert len(lines(cli("lint", "--no-config", str(path)))) == 2


def test_extensions_decide_what_a_folder_walk_checks(write, tmp_path):
    write("pyproject.toml", '[tool.copylint]\nextensions = [".txt", "copy"]\n')
    write("a.txt", TEXT)
    write("b.copy", TEXT)
    write("c.md", TEXT)
    result = cli("lint", str(tmp_path))
    checked = sorted({line.split(":")[0].rsplit("/", 1)[-1] for line in lines(result)})
    assert checked == ["a.txt", "b.copy"]


def test_encoding_and_honorific_style_from_configuration(write):
    write("pyproject.toml", '[tool.copylint]\nencoding = "latin-1"\nhonorific-style = "period"\n')
    path = write("a.txt", "Café owner Mr Smith met Mr Jones.\n".encode("latin-1"))
    result = cli("lint", str(path))
    assert result.exit_code == 1
    assert [line.split()[2] for line in lines(result)] == ["consistency.honorific"] * 2
    assert all(line.endswith('-> "Mr."') for line in lines(result))


def test_languagetool_table_is_carried_into_settings(write, tmp_path, monkeypatch):
    from checker.resolve import SettingsResolver

    write("pyproject.toml", '[tool.copylint.languagetool]\nserver = "http://localhost:8081"\npicky = true\n')
    path = write("a.txt", TEXT)
    settings = SettingsResolver().settings_for(str(path))
    assert settings.languagetool == {"server": "http://localhost:8081", "picky": True}
    assert settings.config_file == str(tmp_path / "pyproject.toml")


def test_one_engine_for_files_sharing_settings(write, tmp_path):
    from checker.resolve import SettingsResolver
    from checker.runner import run_lint

    write("pyproject.toml", '[tool.copylint]\nignore = ["spacing.inside-brackets"]\n')
    for i in range(5):
        write(f"f{i}.txt", TEXT)
    resolver = SettingsResolver()
    results = run_lint([str(tmp_path)], resolver)
    assert len(results) == 5 and len(resolver._engines) == 1


@pytest.mark.parametrize("name,content,message", [
    ("pyproject.toml", "[tool.copylint\nselect = 1\n", "pyproject.toml: invalid TOML: "),
    ("pyproject.toml", '[tool.copylint]\nselct = ["spacing"]\n',
     "pyproject.toml: [tool.copylint] key 'selct': unknown key"),
    ("pyproject.toml", "[tool.copylint]\nselect = 3\n",
     "pyproject.toml: [tool.copylint] key 'select': must be a list of rule ids or prefixes"),
    ("pyproject.toml", '[tool.copylint]\nignore = ["spacing.no-such-rule"]\n',
     "pyproject.toml: [tool.copylint] key 'ignore': unknown rule id or prefix 'spacing.no-such-rule'"),
    ("pyproject.toml", '[tool.copylint.severity]\n"spacing.repeated-space" = "fatal"\n',
     "pyproject.toml: [tool.copylint] key 'severity': 'spacing.repeated-space': must be one of info, warning, error"),
    ("pyproject.toml", '[tool.copylint.severity]\n"nope" = "info"\n',
     "pyproject.toml: [tool.copylint] key 'severity': unknown rule id or prefix 'nope'"),
    ("pyproject.toml", '[tool.copylint]\nfail-on = "sometimes"\n',
     "pyproject.toml: [tool.copylint] key 'fail-on': must be one of error, warning, info, never"),
    ("pyproject.toml", '[tool.copylint]\nrules = ["missing.yml"]\n',
     "pyproject.toml: [tool.copylint] key 'rules': no such rule pack 'missing.yml'"),
    ("pyproject.toml", '[tool.copylint]\ngarble-threshold = "high"\n',
     "pyproject.toml: [tool.copylint] key 'garble-threshold': must be a number from 0 to 1"),
    ("pyproject.toml", '[[tool.copylint.overrides]]\npaths = ["x/**"]\nselect = ["bogus"]\n',
     "pyproject.toml: [[tool.copylint.overrides]] #1 key 'select': unknown rule id or prefix 'bogus'"),
    ("pyproject.toml", '[[tool.copylint.overrides]]\nignore = ["spacing"]\n',
     "pyproject.toml: [[tool.copylint.overrides]] #1 key 'paths': must be a non-empty list"),
    ("pyproject.toml", '[[tool.copylint.overrides]]\npaths = ["x"]\nfail-on = "info"\n',
     "pyproject.toml: [[tool.copylint.overrides]] #1 key 'fail_on': not allowed in an override"),
    ("setup.cfg", "[copylint]\nselect = spacing\nfail-on = loud\n",
     "setup.cfg: [copylint] key 'fail-on': must be one of error, warning, info, never"),
    ("setup.cfg", "[copylint]\nignore = nope.nothing\n",
     "setup.cfg: [copylint] key 'ignore': unknown rule id or prefix 'nope.nothing'"),
    ("tox.ini", "[copylint]\nwhatever = 1\n", "tox.ini: [copylint] key 'whatever': unknown key"),
])
def test_invalid_configuration_is_one_line_and_exit_2(write, tmp_path, monkeypatch, name, content, message):
    monkeypatch.chdir(tmp_path)
    write(name, content)
    write("a.txt", TEXT)
    result = cli("lint", "a.txt")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"copylint: error: {message}"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_explicit_config(write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("a.txt", TEXT)
    result = cli("lint", "--config", "nowhere.toml", "a.txt")
    assert result.exit_code == 2
    assert result.stderr == "copylint: error: nowhere.toml: no such configuration file\n"


def test_bad_configuration_as_a_real_process(write, tmp_path):
    write("pyproject.toml", '[tool.copylint]\nselect = ["spacing.nope"]\n')
    write("a.txt", TEXT)
    result = cli_process("lint", "a.txt", cwd=tmp_path)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == ("copylint: error: pyproject.toml: [tool.copylint] key 'select': "
                                     "unknown rule id or prefix 'spacing.nope' (see 'copylint rules')")


def test_standard_input_uses_configuration_of_current_folder(write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("pyproject.toml", '[tool.copylint]\nignore = ["spacing.before-punctuation"]\n')
    result = cli("lint", "-", input=TEXT)
    assert rules_found(result) == ["spacing.repeated-space"]


def test_glob_matching():
    from checker.configfile import glob_matches

    assert glob_matches("docs/legacy/**", "docs/legacy/a/b.md")
    assert glob_matches("docs/legacy", "docs/legacy/a/b.md")  # a folder covers its files
    assert not glob_matches("docs/legacy/**", "docs/legacy2/a.md")
    assert glob_matches("*.md", "deep/down/page.md")  # no slash: a name at any depth
    assert not glob_matches("docs/*.md", "docs/sub/page.md")  # * stays in one folder
    assert glob_matches("docs/**/*.md", "docs/page.md")
    assert glob_matches("docs/**/*.md", "docs/a/b/page.md")
    assert glob_matches("chapter-?.txt", "book/chapter-1.txt")
    assert not glob_matches("chapter-?.txt", "book/chapter-10.txt")


def test_fix_follows_configuration_and_overrides(write):
    write("pyproject.toml", """
[tool.copylint]
ignore = ["spacing.before-punctuation"]

[[tool.copylint.overrides]]
paths = ["legacy"]
ignore = ["spacing"]
""")
    new = write("new.txt", TEXT)
    old = write("legacy/old.txt", TEXT)
    result = cli("fix", str(new), str(old))
    assert new.read_text() == "The two men met near the border , or so it seems.\n"
    assert old.read_text() == TEXT
    assert result.exit_code == 0
    bad = write("pyproject.toml", '[tool.copylint]\nignore = ["nope"]\n')
    result = cli("fix", str(new))
    assert result.exit_code == 2 and f"{bad.name}: [tool.copylint] key 'ignore'" in result.stderr


def test_encoding_override_per_path(write):
    write("pyproject.toml", '[[tool.copylint.overrides]]\npaths = ["old"]\nencoding = "cp1252"\n')
    new = write("new/a.txt", "Caf\u00e9 with two  spaces.\n")
    old = write("old/b.txt", "Caf\u00e9 with two  spaces.\n".encode("cp1252"))
    result = cli("lint", str(new), str(old))
    assert [line.split(":")[:3] for line in result.stdout.splitlines()] == [[str(new), "1", "14"], [str(old), "1", "14"]]
    assert result.exit_code == 1


def test_ini_comments_after_values(write):
    write("setup.cfg", "[copylint]\nignore = spacing.before-punctuation  # not ours\n")
    path = write("a.txt", TEXT)
    assert rules_found(cli("lint", str(path))) == ["spacing.repeated-space"]


def test_metric_limits_from_configuration_and_command_line(write):
    write("pyproject.toml", '[tool.copylint]\nmax-sentence-words = 5\nselect = ["metric"]\n')
    path = write("a.txt", "One two three four five six seven.\nShort one here.\n")
    assert rules_found(cli("lint", str(path))) == ["metric.sentence-length"]
    assert cli("lint", "--max-sentence-words", "10", str(path)).stdout == ""
    write("pyproject.toml", '[tool.copylint]\nmax-sentence-words = "five"\n')
    result = cli("lint", str(path))
    assert result.exit_code == 2 and "key 'max-sentence-words': must be a whole number" in result.stderr


def test_languagetool_options_merge_over_the_configured_table(write, tmp_path):
    from checker.config import Settings
    from checker.resolve import SettingsResolver

    write("pyproject.toml", '[tool.copylint.languagetool]\nserver = "http://localhost:1"\nlanguage = "en-GB"\n')
    path = write("a.txt", TEXT)
    cli_settings = Settings(languagetool={"server": "off"})
    settings = SettingsResolver(cli_settings, {"languagetool"}).settings_for(str(path))
    assert settings.languagetool == {"server": "off", "language": "en-GB"}


def test_rules_and_explain_know_packs_from_configuration(write, tmp_path, monkeypatch):
    write("packs/house.yml", """pack: house
rules:
  - id: house.utilise
    kind: pattern
    description: Prefer "use".
    pattern: '\\butilise\\b'
    examples: {bad: ["We utilise it."], good: ["We use it."]}
""")
    write("pyproject.toml", '[tool.copylint]\nrules = ["packs/house.yml"]\n')
    monkeypatch.chdir(tmp_path)
    assert "house.utilise" in cli("rules").stdout
    result = cli("explain", "house.utilise")
    assert result.exit_code == 0 and "✗ We utilise it." in result.stdout


def test_the_rules_in_use_can_be_read_twice_and_list_each_enabled_rule_once(tmp_path):
    """A report may read the rules of a run more than once (and most never do)."""
    from dataclasses import replace

    from checker.config import Settings
    from checker.resolve import SettingsResolver

    resolver = SettingsResolver(Settings(), use_config=False)
    assert list(resolver.rules_in_use()) == []
    resolver.engine_for(Settings())
    resolver.engine_for(replace(Settings(), ignore=("garble",)))
    rules = resolver.rules_in_use()
    first = [rule.id for rule in rules]
    assert first == [rule.id for rule in rules]
    assert len(first) == len(set(first)) and "garble.collocation" in first and "boilerplate.comment-form" in first
