"""Figure series, contradictions and the timeline on synthetic extractions."""

from __future__ import annotations

import datetime as dt

from merge_factory import claim, day, event, extraction, figure, quantity

from summarizer.core.briefing import FigureSeries
from summarizer.core.dates import DatePrecision, ResolvedDate
from summarizer.core.items import ArticleExtraction, Certainty
from summarizer.stages.merge.flow import MergeResult, merge

OCT = dt.date(2024, 10, 24)
DEC = dt.date(2024, 12, 5)


def _series(*extractions: ArticleExtraction) -> tuple[list[FigureSeries], MergeResult]:
    result = merge(list(extractions))
    return [s for s in result.figure_series if len(s.entries) > 1], result


def test_values_at_different_dates_are_an_update_sorted_by_date() -> None:
    series, result = _series(
        extraction(
            "late",
            figure(
                "late", 1, "zwischen 10.000 und 12.000", quantity("range", low=10000, high=12000)
            ),
            published=DEC,
        ),
        extraction("early", figure("early", 1, "3.000", quantity("exact", 3000)), published=OCT),
        extraction("undated", figure("undated", 1, "11.000", quantity("exact", 11000))),
    )
    assert len(series) == 1
    entries = series[0].entries
    # An update lists the latest report first; undated values last.
    assert [e.amount for e in entries] == ["zwischen 10.000 und 12.000", "3.000", "11.000"]
    assert [e.date.iso if e.date else None for e in entries] == ["2024-12-05", "2024-10-24", None]
    assert series[0].classification == "update"
    assert "3,000" in series[0].explanation and "2024-12-05" in series[0].explanation
    finding_ids = {f.id for f in result.findings}
    assert all(e.finding_id in finding_ids for e in entries)


def test_series_reported_by_more_sources_come_first() -> None:
    amount = quantity("exact", 20000)
    containers = figure("a", 1, "20.000", amount, counted="containers delivered", unit="boxes")
    result = merge(
        [
            extraction("a", containers),
            extraction("b", figure("b", 1, "3.000", quantity("exact", 3000)), published=OCT),
            extraction("c", figure("c", 1, "11.000", quantity("exact", 11000)), published=DEC),
        ]
    )
    assert [s.counted for s in result.figure_series] == [
        "North Korean soldiers sent to Russia",
        "containers delivered",
    ]
    assert [s.id for s in result.figure_series] == ["S1", "S2"]


def test_overlapping_values_are_consistent() -> None:
    series, _ = _series(
        extraction("a", figure("a", 1, "mehr als 10.000", quantity("lower_bound", low=10000))),
        extraction("b", figure("b", 1, "11.000", quantity("exact", 11000))),
    )
    assert series[0].classification == "consistent"


def test_incompatible_values_on_the_same_day_conflict() -> None:
    series, _ = _series(
        extraction("a", figure("a", 1, "3.000", quantity("exact", 3000)), published=DEC),
        extraction("b", figure("b", 1, "11.000", quantity("exact", 11000)), published=DEC),
    )
    assert series[0].classification == "conflict"
    assert "same time" in series[0].explanation


def test_vague_amounts_join_but_never_decide() -> None:
    series, _ = _series(
        extraction("a", figure("a", 1, "Tausende", quantity("vague", low=2000, high=9999))),
        extraction("b", figure("b", 1, "11.000", quantity("exact", 11000))),
    )
    assert series[0].classification == "consistent"
    assert "Vague amounts, not compared: thousands" in series[0].explanation


def test_a_figure_alone_is_a_single_series() -> None:
    result = merge([extraction("a", figure("a", 1, "11.000", quantity("exact", 11000)))])
    assert [s.classification for s in result.figure_series] == ["single"]


def test_regional_figure_stays_apart_from_the_national_one() -> None:
    series, result = _series(
        extraction("a", figure("a", 1, "11.000", quantity("exact", 11000))),
        extraction(
            "b",
            figure(
                "b",
                1,
                "5.000",
                quantity("exact", 5000),
                scope="Kursk region",
                counted="North Korean soldiers stationed in the Kursk region",
            ),
        ),
    )
    assert series == []
    assert len(result.figure_series) == 2


def test_unresolved_as_of_expression_is_kept_instead_of_publication_day() -> None:
    autumn = ResolvedDate(expression="Im Herbst")
    result = merge(
        [
            extraction(
                "a",
                figure(
                    "a",
                    1,
                    "mehr als 10.000",
                    quantity("lower_bound", low=10000),
                    as_of="Im Herbst",
                    as_of_date=autumn,
                ),
                published=DEC,
            )
        ]
    )
    assert result.figure_series[0].entries[0].date == autumn


