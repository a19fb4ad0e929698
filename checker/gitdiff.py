"""`lint --diff-against REF`: which lines of each file changed since a git revision,
so that a pull request is judged on its own edits.

For each file, `git diff -U0 REF -- FILE` (the working tree against REF) gives hunks
`@@ -a,b +c,d @@`: lines c .. c+d-1 of the file as it is now are new or changed. A
file git does not track (untracked, not ignored) is new: all of its lines count. A
finding is kept when any line it spans changed. Runs the real `git`, once per file,
from the file's own folder, so files in several repositories work.
"""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import replace

HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)
ALL_LINES = None  # a file whose every line counts as changed


class GitError(Exception):
    """git could not say what changed; the message is one line for stderr."""


def _git(folder: str, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", folder or ".", *args], capture_output=True, timeout=120)
    except FileNotFoundError:
        raise GitError("--diff-against needs git, which was not found on PATH") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"--diff-against: git {args[0]} took too long in {folder}") from None


def _repository(folder: str, cache: dict) -> str:
    if folder not in cache:
        done = _git(folder, "rev-parse", "--show-toplevel")
        if done.returncode != 0:
            raise GitError(f"--diff-against: {folder or '.'} is not in a git repository")
        cache[folder] = done.stdout.decode("utf-8", "surrogateescape").strip()
    return cache[folder]


def _check_revision(top: str, ref: str, checked: set) -> None:
    if top in checked:
        return
    if ref.startswith("-"):
        raise GitError(f"--diff-against: '{ref}' is not a git revision")
    done = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if done.returncode != 0:
        raise GitError(f"--diff-against: unknown git revision '{ref}' in {top}")
    checked.add(top)


def parse_hunks(diff: bytes) -> set[int]:
    """1-based numbers of the lines added or changed on the new side of a -U0 diff."""
    lines: set[int] = set()
    for m in HUNK.finditer(diff):
        start = int(m.group(1))
        count = 1 if m.group(2) is None else int(m.group(2))
        lines.update(range(start, start + count))
    return lines


def changed_lines(ref: str, paths: list[str], extensions=None) -> dict[str, set[int] | None]:
    """Absolute path -> changed line numbers (None: all lines) for the files under `paths`."""
    from .sources import discover

    if "-" in paths:
        raise GitError("--diff-against cannot judge standard input ('-'): give file paths")
    files, _ = discover(paths, extensions or _default_extensions())
    tops: dict[str, str] = {}
    checked: set[str] = set()
    changes: dict[str, set[int] | None] = {}
    for path in files:
        absolute = os.path.abspath(path)
        folder, name = os.path.split(absolute)
        top = _repository(folder, tops)
        _check_revision(top, ref, checked)
        tracked = _git(folder, "ls-files", "--error-unmatch", "--", name).returncode == 0
        if not tracked and _git(folder, "cat-file", "-e", f"{ref}:./{name}").returncode != 0:
            changes[absolute] = ALL_LINES  # new to git
            continue
        done = _git(folder, "diff", "--no-color", "--no-ext-diff", "--no-renames", "-U0",
                    "--end-of-options", ref, "--", name)
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitError(f"--diff-against: git diff failed for {path}: {message[0] if message else done.returncode}")
        changes[absolute] = parse_hunks(done.stdout)
    return changes


def _default_extensions():
    from .config import DEFAULT_EXTENSIONS

    return DEFAULT_EXTENSIONS


def keep_changed(results, changes: dict[str, set[int] | None]):
    """The results with only the findings that touch a changed line."""
    kept = []
    for result in results:
        if result.document is None:
            kept.append(result)
            continue
        lines = changes.get(os.path.abspath(result.path), set())
        if lines is ALL_LINES:
            kept.append(result)
            continue
        doc = result.document
        findings = []
        for finding in result.findings:
            first = doc.position(finding.start)[0]
            last = doc.position(max(finding.start, finding.end - 1))[0]
            if any(n in lines for n in range(first, last + 1)):
                findings.append(finding)
        kept.append(replace(result, findings=findings))
    return kept
