"""`copylint stats --compare OLD NEW`: how the figures moved between two files, or
between git revisions of one file, read with the real git."""
from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest

from conftest import cli, cli_process

OLD = "The plan was approved. It starts in May.\n"
NEW = ("The comprehensive implementation plan was unanimously approved by the municipal council "
       "after considerable deliberation. It starts in May. Residents may comment until April.\n")


def test_compare_two_files_json(write):
    old, new = write("old.txt", OLD), write("new.txt", NEW)
    result = cli("stats", "--compare", str(old), str(new), "--format", "json")
    assert result.exit_code == 0, result
    data = result.json()
    assert data["old"]["path"] == str(old) and data["new"]["path"] == str(new)
    o, n, change = data["old"]["stats"], data["new"]["stats"], data["change"]
    assert (o["words"], n["words"]) == (8, 23)
    assert change["words"] == 15
    assert change["sentences"] == 1
    assert change["longest_sentence_words"] == n["longest_sentence"]["words"] - o["longest_sentence"]["words"] == 10
    assert change["flesch_kincaid_grade"] == pytest.approx(n["flesch_kincaid_grade"] - o["flesch_kincaid_grade"], abs=0.011)
    assert change["flesch_reading_ease"] < 0  # the new text is harder


def test_compare_table_and_csv(write):
    old, new = write("old.txt", OLD), write("new.txt", NEW)
    table = cli("stats", "--compare", str(old), str(new))
    assert table.exit_code == 0
    rows = {line[:26].strip(): line[26:].split() for line in table.stdout.splitlines()[1:]}
    assert rows["words"] == ["8", "23", "+15"]
    assert rows["sentences"] == ["2", "3", "+1"]
    assert rows["paragraphs"] == ["1", "1", "0"]
    assert rows["Flesch reading ease"][2].startswith("-")
    result = cli("stats", "--compare", str(old), str(new), "--format", "csv")
    records = list(csv.reader(io.StringIO(result.stdout)))
    assert records[0] == ["figure", str(old), str(new), "change"]
    assert ["words", "8", "23", "15"] in records


@pytest.fixture
def repo(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    root.mkdir()

    def git(*args):
        subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args], cwd=root,
                       check=True, capture_output=True)

    git("init", "-q")
    (root / "doc.md").write_text(OLD)
    git("add", "doc.md")
    git("commit", "-q", "-m", "first")
    (root / "doc.md").write_text(NEW)
    git("commit", "-q", "-am", "second")
    (root / "doc.md").write_text(NEW + "\nOne more line here.\n")  # uncommitted
    return root


def test_compare_git_revisions_of_one_file(repo):
    result = cli_process("stats", "--compare", "HEAD~1:doc.md", "HEAD:doc.md", "--format", "json", cwd=repo)
    assert result.exit_code == 0, result
    data = result.json()
    assert data["old"]["path"] == "HEAD~1:doc.md"
    assert (data["old"]["stats"]["words"], data["new"]["stats"]["words"]) == (8, 23)
    worktree = cli_process("stats", "--compare", "HEAD:doc.md", "doc.md", "--format", "json", cwd=repo).json()
    assert worktree["change"]["words"] == 4 and worktree["change"]["paragraphs"] == 1


def test_unknown_revision_is_one_line_and_status_2(repo):
    result = cli_process("stats", "--compare", "HEAD~5:doc.md", "doc.md", cwd=repo)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("copylint: error: HEAD~5:doc.md: ")
    missing = cli_process("stats", "--compare", "HEAD:nothere.md", "doc.md", cwd=repo)
    assert missing.exit_code == 2
    assert "nothere.md" in missing.stderr and "Traceback" not in missing.stderr


def test_compare_refuses_paths_as_well(write):
    a = write("a.txt", OLD)
    result = cli("stats", str(a), "--compare", str(a), str(a))
    assert result.exit_code == 2
    assert result.stderr.strip() == "copylint: error: give PATHS, or --compare OLD NEW (not both)"
