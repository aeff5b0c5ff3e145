"""Optional LLM judgement for figure series: which counts, kept apart by code, are one?

Code groups figures into series by measure, unit and scope (`series`). Two cases it
cannot settle alone: a count that names no place beside one that does ("about
10,000 missing" and "10,100 missing in Derna"), and counts of one measure and unit
whose labels are worded too differently to join. `merge` lists these per story
(`MergeResult.quantity_questions`); this stage shows the model each such story's
series, by short alias, with their values, dates and statements, and asks which
count the same quantity.

The model only *proposes*: a proposal is the set of figure item ids of the series
it grouped, and `series.build_series` joins them only where its vetoes allow every
pair (unit, scope, projected against counted, period, another event, a share, and
one report giving both with different values). Proposals name items, not series,
so they hold when the final merge numbers series differently.

The questions come from a merge of the figures alone (cheap: no claims to link), so
this call needs no other answer and is asked in the same round as `same_facts`.
A failed or missing answer costs only the joins: code's series stand.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Self

from pydantic import BaseModel, Field, ValidationInfo, model_validator

from summarizer.core.briefing import FigureSeries
from summarizer.core.items import ArticleExtraction
from summarizer.llm.prompts import render_prompt
from summarizer.llm.protocol import optional_answer
from summarizer.stages.merge.flow import merge
from summarizer.stages.merge.preparation import Described, Prepared, prepare
from summarizer.stages.merge.same_facts import source_label, unknown_aliases
from summarizer.store import ResultCache

if TYPE_CHECKING:
    from summarizer.llm import StructuredLLM

log = logging.getLogger(__name__)

SAME_QUANTITIES_SCHEMA_VERSION = "1"


class SameQuantityGroup(BaseModel):
    series: list[str] = Field(description="Aliases of series that count one quantity (2 or more).")
    reason: str = Field(description="Why these series count the same quantity, briefly.")


class SameQuantities(BaseModel):
    """Groups of series that count the same quantity."""

    groups: list[SameQuantityGroup] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_aliases(self, info: ValidationInfo) -> Self:
        problems = unknown_aliases([a for g in self.groups for a in g.series], info)
        if problems:
            raise ValueError(f"unknown series aliases {problems}")
        return self


def _describe(
    series: FigureSeries,
    alias: str,
    statements: Mapping[str, str],
    sources: Mapping[str, str],
) -> dict[str, object]:
    return {
        "alias": alias,
        "counted": series.counted,
        "unit": series.unit or "",
        "scope": series.scope or "",
        "values": [
            {
                "amount": entry.amount,
                "date": entry.date.iso or entry.date.expression if entry.date else "",
                "source": sources[entry.citation.source],
                "scope": entry.scope or "",
                "statement": statements[entry.finding_id],
            }
            for entry in series.entries
        ],
    }


def question_key(series: Sequence[FigureSeries]) -> str:
    """Identifies a question by its series' items, independently of the prompt's wording."""
    payload = json.dumps([[e.citation.item for e in s.entries] for s in series], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class QuantityQuestions:
    """Per story with an open question, its series; and what describes their entries."""

    questions: list[list[FigureSeries]]
    statements: dict[str, str]
    """Finding id -> its statement."""
    sources: dict[str, str]
    """Source id -> its label in the prompt."""


def quantity_questions(
    extractions: Sequence[ArticleExtraction],
    results: ResultCache | None = None,
    described: Described | None = None,
) -> QuantityQuestions:
    """The questions, from a merge of the figures alone (kept in `results`, as `merge`
    keeps any; `described`: the items' features computed ahead). CPU only: the
    pipeline computes them in a worker thread, so the same-fact requests leave
    meanwhile."""
    figures_only = [x.model_copy(update={"claims": [], "dates": []}) for x in extractions]

    def prepared() -> Prepared:
        if described is None:
            return prepare(figures_only)
        features = described.features(extractions, figures=True)
        return prepare(figures_only, None, features, described.figure_pairs(extractions))

    merged = merge(figures_only, results=results, prepared=prepared)
    series = {s.id: s for s in merged.figure_series}
    return QuantityQuestions(
        questions=[[series[i] for i in ids] for ids in merged.quantity_questions if len(ids) > 1],
        statements={f.id: f.statement for f in merged.findings},
        sources={
            x.source.id: source_label(n, x.source.published)
            for n, x in enumerate(extractions, start=1)
        },
    )


async def ask_same_quantities(
    asked: QuantityQuestions, llm: StructuredLLM
) -> list[tuple[frozenset[str], str]]:
    """Sets of figure item ids the model judges to count one quantity, with its reason;
    one call per question, asked concurrently."""
    answers = await asyncio.gather(
        *(_propose(question, asked.statements, asked.sources, llm) for question in asked.questions)
    )
    return [proposal for answer in answers for proposal in answer]


async def propose_same_quantities(
    extractions: Sequence[ArticleExtraction],
    llm: StructuredLLM,
    results: ResultCache | None = None,
) -> list[tuple[frozenset[str], str]]:
    """`ask_same_quantities` of the extractions' `quantity_questions`."""
    return await ask_same_quantities(quantity_questions(extractions, results), llm)


async def _propose(
    question: Sequence[FigureSeries],
    statements: Mapping[str, str],
    sources: Mapping[str, str],
    llm: StructuredLLM,
) -> list[tuple[frozenset[str], str]]:
    aliases = {f"Q{n}": s for n, s in enumerate(question, start=1)}
    described = [_describe(s, alias, statements, sources) for alias, s in aliases.items()]
    answer = await optional_answer(
        llm,
        skipped=(log, "same-quantity judgement skipped, series by code only"),
        stage="same_quantities",
        key=question_key(question),
        prompt=render_prompt("same_quantities", series=described),
        response_model=SameQuantities,
        context={"aliases": aliases},
        schema_version=SAME_QUANTITIES_SCHEMA_VERSION,
    )
    if answer is None:
        return []
    proposals: list[tuple[frozenset[str], str]] = []
    for group in answer.groups:
        chosen = [aliases[a] for a in dict.fromkeys(group.series) if a in aliases]
        if len(chosen) > 1:
            items = frozenset(e.citation.item for s in chosen for e in s.entries)
            proposals.append((items, group.reason))
    return proposals
