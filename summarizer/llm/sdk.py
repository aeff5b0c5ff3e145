"""Building and using the openai + instructor clients (imported lazily by `summarizer.llm.client`).

* `new_openai` builds the one `openai.AsyncOpenAI` of a run: live (key, base URL,
  timeout) or replay (an httpx2 client whose transport serves fixtures). openai's
  own retries are always off; `summarizer.llm.client` owns the single retry loop.
  httpx2 applies `timeout` per read only; the wall-clock bound on a call (and the
  run's deadline) is `summarizer.llm.client`'s, around each attempt.
* `instructor_client` wraps it in the instructor mode named in settings/fixtures.
* `runtime_model` is the response model as handed to instructor: a same-named
  subclass with the JSON Schema computed once (instructor regenerates it on every
  request: ~10 ms of CPU for `ExtractionDraft`, which at 16 calls in flight
  stretches every wave of calls) and the validation context taken from a
  ContextVar (given to instructor, a context turns every message into a Jinja2
  template). It also derives from instructor's public `OpenAISchema`, so instructor
  uses it as it is instead of wrapping it in a new pydantic class on every request
  (~1.3 ms of CPU each, and a fresh class defeats instructor's own schema cache).
* instructor walks the response model for asynchronous validators seven times per
  request (~0.25 ms each). `runtime_model` runs that check once when it builds the
  class; `_skip_rechecks` then lets instructor skip it for those classes only.
* `parse_completion` parses a completion the way instructor does (`parse_unchecked`:
  without the validation context, for answers whose re-asks ran out), and
  `request_body` is the request body instructor builds; the Batch API
  (`llm.batch`) sends and parses through these two.

**instructor internals** (targeting instructor 1.17, `instructor.v2`): every use of a
name instructor does not document lives here, and tests/test_sdk_internals.py fails
loudly when an upgrade moves one: `instructor.v2.core.patch` and
`instructor.v2.validation.async_validators.reject_async_validators` (`_skip_rechecks`),
`instructor.v2.core.response.process_response` / `handle_response_model`, the
`_total_usage` attribute instructor sets on a parsed answer with the usage summed over
re-asks (`total_usage`), and the name of instructor's retry logger
(`INSTRUCTOR_RETRY_LOGGER`), whose per-attempt messages it logs above DEBUG.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextvars import ContextVar
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import BaseModel

from summarizer.config import Settings

if TYPE_CHECKING:
    from instructor import AsyncInstructor, Mode
    from openai import AsyncOpenAI

    from summarizer.llm.replay import Fixture

M = TypeVar("M", bound=BaseModel)

INSTRUCTOR_MODES = {
    "tools": "TOOLS",
    "tools_strict": "TOOLS_STRICT",
    "json_schema": "JSON_SCHEMA",
    "json": "JSON",
    "md_json": "MD_JSON",
}


def instructor_mode(name: str) -> Mode:
    from instructor import Mode

    return getattr(Mode, INSTRUCTOR_MODES[name])  # type: ignore[no-any-return]


def new_openai(settings: Settings, fixtures: dict[str, Fixture]) -> AsyncOpenAI:
    """Live client from settings, or a replay client answering from `fixtures`.

    Either's HTTP client carries `limits.wire_hooks`, which hold a call's concurrency
    slot only while its request is on the wire."""
    import openai

    from summarizer.llm.limits import wire_hooks

    if settings.live:
        key = settings.api_key.get_secret_value() if settings.api_key else "unused"
        return openai.AsyncOpenAI(
            api_key=key,
            base_url=settings.base_url,
            max_retries=0,
            timeout=settings.timeout,
            http_client=openai.DefaultAsyncHttpxClient(event_hooks=wire_hooks()),
        )
    from summarizer.llm.replay import replay_http_client

    return openai.AsyncOpenAI(
        api_key="replay",
        base_url="http://replay.invalid/v1",
        max_retries=0,
        timeout=settings.timeout,
        http_client=replay_http_client(fixtures, event_hooks=wire_hooks()),
    )


def instructor_client(client: AsyncOpenAI, mode: str) -> AsyncInstructor:
    import instructor

    return instructor.from_openai(client, mode=instructor_mode(mode))


VALIDATION_CONTEXT: ContextVar[dict[str, Any] | None] = ContextVar(
    "summarizer_validation_context", default=None
)
"""The current call's validation context; see `runtime_model`."""


