"""What every output format shows, computed once: the briefing as lines with markers.

`build_view` turns a `Briefing` into plain frozen dataclasses that Markdown and
HTML only have to lay out. Everything that needs a decision lives here, so the
two formats cannot drift apart:

* **Citation numbers.** `[n]` is the position of the source in `briefing.sources`
  plus one. Every content line carries its markers sorted and de-duplicated, and
  each marker keeps the verbatim quotes (with speaker and relay) it stands for.
  A summary sentence cites the union of its findings' citations; a contradiction
  the union of both findings'. A citation to a source the briefing does not list,
  or a sentence naming an unknown finding, is a contract violation upstream and
  raises `SummarizerError` rather than printing a marker nobody can check.
* **Hedges.** Statements from extraction already carry their hedge words, so the
  certainty is shown once, as a tag ("reported", "alleged", ...) after the
  statement, never by rewriting it. Confirmed findings get no tag.
* **A missing summary** shows `summary_note` verbatim: write and digest phrase it
  as a full sentence ("The prose summary is missing: ..."), so nothing is added.
  A note beside a summary (a digest's articles still pending in a batch) is shown
  after it.
* **Stories.** `stories.group` splits the flat lists by the ids each story names;
  each part becomes a `StoryView` (top findings, the rest for the appendix, its
  series, contradictions and timeline). A briefing without stories is one
  untitled part, which the renderers lay out flat as before. A copy of a source
  is a line "[4] is a translation of [2]". A narrower series names the series it
  is part of, never compared with it.
* **Languages.** A quote, and a source's title, are in the source's language:
  `SourceLine.lang` is the code for an HTML `lang` attribute, or None where the
  text needs none (English, undetermined, or a value that is not a language tag).
* **Dates and numbers** are formatted (in `formats`) with their precision ("2024-11",
  "week of 2024-11-11") and their parsed quantity ("10,000–12,000", "≥ 10,000"),
  keeping the original expression wherever the parse could lose nuance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from summarizer.core.articles import Source
from summarizer.core.briefing import (
    Briefing,
    Change,
    Citation,
    Contradiction,
    FigureSeries,
    Finding,
    SeriesEntry,
    TimelineEntry,
)
from summarizer.core.items import Certainty
from summarizer.errors import SummarizerError
from summarizer.stages.render.formats import (
    format_date,
    format_quantity,
    format_speaker,
    html_lang,
)
from summarizer.stages.render.stories import StoryParts, group


@dataclass(frozen=True)
class Passage:
    """One verbatim quote behind a marker, with who said it and how surely."""

    quote: str
    speaker: str | None
    certainty: str
    quote_en: str | None = None
    before: str = ""
    after: str = ""

    @property
    def text(self) -> str:
        english = f" (English: {self.quote_en})" if self.quote_en else ""
        return f"„{self.quote}“{english}" + (f" — {self.speaker}" if self.speaker else "")


@dataclass(frozen=True)
class Marker:
    """One `[n]` marker and the verbatim words it stands for on its line."""

    number: int
    passages: tuple[Passage, ...]

    @property
    def label(self) -> str:
        return f"[{self.number}]"

    @property
    def quotes(self) -> tuple[str, ...]:
        return tuple(p.text for p in self.passages)

    @property
    def title(self) -> str:
        """The quotes as one tooltip text."""
        return "\n".join(self.quotes)


def format_markers(markers: Sequence[Marker]) -> str:
    """'[1][3]', or '[uncited]' so that a missing citation is visible, not hidden."""
    return "".join(marker.label for marker in markers) or "[uncited]"


@dataclass(frozen=True)
class Sentence:
    text: str
    markers: tuple[Marker, ...]


@dataclass(frozen=True)
class FindingLine:
    id: str
    statement: str
    tag: str | None
    support: str
    markers: tuple[Marker, ...]


@dataclass(frozen=True)
class FigureRow:
    value: str
    scope: str | None
    date: str
    speaker: str
    quote: str
    marker: Marker
    bounds: tuple[float | None, float | None]


@dataclass(frozen=True)
class SeriesView:
    id: str
    heading: str
    part_of: str | None
    classification: str
    explanation: str
    rows: tuple[FigureRow, ...]
    markers: tuple[Marker, ...]


@dataclass(frozen=True)
class ContradictionLine:
    explanation: str
    statements: tuple[str, str]
    markers: tuple[Marker, ...]


@dataclass(frozen=True)
class ChangeLine:
    kind: str
    subject: str | None
    explanation: str
    markers: tuple[Marker, ...]


@dataclass(frozen=True)
class TimelineLine:
    date: str
    event: str
    markers: tuple[Marker, ...]


@dataclass(frozen=True)
class SourceLine:
    number: int
    title: str
    outlet: str | None
    published: str
    language: str
    location: str | None
    href: str | None
    lang: str | None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoryView:
    """One story's sections; `title` is empty for a briefing without stories."""

    id: str
    title: str
    weight: str | None
    summary: tuple[Sentence, ...]
    summary_note: str
    findings: tuple[FindingLine, ...]
    more: tuple[FindingLine, ...]
    figure_series: tuple[SeriesView, ...]
    contradictions: tuple[ContradictionLine, ...]
    timeline: tuple[TimelineLine, ...]
    undated: tuple[TimelineLine, ...]


