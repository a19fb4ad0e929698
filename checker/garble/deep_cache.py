"""The deep tier's verdicts per sentence, kept across runs, so that a document read
again (an editor's check after each edit, a pre-commit hook, an archive screened a
second time) costs the model only the sentences that changed.

What the model concludes about a sentence depends on nothing else: its text, the
model, the code and data that judge it and the settings that move a verdict (the
threshold, the rules asked for, the lower margin of a second reading near sure
findings). The key is a hash of all of them, so an edited sentence, another model, a
new copylint or an edited lexicon is simply not found. The values are the findings
with offsets into their sentence, as JSON after its CRC-32. One SQLite file in the user's cache directory
(`deep-verdicts.sqlite3` under $COPYLINT_CACHE_DIR, else $XDG_CACHE_HOME/copylint,
else ~/.cache/copylint); COPYLINT_CACHE=off or `--no-deep-cache` turns it off. It keeps
the MAX_ROWS sentences used last. A cache that cannot be opened, read or written is
not used: it only ever saves time."""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import zlib
from bisect import bisect_right
from dataclasses import fields
from pathlib import Path
from typing import Callable, Iterable

FILE_NAME = "deep-verdicts.sqlite3"
# about 150 bytes a sentence: some 30 MB, the sentences of about forty novels
MAX_ROWS = 200_000


class DeepCache:
    """Verdicts of one configuration (model, code, settings): `get_many` for sentences
    read before, `put_many` for those just read."""

    def __init__(self, directory: Path, configuration: str):
        from ..cache import ProcessConnection

        self.path = Path(directory) / FILE_NAME
        self._salt = hashlib.sha256(configuration.encode("utf-8")).digest()
        self._lock = threading.Lock()  # one connection; a server may check documents on several threads
        # a forked `--jobs` worker opens its own (see ProcessConnection)
        self._sql = ProcessConnection(self.path, "verdicts (key BLOB PRIMARY KEY, value TEXT)",
                                      timeout=10, check_same_thread=False)

    def key(self, kind: str, text: str) -> bytes:
        """The key of what `kind` of reading concluded about `text`."""
        data = self._salt + kind.encode("utf-8") + b"\0" + text.encode("utf-8", "surrogatepass")
        return hashlib.sha256(data).digest()

    def get_many(self, keys: list[bytes]) -> dict[bytes, object]:
        """The values found for `keys`."""
        with self._lock:
            db = self._sql.get()
            return self._get_many(db, keys) if db is not None else {}

    def _get_many(self, db, keys: list[bytes]) -> dict[bytes, object]:
        found: dict[bytes, object] = {}
        try:
            for at in range(0, len(keys), 500):  # SQLite's limit on a statement's parameters
                part = keys[at:at + 500]
                rows = db.execute(f"SELECT key, value FROM verdicts WHERE key IN ({','.join('?' * len(part))})",
                                        part).fetchall()
                for key, value in rows:
                    try:
                        check, text = value[:8], value[8:]
                        if int(check, 16) == zlib.crc32(text.encode("utf-8")):
                            found[bytes(key)] = _tuples(json.loads(text))
                    except (ValueError, TypeError, AttributeError, RecursionError):
                        pass  # a damaged entry: read again
        except sqlite3.Error:
            return {}
        return found

    def put_many(self, items: list[tuple[bytes, object]]) -> None:
        """Store (key, value) pairs in one transaction, at the end of the table: a value
        read this run is stored again, so the table's order is the order of use, and the
        first rows are the ones the cache lets go of when it is full."""
        with self._lock:
            db = self._sql.get() if items else None
            if db is not None:
                self._put_many(db, items)

    def _put_many(self, db, items: list[tuple[bytes, object]]) -> None:
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO verdicts (key, value) VALUES (?, ?)",
                                     [(k, _checked(json.dumps(v, ensure_ascii=False))) for k, v in items])
                (count,) = db.execute("SELECT count(*) FROM verdicts").fetchone()
                if count > MAX_ROWS:
                    db.execute("DELETE FROM verdicts WHERE rowid IN "
                                     "(SELECT rowid FROM verdicts ORDER BY rowid LIMIT ?)", (count - MAX_ROWS,))
        except (sqlite3.Error, ValueError, TypeError):
            pass

    def close(self) -> None:
        with self._lock:
            self._sql.close()


