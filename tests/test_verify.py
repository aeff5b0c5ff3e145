"""The verify stage end to end on real seed text, with hand-written drafts."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from summarizer.core.articles import Article, content_id
from summarizer.core.dates import DatePrecision
from summarizer.core.items import (
    AlignmentStatus,
    Certainty,
    ClaimDraft,
    DateDraft,
    ExtractionDraft,
    FigureDraft,
)
from summarizer.stages.extract import grounding_context
from summarizer.stages.verify.flow import verify

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _article(stem: str, published: dt.date | None) -> Article:
    text = next(SEEDS.glob(f"{stem}_*.txt")).read_text(encoding="utf-8")
    return Article(
        id=content_id(text),
        title=text.splitlines()[0],
        published=published,
        language="de",
        text=text,
        clean_text=text,
    )


def _evidence(quote: str, certainty: Certainty = Certainty.CONFIRMED) -> dict[str, Any]:
    return {"statement": "An English statement.", "quote": quote, "certainty": certainty}


@pytest.fixture
def article_004() -> Article:
    return _article("004", dt.date(2024, 12, 5))


@pytest.fixture
def draft_004() -> ExtractionDraft:
    return ExtractionDraft(
        claims=[
            ClaimDraft(
                **_evidence(
                    "Nordkoreanische Soldaten werden auf Beobachtungsposten und Kontrollpunkten im "
                    'russischen Gebiet Kursk als "zweite Staffel" stationiert'
                )
            ),
            ClaimDraft(**_evidence("Nordkorea liefert Panzer an Weißrussland und China.")),
            ClaimDraft(
                **_evidence(
                    "Über zehntausend nordkoreanische Soldaten sollen nahe der ukrainischen Grenze "
                    "bereitstehen"
                )
            ),
        ],
        figures=[
            FigureDraft(
                **_evidence(
                    "Pjöngjang habe zwischen 10.000 und 12.000 Soldaten in das umkämpfte Gebiet "
                    "Kursk entsandt",
                    Certainty.REPORTED,
                ),
                amount="zwischen 10.000 und 12.000",
                unit="Soldaten",
                counted="North Korean soldiers sent to Kursk",
                as_of="am Mittwoch",
            ),
            FigureDraft(
                **_evidence("entsandte Nordkorea zudem mehr als 10.000 Soldaten nach Russland"),
                amount="11.000",
                unit="soldiers",
                counted="North Korean soldiers in Russia",
            ),
        ],
        dates=[
            DateDraft(
                **_evidence("berichtete die nordkoreanische Nachrichtenagentur KCNA am Mittwoch"),
                expression="am Mittwoch",
                event="KCNA reported the exchange",
            ),
            DateDraft(
                **_evidence(
                    "Der Vertrag sei „ab dem 4. Dezember 2024, dem Tag des Austauschs der "
                    "Ratifizierungsschreiben, in Kraft“"
                ),
                expression="ab dem 4. Dezember 2024",
                event="The treaty entered into force",
            ),
        ],
    )


def test_ids_grounding_and_dropped_items(
    article_004: Article, draft_004: ExtractionDraft, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="summarizer.stages.verify.flow"):
        result = verify(article_004, draft_004)
    prefix = article_004.id
    assert [claim.id for claim in result.claims] == [f"{prefix}:c1", f"{prefix}:c3"]
    assert [figure.id for figure in result.figures] == [f"{prefix}:f1"]
    assert [event.id for event in result.dates] == [f"{prefix}:d1", f"{prefix}:d2"]
    assert {item.source_id for item in result.items()} == {prefix}
    for item in result.items():
        grounding = item.grounding
        assert grounding.status is AlignmentStatus.EXACT
        assert grounding.start is not None and grounding.end is not None
        assert article_004.text[grounding.start : grounding.end] == grounding.matched
    assert [(item.kind, item.quote) for item in result.dropped] == [
        ("claim", "Nordkorea liefert Panzer an Weißrussland und China."),
        ("figure", "entsandte Nordkorea zudem mehr als 10.000 Soldaten nach Russland"),
    ]
    assert "not found" in result.dropped[0].reason
    assert "'11.000' does not occur in its quote" in result.dropped[1].reason
    assert any(prefix in message and "dropped claim" in message for message in caplog.messages)
    assert result.grounding_rate == pytest.approx(5 / 7)
    assert result.source.id == prefix and result.source.published == dt.date(2024, 12, 5)


def test_figures_are_parsed_and_checked_against_their_quote(
    article_004: Article, draft_004: ExtractionDraft, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="summarizer.stages.verify.flow"):
        result = verify(article_004, draft_004)
    (in_range,) = result.figures
    assert in_range.quantity is not None
    assert (in_range.quantity.kind, in_range.quantity.low, in_range.quantity.high) == (
        "range",
        10_000,
        12_000,
    )
    assert in_range.unit_normalized == "soldiers"
    assert in_range.as_of_date is not None and in_range.as_of_date.iso == "2024-12-04"
    # a figure whose amount is not in its quote is dropped, never shown
    assert any("'11.000' does not occur in its quote" in message for message in caplog.messages)


def test_dates_resolve_against_the_publication_date(
    article_004: Article, draft_004: ExtractionDraft
) -> None:
    weekday, absolute = (event.date for event in verify(article_004, draft_004).dates)
    assert (weekday.iso, weekday.precision, weekday.basis) == (
        "2024-12-04",
        DatePrecision.DAY,
        "publication_date",
    )
    assert (absolute.iso, absolute.precision, absolute.basis) == (
        "2024-12-04",
        DatePrecision.DAY,
        "absolute",
    )


def test_certainty_is_checked(article_004: Article, draft_004: ExtractionDraft) -> None:
    result = verify(article_004, draft_004)
    assert [claim.certainty for claim in result.claims] == [
        Certainty.CONFIRMED,
        Certainty.ALLEGED,
    ]
    assert result.figures[0].certainty is Certainty.REPORTED
    assert [event.certainty for event in result.dates] == [Certainty.REPORTED] * 2


def test_seed_003_money_figures() -> None:
    article = _article("003", None)
    quote = (
        "Schätzungen zufolge hat Nordkorea bis zu 5,2 Milliarden Euro mit Waffenverkäufen "
        "sowie 544 Millionen Euro durch militärische Unterstützung verdient."
    )
    figures = [
        FigureDraft(**_evidence(quote), amount=amount, counted="North Korean earnings")
        for amount in ("5,2 Milliarden Euro", "544 Millionen Euro")
    ]
    upper, exact = verify(article, ExtractionDraft(figures=figures)).figures
    assert upper.quantity is not None and exact.quantity is not None
    assert (upper.quantity.kind, upper.quantity.high) == ("upper_bound", 5.2e9)
    assert upper.quantity.text == "bis zu 5,2 Milliarden Euro"
    assert (exact.quantity.kind, exact.quantity.value) == ("exact", 5.44e8)
    assert upper.unit_normalized == exact.unit_normalized == "EUR"
    assert upper.certainty is Certainty.REPORTED


def test_no_day_from_a_weekday_without_publication_date() -> None:
    article = _article("000", None)
    draft = ExtractionDraft(
        dates=[
            DateDraft(
                **_evidence(
                    "Wolodymyr Selenskyj erklärte am Montag, Moskau habe in Kursk eine Streitmacht "
                    "von 50.000 Soldaten zusammengezogen"
                ),
                expression="am Montag",
                event="Zelensky's statement",
            )
        ]
    )
    (event,) = verify(article, draft).dates
    assert event.date.iso is None and event.date.precision is None
    assert event.date.expression == "am Montag"


def test_models_quote_validator_uses_the_same_matcher(article_004: Article) -> None:
    context = grounding_context(article_004)
    fuzzy = _evidence(
        "Pjöngjang hat zwischen 10.000 und 12.000 Soldaten in das umkämpfte Gebiet Kursk entsandt"
    )
    assert ClaimDraft.model_validate(fuzzy, context=context).quote == fuzzy["quote"]
    with pytest.raises(ValidationError, match="does not occur in the article"):
        ClaimDraft.model_validate(_evidence("Nordkorea liefert Panzer an China."), context=context)


def test_importing_verify_defers_dateparser() -> None:
    code = "import sys, summarizer.stages.verify.flow; print('dateparser' in sys.modules)"
    output = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    ).stdout
    assert output.strip() == "False"


@pytest.mark.parametrize(
    ("amount", "kind", "bounds"),
    [
        ("10.000 und 12.000", "range", (10_000, 12_000)),
        ("12.000", "exact", (12_000, 12_000)),
        ("zwischen 10.000 und 12.000", "range", (10_000, 12_000)),
    ],
)
def test_qualifier_left_out_of_the_amount_is_read_from_the_quote(
    article_004: Article, amount: str, kind: str, bounds: tuple[float, float]
) -> None:
    quote = (
        "Pjöngjang habe zwischen 10.000 und 12.000 Soldaten in das umkämpfte Gebiet Kursk entsandt"
    )
    figure = FigureDraft(**_evidence(quote), amount=amount, counted="soldiers")
    (verified,) = verify(article_004, ExtractionDraft(figures=[figure])).figures
    assert verified.quantity is not None
    assert (verified.quantity.kind, verified.quantity.bounds()) == (kind, bounds)
