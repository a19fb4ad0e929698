"""Shared test helpers: run copylint as a user would (the CLI, in-process or as a
process), and locate the shared development data, skipping when it is absent."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A file from ../shared; the test is skipped when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str):
        self.exit_code, self.stdout, self.stderr = exit_code, stdout, stderr

    def json(self):
        return json.loads(self.stdout)

    def __repr__(self):
        return f"<exit {self.exit_code}\nstdout: {self.stdout}\nstderr: {self.stderr}>"


def cli(*args: str, input: str | bytes | None = None) -> Result:
    """copylint in-process (fast); stdout and stderr kept apart."""
    from checker.cli import main

    runner = CliRunner()
    outcome = runner.invoke(main, list(args), input=input, catch_exceptions=False)
    return Result(outcome.exit_code, outcome.stdout, outcome.stderr)


def cli_process(*args: str, input: bytes | None = None, cwd=None, env=None, timeout=120) -> Result:
    """copylint as a separate process, as a shell or CI runs it."""
    environment = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    done = subprocess.run([sys.executable, "-m", "checker", *args], input=input, capture_output=True,
                          cwd=cwd, env=environment, timeout=timeout)
    return Result(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"))


@pytest.fixture
def write(tmp_path):
    """write(name, text) -> path of a new UTF-8 file under a temporary folder."""
    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(text.encode("utf-8"))
        return path
    return _write


def phrase_rule(pack: str, n: int, phrases: str | None = None) -> str:
    """Rule `n` of a generated pack of one-phrase rules, as YAML; `phrases` its mapping
    or list as YAML text (by default one filler phrase of its own)."""
    if phrases is None:
        phrases = f'{{"filler phrase {n}": "filler {n}"}}'
    return f"""  - id: {pack}.phrase-{n}
    kind: phrase
    severity: warning
    description: A phrase to replace.
    message: "“{{phrase}}”: write “{{replacement}}”."
    phrases: {phrases}
"""
