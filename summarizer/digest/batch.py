"""Batch mode for digests: new articles' extractions go through OpenAI's Batch API.

Each digest run, before extracting, `route_articles`:

1. asks the endpoint about every open batch in the state store (`llm_batch`). A
   finished one (completed, failed, expired, cancelled) is closed: its valid
   answers are now in the answer cache, and its articles, read back from the
   store (a feed may have dropped them since), join the run's articles to
   extract. The ordinary extraction path finds their answers as cache hits; the
   calls whose answer was rejected, and every call of a failed batch, are asked
   live (with the usual bounded re-asks), or end as reported failures.
2. holds back the articles of batches still open: they are *pending*, not
   extracted, not marked seen, and named in one line of the digest.
3. in batch mode, submits the extraction calls of the remaining new articles that
   were never in a batch and are not answered in the cache already, as one batch,
   recorded in the store with the articles and each call's cache key. Those
   articles are pending too. If the batch cannot be submitted, they are extracted
   live instead.

An article is submitted at most once: one whose batch failed, or whose answer was
rejected, goes the live way like any article without --batch. Arrived articles
are *settled* (`StateStore.commit_day`) once the run has extracted them or
reported their failure, so a run that crashes before that takes them up again.
Without --batch, batches left open by earlier runs are still picked up.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.config import Settings
from summarizer.core.articles import Article
from summarizer.core.items import ExtractionDraft
from summarizer.digest.state import BatchCall, StateStore
from summarizer.errors import BudgetExceededError, LLMConfigError, LLMError
from summarizer.llm import LLM
from summarizer.llm.batch import BatchClient, BatchRequest, ExpectedAnswer
from summarizer.stages.extract import STAGE, extraction_calls, grounding_context

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Routed:
    """The run's articles, sorted by what batch mode does with them."""

    now: list[Article]
    """To extract in this run: answers cached by a batch, or asked live."""
    arrived: list[str]
    """Ids of articles whose batch has finished; settled once they are extracted."""
    pending: int
    """Articles waiting in batches still open."""
    open_batches: list[str]

    def note(self) -> str | None:
        """One line about the pending articles (None when there are none)."""
        if not self.pending:
            return None
        articles = "1 new article is" if self.pending == 1 else f"{self.pending} new articles are"
        jobs = "job" if len(self.open_batches) == 1 else "jobs"
        return (
            f"{articles} pending in Batch API {jobs} {', '.join(self.open_batches)}; "
            "they will be briefed when the answers arrive."
        )


async def route_articles(
    new: Sequence[Article],
    store: StateStore,
    llm: LLM,
    settings: Settings,
    *,
    submit: bool,
    day: dt.date,
) -> Routed:
    """Collect finished batches, hold back pending articles, and (if `submit`) batch the rest."""
    if not submit and not store.open_batches():
        return Routed(now=list(new), arrived=[], pending=0, open_batches=[])
    async with BatchClient(settings, llm) as client:
        for batch_id in store.open_batches():
            await _collect(client, store, batch_id, day)
        seen = store.seen_ids()
        arrived = [a for a in store.arrived_articles() if a.id not in seen]
        waiting = store.batched_article_ids(open_only=True)
        candidates = _unique([*new, *arrived], skip=waiting)
        batched = await _submit(client, store, candidates, llm, settings, day) if submit else set()
    return Routed(
        now=[a for a in candidates if a.id not in batched],
        arrived=[a.id for a in arrived],
        pending=len(store.batched_article_ids(open_only=True)),
        open_batches=store.open_batches(),
    )


async def _collect(client: BatchClient, store: StateStore, batch_id: str, day: dt.date) -> None:
    """Ask about one open batch; close it in the store if it has finished."""
    articles = {a.id: a for a in store.batch_articles(batch_id)}
    expected = [
        ExpectedAnswer(
            custom_id=call.custom_id,
            stage=STAGE,
            cache_key=call.cache_key,
            response_model=ExtractionDraft,
            context=grounding_context(articles[call.article_id]),
        )
        for call in store.batch_calls(batch_id)
    ]
    try:
        collected = await client.collect(batch_id, expected)
    except LLMConfigError:
        raise
    except LLMError as error:
        log.warning("%s; its articles stay pending", error)
        return
    if not collected.finished:
        store.update_batch(batch_id, collected.status)
        return
    for custom_id, reason in collected.rejected.items():
        log.warning("batch %s: %s: %s; asking live", batch_id, custom_id, reason)
    outcomes = dict.fromkeys(collected.cached, "cached") | collected.rejected
    store.close_batch(batch_id, status=collected.status, day=day, outcomes=outcomes)
    log.info(
        "batch %s %s: %d answers cached, %d to ask live",
        batch_id,
        collected.status,
        len(collected.cached),
        len(collected.rejected),
    )


async def _submit(
    client: BatchClient,
    store: StateStore,
    candidates: Sequence[Article],
    llm: LLM,
    settings: Settings,
    day: dt.date,
) -> set[str]:
    """Submit the calls of never-batched articles not answered yet; the ids of those articles.

    Each article's calls are held against `--max-cost` first (`LLM.reserve_batch`); the
    articles that no longer fit are not batched, and the live path reports them as
    skipped for the budget.
    """
    submitted_before = store.batched_article_ids()
    requests: dict[str, list[BatchRequest]] = {}
    held = 0.0
    for article in candidates:
        if article.id in submitted_before:
            continue
        calls = extraction_calls(article, max_chunk_chars=settings.max_chunk_chars)
        todo = [BatchRequest(c.key, STAGE, c.prompt, ExtractionDraft) for c in calls]
        todo = [request for request in todo if not client.is_cached(request)]
        if not todo:
            continue
        try:
            held += llm.reserve_batch(
                STAGE, article.id, [(r.prompt, r.response_model) for r in todo]
            )
        except BudgetExceededError as error:
            log.warning("not batching the remaining articles: %s", error)
            break
        requests[article.id] = todo
    if not requests:
        return set()
    try:
        submitted = await client.submit(
            [r for todo in requests.values() for r in todo], name=f"summarizer-digest-{day}"
        )
    except LLMConfigError:
        raise
    except LLMError as error:
        log.warning("%s; extracting %d articles live instead", error, len(requests))
        llm.release_batch(held)
        return set()
    store.add_batch(
        submitted.batch_id,
        day=day,
        articles=[a for a in candidates if a.id in requests],
        calls=[
            BatchCall(r.custom_id, article_id, submitted.cache_keys[r.custom_id])
            for article_id, todo in requests.items()
            for r in todo
        ],
    )
    return set(requests)


def _unique(articles: Sequence[Article], *, skip: set[str]) -> list[Article]:
    """Articles in order, each id once, without those in `skip`."""
    kept: dict[str, Article] = {}
    for article in articles:
        if article.id not in skip:
            kept.setdefault(article.id, article)
    return list(kept.values())
