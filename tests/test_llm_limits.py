"""Concurrency slots are held while a request is on the wire, not while its answer is checked."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from openai_server import OpenAIServer
from pydantic import BaseModel, ValidationInfo, field_validator
from test_llm_live import article_prompt, settings_for

from summarizer.llm.client import LLM
from summarizer.llm.limits import FIRST_REQUEST, REASK_FIRST, Lease, Limits, _Slots, ahead_of_need

CHECK_SECONDS = 0.3


class SlowToCheck(BaseModel):
    """A model whose check, like an extraction's, costs CPU (here: blocks the loop)."""

    quote: str

    @field_validator("quote")
    @classmethod
    def _check(cls, value: str, info: ValidationInfo) -> str:
        if info.context and info.context.get("slow"):
            time.sleep(CHECK_SECONDS)
        return value


def test_a_waiting_reask_gets_the_next_slot_before_a_first_request() -> None:
    async def run() -> list[str]:
        slots, order = _Slots(1), []
        await slots.acquire(FIRST_REQUEST)

        async def wait(name: str, priority: int) -> None:
            await slots.acquire(priority)
            order.append(name)
            slots.release()

        first = asyncio.ensure_future(wait("first request", FIRST_REQUEST))
        await asyncio.sleep(0)
        reask = asyncio.ensure_future(wait("re-ask", REASK_FIRST))
        await asyncio.sleep(0)
        slots.release()
        await asyncio.gather(first, reask)
        return order

    assert asyncio.run(run()) == ["re-ask", "first request"]


def test_a_cancelled_waiter_does_not_keep_a_slot() -> None:
    async def run() -> bool:
        limits = Limits(1)
        held = limits.lease(10)
        await held.take()
        waiter = asyncio.ensure_future(limits.lease(10).take())
        await asyncio.sleep(0)
        held.give_back()  # handed to the waiter, which is cancelled before it runs
        waiter.cancel()
        await asyncio.gather(waiter, return_exceptions=True)
        other = limits.lease(10)
        await asyncio.wait_for(other.take(), 1)
        return other.held

    assert asyncio.run(run())


def test_the_next_request_leaves_while_an_answer_is_still_being_checked(tmp_path: Path) -> None:
    latency = 0.2
    with OpenAIServer(latency=latency) as server:
        settings = settings_for(server, tmp_path, concurrency=1)

        async def ask(llm: LLM, n: int, context: dict[str, Any]) -> SlowToCheck:
            return await llm.structured(
                stage="check",
                key=f"k{n}",
                prompt=article_prompt(f"Text {n}.", n),
                response_model=SlowToCheck,
                context=context,
            )

        async def run() -> None:
            async with LLM(settings) as llm:
                await ask(llm, 0, {})  # builds the client: its start-up is not measured
                await asyncio.gather(ask(llm, 1, {"slow": True}), ask(llm, 2, {}))

        asyncio.run(run())
        first, second = server.arrivals[1:3]
        assert server.max_in_flight == 1
    # the second request went out when the first answer arrived, not after its check
    assert second - first < latency + CHECK_SECONDS / 2


async def served(limits: Limits, waiting: list[tuple[str, Lease]]) -> list[str]:
    """The order in which `waiting` leases (started in this order) get the one slot, once
    the lease holding it gives it back."""
    held = limits.lease(10)
    await held.take()
    order: list[str] = []

    async def wait(name: str, lease: Lease) -> None:
        await lease.take()
        order.append(name)
        lease.give_back()

    waiters = []
    for name, lease in waiting:
        waiters.append(asyncio.ensure_future(wait(name, lease)))
        await asyncio.sleep(0)
    held.give_back()
    await asyncio.gather(*waiters)
    return order


def test_a_call_made_ahead_of_need_waits_for_every_other_waiting_request() -> None:
    async def run() -> list[str]:
        limits = Limits(1)
        with ahead_of_need():
            early = limits.lease(10)
        return await served(limits, [("ahead of need", early), ("first request", limits.lease(10))])

    assert asyncio.run(run()) == ["first request", "ahead of need"]


def test_a_reask_of_a_call_made_ahead_of_need_goes_first_like_any_reask() -> None:
    async def run() -> list[str]:
        limits = Limits(1)
        with ahead_of_need():
            early = limits.lease(10)
        await early.take()  # its first request had a spare slot; its clock now runs
        early.give_back()
        waiting = [("first request", limits.lease(10)), ("re-ask ahead of need", early)]
        return await served(limits, waiting)

    assert asyncio.run(run()) == ["re-ask ahead of need", "first request"]
