"""The file names in `copylint fix --diff` headers: whatever form the paths were given
in, the diff applies with the real `patch -p1` (and `git apply`) from the folder
copylint ran in, or from `/` when a file lies outside that folder."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import cli_process

TEXT = "Near the border , or not.\n"
FIXED = "Near the border, or not.\n"

needs_patch = pytest.mark.skipif(not shutil.which("patch"), reason="patch not installed")


def headers(diff: str) -> list[str]:
    return [line for line in diff.splitlines() if line.startswith(("--- ", "+++ "))]


def apply(tool: str, diff: str, cwd) -> None:
    command = ["patch", "-p1", "-s", "--batch"] if tool == "patch" else ["git", "apply", "-p1"]
    done = subprocess.run(command, input=diff.encode(), cwd=cwd, capture_output=True)
    assert done.returncode == 0, done


def tools() -> list[str]:
    return ["patch"] + (["git"] if shutil.which("git") else [])


@needs_patch
@pytest.mark.parametrize("tool", tools())
@pytest.mark.parametrize("given", ["a.txt", "./a.txt", "sub/../a.txt", "{cwd}/a.txt", "{cwd}//./a.txt",
                                   "../work/a.txt"])
def test_a_file_inside_the_current_folder_is_named_from_it(tmp_path, tool, given):
    work = tmp_path / "work"
    (work / "sub").mkdir(parents=True)
    target = work / "a.txt"
    target.write_text(TEXT, encoding="utf-8")
    result = cli_process("fix", "--diff", given.format(cwd=work), cwd=work)
    assert result.exit_code == 1, result
    assert headers(result.stdout) == ["--- a/a.txt", "+++ b/a.txt"]
    assert target.read_text(encoding="utf-8") == TEXT  # --diff writes nothing
    apply(tool, result.stdout, cwd=work)
    assert target.read_text(encoding="utf-8") == FIXED


@needs_patch
@pytest.mark.parametrize("tool", tools())
def test_a_file_outside_the_current_folder_is_named_from_the_root(tmp_path, tool):
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    work.mkdir()
    elsewhere.mkdir()
    target = elsewhere / "x.txt"
    target.write_text(TEXT, encoding="utf-8")
    result = cli_process("fix", "--diff", str(target), cwd=work)
    name = os.path.realpath(target).lstrip("/")
    assert headers(result.stdout) == [f"--- a/{name}", f"+++ b/{name}"]
    assert "//" not in result.stdout
    apply(tool, result.stdout, cwd="/")
    assert target.read_text(encoding="utf-8") == FIXED


@needs_patch
def test_one_run_inside_and_outside_uses_one_root_so_one_patch_applies_all(tmp_path):
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    work.mkdir()
    elsewhere.mkdir()
    inside, outside = work / "a.txt", elsewhere / "x.txt"
    for path in (inside, outside):
        path.write_text(TEXT, encoding="utf-8")
    result = cli_process("fix", "--diff", "a.txt", "../elsewhere/x.txt", cwd=work)
    assert headers(result.stdout)[::2] == [f"--- a/{os.path.realpath(p).lstrip('/')}" for p in (inside, outside)]
    apply("patch", result.stdout, cwd="/")
    assert [p.read_text(encoding="utf-8") for p in (inside, outside)] == [FIXED, FIXED]


@needs_patch
@pytest.mark.parametrize("tool", tools())
@pytest.mark.parametrize("name", ["my notes.txt", 'say "hi".txt', "tab\there.txt", "back\\slash.txt"])
def test_names_with_spaces_quotes_and_control_characters_apply(tmp_path, tool, name):
    target = tmp_path / name
    target.write_text(TEXT, encoding="utf-8")
    result = cli_process("fix", "--diff", name, cwd=tmp_path)
    assert result.exit_code == 1, result
    apply(tool, result.stdout, cwd=tmp_path)
    assert target.read_text(encoding="utf-8") == FIXED


@needs_patch
def test_a_diff_of_standard_input_names_it_and_applies_to_the_file_given_to_patch(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text(TEXT, encoding="utf-8")
    result = cli_process("fix", "--diff", "-", input=TEXT.encode())
    assert result.exit_code == 1, result
    assert headers(result.stdout) == ["--- a/-", "+++ b/-"]
    done = subprocess.run(["patch", "-s", "--batch", str(target)], input=result.stdout.encode(),
                          capture_output=True)
    assert done.returncode == 0, done
    assert target.read_text(encoding="utf-8") == FIXED
