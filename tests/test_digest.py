"""Daily digests against local servers: a feed site and an OpenAI-compatible LLM.

Both servers run on 127.0.0.1 and are started by the tests. The LLM server answers
extraction requests with one verbatim-quoted claim per sentence of the article.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from openai_server import OpenAIServer

from summarizer.config import Settings
from summarizer.digest.run import DigestConfig, adigest
from summarizer.digest.state import StateStore, state_lock
from summarizer.errors import LockedError

DAY1 = dt.date(2024, 12, 1)
STORIES = {
    "a1": (
        "Nordkorea ratifiziert Vertrag",
        "Kim Jong Un hat den Vertrag mit Russland ratifiziert. "
        "Der Pakt verpflichtet beide Länder zu gegenseitigem Beistand im Fall eines Angriffs. "
        "Die staatliche Agentur KCNA meldete die Unterzeichnung des Dekrets am Montag.",
    ),
    "a2": (
        "Soldaten in Kursk",
        "Nach Angaben aus Kiew sind 11.000 nordkoreanische Soldaten in "
        "der Region Kursk stationiert. Die Truppen sollen russischen Einheiten unterstellt "
        "sein. Moskau äußerte sich bisher nicht zu den Berichten über die Soldaten.",
    ),
    "a3": (
        "Vertrag in Kraft",
        "Der Verteidigungsvertrag zwischen Nordkorea und Russland ist "
        "in Kraft getreten. Beide Seiten tauschten die Ratifizierungsurkunden in Moskau aus. "
        "Das russische Außenministerium bestätigte den Vorgang in einer Mitteilung.",
    ),
}


@dataclass
class Site:
    base: str
    items: list[str] = field(default_factory=list)


def page(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in body.split(". "))
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{paragraphs}</article></body></html>"
    ).encode()


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site(base="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            name = self.path.strip("/")
            if name == "feed.xml":
                items = "".join(
                    f"<item><title>{STORIES[i][0]}</title><link>{state.base}/{i}.html</link>"
                    f"<guid>{i}</guid></item>"
                    for i in state.items
                )
                body = (
                    f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
                    f"{items}</channel></rss>"
                ).encode()
                kind = "application/rss+xml"
            elif name == "broken.xml":
                body, kind = (
                    b'<?xml version="1.0"?><rss><channel><item><title>x',
                    "application/rss+xml",
                )
            elif name.removesuffix(".html") in STORIES:
                body, kind = page(*STORIES[name.removesuffix(".html")]), "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def extraction_calls(server: OpenAIServer) -> int:
    return sum("ExtractionDraft" in json.dumps(r.body) for r in server.requests)


def run_digest(config: DigestConfig, server: OpenAIServer, day: dt.date):  # type: ignore[no-untyped-def]
    settings = Settings(base_url=server.base_url, api_key="sk-test-digest", max_retries=0)
    return asyncio.run(adigest(config, day=day, settings=settings))


def test_only_new_articles_are_extracted_and_marked_new(site: Site, tmp_path: Path) -> None:
    site.items = ["a1", "a2"]
    config = DigestConfig(
        sources=[f"{site.base}/feed.xml", f"{site.base}/broken.xml"],
        state=tmp_path / "state",
        out=tmp_path / "out",
        formats=["md", "json"],
    )
    with OpenAIServer(latency=0.0) as server:
        first = run_digest(config, server, DAY1)
        assert first.new_articles == 2
        assert extraction_calls(server) == 2
        assert [f.input for f in first.failures] == [f"{site.base}/broken.xml"]
        assert (tmp_path / "out" / "2024-12-01.md").exists()
        assert (tmp_path / "out" / "2024-12-01.json").exists()

        calls_before = server.calls
        second = run_digest(config, server, DAY1 + dt.timedelta(days=1))
        assert (second.new_articles, second.calls, server.calls) == (0, 0, calls_before)
        quiet = (tmp_path / "out" / "2024-12-02.md").read_text(encoding="utf-8")
        assert "No new articles since the digest of 2024-12-01" in quiet

        site.items.append("a3")
        third = run_digest(config, server, DAY1 + dt.timedelta(days=2))
        assert third.new_articles == 1
        assert extraction_calls(server) == 3
        new_source = {s.id for s in third.briefing.sources}
        assert len(new_source) == 1
        new_ids = {c.ref for c in third.briefing.changes if c.kind == "new"}
        cites_only_new = {
            f.id for f in third.briefing.findings if {c.source for c in f.citations} <= new_source
        }
        assert new_ids and new_ids == cites_only_new
        markdown = (tmp_path / "out" / "2024-12-03.md").read_text(encoding="utf-8")
        assert "What changed" in markdown

        calls_before = server.calls
        again = run_digest(config, server, DAY1 + dt.timedelta(days=2))
        assert again.new_articles == 0
        assert server.calls == calls_before
        assert [f.id for f in again.briefing.findings] == [f.id for f in third.briefing.findings]


def test_jsonl_input_and_state_migrations(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "title": t,
                "text": body,
                "url": f"https://example.org/{k}",
                "published": "2024-12-05",
            },
            ensure_ascii=False,
        )
        for k, (t, body) in STORIES.items()
    ]
    (tmp_path / "in.jsonl").write_text("\n".join([*lines, "{not json"]) + "\n", encoding="utf-8")
    config = DigestConfig(
        sources=[str(tmp_path / "in.jsonl")], state=tmp_path / "s", out=tmp_path / "o"
    )
    with OpenAIServer(latency=0.0) as server:
        result = run_digest(config, server, DAY1)
    assert result.new_articles == 3
    assert len(result.failures) == 1 and "in.jsonl:4" in result.failures[0].input
    with StateStore(tmp_path / "s" / "state.sqlite3") as store:
        assert store.applied_migrations() == ["m001_initial", "m002_batches"]
        assert len(store.seen_ids()) == 3


def test_overlapping_run_is_refused(tmp_path: Path) -> None:
    config = DigestConfig(sources=[str(tmp_path)], state=tmp_path / "state", out=tmp_path / "o")
    with state_lock(config.state), pytest.raises(LockedError, match="another digest run"):
        asyncio.run(adigest(config, day=DAY1, settings=Settings()))


def test_cli_digest_from_toml_config(site: Site, tmp_path: Path) -> None:
    site.items = ["a1"]
    (tmp_path / "digest.toml").write_text(
        f'sources = ["{site.base}/feed.xml"]\nstate = "state"\nout = "digests"\n'
        'topic = ["Nordkorea"]\nformats = ["md", "html"]\n',
        encoding="utf-8",
    )
    with OpenAIServer(latency=0.0) as server:
        env = {
            "PATH": "/usr/bin:/bin",
            "OPENAI_BASE_URL": server.base_url,
            "OPENAI_API_KEY": "sk-test-cli",
            "SUMMARIZER_CACHE_DIR": str(tmp_path / "c"),
        }
        command = [
            sys.executable,
            "-m",
            "summarizer.cli",
            "digest",
            "--config",
            str(tmp_path / "digest.toml"),
            "--date",
            "2024-12-01",
        ]
        first = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=120, check=False
        )
        second = subprocess.run(
            [*command[:-1], "2024-12-02"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
    assert first.returncode == 0, first.stderr
    assert "1 new articles" in first.stderr
    assert (tmp_path / "digests" / "2024-12-01.html").exists()
    assert second.returncode == 0, second.stderr
    assert "0 new articles" in second.stderr and "0 LLM calls" in second.stderr
    assert "nothing new" in second.stderr
    assert "sk-test-cli" not in first.stderr + second.stderr
