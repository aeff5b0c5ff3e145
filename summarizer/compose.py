"""The second half of the flow: verified extractions -> merge -> write -> Briefing.

`compose_briefing` asks merge's proposals, merges, asks each story's summary and
assembles the briefing with its quality report. Its whole design is overlap: the
model's answers take a round of calls each, and everything code can do before an
answer arrives is done while it is awaited, in worker threads (see
`compose_briefing`). And while a round's requests are being sent, nothing else
takes the GIL from the event loop: merge's preparation starts, and the result cache
writes (`ResultCache.holding`: serialising a merge's entry holds the GIL for tens of
milliseconds), only `REQUESTS_LEAD` after them. `summarizer.pipeline` (brief) and
`summarizer.digest` call it after their own loading and extraction.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel

from summarizer.config import Settings
from summarizer.core.articles import Failure, Source
from summarizer.core.briefing import Briefing, Finding, QualityReport, Story
from summarizer.core.items import AlignmentStatus, ArticleExtraction
from summarizer.llm import LLM
from summarizer.stages.merge import (
    Described,
    Linking,
    MergeResult,
    Preparation,
    SameFactBatches,
    SameFacts,
    SameQuantities,
    StoryMoves,
    ask_same_quantities,
    merge,
    propose_same_facts,
    propose_story_moves,
    quantity_questions,
)
from summarizer.stages.write import BriefingSummary, write_summary
from summarizer.store import ResultCache

LATER_CALLS: tuple[tuple[str, type[BaseModel]], ...] = (
    ("same_facts", SameFacts),
    ("same_quantities", SameQuantities),
    ("same_story", StoryMoves),
    ("write", BriefingSummary),
)
"""The calls made after extraction, as (prompt template, response model), that `Ahead`
warms up (`LLM.warm_up`) while the extraction answers are awaited."""

REQUESTS_LEAD = 0.05
"""Seconds a round's requests (the same-quantity questions, the summaries) get to leave
before work that would take the GIL from them may start: merge's preparation in a
worker thread (needed only a round later, once the same-fact answers are in) and the
result cache's writes (`ResultCache.holding`)."""

StageCallback = Callable[[str], None]
"""Called with the name of each stage after extraction as it starts: "merge", "write"."""

TITLE_STORIES = 3
"""Stories named in the briefing title; the rest are counted."""


def _title(sources: Sequence[Source], stories: Sequence[Story]) -> str:
    """'Briefing: <story>; <story> (n articles, first to last date)': names the stories
    by their main names (their headlines head their sections)."""
    topics = "; ".join(s.names or s.title for s in stories[:TITLE_STORIES]) or "News"
    more = f" and {len(stories) - TITLE_STORIES} more" if len(stories) > TITLE_STORIES else ""
    dates = sorted(s.published for s in sources if s.published)
    span = f", {dates[0]} to {dates[-1]}" if len(dates) > 1 else ""
    return f"Briefing: {topics}{more} ({len(sources)} articles{span})"


async def _write_story(
    story: Story, merged: MergeResult, findings: dict[str, Finding], llm: LLM
) -> Story:
    """The story's prose summary, written from its top findings, series and contradictions."""
    series = [s for s in merged.figure_series if s.id in story.figure_series_ids]
    contradictions = [c for c in merged.contradictions if c.id in story.contradiction_ids]
    cited = set(story.top_finding_ids)
    cited |= {e.finding_id for s in series for e in s.entries}
    cited |= {i for c in contradictions for i in c.finding_ids}
    shown = [findings[i] for i in story.finding_ids if i in cited]
    written = await write_summary(shown, series, contradictions, llm)
    title = written.headline or story.title
    update = {"summary": written.sentences, "summary_note": written.note, "title": title}
    return story.model_copy(update=update)


def _quality(
    extractions: Sequence[ArticleExtraction], briefing: Briefing, llm: LLM
) -> QualityReport:
    items = [item for x in extractions for item in x.items()]
    figures = [figure for x in extractions for figure in x.figures]
    dropped = sum(len(x.dropped) for x in extractions)
    exact = sum(1 for item in items if item.grounding.status is AlignmentStatus.EXACT)
    asked = len(items) + dropped
    usage = llm.usage
    sentences = len(briefing.summary)
    return QualityReport(
        sources=len(briefing.sources),
        findings=len(briefing.findings),
        items=len(items),
        grounded_exact=exact,
        grounding_rate=exact / asked if asked else 1.0,
        cited_sentence_share=(
            sum(1 for s in briefing.summary if s.finding_ids) / sentences if sentences else 1.0
        ),
        conflicts=sum(1 for s in briefing.figure_series if s.classification == "conflict"),
        contradictions=len(briefing.contradictions),
        amounts_unparsed=sum(1 for figure in figures if figure.quantity is None),
        amounts_model_read=sum(
            1 for f in figures if f.quantity is not None and f.quantity.read_by == "model"
        ),
        calls=usage.calls,
        cache_hits=usage.cache_hits,
        replayed=usage.replayed,
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
        cost_usd=usage.cost_usd,
    )


