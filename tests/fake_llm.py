"""A fake LLM for stage tests: answers are queued per stage, calls are recorded.

It stands in for `summarizer.llm.client.LLM` (same `structured` signature and `usage`), so
stage logic is tested without HTTP; the HTTP path is tested against the local
OpenAI-compatible server in tests/openai_server.py.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from summarizer.core.items import SCHEMA_VERSION
from summarizer.llm import StructuredLLM
from summarizer.llm.prompts import Prompt

M = TypeVar("M", bound=BaseModel)


@dataclass
class FakeUsage:
    calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None


@dataclass
class FakeLLM:
    answers: dict[str, deque[Any]] = field(default_factory=lambda: defaultdict(deque))
    history: list[dict[str, Any]] = field(default_factory=list)
    usage: FakeUsage = field(default_factory=FakeUsage)
    discarded: list[dict[str, Any]] = field(default_factory=list)

    def enqueue(self, stage: str, answer: Any) -> None:
        """Queue a dict (validated into the response model) or an exception to raise."""
        self.answers[stage].append(answer)

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
        self.history.append({"stage": stage, "key": key, "prompt": prompt, "context": context})
        self.usage.calls += 1
        answer = self.answers[stage].popleft()
        if isinstance(answer, BaseException):
            raise answer
        return response_model.model_validate(answer)

    def discard(self, *, stage: str, prompt: Any, response_model: type[BaseModel]) -> None:
        """Record that the caller rejected the answer to `prompt` (the real LLM uncaches it)."""
        self.discarded.append({"stage": stage, "prompt": prompt})


_CHECKED: StructuredLLM = FakeLLM()
"""mypy (which checks this file) proves the fake satisfies the stages' LLM protocol."""
