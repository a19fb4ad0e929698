"""The `copylint` process ends without tearing the interpreter down (checker/entry.py):
what a user sees must be what a normal exit gives: every byte of output, the exit
status, exit handlers run, other threads waited for."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT, cli_process


def _python(code: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                          timeout=120)


def _lint_after(setup: str, path) -> subprocess.CompletedProcess:
    """`copylint lint PATH` as the console script runs it, in a program that first runs `setup`."""
    return _python(setup + "sys.argv = ['copylint', 'lint', sys.argv[1]]\n"
                   "from checker.entry import run\nrun()\n", str(path))


def test_a_long_report_through_a_pipe_arrives_whole(write):
    lines = 3000
    path = write("spaced.txt", "The border , or so it seems .\n" * lines)
    result = cli_process("lint", "--format", "json", str(path))
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert len(findings) == 2 * lines
    assert result.stderr.strip().endswith(f"{2 * lines} findings ({2 * lines} errors) in 1 file")


def test_exit_statuses_are_those_of_a_normal_exit(write):
    clean = write("clean.txt", "A plain sentence.\n")
    assert cli_process("lint", str(clean)).exit_code == 0
    assert cli_process("lint", str(write("bad.txt", "Near the border , or so.\n"))).exit_code == 1
    missing = cli_process("lint", str(clean.parent / "missing.txt"))
    assert missing.exit_code == 2 and "missing.txt" in missing.stderr


def test_exit_handlers_run_before_the_process_ends(write):
    path = write("bad.txt", "Near the border , or so.\n")
    done = _lint_after("import atexit, sys\natexit.register(lambda: print('handler ran', flush=True))\n", path)
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == "handler ran"
    assert "spacing.before-punctuation" in done.stdout


def test_another_running_thread_is_waited_for(write):
    path = write("clean.txt", "A plain sentence.\n")
    done = _lint_after("import sys, threading, time\n"
                       "threading.Thread(target=lambda: (time.sleep(0.5), print('thread done', flush=True))).start()\n",
                       path)
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1] == "thread done"


def test_a_program_that_runs_the_module_goes_on_after_it(write):
    path = write("bad.txt", "Near the border , or so.\n")
    done = _python("import runpy, sys\n"
                   "sys.argv = ['copylint', 'lint', sys.argv[1]]\n"
                   "try:\n"
                   "    runpy.run_module('checker', run_name='__main__')\n"
                   "except SystemExit as exc:\n"
                   "    print('went on after exit', exc.code)\n", str(path))
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1] == "went on after exit 1"
