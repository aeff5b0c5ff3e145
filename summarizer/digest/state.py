"""The digest's state: which articles were seen when, and their verified extractions.

SQLite in the state directory, with append-only named migrations (`m001_initial`,
...) recorded in a `migrations` table, so a newer summarizer upgrades an older
state file in place and never rewrites a migration that already ran.

Storing each article's verified extraction is what makes daily digests cheap: an
article seen before is never sent to the model again, and "what changed" is
computed by code against the stored history. A day's articles are recorded only
after its digest is written, in one transaction with the digest row
(`commit_day`): a run that dies or cannot write leaves the state as it was, and
the next run briefs those articles again (from the answer cache).

In batch mode (`digest_batch`) the store also remembers the Batch API jobs
(`m002_batches`): each batch, the articles it holds (as loaded, so that they can
be briefed when the answers arrive even if a feed has dropped them), and for each
call in it (`custom_id`: the article id, or `<id>.<n>of<count>` for a chunk) the
answer-cache key its answer goes to.

`state_lock` makes overlapping runs (a slow cron job and the next one) fail fast
with `LockedError` instead of interleaving writes.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from summarizer.core.articles import Article
from summarizer.core.items import ArticleExtraction
from summarizer.errors import LockedError

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
    (
        "m002_batches",
        """
        CREATE TABLE batches (
            id TEXT PRIMARY KEY,
            submitted_on TEXT NOT NULL,
            status TEXT NOT NULL,
            closed_on TEXT
        );
        CREATE TABLE batch_articles (
            batch_id TEXT NOT NULL REFERENCES batches (id),
            article_id TEXT NOT NULL,
            article TEXT NOT NULL,
            settled_on TEXT,
            PRIMARY KEY (batch_id, article_id)
        );
        CREATE INDEX batch_articles_article ON batch_articles (article_id);
        CREATE TABLE batch_calls (
            batch_id TEXT NOT NULL REFERENCES batches (id),
            custom_id TEXT NOT NULL,
            article_id TEXT NOT NULL,
            cache_key TEXT NOT NULL,
            outcome TEXT,
            PRIMARY KEY (batch_id, custom_id)
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


@dataclass(frozen=True)
class BatchCall:
    """One call in a batch: its custom_id, the article it is for, its answer-cache key."""

    custom_id: str
    article_id: str
    cache_key: str


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

    def commit_day(
        self,
        day: dt.date,
        extractions: Sequence[tuple[ArticleExtraction, str]],
        *,
        settled: Sequence[str],
        findings: int,
    ) -> None:
        """Record a written digest in one transaction: its new articles, settled batch
        articles and the digest row. Called only after the outputs are on disk, so no
        article is ever seen without a digest that contains it.

        `extractions` pairs each new article's extraction with its input name; the
        first day an article was seen is kept.
        """
        with self._db:
            self._db.executemany(
                "INSERT OR IGNORE INTO articles VALUES (?, ?, ?, ?, ?)",
                [
                    (
                        x.source.id,
                        input_name,
                        x.source.title,
                        day.isoformat(),
                        x.model_dump_json(),
                    )
                    for x, input_name in extractions
                ],
            )
            self._db.executemany(
                "UPDATE batch_articles SET settled_on = ? WHERE article_id = ? "
                "AND settled_on IS NULL",
                [(day.isoformat(), article_id) for article_id in settled],
            )
            articles = self._db.execute(
                "SELECT count(*) FROM articles WHERE first_seen = ?", (day.isoformat(),)
            ).fetchone()[0]
            self._db.execute(
                "INSERT OR REPLACE INTO digests VALUES (?, ?, ?, ?)",
                (day.isoformat(), dt.datetime.now(dt.UTC).isoformat(), articles, findings),
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

    def previous_digest(self, day: dt.date) -> dt.date | None:
        row = self._db.execute(
            "SELECT max(day) FROM digests WHERE day < ?", (day.isoformat(),)
        ).fetchone()
        return dt.date.fromisoformat(row[0]) if row and row[0] else None

    # ------------------------------------------------------------------ Batch API jobs

    def add_batch(
        self,
        batch_id: str,
        *,
        day: dt.date,
        articles: Sequence[Article],
        calls: Sequence[BatchCall],
    ) -> None:
        """Record a submitted batch, the articles it holds and where each answer goes."""
        with self._db:
            self._db.execute(
                "INSERT INTO batches VALUES (?, ?, 'submitted', NULL)", (batch_id, day.isoformat())
            )
            self._db.executemany(
                "INSERT INTO batch_articles VALUES (?, ?, ?, NULL)",
                [(batch_id, a.id, a.model_dump_json()) for a in articles],
            )
            self._db.executemany(
                "INSERT INTO batch_calls VALUES (?, ?, ?, ?, NULL)",
                [(batch_id, c.custom_id, c.article_id, c.cache_key) for c in calls],
            )

    def open_batches(self) -> list[str]:
        """Batches whose answers have not been collected yet, oldest first."""
        rows = self._db.execute("SELECT id FROM batches WHERE closed_on IS NULL ORDER BY rowid")
        return [row[0] for row in rows]

    def batch_calls(self, batch_id: str) -> list[BatchCall]:
        rows = self._db.execute(
            "SELECT custom_id, article_id, cache_key FROM batch_calls WHERE batch_id = ?",
            (batch_id,),
        )
        return [BatchCall(*row) for row in rows]

    def batch_articles(self, batch_id: str) -> list[Article]:
        rows = self._db.execute(
            "SELECT article FROM batch_articles WHERE batch_id = ? ORDER BY rowid", (batch_id,)
        )
        return [Article.model_validate_json(row[0]) for row in rows]

    def update_batch(self, batch_id: str, status: str) -> None:
        with self._db:
            self._db.execute("UPDATE batches SET status = ? WHERE id = ?", (status, batch_id))

    def close_batch(
        self, batch_id: str, *, status: str, day: dt.date, outcomes: dict[str, str]
    ) -> None:
        """A finished batch: its status, and per call 'cached' or why it was rejected."""
        with self._db:
            self._db.execute(
                "UPDATE batches SET status = ?, closed_on = ? WHERE id = ?",
                (status, day.isoformat(), batch_id),
            )
            self._db.executemany(
                "UPDATE batch_calls SET outcome = ? WHERE batch_id = ? AND custom_id = ?",
                [(outcome, batch_id, custom_id) for custom_id, outcome in outcomes.items()],
            )

    def batched_article_ids(self, *, open_only: bool = False) -> set[str]:
        """Articles ever submitted in a batch (or only those in batches still open)."""
        query = "SELECT article_id FROM batch_articles"
        if open_only:
            query += " WHERE batch_id IN (SELECT id FROM batches WHERE closed_on IS NULL)"
        return {row[0] for row in self._db.execute(query)}

    def arrived_articles(self) -> list[Article]:
        """Articles of closed batches that no digest has handled yet."""
        rows = self._db.execute(
            "SELECT article FROM batch_articles WHERE settled_on IS NULL AND batch_id IN "
            "(SELECT id FROM batches WHERE closed_on IS NOT NULL) ORDER BY rowid"
        )
        return [Article.model_validate_json(row[0]) for row in rows]