@dataclass(frozen=True)
class BriefingView:
    title: str
    generated_at: str
    stories: tuple[StoryView, ...]
    changes: tuple[ChangeLine, ...]
    failures: tuple[tuple[str, str], ...]
    sources: tuple[SourceLine, ...]
    copies: tuple[str, ...]
    quality: tuple[str, ...]

    @property
    def flat(self) -> bool:
        """True for a briefing without stories: one untitled part, the old layout."""
        return len(self.stories) == 1 and not self.stories[0].title


NO_SUMMARY = "The prose summary is missing; no reason was recorded."
"""Shown when a briefing has neither summary sentences nor a `summary_note`."""

CERTAINTY_TAGS: dict[Certainty, str | None] = {
    Certainty.CONFIRMED: None,
    Certainty.REPORTED: "reported",
    Certainty.ALLEGED: "alleged",
    Certainty.DENIED: "denied",
    Certainty.DISPUTED: "disputed",
}


class Citations:
    """Maps citations to numbered markers for one briefing."""

    def __init__(self, briefing: Briefing) -> None:
        self._numbers: dict[str, int] = {}
        for number, source in enumerate(briefing.sources, start=1):
            self._numbers.setdefault(source.id, number)
        self._findings = {finding.id: finding for finding in briefing.findings}

    def finding(self, finding_id: str) -> Finding:
        try:
            return self._findings[finding_id]
        except KeyError:
            raise SummarizerError(f"briefing refers to unknown finding {finding_id!r}") from None

    @property
    def finding_ids(self) -> set[str]:
        return set(self._findings)

    def of_findings(self, finding_ids: Iterable[str]) -> list[Citation]:
        return [c for fid in finding_ids for c in self.finding(fid).citations]

    def number(self, source_id: str) -> int:
        """The `[n]` of a source; an unlisted source is a contract violation upstream."""
        number = self._numbers.get(source_id)
        if number is None:
            raise SummarizerError(f"citation to unlisted source {source_id!r}")
        return number

    def markers(self, citations: Iterable[Citation]) -> tuple[Marker, ...]:
        passages: dict[int, list[Passage]] = {}
        for citation in citations:
            number = self.number(citation.source)
            speaker = format_speaker(citation.speaker, citation.relay)
            passage = Passage(
                citation.quote,
                speaker,
                citation.certainty.value,
                citation.quote_en,
                citation.before or "",
                citation.after or "",
            )
            if passage not in passages.setdefault(number, []):
                passages[number].append(passage)
        return tuple(Marker(n, tuple(passages[n])) for n in sorted(passages))


def _finding_line(finding: Finding, cite: Citations) -> FindingLine:
    n = finding.independent_sources
    return FindingLine(
        id=finding.id,
        statement=finding.statement,
        tag=CERTAINTY_TAGS[finding.certainty],
        support=f"{n} independent source{'s' if n != 1 else ''}",
        markers=cite.markers(finding.citations),
    )


def _figure_row(entry: SeriesEntry, cite: Citations) -> FigureRow:
    citation = entry.citation
    (marker,) = cite.markers([citation])
    speaker = format_speaker(entry.speaker or citation.speaker, citation.relay)
    return FigureRow(
        value=format_quantity(entry.quantity, entry.amount),
        scope=entry.scope,
        date=format_date(entry.date) if entry.date else "—",
        speaker=speaker or "—",
        quote=citation.quote,
        marker=marker,
        bounds=entry.quantity.bounds() if entry.quantity else (None, None),
    )


def _series_heading(series: FigureSeries) -> str:
    """'North Korean soldiers sent to Russia'; the unit only where the text lacks it
    ('North Korean earnings from arms sales to Russia (EUR)')."""
    heading = series.counted[:1].upper() + series.counted[1:]
    words = {w.casefold() for w in heading.split()}
    if series.unit and series.unit.casefold() not in words:
        heading += f" ({series.unit})"
    return heading


def _series_view(
    series: FigureSeries, cite: Citations, every: dict[str, FigureSeries]
) -> SeriesView:
    """A narrower series names the series it is part of, by its heading (the reader
    never sees series ids)."""
    parent = every.get(series.part_of) if series.part_of else None
    heading = _series_heading(series)
    if series.scope and series.scope.casefold() not in heading.casefold():
        heading += f" — {series.scope}"
    return SeriesView(
        id=series.id,
        heading=heading,
        part_of=f"Part of the series “{_series_heading(parent)}”" if parent else None,
        classification=series.classification,
        explanation=series.explanation,
        rows=tuple(_figure_row(entry, cite) for entry in series.entries),
        markers=cite.markers(entry.citation for entry in series.entries),
    )


