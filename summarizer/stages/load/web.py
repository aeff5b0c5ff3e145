"""http(s) inputs: fetch a URL and read it as an article page, a plain-text article or a feed.

One `httpx2.Client` (the HTTP library openai 3 already depends on) serves a whole
load: it has a timeout, follows redirects and names summarizer in its User-Agent.
A feed's entries are fetched concurrently on a small thread pool, in feed order;
`read_feed` serves local feed files too, and opens the client only when an entry
must be fetched. A response is refused on its size (`options`) before extraction.

Every failure (connection error, timeout, HTTP 4xx/5xx, unsupported content type,
broken feed, page without an article) becomes a `Failure` naming the URL, so one
bad URL or feed entry never stops the others.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import httpx2

from summarizer.core.articles import Failure
from summarizer.errors import InputError
from summarizer.stages.load.decode import decode_text
from summarizer.stages.load.document import Document
from summarizer.stages.load.feeds import FeedEntry, looks_like_feed, parse_feed
from summarizer.stages.load.options import (
    HTML_BYTES_PER_CHAR,
    TEXT_BYTES_PER_CHAR,
    LoadOptions,
    check_file_size,
)
from summarizer.stages.load.webpage import document_from_html

USER_AGENT = "summarizer/0.1 (news briefing tool)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
ENTRY_FETCH_WORKERS = 8


def is_url(value: str) -> bool:
    """True for an http:// or https:// address."""
    return value.lower().startswith(("http://", "https://"))


def open_client(timeout: float) -> httpx2.Client:
    """The HTTP client for one load: timeout, redirects, User-Agent."""
    return httpx2.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT})


def fetch_url(client: httpx2.Client, url: str, options: LoadOptions) -> list[Document | Failure]:
    """The article at `url`, or one per entry when it is a feed; failures in place."""
    try:
        response = _get(client, url)
        content_type = response.headers.get("content-type", "")
        if looks_like_feed(response.content, content_type):
            return read_feed(response.content, url, content_type, lambda: client, options)
        return [_document(response, url, options)]
    except InputError as error:
        return [Failure(input=error.source, reason=error.reason)]


def _get(client: httpx2.Client, url: str) -> httpx2.Response:
    try:
        response = client.get(url)
    except httpx2.TimeoutException:
        raise InputError(url, f"timed out (timeout {client.timeout.read} s)") from None
    except httpx2.HTTPError as error:
        raise InputError(url, f"cannot fetch: {type(error).__name__}: {error}") from None
    if response.is_error:
        raise InputError(url, f"HTTP {response.status_code} {response.reason_phrase}")
    return response


def _document(response: httpx2.Response, url: str, options: LoadOptions) -> Document:
    """An article page or a plain-text article."""
    media_type = response.headers.get("content-type", "text/html").split(";")[0].strip().lower()
    size = len(response.content)
    if media_type == "text/plain":
        check_file_size(size, TEXT_BYTES_PER_CHAR, url, options)
        return Document(source=url, text=decode_text(response.content, url), url=url)
    if media_type in HTML_TYPES or not media_type:
        check_file_size(size, HTML_BYTES_PER_CHAR, url, options)
        return document_from_html(response.content, source=url, url=url)
    raise InputError(url, f"unsupported content type {media_type!r} (expected HTML or text)")


def read_feed(
    content: bytes,
    source: str,
    content_type: str,
    client: Callable[[], httpx2.Client],
    options: LoadOptions,
) -> list[Document | Failure]:
    """One document per entry of the feed `source` (a URL or a file); `client` on demand."""
    feed_title, entries = parse_feed(content, source, content_type)

    def read_entry(entry: FeedEntry) -> Document | Failure:
        try:
            return _entry_document(client, entry, feed_title, options)
        except InputError as error:
            return Failure(input=error.source, reason=f"{error.reason} (entry of feed {source})")

    with ThreadPoolExecutor(max_workers=ENTRY_FETCH_WORKERS) as pool:
        return list(pool.map(read_entry, entries))


def _entry_document(
    client: Callable[[], httpx2.Client],
    entry: FeedEntry,
    feed_title: str | None,
    options: LoadOptions,
) -> Document:
    """The entry's own text when it carries the article, else its linked page.

    The entry's title, date and author win over the page's; the page's site name
    wins over the feed's title as the outlet.
    """
    if entry.text is not None:
        page = Document(source=entry.source, text=entry.text, url=entry.link)
    elif entry.link is not None and is_url(entry.link):
        page = _document(_get(client(), entry.link), entry.link, options)
    elif entry.link is not None:
        raise InputError(entry.source, "feed entry has no text and its link is not http(s)")
    else:
        raise InputError(entry.source, "feed entry has neither a link nor article text")
    return replace(
        page,
        title=entry.title or page.title,
        published=entry.published or page.published,
        author=entry.author or page.author,
        outlet=page.outlet or feed_title,
    )
