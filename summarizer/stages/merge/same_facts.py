"""Optional LLM adjudication for merge: which items, worded differently, are one fact?

Code-only matching (`merge`) is precise but misses paraphrases ("the Russian
parliament ratified the treaty" vs "the State Duma and the Federation Council
approved the ratification law"). This stage shows the model every extracted item,
by short alias, and asks for groups of items that state the same fact. The model
only *proposes*: `merge` accepts a proposed pair only when code finds nothing that
forbids it (different numbers, dates, quantities or polarity), and records that the
merge rests on the model's judgement.

Items are sent in batches of at most `BATCH_SIZE`, ordered by source and position,
so a large run costs a bounded number of calls, asked concurrently; a batch is asked
as soon as the articles that fill it are in (`SameFactBatches`). A failed or missing answer costs
nothing but the extra merges: the run goes on with code-only matching.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Self

from pydantic import BaseModel, Field, ValidationInfo, model_validator

from summarizer.core.items import ArticleExtraction, Claim, DatedEvent, Figure
from summarizer.llm import ahead_of_need
from summarizer.llm.prompts import render_prompt
from summarizer.llm.protocol import optional_answer

if TYPE_CHECKING:
    from summarizer.llm import StructuredLLM

log = logging.getLogger(__name__)

SAME_FACTS_SCHEMA_VERSION = "1"
BATCH_SIZE = 200


class SameFactGroup(BaseModel):
    items: list[str] = Field(description="Aliases of the items stating the same fact (2 or more).")
    reason: str = Field(description="Why these items are the same fact, briefly.")


class SameFacts(BaseModel):
    """Groups of items that state the same fact."""

    groups: list[SameFactGroup] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_aliases(self, info: ValidationInfo) -> Self:
        problems = unknown_aliases([a for g in self.groups for a in g.items], info)
        if problems:
            raise ValueError(f"unknown item aliases {problems}")
        return self


def unknown_aliases(used: Sequence[str], info: ValidationInfo) -> list[str]:
    """The aliases an answer used that its request did not give (at most 10, sorted), so
    the re-ask names them; none when the validation context gives no aliases."""
    known = (info.context or {}).get("aliases")
    if known is None:
        return []
    return sorted({alias for alias in used if alias not in known})[:10]


def _describe(item: Claim | Figure | DatedEvent, alias: str, source: str) -> dict[str, str]:
    date = ""
    if isinstance(item, DatedEvent):
        date = item.date.iso or item.expression
    return {
        "alias": alias,
        "source": source,
        "date": date,
        "amount": item.amount if isinstance(item, Figure) else "",
        "statement": item.statement,
    }


def source_label(number: int, published: dt.date | None) -> str:
    """'source 3, published 2024-10-24': the model needs the date to tell apart events
    that an earlier article cannot have reported."""
    return f"source {number}, " + (f"published {published}" if published else "undated")


def batch_key(item_ids: Sequence[str], statements: Sequence[str]) -> str:
    """Identifies a batch by its items, independently of the prompt's wording."""
    payload = json.dumps([list(item_ids), list(statements)], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


async def propose_same_facts(
    extractions: Sequence[ArticleExtraction], llm: StructuredLLM
) -> list[tuple[list[str], str]]:
    """Groups of item ids the model judges to be one fact, each with its reason.

    The batches are asked concurrently (the LLM layer bounds the calls in flight);
    their proposals are joined in batch order, so the result does not depend on timing.
    """
    batches = SameFactBatches(llm)
    for extraction in extractions:
        batches.add(extraction)
    return await batches.proposals()


class SameFactBatches:
    """`propose_same_facts`, asked batch by batch as the extractions are added in order.

    A batch holds the next `BATCH_SIZE` items in source order, so it is complete, and is
    asked, as soon as the articles that fill it are in; only the last one waits for
    `proposals`. Added early (`early=True`, while later articles are still being
    extracted), a batch's call is made `ahead_of_need`: it takes only the slots no
    extraction waits for. The batches, their keys and the proposals are exactly those
    of `propose_same_facts` over the same extractions in the same order.
    """

    def __init__(self, llm: StructuredLLM, *, early: bool = False) -> None:
        self._llm = llm
        self._early = early
        self._entries: list[tuple[Claim | Figure | DatedEvent, str]] = []
        self._asked: list[asyncio.Future[list[tuple[list[str], str]]]] = []
        self.source_ids: list[str] = []
        """The sources added, in order."""

    def add(self, extraction: ArticleExtraction) -> None:
        """The next source; asks every batch it completes."""
        self.source_ids.append(extraction.source.id)
        label = source_label(len(self.source_ids), extraction.source.published)
        self._entries += [(item, label) for item in extraction.items()]
        while len(self._entries) >= BATCH_SIZE:
            self._ask(self._entries[:BATCH_SIZE], self._early)
            self._entries = self._entries[BATCH_SIZE:]

    def _ask(self, batch: Sequence[tuple[Claim | Figure | DatedEvent, str]], early: bool) -> None:
        with ahead_of_need() if early else contextlib.nullcontext():
            self._asked.append(asyncio.ensure_future(_propose(batch, self._llm)))

    async def proposals(self) -> list[tuple[list[str], str]]:
        """Every batch's proposals, in batch order (the last batch is asked now, as
        needed: the run waits for it)."""
        if len(self._entries) > 1:
            self._ask(self._entries, early=False)
        self._entries = []
        answers = await asyncio.gather(*self._asked)
        return [proposal for answer in answers for proposal in answer]

    def cancel(self) -> None:
        for asked in self._asked:
            asked.cancel()


async def _propose(
    batch: Sequence[tuple[Claim | Figure | DatedEvent, str]], llm: StructuredLLM
) -> list[tuple[list[str], str]]:
    aliases = {f"I{i}": item.id for i, (item, _) in enumerate(batch, start=1)}
    described = [_describe(item, f"I{i}", src) for i, (item, src) in enumerate(batch, start=1)]
    answer = await optional_answer(
        llm,
        skipped=(log, "same-fact adjudication skipped, merging by code only"),
        stage="same_facts",
        key=batch_key([i.id for i, _ in batch], [i.statement for i, _ in batch]),
        prompt=render_prompt("same_facts", items=described),
        response_model=SameFacts,
        context={"aliases": aliases},
        schema_version=SAME_FACTS_SCHEMA_VERSION,
    )
    if answer is None:
        return []
    proposals: list[tuple[list[str], str]] = []
    for group in answer.groups:
        ids = [aliases[a] for a in dict.fromkeys(group.items) if a in aliases]
        if len(ids) > 1:
            proposals.append((ids, group.reason))
    return proposals
