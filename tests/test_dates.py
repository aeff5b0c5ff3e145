"""Date resolution: the seeds' real expressions with their real publication dates,
English forms, and hypothesis properties (no invented dates, weekdays, no future)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.core.dates import DatePrecision
from summarizer.core.wording import english_expression
from summarizer.stages.verify.flow import resolve_date

P002 = dt.date(2024, 10, 24)
P004 = dt.date(2024, 12, 5)  # a Thursday
DAY, WEEK, MONTH, YEAR = (
    DatePrecision.DAY,
    DatePrecision.WEEK,
    DatePrecision.MONTH,
    DatePrecision.YEAR,
)

SEED_EXPRESSIONS = [
    # seed 000 and 001 and 003 carry no publication date
    ("vergangene Woche", None, None, None, None),
    ("am Montag", None, None, None, None),
    ("am 19. Juni", None, None, None, None),
    ("am 6. November", None, None, None, None),
    ("letzte Woche", None, None, None, None),
    ("im August", None, None, None, None),
    ("vor einigen Monaten", None, None, None, None),
    ("Im Herbst", None, None, None, None),
    ("Am Tag zuvor", None, None, None, None),
    ("Im Juni 2024", None, "2024-06", MONTH, "absolute"),
    ("Im Jahr 2022", None, "2022", YEAR, "absolute"),
    ("seit Februar 2022", None, "2022-02", MONTH, "absolute"),
    ("Mitte November 2024", None, "2024-11", MONTH, "absolute"),
    ("Im Januar dieses Jahres", None, None, None, None),
    ("Im Oktober", None, None, None, None),
    # seed 002, published 2024-10-24
    ("im Juni", P002, "2024-06", MONTH, "publication_date"),
    ("24. Oktober, 2024", P002, "2024-10-24", DAY, "absolute"),
    # seed 004, published 2024-12-05
    ("am Mittwoch", P004, "2024-12-04", DAY, "publication_date"),
    ("ab dem 4. Dezember 2024", P004, "2024-12-04", DAY, "absolute"),
    ("im Juni", P004, "2024-06", MONTH, "publication_date"),
    ("Im November", P004, "2024-11", MONTH, "publication_date"),
    ("05.12.2024", P004, "2024-12-05", DAY, "absolute"),
]

WITH_PUBLICATION = [
    ("vergangene Woche", "2024-11-25", WEEK),
    ("letzte Woche", "2024-11-25", WEEK),
    ("am Montag", "2024-12-02", DAY),
    ("am Donnerstag", "2024-12-05", DAY),
    ("vergangenen Donnerstag", "2024-11-28", DAY),
    ("am 19. Juni", "2024-06-19", DAY),
    ("am 6. November", "2024-11-06", DAY),
    ("am 6. Dezember", "2023-12-06", DAY),
    ("im August", "2024-08", MONTH),
    ("Im Januar dieses Jahres", "2024-01", MONTH),
    ("im März letzten Jahres", "2023-03", MONTH),
    ("Anfang Dezember", "2024-12", MONTH),
    ("gestern", "2024-12-04", DAY),
    ("heute", "2024-12-05", DAY),
    ("vorgestern", "2024-12-03", DAY),
    ("vor drei Tagen", "2024-12-02", DAY),
    ("vor zwei Wochen", "2024-11-18", WEEK),
    ("vor 24 Jahren", "2000", YEAR),
    ("letzten Monat", "2024-11", MONTH),
    ("vergangenes Jahr", "2023", YEAR),
    ("diese Woche", "2024-12-02", WEEK),
    ("on Monday", "2024-12-02", DAY),
    ("last Thursday", "2024-11-28", DAY),
    ("last week", "2024-11-25", WEEK),
    ("in June", "2024-06", MONTH),
    ("June 19", "2024-06-19", DAY),
    ("yesterday", "2024-12-04", DAY),
    ("3 days ago", "2024-12-02", DAY),
    ("last month", "2024-11", MONTH),
    ("last year", "2023", YEAR),
]

ABSOLUTE = [
    ("in June 2024", "2024-06", MONTH),
    ("December 4, 2024", "2024-12-04", DAY),
    ("4 December 2024", "2024-12-04", DAY),
    ("on Monday, December 2, 2024", "2024-12-02", DAY),
    ("2024-12-04", "2024-12-04", DAY),
    ("mid-November 2024", "2024-11", MONTH),
    ("Ende 2024", "2024", YEAR),
    ("Im Herbst 2024", "2024", YEAR),
    ("seit dem Beginn der russischen Invasion in der Ukraine 2022", "2022", YEAR),
]


@pytest.mark.parametrize(("expression", "published", "iso", "precision", "basis"), SEED_EXPRESSIONS)
def test_seed_expressions(
    expression: str,
    published: dt.date | None,
    iso: str | None,
    precision: DatePrecision | None,
    basis: str | None,
) -> None:
    resolved = resolve_date(expression, published)
    assert (resolved.iso, resolved.precision, resolved.basis) == (iso, precision, basis)
    assert resolved.expression == expression


@pytest.mark.parametrize(("expression", "iso", "precision"), WITH_PUBLICATION)
def test_relative_expressions_resolve_against_publication(
    expression: str, iso: str, precision: DatePrecision
) -> None:
    resolved = resolve_date(expression, P004)
    assert (resolved.iso, resolved.precision, resolved.basis) == (
        iso,
        precision,
        "publication_date",
    )


@pytest.mark.parametrize(("expression", "iso", "precision"), ABSOLUTE)
@pytest.mark.parametrize("published", [None, P004])
def test_absolute_expressions_ignore_publication(
    expression: str, iso: str, precision: DatePrecision, published: dt.date | None
) -> None:
    resolved = resolve_date(expression, published)
    assert (resolved.iso, resolved.precision, resolved.basis) == (iso, precision, "absolute")


@pytest.mark.parametrize("expression", ["Im Herbst", "Am Tag zuvor", "seit Monaten", "Winter 2024"])
def test_vague_expressions_stay_unresolved(expression: str) -> None:
    resolved = resolve_date(expression, P004)
    assert not resolved.resolved
    assert resolved.precision is None and resolved.expression == expression


WEEKDAYS = {
    "Montag": 0,
    "Dienstag": 1,
    "Mittwoch": 2,
    "Donnerstag": 3,
    "Freitag": 4,
    "Samstag": 5,
    "Sonntag": 6,
    "Monday": 0,
    "Tuesday": 1,
    "Wednesday": 2,
    "Thursday": 3,
    "Friday": 4,
    "Saturday": 5,
    "Sunday": 6,
}
DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))


@given(st.sampled_from(sorted(WEEKDAYS)), st.sampled_from(["am {}", "on {}", "{}"]), DATES)
def test_weekday_is_on_or_before_publication(name: str, template: str, published: dt.date) -> None:
    resolved = resolve_date(template.format(name), published)
    assert resolved.iso is not None and resolved.precision is DatePrecision.DAY
    day = dt.date.fromisoformat(resolved.iso)
    assert day.weekday() == WEEKDAYS[name]
    assert 0 <= (published - day).days <= 6


@given(st.sampled_from(sorted(WEEKDAYS)), st.sampled_from(["vergangenen {}", "last {}"]), DATES)
def test_past_weekday_is_strictly_before_publication(
    name: str, template: str, published: dt.date
) -> None:
    resolved = resolve_date(template.format(name), published)
    assert resolved.iso is not None
    day = dt.date.fromisoformat(resolved.iso)
    assert day.weekday() == WEEKDAYS[name]
    assert 1 <= (published - day).days <= 7


RELATIVE = st.sampled_from(
    [
        *(f"am {name}" for name in WEEKDAYS),
        "vergangene Woche",
        "letzte Woche",
        "last week",
        "gestern",
        "heute",
        "im Juni",
        "Im November",
        "am 19. Juni",
        "am 6. November",
        "Im Januar dieses Jahres",
        "vor drei Tagen",
        "on Monday",
        "in June",
        "June 19",
        "yesterday",
        "last month",
        "letztes Jahr",
    ]
)


@given(RELATIVE)
def test_without_publication_date_nothing_relative_resolves(expression: str) -> None:
    resolved = resolve_date(expression, None)
    assert (resolved.iso, resolved.precision, resolved.basis) == (None, None, None)
    assert resolved.expression == expression


MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


@given(st.integers(1, 12), DATES)
def test_year_less_month_is_the_latest_not_after_publication(
    month: int, published: dt.date
) -> None:
    resolved = resolve_date(f"im {MONTHS[month - 1]}", published)
    assert resolved.iso is not None
    year, resolved_month = map(int, resolved.iso.split("-"))
    assert resolved_month == month
    assert dt.date(year, month, 1) <= published < dt.date(year + 1, month, 1)


@given(DATES, DATES)
def test_year_less_day_is_the_latest_not_after_publication(
    day: dt.date, published: dt.date
) -> None:
    resolved = resolve_date(f"am {day.day}. {MONTHS[day.month - 1]}", published)
    assert resolved.iso is not None
    found = dt.date.fromisoformat(resolved.iso)
    assert (found.month, found.day) == (day.month, day.day)
    assert found <= published
    assert (published - found).days < 366 * (4 if (day.month, day.day) == (2, 29) else 1) + 1


@given(DATES)
def test_last_week_is_the_monday_before_the_publication_week(published: dt.date) -> None:
    resolved = resolve_date("vergangene Woche", published)
    assert resolved.iso is not None and resolved.precision is DatePrecision.WEEK
    monday = dt.date.fromisoformat(resolved.iso)
    assert monday.weekday() == 0
    assert 7 <= (published - monday).days <= 13


@pytest.mark.parametrize(
    ("expression", "english"),
    [
        # the unresolved expressions of the seeds
        ("am Montag", "on Monday"),
        ("am 6. November", "on 6 November"),
        ("vor einigen Monaten", "a few months ago"),
        ("im August", "in August"),
        ("Am Tag zuvor", "the day before"),
        ("Im Januar dieses Jahres", "in January this year"),
        ("Im Oktober", "in October"),
        ("letzte Woche", "last week"),
        ("vergangene Woche", "last week"),
        ("Im Herbst", "autumn"),
        # and a few more of the same kinds
        ("Mitte November", "mid-November"),
        ("Anfang Juni", "early June"),
        ("Ende Oktober", "late October"),
        ("vergangenen Donnerstag", "last Thursday"),
        ("Im Juni letzten Jahres", "in June last year"),
        ("seit Monaten", "for months"),
        ("kurz darauf", None),
    ],
)
def test_unresolved_expressions_are_worded_in_english(expression: str, english: str | None) -> None:
    assert english_expression(expression) == english
