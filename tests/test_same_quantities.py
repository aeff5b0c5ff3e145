"""Same-quantity judgement: code lists the series it cannot tell apart, the model
proposes which count one quantity, and `build_series` joins them only where its vetoes
allow."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from fake_llm import FakeLLM
from merge_factory import extraction, figure, quantity
from pydantic import ValidationError

from summarizer.core.items import ArticleExtraction, Figure
from summarizer.errors import FixtureMissingError
from summarizer.stages.merge.flow import merge
from summarizer.stages.merge.same_quantities import SameQuantities, propose_same_quantities

FLOOD = ("Libya", "Derna")
SEP_12, SEP_15 = dt.date(2023, 9, 12), dt.date(2023, 9, 15)


def missing(
    source: str,
    n: int,
    amount: str,
    value: float,
    scope: str | None,
    *,
    kind: str = "exact",
    unit: str = "people",
) -> Figure:
    return figure(
        source, n, amount, quantity(kind, value), counted=f"people missing ({source})",
        unit=unit, measure="missing", entities=FLOOD, scope=scope,
    )  # fmt: skip


def corpus() -> list[ArticleExtraction]:
    return [
        extraction("a", missing("a", 1, "10,100", 10100, "the city of Derna"), published=SEP_15),
        extraction("b", missing("b", 1, "10 100", 10100, "Derna, eastern Libya"), published=SEP_15),
        extraction(
            "c", missing("c", 1, "about 10,000", 10000, None, kind="approximate"), published=SEP_12
        ),
    ]


def test_code_keeps_a_story_wide_count_apart_from_a_scoped_one_and_asks() -> None:
    result = merge(corpus())
    assert len(result.figure_series) == 2  # the unscoped count and Derna's
    scoped = next(s for s in result.figure_series if s.scope)
    assert scoped.part_of is not None  # related, not compared
    assert sorted(result.quantity_questions[0]) == sorted(s.id for s in result.figure_series)


def test_a_proposed_join_makes_one_series_with_the_explicit_scope_and_the_reason() -> None:
    items = frozenset({"a:f1", "b:f1", "c:f1"})
    result = merge(corpus(), same_quantities=[(items, "both count Derna's missing")])
    assert len(result.figure_series) == 1
    series = result.figure_series[0]
    assert {e.citation.source for e in series.entries} == {"a", "b", "c"}
    assert series.scope in ("the city of Derna", "Derna, eastern Libya")
    assert series.part_of is None
    assert series.joined_by_model == "both count Derna's missing"
    assert "model's judgement" in series.explanation
    assert result.quantity_questions == [[]]


def test_one_report_giving_both_values_vetoes_the_join() -> None:
    """An article that gives 2,012 dead nationally and 1,293 in one province counts two
    things: no proposal joins them."""
    quake = ("Morocco",)

    def dead(n: int, amount: str, value: float, scope: str | None) -> Figure:
        return figure(
            "a", n, amount, quantity("exact", value), counted=f"dead {n}", unit="people",
            measure="deaths", entities=quake, scope=scope,
        )  # fmt: skip

    extractions = [
        extraction("a", dead(1, "2.012", 2012, None), dead(2, "1.293", 1293, "Al Haouz"))
    ]
    result = merge(extractions, same_quantities=[(frozenset({"a:f1", "a:f2"}), "same toll")])
    assert len(result.figure_series) == 2
    assert all(s.joined_by_model is None for s in result.figure_series)


def test_a_proposal_across_explicit_scopes_is_vetoed() -> None:
    other_place = missing("e", 1, "40", 40, "Benghazi")
    extractions = [*corpus(), extraction("e", other_place, published=SEP_15)]
    everything = frozenset({"a:f1", "b:f1", "c:f1", "e:f1"})
    result = merge(extractions, same_quantities=[(everything, "all missing")])
    sources = [{e.citation.source for e in s.entries} for s in result.figure_series]
    assert not any({"a", "e"} <= group for group in sources)  # Derna is not Benghazi
    assert any({"a", "b"} <= group for group in sources)


def test_proposals_come_back_as_figure_item_ids() -> None:
    llm = FakeLLM()
    llm.enqueue("same_quantities", {"groups": [{"series": ["Q1", "Q2"], "reason": "same"}]})
    proposals = asyncio.run(propose_same_quantities(corpus(), llm))
    assert proposals == [(frozenset({"a:f1", "b:f1", "c:f1"}), "same")]
    call = llm.history[0]
    assert "place: not stated" in call["prompt"].user
    assert "place: the city of Derna" in call["prompt"].user
    assert '"about 10,000" [source 3, published 2023-09-12' in call["prompt"].user


def test_no_open_question_means_no_call() -> None:
    llm = FakeLLM()
    only = [extraction("a", missing("a", 1, "10,100", 10100, "Derna"), published=SEP_15)]
    assert asyncio.run(propose_same_quantities(only, llm)) == []
    assert llm.history == []


def test_unknown_series_aliases_are_a_validation_error() -> None:
    answer = {"groups": [{"series": ["Q1", "Q9"], "reason": "x"}]}
    with pytest.raises(ValidationError, match="unknown series aliases"):
        SameQuantities.model_validate(answer, context={"aliases": {"Q1": "a"}})


def test_a_failed_call_leaves_code_s_series(caplog: pytest.LogCaptureFixture) -> None:
    llm = FakeLLM()
    llm.enqueue("same_quantities", FixtureMissingError("no recorded answer"))
    assert asyncio.run(propose_same_quantities(corpus(), llm)) == []
    assert "series by code only" in caplog.text


def test_a_remainder_scope_never_joins_the_story_wide_count() -> None:
    """'Libya outside Derna' is a part by its own words, whatever a model proposes."""
    extractions = [
        *corpus(),
        extraction("d", missing("d", 1, "170", 170, "Libya outside Derna"), published=SEP_15),
    ]
    result = merge(extractions, same_quantities=[(frozenset({"c:f1", "d:f1"}), "same")])
    assert all(s.joined_by_model is None for s in result.figure_series)


def test_a_proposal_never_undoes_a_join_code_makes_itself() -> None:
    """One article giving "thousands missing" and "10,100 missing" in Derna: code joins
    them (one scope); a proposal that also brings in the story-wide count must not make
    that pair stricter (a vague amount is no value to tell two counts apart by)."""
    thousands = missing("a", 2, "thousands", 0, "the city of Derna", kind="vague")
    extractions = [
        extraction(
            "a", missing("a", 1, "10,100", 10100, "the city of Derna"), thousands, published=SEP_15
        ),
        extraction(
            "c", missing("c", 1, "about 10,000", 10000, None, kind="approximate"), published=SEP_12
        ),
    ]
    assert len(merge(extractions).figure_series) == 2
    proposal = (frozenset({"a:f1", "a:f2", "c:f1"}), "same")
    (series,) = merge(extractions, same_quantities=[proposal]).figure_series
    assert {e.amount for e in series.entries} == {"10,100", "thousands", "about 10,000"}
