"""The `copylint fix` run over many paths: read each file, fix its text in passes
(checker/fixer.py), then write it back atomically (checker/writer.py) or show a
unified diff, and report what was fixed and what remains.

Exit status: 0 when nothing at or above --fail-on remains (with --diff: and nothing
would change), 1 when findings remain (with --diff: or a fix is pending), 2 when a
file could not be read, checked fully, or written.
"""
from __future__ import annotations

import difflib
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field

import click

from .fixer import FixOutcome, fix_text
from .patchpaths import diff_labels, header_name
from .report import FileResult
from .runner import check_text
from .sources import InputError, discover, read_source
from .writer import (Snapshot, WriteError, check_round_trip, encode_like, remove_stale_temps,
                     write_atomically)

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@dataclass
class FixReport:
    path: str
    result: FileResult  # the findings that remain, on the fixed text
    applied: Counter = field(default_factory=Counter)
    diff: str = ""
    error: str | None = None
    converged: bool = True
    fixed_text: str | None = None  # the text after fixing (None: not read)
    fixed_bytes: bytes | None = None  # the same, encoded as the input was


def fix_file(engine, path: str, unsafe: bool, write: bool, label: str | None = None) -> FixReport:
    """Fix one file (or "-": standard input); write it unless `write` is False. `label`
    names the file in the diff's headers (checker/patchpaths.py); default: `path`."""
    try:
        source = read_source(path, engine.settings.encoding)
        snapshot = Snapshot.of(path, source.raw) if path != "-" else None
    except (InputError, OSError) as exc:
        message = str(exc) if isinstance(exc, InputError) else f"{path}: cannot read: {exc.strerror or exc}"
        return FixReport(path, FileResult(path, None, error=message), error=message)
    last: dict[str, FileResult] = {}

    def check(text: str):
        last["result"] = check_text(engine, text, path, source.format)
        return last["result"].findings

    outcome: FixOutcome = fix_text(source.text, check, unsafe=unsafe)
    report = FixReport(path, last["result"], applied=outcome.applied, converged=outcome.converged,
                       fixed_text=outcome.text)
    if path == "-":
        try:
            report.fixed_bytes = encode_like(outcome.text, source.raw, source.encoding)
        except UnicodeEncodeError:
            report.error = f"-: a fix cannot be written in {source.encoding}"
    if not outcome.changed:
        return report
    report.diff = unified_diff(outcome.original, outcome.text, label or path)
    if write and path != "-":
        try:
            check_round_trip(outcome.original, source.raw, source.encoding, path)
            data = encode_like(outcome.text, source.raw, source.encoding)
        except UnicodeEncodeError:
            report.error = f"{path}: a fix cannot be written in {source.encoding}; not written"
        except WriteError as exc:
            report.error = str(exc)
        else:
            try:
                write_atomically(path, data, snapshot)
            except WriteError as exc:
                report.error = str(exc)
    if report.error:
        # nothing was written: what remains is what the file still has
        report.applied = Counter()
        report.result = check_text(engine, outcome.original, path, source.format)
    return report


def unified_diff(old: str, new: str, label: str) -> str:
    label = label.replace(os.sep, "/")
    lines = difflib.unified_diff(_lines(old), _lines(new), header_name("a/", label), header_name("b/", label))
    out = []
    for line in lines:
        out.append(line)
        if not line.endswith(("\n", "\r")):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def _shown(path: str) -> str:
    """`path` relative to the current folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if relative == os.pardir or relative.startswith(os.pardir + os.sep) else relative


def _lines(text: str) -> list[str]:
    return _LINE.findall(text)


def fix_command(engine, paths: list[str], *, unsafe: bool, show_diff: bool, output_format: str,
                fail_on: str, version: str, engine_for=None) -> int:
    """Run `copylint fix`; returns the exit status."""
    from .finding import severity_at_least
    from .report import formatter, summary

    if "-" in paths and len(paths) > 1:
        click.echo("copylint: error: '-' (standard input) must be the only path to fix", err=True)
        return 2
    files, errors = discover(paths, engine.settings.extensions)
    labels = diff_labels(files) if show_diff else {}
    if not show_diff:
        for stale in remove_stale_temps(files):
            click.echo(f"copylint: removed {_shown(stale)}, left by an interrupted run", err=True)
    reports = [FixReport(e.split(":", 1)[0], FileResult(e.split(":", 1)[0], None, error=e), error=e)
               for e in errors]
    try:
        for path in files:
            file_engine = engine_for(path) if engine_for else engine  # per-path configuration
            reports.append(fix_file(file_engine, path, unsafe, write=not show_diff, label=labels.get(path)))
    except KeyboardInterrupt:
        done = sum(1 for r in reports if r.applied and not r.error)
        click.echo(f"copylint: interrupted; {done} file{'s' if done != 1 else ''} fixed and written, "
                   "every other file left as it was", err=True)
        return 130
    results = [r.result for r in reports]
    to_stdout = paths == ["-"] and not show_diff
    if show_diff:
        sys.stdout.write("".join(r.diff for r in reports))
    elif to_stdout:
        if reports and reports[0].fixed_bytes is not None:
            sys.stdout.flush()
            sys.stdout.buffer.write(reports[0].fixed_bytes)
    else:
        formatter(output_format).render(results, sys.stdout, version=version, rules=engine.rules)
    sys.stdout.flush()

    verb = "would fix" if show_diff else "fixed"
    for r in reports:
        if r.error:
            click.echo(f"copylint: error: {r.error}", err=True)
        if r.applied:
            detail = ", ".join(f"{n} {rule}" for rule, n in sorted(r.applied.items()))
            click.echo(f"copylint: {r.path}: {verb} {sum(r.applied.values())} ({detail})", err=True)
        if not r.converged:
            click.echo(f"copylint: warning: {r.path}: still fixable after the last pass; "
                       "fixes may be undoing each other", err=True)
        for problem in (r.result.document.problems if r.result.document else []):
            click.echo(f"copylint: warning: {r.path}: {problem}", err=True)
    totals = summary(results)
    fixed = sum(sum(r.applied.values()) for r in reports)
    changed = sum(1 for r in reports if r.applied)
    remaining = totals["findings"]
    click.echo(f"copylint: {verb} {fixed} finding{'s' if fixed != 1 else ''} in {changed} "
               f"file{'s' if changed != 1 else ''}; {remaining} remain"
               f"{'s' if remaining == 1 else ''}", err=True)
    if any(r.error for r in reports) or any(r.result.document and r.result.document.problems for r in reports):
        return 2
    failing = any(severity_at_least(f.severity, fail_on) for res in results for f in res.findings)
    if show_diff and any(r.diff for r in reports):
        return 1
    return 1 if failing else 0