class Ahead:
    """What is computed while the extractions come in, each piece as soon as its
    extraction and every one before it are done (`add`: the pipeline's `kept`): the
    items' features and, once a call has been made, their figures' pairs
    (`merge.Described`); unless a budget or a rate limit is set (extraction must have
    them first: a call waiting for a spare slot has taken its share of the rate
    already), the same-fact batches they fill (`merge.SameFactBatches`); and, with
    the first extraction, the prompts and response models of the calls after
    extraction (`LATER_CALLS`, `LLM.warm_up`), in a worker thread."""

    def __init__(self, llm: LLM, settings: Settings) -> None:
        self._llm = llm
        self._warming: asyncio.Future[None] | None = None
        self.described = Described()
        limited = settings.max_cost, settings.requests_per_minute, settings.tokens_per_minute
        early = all(limit is None for limit in limited)
        self.batches = SameFactBatches(llm, early=True) if early else None

    def add(self, extraction: ArticleExtraction) -> None:
        if self._warming is None:  # once the first answer is in, the SDK is imported
            loop = asyncio.get_running_loop()
            self._warming = loop.run_in_executor(None, self._llm.warm_up, LATER_CALLS)
        # while no call has been made, the run is warm so far: its merges are likely stored
        self.described.add(extraction, pairs=self._llm.usage.calls > 0)
        if self.batches is not None:
            self.batches.add(extraction)

    def close(self) -> None:
        self.described.close()
        if self.batches is not None:
            self.batches.cancel()


def _holding(results: ResultCache | None) -> contextlib.AbstractContextManager[None]:
    return results.holding() if results is not None else contextlib.nullcontext()


async def _lead(tasks: Sequence[asyncio.Future[Any]]) -> None:
    """Give `tasks` `REQUESTS_LEAD` to send their requests (or to finish)."""
    if tasks:
        await asyncio.wait(tasks, timeout=REQUESTS_LEAD)


async def compose_briefing(
    extractions: Sequence[ArticleExtraction],
    failures: Sequence[Failure],
    llm: LLM,
    results: ResultCache | None = None,
    ahead: Ahead | None = None,
    stage: StageCallback | None = None,
) -> Briefing:
    """Merge verified extractions, write the summary, and assemble the briefing.

    The proposals are one round of calls; while it is in flight, worker threads
    compute the figures' merge behind the same-quantity questions (the same-fact and
    story requests leave meanwhile), then merge's proposal-free part
    (`merge.Preparation`) and, once the same-fact and story answers are in while the
    same-quantity ones (asked last) are still out, the findings (`merge.Linking`), so
    that once the last answers are in, merge only builds the series. The
    same-quantity questions and the summaries each get `REQUESTS_LEAD` to leave
    before the preparation starts or the result cache writes. `ahead`: what
    was computed while the extractions came in, used if the caller added exactly
    `extractions` to it, in order. `stage` is told "merge" and then "write" as each
    starts.
    """
    if stage is not None:
        stage("merge")
    batches = ahead.batches if ahead is not None else None
    described = ahead.described if ahead is not None else None
    if batches is not None and batches.source_ids == [x.source.id for x in extractions]:
        facts = asyncio.ensure_future(batches.proposals())
    else:
        facts = asyncio.ensure_future(propose_same_facts(extractions, llm))
    moves = asyncio.ensure_future(propose_story_moves(extractions, llm))
    tasks: list[asyncio.Future[Any]] = [facts, moves]
    background: list[Preparation | Linking] = []
    held = contextlib.ExitStack()  # the result cache's writes, while requests are to leave
    with held:
        try:
            with _holding(results):
                questions = await asyncio.to_thread(
                    quantity_questions, extractions, results, described
                )
                quantities = asyncio.ensure_future(ask_same_quantities(questions, llm))
                tasks.append(quantities)
                await _lead([quantities])
            preparation = Preparation(extractions, described)
            background.append(preparation)
            same_facts, story_moves = await asyncio.gather(facts, moves)
            linked = None
            if not quantities.done():  # link the facts while the same-quantity answers are out
                linking = Linking(extractions, same_facts, story_moves, preparation.result)
                background.append(linking)
                linked = linking.result
            same_quantities = await quantities
            held.enter_context(_holding(results))  # until the summary requests have left
            merged = merge(
                extractions,
                same_facts=same_facts,
                same_quantities=same_quantities,
                story_moves=story_moves,
                results=results,
                prepared=preparation.result,
                linked=linked,
            )
        finally:
            for task in tasks:
                task.cancel()
            for work in background:
                work.cancel()
        if stage is not None:
            stage("write")
        findings = {f.id: f for f in merged.findings}
        writing = [
            asyncio.ensure_future(_write_story(story, merged, findings, llm))
            for story in merged.stories
        ]
        try:
            await _lead(writing)
        except BaseException:
            for task in writing:
                task.cancel()
            raise
    stories = await asyncio.gather(*writing)
    summary = [sentence for story in stories for sentence in story.summary]
    sources = [x.source for x in extractions]
    briefing = Briefing(
        title=_title(sources, stories),
        generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        sources=sources,
        summary=summary,
        summary_note=None,  # each story carries its own; the digest adds run-level notes
        stories=list(stories),
        copies=merged.copies,
        findings=merged.findings,
        figure_series=merged.figure_series,
        contradictions=merged.contradictions,
        timeline=merged.timeline,
        undated=merged.undated,
        failures=list(failures),
    )
    briefing.quality = _quality(extractions, briefing, llm)
    return briefing
