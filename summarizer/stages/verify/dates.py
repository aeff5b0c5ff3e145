"""Resolve a date expression ("am Mittwoch", "Le 23 octobre 2024", "el martes", "vorige
week", "30 października 2024") to an ISO date with its precision, or keep it unresolved.
Never invent a date.

The article's language decides the words read (`date_words`: month and weekday names
from dateparser's locale data, relative words from `summarizer.core.lexicon`); without
a known language, German and English are read.

Two paths, chosen by whether the expression names a year (four digits, or "'99" after
a month name):

* **Absolute**: our own patterns first, so that the day is never lost to the words
  around it ("Instruction du Gouvernement du 20 octobre 2014"): a numeric date, day
  first ("05.12.2024", "26-1-2017", "30/08/2019" are 5 December, 26 January, 30 August;
  ISO "2024-12-05" too); a day, month name and year in either order ("12. August 2017",
  "el 30 de octubre de 2024", "December 12, 2005") at day precision; a month name and
  year ("de noviembre de 2019", "в ноябре 2024 года", "nel febbraio '99") at month
  precision. Else dateparser reads the expression in the article's language, after
  leading prepositions and qualifiers are stripped, and is accepted only if its year is
  the year written. Else the year alone is kept at year precision ("nach der
  Bundestagswahl 2017", "w 2007 roku"); a winter ("Winter 2024") spans two years and
  stays unresolved.
* **Relative** (no year): resolved only against a known publication date, with basis
  ``publication_date``; with ``published=None`` it stays unresolved. The calendar
  arithmetic is ours, because dateparser's is not what news copy means:

  - "heute"/"hoy"/"oggi"/"сегодня" 0 days, "gestern"/"ayer"/"hier"/"gisteren"/"вчора"
    1, "vorgestern"/"anteayer"/"avant-hier" 2 days back;
  - "vor drei Tagen"/"3 months ago": that many units back, at the unit's precision;
  - a day and month ("am 19. Juni", "June 19", "le 4 décembre", "el 28 de diciembre",
    "1 вересня"): that day in the most recent year in which it is not after the
    publication date;
  - a month ("im Juni", "en octubre"): that month in the most recent year in which it
    does not start after the publication date; "Im Januar dieses Jahres" is January of
    the publication year, "... letzten Jahres"/"last year" of the year before;
  - last/this week ("vergangene Woche", "la semaine dernière", "vorige week",
    "минулого тижня", "nesta semana"): week precision, iso = the Monday of the week
    before (or of) the publication week; last/this month and year likewise;
  - a weekday ("am Mittwoch", "el martes", "jeudi", "в среду", "donderdagnamiddag") is
    the most recent such day **on or before** the publication date (0-6 days back):
    wire copy names the weekday even for the day of publication. With a "last" word
    before or after it ("vergangenen Donnerstag", "last Thursday", "mardi dernier",
    "el martes pasado", "afgelopen vrijdag") it is strictly before (1-7 days back).

Everything else ("Im Herbst", "Am Tag zuvor", "seit Monaten") stays unresolved with its
original expression: an event-relative date needs the event's date, which code does
not have.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import TYPE_CHECKING

from text_to_num import text2num  # type: ignore[import-untyped]

from summarizer.core.dates import DatePrecision, ResolvedDate
from summarizer.stages.verify.date_words import (
    DateWords,
    date_words,
    month_number,
    period_unit,
    weekday_number,
)
from summarizer.stages.verify.numbers import languages_of

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_NUMERIC = re.compile(
    r"(?<!\d)(?P<day>[0-3]?\d)[./-](?P<month>[01]?\d)[./-](?P<year>(?:1[89]|20)\d\d)(?!\d)"
    r"|(?<!\d)(?P<iso_year>(?:1[89]|20)\d\d)-(?P<iso_month>[01]\d)-(?P<iso_day>[0-3]\d)(?!\d)"
)
_LEADING = re.compile(
    r"^(?:(?:ab|am|an|seit|im|in|vom|von|bis|zum|zur|dem|den|der|des|jahre?s?|anfang|mitte|"
    r"ende|on|since|from|until|by|the|early|mid|late|year|of|le|la|el|de|du|il|em|op|w|z|в|у)"
    r"\b\.?[\s-]*)+",
    re.IGNORECASE,
)
_WINTER = re.compile(r"\bwinter", re.IGNORECASE)
_AGO = re.compile(
    r"\bvor\s+(?P<count>\S+)\s+(?P<unit>tag|woche|monat|jahr)\w*"
    r"|\b(?P<count_en>\S+)\s+(?P<unit_en>day|week|month|year)s?\s+ago\b",
    re.IGNORECASE,
)
_YEAR_SHIFT = re.compile(
    r"\b(?:diese[nmrs]?|this)\s+(?:jahre?s?|year)\b"
    r"|(?P<past>\b(?:vergangene[nmrs]?|letzte[nmrs]?|vorige[nmrs]?|last|previous|past)\s+"
    r"(?:jahre?s?|year)\b)",
    re.IGNORECASE,
)


@cache
def _absolute_parser(languages: tuple[str, ...]) -> DateDataParser:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=list(languages),
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


def _day(
    expression: str, year: int, month: int, day: int, *, relative: bool = False
) -> ResolvedDate | None:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return _resolved(expression, date.isoformat(), DatePrecision.DAY, relative=relative)


def _year_of(match: re.Match[str]) -> int:
    if match["year"]:
        return int(match["year"])
    short = int(match["short"])
    return 1900 + short if short > 30 else 2000 + short


def _own_absolute(expression: str, words: DateWords) -> ResolvedDate | None:
    if numeric := _NUMERIC.search(expression):
        if numeric["iso_year"]:
            parts = (numeric["iso_year"], numeric["iso_month"], numeric["iso_day"])
        else:
            parts = (numeric["year"], numeric["month"], numeric["day"])
        return _day(expression, *map(int, parts))
    for pattern in words.day_month_year:
        if match := pattern.search(expression):
            month = month_number(match["month"], words)
            return _day(expression, _year_of(match), month, int(match["day"]))
    if match := words.month_year.search(expression):
        iso = f"{_year_of(match):04d}-{month_number(match['month'], words):02d}"
        return _resolved(expression, iso, DatePrecision.MONTH, relative=False)
    return None


def _absolute(expression: str, year: int, languages: tuple[str, ...]) -> ResolvedDate:
    cleaned = _LEADING.sub("", expression).strip(" ,.;:")
    data = _absolute_parser(languages).get_date_data(cleaned)
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


def _back(expression: str, published: dt.date, unit: str, count: int) -> ResolvedDate:
    """`count` units ("day", "week", "month", "year") before the publication date."""
    if unit == "day":
        day = published - dt.timedelta(days=count)
        return _resolved(expression, day.isoformat(), DatePrecision.DAY, relative=True)
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday(), weeks=count)
        return _resolved(expression, monday.isoformat(), DatePrecision.WEEK, relative=True)
    if unit == "month":
        year, month = _month_back(published, count)
        return _resolved(expression, f"{year:04d}-{month:02d}", DatePrecision.MONTH, relative=True)
    return _resolved(expression, f"{published.year - count:04d}", DatePrecision.YEAR, relative=True)


_AGO_UNITS = {"tag": "day", "woche": "week", "monat": "month", "jahr": "year"}


def _ago(expression: str, published: dt.date, _: DateWords) -> ResolvedDate | None:
    match = _AGO.search(expression)
    if not match:
        return None
    count = _count(match["count"] or match["count_en"])
    if count is None:
        return ResolvedDate(expression=expression)
    unit = (match["unit"] or match["unit_en"]).lower()
    return _back(expression, published, _AGO_UNITS.get(unit, unit), count)


def _days_back(expression: str, published: dt.date, words: DateWords) -> ResolvedDate | None:
    for pattern, days in words.days_back:
        if pattern.search(expression):
            return _back(expression, published, "day", days)
    return None


def _period(expression: str, published: dt.date, words: DateWords) -> ResolvedDate | None:
    match = words.period.search(expression)
    if not match:
        return None
    unit = period_unit(match["unit"] or match["unit_after"], words)
    return _back(expression, published, unit, 1 if match["past"] or match["past_after"] else 0)


def _day_month(expression: str, published: dt.date, words: DateWords) -> ResolvedDate | None:
    match = words.day_month[0].search(expression) or words.day_month[1].search(expression)
    if not match:
        return None
    month, day = month_number(match["month"], words), int(match["day"])
    for year in range(published.year, published.year - 9, -1):
        candidate = _day(expression, year, month, day, relative=True)
        if (
            candidate is not None
            and candidate.iso is not None
            and candidate.iso <= published.isoformat()
        ):
            return candidate
    return ResolvedDate(expression=expression)


def _month(expression: str, published: dt.date, words: DateWords) -> ResolvedDate | None:
    match = words.month.search(expression)
    if not match:
        return None
    month = month_number(match["month"], words)
    shift = _YEAR_SHIFT.search(expression)
    if shift:
        year = published.year - (1 if shift["past"] else 0)
    else:
        year = published.year if month <= published.month else published.year - 1
    return _resolved(expression, f"{year:04d}-{month:02d}", DatePrecision.MONTH, relative=True)


def _weekday(expression: str, published: dt.date, words: DateWords) -> ResolvedDate | None:
    match = words.weekday.search(expression)
    if not match:
        return None
    weekday = weekday_number(match["weekday"], words)
    back = (published.weekday() - weekday) % 7
    if (match["before"] or match["after"]) and back == 0:
        back = 7
    return _back(expression, published, "day", back)


_RELATIVE_RULES = (_days_back, _ago, _day_month, _month, _period, _weekday)


def resolve_date(
    expression: str, published: dt.date | None, language: str | None = None
) -> ResolvedDate:
    """Resolve `expression`, written in `language` (None: German or English); see the
    module docstring for the rules."""
    languages = languages_of(language)
    words = date_words(languages)
    year = _YEAR.search(expression)
    own = _own_absolute(expression, words)
    if own is not None:
        return own
    if year:
        return _absolute(expression, int(year.group(1)), languages)
    if published is None:
        return ResolvedDate(expression=expression)
    for rule in _RELATIVE_RULES:
        resolved = rule(expression, published, words)
        if resolved is not None:
            return resolved
    return ResolvedDate(expression=expression)
