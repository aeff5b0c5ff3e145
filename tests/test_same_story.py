"""Story check: a lone article the model says reports another story joins it, where code
allows (a shared entity, dates within the story window); nothing is asked otherwise."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from fake_llm import FakeLLM
from merge_factory import claim, extraction
from pydantic import ValidationError

from summarizer.core.items import ArticleExtraction
from summarizer.errors import FixtureMissingError
from summarizer.stages.merge.flow import merge
from summarizer.stages.merge.same_story import StoryMoves, propose_story_moves

QUAKE = ("Morocco", "Marrakech", "Al Haouz")
VILLAGES = (*(f"Village {n}" for n in range(12)), "Red Crescent")
"""Names only a lone report on the quake gives: with one shared name, code cannot join it."""
DAY = dt.date(2023, 9, 10)


def quake(source: str, published: dt.date = DAY) -> ArticleExtraction:
    return extraction(
        source,
        claim(source, 1, "An earthquake struck Morocco.", entities=QUAKE),
        claim(source, 2, "Rescuers searched Al Haouz.", entities=QUAKE),
        published=published,
    )


def lone(names: tuple[str, ...], published: dt.date = DAY) -> ArticleExtraction:
    """An article on the quake that names only a village and an aid group."""
    return extraction("lone", claim("lone", 1, "Aid reached the village.", entities=names),
                      published=published)  # fmt: skip


def stories(result: object) -> list[list[str]]:
    return sorted(sorted(s.source_ids) for s in result.stories)  # type: ignore[attr-defined]


def test_a_proposed_move_joins_the_story_when_an_entity_is_shared() -> None:
    pile = [quake("a"), quake("b"), lone((*VILLAGES, "Marrakech"))]
    assert stories(merge(pile)) == [["a", "b"], ["lone"]]
    moved = merge(pile, story_moves={"lone": "a"})
    assert stories(moved) == [["a", "b", "lone"]]


def test_a_move_without_a_shared_entity_or_across_years_is_vetoed() -> None:
    apart = [quake("a"), quake("b"), lone(VILLAGES)]
    assert stories(merge(apart, story_moves={"lone": "a"})) == [["a", "b"], ["lone"]]
    years = [quake("a"), quake("b"), lone(("Marrakech",), published=dt.date(2021, 1, 1))]
    assert stories(merge(years, story_moves={"lone": "a"})) == [["a", "b"], ["lone"]]


def test_the_model_is_asked_only_about_lone_articles() -> None:
    llm = FakeLLM()
    llm.enqueue("same_story", {"moves": [{"story": "S2", "joins": "S1", "reason": "quake"}]})
    pile = [quake("a"), quake("b"), lone((*VILLAGES, "Marrakech"))]
    assert asyncio.run(propose_story_moves(pile, llm)) == {"lone": "a"}
    user = llm.history[0]["prompt"].user
    assert "S2 (a single article): " in user
    assert "* Aid reached the village." in user
    assert "Article a (2023-09-10)" in user
    llm = FakeLLM()
    assert asyncio.run(propose_story_moves([quake("a"), quake("b")], llm)) == {}
    assert llm.history == []


def test_a_move_of_a_story_with_several_articles_is_ignored() -> None:
    llm = FakeLLM()
    llm.enqueue("same_story", {"moves": [{"story": "S1", "joins": "S2", "reason": "x"}]})
    pile = [quake("a"), quake("b"), lone(VILLAGES)]
    assert asyncio.run(propose_story_moves(pile, llm)) == {}


def test_unknown_story_aliases_are_a_validation_error() -> None:
    answer = {"moves": [{"story": "S3", "joins": "S1", "reason": "x"}]}
    with pytest.raises(ValidationError, match="unknown story aliases"):
        StoryMoves.model_validate(answer, context={"aliases": {"S1": 1, "S2": 2}})


def test_a_failed_call_leaves_code_s_stories(caplog: pytest.LogCaptureFixture) -> None:
    llm = FakeLLM()
    llm.enqueue("same_story", FixtureMissingError("no recorded answer"))
    pile = [quake("a"), quake("b"), lone(VILLAGES)]
    assert asyncio.run(propose_story_moves(pile, llm)) == {}
    assert "stories by code only" in caplog.text
