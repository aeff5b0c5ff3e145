"""The answer cache and the deadlines when things break: damaged files, full disks, slow servers."""

from __future__ import annotations

import asyncio
import errno
import logging
import sqlite3
import time
from pathlib import Path
from unittest import mock

import diskcache
import instructor  # noqa: F401  (imported here, not inside a timed run)
import openai  # noqa: F401
import pytest
from openai_server import OpenAIServer
from test_llm_live import extract, settings_for

from summarizer.config import Settings
from summarizer.errors import LLMError
from summarizer.llm.cache import AnswerCache, CachedAnswer
from summarizer.llm.client import LLM

ANSWER = CachedAnswer(object_json="{}", prompt_tokens=1, completion_tokens=2, completion={})


def test_a_damaged_cache_is_moved_aside_with_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "llm").mkdir()
    (tmp_path / "llm" / "cache.db").write_bytes(b"garbage, not SQLite" * 10)
    cache = AnswerCache(tmp_path)
    cache.put("k", ANSWER)
    assert cache.get("k") == ANSWER  # a fresh cache took its place
    cache.close()
    assert [p.name.startswith("llm.damaged-") for p in tmp_path.iterdir()].count(True) == 1
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1


def test_corruption_found_while_reading_disables_the_cache(tmp_path: Path) -> None:
    cache = AnswerCache(tmp_path)
    error = sqlite3.DatabaseError("database disk image is malformed")
    with mock.patch.object(diskcache.Cache, "get", side_effect=error):
        assert cache.get("k") is None
    assert not cache.enabled
    assert cache.get("k") is None


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.OperationalError("database or disk is full"),
        OSError(errno.ENOSPC, "No space left on device"),
    ],
)
def test_a_full_disk_stops_writes_with_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, error: Exception
) -> None:
    cache = AnswerCache(tmp_path)
    cache.put("old", ANSWER)
    cache.flush()
    with mock.patch.object(diskcache.Cache, "set", side_effect=error) as write:
        for key in ("a", "b", "c"):
            cache.put(key, ANSWER)
        cache.flush()  # writes happen behind, in the store's writer thread
    assert write.call_count == 1  # no further writes tried
    assert cache.get("old") == ANSWER  # hits still served
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    cache.close()


def test_a_full_disk_at_open_runs_without_a_cache(tmp_path: Path) -> None:
    error = sqlite3.OperationalError("database or disk is full")
    with mock.patch.object(diskcache.Cache, "__init__", side_effect=error):
        cache = AnswerCache(tmp_path)
        assert not cache.enabled  # the store is opened on first use
    assert not any(p.name.startswith("llm.damaged") for p in tmp_path.iterdir())
    cache.put("k", ANSWER)
    assert cache.get("k") is None


async def timed_second_call(settings: Settings) -> tuple[str, float]:
    """The error and wall seconds of a second call (the first builds the client)."""
    async with LLM(settings) as llm:
        await extract(llm)
        started = time.perf_counter()
        try:
            await extract(llm, n=1)
        except LLMError as error:
            return str(error), time.perf_counter() - started
    return "no error", time.perf_counter() - started


@pytest.mark.parametrize("fault", ["drip", "silent"])
def test_a_drip_or_silent_server_is_cut_off_at_the_timeout(tmp_path: Path, fault: str) -> None:
    """httpx2's timeout is per read: one byte every 0.2 s never trips it; --timeout does."""
    with OpenAIServer(faults=["ok", fault], drip_seconds=0.2) as server:
        settings = settings_for(server, tmp_path, timeout=1.0)
        error, seconds = asyncio.run(timed_second_call(settings))
        assert server.calls == 2
    assert error == "extract/a1: no complete answer within --timeout 1 s"
    assert 1.0 <= seconds < 2.0


def test_the_run_deadline_fails_calls_in_flight_and_later_ones(tmp_path: Path) -> None:
    with OpenAIServer(faults=["ok", "silent"]) as server:
        settings = settings_for(server, tmp_path, timeout=60.0, deadline=3.0)

        async def run() -> tuple[str, str]:
            async with LLM(settings) as llm:
                await extract(llm)
                errors = []
                for n in (1, 2):
                    with pytest.raises(LLMError) as error:
                        await extract(llm, n=n)
                    errors.append(str(error.value))
                return errors[0], errors[1]

        in_flight, later = asyncio.run(run())
        assert server.calls == 2  # the later call was never sent
    assert in_flight == "extract/a1: the run deadline passed (--deadline 3 s)"
    assert later == "extract/a2: the run deadline passed (--deadline 3 s)"
