"""Resolved dates as day intervals, so dates of different precision can be compared.

A `ResolvedDate` with precision day covers one day, week seven days from its iso
day, month and year the whole period. Two dates *agree* when their spans overlap
("2024-06" and "2024-06-19"), and are *apart* when they do not. Sorting uses the
span's first day, with coarser precision first on a tie, so a month heading
precedes the days inside it. Unresolved dates have no span: they never agree,
never conflict, and sort last.
"""

from __future__ import annotations

import calendar
import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field


class DatePrecision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class ResolvedDate(BaseModel):
    """A date expression resolved by code, or kept unresolved. Never invented."""

    expression: str
    iso: str | None = Field(
        default=None, description="YYYY-MM-DD (day/week: the first day), YYYY-MM or YYYY."
    )
    precision: DatePrecision | None = None
    basis: Literal["absolute", "publication_date"] | None = Field(
        default=None,
        description="absolute: the text fixes the date; publication_date: resolved relative "
        "to the article's publication date.",
    )

    @property
    def resolved(self) -> bool:
        return self.iso is not None


_PRECISION_RANK = {
    DatePrecision.YEAR: 0,
    DatePrecision.MONTH: 1,
    DatePrecision.WEEK: 2,
    DatePrecision.DAY: 3,
}


def date_span(date: ResolvedDate | None) -> tuple[dt.date, dt.date] | None:
    """First and last day a resolved date covers; None when unresolved or malformed."""
    if date is None or date.iso is None:
        return None
    try:
        parts = [int(p) for p in date.iso.split("-")]
    except ValueError:
        return None
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last)
    start = dt.date(parts[0], parts[1], parts[2])
    if date.precision is DatePrecision.WEEK:
        return start, start + dt.timedelta(days=6)
    return start, start


def dates_overlap(a: ResolvedDate | None, b: ResolvedDate | None) -> bool:
    """True when both dates are resolved and cover at least one common day."""
    span_a, span_b = date_span(a), date_span(b)
    if span_a is None or span_b is None:
        return False
    return span_a[0] <= span_b[1] and span_b[0] <= span_a[1]


def date_within(inner: ResolvedDate | None, outer: ResolvedDate | None) -> bool:
    """True when both dates are resolved and every day `inner` covers is in `outer`."""
    span_in, span_out = date_span(inner), date_span(outer)
    if span_in is None or span_out is None:
        return False
    return span_out[0] <= span_in[0] and span_in[1] <= span_out[1]


def dates_apart(a: ResolvedDate | None, b: ResolvedDate | None) -> bool:
    """True when both dates are resolved and share no day: certainly different times."""
    return date_span(a) is not None and date_span(b) is not None and not dates_overlap(a, b)


def date_sort_key(date: ResolvedDate | None) -> tuple[int, dt.date, int]:
    """Chronological order; unresolved last; coarser precision first on the same start."""
    span = date_span(date)
    if span is None or date is None:
        return 1, dt.date.max, 0
    return 0, span[0], _PRECISION_RANK.get(date.precision or DatePrecision.DAY, 3)


def finer(a: ResolvedDate | None, b: ResolvedDate | None) -> ResolvedDate | None:
    """Of two agreeing dates, the more precise one (resolved beats unresolved beats None)."""
    if a is None or b is None:
        return a or b
    if date_span(a) is None or date_span(b) is None:
        return b if date_span(a) is None and date_span(b) is not None else a
    rank_a = _PRECISION_RANK.get(a.precision or DatePrecision.DAY, 3)
    rank_b = _PRECISION_RANK.get(b.precision or DatePrecision.DAY, 3)
    return b if rank_b > rank_a else a


def publication_date(published: dt.date) -> ResolvedDate:
    """A source's publication day as a date an undated figure can stand on."""
    return ResolvedDate(
        expression=f"published {published.isoformat()}",
        iso=published.isoformat(),
        precision=DatePrecision.DAY,
        basis="publication_date",
    )
