"""Markdown from hostile articles: no HTML, no link but an http(s) one, text still readable.

The Markdown is rendered with markdown-it (CommonMark, raw HTML allowed, as most
viewers do), and the resulting HTML is checked for tags and links.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from render_factory import make_briefing, make_hostile_briefing

from summarizer.stages.render import render


def rendered_html(markdown: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


def test_article_markup_is_shown_as_text_not_rendered() -> None:
    markdown = render(make_hostile_briefing(), "md")
    page = rendered_html(markdown)
    assert "<script" not in page
    assert "<img" not in page
    assert "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Briefing" in page  # shown, as text
    assert "javascript:" not in re.findall(r'href="([^"]*)"', page)


def test_only_http_urls_become_links() -> None:
    briefing = make_hostile_briefing()
    briefing.sources[3].url = "https://example.org/a b<c>"
    briefing.findings[1].statement = "Click [here](javascript:alert(1)) or ![x](javascript:y)"
    page = rendered_html(render(briefing, "md"))
    hrefs = re.findall(r'(?:href|src)="([^"]*)"', page)
    assert hrefs == ["https://example.org/a%20b%3Cc%3E"]
    assert "[here](javascript:alert(1))" in page  # the text stays, as text


def test_plain_articles_read_as_before() -> None:
    markdown = render(make_briefing(), "md")
    assert "&lt;" not in markdown
    assert "\\[" not in markdown
