"""Replay and record: fixtures go through the real openai + instructor path."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from openai_server import OpenAIServer, completion
from test_llm_live import TEXT, Quoted, article_prompt, settings_for

from summarizer.config import Settings, default_fixtures_dir
from summarizer.core.items import SCHEMA_VERSION, ExtractionDraft
from summarizer.errors import FixtureMissingError, LLMConfigError
from summarizer.llm.client import LLM
from summarizer.llm.replay import load_fixture, write_fixture


def replay_settings(fixtures: Path, tmp_path: Path) -> Settings:
    return Settings(fixtures_dir=fixtures, cache_dir=tmp_path / "cache")


async def replay(settings: Settings, key: str = "a0", schema_version: str = SCHEMA_VERSION) -> LLM:
    async with LLM(settings) as llm:
        await llm.structured(
            stage="extract",
            key=key,
            prompt=article_prompt(),
            response_model=ExtractionDraft,
            schema_version=schema_version,
        )
        return llm


def hand_written_fixture(directory: Path, key: str, schema_version: str = SCHEMA_VERSION) -> Path:
    """A fixture in the documented format, the way the seed fixtures are written."""
    request = {
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": article_prompt().user}],
        "tools": [{"function": {"name": "ExtractionDraft", "parameters": {}}}],
    }
    fixture = {
        "stage": "extract",
        "key": key,
        "schema_version": schema_version,
        "prompt_version": "3",
        "model": "gpt-4o-mini",
        "mode": "tools",
        "hand_written": True,
        "response": completion(request),
    }
    path = directory / "extract" / f"{key}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(fixture, ensure_ascii=False), encoding="utf-8")
    return path


def test_replay_serves_a_hand_written_fixture(tmp_path: Path) -> None:
    hand_written_fixture(tmp_path / "fixtures", "a0")
    llm = asyncio.run(replay(replay_settings(tmp_path / "fixtures", tmp_path)))
    usage = llm.usage
    assert (usage.calls, usage.replayed, usage.cost_usd) == (1, 1, 0)
    assert usage.prompt_tokens > 0, "replay reports the recorded tokens"
    assert not (tmp_path / "cache").exists(), "replayed answers are not cached"


def test_replay_runs_instructors_validation_and_salvages(tmp_path: Path) -> None:
    """A recorded answer that fails validation is re-asked; the same answer again fails
    the same way, so it is not re-asked again (`llm.retry.reasking`) but kept unchecked."""
    hand_written_fixture(tmp_path / "fixtures", "q")
    fixture = json.loads((tmp_path / "fixtures/extract/q.json").read_text())
    arguments = json.dumps({"quote": "not in the article"})
    fixture["response"]["choices"][0]["message"]["tool_calls"][0]["function"] = {
        "name": "Quoted",
        "arguments": arguments,
    }
    (tmp_path / "fixtures/extract/q.json").write_text(json.dumps(fixture))

    async def run() -> tuple[Quoted, LLM]:
        async with LLM(replay_settings(tmp_path / "fixtures", tmp_path)) as llm:
            value = await llm.structured(
                stage="extract",
                key="q",
                prompt=article_prompt(),
                response_model=Quoted,
                context={"text": TEXT},
            )
            return value, llm

    value, llm = asyncio.run(run())
    assert value.quote == "not in the article"
    assert llm.usage.reasks == 1 < Settings().max_reasks


def test_missing_fixture_names_stage_key_and_how_to_record(tmp_path: Path) -> None:
    with pytest.raises(FixtureMissingError) as raised:
        asyncio.run(replay(replay_settings(tmp_path / "fixtures", tmp_path), key="abc123"))
    message = str(raised.value)
    assert "extract/abc123" in message
    assert "set OPENAI_API_KEY (or OPENAI_BASE_URL) and run with --record" in message
    assert "\n" not in message


def test_stale_fixture_is_reported_as_stale(tmp_path: Path) -> None:
    hand_written_fixture(tmp_path / "fixtures", "a0", schema_version="2")
    with pytest.raises(FixtureMissingError, match=r"stale fixture for extract/a0.*version 2"):
        asyncio.run(replay(replay_settings(tmp_path / "fixtures", tmp_path)))


def test_malformed_fixture_is_a_fixture_error(tmp_path: Path) -> None:
    path = hand_written_fixture(tmp_path / "fixtures", "a0")
    path.write_text('{"stage": "extract"}')
    with pytest.raises(FixtureMissingError, match="malformed fixture"):
        asyncio.run(replay(replay_settings(tmp_path / "fixtures", tmp_path)))


def test_record_then_replay_gives_the_same_answer(tmp_path: Path) -> None:
    fixtures = tmp_path / "fixtures"
    with OpenAIServer() as server:
        settings = settings_for(server, tmp_path, record=True, fixtures_dir=fixtures)

        async def ask(settings: Settings) -> ExtractionDraft:
            async with LLM(settings) as llm:
                return await llm.structured(
                    stage="extract",
                    key="a0",
                    prompt=article_prompt(),
                    response_model=ExtractionDraft,
                )

        live = asyncio.run(ask(settings))
        replayed = asyncio.run(ask(replay_settings(fixtures, tmp_path)))
        assert server.calls == 1
    assert replayed == live
    recorded = json.loads((fixtures / "extract/a0.json").read_text())
    assert recorded["hand_written"] is False
    assert (recorded["schema_version"], recorded["prompt_version"]) == (SCHEMA_VERSION, "3")
    assert set(recorded) == {
        "stage", "key", "schema_version", "prompt_version", "model", "mode", "hand_written",
        "response",
    }  # fmt: skip
    assert not list(fixtures.rglob("*.tmp")), "written atomically, no temp files left"
    assert server.requests[0].headers["x-summarizer-fixture"] == "extract/a0"


def test_a_live_run_that_does_not_record_names_no_call(tmp_path: Path) -> None:
    with OpenAIServer() as server:
        settings = settings_for(server, tmp_path)

        async def ask() -> None:
            async with LLM(settings) as llm:
                await llm.structured(
                    stage="extract",
                    key="a0",
                    prompt=article_prompt(),
                    response_model=ExtractionDraft,
                )

        asyncio.run(ask())
    assert "x-summarizer-fixture" not in server.requests[0].headers


@pytest.mark.parametrize(
    "path", sorted(default_fixtures_dir().glob("*/*.json")), ids=lambda p: p.parent.name + p.stem
)
def test_committed_fixtures_are_laid_out_as_write_fixture_writes(
    path: Path, tmp_path: Path
) -> None:
    """One format: `--record` (and tools/blind) write byte for byte what is committed."""
    stage, key = path.parent.name, path.stem
    version = json.loads(path.read_text(encoding="utf-8"))["schema_version"]
    fixture = load_fixture(default_fixtures_dir(), stage, key, version)
    written = write_fixture(tmp_path, fixture)
    assert written.read_bytes() == path.read_bytes()


@pytest.mark.parametrize(
    "path", sorted((default_fixtures_dir() / "extract").glob("*.json")), ids=lambda p: p.stem
)
def test_committed_fixtures_replay(path: Path, tmp_path: Path) -> None:
    """Every fixture in the repository replays through instructor into an ExtractionDraft."""
    settings = replay_settings(default_fixtures_dir(), tmp_path)

    async def run() -> ExtractionDraft:
        async with LLM(settings) as llm:
            return await llm.structured(
                stage="extract",
                key=path.stem,
                prompt=article_prompt(),
                response_model=ExtractionDraft,
            )

    assert asyncio.run(run()).claims


def test_record_without_a_live_endpoint_is_a_config_error(tmp_path: Path) -> None:
    settings = replay_settings(tmp_path, tmp_path).model_copy(update={"record": True})
    with pytest.raises(LLMConfigError, match="--record needs a live endpoint"):
        LLM(settings)
