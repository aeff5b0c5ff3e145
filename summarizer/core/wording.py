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
``in 2024``; an expression code could not resolve is worded in English where a
pattern knows it (`english_expression`: "Im Herbst" -> ``autumn``, "am Montag" ->
``on Monday``, "am 6. November" -> ``on 6 November``), else kept in the source's
words.

`value_list` groups entries by date, in the entries' (chronological) order, and
counts the sources behind a repeated value: "3,000 on 2024-10-24; 10,000–12,000 and
more than 10,000 (2 sources) on 2024-12-05. Undated: at least 11,000, more than 10,000 (autumn)".
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence

from summarizer.core.briefing import SeriesEntry
from summarizer.core.dates import DatePrecision, ResolvedDate
from summarizer.core.items import Quantity
from summarizer.core.lexicon import MONTHS, WEEKDAYS, alternatives

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
_MONTH_NAMES = {word: calendar.month_name[number] for word, number in MONTHS.items()}
_WEEKDAY_NAMES = {word: calendar.day_name[number] for word, number in WEEKDAYS.items()}
_PART_OF_MONTH = {"anfang": "early ", "mitte": "mid-", "ende": "late "}
_UNITS = {"tag": "days", "woche": "weeks", "monat": "months", "jahr": "years"}


def _which_year(which: str | None) -> str:
    """' this year' for "dieses Jahres", ' last year' for "letzten/vergangenen Jahres"."""
    if which is None:
        return ""
    return " this year" if which.lower() == "dieses" else " last year"


_MONTH_WORD = rf"(?P<month>{alternatives(_MONTH_NAMES)})\b"
_GLOSSES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(rf"\b(?P<day>[0-3]?\d)\.\s*{_MONTH_WORD}", re.I),
        lambda m: f"on {int(m['day'])} {_MONTH_NAMES[m['month'].lower()]}",
    ),
    (
        re.compile(rf"\b(?P<part>anfang|mitte|ende)\s+{_MONTH_WORD}", re.I),
        lambda m: _PART_OF_MONTH[m["part"].lower()] + _MONTH_NAMES[m["month"].lower()],
    ),
    (
        re.compile(
            rf"\bim\s+{_MONTH_WORD}"
            r"(?:\s+(?P<which>dieses|letzten|vergangenen)\s+jahres)?",
            re.I,
        ),
        lambda m: f"in {_MONTH_NAMES[m['month'].lower()]}{_which_year(m['which'])}",
    ),
    (
        re.compile(
            rf"\b(?P<past>vergangene[nmrs]?\s+|letzte[nmrs]?\s+)?"
            rf"(?P<day>{alternatives(_WEEKDAY_NAMES)})\b",
            re.I,
        ),
        lambda m: ("last " if m["past"] else "on ") + _WEEKDAY_NAMES[m["day"].lower()],
    ),
    (
        re.compile(r"\b(?:vergangene|letzte|vorige)[nmrs]?\s+(?P<unit>woche|monat|jahr)", re.I),
        lambda m: "last " + {"woche": "week", "monat": "month", "jahr": "year"}[m["unit"].lower()],
    ),
    (
        re.compile(r"\bvor\s+(?:einigen|wenigen|ein paar)\s+(?P<unit>tag|woche|monat|jahr)", re.I),
        lambda m: f"a few {_UNITS[m['unit'].lower()]} ago",
    ),
    (re.compile(r"\b(?:am\s+)?tag\s+(?:zuvor|davor)\b", re.I), lambda m: "the day before"),
    (
        re.compile(r"\bseit\s+(?P<unit>tag|woche|monat|jahr)", re.I),
        lambda m: f"for {_UNITS[m['unit'].lower()]}",
    ),
    (
        re.compile(rf"\b(?:im\s+)?(?P<season>{alternatives(_SEASONS)})\b", re.I),
        lambda m: _SEASONS[m["season"].lower()],
    ),
]


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


def english_expression(expression: str) -> str | None:
    """An unresolved German date expression in English ("am Montag" -> "on Monday",
    "vor einigen Monaten" -> "a few months ago"); None when no pattern knows it."""
    for pattern, english in _GLOSSES:
        match = pattern.search(expression)
        if match:
            return english(match)
    return None


def date_text(date: ResolvedDate | None) -> str | None:
    """'on 2024-10-24', 'in June 2024', ...; the source's words when unresolved; None if none."""
    if date is None:
        return None
    if date.iso is None:
        return english_expression(date.expression) or f"“{date.expression}”"
    parts = date.iso.split("-")
    if len(parts) == 1:
        return f"in {parts[0]}"
    if len(parts) == 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"in {calendar.month_name[int(parts[1])]} {parts[0]}"
    if date.precision is DatePrecision.WEEK:
        return f"in the week of {date.iso}"
    return f"on {date.iso}"


def _counted(said: Sequence[tuple[str, str]]) -> list[str]:
    """Each value once, with how many sources gave it: (value, source) pairs in order.

    Two sentences of one article giving the same value are one report, not two.
    """
    sources: dict[str, set[str]] = {}
    for text, source in said:
        sources.setdefault(text, set()).add(source)
    return [text if len(by) == 1 else f"{text} ({len(by)} sources)" for text, by in sources.items()]


def _and(texts: Sequence[str]) -> str:
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " and " + texts[-1]


def value_list(entries: Sequence[SeriesEntry]) -> str:
    """Dated values grouped by date, then the undated ones (unresolved dates in brackets)."""
    dated: dict[str, list[tuple[str, str]]] = {}
    undated: list[tuple[str, str]] = []
    for entry in entries:
        value = value_text(entry.quantity, entry.amount)
        when = date_text(entry.date)
        source = entry.citation.source
        if entry.date is not None and entry.date.iso is not None and when is not None:
            dated.setdefault(when, []).append((value, source))
        else:
            undated.append((f"{value} ({when})" if when else value, source))
    on_dates = "; ".join(f"{_and(_counted(values))} {when}" for when, values in dated.items())
    if not undated:
        return on_dates
    rest = _counted(undated)
    if on_dates:
        return f"{on_dates}. Undated: {', '.join(rest)}"
    return f"{', '.join(rest)}, {'all ' if len(rest) > 1 else ''}undated"
