"""The HTML page: self-contained, escaped, with quotes and sources one hover or click away."""

from __future__ import annotations

from render_factory import IMG, SCRIPT, TITLES, Page, make_briefing, make_hostile_briefing

from summarizer.stages.render import render
from summarizer.stages.render.html import build_chart
from summarizer.stages.render.view import build_view


def test_page_is_self_contained() -> None:
    html = render(make_briefing(), "html")
    page = Page(html)
    tags = {tag for tag, _ in page.elements}
    assert not tags & {"script", "link", "iframe", "img", "object", "embed"}
    assert not any("src" in attrs for _, attrs in page.elements)
    (csp,) = page.find("meta", **{"http-equiv": "Content-Security-Policy"})
    assert csp["content"].startswith("default-src 'none'")
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_markers_link_to_sources_and_carry_quotes() -> None:
    page = Page(render(make_briefing(), "html"))
    ids = {attrs["id"] for _, attrs in page.elements if "id" in attrs}
    markers = page.find("a", class_="cite")
    assert len(markers) >= 25
    assert all(m["href"].removeprefix("#") in ids for m in markers)
    first = markers[0]
    assert first["href"] == "#source-1"
    assert first["title"].startswith("„Nordkorea hat vergangene Woche")
    assert first["title"].endswith("“ — KCNA")
    assert [s["id"] for s in page.find("li") if s.get("id", "").startswith("source-")] == [
        f"source-{n}" for n in range(1, 6)
    ]


def test_every_section_is_present() -> None:
    text = Page(render(make_briefing(), "html")).text
    for heading in (
        "Summary",
        "Key findings",
        "Figures",
        "Contradictions",
        "Timeline",
        "Undated or unresolved",
        "Failures",
        "Sources",
    ):
        assert heading in text
    assert "week of 2024-10-21" in text
    assert "„vergangene Woche“" in text
    assert "grounding 93% (39/42 exact)" in text
    assert TITLES[4] in text


def test_missing_summary_shows_the_note() -> None:
    briefing = make_briefing().model_copy(
        update={"summary": [], "summary_note": "The prose summary is missing: <b>timeout</b>."}
    )
    html = render(briefing, "html")
    assert '<p class="note">The prose summary is missing: &lt;b&gt;timeout&lt;/b&gt;.</p>' in html


def test_article_text_is_escaped_everywhere() -> None:
    html = render(make_hostile_briefing(), "html")
    page = Page(html)
    assert "<script" not in html
    assert "<img" not in html
    assert "<b>" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5
    assert SCRIPT in page.text
    assert IMG in page.text
    titles = [m["title"] for m in page.find("a", class_="cite", href="#source-1")]
    assert any(IMG in title and '"Bündnis" & mehr' in title for title in titles)


def test_only_http_urls_become_links() -> None:
    briefing = make_hostile_briefing()
    briefing.sources[3].url = "https://example.org/kim-putin"
    page = Page(render(briefing, "html"))
    links = [a["href"] for a in page.find("a") if not a["href"].startswith("#")]
    assert links == ["https://example.org/kim-putin"]
    assert "javascript:document.body" in page.text


def test_chart_scales_bars_to_the_largest_value() -> None:
    series = build_view(make_briefing()).figure_series[0]
    chart = build_chart(series)
    assert chart is not None
    exact_3000, more_than, exact_11000, range_, vague = chart.bars
    assert exact_3000.solid is not None and exact_11000.solid is not None
    assert exact_3000.solid[1] < exact_11000.solid[1]
    assert exact_3000.faint is None
    assert range_.solid is not None and range_.faint is not None
    assert range_.faint[0] == range_.solid[1] < range_.faint[1]
    assert more_than.faint is not None and more_than.faint[1] > range_.faint[1]
    assert vague.solid is None and vague.faint is None
    assert chart.ticks[-1][1] == "12,000"


def test_no_chart_without_numbers() -> None:
    briefing = make_briefing()
    briefing.figure_series[0].entries = briefing.figure_series[0].entries[-1:]
    series = build_view(briefing).figure_series[0]
    assert build_chart(series) is None
    assert "<svg" not in render(briefing, "html")
