"""Empty and gutted answers are failures: reported, listed, exit code 1, never cached."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fake_llm import FakeLLM
from openai_server import OpenAIServer
from pydantic import ValidationError

from summarizer.config import Price, Settings
from summarizer.core.articles import Article, content_id
from summarizer.core.items import ExtractionDraft, ExtractionReport
from summarizer.llm import LLM
from summarizer.pipeline import extract
from summarizer.stages.extract import extract_article, extraction_calls

SENTENCES = [
    "Die Regierung in {city} hat am Montag neue Zahlen veröffentlicht.",
    "Nach Angaben des Ministeriums sind {n}.000 Soldaten in der Region stationiert.",
    "Beobachter sprechen von einer deutlichen Verschärfung der Lage.",
]
CITIES = ["Kiew", "Seoul", "Tokio", "Berlin", "Paris", "Rom", "Wien", "Prag", "Oslo", "Bern"]


def write_articles(folder: Path, count: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for n in range(1, count + 1):
        city = CITIES[(n - 1) % len(CITIES)]
        body = " ".join(s.format(city=city, n=n) for s in SENTENCES)
        path = folder / f"{n:02d}.txt"
        path.write_text(f"Meldung {n} aus {city}\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def settings(server: OpenAIServer, tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "base_url": server.base_url,
        "api_key": "sk-test-empty",
        "model": "test-model",
        "cache_dir": tmp_path / "cache",
        "timeout": 5.0,
        "max_retry_wait": 0.01,
        "max_reasks": 1,
        "prices": {"test-model": Price(input=1.0, output=2.0)},
    }
    return Settings(**(values | overrides))


def test_an_empty_answer_is_invalid_only_where_items_are_required() -> None:
    with pytest.raises(ValidationError, match="no claims, figures or dates"):
        ExtractionDraft.model_validate({}, context={"require_items": True})
    assert ExtractionDraft.model_validate({}).claims == []
    assert ExtractionDraft.model_validate({}, context={"require_items": False}).claims == []


def test_an_empty_answer_is_re_asked(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 1)
    with OpenAIServer(faults=["empty", "ok"]) as server:
        report = extract([tmp_path / "in"], settings=settings(server, tmp_path))
        assert server.calls == 2
    (extraction,) = report.extractions
    assert extraction.claims and extraction.rejected is None
    assert report.failures == []


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("empty", "no claims, figures or dates"),
        ("ungrounded", "verification dropped 4 of the answer's 4 items"),
    ],
)
def test_an_answer_that_stays_bad_is_a_failure_and_is_not_cached(
    tmp_path: Path, fault: str, reason: str
) -> None:
    write_articles(tmp_path / "in", 1)
    with OpenAIServer(faults=[fault, fault]) as server:
        first = extract([tmp_path / "in"], settings=settings(server, tmp_path))
        assert server.calls == 2  # asked, re-asked once, then given up
        second = extract([tmp_path / "in"], settings=settings(server, tmp_path))
        assert server.calls == 3  # nothing was cached: the rerun asks again (and succeeds)
    assert first.extractions == []
    (failure,) = first.failures
    assert failure.kind == "llm" and reason in failure.reason
    assert failure.input.endswith("01.txt")
    assert second.failures == [] and second.extractions[0].claims


def test_a_gutted_answer_is_reported_and_uncached_but_its_good_items_are_kept() -> None:
    text = "Erster Satz steht hier. Zweiter Satz steht hier. Dritter Satz steht hier."
    article = Article(id=content_id(text), title="t", text=text, clean_text=text, language="de")
    good = {"statement": "Erster Satz steht hier.", "quote": "Erster Satz steht hier.",
            "certainty": "confirmed"}  # fmt: skip
    bad = {**good, "quote": "Dieser Satz steht nirgends."}
    llm = FakeLLM()
    llm.enqueue("extract", {"claims": [good, bad, bad]})
    result = asyncio.run(extract_article(article, llm, max_chunk_chars=10_000))  # type: ignore[arg-type]
    assert len(result.claims) == 1 and len(result.dropped) == 2
    assert result.rejected is not None and "dropped 2 of the answer's 3 items" in result.rejected
    (discarded,) = llm.discarded
    assert discarded["prompt"] == extraction_calls(article, max_chunk_chars=10_000)[0].prompt


def test_discard_removes_a_cached_answer(tmp_path: Path) -> None:
    text = "Die Regierung hat am Montag neue Zahlen veröffentlicht."
    article = Article(id=content_id(text), title="t", text=text, clean_text=text, language="de")
    (call,) = extraction_calls(article, max_chunk_chars=10_000)

    async def ask(discard: bool) -> None:
        async with LLM(settings(server, tmp_path)) as llm:
            await llm.structured(
                stage="extract", key=call.key, prompt=call.prompt, response_model=ExtractionDraft
            )
            if discard:
                llm.discard(stage="extract", prompt=call.prompt, response_model=ExtractionDraft)

    with OpenAIServer() as server:
        asyncio.run(ask(discard=False))
        asyncio.run(ask(discard=True))
        assert server.calls == 1  # the second ask was a cache hit, then discarded
        asyncio.run(ask(discard=False))
        assert server.calls == 2


def test_no_article_ends_with_zero_items_unreported_at_thirty_percent_faults(
    tmp_path: Path,
) -> None:
    """The issue's case: at 30% faults, articles ended with no items and no warning."""
    write_articles(tmp_path / "in", 20)
    kinds = ("empty", "ungrounded", "schema_invalid", "server_error")
    with OpenAIServer(fault_rate=0.3, fault_kinds=kinds, seed=3) as server:
        report: ExtractionReport = extract([tmp_path / "in"], settings=settings(server, tmp_path))
        served = sum(server.faults_served[k] for k in ("empty", "ungrounded"))
    assert served >= 3  # the faults really happened
    briefed = {Path(x.source.path or "").name for x in report.extractions if x.items()}
    failed = {Path(f.input).name for f in report.failures}
    assert briefed | failed == {f"{n:02d}.txt" for n in range(1, 21)}
    assert all(x.items() for x in report.extractions)
    assert all(f.kind == "llm" for f in report.failures)


def test_the_cli_reports_an_empty_answer_with_exit_code_1(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 2)
    # No re-ask: the one empty answer is 01's (the first request). With re-asks, which
    # request meets the second fault depends on timing: 02's first request may leave
    # while 01's answer is still being checked (the slot is free once it is read).
    with OpenAIServer(faults=["empty"]) as server:
        env = {
            "PATH": "/usr/bin:/bin",
            "OPENAI_BASE_URL": server.base_url,
            "OPENAI_API_KEY": "sk-test-empty",
            "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
            "SUMMARIZER_MAX_REASKS": "0",
            "SUMMARIZER_CONCURRENCY": "1",
        }
        command = [sys.executable, "-m", "summarizer.cli", "extract", str(tmp_path / "in")]
        result = subprocess.run(
            [*command, "-o", str(tmp_path / "x.json")],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 1, result.stderr
    reason = "01.txt: the model's answer has no claims, figures or dates"
    assert [line for line in result.stderr.splitlines() if reason in line] == [
        f"summarizer: {tmp_path / 'in' / reason}"
    ]
    report = ExtractionReport.model_validate_json((tmp_path / "x.json").read_text())
    assert [Path(x.source.path or "").name for x in report.extractions] == ["02.txt"]
