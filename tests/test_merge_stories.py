"""Stories, tolls as one series whatever their wording, updates, sub-counts and copies,
on items built here (no recorded answer involved)."""

from __future__ import annotations

import datetime as dt

from merge_factory import claim, extraction, figure, quantity

from summarizer.core.items import ArticleExtraction
from summarizer.stages.merge.flow import merge

QUAKE = ("Morocco", "Marrakech", "Al Haouz")
RIOTS = ("France", "Nanterre", "Emmanuel Macron")


def _quake(source: str, *items: object, **kwargs: object) -> ArticleExtraction:
    base = [claim(source, 9, f"An earthquake struck Morocco ({source}).", entities=QUAKE)]
    return extraction(source, *base, *items, **kwargs)  # type: ignore[arg-type]


def _deaths(source: str, n: int, amount: str, q: object, counted: str, **kw: object) -> object:
    return figure(
        source, n, amount, q, counted=counted, unit="people", measure="deaths", entities=QUAKE, **kw
    )  # type: ignore[arg-type]


def test_unrelated_stories_are_apart_and_one_shared_name_does_not_chain_them() -> None:
    quake = [
        _quake(s, claim(s, 1, "France offered help to Morocco.", entities=(*QUAKE, "France")))
        for s in ("q1", "q2", "q3")
    ]
    riots = [
        extraction(s, claim(s, 1, "Riots spread in France.", entities=RIOTS)) for s in ("r1", "r2")
    ]
    result = merge([quake[0], riots[0], quake[1], riots[1], quake[2]])
    groups = sorted(sorted(story.source_ids) for story in result.stories)
    assert groups == [["q1", "q2", "q3"], ["r1", "r2"]]
    assert result.stories[0].source_ids == ["q1", "q2", "q3"]  # more sources first
    assert all(
        len(f.citations) and len({c.source[0] for c in f.citations}) == 1 for f in result.findings
    )


def test_a_toll_worded_differently_is_one_series_and_an_injury_count_is_not() -> None:
    result = merge(
        [
            _quake(
                "a",
                _deaths("a", 1, "632", quantity("exact", 632), "people killed"),
                published=dt.date(2023, 9, 9),
            ),
            _quake(
                "b",
                _deaths(
                    "b",
                    1,
                    "au moins 2 012",
                    quantity("lower_bound", low=2012),
                    "confirmed fatalities in the disaster",
                ),
                published=dt.date(2023, 9, 10),
            ),
            _quake(
                "c", _deaths("c", 1, "2.122", quantity("exact", 2122), "provisional death toll")
            ),
            _quake(
                "d",
                figure(
                    "d",
                    1,
                    "2.059",
                    quantity("exact", 2059),
                    counted="people killed",
                    unit="people",
                    measure="injured",
                    entities=QUAKE,
                ),
            ),
        ]
    )
    deaths = [s for s in result.figure_series if s.measure == "deaths"]
    assert len(deaths) == 1
    assert {e.citation.source for e in deaths[0].entries} == {"a", "b", "c"}
    assert deaths[0].classification == "update"
    assert deaths[0].entries[0].amount == "2.122"  # the highest (latest) state first
    assert "latest: 2,122" in deaths[0].explanation


def test_a_town_within_the_toll_is_related_never_compared() -> None:
    result = merge(
        [
            _quake(
                "a",
                _deaths("a", 1, "2.012", quantity("exact", 2012), "people killed"),
                _deaths(
                    "a",
                    2,
                    "1.293",
                    quantity("exact", 1293),
                    "people killed",
                    scope="Al Haouz province",
                ),
            ),
            _quake("b", _deaths("b", 1, "2.122", quantity("exact", 2122), "deaths")),
        ]
    )
    wide = next(s for s in result.figure_series if s.scope is None)
    part = next(s for s in result.figure_series if s.scope is not None)
    assert "1.293" not in {e.amount for e in wide.entries}
    assert part.part_of == wide.id


