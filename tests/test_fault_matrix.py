"""The fault matrix: every fault we claim to survive, one row each, over the local server.

Each row runs the real CLI (`brief`, or `digest`) on six small German articles
against `tests/openai_server.py` on 127.0.0.1 with one fault injected, and checks
what an operator sees: articles briefed, articles failed, the exit code, and
where it matters the wall time and the stderr warning. The digest rows kill a
real `summarizer digest` process with SIGKILL at each step (`tests/digest_kill.py`)
and rerun it: every article ends up in the day's digest exactly once.

Print the matrix with its counts (for the README or an issue):

    python tests/test_fault_matrix.py
"""

from __future__ import annotations

import contextlib
import errno
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import diskcache
import pytest
from openai_server import OpenAIServer
from test_cli_live import KEY, write_articles
from typer.testing import CliRunner

from summarizer import files
from summarizer.cli import app

ARTICLES = 6
DAY, NEXT_DAY = "2024-12-01", "2024-12-02"
KILLER = Path(__file__).with_name("digest_kill.py")


@dataclass(frozen=True)
class Outcome:
    briefed: int
    failed: int
    exit_code: int


@dataclass
class Run:
    outcome: Outcome
    seconds: float
    stderr: str


Setup = Callable[[Path], contextlib.AbstractContextManager[Any]]


def _nothing(_: Path) -> contextlib.AbstractContextManager[Any]:
    return contextlib.nullcontext()


@dataclass(frozen=True)
class Row:
    fault: str
    expected: Outcome
    faults: tuple[str, ...] = ()
    server: dict[str, Any] = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    setup: Setup = _nothing
    warm: bool = False
    """Run once without the fault first, so every answer is cached."""
    within: tuple[float, float] = (0.0, 60.0)
    """Wall seconds the faulty run must take (at least, at most)."""
    warns: str | None = None
    """Exactly one stderr line must match this regular expression."""


def env_for(server: OpenAIServer, tmp: Path) -> dict[str, str]:
    return {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": KEY,
        "SUMMARIZER_MODEL": "test-model",
        "SUMMARIZER_CACHE_DIR": str(tmp / "cache"),
        "SUMMARIZER_MAX_RETRY_WAIT": "2",
    }


def invoke(args: list[str], env: dict[str, str]) -> tuple[int, str, float]:
    started = time.perf_counter()
    result = CliRunner().invoke(app, args, env=env)
    return result.exit_code, result.stderr, time.perf_counter() - started


def briefing_counts(path: Path, exit_code: int) -> Outcome:
    if not path.exists():
        return Outcome(0, 0, exit_code)
    data = json.loads(path.read_text(encoding="utf-8"))
    return Outcome(len(data["sources"]), len(data["failures"]), exit_code)


# ------------------------------------------------------------------ cache faults


@contextlib.contextmanager
def damaged_cache(tmp: Path) -> Iterator[None]:
    """A random header over the cache's SQLite file."""
    database = tmp / "cache" / "llm" / "cache.db"
    database.parent.mkdir(parents=True, exist_ok=True)
    with database.open("r+b" if database.exists() else "wb") as handle:
        handle.write(bytes(range(7, 107)))
    yield


def _full_disk(error: Exception, method: str) -> Setup:
    @contextlib.contextmanager
    def setup(_: Path) -> Iterator[None]:
        with mock.patch.object(diskcache.Cache, method, side_effect=error):
            yield

    return setup


FULL = sqlite3.OperationalError("database or disk is full")
ENOSPC = OSError(errno.ENOSPC, "No space left on device")

BRIEF_ROWS = [
    Row("none", Outcome(6, 0, 0)),
    Row(
        "429 + Retry-After: 1",
        Outcome(6, 0, 0),
        faults=("rate_limit", "rate_limit"),
        server={"retry_after": "1"},
        within=(1.0, 30.0),
    ),
    Row("500", Outcome(6, 0, 0), faults=("server_error", "server_error")),
    Row("503", Outcome(6, 0, 0), faults=("unavailable", "unavailable")),
    Row(
        "hung request (--timeout 1)",
        Outcome(5, 1, 1),
        faults=("timeout",),
        server={"hang_seconds": 30.0},
        flags=("--timeout", "1"),
        within=(1.0, 15.0),
        warns="no complete answer within --timeout 1 s",
    ),
    Row("malformed JSON", Outcome(6, 0, 0), faults=("malformed_json", "malformed_json")),
    Row("schema-invalid JSON", Outcome(6, 0, 0), faults=("schema_invalid", "schema_invalid")),
    Row("finish_reason=length", Outcome(6, 0, 0), faults=("length",)),
    Row(
        "drip, 1 byte/s (--timeout 2)",
        Outcome(5, 1, 1),
        faults=("drip",),
        flags=("--timeout", "2"),
        within=(2.0, 15.0),
        warns="no complete answer within --timeout 2 s",
    ),
    Row(
        "silent server (--timeout 2)",
        Outcome(5, 1, 1),
        faults=("silent",),
        flags=("--timeout", "2"),
        within=(2.0, 15.0),
        warns="no complete answer within --timeout 2 s",
    ),
    Row(
        "silent server (--deadline 5)",
        Outcome(5, 1, 1),
        faults=("silent",),
        flags=("--deadline", "5"),
        within=(5.0, 20.0),
        warns=r"extract/\w+: the run deadline passed \(--deadline 5 s\)",
    ),
    Row("damaged cache", Outcome(6, 0, 0), setup=damaged_cache, warm=True, warns="damaged"),
    Row(
        "full disk: cache writes (SQLite)",
        Outcome(6, 0, 0),
        setup=_full_disk(FULL, "set"),
        warns="is full",
    ),
    Row(
        "full disk: cache writes (ENOSPC)",
        Outcome(6, 0, 0),
        setup=_full_disk(ENOSPC, "set"),
        warns="is full",
    ),
    Row(
        "full disk: cache cannot open",
        Outcome(6, 0, 0),
        setup=_full_disk(FULL, "__init__"),
        warm=True,
        warns="cannot open the answer cache",
    ),
]


