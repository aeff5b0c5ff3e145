"""Amounts, dates and certainty in ten languages, over tables written from the languages.

tests/data/{amounts,dates,certainty}.tsv were written by a colleague from real news pages
(see tests/data/README.md), not from this code: every row must pass. Beside the tables:
round-trips of each locale's number formats and ranges, and the rule that a bound word
never yields an exact value, whether code or the model reads the amount.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from summarizer.core.articles import Article, content_id
from summarizer.core.items import AmountReading, Certainty, ExtractionDraft, FigureDraft
from summarizer.core.lexicon import LANGUAGES, LOWER_BOUND, OR_MORE, UPPER_BOUND
from summarizer.stages.verify.flow import (
    check_certainty,
    parse_quantity,
    reading_problem,
    resolve_date,
    verify,
)
from summarizer.stages.verify.readings import model_quantity

DATA = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as table:
        return list(csv.DictReader(table, delimiter="\t", quoting=csv.QUOTE_NONE))


def _id(row: dict[str, str], column: str) -> str:
    return f"{row['lang']}:{row[column][:40]}"


def _number(text: str) -> float | None:
    return float(text) if text else None


def _same(got: float | None, expected: float | None) -> bool:
    if got is None or expected is None:
        return got is expected
    return math.isclose(got, expected, rel_tol=1e-9)


AMOUNTS = _rows("amounts.tsv")
DATES = _rows("dates.tsv")
CERTAINTY = _rows("certainty.tsv")


def test_tables_cover_ten_languages() -> None:
    assert (len(AMOUNTS), len(DATES), len(CERTAINTY)) == (313, 115, 67)
    for rows in (AMOUNTS, DATES, CERTAINTY):
        assert {row["lang"] for row in rows} == set(LANGUAGES)


@pytest.mark.parametrize("row", AMOUNTS, ids=[_id(r, "expression") for r in AMOUNTS])
def test_amounts_table(row: dict[str, str]) -> None:
    quantity = parse_quantity(row["expression"], row["lang"])
    assert quantity is not None, row["source"]
    kind = row["kind"]
    assert quantity.kind == kind
    if kind in ("exact", "approximate"):
        assert _same(quantity.value, _number(row["value"]))
    if kind in ("range", "lower_bound", "vague"):
        assert _same(quantity.low, _number(row["low"]))
    if kind in ("range", "upper_bound", "vague"):
        assert _same(quantity.high, _number(row["high"]))
    assert quantity.read_by == "code"


@pytest.mark.parametrize("row", DATES, ids=[_id(r, "expression") for r in DATES])
def test_dates_table(row: dict[str, str]) -> None:
    published = dt.date.fromisoformat(row["published"]) if row["published"] else None
    resolved = resolve_date(row["expression"], published, row["lang"])
    precision = resolved.precision.value if resolved.precision else ""
    assert (resolved.iso or "", precision) == (row["iso"], row["precision"])
    assert resolved.expression == row["expression"]
    if resolved.basis == "publication_date":
        assert published is not None  # never resolved against an invented date


@pytest.mark.parametrize("row", CERTAINTY, ids=[_id(r, "sentence") for r in CERTAINTY])
def test_certainty_table(row: dict[str, str]) -> None:
    checked = check_certainty(row["sentence"], Certainty.CONFIRMED, language=row["lang"])
    assert checked.value == row["certainty"]
    assert row["cue"] in row["sentence"]


GOLD = json.loads((DATA.parent.parent / "corpus" / "gold.json").read_text(encoding="utf-8"))
MOVING = [value for figure in GOLD["moving_figures"] for value in figure["values"]]


@pytest.mark.parametrize("value", MOVING, ids=[v["amount"][:30] for v in MOVING])
def test_corpus_gold_amounts(value: dict[str, Any]) -> None:
    """The amounts of corpus/gold.json's moving figures, in their articles' languages."""
    language = value["article"].split("_")[1]
    quantity = parse_quantity(value["amount"], language)
    assert quantity is not None and quantity.kind == value["kind"]
    assert quantity.value == value["value"]


# --------------------------------------------------------------------------- properties

NUMBERS = st.integers(min_value=0, max_value=10**12)


@given(number=NUMBERS, language=st.sampled_from(LANGUAGES))
def test_locale_thousands_round_trip(number: int, language: str) -> None:
    """Babel's own format of each locale ("1.234.567", "1 234 567", "1,234,567") reads back."""
    text = format_decimal(number, locale=language)
    quantity = parse_quantity(text, language)
    assert quantity is not None and (quantity.kind, quantity.value) == ("exact", number)


@given(
    whole=st.integers(min_value=0, max_value=10**7),
    hundredths=st.integers(min_value=1, max_value=99),
    language=st.sampled_from(LANGUAGES),
)
def test_locale_decimals_round_trip(whole: int, hundredths: int, language: str) -> None:
    value = whole + hundredths / 100
    text = format_decimal(value, format="#,##0.00", locale=language)
    quantity = parse_quantity(text, language)
    assert quantity is not None and quantity.value == pytest.approx(value)


RANGES = {
    "de": ("zwischen {} und {}", "{} bis {}"),
    "en": ("between {} and {}", "{} to {}"),
    "fr": ("entre {} et {}", "de {} à {}"),
    "es": ("entre {} y {}", "de {} a {}"),
    "it": ("tra {} e {}", "da {} a {}"),
    "pt": ("entre {} e {}", "de {} a {}"),
    "nl": ("tussen {} en {}", "van {} tot {}"),
    "pl": ("między {} a {}", "od {} do {}"),
    "ru": ("между {} и {}", "от {} до {}"),
    "uk": ("між {} і {}", "від {} до {}"),
}


