"""Which part of the briefing each story shows: grouping by id, before any formatting.

Findings, series, contradictions and timeline entries live once in the briefing's
flat lists; a `Story` names its own by id and a timeline entry belongs to the story
of its `finding_id`. `group` returns one `StoryParts` per story, in the briefing's
order, with the story's top findings first and the rest apart (the appendix).

Nothing is lost: whatever no story claims (every item of a briefing from before
stories existed) goes into one last part. Its title is empty when the briefing has
no stories, so the page keeps its flat layout, and "Other findings" otherwise.

The summary: a story's own sentences when it has some; else the first story shows
the briefing's summary (or its note), as does the flat layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from summarizer.core.briefing import (
    Briefing,
    Contradiction,
    FigureSeries,
    Finding,
    SummarySentence,
    TimelineEntry,
)

OTHER_TITLE = "Other findings"

T = TypeVar("T")


@dataclass
class StoryParts:
    """One story's items, taken from the briefing's lists."""

    id: str
    title: str
    independent_sources: int | None
    summary: list[SummarySentence]
    summary_note: str | None
    main: bool = False
    """Whether this part carries the briefing's summary (so a missing one is said)."""
    top: list[Finding] = field(default_factory=list)
    more: list[Finding] = field(default_factory=list)
    series: list[FigureSeries] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    undated: list[TimelineEntry] = field(default_factory=list)


def _pick(ids: list[str], by_id: dict[str, T], taken: set[str]) -> list[T]:
    """The items named by `ids` that exist and no earlier story took, in `ids` order."""
    picked = [by_id[i] for i in dict.fromkeys(ids) if i in by_id and i not in taken]
    taken.update(ids)
    return picked


def group(briefing: Briefing) -> list[StoryParts]:
    """The briefing split into its stories, plus one part for what no story names."""
    findings = {f.id: f for f in briefing.findings}
    series = {s.id: s for s in briefing.figure_series}
    contradictions = {c.id: c for c in briefing.contradictions}
    taken_f: set[str] = set()
    taken_s: set[str] = set()
    taken_c: set[str] = set()
    parts: list[StoryParts] = []
    for index, story in enumerate(briefing.stories):
        own = bool(story.summary)
        first = index == 0 and not own
        part = StoryParts(
            id=story.id,
            title=story.title,
            independent_sources=story.independent_sources,
            summary=story.summary if own else (briefing.summary if first else []),
            summary_note=" ".join(
                note
                for note in (story.summary_note, briefing.summary_note if index == 0 else None)
                if note
            )
            or None,
            main=first,
        )
        top = set(story.top_finding_ids)
        ranked = _pick([*story.top_finding_ids, *story.finding_ids], findings, taken_f)
        part.top = [f for f in ranked if f.id in top]
        part.more = [f for f in ranked if f.id not in top]
        part.series = _pick(story.figure_series_ids, series, taken_s)
        part.contradictions = _pick(story.contradiction_ids, contradictions, taken_c)
        parts.append(part)
    rest = StoryParts(
        id="other",
        title=OTHER_TITLE if parts else "",
        independent_sources=None,
        summary=[] if parts else briefing.summary,
        summary_note=None if parts else briefing.summary_note,
        main=not parts,
        top=[f for f in briefing.findings if f.id not in taken_f],
        series=[s for s in briefing.figure_series if s.id not in taken_s],
        contradictions=[c for c in briefing.contradictions if c.id not in taken_c],
    )
    owner = {f.id: p for p in parts for f in (*p.top, *p.more)}
    for entries, attr in ((briefing.timeline, "timeline"), (briefing.undated, "undated")):
        for entry in entries:
            getattr(owner.get(entry.finding_id, rest), attr).append(entry)
    if not parts or rest.top or rest.series or rest.contradictions or rest.timeline or rest.undated:
        parts.append(rest)
    return parts
