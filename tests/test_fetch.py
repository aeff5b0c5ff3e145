"""URLs and feeds, against a local http.server on 127.0.0.1 that this module starts.

The server serves article pages built from the seeds, RSS and Atom feeds whose items
link to those pages, a 404, a broken feed, a non-article page, a PDF and a slow
endpoint that waits until the test run ends (the client gives up after a tiny timeout).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import SEEDS

from summarizer.stages.load.inputs import load_articles
from summarizer.stages.load.options import LoadOptions
from summarizer.stages.load.web import USER_AGENT, is_url

SEED = {path.name[:3]: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}


def article_page(number: str, *, date: str, author: str) -> bytes:
    title, *paragraphs = SEED[number].split("\n")
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p.strip())
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{escape(title)} | Beispiel</title>"
        "<meta property='og:site_name' content='Beispiel News'>"
        f"<meta name='author' content='{author}'>"
        f"<meta property='article:published_time' content='{date}'>"
        "</head><body><nav><a href='/'>Start</a> | <a href='/politik'>Politik</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        "<footer>Impressum · Datenschutz</footer></body></html>"
    ).encode()


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Beispiel Feed</title><link>{base}/</link>
<item><title>Nordkorea bestätigt Truppenentsendung</title><link>{base}/article-001</link>
  <pubDate>Thu, 05 Dec 2024 23:30:00 +0100</pubDate><author>Anna Schmidt</author>
  <description>Kurzer Anreißer.</description></item>
<item><title>Volltext im Feed</title><link>{base}/not-fetched</link>
  <pubDate>Tue, 22 Oct 2024 08:00:00 +0200</pubDate>
  <content:encoded><![CDATA[{content}]]></content:encoded></item>
<item><title>Verschwunden</title><link>{base}/missing</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Beispiel</title>
<entry><title>Kiew: Russland hält Kims Soldaten in der zweiten Reihe</title>
  <link href="/article-004"/><id>urn:1</id><updated>2024-12-05T11:58:00+01:00</updated>
</entry></feed>"""

ATOM_RSS = """<?xml version="1.0"?>
<rss version="0.91"><channel><title>Netscape</title>
<item><title>Kiew: Russland hält Kims Soldaten</title><link>{base}/article-004</link></item>
</channel></rss>"""


def _with_doctype(feed: str) -> bytes:
    doctype = (
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"\n'
        ' "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
    )
    declaration, rest = feed.split("\n", 1)
    return f"{declaration}\n{doctype}{rest}".encode()


NON_ARTICLE = b"<html><body><ul><li><a href='/a'>Start</a></li></ul></body></html>"


