"""Analyst-readable wording for figure series: values, dates, and value lists.

The explanation of a series is prose the analyst reads next to the table of
entries, so it names values and dates only — never finding or source ids (the
renderer adds the source markers). Values are worded in English from the parsed
`Quantity`:

* exact ``11,000``; large round values as ``5.2 billion`` / ``544 million``;
* range ``10,000–12,000``; approximate ``about 11,000``;
* lower bound ``more than 10,000`` when the source said so ("mehr als", "über",
  "more than", "over"), else ``at least 11,000``; upper bound ``up to``, ``fewer
  than`` or ``at most`` likewise;
* vague amounts by a small dictionary ("Tausende" -> ``thousands``), else the
  source's own word in quotes.

Dates: ``on 2024-10-24`` (day), ``in the week of 2024-10-21``, ``in June 2024``,
``in 2024``; an expression code could not resolve is kept in the source's words,
with the seasons translated ("Im Herbst" -> ``autumn``).

`value_list` groups entries by date, in the entries' (chronological) order, and
counts repeats: "3,000 on 2024-10-24; 10,000–12,000 and more than 10,000 (2
reports) on 2024-12-05. Undated: at least 11,000, more than 10,000 (autumn)".
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence

from summarizer.briefing import SeriesEntry
from summarizer.models import DatePrecision, Quantity, ResolvedDate

_MORE_THAN = ("mehr als", "über", "more than", "over", "upwards of")
_FEWER_THAN = ("weniger als", "unter", "less than", "fewer than", "under")
_AT_MOST = ("höchstens", "maximal", "at most")
_VAGUE = (
    ("hunderttausend", "hundreds of thousands"),
    ("zehntausend", "tens of thousands"),
    ("tausend", "thousands"),
    ("hundert", "hundreds"),
    ("dutzend", "dozens"),
    ("thousands", "thousands"),
    ("hundreds", "hundreds"),
    ("dozens", "dozens"),
)
_SEASONS = {"frühling": "spring", "frühjahr": "spring", "sommer": "summer", "herbst": "autumn"}
_SEASONS["winter"] = "winter"


def format_number(value: float) -> str:
    """11000 -> '11,000'; 5.2e9 -> '5.2 billion'; 544e6 -> '544 million'."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size and round(value / size, 3) == value / size:
            return f"{value / size:,g} {word}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def value_text(quantity: Quantity | None, amount: str) -> str:
    """A figure's value in English, e.g. 'more than 10,000' or '10,000–12,000'."""
    said = f"{quantity.text if quantity is not None else ''} {amount}".casefold()
    if quantity is None or quantity.kind == "vague":
        word = next((english for german, english in _VAGUE if german in said), None)
        return word or f"“{amount}”"
    low, high = quantity.bounds()
    if quantity.kind == "lower_bound" and low is not None:
        bound = "more than" if any(cue in said for cue in _MORE_THAN) else "at least"
        return f"{bound} {format_number(low)}"
    if quantity.kind == "upper_bound" and high is not None:
        bound = "up to"
        bound = "fewer than" if any(cue in said for cue in _FEWER_THAN) else bound
        bound = "at most" if any(cue in said for cue in _AT_MOST) else bound
        return f"{bound} {format_number(high)}"
    if low is not None and high is not None and low != high:
        return f"{format_number(low)}–{format_number(high)}"
    value = low if low is not None else quantity.value
    if value is None:
        return f"“{amount}”"
    return ("about " if quantity.kind == "approximate" else "") + format_number(value)


def date_text(date: ResolvedDate | None) -> str | None:
    """'on 2024-10-24', 'in June 2024', ...; the source's words when unresolved; None if none."""
    if date is None:
        return None
    if date.iso is None:
        words = date.expression.casefold()
        season = next((english for german, english in _SEASONS.items() if german in words), None)
        return season or f"“{date.expression}”"
    parts = date.iso.split("-")
    if len(parts) == 1:
        return f"in {parts[0]}"
    if len(parts) == 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"in {calendar.month_name[int(parts[1])]} {parts[0]}"
    if date.precision is DatePrecision.WEEK:
        return f"in the week of {date.iso}"
    return f"on {date.iso}"


def _counted(texts: Sequence[str]) -> list[str]:
    counts: dict[str, int] = {}
    for text in texts:
        counts[text] = counts.get(text, 0) + 1
    return [text if n == 1 else f"{text} ({n} reports)" for text, n in counts.items()]


def _and(texts: Sequence[str]) -> str:
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " and " + texts[-1]


def value_list(entries: Sequence[SeriesEntry]) -> str:
    """Dated values grouped by date, then the undated ones (unresolved dates in brackets)."""
    dated: dict[str, list[str]] = {}
    undated: list[str] = []
    for entry in entries:
        value = value_text(entry.quantity, entry.amount)
        when = date_text(entry.date)
        if entry.date is not None and entry.date.iso is not None and when is not None:
            dated.setdefault(when, []).append(value)
        else:
            undated.append(f"{value} ({when})" if when else value)
    on_dates = "; ".join(f"{_and(_counted(values))} {when}" for when, values in dated.items())
    if not undated:
        return on_dates
    rest = _counted(undated)
    if on_dates:
        return f"{on_dates}. Undated: {', '.join(rest)}"
    return f"{', '.join(rest)}, {'all ' if len(rest) > 1 else ''}undated"