def test_differing_undated_values_of_a_non_cumulative_count_are_undated_not_a_conflict() -> None:
    def missing(source: str, amount: str, value: float) -> object:
        return figure(
            source,
            1,
            amount,
            quantity("exact", value),
            counted="people missing",
            unit="people",
            measure="missing",
            entities=QUAKE,
        )

    result = merge([_quake("a", missing("a", "300", 300)), _quake("b", missing("b", "120", 120))])
    (series,) = result.figure_series
    assert series.classification == "undated"
    assert "conflict" not in series.explanation.casefold()


def test_a_later_lower_dated_toll_is_a_conflict() -> None:
    result = merge(
        [
            _quake(
                "a",
                _deaths("a", 1, "800", quantity("exact", 800), "dead"),
                published=dt.date(2023, 9, 10),
            ),
            _quake(
                "b",
                _deaths("b", 1, "500", quantity("exact", 500), "dead"),
                published=dt.date(2023, 9, 12),
            ),
        ]
    )
    (series,) = result.figure_series
    assert series.classification == "conflict"


def test_a_share_never_joins_a_count() -> None:
    share = figure(
        "b",
        1,
        "60%",
        quantity("exact", 60),
        counted="share of those arrested",
        unit="%",
        measure="arrests",
        entities=RIOTS,
    )
    count = figure(
        "a",
        1,
        "719",
        quantity("exact", 719),
        counted="people arrested",
        unit="people",
        measure="arrests",
        entities=RIOTS,
    )
    result = merge([extraction("a", count), extraction("b", share)])
    assert len(result.figure_series) == 2


def test_a_translation_counts_once_and_is_named() -> None:
    numbers = (
        "Am 8. September starben 2.012 Menschen, 2.059 wurden verletzt, 1.404 schwer, in 71 km"
    )
    english = "On 8 September 2,012 people died, 2,059 were injured, 1,404 badly, 71 km away"
    original = extraction(
        "en1", claim("en1", 1, "Quake.", quote=english, entities=QUAKE), language="en"
    )
    copy = extraction(
        "de1", claim("de1", 1, "Beben.", quote=numbers, entities=QUAKE), language="de"
    )
    other = extraction(
        "fr1", claim("fr1", 1, "Séisme.", quote="2 012 morts", entities=QUAKE), language="fr"
    )
    result = merge([original, copy, other])
    assert [(c.source, c.original, c.kind) for c in result.copies] == [
        ("de1", "en1", "translation")
    ]
    assert result.stories[0].independent_sources == 2


def test_a_later_report_repeating_an_older_toll_lags_and_is_not_a_conflict() -> None:
    """2,562 injured on Monday, then a Tuesday report still giving Saturday's 2,059 (which
    other reports give undated): the toll rose, and the lagging report is named."""

    def injured(source: str, amount: str, value: float, published: dt.date | None) -> object:
        toll = figure(
            source, 1, amount, quantity("exact", value), counted=f"injured ({source})",
            unit="people", measure="injured", entities=QUAKE,
        )  # fmt: skip
        return _quake(source, toll, published=published)

    result = merge(
        [
            injured("a", "2562", 2562, dt.date(2023, 9, 11)),
            injured("b", "2.059", 2059, dt.date(2023, 9, 12)),
            injured("c", "2.059", 2059, None),
        ]  # type: ignore[list-item]
    )
    (series,) = result.figure_series
    assert series.classification == "update"
    assert series.entries[0].amount == "2562"
    assert "repeats an older, lower toll: 2,059 on 2023-09-12" in series.explanation


def test_a_qualified_part_of_a_toll_is_its_own_series() -> None:
    """The seriously injured are a part of the injured, however the toll is worded."""

    def injured(source: str, amount: str, value: float, counted: str) -> ArticleExtraction:
        toll = figure(
            source, 1, amount, quantity("exact", value), counted=counted, unit="people",
            measure="injured", entities=QUAKE,
        )  # fmt: skip
        return _quake(source, toll)

    result = merge(
        [
            injured("a", "2.059", 2059, "people injured"),
            injured("b", "1.404", 1404, "injured people in a very serious condition"),
            injured("c", "205", 205, "people in critical condition"),
        ]
    )
    groups = sorted(sorted(e.citation.source for e in s.entries) for s in result.figure_series)
    assert groups == [["a"], ["b", "c"]]
