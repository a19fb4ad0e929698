"""Writing fixed text back to its file so that a file is only ever wholly old or wholly
new, and never overwrites work it did not read.

The new bytes go to a temporary file in the file's own folder (same file system, so
the final rename is atomic), are flushed to disk, get the original's permissions,
and then replace the original with `os.replace`. Just before the rename the file is
read again: if its bytes, size or modification time differ from what copylint read,
someone changed it meanwhile and it is left alone. A read-only file is refused
before anything is written. Any failure or interruption removes the temporary file.

Only `kill -9` (or a crash of the machine) can leave a temporary file behind, beside
an intact original; the next `copylint fix` of that file removes it
(`remove_stale_temps`).
"""
from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from dataclasses import dataclass

from .sources import BOMS

try:
    import fcntl
except ImportError:  # Windows: no flock; stale files are then told by their age alone
    fcntl = None

TEMP_SUFFIX = ".copylint-tmp"
# `.NAME.RANDOM.copylint-tmp`, as tempfile.mkstemp names them in `write_atomically`;
# RANDOM has no dot, so the temporary file of `a.txt.b` is never taken for `a.txt`'s.
_TEMP_NAME = re.compile(r"\.(.+)\.[A-Za-z0-9_]+" + re.escape(TEMP_SUFFIX) + r"\Z", re.S)
STALE_AFTER = 60.0  # seconds


class WriteError(Exception):
    """A file that was not written; the message is one line for stderr."""


class ChangedOnDisk(WriteError):
    """The file changed after copylint read it."""


@dataclass(frozen=True)
class Snapshot:
    """What the file was when it was read."""

    raw: bytes
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: str, raw: bytes) -> "Snapshot":
        st = os.stat(path)
        return cls(raw=raw, size=st.st_size, mtime_ns=st.st_mtime_ns)


def encoder_for(raw: bytes, encoding: str):
    """(BOM to keep, codec) that writes text the way `raw` was written."""
    for bom, _, codec in BOMS:
        if raw.startswith(bom):
            return bom, codec
    return b"", encoding


def encode_like(text: str, raw: bytes, encoding: str) -> bytes:
    bom, codec = encoder_for(raw, encoding)
    return bom + text.encode(codec)


def check_round_trip(original_text: str, raw: bytes, encoding: str, path: str) -> None:
    """Refuse to write a file whose unchanged text would not encode back to its own
    bytes: then bytes outside the fixes could change."""
    try:
        same = encode_like(original_text, raw, encoding) == raw
    except (UnicodeError, LookupError):
        same = False
    if not same:
        raise WriteError(f"{path}: its text does not encode back to the same bytes in {encoding}; not written")


def write_atomically(path: str, data: bytes, snapshot: Snapshot) -> None:
    """Replace the file at `path` (a symlink: its target) with `data`, or raise WriteError."""
    target = os.path.realpath(path)
    try:
        before = os.stat(target)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    if not stat.S_IMODE(before.st_mode) & 0o222 or not os.access(target, os.W_OK):
        raise WriteError(f"{path}: read-only file, not fixed")
    folder, name = os.path.split(target)
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=folder or ".")
    except OSError as exc:
        raise WriteError(f"{path}: cannot write in its folder: {exc.strerror or exc}") from None
    out = os.fdopen(handle, "wb")
    try:
        if fcntl is not None:
            # held until the rename: while this process lives, no later run takes the
            # file for stale (the lock goes when the process dies, even by kill -9)
            try:
                fcntl.flock(out.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                pass  # a file system without locks: the age test alone protects the file
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
        os.chmod(temp, stat.S_IMODE(before.st_mode))
        try:
            os.chown(temp, before.st_uid, before.st_gid)
        except OSError:
            pass  # not ours to give away: the file keeps our ownership
        _refuse_if_changed(path, target, snapshot)
        if fcntl is None:
            out.close()  # Windows cannot rename an open file
        os.replace(temp, target)
        temp = None
        _sync_folder(folder or ".")
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    finally:
        out.close()
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass


def _refuse_if_changed(path: str, target: str, snapshot: Snapshot) -> None:
    try:
        st = os.stat(target)
        with open(target, "rb") as handle:
            now = handle.read()
    except OSError as exc:
        raise ChangedOnDisk(f"{path}: changed on disk while copylint was working ({exc.strerror or exc}); not written") from None
    if now != snapshot.raw or st.st_size != snapshot.size or st.st_mtime_ns != snapshot.mtime_ns:
        raise ChangedOnDisk(f"{path}: changed on disk while copylint was working; not written")


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (where the platform allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temps(paths: list[str]) -> list[str]:
    """Remove the temporary files that a killed `copylint fix` left beside these files
    (a symlink's: beside its target); return the paths removed.

    A file is removed only when all of these hold, so that nothing another process
    could be writing, and nothing copylint did not make, is ever touched:

    - its name is copylint's own for one of these files (`.NAME.RANDOM.copylint-tmp`,
      in the same folder) and it is a regular file, not a link;
    - no process holds its lock: `write_atomically` keeps an exclusive `flock` on its
      temporary file from creation to rename, and the system drops the lock when the
      process ends however it ends, so a lock we can take means the writer is gone;
    - it was last written over `STALE_AFTER` seconds ago. A live writer renames its
      file within a moment of writing it, so this covers what the lock cannot: the
      instant between creating the file and locking it, copylint versions that did
      not lock, platforms without `flock` (Windows), and a writer on another machine
      where the file system does not share locks.

    Any error (permissions, a file that vanished meanwhile) leaves the file alone.
    """
    names_by_folder: dict[str, set[str]] = {}
    for path in paths:
        if path != "-":
            folder, name = os.path.split(os.path.realpath(path))
            names_by_folder.setdefault(folder, set()).add(name)
    removed = []
    for folder, names in names_by_folder.items():
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            match = _TEMP_NAME.match(entry.name)
            if match and match.group(1) in names and _remove_if_stale(entry.path):
                removed.append(entry.path)
    return removed


def _remove_if_stale(path: str) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or time.time() - st.st_mtime < STALE_AFTER:
            return False
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return False  # a live copylint is writing it
        now = os.lstat(path)
        if (now.st_dev, now.st_ino) != (st.st_dev, st.st_ino):
            return False  # replaced since it was opened
        if fcntl is None:
            os.close(fd)  # Windows cannot delete an open file
            fd = None
        os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        if fd is not None:
            os.close(fd)
