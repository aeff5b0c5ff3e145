"""Client-side limits: requests in flight, requests per minute, tokens per minute.

`Settings.concurrency` bounds the HTTP requests *on the wire*; callers may start as
many `LLM.structured` calls as they like. Optional token buckets (aiolimiter) pace
requests and estimated tokens per minute, so a large run stays under the provider's
limits instead of collecting 429s.

**A slot is held while a request is on the wire, not while its answer is checked.**
Each call takes a `Lease`: `take` waits for the buckets and a free slot before the
call's first request (so a call's timeout starts when it gets one), and the HTTP
client's hooks (`wire_hooks`) give the slot back as soon as the answer's body is read,
then wait a millisecond (`WIRE_YIELD`) so that the next waiting request leaves before
the answer is parsed and validated.
Checking an extraction answer costs tens of milliseconds of CPU; with the slot held
through it, sixteen answers arriving together kept the next sixteen requests waiting
for all sixteen checks, about half a second per round of calls. A re-ask's request
takes a slot again, ahead of calls that have not started (`REASK_FIRST`): an article
being re-asked is already late. A call made `ahead_of_need` (work that could wait for
the end of the run, asked early because its input is ready) takes a slot only when no
other request waits for one, so it fills the slots a run leaves idle and never delays
the calls the run is waiting for. A call waiting out a backoff holds no slot.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from aiolimiter import AsyncLimiter

if TYPE_CHECKING:
    import httpx2

WIRE_YIELD = 0.001
"""Seconds an answer waits, once read, before it is checked: the request given its slot
meanwhile gets through the few steps (each a pass of the event loop) that put its bytes
on an open connection. An answer's check costs tens of milliseconds."""
FIRST_REQUEST, REASK_FIRST, SPARE = 1, 0, 2
"""Slot priorities (lower goes first): a call's first request, a re-ask's request (or a
retry's), and the first request of a call made `ahead_of_need` (once it has a slot, its
clock runs, so its re-asks and retries go first like any other)."""
AHEAD: ContextVar[bool] = ContextVar("summarizer_ahead_of_need", default=False)


@contextlib.contextmanager
def ahead_of_need() -> Iterator[None]:
    """Calls made (or tasks created) inside take only the slots no other call waits for."""
    token = AHEAD.set(True)
    try:
        yield
    finally:
        AHEAD.reset(token)


class _Slots:
    """A semaphore whose waiters are served by priority, then in arrival order."""

    def __init__(self, size: int) -> None:
        self._free = size
        self._waiters: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    async def acquire(self, priority: int) -> None:
        if self._free > 0 and not self._waiters:
            self._free -= 1
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (priority, next(self._order), future))
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.release()  # handed a slot just as it was cancelled: pass it on
            raise

    def release(self) -> None:
        while self._waiters:
            _, _, future = heapq.heappop(self._waiters)
            if not future.done():
                future.set_result(None)
                return
        self._free += 1


class Limits:
    def __init__(
        self,
        concurrency: int,
        requests_per_minute: float | None = None,
        tokens_per_minute: float | None = None,
    ) -> None:
        self._slots = _Slots(concurrency)
        self._requests = AsyncLimiter(requests_per_minute, 60) if requests_per_minute else None
        self._tokens = AsyncLimiter(tokens_per_minute, 60) if tokens_per_minute else None

    def lease(self, estimated_tokens: int) -> Lease:
        return Lease(self, estimated_tokens)

    async def _acquire(self, estimated_tokens: int, priority: int) -> None:
        """Wait for the rate buckets, then for a free slot."""
        if self._requests is not None:
            await self._requests.acquire()
        if self._tokens is not None:
            await self._tokens.acquire(min(float(estimated_tokens), self._tokens.max_rate))
        await self._slots.acquire(priority)


class Lease:
    """One call's hold on a slot: taken for each of its requests, given back after each
    answer has been read (see module doc)."""

    def __init__(self, limits: Limits, estimated_tokens: int) -> None:
        self._limits = limits
        self._tokens = estimated_tokens
        self._taken = False
        self._spare = AHEAD.get()
        self.held = False

    async def take(self) -> None:
        """Hold a slot for the call's next request (a no-op while one is held)."""
        if not self.held:
            priority = REASK_FIRST if self._taken else SPARE if self._spare else FIRST_REQUEST
            await self._limits._acquire(self._tokens, priority)
            self.held = self._taken = True

    def give_back(self) -> None:
        if self.held:
            self.held = False
            self._limits._slots.release()


ON_WIRE: ContextVar[Lease | None] = ContextVar("summarizer_lease", default=None)
"""The current call's lease, set around the call, read by the HTTP client's hooks."""


async def _before_request(request: httpx2.Request) -> None:
    lease = ON_WIRE.get()
    if lease is not None:
        await lease.take()


async def _after_response(response: httpx2.Response) -> None:
    lease = ON_WIRE.get()
    if lease is None:
        return
    try:
        await response.aread()
    finally:
        lease.give_back()
    await asyncio.sleep(WIRE_YIELD)  # the request given the slot leaves before the check


def wire_hooks() -> dict[str, list[Any]]:
    """httpx2 `event_hooks` that hold the current call's slot only while on the wire."""
    return {"request": [_before_request], "response": [_after_response]}
