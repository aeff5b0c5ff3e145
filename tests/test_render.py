"""Markdown and JSON rendering, and the rules shared by every format."""

from __future__ import annotations

import re

import pytest
from render_factory import IDS, day, make_briefing, make_story_briefing

from summarizer.core.briefing import Briefing, Change, Citation
from summarizer.core.dates import DatePrecision, ResolvedDate
from summarizer.core.items import Certainty, Quantity
from summarizer.errors import SummarizerError
from summarizer.stages.render import render
from summarizer.stages.render.view import format_date, format_quantity

MARKERS = re.compile(r"((?:\[\d+\])+)$")
CITED_SECTIONS = {
    "## Summary",
    "## What changed",
    "## Key findings",
    "## Figures",
    "## Contradictions",
    "## Timeline",
    "### Undated or unresolved",
}


def sections(markdown: str) -> dict[str, list[str]]:
    """Non-blank lines under each `##`/`###` heading (figure series stay in Figures)."""
    result: dict[str, list[str]] = {}
    current = ""
    for line in markdown.splitlines():
        if line.startswith(("## ", "### Undated")) or line == "---":
            current = line
            result[current] = []
        elif line.strip() and not line.startswith("#"):
            result.setdefault(current, []).append(line)
    return result


def is_table_structure(line: str) -> bool:
    return line.startswith(("| Value ", "| ---"))


def test_every_content_line_ends_with_markers_that_resolve() -> None:
    briefing = make_briefing()
    parts = sections(render(briefing))
    assert parts.keys() >= CITED_SECTIONS
    numbers: set[int] = set()
    checked = 0
    for heading in CITED_SECTIONS:
        for line in parts[heading]:
            if is_table_structure(line):
                continue
            match = MARKERS.search(line)
            assert match, f"{heading}: line without [n] markers: {line!r}"
            found = [int(n) for n in re.findall(r"\d+", match.group(1))]
            assert found == sorted(set(found)), f"markers not sorted/unique: {line!r}"
            numbers.update(found)
            checked += 1
    assert checked >= 25
    listed = [int(line.split(".")[0]) for line in parts["## Sources"]]
    assert listed == [1, 2, 3, 4, 5]
    assert numbers <= set(listed)


def test_summary_sentence_cites_union_of_its_findings() -> None:
    summary = sections(render(make_briefing()))["## Summary"]
    # F4 [3], F5 [1][4], F6 [5]
    assert summary[1] == (
        "Estimates of the North Korean soldiers sent to Russia range from 3,000 to 12,000. "
        "[1][3][4][5]"
    )


def test_sources_list_metadata_and_unknown_dates() -> None:
    sources = sections(render(make_briefing()))["## Sources"]
    assert sources[0] == (
        "1. Nordkorea und Russland besiegeln Militärbündnis — Telepolis, date unknown, de, "
        f"seeds/000_{IDS[0]}.txt"
    )
    assert ", 2024-12-05, de, " in sources[4]


def test_hedges_are_tagged_once_and_confirmed_is_untagged() -> None:
    findings = sections(render(make_briefing()))["## Key findings"]
    assert findings[0].startswith(
        "- North Korea and Russia ratified a mutual defence treaty, according to KCNA. "
        "_(reported)_ — 2 independent sources"
    )
    assert "_(denied)_" in findings[8]
    assert "_(" not in findings[2]
    assert all(line.count("_(") <= 1 for line in findings)


def test_figure_series_table_and_classification() -> None:
    figures = sections(render(make_briefing()))["## Figures"]
    rows = [line for line in figures if line.startswith("| ") and not is_table_structure(line)]
    values = [row.split(" | ")[0].removeprefix("| ") for row in rows]
    assert values == [
        "3,000",
        "> 10,000 (mehr als 10.000)",
        "11,000",
        "10,000–12,000, Kursk region",
        "thousands (Tausende)",
    ]
    assert "| week of 2024-10-21 |" in rows[0]
    assert "| New York Times |" in rows[2]
    assert figures[-1].startswith("**Conflict:** 3,000 lies far below")


@pytest.mark.parametrize(
    ("counted", "unit", "heading"),
    [
        ("soldiers sent to Russia", "soldiers", "Soldiers sent to Russia"),
        ("years since Putin's previous visit", "years", "Years since Putin's previous visit"),
        ("earnings from arms sales", "EUR", "Earnings from arms sales (EUR)"),
        ("containers delivered", None, "Containers delivered"),
    ],
)
def test_series_heading_is_capitalised_and_names_a_missing_unit(
    counted: str, unit: str | None, heading: str
) -> None:
    briefing = make_briefing()
    series = briefing.figure_series[0].model_copy(update={"counted": counted, "unit": unit})
    markdown = render(briefing.model_copy(update={"figure_series": [series]}))
    assert f"### {heading}\n" in markdown


