"""Markdown rendering: one cited line per item, readable as plain text.

Every content line (summary sentence, one per line so Markdown still joins them
into a paragraph, finding, figure row, figure explanation, contradiction, change,
timeline entry) ends with its `[n]` markers, so a reader, or a test, can check each
line against `## Sources` without parsing anything else. Table rows (not the
header) omit the trailing pipe, which GitHub-flavoured Markdown makes optional per
row, for the same reason.

Markdown viewers render raw HTML and follow links, and articles are hostile input:
every text that comes from an article or the model (titles, outlets, quotes,
statements, explanations, failure reasons) passes through `_text`, which writes
`<` as `&lt;` (no tag can open, so `<script>` or `<img onerror=...>` show as text;
`>` and `&` alone cannot start one and stay readable) and `[`/`]` with a
backslash (so no `[text](javascript:...)` link or image can be formed). The
only links are source URLs with an http(s) scheme, written as `<...>` autolinks
with the characters that could end one percent-encoded; any other location is
escaped text. Table cells also escape `|` and fold newlines.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from summarizer.core.briefing import Briefing
from summarizer.stages.render.view import (
    BriefingView,
    ContradictionLine,
    Marker,
    SeriesView,
    SourceLine,
    TimelineLine,
    build_view,
    format_markers,
)


def _text(text: str) -> str:
    """Article or model text, made inert: no HTML, no link or image syntax."""
    return text.replace("<", "&lt;").replace("[", "\\[").replace("]", "\\]")


def _link(href: str) -> str:
    """An http(s) URL as an autolink that nothing in the URL can end early."""
    return "<" + "".join(f"%{ord(c):02X}" if c in '<> "' or c < " " else c for c in href) + ">"


def _cited(text: str, markers: Sequence[Marker]) -> str:
    return f"{text} {format_markers(markers)}"


def _cell(text: str) -> str:
    return " ".join(_text(text).split()).replace("|", "\\|")


def _summary(view: BriefingView) -> Iterator[str]:
    yield "## Summary"
    yield ""
    yield from (_cited(_text(s.text), s.markers) for s in view.summary)
    if view.summary_note:
        yield from ([""] if view.summary else []) + [f"_{_text(view.summary_note)}_"]


def _changes(view: BriefingView) -> Iterator[str]:
    yield "## What changed"
    yield ""
    for c in view.changes:
        subject = f"{_text(c.subject)} — " if c.subject else ""
        explanation = _text(c.explanation)
        yield "- " + _cited(f"**{c.kind.capitalize()}:** {subject}{explanation}", c.markers)


def _findings(view: BriefingView) -> Iterator[str]:
    yield "## Key findings"
    yield ""
    for f in view.findings:
        tag = f" _({f.tag})_" if f.tag else ""
        yield "- " + _cited(f"{_text(f.statement)}{tag} — {_text(f.support)}", f.markers)


def _series(series: SeriesView) -> Iterator[str]:
    yield f"### {_text(series.heading)}"
    yield ""
    yield "| Value | Date | Speaker | Quote | Source |"
    yield "| --- | --- | --- | --- | --- |"
    for row in series.rows:
        value = f"{row.value}, {row.scope}" if row.scope else row.value
        cells = (value, row.date, row.speaker, f"„{row.quote}“")
        yield "| " + " | ".join(_cell(c) for c in cells) + f" | {row.marker.label}"
    yield ""
    label = f"**{series.classification.capitalize()}:**"
    yield _cited(f"{label} {_text(series.explanation)}", series.markers)


def _timeline(lines: Sequence[TimelineLine]) -> Iterator[str]:
    for line in lines:
        yield "- " + _cited(f"{_text(line.date)} — {_text(line.event)}", line.markers)


def _source(source: SourceLine) -> str:
    outlet = f" — {_text(source.outlet)}" if source.outlet else ""
    place = _link(source.href) if source.href else _text(source.location or "")
    location = f", {place}" if place else ""
    details = f"{source.published}, {_text(source.language)}{location}"
    return f"{source.number}. {_text(source.title)}{outlet}, {details}"


def _contradiction(c: ContradictionLine) -> str:
    first, second = (_text(statement) for statement in c.statements)
    return "- " + _cited(f"{_text(c.explanation)}: “{first}” vs “{second}”", c.markers)


def _failure(name: str, reason: str) -> str:
    """The input's name as a code span (no backtick can close it early), and why."""
    code = " ".join(name.replace("`", "'").split())
    return f"- `{code}`: {_text(reason)}"


def _sections(view: BriefingView) -> Iterator[list[str]]:
    yield [f"# {_text(view.title)}", "", f"_Generated {view.generated_at}_"]
    yield list(_summary(view))
    if view.changes:
        yield list(_changes(view))
    if view.findings:
        yield list(_findings(view))
    if view.figure_series:
        yield ["## Figures", ""] + [line for s in view.figure_series for line in (*_series(s), "")]
    if view.contradictions:
        yield ["## Contradictions", "", *map(_contradiction, view.contradictions)]
    if view.timeline or view.undated:
        yield ["## Timeline", "", *_timeline(view.timeline)]
    if view.undated:
        yield ["### Undated or unresolved", "", *_timeline(view.undated)]
    if view.failures:
        yield ["## Failures", "", *(_failure(i, reason) for i, reason in view.failures)]
    yield ["## Sources", ""] + [_source(s) for s in view.sources]
    yield ["---", "", " · ".join(view.quality)]


def render_markdown(briefing: Briefing) -> str:
    """The briefing as Markdown, ending with a newline."""
    blocks = ("\n".join(block).rstrip() for block in _sections(build_view(briefing)))
    return "\n\n".join(blocks) + "\n"
