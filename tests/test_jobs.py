"""--jobs: many files checked in worker processes give the same report, byte for byte,
as one process; a dead worker fails the run; the progress bar stays off pipes."""
from __future__ import annotations

import io
import os

import pytest

from conftest import cli, cli_process


@pytest.fixture
def corpus(tmp_path, write):
    """40 files in nested folders, some Markdown, some with findings, one unreadable."""
    for i in range(40):
        folder = f"part{i % 3}/sub{i % 2}"
        body = f"File {i} has two  spaces , and ( brackets ).\n" if i % 4 else f"File {i} is clean.\n"
        name = f"{folder}/file{i:02}.{'md' if i % 5 == 0 else 'txt'}"
        write(name, ("# Title\n\n" + body) if name.endswith(".md") else body)
    write("part1/binary.txt", b"\x00\x01\x02 not text")
    return tmp_path


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_parallel_output_is_identical_to_serial(corpus, fmt):
    one = cli_process("lint", "--jobs", "1", "--format", fmt, str(corpus))
    two = cli_process("lint", "--jobs", "2", "--format", fmt, str(corpus))
    four = cli_process("lint", "-j", "4", "--format", fmt, str(corpus))
    assert one.stdout and one.stdout == two.stdout == four.stdout
    assert one.stderr == two.stderr == four.stderr
    assert one.exit_code == two.exit_code == four.exit_code == 2  # the binary file
    assert "binary.txt: binary file (contains NUL bytes), not checked" in two.stderr
    if fmt == "text":
        paths = [line.split(":")[0] for line in one.stdout.splitlines()]
        assert paths == sorted(paths, key=lambda p: (os.path.dirname(p), os.path.basename(p)))


def test_default_jobs_is_the_number_of_cores(corpus, monkeypatch):
    from checker import runner

    seen = {}
    real = runner.run_lint

    def spy(paths, resolver, jobs=1, progress=None):
        seen["jobs"] = jobs
        return real(paths, resolver, jobs=jobs, progress=progress)

    monkeypatch.setattr(runner, "run_lint", spy)
    cli("lint", str(corpus))
    assert seen["jobs"] == len(os.sched_getaffinity(0))


def test_a_worker_that_dies_fails_the_run(corpus, monkeypatch):
    from checker import runner

    real = runner._check_one

    def crash_on_file_07(engine, path):
        if path.endswith("file07.txt"):
            os._exit(3)  # as a segfault or the OOM killer would end it
        return real(engine, path)

    monkeypatch.setattr(runner, "_check_one", crash_on_file_07)  # forked workers inherit it
    result = cli("lint", "--jobs", "2", str(corpus))
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    died = [line for line in result.stderr.splitlines() if "died" in line]
    assert died == [f"copylint: error: {corpus / 'part1/sub1/file07.txt'}: not checked: "
                    "the worker process checking it died"]
    # every other file was still checked, as a serial run checks it
    monkeypatch.undo()
    serial = cli("lint", "--jobs", "1", str(corpus))
    expected = [line for line in serial.stdout.splitlines() if "file07.txt" not in line]
    assert result.stdout.splitlines() == expected


def test_small_runs_do_not_start_a_pool(write, monkeypatch):
    from checker import runner

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for two files")

    monkeypatch.setattr(runner, "_run_pool", no_pool)
    a, b = write("a.txt", "Two  spaces.\n"), write("b.txt", "Fine.\n")
    assert cli("lint", "--jobs", "4", str(a), str(b)).exit_code == 1


def test_jobs_must_be_positive(write):
    path = write("a.txt", "Fine.\n")
    result = cli("lint", "--jobs", "0", str(path))
    assert result.exit_code == 2 and "--jobs" in result.stderr


def test_piped_stderr_has_no_progress_bar(corpus):
    result = cli_process("lint", "--jobs", "2", str(corpus))
    assert "\r" not in result.stderr and "\x1b" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("copylint: ")


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_draws_on_a_terminal_and_erases_itself():
    from checker.runner import ProgressBar

    stream = FakeTerminal()
    bar = ProgressBar(stream, delay=0)
    for done in range(1, 11):
        bar(done, 10)
    bar.close()
    out = stream.getvalue()
    assert "10/10 files" in out and out.endswith("\r\x1b[K")


def test_progress_bar_stays_off_pipes_and_short_runs():
    from checker.runner import ProgressBar

    piped = io.StringIO()
    bar = ProgressBar(piped, delay=0)
    bar(5, 10)
    bar.close()
    assert piped.getvalue() == ""
    terminal = FakeTerminal()
    quick = ProgressBar(terminal, delay=60)  # a run shorter than the delay draws nothing
    quick(5, 10)
    quick.close()
    assert terminal.getvalue() == ""


def test_parallel_run_with_grammar_checks_matches_serial(tmp_path, write):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from languagetool_fake import FakeLanguageTool

    for i in range(12):
        write(f"docs/f{i:02}.txt", f"File {i}: we recieve teh  parcel , today.\n")
    fake = FakeLanguageTool().start()
    try:
        env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "COPYLINT_LANGUAGETOOL": ""}
        args = ("lint", "--languagetool", fake.url, "--no-languagetool-cache", str(tmp_path / "docs"))
        one = cli_process(*args, "--jobs", "1", env=env)
        two = cli_process(*args, "--jobs", "2", env=env)
    finally:
        fake.stop()
    assert one.stdout == two.stdout and one.exit_code == two.exit_code == 1
    assert one.stdout.count("languagetool.MORFOLOGIK_RULE_EN_US") == 24
    assert "grammar checks skipped" not in two.stderr