@given(
    first=NUMBERS,
    second=NUMBERS,
    language=st.sampled_from(LANGUAGES),
    which=st.integers(min_value=0, max_value=1),
)
def test_locale_ranges_round_trip(first: int, second: int, language: str, which: int) -> None:
    template = RANGES[language][which]
    text = template.format(
        format_decimal(first, locale=language), format_decimal(second, locale=language)
    )
    quantity = parse_quantity(text, language)
    assert quantity is not None and quantity.kind == "range"
    assert (quantity.low, quantity.high) == (min(first, second), max(first, second))


def _plain(table: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """(language, phrase) for every fragment that is a literal phrase, not a pattern."""
    return [
        (language, phrase)
        for language, phrases in table.items()
        for phrase in phrases
        if re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", phrase)
    ]


BOUND_BEFORE = _plain(dict(LOWER_BOUND)) + _plain(dict(UPPER_BOUND))
BOUND_AFTER = _plain(dict(OR_MORE))


@given(bound=st.sampled_from(BOUND_BEFORE), number=st.integers(min_value=1, max_value=10**6))
def test_no_bound_word_before_a_number_is_read_as_exact(
    bound: tuple[str, str], number: int
) -> None:
    language, phrase = bound
    quantity = parse_quantity(f"{phrase} {number}", language)
    assert quantity is not None and quantity.kind in ("lower_bound", "upper_bound")
    assert number in quantity.bounds()


@given(bound=st.sampled_from(BOUND_AFTER), number=st.integers(min_value=1, max_value=10**6))
def test_or_more_after_a_number_is_a_lower_bound(bound: tuple[str, str], number: int) -> None:
    language, phrase = bound
    quantity = parse_quantity(f"{number} {phrase}", language)
    assert quantity is not None and quantity.bounds() == (number, None)


@given(
    bound=st.sampled_from(BOUND_BEFORE + BOUND_AFTER),
    kind=st.sampled_from(["exact", "approximate"]),
    number=st.integers(min_value=1, max_value=10**6),
)
def test_a_model_never_reads_a_bound_word_as_exact(
    bound: tuple[str, str], kind: str, number: int
) -> None:
    language, phrase = bound
    reading = AmountReading.model_validate({"kind": kind, "value": number})
    quantity, problem = model_quantity(f"{phrase} {number} / {number + 1}", reading, language)
    assert quantity is None and problem is not None and phrase in problem.lower()


# --------------------------------------------------------------------------- the model's reading

TEXT = (
    "El sismo dejó más de 100 muertos, según la agencia. "
    "Murieron 12 de 15 rehenes, dijo el ministro. "
    "Hubo 3 heridos en 2 pueblos."
)


def _article(language: str = "es") -> Article:
    return Article(
        id=content_id(TEXT),
        title="t",
        published=None,
        language=language,
        text=TEXT,
        clean_text=TEXT,
    )


def _figure(quote: str, amount: str, reading: dict[str, object] | None) -> dict[str, object]:
    return {
        "statement": "A statement.",
        "quote": quote,
        "certainty": "confirmed",
        "amount": amount,
        "reading": reading,
        "counted": "people",
    }


def _validate(figure: dict[str, object]) -> FigureDraft:
    context = {"check_reading": partial(reading_problem, language="es")}
    return FigureDraft.model_validate(figure, context=context)


def test_a_reading_code_disagrees_with_is_not_re_asked_where_code_reads_the_amount() -> None:
    """Code's reading of "más de 100" stands whatever the model says, so asking again
    would only cost a call; verify sets the model's reading aside with a warning."""
    quote = "El sismo dejó más de 100 muertos"
    assert _validate(_figure(quote, "más de 100", {"kind": "exact", "value": 100}))
    assert _validate(_figure(quote, "más de 100", {"kind": "lower_bound", "low": 100}))
    assert _validate(_figure(quote, "más de 100", None))


def test_a_reading_with_other_digits_is_re_asked_where_code_cannot_read() -> None:
    quote = "Murieron 12 de 15 rehenes"
    with pytest.raises(ValidationError, match="digits"):
        _validate(_figure(quote, "12 de 15", {"kind": "exact", "value": 13}))
    assert _validate(_figure(quote, "12 de 15", {"kind": "exact", "value": 12}))


def test_verify_marks_model_read_amounts_and_keeps_code_over_the_model() -> None:
    draft = ExtractionDraft(
        figures=[
            FigureDraft.model_validate(f)
            for f in (
                _figure(
                    "El sismo dejó más de 100 muertos",
                    "más de 100",
                    {"kind": "exact", "value": 100},
                ),
                _figure("Murieron 12 de 15 rehenes", "12 de 15", {"kind": "exact", "value": 12}),
                _figure(
                    "Hubo 3 heridos en 2 pueblos", "3 heridos en 2", {"kind": "exact", "value": 4}
                ),
            )
        ]
    )
    bound, model_read, unread = (f.quantity for f in verify(_article(), draft).figures)
    assert bound is not None and (bound.kind, bound.low, bound.read_by) == (
        "lower_bound",
        100,
        "code",
    )
    assert model_read is not None and (model_read.kind, model_read.value) == ("exact", 12)
    assert model_read.read_by == "model"
    assert unread is None


def test_dates_without_publication_are_never_given_a_year() -> None:
    for expression, language in [("le 4 décembre", "fr"), ("June 19", "en"), ("el martes", "es")]:
        resolved = resolve_date(expression, None, language)
        assert (resolved.iso, resolved.precision) == (None, None)
    resolved = resolve_date("le 4 décembre", dt.date(2024, 11, 2), "fr")
    assert (resolved.iso, resolved.basis) == ("2023-12-04", "publication_date")
