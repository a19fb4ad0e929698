"""A cache of parsed rule packs, so a big pack is parsed once, not on every run.

Parsing YAML is slow (a pack of 100,000 phrase rules takes seconds); the parsed data
loads from a `marshal` file in a small fraction of that. An entry is keyed on the
pack's absolute path, size and modification time, and on the copylint and Python
versions, so an edited pack is parsed again, and checked by a CRC-32, so a damaged
entry is parsed again too. The cache lives in
$COPYLINT_CACHE_DIR, else $XDG_CACHE_HOME/copylint, else ~/.cache/copylint;
COPYLINT_CACHE=off turns it off. A cache that cannot be read or written is ignored:
it only ever saves time.
"""
from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Callable

from . import __version__

# Smaller packs parse in about a millisecond: not worth a file in the user's cache.
MIN_BYTES = 64 * 1024


def cache_dir() -> Path | None:
    if os.environ.get("COPYLINT_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    if os.environ.get("COPYLINT_CACHE_DIR"):
        return Path(os.environ["COPYLINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "copylint"


def parsed(file: Path, parse: Callable[[], object], form: str, beside: bool = False) -> object:
    """`parse()`'s result for `file`, from the cache when `file` is unchanged. `form`
    names the shape of the result (change it when the shape changes). Only files of
    MIN_BYTES or more are cached in the user's cache, so a plain run with small packs
    writes nothing there. `beside`: cache in the file's own `__pycache__` folder, as
    Python caches a module's bytecode (for the shipped packs: a warm start-up then
    needs no YAML parser); not written when Python writes no bytecode either."""
    folder = cache_dir()
    if folder is not None and beside:
        folder = file.parent / "__pycache__"
    try:
        stat = file.stat()
    except OSError:
        folder = None
    if folder is None or (stat.st_size < MIN_BYTES and not beside):
        return parse()
    key = "\0".join((form, __version__, sys.version, str(file.resolve()), str(stat.st_size),
                     str(stat.st_mtime_ns)))
    # the key is stored in the entry too, so that a clash of the short name is harmless
    if beside:  # one entry per pack, replaced when the pack changes (as a .pyc is)
        entry = folder / f"{file.name}.{form.replace('/', '-')}.marshal"
    else:
        entry = folder / f"pack-{zlib.crc32(key.encode('utf-8', 'surrogateescape')):08x}.marshal"
    try:
        value = _read(entry, key)
        if value is not _MISSING:
            return value
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = parse()
    if beside and sys.dont_write_bytecode:
        return value
    try:
        blob = marshal.dumps(value)
        head = marshal.dumps((key, zlib.crc32(blob)))
        folder.mkdir(parents=True, exist_ok=True)
        temporary = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
        temporary.write_bytes(len(head).to_bytes(4, "little") + head + blob)
        os.replace(temporary, entry)
    except (OSError, ValueError):  # unwritable, or data marshal cannot hold (dates)
        pass
    return value


_MISSING = object()


def _read(entry: Path, key: str):
    """The value kept in `entry` for `key`, or _MISSING. An entry is the length of its
    head, the head (the key, and the CRC-32 of the value's bytes), then the value as
    `marshal` bytes: an entry of another key, or damaged (a cut or altered file), is
    never used; packed data that is read lazily later (checker/phrase_index.py) is
    checked with the rest."""
    data = entry.read_bytes()
    size = int.from_bytes(data[:4], "little")
    stored_key, checksum = marshal.loads(data[4:4 + size])
    blob = memoryview(data)[4 + size:]
    if stored_key != key or zlib.crc32(blob) != checksum:
        return _MISSING
    return marshal.loads(blob)


def sqlite_file(path: Path, table: str, *, index: str | None = None, **options):
    """A connection to the SQLite file `path` holding `table` (its "name (columns)")
    and `index` if given (its "name ON table (columns)"), made with the folder, the
    table and the index where missing (so a file from before the index gets it), in WAL
    mode so that parallel runs read while one writes; None when it cannot be opened (a
    cache only ever saves time). `options`: sqlite3.connect's."""
    import sqlite3

    db = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(path), **options)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(f"CREATE TABLE IF NOT EXISTS {table}")
        if index:
            db.execute(f"CREATE INDEX IF NOT EXISTS {index}")
        db.commit()
        return db
    except (OSError, sqlite3.Error):
        if db is not None:
            try:
                db.close()
            except sqlite3.Error:
                pass
        return None


class ProcessConnection:
    """The connection to a cache's SQLite file (`sqlite_file`) of the process using it.
    A process forked from the one that opened it (a `--jobs` worker) opens its own at its
    first use: SQLite's connections must not cross a fork. The inherited one is kept
    aside, neither used nor closed there (closing it could act on the locks and files
    the other process holds). `opened` is called with each new connection, for the
    state a cache keeps per connection."""

    def __init__(self, path: Path, table: str, opened: Callable[[], None] = lambda: None, **options):
        self._open_args = (path, table, options)
        self._opened = opened
        self._inherited: list = []
        self._open()

    def _open(self) -> None:
        path, table, options = self._open_args
        self._pid = os.getpid()
        self.db = sqlite_file(path, table, **options)
        self._opened()

    @property
    def own(self) -> bool:
        """Whether the connection was opened by this process."""
        return self._pid == os.getpid()

    def get(self):
        """The connection of this process (opened now in a forked one), or None when
        the file cannot be opened."""
        if not self.own:
            self._inherited.append(self.db)
            self._open()
        return self.db

    def close(self) -> None:
        """Close this process's connection; an inherited one stays as it is."""
        import sqlite3

        if not self.own:
            self._inherited.append(self.db)
        elif self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
        self.db = None
        self._pid = os.getpid()
