"""A temporary file left by a `copylint fix` that was killed (kill -9) is removed by the
next `copylint fix` of the same file, and nothing else is: not a file another copylint
may be writing, not another file's, not a name copylint did not make."""
from __future__ import annotations

import fcntl
import os
import time

import pytest

from conftest import cli

TEXT = "Near the border , or not.\n"
FIXED = "Near the border, or not.\n"
LEFT = "Near the bord"  # what a killed run had written so far


def make(folder, name, *, age: float = 120.0, content: str = LEFT):
    path = folder / name
    path.write_text(content, encoding="utf-8")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def temps(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "copylint-tmp" in p.name)


def test_the_next_fix_removes_a_stale_temporary_file_and_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "a.txt"
    target.write_text(TEXT, encoding="utf-8")
    stale = make(tmp_path, ".a.txt.k3j9x_2q.copylint-tmp")
    result = cli("fix", "a.txt")
    assert result.exit_code == 0, result
    assert not stale.exists()
    assert f"copylint: removed {stale.name}, left by an interrupted run\n" in result.stderr
    assert target.read_text(encoding="utf-8") == FIXED
    assert temps(tmp_path) == []


def test_a_file_that_needs_no_fix_still_gets_its_stale_file_removed(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text(FIXED, encoding="utf-8")
    stale = make(tmp_path, ".a.txt.abcdefgh.copylint-tmp")
    assert cli("fix", str(target)).exit_code == 0
    assert not stale.exists()


def test_a_symlinked_file_gets_the_stale_file_beside_its_target_removed(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(real / "a.txt")
    stale = make(real, ".a.txt.abcdefgh.copylint-tmp")
    assert cli("fix", str(tmp_path / "link.txt")).exit_code == 0
    assert not stale.exists()


def test_what_is_not_a_stale_file_of_this_run_is_left_alone(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")  # not fixed in this run
    kept = [
        make(tmp_path, ".a.txt.fresh123.copylint-tmp", age=5),  # a live writer's, maybe
        make(tmp_path, ".b.txt.abcdefgh.copylint-tmp"),  # another file's
        make(tmp_path, ".a.txt.b.abcdefgh.copylint-tmp"),  # the file a.txt.b's
        make(tmp_path, ".a.txt.copylint-tmp"),  # not copylint's naming
        make(tmp_path, "a.txt.abcdefgh.copylint-tmp"),  # not hidden: not copylint's naming
        make(tmp_path, ".a.txt.abcdefgh.copylint-tmp.bak"),
    ]
    folder = tmp_path / ".a.txt.folder12.copylint-tmp"
    folder.mkdir()
    link = tmp_path / ".a.txt.linked12.copylint-tmp"
    link.symlink_to(tmp_path / "b.txt")
    os.utime(link, (time.time() - 120,) * 2, follow_symlinks=False)
    assert cli("fix", str(target)).exit_code == 0
    assert all(path.exists() for path in kept)
    assert folder.is_dir() and link.is_symlink()
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == TEXT


def test_a_locked_temporary_file_is_being_written_and_is_left_alone(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text(TEXT, encoding="utf-8")
    busy = make(tmp_path, ".a.txt.busy1234.copylint-tmp")
    with open(busy, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        assert cli("fix", str(target)).exit_code == 0
        assert busy.exists()
    assert cli("fix", str(target)).exit_code == 0  # the lock is gone: now it is stale
    assert not busy.exists()


def test_diff_removes_nothing(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text(TEXT, encoding="utf-8")
    stale = make(tmp_path, ".a.txt.abcdefgh.copylint-tmp")
    assert cli("fix", "--diff", str(target)).exit_code == 1
    assert stale.exists()


def test_a_writer_holds_its_temporary_file_locked_until_the_rename(tmp_path, monkeypatch):
    """A second copylint that sees the temporary file while it is written, even an old
    one (a slow disk), leaves it alone."""
    import checker.writer as writer

    target = tmp_path / "a.txt"
    target.write_text(TEXT, encoding="utf-8")
    real_replace = os.replace
    seen = []

    def replace_after_a_concurrent_cleanup(source, destination):
        os.utime(source, (time.time() - 3600,) * 2)
        seen.append((os.path.basename(source), writer.remove_stale_temps([str(target)])))
        with open(source, "rb") as other:
            with pytest.raises(BlockingIOError):
                fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        real_replace(source, destination)

    monkeypatch.setattr(writer.os, "replace", replace_after_a_concurrent_cleanup)
    assert cli("fix", str(target)).exit_code == 0
    [(name, removed)] = seen
    assert name.startswith(".a.txt.") and name.endswith(".copylint-tmp")
    assert removed == []
    assert target.read_text(encoding="utf-8") == FIXED
    assert temps(tmp_path) == []


CHILD = """
import os, sys, time
import checker.writer as writer
def stall(source, destination):
    print(source, flush=True)
    time.sleep(600)
writer.os.replace = stall
from checker.cli import main
main(["fix", sys.argv[1]])
"""


def test_a_writer_killed_mid_write_leaves_a_file_the_next_run_removes(tmp_path):
    """A real copylint process is stopped just before its rename: while it lives its
    temporary file is kept (even when old); once it is killed (-9) the file is stale."""
    import signal
    import subprocess
    import sys

    from conftest import ROOT

    target = tmp_path / "a.txt"
    target.write_text(TEXT, encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(target)], stdout=subprocess.PIPE,
                             env=dict(os.environ, PYTHONPATH=str(ROOT)))
    try:
        temp = child.stdout.readline().decode().strip()
        assert temp.endswith(".copylint-tmp") and os.path.exists(temp)
        os.utime(temp, (time.time() - 3600,) * 2)
        assert cli("fix", "--fail-on", "never", str(target)).exit_code == 0  # fixes it, keeps the live one
        assert os.path.exists(temp)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert os.path.exists(temp)  # what kill -9 leaves
    result = cli("fix", str(target))
    assert result.exit_code == 0 and "left by an interrupted run" in result.stderr
    assert temps(tmp_path) == []
    assert target.read_text(encoding="utf-8") == FIXED
