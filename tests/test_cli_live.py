"""The real CLI against a live (local, fault-injecting) OpenAI-compatible server.

Each test starts `tests/openai_server.py` on 127.0.0.1 and runs `summarizer` in a
subprocess with OPENAI_BASE_URL pointing at it, so the whole path is real: CLI,
pipeline, instructor, openai, HTTP, retries, cache.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from openai_server import OpenAIServer

KEY = "sk-live-test-5f1e2d3c4b5a69788796a5b4c3d2e1f0"
SENTENCES = [
    "Die Regierung in {city} hat am Montag neue Zahlen zu den Truppen veröffentlicht.",
    "Nach Angaben des Ministeriums sind {n}.000 Soldaten in der Region stationiert.",
    "Beobachter sprechen von einer deutlichen Verschärfung der Lage.",
    "Eine unabhängige Bestätigung der Angaben gibt es bisher nicht.",
]
CITIES = [
    "Kiew",
    "Seoul",
    "Tokio",
    "Berlin",
    "Paris",
    "Rom",
    "Wien",
    "Prag",
    "Oslo",
    "Bern",
    "Riga",
    "Sofia",
]


def write_articles(folder: Path, count: int) -> None:
    folder.mkdir()
    for n, city in enumerate(CITIES[:count], start=1):
        body = " ".join(s.format(city=city, n=n) for s in SENTENCES)
        (folder / f"{n:02d}.txt").write_text(f"Meldung aus {city}\n{body}\n", encoding="utf-8")


def cli(args: list[str], server: OpenAIServer, tmp_path: Path, **extra: str) -> list[str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": KEY,
        "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
        "SUMMARIZER_FIXTURES_DIR": str(tmp_path / "fixtures"),
        **extra,
    }
    return [sys.executable, "-m", "summarizer.cli", *args], env  # type: ignore[return-value]


def run(args: list[str], server: OpenAIServer, tmp_path: Path, **extra: str):  # type: ignore[no-untyped-def]
    command, env = cli(args, server, tmp_path, **extra)
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def extraction_calls(server: OpenAIServer) -> int:
    return sum("ExtractionDraft" in json.dumps(r.body) for r in server.requests)


def test_thirty_percent_faults_still_brief_every_article(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 12)
    kinds = ("rate_limit", "server_error", "malformed_json", "schema_invalid")
    with OpenAIServer(fault_rate=0.3, fault_kinds=kinds, seed=1) as server:
        result = run(["brief", str(tmp_path / "in"), "--format", "json"], server, tmp_path)
        served = sum(server.faults_served[k] for k in kinds)
    assert result.returncode == 0, result.stderr
    briefing = json.loads(result.stdout)
    assert len(briefing["sources"]) == 12
    assert briefing["failures"] == []
    assert served >= 5  # the faults really happened
    assert "Traceback" not in result.stderr


def test_the_key_reaches_no_output_log_cache_or_fixture(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 3)
    with OpenAIServer(faults=["rate_limit", "server_error"]) as server:
        recorded = run(["brief", str(tmp_path / "in"), "--record", "-vv"], server, tmp_path)
        assert recorded.returncode == 0, recorded.stderr
        assert all(r.headers.get("authorization") for r in server.requests)
    with OpenAIServer(faults=["auth"]) as server:
        refused = run(["brief", str(tmp_path / "in"), "--no-cache", "-vv"], server, tmp_path)
    assert refused.returncode == 4
    assert refused.stderr.count("summarizer: error:") == 1
    assert list((tmp_path / "fixtures").rglob("*.json")), "record wrote no fixture"
    stored = b"".join(
        p.read_bytes()
        for p in tmp_path.rglob("*")
        if p.is_file() and "in" not in p.relative_to(tmp_path).parts[:1]
    )
    outputs = recorded.stdout + recorded.stderr + refused.stdout + refused.stderr
    for secret in (KEY, KEY[8:]):
        assert secret not in outputs
        assert secret.encode() not in stored


def test_an_interrupted_run_continues_from_the_cache(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 8)
    args = ["extract", str(tmp_path / "in"), "--concurrency", "2", "-o", str(tmp_path / "x.json")]
    with OpenAIServer(latency=0.4) as server:
        command, env = cli(args, server, tmp_path)
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 60
        while extraction_calls(server) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
        first = extraction_calls(server)
        assert process.returncode == 130, stderr
        assert "interrupted; rerun to continue" in stderr
        assert not (tmp_path / "x.json").exists()

        rerun = run(args, server, tmp_path)
        second = extraction_calls(server) - first
    assert rerun.returncode == 0, rerun.stderr
    assert len(json.loads((tmp_path / "x.json").read_text())["extractions"]) == 8
    assert 1 <= second <= 8 - 3  # at least the first answers were kept
