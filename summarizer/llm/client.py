"""The LLM layer: the only code that talks to openai and instructor.

`LLM.structured(stage=..., key=..., prompt=..., response_model=...)` returns a
validated pydantic object. Everything around that one call lives here:

* **Modes.** Live (`Settings.live`: a key or a base URL) uses `openai.AsyncOpenAI`
  wrapped by `instructor.from_openai(mode=Settings.mode)`. Replay uses the very same
  path, but the OpenAI client's httpx2 transport serves recorded bodies from
  `fixtures/` (see `llm_replay`), in the mode each fixture was recorded in. Client
  construction and instructor-specific workarounds live in `llm_client`.
* **Cache** (`llm_cache`): live, checked answers only (`discard` removes one the
  caller rejects), keyed by model, mode, prompt version,
  schema hash, stage and prompt text. A hit makes no call.
* **Retries** (`llm_retry`): one tenacity loop here retries transient faults with
  jittered exponential backoff that honours Retry-After. openai's own retries are
  off (`max_retries=0`); instructor's `max_retries` only re-asks after invalid
  output (`Settings.max_reasks`). When the re-asks run out, the last answer is parsed
  again *without* the validation context, so an article is not lost over a quote
  that code will drop later anyway. `finish_reason="length"` raises
  `OutputTruncatedError` so that the caller can split its input.
* **Deadlines.** httpx2's timeout is per read, so a server that drips one byte a
  second never trips it. `Settings.timeout` bounds each call in wall time instead:
  its clock starts when the first attempt gets a concurrency slot, and covers every
  attempt, re-ask and backoff wait (`asyncio.timeout` around each attempt, with what
  is left). `Settings.deadline` bounds the whole run: a call that would start after
  it fails at once, one in flight is cut off; both raise `LLMError`, so the caller
  lists the article as a failure and goes on with the rest.
* **Limits** (`llm_limits`) and **usage/budget** (`llm_usage`).
* **Secrets.** The key lives only inside the OpenAI client. Every message built
  here is redacted, and a log filter masks it in the SDKs' log records; no cache
  entry, fixture or log line carries it.

openai and instructor take about two seconds to import, so they are imported
inside methods: `import summarizer.llm.client` (and `summarizer --help`) stays cheap.
The first call that misses the cache imports them and builds the clients in a
worker thread (`_sdk_ready`), started at once, so the event loop goes on loading
articles and preparing calls meanwhile; a warm run (every answer cached) never
imports them at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import BaseModel, ValidationError

from summarizer.config import Settings
from summarizer.core.items import SCHEMA_VERSION
from summarizer.errors import LLMConfigError, LLMError, OutputTruncatedError
from summarizer.llm.cache import AnswerCache, CachedAnswer, cache_key, schema_hash
from summarizer.llm.limits import ON_WIRE, Limits
from summarizer.llm.prompts import Prompt, compile_template
from summarizer.llm.replay import (
    FIXTURE_HEADER,
    RECORD_HINT,
    Fixture,
    load_fixture,
    write_fixture,
)
from summarizer.llm.retry import (
    LogRedactor,
    backoff_seconds,
    config_error,
    describe,
    install_log_redactor,
    is_transient,
    parse_errors,
    reasking,
    remove_log_redactor,
    settings_redactor,
)
from summarizer.llm.sdk import (
    VALIDATION_CONTEXT,
    instructor_client,
    new_openai,
    parse_unchecked,
    runtime_model,
    total_usage,
)
from summarizer.llm.usage import BATCH_PRICE_FACTOR, Ledger, RunUsage

if TYPE_CHECKING:
    from instructor import AsyncInstructor
    from openai import AsyncOpenAI
    from tenacity import RetryCallState

__all__ = ["LLM", "RunUsage"]

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)


@cache
def _schema_chars(model: type[BaseModel]) -> int:
    return len(json.dumps(model.model_json_schema()))


def _prompt_chars(prompt: Prompt, response_model: type[BaseModel]) -> int:
    """What a call sends: its messages and the response model's schema."""
    return len(prompt.system) + len(prompt.user) + _schema_chars(response_model)