def remembered(cache: DeepCache | None, keys: list, read: Callable[[list[int]], list], usable) -> list:
    """The value of each key: the cache's where it holds one that is `usable(value)`,
    else from `read(the indices of the others)`, which returns theirs in order. All
    are stored (again): the table's order is the order of use. Without a cache (keys
    None) everything is read."""
    known = {key: value for key, value in (cache.get_many(keys) if cache else {}).items() if usable(value)}
    todo = [n for n, key in enumerate(keys) if key not in known]
    fresh = dict(zip(todo, read(todo))) if todo else {}
    values = [fresh[n] if n in fresh else known[key] for n, key in enumerate(keys)]
    if cache:
        cache.put_many(list(zip(keys, values)))
    return values


def per_sentence(cache: DeepCache | None, prose: str, sentences: list[tuple[int, int]], kind: str,
                 read: Callable[[list], Iterable[list[list]]], shapes: tuple) -> list[list]:
    """What a `kind` of reading concludes about `sentences` (start, end) of `prose`, as
    one list of findings per shape of `shapes` (dataclasses whose first two fields are
    `start` and `end` offsets into the prose), in text order: the sentences `cache`
    holds from it, the others from `read(those sentences)`, which yields, per chunk of
    them, such lists; what it concludes about each is kept for the next run."""

    def rows(todo: list[int]) -> list[tuple]:
        # each sentence's findings, offsets from its start (see `_row`)
        spans = [sentences[n] for n in todo]
        starts = [a for a, _ in spans]
        mine = [[[] for _ in shapes] for _ in todo]
        for lists in read(spans):
            for n, found in enumerate(lists):
                for item in found:
                    k = bisect_right(starts, item.start) - 1
                    if k >= 0 and item.start < spans[k][1]:
                        mine[k][n].append(_row(item, starts[k]))
        return [tuple(map(tuple, lists)) for lists in mine]

    keys = [cache.key(kind, prose[a:b]) for a, b in sentences] if cache else [None] * len(sentences)
    values = remembered(cache, keys, rows, lambda value: _restored(shapes, value, 0) is not None)
    out: list[list] = [[] for _ in shapes]
    for (a, _), value in zip(sentences, values):
        for into, found in zip(out, _restored(shapes, value, a)):
            into.extend(found)
    return [sorted(found, key=lambda g: g.start) for found in out]


def _row(item, offset: int) -> tuple:
    """A finding's fields as the cache keeps them: plain values, its offsets from `offset`."""
    values = [getattr(item, f.name) for f in fields(item)]
    values[0], values[1] = item.start - offset, item.end - offset
    return tuple(v.item() if hasattr(v, "item") else v for v in values)


def _restored(shapes, value, offset: int) -> list[list] | None:
    """The findings, one list per shape, that the cache kept as `value` (see `_row`),
    their offsets from `offset`; None if `value` does not hold them."""
    try:
        if len(value) != len(shapes):
            return None
        return [[shape(row[0] + offset, row[1] + offset, *row[2:]) for row in rows]
                for shape, rows in zip(shapes, value)]
    except (TypeError, IndexError):
        return None


def _checked(text: str) -> str:
    """`text` after its CRC-32: a damaged entry is read again, not believed."""
    return f"{zlib.crc32(text.encode('utf-8')):08x}{text}"


def _tuples(value):
    """A value as it was stored: JSON's lists back into tuples."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def open_cache(model_folder: str, settings: str) -> DeepCache | None:
    """The cache for verdicts of the model in `model_folder` under `settings` (a text
    naming whatever else moves a verdict), or None when caching is off."""
    from ..cache import cache_dir

    directory = cache_dir()
    if directory is None:
        return None
    return DeepCache(directory, "\n".join([_model_identity(model_folder), _code_identity(), settings]))


def _model_identity(folder: str) -> str:
    """The converted model: where it is, and its configuration as written when it was
    converted (converting again writes it anew)."""
    config = Path(folder) / "config.json"
    try:
        stat = config.stat()
        digest = hashlib.sha256(config.read_bytes()).hexdigest()
    except OSError:
        return f"{folder}\0unreadable"
    return f"{os.path.realpath(folder)}\0{stat.st_mtime_ns}\0{digest}"


def _code_identity() -> str:
    """copylint's version and every file of its code, the lexicon, the spelling
    variants (a British spelling is judged both ways) and the models' probes (name,
    size, time of change): an edited file is a new cache. (A few hundred files' status:
    about a millisecond.)"""
    from .. import __version__

    package = Path(__file__).resolve().parent.parent
    files = (sorted(package.rglob("*.py"))
             + [package / "data" / "garble-lexicon.pickle.gz", package / "data" / "spelling_variants.tsv"]
             + sorted((package / "data").glob("garble-probe-*.json")))
    parts = [__version__]
    for file in files:
        try:
            stat = file.stat()
            parts.append(f"{file.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(f"{file.name}:missing")
    return "\0".join(parts)
