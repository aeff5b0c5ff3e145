"""Benchmark the whole `summarizer brief` process against a naive instructor loop.

Both run as fresh processes against the same local server (tests/openai_server.py,
in its own process, latency L) at the same concurrency C, in one run of this
script, so the ratios printed compare like with like:

* **corpus**: the 36 real articles of corpus/articles/ (7 languages), repeated to N;
  each repeat gets one changed line ("(Copy k.)") so that its id differs.
* **answers**: the server answers each article's extraction with the answer recorded
  blind for it (fixtures/extract/, matched by its quotes occurring in the article:
  tests/recorded_answers.py), so stories, findings and the dependent calls are those
  of real use (a handful of stories, not one per article). A summary request gets one
  sentence that passes the write stage's checks (its first confirmed finding's
  statement); every other call (same-fact and the other merge proposals) gets the
  server's minimal valid answer.
* **brief**: `summarizer brief DIR --concurrency C --format json`, cold (empty answer
  cache) and then warm (every answer cached, 0 calls).
* **naive**: what a user writes: `asyncio.gather` over `instructor` with an
  `asyncio.Semaphore(C)`, the same extraction schema (`ExtractionDraft`), the whole
  corpus read first, plus as many further extraction calls, in the same gather, as
  `brief` made re-asks (its validators re-ask answers that fail verify's checks; the
  naive loop has no such checks, so it gets them as independent calls, not chained);
  then, as a like-for-like pipeline, the same number of dependent calls that `brief`
  made after extraction (the merge proposals: same-fact and the
  others asked with it; then summaries), each round gathered under the same semaphore.

Calls are counted by the server, per response model. Reported: time to first request
(process start to the server's first arrival), the wall time against the floor
ceil(N/C)*L plus the dependent rounds (proposals, summaries: one round each of
ceil(calls/C)*L), the start-up cost (a fresh interpreter; one that imports openai +
instructor and builds a client), brief vs naive, and the issue's targets: first request
within 0.3 s of the SDK start, cold within SDK start + floor + 1 s, warm within 1 s of
the SDK start, brief / naive <= 1.

Run: .venv/bin/python bench/bench_peer.py [--n 96] [--latency 1] [--concurrency 16]
     [--scale-n 1000 --scale-concurrency 64 | --no-scale]
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench_llm import fake_openai  # bench/ is sys.path[0] when run as a script

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "articles"
ANSWERS = ROOT / "fixtures" / "extract"
EXTRACTION = "ExtractionDraft"
SUMMARIES = ("BriefingSummary", "SummaryDraft")
"""Response models of the summary round; any other non-extraction call is a proposal."""

NAIVE = r"""
import asyncio, json, sys, time
from pathlib import Path

import instructor, openai
from pydantic import BaseModel

from summarizer.core.items import ExtractionDraft

folder, base_url, concurrency, extra_calls, proposal_calls, summary_calls = sys.argv[1:7]

class Groups(BaseModel):
    groups: list[list[str]]

class Summary(BaseModel):
    sentences: list[str]