def _contradiction_line(contradiction: Contradiction, cite: Citations) -> ContradictionLine:
    first, second = (cite.finding(fid) for fid in contradiction.finding_ids)
    return ContradictionLine(
        explanation=contradiction.explanation,
        statements=(first.statement, second.statement),
        markers=cite.markers([*first.citations, *second.citations]),
    )


def _change_line(change: Change, briefing: Briefing, cite: Citations) -> ChangeLine:
    """Resolve `change.ref` to a finding, figure series or contradiction, if it names one."""
    subject: str | None = None
    citations: list[Citation] = []
    series = {s.id: s for s in briefing.figure_series}
    contradictions = {c.id: c for c in briefing.contradictions}
    if change.ref in cite.finding_ids:
        finding = cite.finding(change.ref)
        subject, citations = finding.statement, finding.citations
    elif change.ref in series:
        subject = series[change.ref].counted
        citations = [entry.citation for entry in series[change.ref].entries]
    elif change.ref in contradictions:
        citations = cite.of_findings(contradictions[change.ref].finding_ids)
    return ChangeLine(change.kind, subject, change.explanation, cite.markers(citations))


def _timeline_line(entry: TimelineEntry, cite: Citations) -> TimelineLine:
    return TimelineLine(format_date(entry.date), entry.event, cite.markers(entry.citations))


def _source_line(number: int, source: Source) -> SourceLine:
    href = source.url if source.url and source.url.startswith(("https://", "http://")) else None
    return SourceLine(
        number=number,
        title=source.title,
        outlet=source.outlet,
        published=source.published.isoformat() if source.published else "date unknown",
        language=source.language,
        location=source.url or source.path,
        href=href,
        lang=html_lang(source.language),
        flags=tuple(source.flags),
    )


def _quality(briefing: Briefing) -> tuple[str, ...]:
    q = briefing.quality
    cost = f"${q.cost_usd:.4f}" if q.cost_usd is not None else "unknown"
    tokens = f"tokens {q.prompt_tokens:,} in / {q.completion_tokens:,} out"
    spent: tuple[str, ...] = (tokens, f"cost {cost}")
    if q.replayed and q.replayed == q.calls:  # recorded answers: their token counts mean nothing
        spent = ("replayed answers (no cost)",)
    return (
        f"sources {q.sources}",
        f"findings {q.findings}",
        f"grounding {q.grounding_rate:.0%} ({q.grounded_exact}/{q.items} exact)",
        f"cited sentences {q.cited_sentence_share:.0%}",
        f"figure conflicts {q.conflicts}",
        f"contradictions {q.contradictions}",
        f"amounts unparsed {q.amounts_unparsed}, model-read {q.amounts_model_read}",
        f"LLM calls {q.calls} ({q.cache_hits} cached)",
        *spent,
    )


def _timestamp(moment: dt.datetime) -> str:
    """'2024-12-06 09:30 UTC'."""
    zone = moment.tzname()
    return moment.strftime("%Y-%m-%d %H:%M") + (f" {zone}" if zone else "")


def _story_view(part: StoryParts, briefing: Briefing, cite: Citations) -> StoryView:
    every = {s.id: s for s in briefing.figure_series}
    n = part.independent_sources
    note = part.summary_note or (NO_SUMMARY if part.main and not part.summary else "")
    return StoryView(
        id=part.id,
        title=part.title,
        weight=None if n is None else f"{n} independent source{'s' if n != 1 else ''}",
        summary=tuple(
            Sentence(s.text, cite.markers(cite.of_findings(s.finding_ids))) for s in part.summary
        ),
        summary_note=note,
        findings=tuple(_finding_line(f, cite) for f in part.top),
        more=tuple(_finding_line(f, cite) for f in part.more),
        figure_series=tuple(_series_view(s, cite, every) for s in part.series),
        contradictions=tuple(_contradiction_line(c, cite) for c in part.contradictions),
        timeline=tuple(_timeline_line(e, cite) for e in part.timeline),
        undated=tuple(_timeline_line(e, cite) for e in part.undated),
    )


def _copies(briefing: Briefing, cite: Citations) -> tuple[str, ...]:
    """'[4] is a translation of [9]', for each copy between two listed sources."""
    lines = []
    for copy in briefing.copies:
        source, original = cite.number(copy.source), cite.number(copy.original)
        lines.append(f"[{source}] is a {copy.kind} of [{original}]")
    return tuple(lines)


def build_view(briefing: Briefing) -> BriefingView:
    """Resolve every citation, date and number of `briefing` for display."""
    cite = Citations(briefing)
    return BriefingView(
        title=briefing.title,
        generated_at=_timestamp(briefing.generated_at),
        stories=tuple(_story_view(part, briefing, cite) for part in group(briefing)),
        changes=tuple(_change_line(c, briefing, cite) for c in briefing.changes),
        failures=tuple((f.input, f.reason) for f in briefing.failures),
        sources=tuple(_source_line(n, s) for n, s in enumerate(briefing.sources, start=1)),
        copies=_copies(briefing, cite),
        quality=_quality(briefing),
    )
