"""The digest's state: which articles were seen when, and their verified extractions.

SQLite in the state directory, with append-only named migrations (`m001_initial`,
...) recorded in a `migrations` table, so a newer summarizer upgrades an older
state file in place and never rewrites a migration that already ran.

Storing each article's verified extraction is what makes daily digests cheap: an
article seen before is never sent to the model again, and "what changed" is
computed by code against the stored history.

`state_lock` makes overlapping runs (a slow cron job and the next one) fail fast
with `LockedError` instead of interleaving writes.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from summarizer.errors import LockedError
from summarizer.models import ArticleExtraction

MIGRATIONS: list[tuple[str, str]] = [
    (
        "m001_initial",
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            input TEXT NOT NULL,
            title TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            extraction TEXT NOT NULL
        );
        CREATE INDEX articles_first_seen ON articles (first_seen);
        CREATE TABLE digests (
            day TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            articles INTEGER NOT NULL,
            findings INTEGER NOT NULL
        );
        """,
    ),
]


@contextmanager
def state_lock(state_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the state directory, or raise LockedError at once."""
    state_dir.mkdir(parents=True, exist_ok=True)
    with (state_dir / "lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise LockedError(f"another digest run holds {state_dir / 'lock'}") from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class StateStore:
    """Seen articles and their extractions, keyed by article id."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._migrate()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def _migrate(self) -> None:
        with self._db:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
            )
        applied = {row[0] for row in self._db.execute("SELECT name FROM migrations")}
        for name, script in MIGRATIONS:
            if name in applied:
                continue
            with self._db:
                for statement in filter(str.strip, script.split(";")):
                    self._db.execute(statement)
                self._db.execute(
                    "INSERT INTO migrations VALUES (?, ?)",
                    (name, dt.datetime.now(dt.UTC).isoformat()),
                )

    def applied_migrations(self) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT name FROM migrations ORDER BY name")]

    def seen_ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT id FROM articles")}

    def save(self, extraction: ArticleExtraction, *, input_name: str, day: dt.date) -> None:
        """Store an article's extraction; the first day it was seen is kept."""
        with self._db:
            self._db.execute(
                "INSERT OR IGNORE INTO articles VALUES (?, ?, ?, ?, ?)",
                (
                    extraction.source.id,
                    input_name,
                    extraction.source.title,
                    day.isoformat(),
                    extraction.model_dump_json(),
                ),
            )

    def extractions(
        self, *, day: dt.date | None = None, before: dt.date | None = None
    ) -> list[ArticleExtraction]:
        """Extractions first seen on `day`, or before `before`, in the order they were seen."""
        query, args = "", []
        if day is not None:
            query, args = "WHERE first_seen = ?", [day.isoformat()]
        elif before is not None:
            query, args = "WHERE first_seen < ?", [before.isoformat()]
        rows = self._db.execute(
            f"SELECT extraction FROM articles {query} ORDER BY first_seen, rowid", args
        )
        return [ArticleExtraction.model_validate_json(row[0]) for row in rows]

    def record_digest(self, day: dt.date, *, articles: int, findings: int) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO digests VALUES (?, ?, ?, ?)",
                (day.isoformat(), dt.datetime.now(dt.UTC).isoformat(), articles, findings),
            )

    def previous_digest(self, day: dt.date) -> dt.date | None:
        row = self._db.execute(
            "SELECT max(day) FROM digests WHERE day < ?", (day.isoformat(),)
        ).fetchone()
        return dt.date.fromisoformat(row[0]) if row and row[0] else None
