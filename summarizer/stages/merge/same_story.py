"""Optional LLM judgement for stories: does an article that stands alone belong to another?

Code groups articles into stories by their entities and dates (`stories`). Its failure
mode is the article that joins nothing: one that names the event's places differently
from the others, or names few. So when a run has several stories and some of them are a
single article, the model is shown every story (its main names and article titles) and
each lone article (title, date, names and first findings), and asked which story, if
any, each lone article reports. Nothing is asked when no story stands alone, which is
the common case and costs nothing.

The model only *proposes*: `stories.regroup` moves an article only when it shares an
entity with the story it joins and the move keeps the story's articles within
`stories.MAX_DAYS_APART`. A failed or missing answer leaves code's stories.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Self

from pydantic import BaseModel, Field, ValidationInfo, model_validator

from summarizer.core.items import ArticleExtraction
from summarizer.llm.prompts import render_prompt
from summarizer.llm.protocol import optional_answer
from summarizer.stages.merge.same_facts import unknown_aliases
from summarizer.stages.merge.stories import StoryGroup, group_stories

if TYPE_CHECKING:
    from summarizer.llm import StructuredLLM

log = logging.getLogger(__name__)

SAME_STORY_SCHEMA_VERSION = "1"
SHOWN_NAMES = 6
SHOWN_TITLES = 5
SHOWN_STATEMENTS = 3


class StoryMove(BaseModel):
    story: str = Field(description="Alias of a story of one article (S...).")
    joins: str = Field(description="Alias of the story that article reports too (S...).")
    reason: str = Field(description="Why it is the same news story, briefly.")


class StoryMoves(BaseModel):
    """Lone articles that report one of the other stories."""

    moves: list[StoryMove] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_aliases(self, info: ValidationInfo) -> Self:
        problems = unknown_aliases([a for m in self.moves for a in (m.story, m.joins)], info)
        if problems:
            raise ValueError(f"unknown story aliases {problems}")
        return self


def _describe(
    group: StoryGroup, alias: str, by_id: dict[str, ArticleExtraction]
) -> dict[str, object]:
    articles = [by_id[s] for s in group.source_ids]
    lone = len(articles) == 1
    first = articles[0]
    statements = [c.statement for c in first.claims[:SHOWN_STATEMENTS]] if lone else []
    return {
        "alias": alias,
        "names": ", ".join(group.entities[:SHOWN_NAMES]),
        "titles": [
            f"{x.source.title or 'untitled'} ({x.source.published or 'undated'})"
            for x in articles[:SHOWN_TITLES]
        ],
        "more": max(0, len(articles) - SHOWN_TITLES),
        "statements": statements,
    }


def question_key(groups: Sequence[StoryGroup]) -> str:
    """Identifies a question by its stories' articles, independently of the prompt."""
    payload = json.dumps([list(g.source_ids) for g in groups], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


async def propose_story_moves(
    extractions: Sequence[ArticleExtraction], llm: StructuredLLM
) -> dict[str, str]:
    """Source id of a lone article -> a source id of the story the model says it reports."""
    groups = group_stories(extractions)
    if len(groups) < 2 or all(len(g.source_ids) > 1 for g in groups):
        return {}
    by_id = {x.source.id: x for x in extractions}
    aliases = {f"S{n}": g for n, g in enumerate(groups, start=1)}
    described = [_describe(g, alias, by_id) for alias, g in aliases.items()]
    answer = await optional_answer(
        llm,
        skipped=(log, "story check skipped, stories by code only"),
        stage="same_story",
        key=question_key(groups),
        prompt=render_prompt("same_story", stories=described),
        response_model=StoryMoves,
        context={"aliases": aliases},
        schema_version=SAME_STORY_SCHEMA_VERSION,
    )
    if answer is None:
        return {}
    moves: dict[str, str] = {}
    for move in answer.moves:
        lone, target = aliases.get(move.story), aliases.get(move.joins)
        if lone is not None and target is not None and len(lone.source_ids) == 1:
            moves.setdefault(lone.source_ids[0], target.source_ids[0])
    return moves