@dataclass
class Site:
    base: str
    requests: list[tuple[str, str]]

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    release = threading.Event()
    requests: list[tuple[str, str]] = []
    routes: dict[str, tuple[str, bytes]] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append((self.path, self.headers.get("User-Agent", "")))
            if self.path == "/slow":
                release.wait(timeout=30)
            if self.path not in routes:
                self.send_error(404, "Not Found")
                return
            content_type, body = routes[self.path]
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}"
    full_text = "".join(f"<p>{escape(p)}</p>" for p in SEED["000"].split("\n")[1:])
    routes.update(
        {
            "/article-001": (
                "text/html",
                article_page("001", date="2024-11-01", author="Page Author"),
            ),
            "/article-004": (
                "text/html; charset=utf-8",
                article_page("004", date="2024-12-05T11:58:00+01:00", author="Max Muster"),
            ),
            "/plain-002": ("text/plain; charset=utf-8", SEED["002"].encode()),
            "/feed.rss": (
                "application/rss+xml",
                RSS.format(base=base, content=full_text).encode(),
            ),
            "/atom": ("text/xml", ATOM.encode()),
            "/broken.rss": ("application/rss+xml", b"<rss><channel><item><title>kaputt"),
            "/empty.rss": ("application/rss+xml", b"<rss version='2.0'><channel></channel></rss>"),
            "/links": ("text/html", NON_ARTICLE),
            "/doctype.rss": ("application/rss+xml", _with_doctype(ATOM_RSS.format(base=base))),
            "/doctype.xml": ("text/xml", _with_doctype(ATOM_RSS.format(base=base))),
            "/moved": (
                "text/html",
                article_page("001", date="2024-11-01", author="X").replace(
                    b"<head>", b"<head><link rel='canonical' href='/story/1'>"
                ),
            ),
            "/report.pdf": ("application/pdf", b"%PDF-1.4 ..."),
            "/slow": ("text/html", article_page("001", date="2024-11-01", author="X")),
        }
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(base=base, requests=requests)
    release.set()
    server.shutdown()
    server.server_close()


def test_article_page(site: Site) -> None:
    result = load_articles([site.url("/article-004")])
    assert result.failures == []
    (article,) = result.articles
    assert article.title == SEED["004"].split("\n")[0]
    assert (article.published, article.author) == (dt.date(2024, 12, 5), "Max Muster")
    assert (article.outlet, article.language) == ("Beispiel News", "de")
    assert (article.url, article.path) == (site.url("/article-004"), None)
    assert "Nordkoreas Machthaber Kim Jong Un und Russlands Präsident" in article.clean_text
    assert "Impressum" not in article.text
    assert "Start" not in article.text


def test_user_agent_names_summarizer(site: Site) -> None:
    load_articles([site.url("/article-001")])
    agents = {agent for path, agent in site.requests if path == "/article-001"}
    assert agents == {USER_AGENT}
    assert USER_AGENT.startswith("summarizer/")


def test_plain_text_url_is_read_like_a_file(site: Site) -> None:
    (article,) = load_articles([site.url("/plain-002")]).articles
    assert article.text == SEED["002"]
    assert article.published == dt.date(2024, 10, 24)


def test_rss_feed_entries_load_and_a_dead_link_is_one_failure(site: Site) -> None:
    result = load_articles([site.url("/feed.rss")])

    first, second = result.articles
    assert first.url == site.url("/article-001")
    assert (first.title, first.author) == ("Nordkorea bestätigt Truppenentsendung", "Anna Schmidt")
    assert first.published == dt.date(2024, 12, 5)
    assert first.outlet == "Beispiel News"
    assert "Zentralen Militärkommission Nordkoreas" in first.clean_text

    assert (second.title, second.url) == ("Volltext im Feed", site.url("/not-fetched"))
    assert second.published == dt.date(2024, 10, 22)
    assert second.outlet == "Beispiel Feed"
    assert "mindestens 11.000 nordkoreanische Soldaten" in second.clean_text
    assert "/not-fetched" not in [path for path, _ in site.requests]

    (failure,) = result.failures
    assert failure.input == site.url("/missing")
    assert failure.reason == f"HTTP 404 Not Found (entry of feed {site.url('/feed.rss')})"


def test_atom_feed_detected_by_its_root_element(site: Site) -> None:
    result = load_articles([site.url("/atom")])
    assert result.failures == []
    (article,) = result.articles
    assert article.url == site.url("/article-004")
    assert article.title == "Kiew: Russland hält Kims Soldaten in der zweiten Reihe"
    assert article.published == dt.date(2024, 12, 5)


def test_bad_urls_are_failures_beside_a_good_feed(site: Site) -> None:
    bad = {
        "/broken.rss": "broken feed:",
        "/empty.rss": "feed has no entries",
        "/nowhere": "HTTP 404 Not Found",
        "/links": "not an article: its main text is only",
        "/report.pdf": "unsupported content type 'application/pdf'",
    }
    result = load_articles([site.url(path) for path in bad] + [site.url("/atom")])
    assert len(result.articles) == 1
    assert [f.input for f in result.failures] == [site.url(path) for path in bad]
    for failure, reason in zip(result.failures, bad.values(), strict=True):
        assert failure.reason.startswith(reason)
        assert "\n" not in failure.reason


def test_slow_url_times_out_and_the_rest_still_loads(site: Site) -> None:
    result = load_articles([site.url("/slow"), site.url("/plain-002")], LoadOptions(timeout=0.2))
    assert [f.input for f in result.failures] == [site.url("/slow")]
    assert result.failures[0].reason.startswith("timed out")
    assert len(result.articles) == 1


def test_unreachable_host_is_a_failure(tmp_path: Path) -> None:
    url = "http://127.0.0.1:9/closed"
    result = load_articles([url], LoadOptions(timeout=1.0))
    assert [f.input for f in result.failures] == [url]
    assert result.failures[0].reason.startswith("cannot fetch: ConnectError")


def test_same_article_from_url_and_feed_loads_once(site: Site) -> None:
    result = load_articles([site.url("/article-004"), site.url("/atom")])
    assert len(result.articles) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [("https://x.org/a", True), ("HTTP://x.org", True), ("ftp://x", False), ("seeds", False)],
)
def test_is_url(value: str, expected: bool) -> None:
    assert is_url(value) is expected


@pytest.mark.parametrize("path", ["/doctype.rss", "/doctype.xml"])
def test_a_feed_with_a_doctype_is_read_as_a_feed(site: Site, path: str) -> None:
    result = load_articles([site.url(path)])
    assert not result.failures
    (article,) = result.articles
    assert article.url == site.url("/article-004")


def test_a_relative_canonical_url_is_resolved_against_the_fetched_one(site: Site) -> None:
    (article,) = load_articles([site.url("/moved")]).articles
    assert article.url == site.url("/story/1")


def test_a_response_over_the_size_limit_is_refused(site: Site) -> None:
    result = load_articles([site.url("/plain-002")], LoadOptions(max_article_chars=200))
    assert not result.articles
    assert result.failures[0].reason.startswith("article too long: ")
    assert "bytes, over the limit of 200 characters" in result.failures[0].reason
