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
`summarizer.store`, which also keeps what code computed from the answers).

Only live answers that passed their checks are cached: an answer kept unchecked
after its re-asks ran out is not, and a caller that rejects an answer after the fact
(the extract stage, when verification guts it) removes it with `delete`.

Only live answers are cached. Replayed fixtures are already local and free, and
caching them would hide a stale fixture behind a fresh-looking cache entry.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from summarizer.llm.prompts import Prompt
from summarizer.store import DiskStore

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


class AnswerCache(DiskStore):
    """The answers under `directory/llm`; a damaged or full store degrades as
    `summarizer.store.DiskStore` says, and an unreadable entry is a miss."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory, "llm", "answer cache")

    def get(self, key: str) -> CachedAnswer | None:
        raw = self.get_text(key)
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
        value = json.dumps(
            {
                "object": answer.object_json,
                "prompt_tokens": answer.prompt_tokens,
                "completion_tokens": answer.completion_tokens,
                "completion": answer.completion,
            },
            ensure_ascii=False,
        )
        self.put_text(key, value)
