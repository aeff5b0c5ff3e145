"""Quoted foreign text carries its language: a quote and a source's title are in the
source's `language`, so the HTML marks them `lang="xx"` unless they are English,
undetermined ('und'), or the language is no tag a browser could use."""

from __future__ import annotations

import pytest
from render_factory import Page, make_briefing

from summarizer.stages.render import render
from summarizer.stages.render.view import build_view


def test_german_quotes_and_titles_are_marked_de() -> None:
    briefing = make_briefing()
    briefing.sources[1].language = "en"
    page = Page(render(briefing, "html"))
    marks = page.find("mark")
    assert len(marks) >= 25
    english = [m for m in marks if "lang" not in m]
    assert english and all(m["lang"] == "de" for m in marks if "lang" in m)
    assert len(page.find("td", class_="quote", lang="de")) >= 1
    titles = page.find("strong", lang="de")
    assert len(titles) == 4  # the source list: every source but the English one
    assert not page.find("strong", lang="en")


@pytest.mark.parametrize(
    ("language", "lang"),
    [
        ("de", "de"),
        ("pt-BR", "pt-BR"),
        ("en", None),
        ("en-GB", None),
        ("und", None),
        ("German", None),
        ('de" onclick="x', None),
        ("", None),
    ],
)
def test_source_lang_attribute(language: str, lang: str | None) -> None:
    briefing = make_briefing()
    briefing.sources[0].language = language
    assert build_view(briefing).sources[0].lang == lang