def run_brief(row: Row, tmp: Path) -> Run:
    write_articles(tmp / "in", ARTICLES)
    output = tmp / "briefing.json"
    args = ["brief", str(tmp / "in"), "-f", "json", "-o", str(output), *row.flags]
    with OpenAIServer(**row.server) as server:
        env = env_for(server, tmp)
        if row.warm:
            assert invoke(args, env)[0] == 0
        server.faults.extend(row.faults)
        with row.setup(tmp):
            code, stderr, seconds = invoke(args, env)
    return Run(briefing_counts(output, code), seconds, stderr)


@pytest.fixture(scope="module", autouse=True)
def _warm_process() -> None:
    """One clean run first, so that no row's wall time includes the first imports."""
    with tempfile.TemporaryDirectory() as tmp:
        assert run_brief(BRIEF_ROWS[0], Path(tmp)).outcome == BRIEF_ROWS[0].expected


@pytest.mark.parametrize("row", BRIEF_ROWS, ids=[r.fault for r in BRIEF_ROWS])
def test_brief_fault(row: Row, tmp_path: Path) -> None:
    result = run_brief(row, tmp_path)
    assert result.outcome == row.expected, result.stderr
    low, high = row.within
    assert low <= result.seconds <= high
    if row.warns:
        lines = [line for line in result.stderr.splitlines() if re.search(row.warns, line)]
        assert len(lines) == 1, result.stderr
    assert "internal error" not in result.stderr
    assert "Traceback" not in result.stderr


# ------------------------------------------------------------------ digests


def digest_args(tmp: Path) -> list[str]:
    state, out = str(tmp / "state"), str(tmp / "out")
    return ["digest", str(tmp / "in"), "--state", state, "--out", out, "-f", "md", "-f", "json"]


def state_rows(tmp: Path) -> tuple[int, int]:
    """(articles seen, digests recorded) in the state store."""
    path = tmp / "state" / "state.sqlite3"
    if not path.exists():
        return 0, 0
    with contextlib.closing(sqlite3.connect(path)) as db:
        try:
            articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
            digests = db.execute("SELECT count(*) FROM digests").fetchone()[0]
        except sqlite3.OperationalError:
            return 0, 0
    return int(articles), int(digests)


def source_ids(tmp: Path, day: str) -> list[str]:
    path = tmp / "out" / f"{day}.json"
    return [s["id"] for s in json.loads(path.read_text(encoding="utf-8"))["sources"]]


def seen_without_digest(tmp: Path) -> list[str]:
    """Articles the state marks seen on a day whose digest file does not contain them."""
    with contextlib.closing(sqlite3.connect(tmp / "state" / "state.sqlite3")) as db:
        rows = db.execute("SELECT id, first_seen FROM articles").fetchall()
    missing = []
    for article_id, first_seen in rows:
        digest = tmp / "out" / f"{first_seen}.json"
        if not digest.exists() or article_id not in source_ids(tmp, first_seen):
            missing.append(article_id)
    return missing


def run_killed_digest(point: str, rerun: str, tmp: Path) -> Run:
    """Kill a digest of DAY at `point`, then run it again on DAY or on NEXT_DAY."""
    write_articles(tmp / "in", ARTICLES)
    day = DAY if rerun == "same day" else NEXT_DAY
    with OpenAIServer() as server:
        env = env_for(server, tmp)
        command = [sys.executable, str(KILLER), point, *digest_args(tmp), "--date", DAY]
        killed = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=120, check=False
        )
        assert killed.returncode == -9, killed.stderr
        code, stderr, seconds = invoke([*digest_args(tmp), "--date", day], env)
        if rerun == "same day":  # and the next day has nothing new
            next_code, next_stderr, _ = invoke([*digest_args(tmp), "--date", NEXT_DAY], env)
            assert next_code == 0, next_stderr
            assert "0 new articles" in next_stderr
    assert state_rows(tmp)[0] == ARTICLES
    assert seen_without_digest(tmp) == []
    briefed = [i for d in (DAY, NEXT_DAY) if (tmp / "out" / f"{d}.json").exists()
               for i in source_ids(tmp, d)]  # fmt: skip
    assert set(briefed) == set(seen_ids(tmp)), "an article was never briefed"
    ids = source_ids(tmp, day)
    assert len(ids) == len(set(ids)), "an article is in the digest twice"
    return Run(briefing_counts(tmp / "out" / f"{day}.json", code), seconds, stderr)


