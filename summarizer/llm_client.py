"""Building and using the openai + instructor clients (imported lazily by `summarizer.llm`).

* `new_openai` builds the one `openai.AsyncOpenAI` of a run: live (key, base URL,
  timeout) or replay (an httpx2 client whose transport serves fixtures). openai's
  own retries are always off; `summarizer.llm` owns the single retry loop.
* `instructor_client` wraps it in the instructor mode named in settings/fixtures.
* `runtime_model` is the response model as handed to instructor: a same-named
  subclass with the JSON Schema computed once (instructor regenerates it on every
  request: ~10 ms of CPU for `ExtractionDraft`, which at 16 calls in flight
  stretches every wave of calls) and the validation context taken from a
  ContextVar (given to instructor, a context turns every message into a Jinja2
  template).
* `parse_unchecked` parses a completion the way instructor does, but without the
  validation context, for answers whose re-asks ran out.
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import BaseModel

from summarizer.config import Settings

if TYPE_CHECKING:
    from instructor import AsyncInstructor, Mode
    from openai import AsyncOpenAI

    from summarizer.llm_replay import Fixture

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
    """Live client from settings, or a replay client answering from `fixtures`."""
    import openai

    if settings.live:
        key = settings.api_key.get_secret_value() if settings.api_key else "unused"
        return openai.AsyncOpenAI(
            api_key=key, base_url=settings.base_url, max_retries=0, timeout=settings.timeout
        )
    from summarizer.llm_replay import replay_http_client

    return openai.AsyncOpenAI(
        api_key="replay",
        base_url="http://replay.invalid/v1",
        max_retries=0,
        timeout=settings.timeout,
        http_client=replay_http_client(fixtures),
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
    """
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
    return type(model.__name__, (model,), namespace)


def parse_unchecked(completion: Any, model: type[M], mode: str) -> M:
    """Parse `completion` into `runtime_model(model)` without validation context."""
    from instructor.v2.core.response import process_response

    value = process_response(
        completion,
        response_model=runtime_model(model),
        stream=False,
        validation_context={},
        mode=instructor_mode(mode),
    )
    return cast(M, value)
