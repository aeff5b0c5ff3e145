"""Streaming: extraction starts per article while loading goes on, and nothing depends on timing.

The pipeline loads in a worker thread and starts each article's extraction as soon
as it is loaded (`pipeline.load_and_extract`); the SDK is built in a worker thread on
the first cache miss. These tests check that the results are the ones loading first
and extracting afterwards gives, in the same order, however the answers are timed;
that the first call leaves before loading ends; that the concurrency limit holds
from the first request; and that a warm run never builds the SDK client.
"""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openai_server import OpenAIServer

from summarizer import pipeline
from summarizer.config import Settings
from summarizer.core.articles import Article, Failure
from summarizer.errors import NoInputError
from summarizer.llm import LLM
from summarizer.stages.load import iter_articles
from summarizer.stages.load.metadata import detect_language

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = ROOT / "corpus" / "articles"


def jittery_llm(seed: int, calls: list[float]) -> type[LLM]:
    """An `LLM` whose every call first waits a random 0-40 ms (seeded), noting when it began."""
    rng = random.Random(seed)

    class JitteryLLM(LLM):
        async def structured(self, **kwargs: Any) -> Any:
            calls.append(time.monotonic())
            await asyncio.sleep(rng.random() * 0.04)
            return await super().structured(**kwargs)

    return JitteryLLM


def briefing_json(monkeypatch: pytest.MonkeyPatch, seed: int, inputs: list[str]) -> dict[str, Any]:
    monkeypatch.setattr(pipeline, "LLM", jittery_llm(seed, []))
    briefing = pipeline.brief(inputs)
    data: dict[str, Any] = json.loads(briefing.model_dump_json(exclude={"generated_at"}))
    return data


def test_briefing_does_not_depend_on_timing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replayed seeds with two different answer timings, plus a missing input: one briefing."""
    inputs = [str(SEEDS), "missing.txt"]
    first = briefing_json(monkeypatch, 1, inputs)
    second = briefing_json(monkeypatch, 2, inputs)
    assert first == second
    assert len(first["sources"]) == len(list(SEEDS.glob("*.txt")))
    assert [f["input"] for f in first["failures"]] == ["missing.txt"]


def test_stages_are_announced_after_the_articles_in_order() -> None:
    """`abrief`'s callbacks: every article's progress, then "merge", then "write"."""
    said: list[str] = []

    def progress(done: int, total: int, label: str) -> None:
        said.append("article")

    briefing = asyncio.run(pipeline.abrief([str(SEEDS)], progress=progress, stage=said.append))
    articles = len(briefing.sources)
    assert said == ["article"] * articles + ["merge", "write"]


async def extract_in_order(inputs: list[str], settings: Settings) -> tuple[Any, Any]:
    """The reference: load everything, then extract (what the pipeline did before streaming)."""
    articles, failures = pipeline.load_inputs(inputs)
    async with LLM(settings) as llm:
        extractions, more = await pipeline.extract_articles(articles, llm, settings, None)
    return extractions, failures + more


def test_streamed_extraction_equals_load_then_extract(monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = ["missing.txt", str(SEEDS), "nothing-*.txt"]
    settings = Settings()
    expected = asyncio.run(extract_in_order(inputs, settings))

    kept: list[Any] = []

    async def streamed() -> tuple[Any, Any]:
        async with jittery_llm(3, [])(settings) as llm:
            extractions, failures, more = await pipeline.load_and_extract(
                inputs, llm, settings, None, kept=kept.append
            )
        return extractions, failures + more

    extractions, failures = asyncio.run(streamed())
    assert [x.model_dump() for x in extractions] == [x.model_dump() for x in expected[0]]
    assert kept == extractions  # handed on in order, whatever order the answers came in
    assert failures == expected[1]
    assert [f.input for f in failures] == ["missing.txt", "nothing-*.txt"]


def test_first_call_leaves_before_loading_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded: list[float] = []

    def slow_load(inputs: Any, options: Any) -> Iterator[Article | Failure]:
        for item in iter_articles(inputs, options):
            time.sleep(0.1)
            loaded.append(time.monotonic())
            yield item

    calls: list[float] = []
    monkeypatch.setattr(pipeline, "iter_articles", slow_load)
    monkeypatch.setattr(pipeline, "LLM", jittery_llm(4, calls))
    report = pipeline.extract([str(SEEDS)])
    assert len(report.extractions) == len(loaded) == len(list(SEEDS.glob("*.txt")))
    assert calls[0] < loaded[1] < loaded[-1]


def test_no_usable_input_raises_after_streaming() -> None:
    with pytest.raises(NoInputError, match=r"no usable articles \(missing.txt: no such file"):
        pipeline.extract(["missing.txt"])


def test_concurrency_limit_holds_from_the_first_request_and_warm_run_builds_no_client(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    built: list[LLM] = []

    class Recorded(LLM):
        def __init__(self, settings: Settings, **kwargs: Any) -> None:
            super().__init__(settings, **kwargs)
            built.append(self)

    monkeypatch.setattr(pipeline, "LLM", Recorded)
    inputs = sorted(str(path) for path in CORPUS.glob("*.jsonl"))[:6]
    with OpenAIServer(latency=0.2) as server:
        settings = Settings(
            base_url=server.base_url, api_key="sk-test", concurrency=2, cache_dir=tmp_path / "c"
        )
        cold = pipeline.extract(inputs, settings=settings)
        assert (server.calls, server.max_in_flight) == (6, 2)
        warm = pipeline.extract(inputs, settings=settings)
        assert server.calls == 6
    assert warm.model_dump() == cold.model_dump()
    assert built[0]._sdk is not None
    assert built[1]._sdk is None  # every answer cached: openai + instructor never needed
    assert built[1].usage.calls == 0


def test_function_words_decide_the_corpus_languages_without_py3langid() -> None:
    records = [
        json.loads(line)
        for path in sorted(CORPUS.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    script = (
        "import json, sys\n"
        "from summarizer.stages.load.metadata import detect_language\n"
        "texts = json.load(sys.stdin)\n"
        "print(json.dumps([[detect_language(t) for t in texts], 'py3langid' in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps([r["text"] for r in records]),
        capture_output=True,
        text=True,
        check=True,
    )
    languages, langid_loaded = json.loads(done.stdout)
    assert languages == [r["language"] for r in records]
    assert len(set(languages)) >= 5
    assert not langid_loaded


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Wie die Behörden mitteilten, sind bei dem Unglück mehr als 20 Menschen gestorben.", "de"),
        ("Selon les autorités, plus de 20 personnes sont mortes dans la catastrophe.", "fr"),
        ("Según las autoridades, más de 20 personas murieron en el accidente.", "es"),
    ],
)
def test_detect_language_short_sentences(text: str, language: str) -> None:
    """Short sentences fall back to py3langid when function words do not decide them."""
    assert detect_language(text) == language


def test_text_without_function_words_goes_to_py3langid() -> None:
    import py3langid

    text = "Kim Jong Un: 12 000 Soldaten, 3 Tage."
    assert detect_language(text) == py3langid.classify(text)[0]
