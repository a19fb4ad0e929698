"""Writing fixed text back to its file so that a file is only ever wholly old or wholly
new, and never overwrites work it did not read.

The new bytes go to a temporary file in the file's own folder (same file system, so
the final rename is atomic), are flushed to disk, get the original's permissions,
and then replace the original with `os.replace`. Just before the rename the file is
read again: if its bytes, size or modification time differ from what copylint read,
someone changed it meanwhile and it is left alone. A read-only file is refused
before anything is written. Any failure or interruption removes the temporary file.
"""
from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass

from .sources import BOMS

TEMP_SUFFIX = ".copylint-tmp"


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
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, stat.S_IMODE(before.st_mode))
        try:
            os.chown(temp, before.st_uid, before.st_gid)
        except OSError:
            pass  # not ours to give away: the file keeps our ownership
        _refuse_if_changed(path, target, snapshot)
        os.replace(temp, target)
        temp = None
        _sync_folder(folder or ".")
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    finally:
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
