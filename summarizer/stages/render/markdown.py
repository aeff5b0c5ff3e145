"""Markdown rendering: one cited line per item, readable as plain text.

Every content line (summary sentence, one per line so Markdown still joins them
into a paragraph, finding, figure row, figure explanation, contradiction, change,
timeline entry) ends with its `[n]` markers, so a reader, or a test, can check each
line against `## Sources` without parsing anything else. Table rows (not the
header) omit the trailing pipe, which GitHub-flavoured Markdown makes optional per
row, for the same reason. Article text is written as is, except that table cells
escape `|` and fold newlines: Markdown is for reading, the HTML renderer is the one
that must stand up to hostile input.

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
    FindingLine,
    Marker,
    SeriesView,
    SourceLine,
    StoryView,
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


def _summary(story: StoryView, depth: str) -> Iterator[str]:
    yield f"{depth} Summary"
    yield ""
    yield from (_cited(_text(s.text), s.markers) for s in story.summary)
    if story.summary_note:
        yield from ([""] if story.summary else []) + [f"_{_text(story.summary_note)}_"]


def _changes(view: BriefingView) -> Iterator[str]:
    yield "## What changed"
    yield ""
    for c in view.changes:
        subject = f"{_text(c.subject)} — " if c.subject else ""
        explanation = _text(c.explanation)
        yield "- " + _cited(f"**{c.kind.capitalize()}:** {subject}{explanation}", c.markers)


def _finding(f: FindingLine, quotes: bool) -> Iterator[str]:
    """A finding line; under a story, its quotes one per line, each with its English
    rendering."""
    tag = f" _({f.tag})_" if f.tag else ""
    yield "- " + _cited(f"{_text(f.statement)}{tag} — {_text(f.support)}", f.markers)
    if quotes:
        for m in f.markers:
            yield from (f"  - {_text(p.text)} {m.label}" for p in m.passages)


def _series(series: SeriesView, depth: str) -> Iterator[str]:
    yield f"{depth}# {_text(series.heading)}"
    yield ""
    if series.part_of:
        yield f"_{_text(series.part_of)}_"
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
    flags = "".join(f" — warning: {_text(flag)}" for flag in source.flags)
    return f"{source.number}. {_text(source.title)}{outlet}, {details}{flags}"


def _contradiction(c: ContradictionLine) -> str:
    first, second = (_text(statement) for statement in c.statements)
    return "- " + _cited(f"{_text(c.explanation)}: “{first}” vs “{second}”", c.markers)


def _failure(name: str, reason: str) -> str:
    """The input's name as a code span (no backtick can close it early), and why."""
    code = " ".join(name.replace("`", "'").split())
    return f"- `{code}`: {_text(reason)}"


def _story(story: StoryView, flat: bool) -> Iterator[list[str]]:
    """A story's sections: `##` headings in the flat layout, `###` under a story."""
    depth = "##" if flat else "###"
    if not flat:
        yield (
            [f"## {_text(story.title)}", "", f"_{story.weight}_"]
            if story.weight
            else [f"## {_text(story.title)}"]
        )
    if story.summary or story.summary_note:
        yield list(_summary(story, depth))
    if story.findings:
        yield [f"{depth} Key findings", ""] + [
            line for f in story.findings for line in _finding(f, quotes=not flat)
        ]
    if story.figure_series:
        series = [line for s in story.figure_series for line in (*_series(s, depth), "")]
        yield [f"{depth} Figures", "", *series]
    if story.contradictions:
        yield [f"{depth} Contradictions", ""] + [_contradiction(c) for c in story.contradictions]
    if story.timeline or story.undated:
        yield [f"{depth} Timeline", "", *_timeline(story.timeline)]
    if story.undated:
        yield [f"{depth}# Undated or unresolved", "", *_timeline(story.undated)]


def _sections(view: BriefingView) -> Iterator[list[str]]:
    yield [f"# {_text(view.title)}", "", f"_Generated {view.generated_at}_"]
    if view.changes:
        yield list(_changes(view))
    for story in view.stories:
        yield from _story(story, view.flat)
    appendix = [s for s in view.stories if s.more]
    if appendix:
        yield ["## Appendix: more findings"]
        for story in appendix:
            yield [f"### {_text(story.title)}", ""] + [
                line for f in story.more for line in _finding(f, quotes=False)
            ]
    if view.failures:
        yield ["## Failures", ""] + [_failure(i, reason) for i, reason in view.failures]
    sources = [_source(s) for s in view.sources]
    copies = list(view.copies)  # made by code from source numbers: no article text
    yield ["## Sources", "", *sources, *([""] if copies else []), *copies]
    yield ["---", "", " · ".join(view.quality)]


def render_markdown(briefing: Briefing) -> str:
    """The briefing as Markdown, ending with a newline."""
    blocks = ("\n".join(block).rstrip() for block in _sections(build_view(briefing)))
    return "\n\n".join(blocks) + "\n"
