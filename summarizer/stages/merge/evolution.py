"""How a figure series' values evolve: consistent, an update, a conflict, or undated.

**Classification** rests only on precise values (vague amounts such as
"Tausende" may join but never decide), compared as intervals (`Quantity.bounds`):

* ``single``: one entry;
* ``consistent``: all intervals overlap (or fewer than two precise values), and no
  report says its count has changed;
* ``update``: the count moved. For a cumulative toll (`CUMULATIVE`: deaths, injured,
  arrests, rescued, affected) reports only ever add to it, so when its values differ
  (bounds included: "at least 427" and "at least 719") the highest is the latest
  known state, and the entries are listed latest first; a dated report lower than an
  earlier dated one is a conflict instead, unless another report gives that same value
  undated or earlier: then the later report lags, repeating an older toll, and the
  explanation says so. For other measures: every incompatible
  pair that can be placed in time lies at different times, or a report says its
  count rose ("has risen to", "s'alourdit", "aumentan a", "loopt op tot",
  `lexicon.RISE_CUES`);
* ``conflict``: incompatible values at the same time, or, for a property of the event
  (measure "other": a magnitude, a depth), given by two named sources (the USGS against
  China's agency) whatever their dates;
* ``undated``: incompatible values that no date or wording places in time, shown as
  such (not as a conflict).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import combinations
from typing import Literal

from summarizer.core.briefing import SeriesEntry
from summarizer.core.dates import date_sort_key, dates_apart, dates_overlap
from summarizer.core.lexicon import RISE_CUES, has_cue
from summarizer.core.wording import value_list

CUMULATIVE = frozenset({"deaths", "injured", "arrests", "rescued", "affected"})

Classification = Literal["single", "consistent", "update", "conflict", "undated"]


def _interval(entry: SeriesEntry) -> tuple[float, float] | None:
    """The closed interval a precise entry asserts; None for vague or unparsed ones."""
    quantity = entry.quantity
    if quantity is None or quantity.kind == "vague":
        return None
    low, high = quantity.bounds()
    if low is None and high is None:
        return None
    return (low if low is not None else float("-inf"), high if high is not None else float("inf"))


def _direction(over_time: Sequence[tuple[SeriesEntry, SeriesEntry]]) -> str:
    """'rose', 'fell' or 'changed': how the values placed in time moved."""
    moves = set()
    for a, b in over_time:
        early, late = sorted((a, b), key=lambda e: date_sort_key(e.date))
        early_interval, late_interval = _interval(early), _interval(late)
        if early_interval is not None and late_interval is not None:
            moves.add("rose" if late_interval[0] > early_interval[1] else "fell")
    return moves.pop() if len(moves) == 1 else "changed"


def _agencies_differ(a: SeriesEntry, b: SeriesEntry, measure: str) -> bool:
    """Two named sources giving a property of one event ("other": a magnitude, a depth)
    differently: the USGS's 10 km on one day and China's 12 km the next is a disagreement
    between them, not a depth that changed."""
    if measure != "other" or not a.speaker or not b.speaker:
        return False
    return a.speaker.casefold() != b.speaker.casefold()


def _says_it_rose(entry: SeriesEntry) -> bool:
    return has_cue(entry.citation.quote, RISE_CUES)


def _rounding(value: float) -> float:
    """Half the unit a round number is given to: "close to 600" is 600 +/- 50."""
    unit = 1.0
    while value and value % (unit * 10) == 0:
        unit *= 10
    return unit / 2 if unit > 1 else 0.0


def _rank_value(entry: SeriesEntry, precise: Sequence[SeriesEntry]) -> tuple[float, int]:
    """The value that places an entry in a toll's history, and 1 if it is a rounding.

    An approximation of a precise value reported at the same time ("close to 600"
    beside 589 on one day: the same count, rounded) takes that value's place, just
    after it, rather than passing for a higher, later toll.
    """
    interval = _interval(entry)
    value = interval[0] if interval and interval[0] != float("-inf") else -1.0
    if interval and interval[1] != float("inf"):
        value = max(value, interval[1])
    quantity = entry.quantity
    if quantity is None or quantity.kind != "approximate" or quantity.value is None:
        return value, 0
    tolerance = _rounding(quantity.value)
    rounded = [
        other_value
        for other in precise
        if other.quantity is not None
        and other.quantity.kind == "exact"
        and (other_value := other.quantity.value) is not None
        and abs(other_value - quantity.value) <= tolerance
        and dates_overlap(other.date, entry.date)
    ]
    return (max(rounded), 1) if rounded else (value, 0)


def _highest_first(entries: Sequence[SeriesEntry]) -> list[SeriesEntry]:
    """Latest known state first for a cumulative toll: the highest value (a rounding
    after the precise value it rounds), dated before undated on a tie, then the
    newest date."""

    def key(entry: SeriesEntry) -> tuple[float, int, int, tuple[int, dt.date, int]]:
        value, rounding = _rank_value(entry, entries)
        return (-value, rounding, entry.date is None, _negated(date_sort_key(entry.date)))

    return sorted(entries, key=key)


def _negated(key: tuple[int, dt.date, int]) -> tuple[int, dt.date, int]:
    rank, day, precision = key
    return rank, dt.date.fromordinal(dt.date.max.toordinal() - day.toordinal() + 1), -precision


def _falls_over_time(
    precise: Sequence[tuple[SeriesEntry, tuple[float, float]]], earlier: frozenset[str]
) -> tuple[bool, list[SeriesEntry]]:
    """Whether a later dated report gives a count entirely below an earlier dated one,
    and the later reports that do so by repeating a value another report gives undated
    or earlier (a lagging repeat of an older toll, not a disagreement)."""
    current = [(e, i) for e, i in precise if e.citation.item not in earlier]
    falls, repeats = False, []
    for (a, ia), (b, ib) in combinations(current, 2):
        if dates_apart(a.date, b.date):
            (_, early), (late_entry, late) = sorted(
                ((a, ia), (b, ib)), key=lambda e: date_sort_key(e[0].date)
            )
            if late[1] < early[0]:
                if _repeats_an_older_value(late_entry, late, precise):
                    repeats.append(late_entry)
                else:
                    falls = True
    return falls, repeats


def _repeats_an_older_value(
    entry: SeriesEntry,
    interval: tuple[float, float],
    precise: Sequence[tuple[SeriesEntry, tuple[float, float]]],
) -> bool:
    return any(
        other_interval == interval
        and other.citation.source != entry.citation.source
        and (
            other.date is None
            or not other.date.resolved
            or date_sort_key(other.date) < date_sort_key(entry.date)
        )
        for other, other_interval in precise
    )


def classify(
    entries: Sequence[SeriesEntry], measure: str = "other", earlier: frozenset[str] = frozenset()
) -> tuple[Classification, str, list[SeriesEntry]]:
    """The series class, an English explanation with the values and dates (no ids), and
    the entries in the order to show them (a cumulative toll's latest state first).
    `earlier`: the items that give a superseded value (see `_is_earlier_value`)."""
    precise = [(entry, interval) for entry in entries if (interval := _interval(entry))]
    vague = [entry for entry in entries if _interval(entry) is None]
    listed = value_list([e for e, _ in precise])
    vague_note = f" Vague amounts, not compared: {value_list(vague)}." if vague else ""
    ordered = list(entries)
    if len(entries) == 1:
        return "single", f"One reported value: {value_list(entries)}.", ordered
    if len(precise) < 2:
        lead = f"Too few precise values to compare: {listed or 'none'}."
        return "consistent", f"{lead}{vague_note}", ordered
    clashes = [
        (a, b) for (a, ia), (b, ib) in combinations(precise, 2) if ia[1] < ib[0] or ib[1] < ia[0]
    ]
    distinct = {interval for _, interval in precise}
    if measure in CUMULATIVE and len(distinct) > 1:
        falls, repeats = _falls_over_time(precise, earlier)
        if falls:
            lead = "Values disagree: a later report gives a lower count than an earlier one"
            return "conflict", f"{lead}: {listed}.{vague_note}", ordered
        lag = ""
        if repeats:
            lag = f" A later report repeats an older, lower toll: {value_list(repeats[:1])}."
        ordered = _highest_first([e for e, _ in precise]) + vague
        latest = value_list(ordered[:1])
        before = value_list([e for e in ordered[1:] if _interval(e) is not None])
        basis = "" if all(e.date for e, _ in precise) else " (a cumulative toll only grows, so "
        basis += "" if not basis else "undated reports are placed by their value)"
        return (
            "update",
            f"The toll rose; latest: {latest}. Earlier: {before}{basis}.{lag}{vague_note}",
            ordered,
        )
    if not clashes:
        if len(distinct) > 1 and any(_says_it_rose(e) for e, _ in precise):
            return "update", f"A report says the count changed: {listed}.{vague_note}", ordered
        return "consistent", f"All values agree: {listed}.{vague_note}", ordered
    same_time = [
        (a, b)
        for a, b in clashes
        if dates_overlap(a.date, b.date) or _agencies_differ(a, b, measure)
    ]
    over_time = [
        (a, b) for a, b in clashes if dates_apart(a.date, b.date) and (a, b) not in same_time
    ]
    if same_time:
        at_once = all(dates_overlap(a.date, b.date) for a, b in same_time)
        lead = "Values disagree at the same time" if at_once else "Named sources disagree"
        return "conflict", f"{lead}: {listed}.{vague_note}", ordered
    if over_time or any(_says_it_rose(e) for e, _ in precise):
        ordered = sorted(entries, key=lambda e: _negated(date_sort_key(e.date)))
        direction = _direction(over_time) if over_time else "changed"
        return "update", f"Values {direction} over time: {listed}.{vague_note}", ordered
    lead = "Values differ; no date or wording tells which is later"
    return "undated", f"{lead}: {listed}.{vague_note}", ordered