@dataclass(frozen=True)
class _Call:
    """One unit of work, as the layer sees it."""

    stage: str
    key: str
    prompt: Prompt
    response_model: type[BaseModel]
    context: dict[str, Any] | None
    mode: str
    live: bool
    headers: dict[str, str]

    @property
    def name(self) -> str:
        return f"{self.stage}/{self.key}"


@dataclass
class _Deadline:
    """The wall-clock limits of one call: `timeout` from its first attempt, and the run's."""

    timeout: float
    run_end: float | None
    call_end: float | None = None

    def remaining(self) -> float:
        """Seconds left; the call's own clock starts at the first question."""
        now = time.monotonic()
        if self.call_end is None:
            self.call_end = now + self.timeout
        end = self.call_end if self.run_end is None else min(self.call_end, self.run_end)
        return end - now

    def run_passed(self) -> bool:
        return self.run_end is not None and time.monotonic() >= self.run_end


@dataclass(frozen=True)
class _Answer:
    """A validated answer, detached from instructor (no `_raw_response` attached)."""

    value: BaseModel
    object_json: str
    completion: dict[str, Any]
    prompt_tokens: int
    completion_tokens: int
    checked: bool = True
    """False when the re-asks ran out and the answer was parsed without its checks."""


class LLM:
    """Structured LLM calls with replay, cache, retries, limits and a budget."""

    def __init__(self, settings: Settings) -> None:
        if settings.record and not settings.live:
            raise LLMConfigError(f"--record needs a live endpoint: {RECORD_HINT}")
        self._settings = settings
        self._redact = settings_redactor(settings)
        self._ledger = Ledger(
            settings.prices.get(settings.model), settings.max_cost, settings.model
        )
        self._limits = Limits(
            settings.concurrency, settings.requests_per_minute, settings.tokens_per_minute
        )
        self._fixtures: dict[str, Fixture] = {}
        self._cache: AnswerCache | None = None
        self._openai: AsyncOpenAI | None = None
        self._clients: dict[str, AsyncInstructor] = {}
        self._log_filter: LogRedactor | None = None
        self._run_end = time.monotonic() + settings.deadline if settings.deadline else None
        self._sdk: asyncio.Future[None] | None = None
        self._sdk_built = asyncio.Event()

    # ------------------------------------------------------------------ public API

    @property
    def usage(self) -> RunUsage:
        return self._ledger.usage

    async def structured(
        self,
        *,
        stage: str,
        key: str,
        prompt: Prompt,
        response_model: type[M],
        context: dict[str, Any] | None = None,
        schema_version: str = SCHEMA_VERSION,
        cache_unchecked: bool = False,
    ) -> M:
        """Ask for a `response_model`; `context` is instructor's validation context.

        An answer that still failed validation when the re-asks ran out is returned
        unchecked and, unless `cache_unchecked`, not cached: a rerun asks again."""
        # A recording run names each call, so a recording proxy (tools/blind) can file it.
        named = {FIXTURE_HEADER: f"{stage}/{key}"} if self._settings.record else {}
        call = _Call(
            stage, key, prompt, response_model, context, self._settings.mode, True, headers=named
        )
        if not self._settings.live:
            fixture = load_fixture(self._settings.fixtures_dir, stage, key, schema_version)
            self._fixtures[fixture.name] = fixture
            replay = _Call(
                stage, key, prompt, response_model, context, fixture.mode, False,
                headers={FIXTURE_HEADER: fixture.name},
            )  # fmt: skip
            answer = await self._ask(replay)
            return cast(M, answer.value)

        cache = self._answer_cache()
        ckey = cache_key(
            model=self._settings.model,
            mode=call.mode,
            stage=stage,
            prompt=prompt,
            response_model=response_model,
        )
        hit = cache.get(ckey) if cache is not None else None
        if hit is not None:
            try:
                value = response_model.model_validate_json(hit.object_json)
            except ValidationError as error:
                log.warning(
                    "%s: cached answer no longer parses, asking again: %s", call.name, error
                )
            else:
                self._ledger.count(stage, cache_hit=True)
                self._record(call, schema_version, hit.completion)
                return value
        answer = await self._ask(call)
        if cache is not None and (answer.checked or cache_unchecked):
            cache.put(
                ckey,
                CachedAnswer(
                    object_json=answer.object_json,
                    prompt_tokens=answer.prompt_tokens,
                    completion_tokens=answer.completion_tokens,
                    completion=answer.completion,
                ),
            )
        self._record(call, schema_version, answer.completion)
        return cast(M, answer.value)

    def warm_up(self, calls: Iterable[tuple[str, type[BaseModel]]]) -> None:
        """Do now what the first call of each (prompt template, response model) would
        otherwise do on its way out: compile the template and compute the model's
        schema hash and size, and, if the SDK is already imported (a warm run never
        imports it), instructor's runtime model. For calls that wait on other answers
        (merge's proposals, the summaries): a worker thread warms them while the
        extraction answers are awaited, so the first request of their round leaves
        sooner. Any error is left for the call itself to meet."""
        sdk = self._openai is not None
        for name, response_model in calls:
            with contextlib.suppress(Exception):
                compile_template(name)
                schema_hash(response_model)
                _schema_chars(response_model)
                if sdk:
                    runtime_model(response_model)

    def discard(self, *, stage: str, prompt: Prompt, response_model: type[BaseModel]) -> None:
        """Remove a cached answer that the caller rejected, so that a rerun asks again."""
        cache = self._answer_cache() if self._settings.live else None
        if cache is not None:
            cache.delete(
                cache_key(
                    model=self._settings.model,
                    mode=self._settings.mode,
                    stage=stage,
                    prompt=prompt,
                    response_model=response_model,
                )
            )

    async def aclose(self) -> None:
        if self._sdk is not None:
            await asyncio.wait([self._sdk])  # a client still being built is closed too
        if self._openai is not None:
            await self._openai.close()
            self._openai = None
            self._clients.clear()
        if self._log_filter is not None:
            remove_log_redactor(self._log_filter)
            self._log_filter = None
        if self._cache is not None:
            self._cache.close()
            self._cache = None

    async def __aenter__(self) -> LLM:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    # ------------------------------------------------------------------ clients

    def _answer_cache(self) -> AnswerCache | None:
        if not self._settings.use_cache:
            return None
        if self._cache is None:
            self._cache = AnswerCache(self._settings.cache_dir)
        return self._cache

    async def _sdk_ready(self, mode: str, response_model: type[BaseModel]) -> None:
        """Import the SDKs and build the first client in a worker thread, once.

        Every call that misses the cache awaits the same thread (shielded, so that one
        cancelled call does not cancel it for the others). `_client` and
        `runtime_model` then find everything built.
        """
        if self._sdk is None:

            def build() -> None:
                started = time.perf_counter()
                self._client(mode)
                runtime_model(response_model)
                log.debug("SDK imported, client built in %.2f s", time.perf_counter() - started)

            self._sdk = asyncio.ensure_future(asyncio.to_thread(build))
            self._sdk.add_done_callback(lambda _: self._sdk_built.set())
        await asyncio.shield(self._sdk)

    async def sdk_built(self) -> None:
        """Return once the SDKs are imported and the client built (or that failed): the
        first call that misses the cache starts it; a warm run never does, so this may
        never return. The loader waits for it before loading far ahead, since the
        import is pure CPU that anything else running meanwhile delays."""
        await self._sdk_built.wait()

    def _client(self, mode: str) -> AsyncInstructor:
        if mode not in self._clients:
            if self._openai is None:
                self._log_filter = install_log_redactor(self._redact)
                self._openai = new_openai(self._settings, self._fixtures)
            self._clients[mode] = instructor_client(self._openai, mode)
        return self._clients[mode]

    # ------------------------------------------------------------------ one call

    async def _ask(self, call: _Call) -> _Answer:
        """Retry transient faults around `_attempt`; map failures to our errors."""
        from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt

        settings = self._settings
        deadline = _Deadline(settings.timeout, self._run_end)
        if deadline.run_passed():
            raise self._too_late(call, deadline)
        prompt_chars = _prompt_chars(call.prompt, call.response_model)
        estimate = self._ledger.estimate(prompt_chars, settings.max_output_tokens)
        if call.live:
            self._ledger.reserve(call.stage, call.key, estimate)
        self._ledger.count(call.stage, call=True, replayed=not call.live)
        tokens = prompt_chars // 3 + settings.max_output_tokens

        def wait(state: RetryCallState) -> float:
            error = state.outcome.exception() if state.outcome else None
            delay = backoff_seconds(error, state.attempt_number, settings.max_retry_wait)
            return max(0.0, min(delay, deadline.remaining()))

        def before_sleep(state: RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome else None
            delay = state.next_action.sleep if state.next_action else 0.0
            self._ledger.count(call.stage, retries=1)
            self._say(
                f"{call.name}: {describe(error) if error else 'error'}; retry "
                f"{state.attempt_number}/{settings.max_retries} in {delay:.1f}s"
            )

        retrying = AsyncRetrying(
            stop=stop_after_attempt(settings.max_retries + 1),
            wait=wait,
            retry=retry_if_exception(is_transient),
            before_sleep=before_sleep,
            reraise=True,
        )
        try:
            await self._sdk_ready(call.mode, call.response_model)
            answer: _Answer = await retrying(self._attempt, call, tokens, deadline)
        except LLMError:
            raise
        except Exception as error:
            fatal = config_error(error, call.name, self._redact)
            if fatal is not None:
                raise fatal from None
            attempts = retrying.statistics.get("attempt_number", 1)
            raise LLMError(
                self._redact(f"{call.name}: {describe(error)} (after {attempts} attempts)")
            ) from None
        finally:
            if call.live:
                self._ledger.release(estimate)
        return answer

    def _too_late(self, call: _Call, deadline: _Deadline) -> LLMError:
        if deadline.run_passed():
            return LLMError(
                f"{call.name}: the run deadline passed (--deadline {self._settings.deadline:g} s)"
            )
        return LLMError(f"{call.name}: no complete answer within --timeout {deadline.timeout:g} s")

    async def _attempt(self, call: _Call, tokens: int, deadline: _Deadline) -> _Answer:
        """One request (plus instructor's re-asks) inside a concurrency slot, in time."""
        from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException

        reasks = reasking(self._settings.max_reasks)
        messages = call.prompt.messages()
        client = self._client(call.mode)  # the first builds it: imports are not the server's time
        lease = self._limits.lease(tokens)
        await lease.take()  # the call's clock starts when it has a slot
        wire = ON_WIRE.set(lease)  # the HTTP hooks give it back once each answer is read
        try:
            left = deadline.remaining()
            if left <= 0:
                raise self._too_late(call, deadline)
            # The context reaches validators via runtime_model, never instructor's
            # `context=` (which would render our prompts as Jinja2 templates).
            token = VALIDATION_CONTEXT.set(call.context)
            try:
                async with asyncio.timeout(left):
                    value, completion = await client.create_with_completion(
                        model=self._settings.model,
                        messages=messages,  # type: ignore[arg-type]
                        response_model=runtime_model(call.response_model),
                        max_retries=reasks,
                        max_tokens=self._settings.max_output_tokens,
                        extra_headers=call.headers,
                    )
            except TimeoutError:
                raise self._too_late(call, deadline) from None
            except IncompleteOutputException as error:
                self._count_tokens(call, getattr(error.last_completion, "usage", None))
                raise OutputTruncatedError(
                    f"{call.name}: output truncated at the token limit "
                    f"({self._settings.max_output_tokens} tokens); split the input"
                ) from None
            except InstructorRetryException as error:
                self._count_tokens(call, error.total_usage)
                self._ledger.count(call.stage, reasks=max(0, error.n_attempts - 1))
                if error.last_completion is None or not isinstance(error.__cause__, parse_errors()):
                    raise  # an API error: the retry loop unwraps and judges it
                return self._salvage(call, error.last_completion, error.n_attempts)
            finally:
                VALIDATION_CONTEXT.reset(token)
        finally:
            ON_WIRE.reset(wire)
            lease.give_back()
        self._ledger.count(call.stage, reasks=reasks.statistics.get("attempt_number", 1) - 1)
        usage = total_usage(value, completion.usage)
        return self._answer(call, value, completion, usage)

    def _salvage(self, call: _Call, completion: Any, attempts: int) -> _Answer:
        """Re-asks ran out: parse the last answer without the validation context."""
        try:
            value = parse_unchecked(completion, call.response_model, call.mode)
        except Exception as error:
            raise LLMError(
                self._redact(
                    f"{call.name}: invalid output after {attempts} attempts: "
                    f"{str(error).splitlines()[0][:200]}"
                )
            ) from None
        self._say(
            f"{call.name}: output still failed validation after {attempts} attempts; "
            "kept it unchecked (the verify stage drops ungrounded quotes)"
        )
        return self._answer(call, value, completion, None, checked=False)

    # ------------------------------------------------------------------ bookkeeping

    def _answer(
        self, call: _Call, value: Any, completion: Any, counted: Any, *, checked: bool = True
    ) -> _Answer:
        """Package an answer; `counted` is usage not yet booked (None: already booked)."""
        if counted is not None:
            self._count_tokens(call, counted)
        usage = getattr(counted, "prompt_tokens", 0) or 0, getattr(counted, "completion_tokens", 0)
        object_json = value.model_dump_json()
        return _Answer(
            value=call.response_model.model_validate_json(object_json),
            object_json=object_json,
            completion=completion.model_dump(mode="json", exclude_unset=True),
            prompt_tokens=int(usage[0] or 0),
            completion_tokens=int(usage[1] or 0),
            checked=checked,
        )

    def _count_tokens(self, call: _Call, usage: Any) -> None:
        prompt = int(getattr(usage, "prompt_tokens", 0) or 0)
        completion = int(getattr(usage, "completion_tokens", 0) or 0)
        if call.live:
            self._ledger.record_live(call.stage, prompt, completion)
        else:
            self._ledger.record_replay(call.stage, prompt, completion)

    def _record(self, call: _Call, schema_version: str, completion: dict[str, Any]) -> None:
        if not self._settings.record:
            return
        fixture = Fixture(
            stage=call.stage,
            key=call.key,
            schema_version=schema_version,
            prompt_version=call.prompt.version,
            model=str(completion.get("model") or self._settings.model),
            mode=call.mode,
            hand_written=False,
            response=completion,
        )
        path = write_fixture(self._settings.fixtures_dir, fixture)
        log.info("recorded %s", path)

    def _say(self, message: str) -> None:
        message = self._redact(message)
        log.info("%s", message)

    # ------------------------------------------------------------------ Batch API

    def record_batch_answer(self, stage: str, prompt_tokens: int, completion_tokens: int) -> None:
        """Book one answer billed by the Batch API (at its discount; see `llm_batch`)."""
        self._ledger.record_batch(stage, prompt_tokens, completion_tokens)

    def reserve_batch(
        self, stage: str, key: str, calls: list[tuple[Prompt, type[BaseModel]]]
    ) -> float:
        """Hold the budget for calls about to be batched, or raise `BudgetExceededError`.

        The Batch API bills them after this run, so what this run submits stays held
        (at the batch discount, estimated like a live call) until the run ends, unless
        `release_batch` gives it back because the batch was not submitted. Returns the
        amount held.
        """
        estimate = BATCH_PRICE_FACTOR * sum(
            self._ledger.estimate(_prompt_chars(prompt, model), self._settings.max_output_tokens)
            for prompt, model in calls
        )
        self._ledger.reserve(stage, key, estimate)
        return estimate

    def release_batch(self, held: float) -> None:
        """Give back what `reserve_batch` held for calls that were not submitted."""
        self._ledger.release(held)
