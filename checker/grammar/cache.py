"""LanguageTool's answers per segment, kept across runs so that unchanged
paragraphs are not sent again. One SQLite file under the user's cache directory
($XDG_CACHE_HOME/copylint, else ~/.cache/copylint); keys are hashes of the
segment's text with the server and the options that change the answer.

Bounded, so that a large archive or months in an editor do not fill the disk: an
answer fetched more than MAX_AGE_SECONDS ago is not used, and is deleted at the next
write (found through an index on `created`), and of the rest the file keeps the
MAX_ROWS used last. As in the deep tier's cache, the table's order (rowid) is the
order of use: an answer is stored at the end and moved there again when read, its
`created` unchanged, since being read says nothing of how current the server that
gave it is. A cache that cannot be opened or written is simply not used: it never
fails a run.

A process forked from the one that opened the file (a `--jobs` worker) opens its own
connection at its first use, as the deep tier's cache does: SQLite's connections must
not cross a fork."""
from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

FILE_NAME = "languagetool-cache.sqlite3"
MAX_AGE_SECONDS = 30 * 24 * 3600  # servers are updated; old answers go stale
# about 190 bytes an answer without findings, 470 with one: 20 to 50 MB, the
# paragraphs of some forty novels
MAX_ROWS = 100_000
# answers read before their use is written down: a warm run writes once at the end
# (or per this many), not once per paragraph
USED_BATCH = 500


class MatchCache:
    def __init__(self, directory: Path):
        from ..cache import ProcessConnection

        self.path = Path(directory) / FILE_NAME
        # a forked `--jobs` worker opens its own (see ProcessConnection), and starts
        # its own state (`_opened`)
        self._sql = ProcessConnection(self.path, "answers (key TEXT PRIMARY KEY, created REAL, matches TEXT)",
                                      opened=self._opened, index="answers_created ON answers (created)", timeout=5)

    def _opened(self) -> None:
        """The state kept per connection, fresh: a forked worker forgets the uses the
        process before it read, which are that one's to write down."""
        self._used: list[str] = []  # keys read since the last write, to move to the end
        self._old_below: int | None = None  # rowids up to this are outside the newest half (see `get`)
        # rows that may still be added without counting (see `_trim`); per connection,
        # as PRAGMA data_version is
        self._room, self._version = -1, None

    def get(self, key: str) -> list[dict] | None:
        """The answer kept for `key` if it is not stale, else None. A hit is a use to
        write down (with the next write, see USED_BATCH) unless the answer is among the
        newest half of the table: MAX_ROWS / 2 answers must be stored or moved after it
        before it can be let go, and a warm run that reads what the last one read
        writes nothing."""
        db = self._sql.get()
        if db is None:
            return None
        try:
            row = db.execute("SELECT rowid, matches FROM answers WHERE key = ? AND created >= ?",
                             (key, time.time() - MAX_AGE_SECONDS)).fetchone()
            if row is None:
                return None
            matches = json.loads(row[1])
            if self._old_below is None:
                (last,) = db.execute("SELECT max(rowid) FROM answers").fetchone()
                self._old_below = last - MAX_ROWS // 2
        except (sqlite3.Error, ValueError, TypeError):
            return None
        if not isinstance(matches, list):
            return None
        if row[0] <= self._old_below:
            self._used.append(key)
            if len(self._used) >= USED_BATCH:
                self._write([])
        return matches

    def put_many(self, answers: list[tuple[str, list[dict]]]) -> None:
        """Store (key, matches) pairs in one transaction (see `_write`)."""
        if answers:
            self._write(answers)

    def _write(self, answers: list[tuple[str, list[dict]]]) -> None:
        """In one transaction: move the answers read since the last write to the end of
        the table, store `answers` after them, and trim the table (`_trim`)."""
        db = self._sql.get()
        used, self._used, self._old_below = self._used, [], None
        if db is None:
            return
        now = time.time()
        try:
            with db:
                db.executemany("UPDATE answers SET rowid = (SELECT max(rowid) FROM answers) + 1 WHERE key = ?",
                                     [(key,) for key in used])
                db.executemany("INSERT OR REPLACE INTO answers VALUES (?, ?, ?)",
                                     [(key, now, json.dumps(m, ensure_ascii=False)) for key, m in answers])
                self._room -= len(answers)
                self._trim(db, now)
        except (sqlite3.Error, ValueError, TypeError):
            self._room = -1  # what was counted may have been rolled back

    def _trim(self, db, now: float) -> None:
        """Delete the stale answers (an index lookup), then the first rows beyond
        MAX_ROWS. Counting reads a whole index (a millisecond at MAX_ROWS), so this
        connection keeps its own count of the room left while no other has written
        (PRAGMA data_version), and lets go of 0.1% more rows than it must, so that
        the next few writes need not count."""
        db.execute("DELETE FROM answers WHERE created < ?", (now - MAX_AGE_SECONDS,))
        (version,) = db.execute("PRAGMA data_version").fetchone()
        if self._room >= 0 and version == self._version:
            return
        (count,) = db.execute("SELECT count(*) FROM answers").fetchone()
        if count > MAX_ROWS:
            keep = MAX_ROWS - MAX_ROWS // 1000
            db.execute("DELETE FROM answers WHERE rowid IN (SELECT rowid FROM answers ORDER BY rowid LIMIT ?)",
                             (count - keep,))
            count = keep
        self._room, self._version = MAX_ROWS - count, version

    def flush(self) -> None:
        """Write down the uses read and not yet written (in a process forked from the
        one that opened the file, the uses it read itself): a `--jobs` worker ends
        without closing the cache, and calls this after each batch of files."""
        if self._used and self._sql.own:
            self._write([])

    def close(self) -> None:
        """Write down the uses not yet written, and close the file. A process forked
        from the one that opened it closes only a connection of its own."""
        self.flush()
        self._sql.close()