def seen_ids(tmp: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(tmp / "state" / "state.sqlite3")) as db:
        return [row[0] for row in db.execute("SELECT id FROM articles")]


KILL_POINTS = [
    "before_extract",
    "after_extract",
    "before_write",
    "mid_write",
    "before_state",
    "after_state",
]
RERUNS = ("same day", "next day")


def expected_after_kill(point: str, rerun: str) -> Outcome:
    """The rerun briefs all six, except a next-day run after the day was committed."""
    if rerun == "next day" and point == "after_state":
        return Outcome(0, 0, 0)  # DAY's digest, written and recorded, holds all six
    return Outcome(ARTICLES, 0, 0)


@pytest.mark.parametrize("rerun", RERUNS)
@pytest.mark.parametrize("point", KILL_POINTS)
def test_digest_killed_at_each_step_loses_and_repeats_nothing(
    point: str, rerun: str, tmp_path: Path
) -> None:
    result = run_killed_digest(point, rerun, tmp_path)
    assert result.outcome == expected_after_kill(point, rerun), result.stderr


def run_unwritable_digest(error: OSError, tmp: Path) -> Run:
    """The output directory refuses writes: a clear error, the state untouched; then a rerun."""
    write_articles(tmp / "in", ARTICLES)
    out = tmp / "out"
    replace = files._replace_atomically  # the one atomic write every output goes through

    def refuse(target: Path, *args: Any, **kwargs: Any) -> None:
        if target.parent == out:
            raise error
        replace(target, *args, **kwargs)

    with OpenAIServer() as server:
        env = env_for(server, tmp)
        with mock.patch.object(files, "_replace_atomically", refuse):
            code, stderr, seconds = invoke([*digest_args(tmp), "--date", DAY], env)
        lines = [line for line in stderr.splitlines() if "cannot write the digest" in line]
        assert len(lines) == 1, stderr
        assert state_rows(tmp) == (0, 0), "the state changed although no digest was written"
        assert not list(out.glob("*")), "a partial output was left behind"
        rerun_code, rerun_stderr, _ = invoke([*digest_args(tmp), "--date", DAY], env)
    assert rerun_code == 0, rerun_stderr
    assert len(source_ids(tmp, DAY)) == ARTICLES
    return Run(Outcome(0, 0, code), seconds, stderr)


OUTPUT_FAULTS = {
    "read-only --out": OSError(errno.EROFS, "Read-only file system"),
    "full --out": OSError(errno.ENOSPC, "No space left on device"),
}


@pytest.mark.parametrize("name", OUTPUT_FAULTS)
def test_digest_unwritable_output_leaves_the_state(name: str, tmp_path: Path) -> None:
    result = run_unwritable_digest(OUTPUT_FAULTS[name], tmp_path)
    assert result.outcome == Outcome(0, 0, 73)


# ------------------------------------------------------------------ the table


def matrix() -> list[tuple[str, Outcome, float]]:
    """Run every row; (fault, outcome, wall seconds of the faulty run)."""
    rows: list[tuple[str, Callable[[Path], Run]]] = [
        *((r.fault, lambda tmp, r=r: run_brief(r, tmp)) for r in BRIEF_ROWS),
        *(
            (f"digest killed {p}, rerun {r}", lambda tmp, p=p, r=r: run_killed_digest(p, r, tmp))
            for p in KILL_POINTS
            for r in RERUNS
        ),
        *(
            (f"digest, {n}", lambda tmp, n=n: run_unwritable_digest(OUTPUT_FAULTS[n], tmp))
            for n in OUTPUT_FAULTS
        ),
    ]
    results = []
    for name, run in rows:
        with tempfile.TemporaryDirectory() as tmp:
            result = run(Path(tmp))
        results.append((name, result.outcome, result.seconds))
    return results


def main() -> None:
    print(f"| fault ({ARTICLES} articles) | briefed | failed | exit code | wall s |")
    print("| --- | --- | --- | --- | --- |")
    for name, outcome, seconds in matrix():
        print(
            f"| {name} | {outcome.briefed} | {outcome.failed} | {outcome.exit_code} "
            f"| {seconds:.1f} |"
        )


if __name__ == "__main__":
    main()