def test_silence_versus_confirmation_is_a_contradiction() -> None:
    result = merge(
        [
            extraction(
                "a",
                claim(
                    "a",
                    1,
                    "Moscow and Pyongyang have so far not commented "
                    "directly on the presence of North Korean soldiers in Russia.",
                    quote="haben sich bisher nicht geäußert",
                ),
            ),
            extraction(
                "b",
                claim(
                    "b",
                    1,
                    "The Kremlin officially confirmed for the first time "
                    "the presence of North Korean soldiers in its army.",
                    quote="bestätigte erstmals offiziell",
                ),
            ),
            extraction("c", claim("c", 1, "Putin called the agreement revolutionary.")),
        ]
    )
    assert len(result.contradictions) == 1
    contradiction = result.contradictions[0]
    assert contradiction.id == "X1"
    ids = {f.id: f.citations[0].source for f in result.findings}
    assert {ids[i] for i in contradiction.finding_ids} == {"a", "b"}
    assert "undated" in contradiction.explanation and "so far" in contradiction.explanation
    assert "reports silence" in contradiction.explanation  # not "a denial" or "says no"


def test_a_denied_accusation_is_a_dispute_naming_both_sides() -> None:
    result = merge(
        [
            extraction(
                "a",
                claim(
                    "a",
                    1,
                    "The United States accused North Korea of supplying Russia with weapons.",
                    certainty=Certainty.ALLEGED,
                    speaker="United States",
                ),
            ),
            extraction(
                "b",
                claim(
                    "b",
                    1,
                    "Russia and North Korea rejected the accusations that North Korea "
                    "supplies Russia with weapons.",
                    quote="Russland und Nordkorea wiesen diese Anschuldigungen zurück.",
                    certainty=Certainty.DENIED,
                    speaker="Russia and North Korea",
                ),
            ),
        ]
    )
    (dispute,) = result.contradictions
    ids = {f.id: f.citations[0].source for f in result.findings}
    assert dispute.kind == "dispute"
    assert [ids[i] for i in dispute.finding_ids] == ["b", "a"]  # the denial first
    assert dispute.explanation == (
        "Disputed: alleged by United States (undated) — denied by Russia and North Korea (undated)"
    )


def test_a_denial_of_something_else_does_not_dispute_an_allegation() -> None:
    result = merge(
        [
            extraction(
                "a",
                claim(
                    "a",
                    1,
                    "The United States accused Pyongyang of supplying Russia with weapons "
                    "for use in the war.",
                    certainty=Certainty.ALLEGED,
                ),
            ),
            extraction(
                "b",
                claim(
                    "b",
                    1,
                    "Pyongyang had previously denied that its soldiers take part in the war.",
                    quote="Pjöngjang hatte zuvor bestritten, dass Soldaten am Krieg teilnehmen.",
                    certainty=Certainty.DENIED,
                ),
            ),
        ]
    )
    assert result.contradictions == []


def test_negation_on_another_topic_is_not_a_contradiction() -> None:
    result = merge(
        [
            extraction(
                "a",
                claim(
                    "a",
                    1,
                    "Russia stresses the partnership is not directed against external actors.",
                ),
            ),
            extraction(
                "b",
                claim(
                    "b",
                    1,
                    "The Russian Foreign Ministry confirmed the exchange "
                    "of the instruments of ratification.",
                ),
            ),
        ]
    )
    assert result.contradictions == []


def test_timeline_merges_events_sorts_by_date_and_keeps_unresolved_apart() -> None:
    month = ResolvedDate(expression="im Juni", iso="2024-06", precision=DatePrecision.MONTH)
    result = merge(
        [
            extraction(
                "a",
                event("a", 1, "The treaty entered into force.", day("2024-12-04")),
                event("a", 2, "Putin and Kim signed the treaty in Pyongyang.", month),
            ),
            extraction(
                "b",
                event("b", 1, "Putin and Kim signed the treaty in Pyongyang.", day("2024-06-19")),
                event(
                    "b",
                    2,
                    "Kim signed the ratification decree on Monday.",
                    ResolvedDate(expression="am Montag"),
                ),
            ),
        ]
    )
    assert [t.date.iso for t in result.timeline] == ["2024-06-19", "2024-12-04"]
    signing = next(f for f in result.findings if f.id == result.timeline[0].finding_id)
    assert {c.source for c in signing.citations} == {"a", "b"}
    assert {c.source for c in result.timeline[0].citations} == {"b"}  # b gives the day
    assert [t.date.expression for t in result.undated] == ["am Montag"]
    assert all(t.citations for t in result.timeline + result.undated)


def test_denied_certainty_counts_as_negation() -> None:
    result = merge(
        [
            extraction(
                "a",
                claim(
                    "a",
                    1,
                    "Pyongyang called reports of its soldiers fighting for Russia rumours.",
                    certainty=Certainty.DENIED,
                ),
            ),
            extraction(
                "b",
                claim(
                    "b",
                    1,
                    "North Korea confirmed its soldiers are fighting for Russia.",
                    quote="bestätigt",
                ),
            ),
        ]
    )
    assert len(result.contradictions) == 1