@cache
def runtime_model(model: type[M]) -> type[M]:
    """A same-named subclass of `model` for instructor: cached schema, context from a ContextVar.

    instructor regenerates the JSON Schema on every request (about 10 ms of CPU for
    `ExtractionDraft`); the subclass serves a copy computed once. And instructor
    renders every message as a Jinja2 template (and dedents it) whenever it is given
    a `context`, which would mangle an article containing "{{" or "{%". So the
    context is not given to instructor: `model_validate_json` reads it from
    `VALIDATION_CONTEXT`, set around the call. An explicit context wins, so
    `context={}` parses without grounding checks.

    The subclass also derives from `instructor.OpenAISchema`, which is what
    instructor would otherwise wrap it in, anew, on every request (see module doc).
    """
    from instructor import OpenAISchema

    schema = json.dumps(model.model_json_schema())

    def model_json_schema(cls: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        if args or kwargs:
            return model.model_json_schema(*args, **kwargs)
        return dict(json.loads(schema))  # a fresh copy: instructor edits what it gets

    def model_validate_json(cls: Any, data: Any, /, *, context: Any = None, **kwargs: Any) -> M:
        context = VALIDATION_CONTEXT.get() if context is None else context
        return model.model_validate_json(data, context=context, **kwargs)

    namespace = {
        "__module__": model.__module__,
        "__qualname__": model.__qualname__,
        "__doc__": model.__doc__,
        "model_json_schema": classmethod(model_json_schema),
        "model_validate_json": classmethod(model_validate_json),
    }
    runtime = cast(type[M], type(model.__name__, (model, OpenAISchema), namespace))
    _skip_rechecks()(runtime)  # instructor's check, once; fails closed as it would per request
    _CHECKED.add(id(runtime))  # runtime_model keeps the class alive, so its id stays its own
    return runtime


_CHECKED: set[int] = set()
"""ids of the runtime models that passed instructor's asynchronous-validator check."""


INSTRUCTOR_RETRY_LOGGER = "instructor.v2.retry"
"""instructor 1.17 logs each failed attempt on this logger, at WARNING and above."""


def total_usage(value: object, fallback: Any) -> Any:
    """The token usage of a parsed answer summed over its re-asks (instructor's private
    `_total_usage`), else `fallback` (the last completion's usage)."""
    return getattr(value, "_total_usage", None) or fallback


@cache
def _skip_rechecks() -> Callable[[Any], None]:
    """Let instructor skip its async-validator check for the classes in `_CHECKED`.

    The check depends only on the class, and `runtime_model` has run it once. Every
    other model still goes through instructor's own check on every call. instructor
    looks the function up in its module at call time, except `patch`, which imported
    it by name; both bindings are replaced. Returns instructor's original check.
    """
    import instructor.v2.core.patch as patch_module
    import instructor.v2.validation.async_validators as validators_module

    check: Callable[[Any], None] = validators_module.reject_async_validators

    def reject_unless_checked(response_model: Any) -> None:
        if id(response_model) not in _CHECKED:
            check(response_model)

    for module in (validators_module, patch_module):
        if getattr(module, "reject_async_validators", None) is check:
            module.reject_async_validators = reject_unless_checked  # type: ignore[attr-defined]
    return check


def parse_completion(
    completion: Any, model: type[M], mode: str, context: dict[str, Any] | None
) -> M:
    """Parse `completion` into `runtime_model(model)` the way instructor does, with `context`."""
    from instructor.v2.core.response import process_response

    value = process_response(
        completion,
        response_model=runtime_model(model),
        stream=False,
        validation_context=context,
        mode=instructor_mode(mode),
    )
    return cast(M, value)


def parse_unchecked(completion: Any, model: type[M], mode: str) -> M:
    """Parse `completion` into `runtime_model(model)` without validation context."""
    return parse_completion(completion, model, mode, {})


def request_body(
    model: type[BaseModel],
    mode: str,
    *,
    model_name: str,
    messages: list[dict[str, str]],
    max_tokens: int,
) -> dict[str, Any]:
    """The chat-completion body instructor sends for `model` in `mode` (JSON-ready)."""
    from instructor.v2.core.response import handle_response_model

    _, body = handle_response_model(
        runtime_model(model),
        mode=instructor_mode(mode),
        model=model_name,
        messages=messages,
        max_tokens=max_tokens,
    )
    return cast(dict[str, Any], json.loads(json.dumps(body)))
