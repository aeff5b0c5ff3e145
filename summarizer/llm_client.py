"""Building and using the openai + instructor clients (imported lazily by `summarizer.llm`).

* `new_openai` builds the one `openai.AsyncOpenAI` of a run: live (key, base URL,
  timeout) or replay (an httpx2 client whose transport serves fixtures). openai's
  own retries are always off; `summarizer.llm` owns the single retry loop.
* `instructor_client` wraps it in the instructor mode named in settings/fixtures.
* `with_cached_schema` works around instructor regenerating the response model's
  JSON Schema on every request (about 10 ms of CPU for `ExtractionDraft`, which at
  16 calls in flight stretches every wave of calls). It returns a same-named
  subclass that serves a copy of the schema computed once.
* `parse_unchecked` parses a completion the way instructor does, but without the
  validation context, for answers whose re-asks ran out.
"""

from __future__ import annotations

import copy
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


@cache
def with_cached_schema(model: type[M]) -> type[M]:
    """A subclass of `model` with the same name and docs whose JSON Schema is computed once."""
    schema = model.model_json_schema()

    def model_json_schema(cls: type[BaseModel], *args: Any, **kwargs: Any) -> dict[str, Any]:
        if args or kwargs:
            return model.model_json_schema(*args, **kwargs)
        return copy.deepcopy(schema)

    namespace = {
        "__module__": model.__module__,
        "__qualname__": model.__qualname__,
        "__doc__": model.__doc__,
        "model_json_schema": classmethod(model_json_schema),
    }
    return type(model.__name__, (model,), namespace)


def parse_unchecked(completion: Any, model: type[M], mode: str) -> M:
    """Parse `completion` into `model` without validation context (raises if it cannot)."""
    from instructor.v2.core.response import process_response

    value = process_response(
        completion, response_model=model, stream=False, mode=instructor_mode(mode)
    )
    return cast(M, value)
