"""HTML -> `Document` with trafilatura: the main text and the page's own metadata.

trafilatura drops navigation, footers and comments, and reads title, author, date
(via htmldate, here limited to the page's explicit publication markup), site name
and URL (``og:url`` first). The head's own ``<link rel=canonical>`` wins over that
URL, as the HTML standard makes it the page's preferred address. The canonical URL
becomes the document's URL, so a saved page is cited by its address
and not only by a local path; a relative one is resolved against the URL the page
was fetched from, and only absolute http(s) URLs are kept.

A page whose main text is shorter than `MIN_ARTICLE_CHARS` is not an article (a
home page, a link list, an error page) and becomes an `InputError`, as does a
page that `prose.non_article_reason` refuses (a client-side template).

trafilatura is imported on first use: it costs about 0.15 s, which commands that
load no web page (``summarizer --help``) should not pay.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urljoin, urlsplit

from summarizer.errors import InputError
from summarizer.stages.load.document import Document
from summarizer.stages.load.prose import non_article_reason, template_reason

MIN_ARTICLE_CHARS = 200
HEAD_SCAN_BYTES = 300_000
LINK_TAG = re.compile(r"<link\b[^>]*>", re.I)
LINK_REL = re.compile(r"\brel\s*=\s*[\"']?([^\"'>]*)", re.I)
LINK_HREF = re.compile(r"\bhref\s*=\s*[\"']?([^\"'\s>]*)", re.I)
DATE_EXTRACTION = {"extensive_search": False, "original_date": True}


def document_from_html(
    html: bytes | str, *, source: str, url: str | None = None, path: str | None = None
) -> Document:
    """Extract the article in `html`; raise `InputError` naming `source` if there is none."""
    import trafilatura
    from trafilatura.settings import Document as Page

    page = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        date_extraction_params=DATE_EXTRACTION,
    )
    if not isinstance(page, Page):
        raise _not_an_article(source, html, "")
    text = page.text or ""
    reason = non_article_reason(f"{page.title or ''}\n{text}")
    if reason:
        raise InputError(source, reason)
    if len(text.strip()) < MIN_ARTICLE_CHARS:
        raise _not_an_article(source, html, text)
    return Document(
        source=source,
        text=text,
        path=path,
        url=canonical_url(_canonical_link(html), url) or canonical_url(page.url, url) or url,
        title=page.title or None,
        published=_parse_date(page.date),
        outlet=page.sitename or None,
        author=page.author or None,
    )


def canonical_url(found: str | None, base: str | None) -> str | None:
    """`found` made absolute against `base`, if it is an http(s) URL; else None."""
    if not found:
        return None
    absolute = urljoin(base, found.strip()) if base else found.strip()
    parts = urlsplit(absolute)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    return absolute


def _not_an_article(source: str, html: bytes | str, text: str) -> InputError:
    """A page without enough main text: a template left unrendered, else too short."""
    raw = html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html
    return InputError(
        source,
        template_reason(raw)
        or f"not an article: its main text is only {len(text.strip())} characters "
        "(a home page, link list or error page?)",
    )


def _canonical_link(html: bytes | str) -> str | None:
    """The href of the head's ``<link rel="canonical">``, if any."""
    head = html[:HEAD_SCAN_BYTES]
    text = head.decode("utf-8", errors="replace") if isinstance(head, bytes) else head
    for tag in LINK_TAG.findall(text):
        rel = LINK_REL.search(tag)
        href = LINK_HREF.search(tag)
        if rel and href and "canonical" in rel[1].lower().split():
            return href[1]
    return None


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one line per block."""
    import trafilatura

    text = trafilatura.extract(
        f"<html><body><article>{fragment}</article></body></html>",
        include_comments=False,
        favor_recall=True,
    )
    return text or ""


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
