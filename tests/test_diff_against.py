"""`lint --diff-against REF` with the real git in a temporary repository."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")

OLD = "Line one , old.\nLine two is fine.\nLine three , old.\n"


def git(repo, *args):
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@example.org",
                           "-c", "commit.gpgsign=false", *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "a.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "same.txt").write_text("Old news , unchanged.\n", encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lines_reported(result):
    return [line.split(": ")[0] for line in result.stdout.splitlines()]


def test_only_findings_on_changed_lines_are_reported(repo):
    (repo / "a.txt").write_text(
        "Line one , old.\nLine two is now broken , here.\nLine three , old.\nA new line , too.\n",
        encoding="utf-8")
    result = cli("lint", "--diff-against", "HEAD", "a.txt", "same.txt")
    assert result.exit_code == 1
    assert lines_reported(result) == ["a.txt:2:23", "a.txt:4:11"]
    assert cli("lint", "a.txt").stdout.count("\n") == 4  # without the option: all of them


def test_untracked_files_count_as_wholly_changed_and_clean_changes_pass(repo):
    (repo / "new.txt").write_text("Brand new , file.\n", encoding="utf-8")
    result = cli("lint", "--diff-against", "HEAD", ".")
    assert lines_reported(result) == ["./new.txt:1:10"]
    (repo / "new.txt").unlink()
    (repo / "a.txt").write_text(OLD + "A clean line.\n", encoding="utf-8")
    assert cli("lint", "--diff-against", "HEAD", "a.txt").exit_code == 0


def test_against_an_older_commit_and_a_branch(repo):
    (repo / "a.txt").write_text(OLD.replace("Line two is fine.", "Line two , changed."), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "second")
    git(repo, "branch", "feature")
    assert lines_reported(cli("lint", "--diff-against", "HEAD~1", "a.txt")) == ["a.txt:2:9"]
    assert lines_reported(cli("lint", "--diff-against", "HEAD", "a.txt")) == []
    assert lines_reported(cli("lint", "--diff-against", "feature", "a.txt")) == []


def test_deleted_lines_and_staged_new_files(repo):
    (repo / "a.txt").write_text("Line one , old.\nLine three , old.\n", encoding="utf-8")
    (repo / "staged.txt").write_text("Staged , new.\n", encoding="utf-8")
    git(repo, "add", "staged.txt")
    result = cli("lint", "--diff-against", "HEAD", "a.txt", "staged.txt")
    assert lines_reported(result) == ["staged.txt:1:7"]


def test_unknown_revision_is_a_clear_error(repo):
    result = cli("lint", "--diff-against", "no-such-ref", "a.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("copylint: error: --diff-against: unknown git revision 'no-such-ref'")
    odd = cli("lint", "--diff-against=--output=x", "a.txt")
    assert odd.exit_code == 2 and "'--output=x' is not a git revision" in odd.stderr


def test_outside_a_repository_is_a_clear_error(tmp_path, monkeypatch):
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.txt").write_text("Text , here.\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(plain)
    result = cli("lint", "--diff-against", "HEAD", "a.txt")
    assert result.exit_code == 2
    assert "is not in a git repository" in result.stderr
    assert "Traceback" not in result.stderr


def test_standard_input_is_refused(repo):
    result = cli("lint", "--diff-against", "HEAD", "-", input="x , y\n")
    assert result.exit_code == 2 and "standard input" in result.stderr
