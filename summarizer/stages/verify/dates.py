"""Resolve a date expression ("am Mittwoch", "Mitte November 2024", "last week") to an
ISO date with its precision, or keep it unresolved. Never invent a date.

Two paths, chosen by whether the expression names a four-digit year:

* **Absolute** (a year is written): dateparser reads the expression, in German or
  English, day first ("05.12.2024" is 5 December; "12/05/2024" is 12 May), after
  leading prepositions and qualifiers ("ab dem", "seit", "Im Jahr", "Mitte",
  "early") are stripped. Its period gives the precision (day, month or year), and the
  result is accepted only if its year is the year written in the expression. When
  dateparser cannot read the rest ("Herbst 2024", "Invasion 2022"), the year alone
  is kept at year precision; a winter ("Winter 2024") spans two years and stays
  unresolved.
* **Relative** (no year): resolved only against a known publication date, with basis
  ``publication_date``; with ``published=None`` it stays unresolved. The calendar
  arithmetic is ours, because dateparser's is not what news copy means (it reads
  "am Mittwoch" as nothing and "letzte Woche" as seven days back):

  - "heute"/"today" 0 days, "gestern"/"yesterday" 1, "vorgestern" 2 days back;
  - "vor drei Tagen"/"vor 2 Wochen"/"3 months ago": that many units back, at the
    unit's precision; "vor einigen Monaten" has no count and stays unresolved;
  - "am 19. Juni"/"June 19": that day in the most recent year in which it is not
    after the publication date;
  - "im Juni"/"Anfang Juni"/"in June": that month in the most recent year in which it
    does not start after the publication date; "Im Januar dieses Jahres" is January
    of the publication year, "... letzten Jahres"/"last year" of the year before;
  - "vergangene/letzte/vorige Woche"/"last week": week precision, iso = the Monday of
    the week before the publication week; "diese Woche"/"this week" its own Monday;
  - "letzten Monat"/"last month", "letztes Jahr"/"last year", "dieses Jahr": month or
    year precision;
  - a weekday: "am Mittwoch"/"on Wednesday" is the most recent such day **on or
    before** the publication date (0-6 days back). Wire copy names the weekday even
    for the day of publication ("teilte am Donnerstag mit" in a Thursday story), and
    says "vergangenen Donnerstag"/"last Thursday" for the week before, which resolves
    strictly before publication (1-7 days back).

Everything else ("Im Herbst", "Am Tag zuvor", "seit Monaten", "vor einigen Monaten")
stays unresolved with its original expression: an event-relative date needs the
event's date, which code does not have.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import TYPE_CHECKING

from text_to_num import text2num  # type: ignore[import-untyped]

from summarizer.core.dates import DatePrecision, ResolvedDate
from summarizer.core.lexicon import MONTHS, WEEKDAYS, alternatives

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

_MONTH = rf"(?P<month>{alternatives(MONTHS)})\b\.?"
_DAY = r"(?P<day>[0-3]?\d)"
_PAST = r"(?:vergangene[nmrs]?|letzte[nmrs]?|vorige[nmrs]?|last|previous|past)"
_THIS = r"(?:diese[nmrs]?|this)"
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_LEADING = re.compile(
    r"^(?:(?:ab|am|an|seit|im|in|vom|von|bis|zum|zur|dem|den|der|des|jahre?s?|anfang|mitte|"
    r"ende|on|since|from|until|by|the|early|mid|late|year|of)\b\.?[\s-]*)+",
    re.IGNORECASE,
)
_WINTER = re.compile(r"\bwinter", re.IGNORECASE)

_DAY_MONTH = (
    re.compile(rf"\b{_DAY}\.?\s*{_MONTH}", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:st|nd|rd|th)?\b", re.IGNORECASE),
)
_MONTH_ONLY = re.compile(rf"\b{_MONTH}", re.IGNORECASE)
_MONTH_YEAR_SHIFT = re.compile(
    rf"\b{_THIS}\s+(?:jahre?s?|year)\b|(?P<past>\b{_PAST}\s+(?:jahre?s?|year)\b)",
    re.IGNORECASE,
)
_DAYS_BACK = {"vorgestern": 2, "gestern": 1, "yesterday": 1, "heute": 0, "today": 0}
_DAYS_BACK_RE = re.compile(rf"\b({alternatives(_DAYS_BACK)})\b", re.IGNORECASE)
_AGO = re.compile(
    r"\bvor\s+(?P<count>\S+)\s+(?P<unit>tag|woche|monat|jahr)\w*"
    r"|\b(?P<count_en>\S+)\s+(?P<unit_en>day|week|month|year)s?\s+ago\b",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    rf"\b(?:(?P<past>{_PAST})|{_THIS})\s+(?P<unit>woche|week|monat|month|jahr|year)\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(rf"(?P<past>\b{_PAST}\s+)?\b(?P<weekday>{alternatives(WEEKDAYS)})\b", re.I)


@cache
def _absolute_parser() -> DateDataParser:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["de", "en"],
        settings={
            "DATE_ORDER": "DMY",
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["year"],
            "RETURN_TIME_AS_PERIOD": True,
        },
    )


def _resolved(
    expression: str, iso: str, precision: DatePrecision, *, relative: bool
) -> ResolvedDate:
    return ResolvedDate(
        expression=expression,
        iso=iso,
        precision=precision,
        basis="publication_date" if relative else "absolute",
    )


def _absolute(expression: str, year: int) -> ResolvedDate:
    cleaned = _LEADING.sub("", expression).strip(" ,.;:")
    data = _absolute_parser().get_date_data(cleaned)
    if data.date_obj is not None and data.date_obj.year == year:
        parsed: dt.date = data.date_obj.date()
        if data.period == "month":
            return _resolved(expression, f"{parsed:%Y-%m}", DatePrecision.MONTH, relative=False)
        if data.period == "year":
            return _resolved(expression, f"{year:04d}", DatePrecision.YEAR, relative=False)
        return _resolved(expression, parsed.isoformat(), DatePrecision.DAY, relative=False)
    if _WINTER.search(expression):
        return ResolvedDate(expression=expression)
    return _resolved(expression, f"{year:04d}", DatePrecision.YEAR, relative=False)


def _month_back(published: dt.date, months: int) -> tuple[int, int]:
    index = published.year * 12 + published.month - 1 - months
    return index // 12, index % 12 + 1


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    for language in ("de", "en"):
        try:
            return int(text2num(word.lower(), language))
        except ValueError:
            continue
    return None


def _ago(expression: str, published: dt.date) -> ResolvedDate | None:
    match = _AGO.search(expression)
    if not match:
        return None
    count = _count(match["count"] or match["count_en"])
    unit = (match["unit"] or match["unit_en"]).lower()
    if count is None:
        return ResolvedDate(expression=expression)
    if unit in ("tag", "day"):
        day = published - dt.timedelta(days=count)
        return _resolved(expression, day.isoformat(), DatePrecision.DAY, relative=True)
    if unit in ("woche", "week"):
        return _week(expression, published, weeks_back=count)
    if unit in ("monat", "month"):
        year, month = _month_back(published, count)
        return _resolved(expression, f"{year:04d}-{month:02d}", DatePrecision.MONTH, relative=True)
    year_iso = f"{published.year - count:04d}"
    return _resolved(expression, year_iso, DatePrecision.YEAR, relative=True)


def _week(expression: str, published: dt.date, weeks_back: int) -> ResolvedDate:
    monday = published - dt.timedelta(days=published.weekday(), weeks=weeks_back)
    return _resolved(expression, monday.isoformat(), DatePrecision.WEEK, relative=True)


def _period(expression: str, published: dt.date) -> ResolvedDate | None:
    match = _PERIOD.search(expression)
    if not match:
        return None
    back = 1 if match["past"] else 0
    unit = match["unit"].lower()
    if unit in ("woche", "week"):
        return _week(expression, published, weeks_back=back)
    if unit in ("monat", "month"):
        year, month = _month_back(published, back)
        return _resolved(expression, f"{year:04d}-{month:02d}", DatePrecision.MONTH, relative=True)
    year_iso = f"{published.year - back:04d}"
    return _resolved(expression, year_iso, DatePrecision.YEAR, relative=True)


def _day_month(expression: str, published: dt.date) -> ResolvedDate | None:
    match = _DAY_MONTH[0].search(expression) or _DAY_MONTH[1].search(expression)
    if not match:
        return None
    month, day = MONTHS[match["month"].lower()], int(match["day"])
    for year in range(published.year, published.year - 9, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= published:
            return _resolved(expression, candidate.isoformat(), DatePrecision.DAY, relative=True)
    return ResolvedDate(expression=expression)


def _month(expression: str, published: dt.date) -> ResolvedDate | None:
    match = _MONTH_ONLY.search(expression)
    if not match:
        return None
    month = MONTHS[match["month"].lower()]
    shift = _MONTH_YEAR_SHIFT.search(expression)
    if shift:
        year = published.year - (1 if shift["past"] else 0)
    else:
        year = published.year if month <= published.month else published.year - 1
    return _resolved(expression, f"{year:04d}-{month:02d}", DatePrecision.MONTH, relative=True)


def _weekday(expression: str, published: dt.date) -> ResolvedDate | None:
    match = _WEEKDAY.search(expression)
    if not match:
        return None
    weekday = WEEKDAYS[match["weekday"].lower()]
    back = (published.weekday() - weekday) % 7
    if match["past"] and back == 0:
        back = 7
    day = published - dt.timedelta(days=back)
    return _resolved(expression, day.isoformat(), DatePrecision.DAY, relative=True)


def _relative(expression: str, published: dt.date) -> ResolvedDate | None:
    days = _DAYS_BACK_RE.search(expression)
    if days:
        day = published - dt.timedelta(days=_DAYS_BACK[days.group(1).lower()])
        return _resolved(expression, day.isoformat(), DatePrecision.DAY, relative=True)
    for rule in (_ago, _day_month, _month, _period, _weekday):
        resolved = rule(expression, published)
        if resolved is not None:
            return resolved
    return None


def resolve_date(expression: str, published: dt.date | None) -> ResolvedDate:
    """Resolve `expression` (German or English); see the module docstring for the rules."""
    year = _YEAR.search(expression)
    if year:
        return _absolute(expression, int(year.group(1)))
    if published is None:
        return ResolvedDate(expression=expression)
    return _relative(expression, published) or ResolvedDate(expression=expression)
