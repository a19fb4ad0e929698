"""LanguageTool's answers per segment, kept across runs so that unchanged
paragraphs are not sent again. One SQLite file under the user's cache directory
($XDG_CACHE_HOME/copylint, else ~/.cache/copylint); keys are hashes of the
segment's text with the server and the options that change the answer. An answer
fetched more than MAX_AGE_SECONDS ago is not used, and is deleted at the next write
(an index on `created` makes looking for such answers cheap), so a file is not
kept growing by answers nobody can use. A cache that cannot be opened or written is
simply not used: it never fails a run."""
from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

FILE_NAME = "languagetool-cache.sqlite3"
MAX_AGE_SECONDS = 30 * 24 * 3600  # servers are updated; old answers go stale


class MatchCache:
    def __init__(self, directory: Path):
        from ..cache import sqlite_file

        self.path = Path(directory) / FILE_NAME
        self._db = sqlite_file(self.path, "answers (key TEXT PRIMARY KEY, created REAL, matches TEXT)",
                               index="answers_created ON answers (created)", timeout=5)

    def get(self, key: str) -> list[dict] | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT matches FROM answers WHERE key = ? AND created >= ?",
                                   (key, time.time() - MAX_AGE_SECONDS)).fetchone()
            matches = json.loads(row[0]) if row is not None else None
        except (sqlite3.Error, ValueError, TypeError):
            return None
        return matches if isinstance(matches, list) else None

    def put_many(self, answers: list[tuple[str, list[dict]]]) -> None:
        """Store (key, matches) pairs, and delete the stale answers, in one transaction."""
        if self._db is None or not answers:
            return
        now = time.time()
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO answers VALUES (?, ?, ?)",
                                     [(key, now, json.dumps(m, ensure_ascii=False)) for key, m in answers])
                self._db.execute("DELETE FROM answers WHERE created < ?", (now - MAX_AGE_SECONDS,))
        except (sqlite3.Error, ValueError, TypeError):
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