async def main() -> None:
    client = instructor.from_openai(openai.AsyncOpenAI(api_key="sk-bench", base_url=base_url))
    slots = asyncio.Semaphore(int(concurrency))
    texts = [
        json.loads(line)["text"]
        for path in sorted(Path(folder).glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]

    async def ask(model, system, text):
        async with slots:
            return await client.create(
                model="gpt-4o-mini", response_model=model, max_retries=2,
                messages=[{"role": "system", "content": system},
                          {"role": "user", "content": f"<article>\n{text}\n</article>"}],
            )

    again = [texts[i % len(texts)] for i in range(int(extra_calls))]
    drafts = await asyncio.gather(
        *(ask(ExtractionDraft, "Extract claims.", t) for t in texts + again)
    )
    drafts = drafts[: len(texts)]
    statements = [c.statement for d in drafts for c in d.claims]
    await asyncio.gather(*(ask(Groups, "Group same facts.", "\n".join(statements[:200]))
                           for _ in range(int(proposal_calls))))
    await asyncio.gather(*(ask(Summary, "Summarise.", "\n".join(statements[:50]))
                           for _ in range(int(summary_calls))))
    print(len(drafts), sum(len(d.claims) for d in drafts))

asyncio.run(main())
"""
"""A user's own loop: the whole corpus read, then gathered under a semaphore."""

SDK_START = (
    "import openai, instructor\n"
    "instructor.from_openai(openai.AsyncOpenAI(api_key='sk-bench', base_url='http://127.0.0.1:9'))"
)
"""What a fresh interpreter must run before its first request can leave."""


def arrivals(base_url: str) -> list[tuple[float, str]]:
    """(arrival time, response model) of every chat request the server has seen."""
    with urllib.request.urlopen(f"{base_url}/stats") as response:
        stats = json.load(response)
    return list(zip(stats["arrivals"], stats["models"], strict=True))


def write_corpus(folder: Path, n: int) -> list[str]:
    """N articles, one JSONL file each; returns their languages."""
    records = [
        json.loads(line)
        for path in sorted(CORPUS.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    folder.mkdir(parents=True)
    languages = []
    for i in range(n):
        record = dict(records[i % len(records)])
        copy = i // len(records)
        if copy:
            record["text"] += f"\n(Copy {copy}.)"
            record["url"] += f"#copy-{copy}"
        languages.append(record["language"])
        line = json.dumps(record, ensure_ascii=False)
        (folder / f"{i:04}.jsonl").write_text(line + "\n", encoding="utf-8")
    return languages


@dataclass(frozen=True)
class Run:
    wall: float
    first_request: float | None
    models: Counter[str]
    returncode: int
    stderr: str

    @property
    def calls(self) -> int:
        return sum(self.models.values())

    @property
    def extraction(self) -> int:
        return self.models[EXTRACTION]

    @property
    def summaries(self) -> int:
        return sum(self.models[name] for name in SUMMARIES)

    @property
    def proposals(self) -> int:
        return self.calls - self.extraction - self.summaries


def run_process(argv: list[str], base_url: str, env: dict[str, str]) -> Run:
    before = len(arrivals(base_url))
    started = time.time()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    wall = time.time() - started
    new = arrivals(base_url)[before:]
    first = min(at for at, _ in new) - started if new else None
    models = Counter(model for _, model in new)
    return Run(wall, first, models, done.returncode, done.stderr.strip()[-400:])


def best_of(command: list[str], runs: int = 3) -> float:
    def once() -> float:
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        return time.perf_counter() - started

    return min(once() for _ in range(runs))


def bench(n: int, latency: float, concurrency: int, start: dict[str, float]) -> None:
    script = Path(sys.executable).parent / "summarizer"
    with (
        fake_openai(latency, ANSWERS, summaries=True) as base_url,
        tempfile.TemporaryDirectory() as tmp,
    ):
        root = Path(tmp)
        languages = write_corpus(root / "in", n)
        env = {
            **os.environ,
            "OPENAI_BASE_URL": base_url,
            "OPENAI_API_KEY": "sk-bench",
            "SUMMARIZER_CACHE_DIR": str(root / "cache"),
        }
        print(
            f"\nN={n} articles ({len(set(languages))} languages: "
            f"{', '.join(sorted(set(languages)))}), L={latency} s, C={concurrency}"
        )
        out = root / "briefing.json"
        brief = [str(script), "brief", str(root / "in"), "--concurrency", str(concurrency)]
        brief += ["--format", "json", "-o", str(out)]
        cold = run_process(brief, base_url, env)
        if cold.returncode not in (0, 1):
            print(f"brief failed (exit {cold.returncode}): {cold.stderr}")
            return
        briefing = json.loads(out.read_text(encoding="utf-8"))
        items = briefing["quality"]["items"]
        extract_floor = math.ceil(cold.extraction / concurrency) * latency
        dependent = sum(
            math.ceil(k / concurrency) * latency for k in (cold.proposals, cold.summaries) if k
        )
        floor = extract_floor + dependent
        warm = run_process(brief, base_url, env)
        naive_argv = [sys.executable, "-c", NAIVE, str(root / "in"), base_url, str(concurrency)]
        extra = str(cold.extraction - n)
        naive_extract = run_process([*naive_argv, extra, "0", "0"], base_url, env)
        naive = run_process(
            [*naive_argv, extra, str(cold.proposals), str(cold.summaries)], base_url, env
        )

    sdk = start["sdk"]
    proposals = ", ".join(
        f"{count} {name}"
        for name, count in sorted(cold.models.items())
        if name != EXTRACTION and name not in SUMMARIES
    )
    print(
        f"calls: {cold.extraction} extraction + {cold.proposals} proposals "
        f"({proposals or 'none'}) + {cold.summaries} summary; {items} items, "
        f"{len(briefing['stories'])} stories, {len(briefing['findings'])} findings"
    )
    print(
        f"floor: extraction {extract_floor:.2f} s + dependent rounds {dependent:.2f} s "
        f"= {floor:.2f} s"
    )
    print(
        f"brief cold: {cold.wall:6.2f} s = {cold.wall / floor:.2f}x floor; "
        f"beyond SDK start + floor: {cold.wall - sdk - floor:+.2f} s; calls={cold.calls}; "
        f"first request at {cold.first_request or float('nan'):.2f} s "
        f"({(cold.first_request or 0) - sdk:+.2f} s after a bare SDK start)"
    )
    print(
        f"brief warm: {warm.wall:6.2f} s, calls={warm.calls}; "
        f"beyond the SDK start: {warm.wall - sdk:+.2f} s, "
        f"beyond the interpreter start: {warm.wall - start['python']:+.2f} s"
    )
    print(
        f"naive loop, extraction only: {naive_extract.wall:6.2f} s "
        f"(first request at {naive_extract.first_request or float('nan'):.2f} s, "
        f"calls={naive_extract.calls}) = {naive_extract.wall / extract_floor:.2f}x its floor"
    )
    print(
        f"naive loop, same calls as brief: {naive.wall:6.2f} s (calls={naive.calls}); "
        f"brief / naive = {cold.wall / naive.wall:.2f}"
    )
    first = (cold.first_request or float("inf")) - sdk
    targets = {
        f"first request {first:+.2f} s after the SDK start <= 0.3": first <= 0.3,
        f"cold {cold.wall - sdk - floor:+.2f} s beyond SDK start + floor <= 1.0": (
            cold.wall <= sdk + floor + 1.0
        ),
        f"warm {warm.wall - sdk:+.2f} s beyond the SDK start < 1.0": warm.wall - sdk < 1.0,
        f"warm calls {warm.calls} == 0": warm.calls == 0,
        f"brief / naive {cold.wall / naive.wall:.2f} <= 1": cold.wall <= naive.wall,
    }
    for target, met in targets.items():
        print(f"target: {target}: {'met' if met else 'MISSED'}")
    for label, run in (("naive", naive), ("naive extract", naive_extract)):
        if run.returncode:
            print(f"{label} failed (exit {run.returncode}): {run.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=96)
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--scale-n", type=int, default=1000)
    parser.add_argument("--scale-concurrency", type=int, default=64)
    parser.add_argument("--no-scale", action="store_true")
    args = parser.parse_args()
    # As pip does when it installs the package: without its bytecode (this machine sets
    # PYTHONDONTWRITEBYTECODE, so an editable install never caches it) every process
    # would compile summarizer's modules from source first, as no user's does.
    compileall.compile_dir(ROOT / "summarizer", quiet=1)
    start = {
        "python": best_of([sys.executable, "-c", "pass"]),
        "sdk": best_of([sys.executable, "-c", SDK_START]),
    }
    print(
        f"start-up (best of 3): fresh interpreter {start['python']:.2f} s; "
        f"interpreter + import openai, instructor + build a client {start['sdk']:.2f} s"
    )
    bench(args.n, args.latency, args.concurrency, start)
    if not args.no_scale:
        bench(args.scale_n, args.latency, args.scale_concurrency, start)


if __name__ == "__main__":
    main()
