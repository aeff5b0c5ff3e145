"""The date words of a set of languages, compiled once: month and weekday names, and
the patterns of the date resolver (`dates`) built from them.

Month and weekday names come from dateparser's locale data for each language
(abbreviations shorter than three letters, and weekday abbreviations shorter than four,
are left out: "mo", "za", "ср" are ordinary words), with `core.lexicon`'s German and
English tables. Polish, Russian and Ukrainian names decline ("ноябре", "lutego"), so
there a name of five letters or more also matches by its stem (all but its last letter,
plus up to three letters). The relative words ("ayer", "dernier", "минулого", "semaine")
come from `core.lexicon`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from summarizer.core.lexicon import (
    DAYS_BACK,
    MONTHS,
    PAST,
    PERIODS,
    THIS,
    WEEKDAYS,
    alternatives,
    phrases,
)

_DECLINING = frozenset({"pl", "ru", "uk"})
_MONTH_KEYS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = r"(?P<day>[0-3]?\d)(?:\.|er|º|°|-?го)?"
_SHORT_YEAR = r"['’](?P<short>\d\d)(?!\d)"


@dataclass(frozen=True)
class DateWords:
    """The compiled words of one set of languages."""

    months: dict[str, int]
    weekdays: dict[str, int]
    day_month: tuple[re.Pattern[str], ...]
    day_month_year: tuple[re.Pattern[str], ...]
    month_year: re.Pattern[str]
    month: re.Pattern[str]
    weekday: re.Pattern[str]
    days_back: tuple[tuple[re.Pattern[str], int], ...]
    period: re.Pattern[str]
    period_units: dict[str, str]
    declining: bool


def _locale_names(language: str, keys: tuple[str, ...], shortest: int) -> dict[str, int]:
    from dateparser.languages import default_loader

    info = default_loader.get_locale(language).info
    names = {
        name.lower().rstrip("."): number
        for number, key in enumerate(keys)
        for name in info.get(key, [])
    }
    return {
        name: number
        for name, number in names.items()
        if len(name) >= shortest and name.replace("-", "").isalpha()
    }


@cache
def date_words(languages: tuple[str, ...]) -> DateWords:
    months = dict(MONTHS) if set(languages) & {"de", "en"} else {}
    weekdays = dict(WEEKDAYS) if set(languages) & {"de", "en"} else {}
    for language in languages:
        months |= {name: n + 1 for name, n in _locale_names(language, _MONTH_KEYS, 3).items()}
        weekdays |= _locale_names(language, _WEEKDAY_KEYS, 4)
    declining = bool(set(languages) & _DECLINING)
    stems = {name[:-1] for name in months if len(name) >= 5} if declining else set()
    month = (
        rf"(?P<month>(?:{alternatives(map(re.escape, stems))})\w{{0,3}}|" if stems else "(?P<month>"
    )
    month += rf"(?:{alternatives(map(re.escape, months))}))(?!\w)\.?"
    of = r"(?:\s+(?:de|del|do|da)\b)?"
    year = rf"(?:(?P<year>(?:1[89]|20)\d\d)(?!\d)|{_SHORT_YEAR})"
    units = {word: unit for language in languages for word, unit in PERIODS[language].items()}
    period = rf"(?:{alternatives(units)})"
    past, this = phrases(PAST, languages), phrases(THIS, languages)
    flags = re.IGNORECASE
    return DateWords(
        months=months,
        weekdays=weekdays,
        day_month=(
            re.compile(rf"(?<!\d){_DAY}\s*{of}\s*{month}", flags),
            re.compile(rf"(?<!\w){month}\s+{_DAY}(?:st|nd|rd|th)?(?!\d)", flags),
        ),
        day_month_year=(
            re.compile(rf"(?<!\d){_DAY}\s*{of}\s*{month},?{of}\s*{year}", flags),
            re.compile(rf"(?<!\w){month}\s+{_DAY}(?:st|nd|rd|th)?,?\s+{year}", flags),
        ),
        month_year=re.compile(rf"(?<!\w){month},?{of}\s*{year}", flags),
        month=re.compile(rf"(?<!\w){month}", flags),
        weekday=re.compile(
            rf"(?:(?P<before>{past})\s+)?(?<!\w)(?P<weekday>{alternatives(weekdays)})\w*"
            rf"(?:\s+(?P<after>{past}))?",
            flags,
        ),
        days_back=tuple(
            (re.compile(rf"(?<!\w)(?:{word})(?!\w)", flags), days)
            for language in languages
            for word, days in DAYS_BACK[language].items()
        ),
        period=re.compile(
            rf"(?:(?P<past>{past})|{this})(?:\s+\w+)?\s+(?P<unit>{period})(?!\w)"
            rf"|(?<!\w)(?P<unit_after>{period})\s+(?P<past_after>{past})",
            flags,
        ),
        period_units=units,
        declining=declining,
    )


def month_number(word: str, words: DateWords) -> int:
    lower = word.lower().rstrip(".")
    if lower in words.months:
        return words.months[lower]
    return next(
        n for name, n in words.months.items() if len(name) >= 5 and lower.startswith(name[:-1])
    )


def weekday_number(word: str, words: DateWords) -> int:
    lower = word.lower()
    return next(
        words.weekdays[name]
        for name in sorted(words.weekdays, key=len, reverse=True)
        if lower.startswith(name)
    )


def period_unit(word: str, words: DateWords) -> str:
    lower = word.lower()
    return next(
        unit for pattern, unit in words.period_units.items() if re.fullmatch(pattern, lower)
    )
