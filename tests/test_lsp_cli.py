"""The `lsp` command's face on the command line: present in --help, and costing
`copylint lint` nothing (pygls is imported only by `copylint lsp`)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_lsp_is_a_command_with_help():
    done = CliRunner().invoke(main, ["lsp", "--help"])
    assert done.exit_code == 0
    assert "language server" in done.output and "docs/editors.md" in done.output
    assert "lsp" in CliRunner().invoke(main, ["--help"]).output


def test_lint_does_not_import_the_language_server(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Near the border , or so.\n")
    code = ("import sys; from click.testing import CliRunner; from checker.cli import main; "
            f"CliRunner().invoke(main, ['lint', {str(path)!r}]); "
            "print(sorted(m for m in ('pygls', 'lsprotocol', 'checker.lsp.server') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.stdout.strip() == "[]"


def test_lsp_without_pygls_says_how_to_install_it(tmp_path):
    # a folder named like the package that fails to import stands in for a missing pygls
    (tmp_path / "pygls").mkdir()
    (tmp_path / "pygls" / "__init__.py").write_text("raise ImportError('no pygls here', name='pygls')\n")
    done = subprocess.run([sys.executable, "-m", "checker", "lsp"], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL, env=dict(os.environ, PYTHONPATH=f"{tmp_path}{os.pathsep}{ROOT}"))
    assert done.returncode == 2
    assert done.stderr.strip() == ("copylint: error: the language server needs pygls (pygls is missing): "
                                   "pip install 'copylint[lsp]'")
