"""HTML -> `Document` with trafilatura: the main text and the page's own metadata.

trafilatura drops navigation, footers and comments, and reads title, author, date
(via htmldate, here limited to the page's explicit publication markup) and site
name. A page whose main text is shorter than `MIN_ARTICLE_CHARS` is not an article
(a home page, a link list, an error page) and becomes an `InputError`.

trafilatura is imported on first use: it costs about 0.15 s, which commands that
load no web page (``summarizer --help``) should not pay.
"""

from __future__ import annotations

import datetime as dt

from summarizer.errors import InputError
from summarizer.stages.load.document import Document

MIN_ARTICLE_CHARS = 200
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
    text = page.text if isinstance(page, Page) and page.text else ""
    if not isinstance(page, Page) or len(text.strip()) < MIN_ARTICLE_CHARS:
        raise InputError(source, "no article text found on the page (not an article?)")
    return Document(
        source=source,
        text=text,
        path=path,
        url=url,
        title=page.title or None,
        published=_parse_date(page.date),
        outlet=page.sitename or None,
        author=page.author or None,
    )


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
