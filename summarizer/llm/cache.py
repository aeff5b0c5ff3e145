"""A disk cache of validated LLM answers, shared across processes.

The key is ours, not instructor's: SHA-256 over the model, the instructor mode,
the prompt version, a hash of the response model's JSON Schema, the stage, and
the rendered system and user prompts (the input). Changing any of these misses;
rotating the API key or the base URL does not (neither is part of the key, and
neither is ever stored).

The value is JSON text: the validated object, the token usage it cost, and the
raw chat completion (so `--record` can write a fixture from a cache hit). An
entry that cannot be read or parsed is treated as a miss and overwritten; the
cache is an accelerator and never a reason for a run to fail: a damaged cache is
moved aside with one warning, a full disk stops caching with one warning (see
`AnswerCache`).

Only live answers that passed their checks are cached: an answer kept unchecked
after its re-asks ran out is not, and a caller that rejects an answer after the fact
(the extract stage, when verification guts it) removes it with `delete`.

Only live answers are cached. Replayed fixtures are already local and free, and
caching them would hide a stale fixture behind a fresh-looking cache entry.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import sqlite3
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from summarizer.llm.prompts import Prompt

if TYPE_CHECKING:
    import diskcache

log = logging.getLogger(__name__)


@cache
def schema_hash(response_model: type[BaseModel]) -> str:
    """SHA-256 of the response model's JSON Schema (what the model is asked to fill)."""
    schema = json.dumps(response_model.model_json_schema(), sort_keys=True)
    return hashlib.sha256(schema.encode("utf-8")).hexdigest()


def cache_key(
    *, model: str, mode: str, stage: str, prompt: Prompt, response_model: type[BaseModel]
) -> str:
    """The answer's key: model, mode, prompt version, schema, stage and prompt text."""
    parts = [
        model,
        mode,
        prompt.version,
        schema_hash(response_model),
        stage,
        prompt.system,
        prompt.user,
    ]
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


@dataclass(frozen=True)
class CachedAnswer:
    """What a cache hit gives back."""

    object_json: str
    prompt_tokens: int
    completion_tokens: int
    completion: dict[str, Any]


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


class AnswerCache:
    """diskcache under `directory/llm` that degrades instead of failing the run.

    * A cache that cannot be opened because it is damaged is moved aside
      (`llm.damaged-<time>`) with one warning and a fresh one is opened; if that
      fails too, or the disk cannot be written, the run goes on without a cache.
    * A damaged database met while reading is moved aside the same way, and the
      rest of the run goes without a cache.
    * A full disk while writing stops further writes (one warning); hits still work.
    * An unreadable single entry is a miss, and is overwritten.
    """

    def __init__(self, directory: Path) -> None:
        self._path = directory / "llm"
        self._cache: diskcache.Cache | None = None
        self._writable = True
        try:
            self._cache = self._open()
        except Exception as error:
            if not _is_corrupt(error):
                self._disable(f"cannot open the answer cache {self._path}: {error}")
                return
            self._move_aside(error)
            try:
                self._cache = self._open()
            except Exception as again:
                self._disable(f"cannot open a fresh answer cache {self._path}: {again}")

    def _open(self) -> diskcache.Cache:
        import diskcache

        return diskcache.Cache(str(self._path))

    def _disable(self, reason: str) -> None:
        log.warning("%s; continuing without the cache", reason)
        if self._cache is not None:
            with contextlib.suppress(Exception):
                self._cache.close()
        self._cache = None

    def _move_aside(self, error: BaseException) -> None:
        """Rename the damaged cache directory so that a fresh one can take its place."""
        if self._cache is not None:
            with contextlib.suppress(Exception):
                self._cache.close()
            self._cache = None
        aside = self._path.with_name(f"llm.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
        try:
            self._path.rename(aside)
        except OSError as rename_error:
            log.warning(
                "the answer cache %s is damaged (%s) and cannot be moved aside (%s)",
                self._path,
                error,
                rename_error,
            )
            return
        log.warning("the answer cache %s is damaged (%s); moved it to %s", self._path, error, aside)

    @property
    def enabled(self) -> bool:
        return self._cache is not None

    def get(self, key: str) -> CachedAnswer | None:
        if self._cache is None:
            return None
        try:
            raw = self._cache.get(key)
        except Exception as error:
            if _is_corrupt(error):
                self._move_aside(error)
                self._disable("the answer cache is damaged")
            else:
                log.warning("ignoring unreadable cache entry %s: %s", key[:12], error)
            return None
        if raw is None:
            return None
        try:
            data = json.loads(raw)
            return CachedAnswer(
                object_json=str(data["object"]),
                prompt_tokens=int(data["prompt_tokens"]),
                completion_tokens=int(data["completion_tokens"]),
                completion=dict(data["completion"]),
            )
        except Exception as error:  # an entry written by another version, truncated ...
            log.warning("ignoring unreadable cache entry %s: %s", key[:12], error)
            return None

    def put(self, key: str, answer: CachedAnswer) -> None:
        if self._cache is None or not self._writable:
            return
        value = json.dumps(
            {
                "object": answer.object_json,
                "prompt_tokens": answer.prompt_tokens,
                "completion_tokens": answer.completion_tokens,
                "completion": answer.completion,
            },
            ensure_ascii=False,
        )
        try:
            self._cache.set(key, value)
        except Exception as error:
            if _is_full(error):
                self._writable = False
                log.warning(
                    "the disk under the answer cache is full (%s); "
                    "not caching further answers in this run",
                    error,
                )
            elif _is_corrupt(error):
                self._move_aside(error)
                self._disable("the answer cache is damaged")
            else:
                log.warning("could not write cache entry %s: %s", key[:12], error)

    def delete(self, key: str) -> None:
        """Forget an answer the caller rejected; like `put`, never a reason to fail."""
        if self._cache is None:
            return
        try:
            self._cache.delete(key)
        except Exception as error:  # as with `put`, the cache never fails the run
            log.warning("could not delete cache entry %s: %s", key[:12], error)

    def close(self) -> None:
        if self._cache is not None:
            with contextlib.suppress(Exception):
                self._cache.close()
            self._cache = None
