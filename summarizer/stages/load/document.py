"""A `Document` is what a reader found; `build_article` turns it into an `Article`.

Every reader (text files, JSONL lines, web pages, feed entries) produces a `Document`:
the article text plus whatever metadata the container already states (a JSONL
record's title, a page's `<meta>` date, a feed entry's author). `build_article` then
does the same for every source: normalise line endings, refuse an article over the
size limit (`options`) or one that is not prose (`prose`), compute the content id,
read the rest of the metadata from the text itself, strip boilerplate lines and
detect the language. Metadata stated by the container wins over metadata read from
the text, with two corrections: a stated byline keeps only people as the author
(an organisation it names becomes the outlet when none is known, see `bylines`),
and the title loses a trailing site name or date (`titles`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from summarizer.core.articles import Article, content_id
from summarizer.errors import InputError
from summarizer.stages.load.boilerplate import remove_boilerplate
from summarizer.stages.load.bylines import outlet_name, split_byline
from summarizer.stages.load.decode import normalize_newlines
from summarizer.stages.load.metadata import detect_language, read_metadata
from summarizer.stages.load.options import LoadOptions, check_article_size
from summarizer.stages.load.prose import non_article_reason
from summarizer.stages.load.titles import domain_labels, trim_site_suffix


@dataclass(frozen=True)
class Document:
    """Article text as read, with the metadata its container states."""

    source: str
    """The input (path, URL, "file.jsonl:3") named in failures."""
    text: str
    path: str | None = None
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    author: str | None = None
    language: str | None = None


def build_article(document: Document, options: LoadOptions) -> Article:
    """Build the `Article`; raise `InputError` if it is too long or not an article."""
    text = normalize_newlines(document.text)
    check_article_size(len(text), document.source, options)
    reason = non_article_reason(text)
    if reason:
        raise InputError(document.source, reason)
    metadata = read_metadata(text)
    clean_text = remove_boilerplate(text, metadata.header_lines)
    if not clean_text.strip():
        raise InputError(document.source, "no article text (only blank or boilerplate lines)")
    stated_outlet = outlet_name(document.outlet or metadata.outlet)
    people, organisation = split_byline(
        document.author, [stated_outlet or "", *domain_labels(document.url)]
    )
    outlet = stated_outlet or organisation
    title = document.title or metadata.title
    return Article(
        id=content_id(text),
        title=trim_site_suffix(title, [outlet, organisation], document.url),
        path=document.path,
        url=document.url,
        outlet=outlet,
        author=people or metadata.author,
        published=document.published or metadata.published,
        language=document.language or detect_language(clean_text),
        text=text,
        clean_text=clean_text,
    )
