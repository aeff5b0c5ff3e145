"""The answer cache: warm reruns make no calls, bad entries heal, the key is never stored."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import diskcache
import pytest
from openai_server import OpenAIServer
from test_llm_live import KEY, TEXT, article_prompt, settings_for

from summarizer.config import Settings
from summarizer.core.briefing import SummaryDraft
from summarizer.core.items import ExtractionDraft
from summarizer.llm.client import LLM
from summarizer.llm.prompts import Prompt


async def extract_all(settings: Settings, texts: list[str]) -> tuple[list[ExtractionDraft], LLM]:
    async with LLM(settings) as llm:
        drafts = await asyncio.gather(
            *(
                llm.structured(
                    stage="extract",
                    key=f"a{i}",
                    prompt=article_prompt(text, i),
                    response_model=ExtractionDraft,
                )
                for i, text in enumerate(texts)
            )
        )
        return list(drafts), llm


TEXTS = [f"Satz {i}. Zweiter Satz {i}." for i in range(5)]


def test_warm_rerun_makes_no_calls(tmp_path: Path) -> None:
    with OpenAIServer() as server:
        settings = settings_for(server, tmp_path, use_cache=True)
        cold, _ = asyncio.run(extract_all(settings, TEXTS))
        warm, llm = asyncio.run(extract_all(settings, TEXTS))  # a fresh LLM and cache handle
        assert server.calls == len(TEXTS)
    assert warm == cold
    assert (llm.usage.calls, llm.usage.cache_hits) == (0, len(TEXTS))
    assert llm.usage.cost_usd == 0


def test_cache_key_covers_input_model_and_prompt_version(tmp_path: Path) -> None:
    with OpenAIServer() as server:
        settings = settings_for(server, tmp_path, use_cache=True)
        asyncio.run(extract_all(settings, [TEXT]))
        asyncio.run(extract_all(settings, [TEXT + " Neu."]))
        asyncio.run(extract_all(settings.model_copy(update={"model": "other-model"}), [TEXT]))

        async def other_version() -> None:
            async with LLM(settings) as llm:
                prompt = article_prompt()
                newer = Prompt(prompt.name, "4", prompt.system, prompt.user)
                await llm.structured(
                    stage="extract", key="a0", prompt=newer, response_model=ExtractionDraft
                )

        asyncio.run(other_version())
        assert server.calls == 4


def test_no_cache_bypasses_it(tmp_path: Path) -> None:
    with OpenAIServer() as server:
        asyncio.run(extract_all(settings_for(server, tmp_path, use_cache=True), TEXTS))
        asyncio.run(extract_all(settings_for(server, tmp_path, use_cache=False), TEXTS))
        assert server.calls == 2 * len(TEXTS)


@pytest.mark.parametrize("garbage", ["{not json", '{"object": "{}"}', 42])
def test_corrupt_entries_are_refetched_and_healed(tmp_path: Path, garbage: object) -> None:
    with OpenAIServer() as server:
        settings = settings_for(server, tmp_path, use_cache=True)
        cold, _ = asyncio.run(extract_all(settings, TEXTS))
        with diskcache.Cache(str(settings.cache_dir / "llm")) as cache:
            for key in list(cache):
                cache.set(key, garbage)
        healed, _ = asyncio.run(extract_all(settings, TEXTS))
        assert server.calls == 2 * len(TEXTS)
        asyncio.run(extract_all(settings, TEXTS))
        assert server.calls == 2 * len(TEXTS)
    assert healed == cold


def test_cached_object_that_no_longer_validates_is_refetched(tmp_path: Path) -> None:
    with OpenAIServer() as server:
        settings = settings_for(server, tmp_path, use_cache=True)
        asyncio.run(extract_all(settings, [TEXT]))
        with diskcache.Cache(str(settings.cache_dir / "llm")) as cache:
            for key in list(cache):
                entry = json.loads(cache.get(key))
                cache.set(key, json.dumps(entry | {"object": '{"claims": 7}'}))
        drafts, _ = asyncio.run(extract_all(settings, [TEXT]))
        assert server.calls == 2
    assert len(drafts[0].claims) == 3


def test_key_never_reaches_cache_logs_or_fixtures(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    fixtures = tmp_path / "fixtures"
    with OpenAIServer(faults=["rate_limit", "server_error"]) as server:
        settings = settings_for(
            server, tmp_path, use_cache=True, record=True, fixtures_dir=fixtures
        )
        asyncio.run(extract_all(settings, TEXTS))

        async def write() -> None:
            async with LLM(settings) as llm:
                await llm.structured(
                    stage="write",
                    key="h1",
                    prompt=article_prompt(),
                    response_model=SummaryDraft,
                    schema_version="1",
                )

        asyncio.run(write())
        assert server.requests[0].headers["authorization"] == "Bearer ***"
    stored = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".json" for p in stored) and any("cache" in p.parts for p in stored)
    for path in stored:
        assert KEY.encode() not in path.read_bytes(), path
    assert KEY not in caplog.text
