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
