"""Client-side limits: calls in flight, requests per minute, tokens per minute.

One `asyncio.Semaphore` bounds the HTTP requests in flight (`Settings.concurrency`);
callers may start as many `LLM.structured` calls as they like. Optional token
buckets (aiolimiter) pace requests and estimated tokens per minute, so a large run
stays under the provider's limits instead of collecting 429s. A slot is held for
one attempt only: a call waiting out a backoff does not block the others.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiolimiter import AsyncLimiter


class Limits:
    def __init__(
        self,
        concurrency: int,
        requests_per_minute: float | None = None,
        tokens_per_minute: float | None = None,
    ) -> None:
        self._slots = asyncio.Semaphore(concurrency)
        self._requests = AsyncLimiter(requests_per_minute, 60) if requests_per_minute else None
        self._tokens = AsyncLimiter(tokens_per_minute, 60) if tokens_per_minute else None

    @asynccontextmanager
    async def slot(self, estimated_tokens: int) -> AsyncIterator[None]:
        """Wait for the rate buckets, then for a free slot; hold the slot inside the block."""
        if self._requests is not None:
            await self._requests.acquire()
        if self._tokens is not None:
            await self._tokens.acquire(min(float(estimated_tokens), self._tokens.max_rate))
        async with self._slots:
            yield