def test_table_cells_escape_pipes_and_newlines() -> None:
    briefing = make_briefing()
    entry = briefing.figure_series[0].entries[0]
    entry.citation = entry.citation.model_copy(update={"quote": "a | b\nc"})
    assert "„a \\| b c“" in render(briefing)


def test_timeline_shows_precision_and_original_expressions() -> None:
    parts = sections(render(make_briefing()))
    assert parts["## Timeline"] == [
        "- 2024-06 — Putin and Kim signed the treaty in Pyongyang. [3][5]",
        "- week of 2024-10-21 — New reports of 3,000 North Korean soldiers in Russia. [3]",
        "- 2024-12-04 — The treaty entered into force. [5]",
    ]
    assert parts["### Undated or unresolved"][0] == (
        "- last week („vergangene Woche“) — North Korea ratified the defence treaty. [1]"
    )


def test_changes_resolve_their_reference() -> None:
    briefing = make_briefing()
    briefing.changes.append(Change(kind="new", ref="F404", explanation="finding was dropped"))
    assert sections(render(briefing))["## What changed"] == [
        "- **New:** North Korea has officially confirmed for the first time that it sent troops "
        "to support Russia. — no earlier source [2]",
        "- **Changed:** North Korean soldiers sent to Russia — earlier 3.000; now 10.000–12.000 "
        "[2][3][4][5]",
        "- **Contradicted:** Pyongyang's silence is contested [1][2]",
        "- **New:** finding was dropped [uncited]",
    ]


def test_failures_and_quality_footer() -> None:
    parts = sections(render(make_briefing()))
    assert parts["## Failures"] == ["- `https://example.org/paywalled`: HTTP 403 Forbidden"]
    footer = parts["---"][0]
    for expected in (
        "sources 5",
        "findings 11",
        "grounding 93%",
        "cited sentences 100%",
        "figure conflicts 1",
        "contradictions 1",
        "LLM calls 7 (2 cached)",
        "tokens 18,234 in / 3,120 out",
        "cost $0.0046",
    ):
        assert expected in footer


@pytest.mark.parametrize(
    ("note", "shown"),
    [
        (
            "The prose summary is missing: the summary call failed (timeout).",
            "_The prose summary is missing: the summary call failed (timeout)._",
        ),
        (None, "_The prose summary is missing; no reason was recorded._"),
    ],
)
def test_empty_summary_shows_the_note(note: str | None, shown: str) -> None:
    briefing = make_briefing().model_copy(update={"summary": [], "summary_note": note})
    assert sections(render(briefing))["## Summary"] == [shown]


def test_a_note_beside_a_summary_follows_it_in_markdown_and_html() -> None:
    note = "2 new articles are pending in Batch API job batch_1; they will be briefed later."
    briefing = make_briefing().model_copy(update={"summary_note": note})
    summary = sections(render(briefing))["## Summary"]
    assert len(summary) == len(briefing.summary) + 1 and summary[-1] == f"_{note}_"
    html = render(briefing, "html")
    assert html.index(briefing.summary[-1].text) < html.index(note)


def test_optional_sections_are_omitted_when_empty() -> None:
    briefing = make_briefing().model_copy(
        update={
            "figure_series": [],
            "contradictions": [],
            "undated": [],
            "failures": [],
            "changes": [],
        }
    )
    parts = sections(render(briefing))
    assert "## Figures" not in parts
    assert "## Failures" not in parts
    assert "## What changed" not in parts
    assert "### Undated or unresolved" not in parts
    assert "## Timeline" in parts


def test_citation_to_unlisted_source_is_an_error() -> None:
    briefing = make_briefing()
    briefing.findings[0].citations.append(
        Citation(source="0000000000000000", quote="x", item="0000000000000000:c1")
    )
    with pytest.raises(SummarizerError, match="unlisted source"):
        render(briefing, "md")


def test_sentence_with_unknown_finding_is_an_error() -> None:
    briefing = make_briefing()
    briefing.summary[0].finding_ids.append("F99")
    with pytest.raises(SummarizerError, match="F99"):
        render(briefing, "html")


def test_unknown_format_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(make_briefing(), "pdf")  # type: ignore[arg-type]


