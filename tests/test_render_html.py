"""The HTML page: self-contained, escaped, stories first, every [n] opening its passage."""

from __future__ import annotations

from render_factory import (
    IMG,
    SCRIPT,
    TITLES,
    Page,
    Passages,
    make_briefing,
    make_hostile_briefing,
    make_story_briefing,
)

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
    markers = page.find("details", class_="cite")
    assert len(markers) >= 25
    links = [a["href"] for a in page.find("a") if a["href"].startswith("#source-")]
    assert len(links) == len(markers)
    assert all(link.removeprefix("#") in ids for link in links)
    assert links[:4] == ["#source-2", "#source-2", "#source-3", "#source-4"]  # What changed
    first = page.find("summary")[7]  # the summary's first sentence, after the 7 of changes
    assert first["title"].startswith("„Nordkorea hat vergangene Woche")
    assert first["title"].endswith("“ — KCNA")
    assert [s["id"] for s in page.find("li") if s.get("id", "").startswith("source-")] == [
        f"source-{n}" for n in range(1, 6)
    ]


def test_every_marker_opens_a_passage_with_its_quote() -> None:
    """Each [n] on the page is a <details> whose passage highlights the verbatim quote of
    a citation to source n, names its speaker and certainty and links to source n."""
    briefing = make_story_briefing()
    quotes = {
        (briefing.sources.index(next(s for s in briefing.sources if s.id == c.source)) + 1, c.quote)
        for f in briefing.findings
        for c in f.citations
    }
    passages = Passages(render(briefing, "html")).found
    assert len(passages) >= 30
    for passage in passages:
        (label,) = passage["label"]
        number = int(label.strip("[]"))
        assert passage["quotes"], f"{label}: no highlighted quote"
        for quote in passage["quotes"]:
            assert (number, quote.strip("„“")) in quotes, f"{label}: {quote!r} is not its quote"
        assert f"#source-{number}" in passage["links"]
        text = "".join(passage["text"])
        assert any(c in text for c in ("confirmed", "reported", "alleged", "denied"))
    kcna = next(p for p in passages if "KCNA" in "".join(p["text"]))
    assert "KCNA · reported" in "".join(kcna["text"])
    to_four = [p for p in passages if p["label"] == ["[4]"]]
    assert to_four and all("https://example.org/kim-putin" in p["links"] for p in to_four)
    assert not any(
        link.startswith("http") for p in passages if p["label"] != ["[4]"] for link in p["links"]
    )


def test_stories_head_the_page_with_weight_and_contents() -> None:
    html = render(make_story_briefing(), "html")
    page = Page(html)
    toc = [a["href"] for a in page.find("a") if a["href"].startswith("#story-")]
    assert toc == ["#story-T1", "#story-T2"]
    assert [s["id"] for s in page.find("section", class_="story")] == ["story-T1", "story-T2"]
    text = page.text
    assert text.index("Moscow and Pyongyang ratify") < text.index("North Korean soldiers in Rus")
    assert "3 independent sources" in text and "2 independent sources" in text
    assert "Part of the series “North Korean soldiers sent to Russia”" in text
    assert "[4] is a translation of [2]" in text and "[3] is a reprint of [1]" in text
    (more_treaty, more_troops) = page.find("details", class_="more")
    assert "open" not in more_treaty and "open" not in more_troops
    appendix = html[html.index('id="appendix"') :]
    assert "Putin and Kim signed the treaty" in appendix
    assert (
        "Putin and Kim signed the treaty"
        not in html[: html.index('id="appendix"')]
        .split("<h2>Appendix")[0]
        .split("Key findings")[1]
        .split("Timeline")[0]
    )


def test_print_and_narrow_screen_styles() -> None:
    html = render(make_story_briefing(), "html")
    assert "@media print" in html and "@media (max-width: 600px)" in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


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
    titles = [m["title"] for m in page.find("summary") if "title" in m]
    assert any(IMG in title and '"Bündnis" & mehr' in title for title in titles)
    marked = [q for p in Passages(html).found for q in p["quotes"]]
    assert f'„{IMG} Er sagte: "Bündnis" & mehr“' in marked


def test_only_http_urls_become_links() -> None:
    briefing = make_hostile_briefing()
    briefing.sources[3].url = "https://example.org/kim-putin"
    page = Page(render(briefing, "html"))
    links = {a["href"] for a in page.find("a") if not a["href"].startswith("#")}
    assert links == {"https://example.org/kim-putin"}
    assert "javascript:document.body" in page.text


def test_chart_scales_bars_to_the_largest_value() -> None:
    series = build_view(make_briefing()).stories[0].figure_series[0]
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
    series = build_view(briefing).stories[0].figure_series[0]
    assert build_chart(series) is None
    assert "<svg" not in render(briefing, "html")


def test_no_chart_for_a_single_value() -> None:
    """One number beside a vague amount compares with nothing: a table, no chart."""
    briefing = make_briefing()
    briefing.figure_series[0].entries = briefing.figure_series[0].entries[-2:]
    series = build_view(briefing).stories[0].figure_series[0]
    assert [row.value for row in series.rows] == ["10,000–12,000", "thousands (Tausende)"]
    assert build_chart(series) is None
    assert "<svg" not in render(briefing, "html")
