"""Reading one version of a file for `stats --compare`: a path on disk, or a git
revision of one written `REV:path` (`HEAD~1:doc.md`), read with the real git so that
every revision syntax git knows works. An existing file always wins over the
revision reading of a name that contains a colon."""
from __future__ import annotations

import os
import subprocess

from .sources import InputError, Source, decode, format_for, read_source


def read_version(spec: str, encoding: str | None = None) -> Source:
    if spec == "-" or os.path.exists(spec) or ":" not in spec:
        return read_source(spec, encoding)
    revision, path = spec.split(":", 1)
    if not path:
        raise InputError(f"{spec}: give a file after the revision, like HEAD~1:doc.md")
    try:
        done = subprocess.run(["git", "show", f"{revision}:{path}"], capture_output=True, timeout=60)
    except FileNotFoundError:
        raise InputError(f"{spec}: reading a git revision needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise InputError(f"{spec}: git did not answer within 60 s") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = reason[0].removeprefix("fatal: ") if reason else f"git exited with status {done.returncode}"
        raise InputError(f"{spec}: {reason}")
    text, used = decode(done.stdout, spec, encoding)
    return Source(path=spec, text=text, format=format_for(path), encoding=used, raw=done.stdout)
