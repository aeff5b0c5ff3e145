"""Digests in batch mode against the local OpenAI-compatible server's Batch API.

The server (tests/openai_server.py) answers a batch's lines with the same logic as
its chat completions. Each test runs digests on consecutive days over a JSONL
input and counts what reached the server: Batch API requests, and chat calls.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openai_server import OpenAIServer, completion

from summarizer.config import DEFAULT_PRICES, Settings
from summarizer.core.items import ExtractionDraft
from summarizer.digest import state as digest_state
from summarizer.digest.run import DigestConfig, DigestResult, adigest
from summarizer.digest.state import StateStore
from summarizer.errors import LLMConfigError
from summarizer.llm.client import LLM
from summarizer.llm.usage import BATCH_PRICE_FACTOR, Ledger, price_of
from summarizer.pipeline import load_inputs
from summarizer.stages import extract as extraction

DAY1 = dt.date(2024, 12, 1)
KEY = "sk-batch-test-0c9d8e7f6a5b4c3d2e1f00112233"
STORIES = {
    "a1": (
        "Nordkorea ratifiziert Vertrag",
        "Kim Jong Un hat den Vertrag mit Russland ratifiziert. "
        "Der Pakt verpflichtet beide Länder zu gegenseitigem Beistand.",
    ),
    "a2": (
        "Soldaten in Kursk",
        "Nach Angaben aus Kiew sind 11.000 nordkoreanische Soldaten in der Region Kursk "
        "stationiert. Moskau äußerte sich bisher nicht zu den Berichten.",
    ),
    "a3": (
        "Vertrag in Kraft",
        "Der Verteidigungsvertrag zwischen Nordkorea und Russland ist in Kraft getreten. "
        "Das russische Außenministerium bestätigte den Vorgang.",
    ),
}


def write_input(path: Path, keys: list[str]) -> None:
    lines = [
        json.dumps(
            {"title": STORIES[k][0], "text": STORIES[k][1], "url": f"https://example.org/{k}"},
            ensure_ascii=False,
        )
        for k in keys
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_config(tmp_path: Path, keys: list[str], *, batch: bool = True) -> DigestConfig:
    tmp_path.mkdir(exist_ok=True)
    write_input(tmp_path / "in.jsonl", keys)
    return DigestConfig(
        sources=[str(tmp_path / "in.jsonl")],
        state=tmp_path / "state",
        out=tmp_path / "out",
        formats=["md", "json"],
        batch=batch,
    )


def run(config: DigestConfig, server: OpenAIServer, day: dt.date, **settings: str) -> DigestResult:
    base = Settings(base_url=server.base_url, api_key=KEY, max_retries=0, **settings)
    return asyncio.run(adigest(config, day=day, settings=base))


def extraction_calls(server: OpenAIServer) -> int:
    return sum("ExtractionDraft" in json.dumps(r.body) for r in server.requests)


def batch_api(server: OpenAIServer, method_path: str) -> int:
    """How often the Batch API was asked `POST /v1/batches`, `GET /v1/batches/...` etc."""
    method, path = method_path.split(" ")
    posts = ("/v1/files", "/v1/batches")
    return sum(
        (r.path in posts) == (method == "POST") and r.path.startswith(path)
        for r in server.batch_requests
    )


def uploaded_lines(server: OpenAIServer) -> list[list[dict[str, object]]]:
    """The input lines of every batch, in submission order."""
    return [
        [json.loads(line) for line in server.files[b["input_file_id"]].decode().splitlines()]
        for b in server.batches.values()
    ]


def titles(result: DigestResult) -> set[str]:
    return {s.title for s in result.briefing.sources}


def test_first_run_submits_and_second_run_briefs_from_the_batch(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["a1", "a2"])
    with OpenAIServer() as server:
        first = run(config, server, DAY1)
        assert server.calls == 0
        assert (batch_api(server, "POST /v1/files"), batch_api(server, "POST /v1/batches")) == (
            1,
            1,
        )
        [lines] = uploaded_lines(server)
        assert len(lines) == 2
        assert {line["url"] for line in lines} == {"/v1/chat/completions"}
        assert first.new_articles == 0 and first.calls == 0
        assert first.pending_note and "2 new articles are pending" in first.pending_note
        markdown = (tmp_path / "out" / "2024-12-01.md").read_text(encoding="utf-8")
        assert first.pending_note in markdown
        with StateStore(config.state / "state.sqlite3") as store:
            assert store.applied_migrations() == ["m001_initial", "m002_batches"]
            assert store.seen_ids() == set()
            assert store.open_batches() == list(server.batches)

        second = run(config, server, DAY1 + dt.timedelta(days=1))
        assert extraction_calls(server) == 0
        assert batch_api(server, "POST /v1/batches") == 1
        assert (batch_api(server, "GET /v1/batches/"), batch_api(server, "GET /v1/files/")) == (
            1,
            1,
        )
        assert second.new_articles == 2 and second.pending_note is None
        assert titles(second) == {STORIES["a1"][0], STORIES["a2"][0]}
        changes = second.briefing.changes
        assert changes and {c.kind for c in changes} == {"new"}
        assert {c.ref for c in changes} == {f.id for f in second.briefing.findings}
        live_calls = server.calls  # the same-fact and summary calls, never batched

        [batch] = server.batches.values()
        output = server.files[batch["output_file_id"]].decode().splitlines()
        batch_usage = [json.loads(line)["response"]["body"]["usage"] for line in output]
        batch_in = sum(u["prompt_tokens"] for u in batch_usage)
        batch_out = sum(u["completion_tokens"] for u in batch_usage)
        quality = second.briefing.quality
        live_in, live_out = quality.prompt_tokens - batch_in, quality.completion_tokens - batch_out
        live_usage = [completion(r.body)["usage"] for r in server.requests]
        assert live_in == sum(u["prompt_tokens"] for u in live_usage)
        assert live_out == sum(u["completion_tokens"] for u in live_usage)
        price = DEFAULT_PRICES["gpt-4o-mini"]
        batch_cost = price_of(price, batch_in, batch_out)
        live_cost = price_of(price, live_in, live_out)
        assert batch_cost is not None and live_cost is not None
        assert quality.cost_usd == pytest.approx(batch_cost * BATCH_PRICE_FACTOR + live_cost)

        third = run(config, server, DAY1 + dt.timedelta(days=2))
        assert third.new_articles == 0 and third.calls == 0 and server.calls == live_calls
        assert len(server.batch_requests) == 4  # no open batch left to ask about


@pytest.mark.parametrize("mode", ["tools", "tools_strict", "json_schema", "json", "md_json"])
def test_batch_line_body_is_the_live_request_body(tmp_path: Path, mode: str) -> None:
    live_config = make_config(tmp_path / "live", ["a1"], batch=False)
    batch_config = make_config(tmp_path / "batch", ["a1"])
    with OpenAIServer() as live, OpenAIServer() as batched:
        run(live_config, live, DAY1, mode=mode, cache_dir=str(tmp_path / "c1"))
        run(batch_config, batched, DAY1, mode=mode, cache_dir=str(tmp_path / "c2"))
    [live_body] = [r.body for r in live.requests if "ExtractionDraft" in json.dumps(r.body)]
    [[line]] = uploaded_lines(batched)
    assert line["body"] == live_body


def test_in_progress_batch_is_not_resubmitted(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["a1", "a2"])
    with OpenAIServer(batch_status="in_progress") as server:
        run(config, server, DAY1)
        write_input(tmp_path / "in.jsonl", ["a1", "a2", "a3"])
        second = run(config, server, DAY1 + dt.timedelta(days=1))
        assert server.calls == 0
        assert [len(lines) for lines in uploaded_lines(server)] == [2, 1]  # only a3 is new
        assert second.new_articles == 0
        assert second.pending_note and "3 new articles are pending" in second.pending_note
        assert [b["status"] for b in server.batches.values()] == ["in_progress", "validating"]
        with StateStore(config.state / "state.sqlite3") as store:
            assert store.seen_ids() == set()

        server.batch_status = "completed"
        third = run(config, server, DAY1 + dt.timedelta(days=2))
        assert extraction_calls(server) == 0
        assert batch_api(server, "POST /v1/batches") == 2
        assert third.new_articles == 3 and titles(third) == {t for t, _ in STORIES.values()}


def test_a_briefed_day_still_names_the_pending_articles(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["a1"])
    with OpenAIServer(batch_status="in_progress") as server:
        run(config, server, DAY1)
        live = make_config(tmp_path, ["a1", "a2"], batch=False)
        result = run(live, server, DAY1)
        assert extraction_calls(server) == 1  # a2 live; a1 waits for its batch
        assert titles(result) == {STORIES["a2"][0]}
        assert result.pending_note and "1 new article is pending" in result.pending_note
        assert result.briefing.summary_note and result.pending_note in result.briefing.summary_note
        markdown = (tmp_path / "out" / "2024-12-01.md").read_text(encoding="utf-8")
        assert result.pending_note in markdown  # shown with the first story's summary


def test_failed_batch_falls_back_to_live_calls(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["a1", "a2"])
    with OpenAIServer(batch_status="failed") as server:
        run(config, server, DAY1)
        second = run(config, server, DAY1 + dt.timedelta(days=1))
        assert extraction_calls(server) == 2
        assert batch_api(server, "POST /v1/batches") == 1  # not submitted again
        assert second.new_articles == 2 and not second.failures
        assert titles(second) == {STORIES["a1"][0], STORIES["a2"][0]}
    with StateStore(config.state / "state.sqlite3") as store:
        assert store.open_batches() == []
        assert len(store.seen_ids()) == 2


def test_invalid_answer_line_falls_back_to_a_live_call(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["a1", "a2"])
    with OpenAIServer(batch_faults=["ungrounded"]) as server:
        run(config, server, DAY1)
        second = run(config, server, DAY1 + dt.timedelta(days=1))
        [lines] = uploaded_lines(server)
        asked_live = [r for r in server.requests if "ExtractionDraft" in json.dumps(r.body)]
        assert [r.body for r in asked_live] == [lines[0]["body"]]  # the ungrounded one only
        assert second.new_articles == 2 and not second.failures
        assert titles(second) == {STORIES["a1"][0], STORIES["a2"][0]}
    with sqlite3.connect(config.state / "state.sqlite3") as db:
        outcomes = dict(db.execute("SELECT custom_id, outcome FROM batch_calls"))
    assert outcomes[str(lines[0]["custom_id"])].startswith("invalid answer")
    assert outcomes[str(lines[1]["custom_id"])] == "cached"


def test_api_key_is_in_no_file_and_not_on_stderr(tmp_path: Path) -> None:
    write_input(tmp_path / "in.jsonl", ["a1", "a2"])
    with OpenAIServer() as server:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "OPENAI_BASE_URL": server.base_url,
            "OPENAI_API_KEY": KEY,
            "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
        }
        command = [sys.executable, "-m", "summarizer.cli", "digest", str(tmp_path / "in.jsonl")]
        command += ["--state", str(tmp_path / "state"), "--out", str(tmp_path / "out"), "--batch"]
        runs = [
            subprocess.run(
                [*command, "--date", day],
                capture_output=True,
                text=True,
                env=env,
                timeout=120,
                check=False,
            )
            for day in ("2024-12-01", "2024-12-02")
        ]
    assert [r.returncode for r in runs] == [0, 0], runs[-1].stderr
    assert "2 new articles are pending in Batch API job" in runs[0].stderr
    assert "2 new articles" in runs[1].stderr and "pending" not in runs[1].stderr
    assert extraction_calls(server) == 0
    files = [p for d in ("state", "cache", "out") for p in (tmp_path / d).rglob("*") if p.is_file()]
    assert {"state.sqlite3", "cache.db", "2024-12-01.md", "2024-12-02.md"} <= {
        p.name for p in files
    }
    for path in files:
        assert KEY.encode() not in path.read_bytes(), path
    assert all(KEY.encode() not in data for data in server.files.values())
    assert all(KEY not in r.stderr + r.stdout for r in runs)


def test_batch_needs_a_live_endpoint(tmp_path: Path) -> None:
    write_input(tmp_path / "in.jsonl", ["a1"])
    (tmp_path / "digest.toml").write_text(
        'sources = ["in.jsonl"]\nbatch = true\n', encoding="utf-8"
    )
    config = DigestConfig.from_toml(tmp_path / "digest.toml")
    assert config.batch
    with pytest.raises(LLMConfigError, match="needs a live endpoint"):
        asyncio.run(adigest(config, day=DAY1, settings=Settings()))
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    command = [sys.executable, "-m", "summarizer.cli", "digest", "--config"]
    result = subprocess.run(
        [*command, str(tmp_path / "digest.toml")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 4
    assert result.stderr.count("\n") == 1 and "needs a live endpoint" in result.stderr
    assert not (tmp_path / "state").exists()


def test_max_cost_holds_what_a_batch_will_bill(tmp_path: Path) -> None:
    config = make_config(tmp_path, ["a1", "a2"])
    settings = Settings(api_key=KEY, base_url="http://127.0.0.1:9/v1")
    (a1, _), _ = load_inputs([tmp_path / "in.jsonl"])
    calls = extraction.extraction_calls(a1, max_chunk_chars=settings.max_chunk_chars)
    prompts = [(c.prompt, ExtractionDraft) for c in calls]
    one = LLM(settings).reserve_batch("extract", a1.id, prompts)  # no --max-cost: the amount
    with OpenAIServer() as server:
        result = run(config, server, DAY1, max_cost=str(1.5 * one))
        [lines] = uploaded_lines(server)
        assert len(lines) == 1  # a1 fits the budget; a2 does not
        assert server.calls == 0  # a2 is not asked live either: the budget is held
        assert [f.kind for f in result.failures] == ["budget"]
        assert result.pending_note and "1 new article is pending" in result.pending_note


def test_batch_answers_cost_half_the_live_price() -> None:
    price = DEFAULT_PRICES["gpt-4o-mini"]
    live, batch = Ledger(price, None, "gpt-4o-mini"), Ledger(price, None, "gpt-4o-mini")
    live.record_live("extract", 10_000, 2_000)
    batch.record_batch("extract", 10_000, 2_000)
    assert batch.usage.cost_usd == pytest.approx((live.usage.cost_usd or 0) / 2)
    assert (batch.usage.batched, batch.usage.stages["extract"].batched) == (1, 1)


def test_an_older_state_file_is_upgraded_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_config(tmp_path, ["a1", "a2"])
    with monkeypatch.context() as patch:
        patch.setattr(digest_state, "MIGRATIONS", digest_state.MIGRATIONS[:1])
        StateStore(config.state / "state.sqlite3").close()
    with OpenAIServer() as server:
        run(config, server, DAY1)
        run(config, server, DAY1 + dt.timedelta(days=1))
    with StateStore(config.state / "state.sqlite3") as store:
        assert store.applied_migrations() == ["m001_initial", "m002_batches"]
        assert len(store.seen_ids()) == 2 and store.open_batches() == []
