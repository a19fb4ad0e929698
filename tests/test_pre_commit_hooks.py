"""The pre-commit hooks file: what pre-commit reads to run copylint on staged files."""
from __future__ import annotations

import re
import shlex

import yaml

from checker.config import DEFAULT_EXTENSIONS
from conftest import ROOT, cli


def hooks():
    return {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}


def test_hooks_run_the_installed_command_on_text_files():
    found = hooks()
    assert found["copylint"]["entry"] == "copylint lint"
    assert found["copylint-fix"]["entry"] == "copylint fix"
    for hook in found.values():
        assert hook["language"] == "python" and hook["types"] == ["text"]
        pattern = re.compile(hook["files"])
        for extension in DEFAULT_EXTENSIONS:
            assert pattern.search(f"docs/page{extension}")
        for other in ("setup.py", "notes.txt.bak", "README"):
            assert not pattern.search(other)


def test_hook_entry_works_with_file_names_appended(write):
    # pre-commit appends the staged files' names to the entry
    path = write("a.md", "Near the border , or so.\n")
    args = shlex.split(hooks()["copylint"]["entry"])[1:] + [str(path)]
    assert cli(*args).exit_code == 1
    args = shlex.split(hooks()["copylint-fix"]["entry"])[1:] + [str(path)]
    assert cli(*args).exit_code == 0
    assert path.read_text(encoding="utf-8") == "Near the border, or so.\n"


def test_the_deep_hook_installs_the_deep_extra_and_runs_in_one_process():
    import configparser

    hook = hooks()["copylint-deep"]
    assert hook["entry"] == "copylint lint --deep"
    setup = configparser.ConfigParser()
    setup.read(ROOT / "setup.cfg", encoding="utf-8")
    extra = [line.strip() for line in setup["options.extras_require"]["deep"].splitlines() if line.strip()]
    assert hook["additional_dependencies"] == extra
    assert hook["require_serial"] is True


def test_the_deep_hook_without_a_model_says_how_to_install_it(write, tmp_path, monkeypatch):
    monkeypatch.setenv("COPYLINT_MODEL_DIR", str(tmp_path / "no-models"))
    path = write("a.md", "A plain sentence.\n")
    result = cli(*shlex.split(hooks()["copylint-deep"]["entry"])[1:], str(path))
    assert result.exit_code == 2 and "copylint model install" in result.stderr
