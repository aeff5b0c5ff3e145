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
* **Dates and numbers** are formatted with their precision ("2024-11",
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
from summarizer.core.dates import DatePrecision, ResolvedDate
from summarizer.core.items import Certainty, Quantity
from summarizer.core.wording import date_text, value_text
from summarizer.errors import SummarizerError


@dataclass(frozen=True)
class Marker:
    """One `[n]` marker and the verbatim words it stands for on its line."""

    number: int
    quotes: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"[{self.number}]"

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
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class BriefingView:
    title: str
    generated_at: str
    summary: tuple[Sentence, ...]
    summary_note: str
    changes: tuple[ChangeLine, ...]
    findings: tuple[FindingLine, ...]
    figure_series: tuple[SeriesView, ...]
    contradictions: tuple[ContradictionLine, ...]
    timeline: tuple[TimelineLine, ...]
    undated: tuple[TimelineLine, ...]
    failures: tuple[tuple[str, str], ...]
    sources: tuple[SourceLine, ...]
    quality: tuple[str, ...]


NO_SUMMARY = "The prose summary is missing; no reason was recorded."
"""Shown when a briefing has neither summary sentences nor a `summary_note`."""

CERTAINTY_TAGS: dict[Certainty, str | None] = {
    Certainty.CONFIRMED: None,
    Certainty.REPORTED: "reported",
    Certainty.ALLEGED: "alleged",
    Certainty.DENIED: "denied",
    Certainty.DISPUTED: "disputed",
}


def format_date(date: ResolvedDate | None) -> str:
    """An ISO date at its precision; the original expression when unresolved, after
    its English wording where there is one ('autumn („Im Herbst“)')."""
    if date is None:
        return "date unknown"
    if date.iso is None:
        english = date_text(date)
        quoted = f"„{date.expression}“"
        return quoted if english == f"“{date.expression}”" else f"{english} ({quoted})"
    if date.precision is DatePrecision.WEEK:
        return f"week of {date.iso}"
    return date.iso


def format_number(value: float) -> str:
    """11000 -> '11,000'; 5.2e9 -> '5.2 billion'."""
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{value / scale:,.4g} {word}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,g}"


def format_quantity(quantity: Quantity | None, amount: str) -> str:
    """The parsed value, with the original expression when the parse is not exact."""
    if quantity is None or quantity.kind == "vague":
        english = value_text(quantity, amount)
        return amount if english == f"“{amount}”" else f"{english} ({amount})"
    low, high = quantity.bounds()
    if quantity.kind == "range" and low is not None and high is not None:
        return f"{format_number(low)}–{format_number(high)}"
    said = value_text(quantity, amount)
    if quantity.kind == "lower_bound" and low is not None:
        sign = ">" if said.startswith("more than") else "≥"
        return f"{sign} {format_number(low)} ({amount})"
    if quantity.kind == "upper_bound" and high is not None:
        sign = "<" if said.startswith("fewer than") else "≤"
        return f"{sign} {format_number(high)} ({amount})"
    if quantity.kind == "approximate" and low is not None:
        return f"~{format_number(low)} ({amount})"
    if low is not None:
        return format_number(low)
    return amount


def format_speaker(speaker: str | None, relay: Sequence[str]) -> str | None:
    """'KCNA, via Kyiv Independent'."""
    if speaker and relay:
        return f"{speaker}, via {', '.join(relay)}"
    return speaker or (f"via {', '.join(relay)}" if relay else None)


class _Citations:
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

    def markers(self, citations: Iterable[Citation]) -> tuple[Marker, ...]:
        quotes: dict[int, list[str]] = {}
        for citation in citations:
            number = self._numbers.get(citation.source)
            if number is None:
                raise SummarizerError(f"citation to unlisted source {citation.source!r}")
            speaker = format_speaker(citation.speaker, citation.relay)
            quote = f"„{citation.quote}“" + (f" — {speaker}" if speaker else "")
            if quote not in quotes.setdefault(number, []):
                quotes[number].append(quote)
        return tuple(Marker(n, tuple(quotes[n])) for n in sorted(quotes))


def _finding_line(finding: Finding, cite: _Citations) -> FindingLine:
    n = finding.independent_sources
    return FindingLine(
        id=finding.id,
        statement=finding.statement,
        tag=CERTAINTY_TAGS[finding.certainty],
        support=f"{n} independent source{'s' if n != 1 else ''}",
        markers=cite.markers(finding.citations),
    )


def _figure_row(entry: SeriesEntry, cite: _Citations) -> FigureRow:
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


def _series_view(series: FigureSeries, cite: _Citations) -> SeriesView:
    return SeriesView(
        id=series.id,
        heading=_series_heading(series),
        classification=series.classification,
        explanation=series.explanation,
        rows=tuple(_figure_row(entry, cite) for entry in series.entries),
        markers=cite.markers(entry.citation for entry in series.entries),
    )


def _contradiction_line(contradiction: Contradiction, cite: _Citations) -> ContradictionLine:
    first, second = (cite.finding(fid) for fid in contradiction.finding_ids)
    return ContradictionLine(
        explanation=contradiction.explanation,
        statements=(first.statement, second.statement),
        markers=cite.markers([*first.citations, *second.citations]),
    )


def _change_line(change: Change, briefing: Briefing, cite: _Citations) -> ChangeLine:
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


def _timeline_line(entry: TimelineEntry, cite: _Citations) -> TimelineLine:
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
        flags=tuple(source.flags),
    )


def _quality(briefing: Briefing) -> tuple[str, ...]:
    q = briefing.quality
    cost = f"${q.cost_usd:.4f}" if q.cost_usd is not None else "unknown"
    return (
        f"sources {q.sources}",
        f"findings {q.findings}",
        f"grounding {q.grounding_rate:.0%} ({q.grounded_exact}/{q.items} exact)",
        f"cited sentences {q.cited_sentence_share:.0%}",
        f"figure conflicts {q.conflicts}",
        f"contradictions {q.contradictions}",
        f"LLM calls {q.calls} ({q.cache_hits} cached)",
        f"tokens {q.prompt_tokens:,} in / {q.completion_tokens:,} out",
        f"cost {cost}",
    )


def _timestamp(moment: dt.datetime) -> str:
    """'2024-12-06 09:30 UTC'."""
    zone = moment.tzname()
    return moment.strftime("%Y-%m-%d %H:%M") + (f" {zone}" if zone else "")


def build_view(briefing: Briefing) -> BriefingView:
    """Resolve every citation, date and number of `briefing` for display."""
    cite = _Citations(briefing)
    return BriefingView(
        title=briefing.title,
        generated_at=_timestamp(briefing.generated_at),
        summary=tuple(
            Sentence(s.text, cite.markers(cite.of_findings(s.finding_ids)))
            for s in briefing.summary
        ),
        summary_note=briefing.summary_note or ("" if briefing.summary else NO_SUMMARY),
        changes=tuple(_change_line(c, briefing, cite) for c in briefing.changes),
        findings=tuple(_finding_line(f, cite) for f in briefing.findings),
        figure_series=tuple(_series_view(s, cite) for s in briefing.figure_series),
        contradictions=tuple(_contradiction_line(c, cite) for c in briefing.contradictions),
        timeline=tuple(_timeline_line(e, cite) for e in briefing.timeline),
        undated=tuple(_timeline_line(e, cite) for e in briefing.undated),
        failures=tuple((f.input, f.reason) for f in briefing.failures),
        sources=tuple(_source_line(n, s) for n, s in enumerate(briefing.sources, start=1)),
        quality=_quality(briefing),
    )
