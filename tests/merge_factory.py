"""Build verified items and extractions for merge tests, without an LLM or verify."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from summarizer.core.articles import Source
from summarizer.core.dates import DatePrecision, ResolvedDate
from summarizer.core.items import (
    AlignmentStatus,
    ArticleExtraction,
    Attribution,
    Certainty,
    Claim,
    DatedEvent,
    Figure,
    Grounding,
    Measure,
    Quantity,
)


def grounding(quote: str, start: int = 0) -> Grounding:
    return Grounding(
        status=AlignmentStatus.EXACT, start=start, end=start + len(quote), score=100, matched=quote
    )


def _start(kind: int, n: int, at: int | None) -> int:
    """Where an item's quote starts: its own place unless `at` puts it in a shared sentence."""
    return at if at is not None else kind * 100_000 + n * 1_000


def claim(
    source: str,
    n: int,
    statement: str,
    *,
    quote: str | None = None,
    entities: Sequence[str] = ("North Korea", "Russia"),
    certainty: Certainty = Certainty.CONFIRMED,
    speaker: str | None = None,
    at: int | None = None,
) -> Claim:
    quote = quote or f"Zitat {source} {n}."
    return Claim(
        id=f"{source}:c{n}",
        source_id=source,
        grounding=grounding(quote, _start(0, n, at)),
        statement=statement,
        quote=quote,
        certainty=certainty,
        entities=list(entities),
        attribution=Attribution(speaker=speaker),
    )


def quantity(
    kind: str,
    value: float | None = None,
    low: float | None = None,
    high: float | None = None,
    text: str = "",
) -> Quantity:
    return Quantity.model_validate(
        {"kind": kind, "value": value, "low": low, "high": high, "text": text}
    )


def day(iso: str, expression: str | None = None) -> ResolvedDate:
    return ResolvedDate(
        expression=expression or iso, iso=iso, precision=DatePrecision.DAY, basis="absolute"
    )


def figure(
    source: str,
    n: int,
    amount: str,
    value: Quantity | None,
    *,
    counted: str = "North Korean soldiers sent to Russia",
    statement: str | None = None,
    unit: str = "soldiers",
    scope: str | None = None,
    as_of: str | None = None,
    as_of_date: ResolvedDate | None = None,
    entities: Sequence[str] = ("North Korea", "Russia"),
    speaker: str | None = None,
    at: int | None = None,
    measure: Measure = "personnel",
    quote: str | None = None,
) -> Figure:
    quote = quote or f"Zitat {source} f{n}: {amount} Soldaten"
    return Figure(
        id=f"{source}:f{n}",
        source_id=source,
        grounding=grounding(quote, _start(1, n, at)),
        statement=statement or f"North Korea sent {amount} soldiers to Russia.",
        quote=quote,
        certainty=Certainty.REPORTED,
        entities=list(entities),
        attribution=Attribution(speaker=speaker),
        amount=amount,
        unit=unit,
        unit_normalized=unit,
        counted=counted,
        scope=scope,
        as_of=as_of,
        as_of_date=as_of_date,
        quantity=value,
        measure=measure,
    )


def event(
    source: str,
    n: int,
    statement: str,
    when: ResolvedDate,
    *,
    what: str | None = None,
    entities: Sequence[str] = ("North Korea", "Russia"),
    at: int | None = None,
) -> DatedEvent:
    quote = f"Zitat {source} d{n}: {when.expression}"
    return DatedEvent(
        id=f"{source}:d{n}",
        source_id=source,
        grounding=grounding(quote, _start(2, n, at)),
        statement=statement,
        quote=quote,
        certainty=Certainty.CONFIRMED,
        entities=list(entities),
        expression=when.expression,
        event=what or statement,
        date=when,
    )


def extraction(
    source: str,
    *items: Claim | Figure | DatedEvent,
    published: dt.date | None = None,
    language: str = "de",
) -> ArticleExtraction:
    return ArticleExtraction(
        source=Source(id=source, title=f"Article {source}", published=published, language=language),
        claims=[i for i in items if isinstance(i, Claim)],
        figures=[i for i in items if isinstance(i, Figure)],
        dates=[i for i in items if isinstance(i, DatedEvent)],
    )
