"""The disk stores under `Settings.cache_dir`: one home for what a run keeps for the next.

Two stores, both diskcache directories that degrade instead of failing the run
(`DiskStore`): the answer cache (`llm/`, what the model said, `llm.cache`) and the
result cache (`results/`, what code computed from those answers: each article's
verified extraction, each merge). A store is an accelerator and never a reason for a
run to fail:

* a store that cannot be opened because it is damaged is moved aside
  (`<name>.damaged-<time>`) with one warning and a fresh one is opened; if that fails
  too, or the disk cannot be written, the run goes on without it;
* a damaged database met while reading is moved aside the same way, and the rest of
  the run goes without the store;
* a full disk while writing stops further writes (one warning); hits still work;
* an unreadable single entry is a miss, and is overwritten.

**Writes happen behind.** `put_text` hands the entry to the store's one writer thread
and returns: a run never waits for the disk (a merge's entry is megabytes of JSON,
tens of milliseconds to write, right when the summaries are to be asked). A value may
be a function that makes the text (`ResultCache.put` passes the model's
`model_dump_json`), called in the writer thread. Until an entry is written, `get_text`
finds it among the pending ones; writes and deletes are applied in the order they were
asked, and `close` waits for all of them. The writer still takes the GIL to serialise
a value, so a caller whose next requests must leave at once holds the writes back
meanwhile (`holding`).

A full disk, or a cache directory that cannot be opened, is one warning per run,
whichever store meets it first: the other store meets the same disk (the report is
held until the store that made it closes, at the end of the run).

**Results.** A warm rerun asks nothing (every answer is cached), so what is left is
code: verifying each answer against its article and merging. Both are pure
functions of their inputs and of the code, so `ResultCache` keeps their outputs
under a key of `code_version()` plus the inputs themselves (the article, the answer,
the proposals), never of names or times. Any change to our code, prompts or word
lists, or to a library that reads dates, numbers or names, changes the version and
misses. Log lines a computation wrote (a certainty lowered, an amount set aside) are
not replayed on a hit; everything the briefing shows is in the stored result.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from pydantic import BaseModel

if TYPE_CHECKING:
    import diskcache

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

READERS = ("pydantic", "dateparser", "babel", "rapidfuzz", "text2num", "py3langid", "regex")
"""Libraries whose version changes what verify and merge compute."""


def _is_corrupt(error: BaseException) -> bool:
    """A damaged database file (moved aside), as opposed to a full or failing disk."""
    text = str(error).lower()
    if "malformed" in text or "not a database" in text:
        return True
    return isinstance(error, sqlite3.DatabaseError) and not isinstance(
        error, sqlite3.OperationalError
    )


def _is_full(error: BaseException) -> bool:
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return isinstance(error, sqlite3.OperationalError) and "full" in str(error).lower()


class DiskStore:
    """Text values by key in diskcache under `directory/name`, degrading as the module
    doc says; `what` names the store in warnings ("answer cache"). The store is opened
    when first used, so a run opens only the stores it needs, in the order it needs
    them (answers before results)."""

    _reported: ClassVar[set[tuple[Path, str]]] = set()
    """(cache directory, problem) warned about by a store still open: a disk's problem once."""

    def __init__(self, directory: Path, name: str, what: str) -> None:
        self._directory = directory
        self._reports: list[tuple[Path, str]] = []
        self._path = directory / name
        self._what = what
        self._cache: diskcache.Cache | None = None
        self._opened = False
        self._opening = threading.Lock()
        self._writable = True
        self._pending: dict[str, Text] = {}
        self._pending_lock = threading.Lock()
        self._writer: ThreadPoolExecutor | None = None
        self._closed = False
        self._holds = 0
        self._draining = 0
        self._released = threading.Condition(self._pending_lock)

    def _store(self) -> diskcache.Cache | None:
        """The open diskcache, opened (or found unusable) on first use, by one thread
        (verification uses the result cache from worker threads; diskcache itself is
        thread-safe)."""
        with self._opening:
            return self._open_once()

    def _open_once(self) -> diskcache.Cache | None:
        if not self._opened:
            self._opened = True
            try:
                self._cache = self._open()
            except Exception as error:
                if not _is_corrupt(error):
                    reason = f"cannot open the {self._what} {self._path}: {error}"
                    self._disable(reason, once="open")
                    return None
                self._move_aside(error)
                try:
                    self._cache = self._open()
                except Exception as again:
                    self._disable(f"cannot open a fresh {self._what} {self._path}: {again}")
        return self._cache

    def _open(self) -> diskcache.Cache:
        import diskcache

        return diskcache.Cache(str(self._path))

    def _warn_once(self, problem: str, message: str, *args: object) -> None:
        """Warn, unless this problem of this cache directory was reported already."""
        seen = (self._directory, problem)
        if seen in DiskStore._reported:
            log.debug(message, *args)
        else:
            DiskStore._reported.add(seen)
            self._reports.append(seen)
            log.warning(message, *args)

    def _close_thread_connection(self) -> None:
        """Close the calling thread's connection (diskcache keeps one per thread)."""
        if self._cache is not None:
            with contextlib.suppress(Exception):
                self._cache.close()

    def _close_cache(self) -> None:
        self._close_thread_connection()
        self._cache = None

    def _disable(self, reason: str, *, once: str | None = None) -> None:
        message = f"%s; continuing without the {self._what.split()[-1]}"
        if once is None:
            log.warning(message, reason)
        else:
            self._warn_once(once, message, reason)
        self._close_cache()

    def _move_aside(self, error: BaseException) -> None:
        """Rename the damaged store directory so that a fresh one can take its place."""
        self._close_cache()
        aside = self._path.with_name(f"{self._path.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
        try:
            self._path.rename(aside)
        except OSError as rename_error:
            log.warning(
                "the %s %s is damaged (%s) and cannot be moved aside (%s)",
                self._what,
                self._path,
                error,
                rename_error,
            )
            return
        log.warning(
            "the %s %s is damaged (%s); moved it to %s", self._what, self._path, error, aside
        )

    @property
    def enabled(self) -> bool:
        return self._store() is not None

    def get_text(self, key: str) -> str | None:
        with self._pending_lock:
            pending = self._pending.get(key)
        if pending is _deleted:
            return None
        if pending is not None:
            return _text(pending)
        cache = self._store()
        if cache is None:
            return None
        try:
            raw = cache.get(key)
        except Exception as error:
            if _is_corrupt(error):
                self._move_aside(error)
                self._disable(f"the {self._what} is damaged")
            else:
                log.warning("ignoring unreadable cache entry %s: %s", key[:12], error)
            return None
        return raw if isinstance(raw, str) else None

    def put_text(self, key: str, value: Text) -> None:
        """Store `value` (text, or a function that makes it) under `key`, behind (not
        at all once the store is found unusable or full)."""
        if self._writable and self._store() is not None:
            self._behind(key, value, self._write)

    def _behind(self, key: str, value: Text, apply: Callable[[str], None]) -> None:
        """Note `value` as `key`'s pending one and have the writer `apply` it (in order)."""
        with self._pending_lock:
            if self._closed:
                return
            self._pending[key] = value
            if self._writer is None:
                name = f"{self._path.name}-writer"
                self._writer = ThreadPoolExecutor(1, thread_name_prefix=name)
            self._writer.submit(apply, key)

    def _settled(self, key: str, value: Text) -> None:
        with self._pending_lock:
            if self._pending.get(key) is value:
                del self._pending[key]

    @contextlib.contextmanager
    def holding(self) -> Iterator[None]:
        """Writes asked before or during the block wait until it ends (still found
        pending by `get_text`): for moments when the event loop must keep the GIL, since
        serialising a merge's entry holds it for tens of milliseconds. `flush` and
        `close` do not wait for the end of a hold."""
        with self._pending_lock:
            self._holds += 1
        try:
            yield
        finally:
            with self._pending_lock:
                self._holds -= 1
                self._released.notify_all()

    def _write(self, key: str) -> None:
        with self._pending_lock:
            while self._holds and not self._draining and not self._closed:
                self._released.wait()
            value = self._pending.get(key)
        if value is None or value is _deleted:
            return  # deleted, or written already with a newer value
        try:
            self._set(key, _text(value))
        except Exception as error:  # a value that cannot be made: not stored, as a failed write
            log.warning("could not write cache entry %s: %s", key[:12], error)
        finally:
            self._settled(key, value)

    def _set(self, key: str, value: str) -> None:
        cache = self._store()
        if cache is None or not self._writable:
            return
        try:
            cache.set(key, value)
        except Exception as error:
            if _is_full(error):
                self._writable = False
                self._warn_once(
                    "full",
                    "the disk under the %s is full (%s); not caching further entries in this run",
                    self._what,
                    error,
                )
            elif _is_corrupt(error):
                self._move_aside(error)
                self._disable(f"the {self._what} is damaged")
            else:
                log.warning("could not write cache entry %s: %s", key[:12], error)

    def delete(self, key: str) -> None:
        """Forget an entry (after the writes asked before); never a reason to fail."""
        self._behind(key, _deleted, self._delete)

    def _delete(self, key: str) -> None:
        try:
            cache = self._store()
            if cache is not None:
                cache.delete(key)
        except Exception as error:
            log.warning("could not delete cache entry %s: %s", key[:12], error)
        finally:
            self._settled(key, _deleted)

    def flush(self) -> None:
        """Wait until every write and delete asked so far is done."""
        with self._pending_lock:
            writer = self._writer
            self._draining += 1
            self._released.notify_all()
        try:
            if writer is not None:
                writer.submit(lambda: None).result()
        finally:
            with self._pending_lock:
                self._draining -= 1

    def close(self) -> None:
        """Finish the pending writes, then close; later writes are not made."""
        with self._pending_lock:
            self._closed = True
            self._released.notify_all()
            writer, self._writer = self._writer, None
        if writer is not None:
            # diskcache keeps a connection per thread: the writer's is closed in the writer,
            # so that what it wrote is checkpointed out of SQLite's write-ahead log.
            writer.submit(self._close_thread_connection)
            writer.shutdown(wait=True)
        self._opened = True  # a closed store is not opened again
        self._close_cache()
        DiskStore._reported.difference_update(self._reports)
        self._reports.clear()


Text = str | Callable[[], str]
"""A value to store: its text, or a function that makes it."""


def _text(value: Text) -> str:
    return value if isinstance(value, str) else value()


def _deleted() -> str:
    """The pending value of a key whose delete is still to be made (never called)."""
    raise AssertionError("a deleted entry has no text")


@cache
def code_version() -> str:
    """SHA-256 over our own source, prompts and word lists, and the versions of the
    libraries that read for us (`READERS`): what a stored result was computed by."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".j2", ".json", ".txt") and "fixtures" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    for name in READERS:
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{name}=={metadata.version(name)}".encode())
    return digest.hexdigest()


def result_key(kind: str, *parts: str) -> str:
    """The key of a computed result: its kind, `code_version()` and its inputs' text."""
    digest = hashlib.sha256()
    for part in (kind, code_version(), *parts):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


class ResultCache(DiskStore):
    """Results code computed (pydantic models as JSON), under `directory/results`."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory, "results", "result cache")

    def get(self, key: str, model: type[M]) -> M | None:
        raw = self.get_text(key)
        if raw is None:
            return None
        try:
            return model.model_validate_json(raw)
        except Exception as error:  # written by another version of a model, truncated ...
            log.warning("ignoring unreadable cache entry %s: %s", key[:12], error)
            return None

    def put(self, key: str, value: BaseModel) -> None:
        """Store `value`, serialised in the writer thread: a stored result is never
        changed afterwards (the pipeline copies models, it does not edit them)."""
        self.put_text(key, value.model_dump_json)


def computed(
    results: ResultCache | None,
    model: type[M],
    kind: str,
    inputs: Callable[[], Sequence[str]],
    compute: Callable[[], M],
) -> M:
    """The stored result of `compute` for these `inputs` (texts, asked for only when there
    is a result cache), or `compute()`, then stored; just `compute()` without a cache."""
    if results is None:
        return compute()
    key = result_key(kind, *inputs())
    found = results.get(key, model)
    if found is None:
        found = compute()
        results.put(key, found)
    return found
