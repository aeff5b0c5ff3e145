"""Figure series, contradictions and the timeline on synthetic extractions."""

from __future__ import annotations

import datetime as dt

from merge_factory import claim, day, event, extraction, figure, quantity

from summarizer.core.briefing import FigureSeries
from summarizer.core.dates import DatePrecision, ResolvedDate
from summarizer.core.items import ArticleExtraction, Certainty, Figure
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


def test_a_rounded_toll_does_not_pass_for_a_higher_later_one() -> None:
    """'close to 600' on the day another report gives 589 is that count, rounded: the
    precise value is the latest state, and the rounding is listed just after it."""
    quake = ("China", "Yunnan")

    def deaths(source: str, amount: str, q: object, published: dt.date) -> ArticleExtraction:
        toll = figure(
            source, 1, amount, q, counted=f"deaths ({source})", unit="people",
            measure="deaths", entities=quake,
        )  # fmt: skip
        return extraction(source, toll, published=published)

    series, _ = _series(
        deaths("early", "at least 398", quantity("lower_bound", 398), dt.date(2014, 8, 4)),
        deaths("round", "close to 600", quantity("approximate", 600), dt.date(2014, 8, 6)),
        deaths("exact", "589", quantity("exact", 589), dt.date(2014, 8, 6)),
    )
    assert len(series) == 1
    assert series[0].classification == "update"
    assert [e.amount for e in series[0].entries] == ["589", "close to 600", "at least 398"]
    assert "latest: 589" in series[0].explanation


def test_a_rounded_toll_reported_later_than_the_precise_one_still_ranks_by_value() -> None:
    """A rounding only yields to a precise value of the same day; 'about 700' a week
    later is a higher toll."""
    quake = ("China", "Yunnan")
    early = figure(
        "exact", 1, "589", quantity("exact", 589), counted="dead", unit="people",
        measure="deaths", entities=quake,
    )  # fmt: skip
    later = figure(
        "later", 1, "about 600", quantity("approximate", 600), counted="people killed",
        unit="people", measure="deaths", entities=quake,
    )  # fmt: skip
    series, _ = _series(
        extraction("exact", early, published=dt.date(2014, 8, 6)),
        extraction("later", later, published=dt.date(2014, 8, 13)),
    )
    assert [e.amount for e in series[0].entries] == ["about 600", "589"]


def test_one_speaker_giving_two_values_of_a_measure_in_one_article_counts_two_things() -> None:
    """Two 'homes destroyed' figures of 12,000 and 30,000 in one sentence are two counts
    (destroyed, damaged); two agencies' magnitudes in one article are one quantity."""

    def homes(n: int, amount: str, value: float, speaker: str | None) -> Figure:
        return figure(
            "a", n, amount, quantity("exact", value), counted="homes destroyed by the earthquake",
            unit="homes", measure="buildings", entities=("China", "Yunnan"), speaker=speaker,
        )  # fmt: skip

    apart = merge(
        [extraction("a", homes(1, "12.000", 12000, None), homes(2, "30.000", 30000, None))]
    )
    assert len(apart.figure_series) == 2
    agencies = merge(
        [
            extraction(
                "a", homes(1, "6,5", 6.5, "China's agency"), homes(2, "6,1", 6.1, "USGS"),
                published=OCT,
            )
        ]
    )  # fmt: skip
    (series,) = agencies.figure_series
    assert series.classification == "conflict"


def test_two_agencies_depths_on_different_days_disagree_rather_than_change() -> None:
    def depth(
        source: str, amount: str, value: float, speaker: str, day: dt.date
    ) -> ArticleExtraction:
        item = figure(
            source, 1, amount, quantity("exact", value), counted="depth of the earthquake",
            unit="km", measure="other", entities=("China", "Yunnan"), speaker=speaker,
        )  # fmt: skip
        return extraction(source, item, published=day)

    series, _ = _series(
        depth("a", "10", 10, "USGS", dt.date(2014, 8, 3)),
        depth("b", "12", 12, "China Earthquake Networks Center", dt.date(2014, 8, 4)),
    )
    assert series[0].classification == "conflict"
    assert series[0].explanation.startswith("Named sources disagree")


def test_agreeing_values_stay_consistent_whatever_the_wording_says() -> None:
    def magnitude(source: str, quote: str) -> ArticleExtraction:
        item = figure(
            source, 1, "7.8", quantity("exact", 7.8), counted="magnitude of the earthquake",
            unit="magnitude", measure="other", entities=("Ecuador",), quote=quote,
        )  # fmt: skip
        return extraction(source, item, published=dt.date(2016, 4, 17))

    series, _ = _series(
        magnitude("a", "The magnitude 7.8 quake has risen to the deadliest in decades."),
        magnitude("b", "A 7.8 quake struck."),
    )
    assert series[0].classification == "consistent"


def test_a_narrower_toll_is_part_of_the_most_reported_story_wide_toll() -> None:
    quake = ("Morocco",)

    def dead(
        source: str, n: int, amount: str, value: float, counted: str, scope: str | None = None
    ) -> Figure:
        return figure(
            source, n, amount, quantity("exact", value), counted=counted, unit="people",
            measure="deaths", entities=quake, scope=scope,
        )  # fmt: skip

    result = merge(
        [
            extraction(
                "a",
                dead("a", 1, "2.012", 2012, "people killed"),
                dead("a", 2, "1.293", 1293, "people killed", "Al Haouz province"),
            ),
            extraction("b", dead("b", 1, "2.122", 2122, "people killed")),
            extraction("c", dead("c", 1, "12.000", 12000, "people killed in the 1960 earthquake")),
        ]
    )
    toll = next(s for s in result.figure_series if s.scope is None and len(s.entries) == 2)
    (province,) = [s for s in result.figure_series if s.scope]
    assert province.part_of == toll.id


def test_a_negation_that_governs_something_else_is_no_contradiction() -> None:
    """'the first soldiers were killed, though he did not give a number' shares its topic
    with 'confirmed for the first time that it sent soldiers', but negates only the
    number; 'had previously denied that soldiers were taking part' is a contradiction."""

    def pair(negating: str) -> MergeResult:
        return merge(
            [
                extraction("a", claim("a", 1, negating)),
                extraction(
                    "b",
                    claim(
                        "b", 1, "North Korea confirmed that North Korean soldiers fight in the war."
                    ),
                ),
            ]
        )

    killed = "North Korean soldiers have been killed in the war, though he did not give a number."
    assert pair(killed).contradictions == []
    denied = "Pyongyang had previously denied that North Korean soldiers fight in the war."
    assert len(pair(denied).contradictions) == 1


def test_a_count_since_a_day_is_dated_by_its_report_not_by_that_day() -> None:
    since = figure(
        "a", 1, "3,200", quantity("exact", 3200), counted="people arrested since last Tuesday",
        unit="people", measure="arrests", entities=("France",), as_of="last Tuesday",
        as_of_date=day("2023-06-27", "last Tuesday"),
    )  # fmt: skip
    night = figure(
        "b", 1, "719", quantity("exact", 719), counted="people arrested", unit="people",
        measure="arrests", entities=("France",),
    )  # fmt: skip
    series, _ = _series(
        extraction("a", since, published=dt.date(2023, 7, 3)),
        extraction("b", night, published=dt.date(2023, 7, 1)),
    )
    dates = {e.amount: e.date.iso if e.date else None for s in series for e in s.entries}
    assert dates["3,200"] == "2023-07-03"
