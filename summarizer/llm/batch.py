"""OpenAI's Batch API for structured calls: half the price, the answers a run later.

`BatchClient.submit` sends calls as one batch; `BatchClient.collect` asks about a
batch and, once it is finished, turns its answers into answer-cache entries. What
to submit and which batch holds which call is the caller's business (the digest
keeps it in its state store, see `digest_batch`); this module knows calls only.

* **The same request.** Each JSONL line's body is what `LLM.structured` sends live
  for that call: instructor's own request preparation (`llm_client.request_body`)
  over the same `runtime_model`, mode, model, messages and `max_tokens` (a test
  compares the two bodies in every mode). `instructor.batch.BatchProcessor` does
  not fit: it always asks for strict `json_schema` output with a `temperature` and
  `max_tokens` of its own, builds its own synchronous client from the environment
  (ignoring our base URL, timeout and key handling), and parses only
  `message.content`, without a validation context.
* **The same answers.** An output line's body is parsed as a `ChatCompletion` by
  instructor's `process_response` (`llm_client.parse_completion`) with the call's
  validation context, so quote grounding is checked as on the live path. A valid
  answer is stored in the `AnswerCache` under the key the live path computes
  (`llm_cache.cache_key`: model, mode, prompt version, schema, stage, prompts),
  and the ordinary path then finds it as a cache hit and makes no call. An answer
  that does not parse or validate, an error line, a missing line, and every call
  of a failed, expired or cancelled batch are *rejected*: the caller falls back to
  the live path, which asks afresh with its bounded re-asks. Settings changed
  between submitting and collecting (model, mode) make the stored answers misses,
  never wrong hits.
* **Money.** Every answer the batch billed, valid or not, is booked through
  `LLM.record_batch_answer` at `llm_usage.BATCH_PRICE_FACTOR` of the price table.
* **Faults.** The few file and batch requests use openai's own retries (two, with
  its backoff); `llm_retry`'s loop is for chat calls. Authentication and quota
  errors stop the run (`LLMConfigError`), other failures raise `LLMError` for the
  caller to report, and a batch the endpoint does not know (404) counts as failed.
* **Secrets.** The key lives only in the OpenAI client; messages are redacted, and
  the SDK log filter is installed while the client is open.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

from pydantic import BaseModel

from summarizer.config import Settings
from summarizer.errors import LLMConfigError, LLMError
from summarizer.llm.cache import AnswerCache, CachedAnswer, cache_key
from summarizer.llm.prompts import Prompt
from summarizer.llm.retry import (
    LogRedactor,
    config_error,
    describe,
    install_log_redactor,
    remove_log_redactor,
    settings_redactor,
)
from summarizer.llm.sdk import new_openai, parse_completion, request_body

if TYPE_CHECKING:
    from openai import AsyncOpenAI

    from summarizer.llm.client import LLM

log = logging.getLogger(__name__)

T = TypeVar("T")

ENDPOINT: Final[Literal["/v1/chat/completions"]] = "/v1/chat/completions"
FINISHED = frozenset({"completed", "failed", "expired", "cancelled", "not_found"})
"""Batch statuses after which nothing more arrives ("not_found": the endpoint lost it)."""
SDK_RETRIES = 2


def require_batch_endpoint(settings: Settings) -> None:
    """Raise `LLMConfigError` unless batch mode can work with these settings."""
    if not settings.live:
        raise LLMConfigError(
            "--batch (and picking up open Batch API jobs) needs a live endpoint "
            "(set OPENAI_API_KEY or OPENAI_BASE_URL); replayed fixtures have no Batch API"
        )
    if not settings.use_cache:
        raise LLMConfigError("--batch needs the answer cache (batch answers arrive through it)")


@dataclass(frozen=True)
class BatchRequest:
    """One structured call to send in a batch, as `LLM.structured` would make it live."""

    custom_id: str
    stage: str
    prompt: Prompt
    response_model: type[BaseModel]


@dataclass(frozen=True)
class ExpectedAnswer:
    """Where the answer to `custom_id` goes, and the context it is validated with."""

    custom_id: str
    stage: str
    cache_key: str
    response_model: type[BaseModel]
    context: dict[str, Any] | None


@dataclass(frozen=True)
class Submitted:
    batch_id: str
    cache_keys: dict[str, str]
    """custom_id -> the live path's cache key for that call."""


@dataclass
class Collected:
    """A batch's state; once finished, which answers are cached and which fall back."""

    status: str
    cached: set[str] = field(default_factory=set)
    rejected: dict[str, str] = field(default_factory=dict)
    """custom_id -> why the live path has to ask for it."""

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