def test_json_is_the_model_and_round_trips() -> None:
    briefing = make_briefing()
    text = render(briefing, "json")
    assert Briefing.model_validate_json(text) == briefing
    assert f'"source": "{IDS[0]}"' in text
    assert '"certainty": "reported"' in text


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (day("am 4.", "2024-12-04"), "2024-12-04"),
        (day("KW 46", "2024-11-11", DatePrecision.WEEK), "week of 2024-11-11"),
        (day("im November", "2024-11", DatePrecision.MONTH), "2024-11"),
        (day("2024", "2024", DatePrecision.YEAR), "2024"),
        (ResolvedDate(expression="am Montag"), "on Monday („am Montag“)"),
        (ResolvedDate(expression="kurz darauf"), "„kurz darauf“"),
        (ResolvedDate(expression="Im Herbst"), "autumn („Im Herbst“)"),
        (None, "date unknown"),
    ],
)
def test_format_date(date: ResolvedDate | None, expected: str) -> None:
    assert format_date(date) == expected


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [
        (Quantity(kind="exact", value=11000, text="11.000"), "11,000"),
        (Quantity(kind="exact", value=5.2e9, text="5,2 Milliarden"), "5.2 billion"),
        (Quantity(kind="exact", value=544e6, text="544 Millionen"), "544 million"),
        (Quantity(kind="range", low=10000, high=12000, text="x"), "10,000–12,000"),
        (Quantity(kind="lower_bound", value=11000, text="x"), "≥ 11,000 (amount)"),
        (Quantity(kind="lower_bound", value=10000, text="mehr als 10.000"), "> 10,000 (amount)"),
        (Quantity(kind="upper_bound", high=50, text="weniger als 50"), "< 50 (amount)"),
        (Quantity(kind="upper_bound", high=5.2e9, text="x"), "≤ 5.2 billion (amount)"),
        (Quantity(kind="approximate", value=50000, text="x"), "~50,000 (amount)"),
        (Quantity(kind="vague", text="Tausende"), "thousands (amount)"),
        (Quantity(kind="vague", text="ein Großteil"), "amount"),
        (None, "amount"),
    ],
)
def test_format_quantity(quantity: Quantity | None, expected: str) -> None:
    assert format_quantity(quantity, "amount") == expected


def test_certainty_of_every_kind_renders() -> None:
    briefing = make_briefing()
    for finding, certainty in zip(briefing.findings, Certainty, strict=False):
        finding.certainty = certainty
    assert render(briefing).count("_(disputed)_") == 1


def test_stories_are_sections_with_weight_quotes_and_an_appendix() -> None:
    markdown = render(make_story_briefing())
    lines = markdown.splitlines()
    stories = [line for line in lines if line.startswith("## ")]
    assert stories == [
        "## What changed",
        "## Moscow and Pyongyang ratify their defence treaty",
        "## North Korean soldiers in Russia",
        "## Appendix: more findings",
        "## Failures",
        "## Sources",
    ]
    treaty = markdown[markdown.index("## Moscow") : markdown.index("## North Korean")]
    assert "_3 independent sources_" in treaty
    assert "Estimates of the North Korean soldiers" in treaty  # the briefing's summary
    assert "- North Korea and Russia ratified a mutual defence treaty" in treaty
    assert "  - „Im November ratifizierten beide Länder das Abkommen dann.“ [5]" in treaty
    assert "Putin and Kim signed the treaty in Pyongyang in June." not in treaty
    assert "- 2024-06 — Putin and Kim signed the treaty in Pyongyang. [3][5]" in treaty
    troops = markdown[markdown.index("## North Korean") : markdown.index("## Appendix")]
    assert "Pyongyang confirmed sending troops. [2]" in troops
    assert "Estimates of the North Korean soldiers" not in troops
    assert "_Part of the series “North Korean soldiers sent to Russia”_" in troops
    assert "#### North Korean soldiers sent to Russia — Kursk region" in troops
    appendix = markdown[markdown.index("## Appendix") : markdown.index("## Failures")]
    assert "- Putin and Kim signed the treaty in Pyongyang in June." in appendix
    assert "Thousands of North Korean soldiers" in appendix
    assert "[4] is a translation of [2]\n[3] is a reprint of [1]" in markdown
    body = markdown[markdown.index("## What changed") : markdown.index("## Failures")]
    for line in body.splitlines():
        if line.startswith(("- ", "  - ")) or line[:1].isalpha():
            assert MARKERS.search(line), f"line without [n] markers: {line!r}"


def test_every_finding_appears_once_whatever_the_stories_name() -> None:
    briefing = make_story_briefing()
    briefing.stories[1].finding_ids.remove("F11")
    briefing.stories[1].top_finding_ids.append("F1")  # already the treaty's
    markdown = render(briefing)
    for finding in briefing.findings:
        assert markdown.count(f"- {finding.statement}") == 1, finding.id
    other = markdown[markdown.index("## Other findings") :]
    assert "Thousands of North Korean soldiers" in other
