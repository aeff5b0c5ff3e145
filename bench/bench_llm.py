"""Benchmark the LLM layer against the local test server: concurrency, cache, cold start.

For N articles at latency L and concurrency C the floor is ceil(N/C)*L; sequential
calls would take N*L. The server runs in its own process (as a real endpoint would,
so it does not compete with the client for the GIL). The one-time cost of importing
openai + instructor and building the client is timed first and printed separately.
The benchmark then extracts N synthetic articles

1. through `LLM.structured` directly (cold, then a warm rerun from the disk cache),
   in this process, after the one-time SDK setup;
2. through the library's `summarizer.pipeline.extract` (load, extract, verify), in
   this process (its cold run pays the language model's one-time load);
3. through a whole `summarizer extract DIR` process (Python start-up, imports, the
   language model and the SDK import included), cold and then warm,

and then times the start-up floor (a fresh interpreter importing openai + instructor
and building a client: no request can leave before it) and a cold `summarizer --help`.
Every cold run is compared with the
floor. Targets: cold within 1.10x of the floor, start-up included; warm rerun with
0 calls in under 1.5 s.

Run: /work/venv/bin/python bench/bench_llm.py [--n 96] [--latency 1.0] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from summarizer.config import Settings
from summarizer.core.articles import Article, content_id
from summarizer.core.items import ExtractionDraft
from summarizer.llm.client import LLM
from summarizer.llm.prompts import render_prompt

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def fake_openai(
    latency: float, answers: Path | None = None, *, summaries: bool = False
) -> Iterator[str]:
    """Run tests/openai_server.py in a child process; yield its base URL.

    With `answers`, a folder of recorded extraction fixtures, the server answers each
    recorded article with its recorded extraction (tests/recorded_answers.py); with
    `summaries`, summary requests with a summary that passes the write stage's checks.
    """
    command = [sys.executable, str(ROOT / "tests" / "openai_server.py"), "--latency", str(latency)]
    if answers is not None:
        command += ["--answers", str(answers)]
    if summaries:
        command.append("--summaries")
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        yield server.stdout.readline().strip()
    finally:
        server.terminate()
        server.wait()


def server_stats(base_url: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{base_url}/stats") as response:
        return dict(json.load(response))


def synthetic_texts(n: int) -> list[str]:
    return [
        f"Das Ministerium meldete am Montag {1000 + i} neue Fälle in Region {i}. "
        f"Nach Angaben der Behörden sollen es mehr als {i * 10} Betroffene sein. "
        f"Die Opposition bestritt die Zahlen aus Bericht Nummer {i}."
        for i in range(n)
    ]


async def extract_directly(settings: Settings, texts: list[str]) -> LLM:
    async with LLM(settings) as llm:

        async def one(text: str) -> ExtractionDraft:
            article = Article(id=content_id(text), title="t", text=text, clean_text=text)
            prompt = render_prompt(
                "extract", article=article, text=text, chunk_index=0, chunk_count=1
            )
            return await llm.structured(
                stage="extract", key=article.id, prompt=prompt, response_model=ExtractionDraft
            )

        await asyncio.gather(*(one(text) for text in texts))
        return llm


def sdk_setup(settings: Settings) -> None:
    """Import the SDKs and build a client, as the first call of a process does."""
    from summarizer.llm.sdk import instructor_client, new_openai

    instructor_client(new_openai(settings, {}), settings.mode)


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def report(label: str, seconds: float, floor: float, sequential: float, calls: int) -> None:
    print(
        f"{label:<28} {seconds:7.2f} s  {seconds / floor:5.2f}x floor  "
        f"{sequential / seconds:5.1f}x faster than sequential  calls={calls}"
    )


def write_articles(folder: Path, texts: list[str]) -> list[Path]:
    paths = []
    for i, text in enumerate(texts):
        path = folder / f"article_{i:03}.txt"
        path.write_text(f"Bericht {i}\n\n{text}\n", encoding="utf-8")
        paths.append(path)
    return paths


def bench_library(settings: Settings, texts: list[str], floor: float) -> None:
    try:
        from summarizer.pipeline import extract
    except ImportError:
        print("summarizer.pipeline.extract not available; skipped")
        return
    with tempfile.TemporaryDirectory() as folder:
        paths = write_articles(Path(folder), texts)
        for run in ("cold", "warm"):
            before = server_stats(str(settings.base_url))["calls"]
            seconds, report_ = timed(lambda: extract(paths, settings=settings))
            calls = server_stats(str(settings.base_url))["calls"] - before
            items = sum(len(x.items()) for x in report_.extractions)
            print(
                f"{f'pipeline.extract ({run}):':<28} {seconds:7.2f} s  "
                f"{seconds / floor:5.2f}x floor  calls={calls}  "
                f"articles={len(report_.extractions)}  items={items}  "
                f"failures={len(report_.failures)}"
            )


def bench_cli(base_url: str, texts: list[str], concurrency: int, floor: float) -> None:
    """`summarizer extract DIR` as a child process: everything a user waits for."""
    script = Path(sys.executable).parent / "summarizer"
    if not script.exists():
        print("summarizer console script not installed; CLI run skipped")
        return
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "in").mkdir()
        write_articles(root / "in", texts)
        env = {
            **os.environ,
            "OPENAI_BASE_URL": base_url,
            "OPENAI_API_KEY": "sk-bench",
            "SUMMARIZER_CACHE_DIR": str(root / "cache"),
        }
        command = [str(script), "extract", str(root / "in"), "--concurrency", str(concurrency)]
        for run in ("cold", "warm"):
            before = server_stats(base_url)["calls"]
            out = root / f"{run}.json"
            argv = [*command, "-o", str(out)]
            seconds, done = timed(
                lambda: subprocess.run(argv, env=env, capture_output=True, text=True)  # noqa: B023
            )
            calls = server_stats(base_url)["calls"] - before
            extracted = len(json.loads(out.read_text())["extractions"]) if out.exists() else 0
            status = (
                "" if done.returncode == 0 else f"  exit {done.returncode}: {done.stderr[-300:]}"
            )
            print(
                f"{f'CLI process ({run}):':<28} {seconds:7.2f} s  {seconds / floor:5.2f}x floor  "
                f"calls={calls}  articles={extracted}{status}"
            )


SDK_FLOOR = (
    "import openai, instructor\n"
    "instructor.from_openai(openai.AsyncOpenAI(api_key='sk-bench', base_url='http://127.0.0.1:9'))"
)
"""What a fresh interpreter must run before its first request can leave."""


def startup_floor(floor: float) -> None:
    """The part of a whole-process run no concurrency can hide: the SDK import."""
    command = [sys.executable, "-c", SDK_FLOOR]
    best = min(
        timed(lambda: subprocess.run(command, capture_output=True, check=True))[0] for _ in range(3)
    )
    print(
        f"start-up floor (fresh interpreter, import openai + instructor, build a client): "
        f"{best:.2f} s (best of 3) = {best / floor:.2f}x of the floor on its own"
    )


def cold_start() -> None:
    script = Path(sys.executable).parent / "summarizer"
    has_cli = (ROOT / "summarizer" / "cli.py").exists() and script.exists()
    command = (
        [str(script), "--help"]
        if has_cli
        else [sys.executable, "-c", "import summarizer.llm.client"]
    )
    best = min(
        timed(lambda: subprocess.run(command, capture_output=True, check=True))[0] for _ in range(3)
    )
    print(f"cold start `{' '.join(Path(c).name for c in command)}`: {best:.2f} s (best of 3)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=96)
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    n, latency, concurrency = args.n, args.latency, args.concurrency
    floor, sequential = math.ceil(n / concurrency) * latency, n * latency
    print(f"N={n} L={latency}s C={concurrency}: floor {floor:.2f} s, sequential {sequential:.2f} s")
    texts = synthetic_texts(n)
    with fake_openai(latency) as base_url, tempfile.TemporaryDirectory() as cache:
        settings = Settings(
            base_url=base_url,
            api_key="sk-bench",
            concurrency=concurrency,
            cache_dir=Path(cache) / "direct",
        )
        setup, _ = timed(lambda: sdk_setup(settings))
        print(f"one-time openai + instructor import and client setup: {setup:.2f} s")
        for run in ("cold", "warm"):
            seconds, llm = timed(lambda: asyncio.run(extract_directly(settings, texts)))
            report(f"LLM.structured ({run}):", seconds, floor, sequential, llm.usage.calls)
            if run == "cold":
                with_setup = seconds + setup
                print(
                    f"{'':<29}with the SDK setup: {with_setup:.2f} s "
                    f"= {with_setup / floor:.2f}x floor"
                )
            in_flight = server_stats(base_url)["max_in_flight"]
            print(f"{'':<29}{llm.usage.summary()}; max in flight {in_flight}")
        library = settings.model_copy(update={"cache_dir": Path(cache) / "library"})
        bench_library(library, texts, floor)
        bench_cli(base_url, texts, concurrency, floor)
    startup_floor(floor)
    cold_start()


if __name__ == "__main__":
    main()
