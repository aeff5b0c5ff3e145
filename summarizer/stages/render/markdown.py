"""Markdown rendering: one cited line per item, readable as plain text.

Every content line (summary sentence, one per line so Markdown still joins them
into a paragraph, finding, figure row, figure explanation, contradiction, change,
timeline entry) ends with its `[n]` markers, so a reader, or a test, can check each
line against `## Sources` without parsing anything else. Table rows (not the
header) omit the trailing pipe, which GitHub-flavoured Markdown makes optional per
row, for the same reason. Article text is written as is, except that table cells
escape `|` and fold newlines: Markdown is for reading, the HTML renderer is the one
that must stand up to hostile input.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from summarizer.core.briefing import Briefing
from summarizer.stages.render.view import (
    BriefingView,
    Marker,
    SeriesView,
    SourceLine,
    TimelineLine,
    build_view,
    format_markers,
)


def _cited(text: str, markers: Sequence[Marker]) -> str:
    return f"{text} {format_markers(markers)}"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _summary(view: BriefingView) -> Iterator[str]:
    yield "## Summary"
    yield ""
    yield from (_cited(s.text, s.markers) for s in view.summary)
    if view.summary_note:
        yield from ([""] if view.summary else []) + [f"_{view.summary_note}_"]


def _changes(view: BriefingView) -> Iterator[str]:
    yield "## What changed"
    yield ""
    for c in view.changes:
        subject = f"{c.subject} — " if c.subject else ""
        yield "- " + _cited(f"**{c.kind.capitalize()}:** {subject}{c.explanation}", c.markers)


def _findings(view: BriefingView) -> Iterator[str]:
    yield "## Key findings"
    yield ""
    for f in view.findings:
        tag = f" _({f.tag})_" if f.tag else ""
        yield "- " + _cited(f"{f.statement}{tag} — {f.support}", f.markers)


def _series(series: SeriesView) -> Iterator[str]:
    yield f"### {series.heading}"
    yield ""
    yield "| Value | Date | Speaker | Quote | Source |"
    yield "| --- | --- | --- | --- | --- |"
    for row in series.rows:
        value = f"{row.value}, {row.scope}" if row.scope else row.value
        cells = (value, row.date, row.speaker, f"„{row.quote}“")
        yield "| " + " | ".join(_cell(c) for c in cells) + f" | {row.marker.label}"
    yield ""
    yield _cited(f"**{series.classification.capitalize()}:** {series.explanation}", series.markers)


def _timeline(lines: Sequence[TimelineLine]) -> Iterator[str]:
    for line in lines:
        yield "- " + _cited(f"{line.date} — {line.event}", line.markers)


def _source(source: SourceLine) -> str:
    outlet = f" — {source.outlet}" if source.outlet else ""
    location = f", {source.location}" if source.location else ""
    details = f"{source.published}, {source.language}{location}"
    flags = "".join(f" — warning: {flag}" for flag in source.flags)
    return f"{source.number}. {source.title}{outlet}, {details}{flags}"


def _sections(view: BriefingView) -> Iterator[list[str]]:
    yield [f"# {view.title}", "", f"_Generated {view.generated_at}_"]
    yield list(_summary(view))
    if view.changes:
        yield list(_changes(view))
    if view.findings:
        yield list(_findings(view))
    if view.figure_series:
        yield ["## Figures", ""] + [line for s in view.figure_series for line in (*_series(s), "")]
    if view.contradictions:
        yield ["## Contradictions", ""] + [
            "- " + _cited(f"{c.explanation}: “{c.statements[0]}” vs “{c.statements[1]}”", c.markers)
            for c in view.contradictions
        ]
    if view.timeline or view.undated:
        yield ["## Timeline", "", *_timeline(view.timeline)]
    if view.undated:
        yield ["### Undated or unresolved", "", *_timeline(view.undated)]
    if view.failures:
        yield ["## Failures", ""] + [f"- `{i}`: {reason}" for i, reason in view.failures]
    yield ["## Sources", ""] + [_source(s) for s in view.sources]
    yield ["---", "", " · ".join(view.quality)]


def render_markdown(briefing: Briefing) -> str:
    """The briefing as Markdown, ending with a newline."""
    blocks = ("\n".join(block).rstrip() for block in _sections(build_view(briefing)))
    return "\n\n".join(blocks) + "\n"
