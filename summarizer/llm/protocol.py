"""What the stages need from the LLM layer, as a `Protocol`: one structured call.

The stages type their `llm` argument against `StructuredLLM`, not the concrete `LLM`
class, so a test's fake (tests/fake_llm.py) satisfies the same type with no cast, and
the stages cannot reach for anything else the LLM layer has (batch budgeting, usage
bookkeeping), which belongs to the pipeline and digest.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from summarizer.core.items import SCHEMA_VERSION
from summarizer.errors import BudgetExceededError, LLMConfigError, LLMError
from summarizer.llm.prompts import Prompt

M = TypeVar("M", bound=BaseModel)


class StructuredLLM(Protocol):
    """One structured call, and taking back an answer the caller rejected."""

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
        """A validated `response_model`; `context` is the validation context. An answer
        still invalid when the re-asks ran out is cached only with `cache_unchecked`."""
        ...

    def discard(self, *, stage: str, prompt: Prompt, response_model: type[BaseModel]) -> None:
        """Forget the cached answer to `prompt`: the caller rejected it."""
        ...


async def optional_answer(
    llm: StructuredLLM,
    *,
    skipped: tuple[logging.Logger, str],
    stage: str,
    key: str,
    prompt: Prompt,
    response_model: type[M],
    context: dict[str, Any],
    schema_version: str,
) -> M | None:
    """The answer to a call the run can do without (merge's proposals), or None when it
    failed or the budget ran out, logged as `skipped` ("<what is skipped>: <error>").
    A configuration error (no key, a bad model) still stops the run."""
    try:
        return await llm.structured(
            stage=stage,
            key=key,
            prompt=prompt,
            response_model=response_model,
            context=context,
            schema_version=schema_version,
        )
    except LLMConfigError:
        raise
    except (LLMError, BudgetExceededError) as error:
        logger, what = skipped
        logger.warning("%s: %s", what, error)
        return None
