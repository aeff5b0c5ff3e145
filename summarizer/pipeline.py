"""The whole flow, top to bottom: load -> extract (+ verify) -> merge -> write -> Briefing.

Merge is code; before it, one optional LLM call per batch of items proposes which
differently-worded items state the same fact (`same_facts`), and merge accepts a
proposal only where code finds no conflicting number or date.

Each stage is one module with one public function; this module only calls them in
order and keeps score. Failures are data: an input that cannot be loaded or
extracted becomes a `Failure` and the rest of the run goes on. Only errors that
no retry can fix for any article (authentication, quota) stop the run.

`brief` and `extract` are the library API; the CLI is a thin shell over them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from summarizer.config import Settings
from summarizer.core.articles import Article, Failure, Source
from summarizer.core.briefing import Briefing, QualityReport, Story
from summarizer.core.items import AlignmentStatus, ArticleExtraction, ExtractionReport
from summarizer.errors import (
    BudgetExceededError,
    FixtureMissingError,
    LLMConfigError,
    NoInputError,
    SummarizerError,
)
from summarizer.llm import LLM
from summarizer.stages.extract import extract_article
from summarizer.stages.load import LoadOptions, load_articles
from summarizer.stages.merge import MergeResult, merge, propose_same_facts
from summarizer.stages.write import write_summary

log = logging.getLogger(__name__)

Inputs = Sequence[str | Path]
ProgressCallback = Callable[[int, int, str], None]
"""Called as (done, total, label) after each article."""


def _settings(settings: Settings | None, overrides: dict[str, Any]) -> Settings:
    base = settings or Settings()
    return base.override(**overrides) if overrides else base


async def extract_articles(
    articles: Sequence[Article], llm: LLM, settings: Settings, progress: ProgressCallback | None
) -> tuple[list[ArticleExtraction], list[Failure]]:
    """Extract every article concurrently (the LLM layer bounds calls in flight)."""
    done = 0

    async def one(article: Article) -> ArticleExtraction | Failure:
        nonlocal done
        label = article.path or article.url or article.id
        try:
            return await extract_article(article, llm, max_chunk_chars=settings.max_chunk_chars)
        except LLMConfigError:
            raise
        except BudgetExceededError as error:
            return Failure(input=label, reason=str(error), kind="budget")
        except FixtureMissingError as error:
            return Failure(input=label, reason=str(error), kind="config")
        except SummarizerError as error:
            return Failure(input=label, reason=str(error), kind="llm")
        except Exception as error:  # one article's bug must not lose the others
            log.exception("unexpected error while extracting %s", label)
            return Failure(
                input=label,
                reason=f"internal error: {type(error).__name__}: {error}",
                kind="internal",
            )
        finally:
            done += 1
            if progress:
                progress(done, len(articles), label)

    results = await asyncio.gather(*(one(article) for article in articles))
    extractions = [r for r in results if isinstance(r, ArticleExtraction)]
    failures = [r for r in results if isinstance(r, Failure)]
    for extraction in extractions:
        label = extraction.source.path or extraction.source.url or extraction.source.id
        for dropped in extraction.dropped:
            log.warning("%s: dropped a %s: %s", label, dropped.kind, dropped.reason)
        if extraction.rejected:
            failures.append(Failure(input=label, reason=extraction.rejected, kind="llm"))
    # a rejected answer's surviving items are kept; an article with none is only a failure
    return [x for x in extractions if x.items()], failures


def load_inputs(
    inputs: Inputs, settings: Settings | None = None
) -> tuple[list[Article], list[Failure]]:
    config = settings or Settings()
    options = LoadOptions(
        max_article_chars=config.max_article_chars,
        follow_symlinks=config.follow_symlinks,
        chunk_chars=config.max_chunk_chars,
    )
    loaded = load_articles(inputs, options)
    if not loaded.articles:
        reasons = "; ".join(f"{f.input}: {f.reason}" for f in loaded.failures)
        raise NoInputError(f"no usable articles ({reasons or 'no input given'})")
    return loaded.articles, list(loaded.failures)


TITLE_STORIES = 3
"""Stories named in the briefing title; the rest are counted."""


async def aextract(
    inputs: Inputs, *, settings: Settings | None = None, progress: ProgressCallback | None = None
) -> ExtractionReport:
    """Load and extract every input: per-article verified claims, figures and dates."""
    config = _settings(settings, {})
    articles, failures = load_inputs(inputs, config)
    async with LLM(config) as llm:
        extractions, extract_failures = await extract_articles(articles, llm, config, progress)
    return ExtractionReport(extractions=extractions, failures=failures + extract_failures)


def _title(sources: Sequence[Source], stories: Sequence[Story]) -> str:
    """'Briefing: <story>; <story> (n articles, first to last date)': names the stories."""
    topics = "; ".join(story.title for story in stories[:TITLE_STORIES]) or "News"
    more = f" and {len(stories) - TITLE_STORIES} more" if len(stories) > TITLE_STORIES else ""
    dates = sorted(s.published for s in sources if s.published)
    span = f", {dates[0]} to {dates[-1]}" if len(dates) > 1 else ""
    return f"Briefing: {topics}{more} ({len(sources)} articles{span})"


async def _write_story(story: Story, merged: MergeResult, llm: LLM) -> Story:
    """The story's prose summary, written from its top findings, series and contradictions."""
    findings = {f.id: f for f in merged.findings}
    series = [s for s in merged.figure_series if s.id in story.figure_series_ids]
    contradictions = [c for c in merged.contradictions if c.id in story.contradiction_ids]
    cited = set(story.top_finding_ids)
    cited |= {e.finding_id for s in series for e in s.entries}
    cited |= {i for c in contradictions for i in c.finding_ids}
    shown = [findings[i] for i in story.finding_ids if i in cited]
    summary, note = await write_summary(shown, series, contradictions, llm)
    return story.model_copy(update={"summary": summary, "summary_note": note})


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


async def compose_briefing(
    extractions: Sequence[ArticleExtraction], failures: Sequence[Failure], llm: LLM
) -> Briefing:
    """Merge verified extractions, write the summary, and assemble the briefing."""
    proposals = await propose_same_facts(extractions, llm)
    merged = merge(extractions, same_facts=proposals)
    stories = await asyncio.gather(*(_write_story(story, merged, llm) for story in merged.stories))
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


async def abrief(
    inputs: Inputs, *, settings: Settings | None = None, progress: ProgressCallback | None = None
) -> Briefing:
    """The cited English briefing for `inputs`; failed inputs are listed in it."""
    config = _settings(settings, {})
    articles, failures = load_inputs(inputs, config)
    async with LLM(config) as llm:
        extractions, extract_failures = await extract_articles(articles, llm, config, progress)
        failures += extract_failures
        if not extractions:
            missing = extract_failures and all(f.kind == "config" for f in extract_failures)
            raise (FixtureMissingError if missing else NoInputError)(
                "no article could be extracted ("
                + "; ".join(f"{f.input}: {f.reason}" for f in failures)
                + ")"
            )
        return await compose_briefing(extractions, failures, llm)


def brief(inputs: Inputs, *, settings: Settings | None = None, **overrides: Any) -> Briefing:
    """Synchronous `abrief`; keyword overrides update `Settings` (e.g. model="gpt-4o")."""
    return asyncio.run(abrief(inputs, settings=_settings(settings, overrides)))


def extract(
    inputs: Inputs, *, settings: Settings | None = None, **overrides: Any
) -> ExtractionReport:
    """Synchronous `aextract`; keyword overrides update `Settings`."""
    return asyncio.run(aextract(inputs, settings=_settings(settings, overrides)))
