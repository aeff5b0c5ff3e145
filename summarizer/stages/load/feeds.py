"""RSS and Atom feeds -> `FeedEntry` records, with feedparser. No HTTP here.

`looks_like_feed` decides from the content type or the XML root element (after any
XML declaration, comments, processing instructions and DOCTYPE) whether a response
or a local file is a feed. `parse_feed` returns each entry's link, title, author,
publication date and, when the entry carries its article (content or a long
summary), that text. `fetch` then fetches the link of every entry without text.

feedparser is lenient: a feed it could only partly parse (``bozo``) is still used
when it yielded entries; one that yielded none is a broken feed.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass
from typing import Any

from summarizer.errors import InputError
from summarizer.stages.load.webpage import html_to_text

FEED_CONTENT_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml"}
)
FEED_ROOT = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?"
    rb"(?:<!--.*?-->\s*|<\?[^>]*>\s*|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>\s*)*"
    rb"<(?:\w+:)?(?:rss|feed|RDF)\b",
    re.S | re.I,
)
SNIFF_BYTES = 2048
MIN_ENTRY_TEXT_CHARS = 500
"""An entry's own content or summary this long is taken as the article."""


@dataclass(frozen=True)
class FeedEntry:
    """One feed item: where its article is, what the feed says about it."""

    source: str
    """The entry's link, or "<feed url>#<n>" when it has none."""
    link: str | None
    title: str | None
    published: dt.date | None
    author: str | None
    text: str | None
    """The article text when the entry carries it in full, else None."""


def looks_like_feed(content: bytes, content_type: str) -> bool:
    """True for an RSS/Atom content type, or XML whose root element is rss, feed or RDF."""
    media_type = content_type.split(";")[0].strip().lower()
    return media_type in FEED_CONTENT_TYPES or bool(
        FEED_ROOT.match(content[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf"))
    )


def parse_feed(content: bytes, url: str, content_type: str) -> tuple[str | None, list[FeedEntry]]:
    """The feed's title and its entries; raise `InputError` for a broken or empty feed."""
    import feedparser  # on first use: most runs read no feed

    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(content, response_headers=headers)
    entries = [
        _entry(raw, url, n)
        for n, raw in enumerate(parsed.entries, 1)
        if raw.get("link") or raw.get("content") or raw.get("summary")
    ]
    if not entries:
        if parsed.bozo:
            raise InputError(url, f"broken feed: {_one_line(parsed.bozo_exception)}")
        raise InputError(url, "feed has no entries")
    title = parsed.feed.get("title")
    return (str(title) if title else None), entries


def _entry(raw: Any, feed_url: str, n: int) -> FeedEntry:
    link = raw.get("link")
    return FeedEntry(
        source=str(link) if link else f"{feed_url}#{n}",
        link=str(link) if link else None,
        title=raw.get("title") or None,
        published=_entry_date(raw),
        author=raw.get("author") or None,
        text=_entry_text(raw),
    )


def _entry_text(raw: Any) -> str | None:
    """The longest of the entry's content blocks and summary, if it is long enough."""
    blocks = [block.get("value", "") for block in raw.get("content", [])]
    blocks.append(raw.get("summary", ""))
    texts = [html_to_text(block) for block in blocks if block]
    best = max(texts, key=len, default="")
    return best if len(best) >= MIN_ENTRY_TEXT_CHARS else None


def _entry_date(raw: Any) -> dt.date | None:
    """The entry's date in its own time zone (RFC 822 or ISO 8601), else feedparser's UTC one."""
    for key in ("published", "updated", "created"):
        value = raw.get(key)
        if not value:
            continue
        try:
            return email.utils.parsedate_to_datetime(value).date()
        except (TypeError, ValueError):
            pass
        try:
            return dt.datetime.fromisoformat(value).date()
        except ValueError:
            pass
        parsed = raw.get(f"{key}_parsed")
        if parsed:
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _one_line(error: object) -> str:
    return " ".join(str(error).split()) or type(error).__name__