class BatchClient:
    """The Batch API of the run's live endpoint, writing answers into the answer cache."""

    def __init__(self, settings: Settings, llm: LLM) -> None:
        require_batch_endpoint(settings)
        self._settings = settings
        self._llm = llm
        self._redact = settings_redactor(settings)
        self._cache = AnswerCache(settings.cache_dir)
        self._openai: AsyncOpenAI | None = None
        self._log_filter: LogRedactor | None = None

    async def __aenter__(self) -> BatchClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._openai is not None:
            await self._openai.close()
        if self._log_filter is not None:
            remove_log_redactor(self._log_filter)
        self._cache.close()

    def cache_key(self, request: BatchRequest) -> str:
        """The key under which `LLM.structured` looks this call's answer up."""
        return cache_key(
            model=self._settings.model,
            mode=self._settings.mode,
            stage=request.stage,
            prompt=request.prompt,
            response_model=request.response_model,
        )

    def is_cached(self, request: BatchRequest) -> bool:
        return self._cache.get(self.cache_key(request)) is not None

    def _input_line(self, request: BatchRequest) -> dict[str, Any]:
        """The batch input line for `request`: its body is the live request's body."""
        body = request_body(
            request.response_model,
            self._settings.mode,
            model_name=self._settings.model,
            messages=request.prompt.messages(),
            max_tokens=self._settings.max_output_tokens,
        )
        return {"custom_id": request.custom_id, "method": "POST", "url": ENDPOINT, "body": body}

    async def submit(self, requests: Sequence[BatchRequest], *, name: str) -> Submitted:
        """Upload `requests` as a JSONL file named `name` and start a 24-hour batch on it."""
        lines = (json.dumps(self._input_line(r), ensure_ascii=False) + "\n" for r in requests)
        data = "".join(lines).encode("utf-8")
        client = self._client()
        upload = await self._api(
            "uploading the batch input",
            client.files.create(file=(f"{name}.jsonl", data, "application/jsonl"), purpose="batch"),
        )
        batch = await self._api(
            "creating the batch",
            client.batches.create(
                input_file_id=upload.id,
                endpoint=ENDPOINT,
                completion_window="24h",
                metadata={"name": name},
            ),
        )
        log.info("submitted batch %s: %d requests", batch.id, len(requests))
        return Submitted(batch.id, {r.custom_id: self.cache_key(r) for r in requests})

    async def collect(self, batch_id: str, expected: Sequence[ExpectedAnswer]) -> Collected:
        """The batch's status; when it is finished, its valid answers are in the cache."""
        import openai

        client = self._client()
        try:
            batch = await client.batches.retrieve(batch_id)
        except openai.NotFoundError:
            return self._settle(Collected("not_found"), expected)
        except Exception as error:
            raise self._error(f"checking batch {batch_id}", error) from None
        collected = Collected(batch.status)
        if collected.finished and batch.output_file_id:
            output = await self._api(
                f"downloading the output of batch {batch_id}",
                client.files.content(batch.output_file_id),
            )
            self._take_output(output.text, {e.custom_id: e for e in expected}, collected)
        return self._settle(collected, expected)

    # ------------------------------------------------------------------ internals

    def _client(self) -> AsyncOpenAI:
        if self._openai is None:
            self._log_filter = install_log_redactor(self._redact)
            client = new_openai(self._settings, {})
            self._openai = client.with_options(max_retries=SDK_RETRIES)
        return self._openai

    async def _api(self, what: str, request: Awaitable[T]) -> T:
        try:
            return await request
        except Exception as error:
            raise self._error(what, error) from None

    def _error(self, what: str, error: Exception) -> LLMError:
        import openai

        if isinstance(error, openai.NotFoundError):
            hint = "does this endpoint offer the Batch API?"
            return LLMConfigError(self._redact(f"{what}: not found (HTTP 404); {hint}"))
        fatal = config_error(error, what, self._redact)
        return fatal or LLMError(self._redact(f"{what}: {describe(error)}"))

    @staticmethod
    def _settle(collected: Collected, expected: Sequence[ExpectedAnswer]) -> Collected:
        """A finished batch: every expected answer not cached is rejected, with a reason."""
        if collected.finished:
            for item in expected:
                if item.custom_id not in collected.cached:
                    collected.rejected.setdefault(
                        item.custom_id, f"batch {collected.status} without an answer for it"
                    )
        return collected

    def _take_output(
        self, text: str, expected: dict[str, ExpectedAnswer], collected: Collected
    ) -> None:
        for line in filter(str.strip, text.splitlines()):
            try:
                record = json.loads(line)
                item = expected[record["custom_id"]]
            except (json.JSONDecodeError, KeyError, TypeError):
                log.warning("ignoring a batch output line for no request of ours: %.80s", line)
                continue
            reason = self._store_answer(record, item)
            if reason is None:
                collected.cached.add(item.custom_id)
            else:
                collected.rejected[item.custom_id] = reason

    def _store_answer(self, record: dict[str, Any], item: ExpectedAnswer) -> str | None:
        """Validate one output line and cache its answer; why not, if it cannot be used."""
        from openai.types.chat import ChatCompletion

        response = record.get("response") or {}
        body = response.get("body")
        if record.get("error") or response.get("status_code") != 200 or not isinstance(body, dict):
            detail = record.get("error") or (body or {}).get("error") or response.get("status_code")
            return self._redact(f"the batch returned an error: {str(detail)[:200]}")
        usage = body.get("usage") or {}
        prompt_tokens = int(usage.get("prompt_tokens") or 0)
        completion_tokens = int(usage.get("completion_tokens") or 0)
        self._llm.record_batch_answer(item.stage, prompt_tokens, completion_tokens)
        try:
            completion = ChatCompletion.model_validate(body)
            value = parse_completion(
                completion, item.response_model, self._settings.mode, item.context
            )
        except Exception as error:  # any unusable answer goes the live way; none is lost
            first = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
            return self._redact(f"invalid answer: {first}")
        self._cache.put(
            item.cache_key,
            CachedAnswer(
                object_json=value.model_dump_json(),
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
                completion=completion.model_dump(mode="json", exclude_unset=True),
            ),
        )
        return None
