"""The whole flow, top to bottom: load -> extract (+ verify) -> merge -> write -> Briefing.

Merge is code; before it, in one round, optional LLM calls propose which
differently-worded items state the same fact (`same_facts`, per batch of items) and
which figure series code kept apart count the same quantity (`same_quantities`, per
story with an open question) and whether an article that joined no story belongs to
one (`same_story`, only when some story is a single article); merge accepts a proposal
only where its vetoes allow it.

Each stage is one module with one public function; this module loads and extracts
(streamed: `load_and_extract`) and hands the extractions to `compose.compose_briefing`
for merge, write and the briefing; it only calls the stages in order and keeps score.
`summarizer.compose` is imported when the first extraction is in: nothing needs it
before, and importing it (about 60 ms) would delay the first request.
Failures are data: an input that cannot be loaded or extracted becomes a `Failure`
and the rest of the run goes on. Only errors that no retry can fix for any article
(authentication, quota) stop the run.

`brief` and `extract` are the library API; the CLI is a thin shell over them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from summarizer.config import Settings
from summarizer.core.articles import Article, Failure
from summarizer.core.items import ArticleExtraction, ExtractionReport
from summarizer.errors import (
    BudgetExceededError,
    FixtureMissingError,
    LLMConfigError,
    NoInputError,
    SummarizerError,
)
from summarizer.llm import LLM
from summarizer.stages.extract import extract_article
from summarizer.stages.load import LoadOptions, iter_articles, load_articles
from summarizer.store import ResultCache

if TYPE_CHECKING:
    from summarizer.compose import Ahead, StageCallback
    from summarizer.core.briefing import Briefing

log = logging.getLogger(__name__)

T = TypeVar("T")
Inputs = Sequence[str | Path]
ProgressCallback = Callable[[int, int, str], None]
"""Called as (done, total, label) after each article."""


@contextlib.asynccontextmanager
async def result_cache(settings: Settings) -> AsyncIterator[ResultCache | None]:
    """The run's result cache (`summarizer.store`): live runs with the cache on, like
    the answer cache; a replayed run recomputes everything from its fixtures."""
    results = ResultCache(settings.cache_dir) if settings.live and settings.use_cache else None
    try:
        yield results
    finally:
        if results is not None:
            results.close()


def _settings(settings: Settings | None, overrides: dict[str, Any]) -> Settings:
    base = settings or Settings()
    return base.override(**overrides) if overrides else base


class _Extractions:
    """Extractions started one article at a time, collected in the order they were started.

    Each article's extraction is a task as soon as it is `start`ed (the LLM layer
    bounds the calls in flight), so a caller can start them while later articles
    are still loading. `results` waits for all of them and returns the extractions
    and failures in start order, whatever order the answers arrived in. `kept`, if
    given, is handed each extraction `results` will keep, in that order, as soon as
    it and every one started before it are done.
    """

    def __init__(
        self,
        llm: LLM,
        settings: Settings,
        progress: ProgressCallback | None,
        results: ResultCache | None,
        kept: Callable[[ArticleExtraction], None] | None = None,
    ) -> None:
        self._llm = llm
        self._settings = settings
        self._progress = progress
        self._results = results
        self._kept = kept
        self._tasks: list[asyncio.Task[ArticleExtraction | Failure]] = []
        self._handed = 0
        """Tasks, in start order, whose extraction has been handed to `kept`."""
        self._done = 0
        self.fatal: LLMConfigError | None = None
        """The first error that stops the whole run (authentication, quota), once raised."""

    @property
    def started(self) -> int:
        return len(self._tasks)

    def start(self, article: Article) -> asyncio.Task[ArticleExtraction | Failure]:
        task = asyncio.ensure_future(self._one(article))
        self._tasks.append(task)
        if self._kept is not None:
            task.add_done_callback(self._hand_on)
        return task

    def _hand_on(self, _: object) -> None:
        """Hand `kept` the extractions now done with all before them (see class doc)."""
        assert self._kept is not None
        while self._handed < len(self._tasks) and self._tasks[self._handed].done():
            task = self._tasks[self._handed]
            self._handed += 1
            if task.cancelled() or task.exception() is not None:
                continue
            result = task.result()
            if isinstance(result, ArticleExtraction) and result.items():
                self._kept(result)

    async def _one(self, article: Article) -> ArticleExtraction | Failure:
        label = article.path or article.url or article.id
        try:
            return await extract_article(
                article,
                self._llm,
                max_chunk_chars=self._settings.max_chunk_chars,
                results=self._results,
            )
        except LLMConfigError as error:
            self.fatal = self.fatal or error
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
            self._done += 1
            if self._progress:
                self._progress(self._done, len(self._tasks), label)

    def cancel(self) -> None:
        for task in self._tasks:
            task.cancel()

    async def results(self) -> tuple[list[ArticleExtraction], list[Failure]]:
        try:
            results = await asyncio.gather(*self._tasks)
        except BaseException:
            self.cancel()
            raise
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


async def extract_articles(
    articles: Sequence[Article],
    llm: LLM,
    settings: Settings,
    progress: ProgressCallback | None,
    results: ResultCache | None = None,
) -> tuple[list[ArticleExtraction], list[Failure]]:
    """Extract every article concurrently (the LLM layer bounds calls in flight)."""
    started = _Extractions(llm, settings, progress, results)
    for article in articles:
        started.start(article)
    return await started.results()


def load_inputs(
    inputs: Inputs, settings: Settings | None = None
) -> tuple[list[Article], list[Failure]]:
    loaded = load_articles(inputs, _load_options(settings or Settings()))
    if not loaded.articles:
        raise _no_input(loaded.failures)
    return loaded.articles, list(loaded.failures)


def _load_options(settings: Settings) -> LoadOptions:
    return LoadOptions(
        max_article_chars=settings.max_article_chars,
        follow_symlinks=settings.follow_symlinks,
        chunk_chars=settings.max_chunk_chars,
    )


def _no_input(failures: Sequence[Failure]) -> NoInputError:
    reasons = "; ".join(f"{f.input}: {f.reason}" for f in failures)
    return NoInputError(f"no usable articles ({reasons or 'no input given'})")


_LOADED = object()
"""Put on the queue by the loading thread after the last article."""
LOAD_AHEAD = 2
"""Articles loaded ahead of extraction, per call in flight (`Settings.concurrency`)."""


async def load_and_extract(
    inputs: Inputs,
    llm: LLM,
    settings: Settings,
    progress: ProgressCallback | None,
    results: ResultCache | None = None,
    kept: Callable[[ArticleExtraction], None] | None = None,
) -> tuple[list[ArticleExtraction], list[Failure], list[Failure]]:
    """Load in a worker thread and extract each article as soon as it is loaded.

    The thread puts each article (or failure) on an asyncio queue as `iter_articles`
    yields it; the event loop starts that article's extraction at once, so the first
    request leaves after the first article, not the last, and later articles load
    while requests wait. The thread stays at most `LOAD_AHEAD` x concurrency articles
    ahead of the extractions still running, and only concurrency articles (the first
    round) until the SDK is built (`LLM.sdk_built`): the slots never wait for an
    article, and a large run does not spend the CPU (the GIL) on loading and preparing
    later articles while the SDK is still being imported for the first request.
    Results and failures come back in load order (load failures first), exactly as
    loading everything first and then extracting would give: (extractions, load
    failures, extraction failures); `kept` is handed each returned extraction in that
    order as soon as it can be (see `_Extractions`). Raises `NoInputError` when nothing
    loads.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[object] = asyncio.Queue()
    stop = threading.Event()
    ahead = threading.Semaphore(settings.concurrency)

    async def widen() -> None:
        await llm.sdk_built()
        for _ in range((LOAD_AHEAD - 1) * settings.concurrency):
            ahead.release()

    widening = asyncio.ensure_future(widen())

    def load() -> None:
        try:
            for item in iter_articles(inputs, _load_options(settings)):
                if stop.is_set():
                    return
                loop.call_soon_threadsafe(queue.put_nowait, item)
                while isinstance(item, Article) and not ahead.acquire(timeout=0.1):
                    if stop.is_set():
                        return
        except BaseException as error:  # handed to the event loop, raised there
            loop.call_soon_threadsafe(queue.put_nowait, error)
        else:
            loop.call_soon_threadsafe(queue.put_nowait, _LOADED)

    started = _Extractions(llm, settings, progress, results, kept)
    load_failures: list[Failure] = []
    loader = loop.run_in_executor(None, load)
    try:
        while (item := await queue.get()) is not _LOADED:
            if isinstance(item, BaseException):
                raise item
            if started.fatal is not None:
                break  # no article can be extracted: stop loading, `results` raises it
            if isinstance(item, Article):
                started.start(item).add_done_callback(lambda _: ahead.release())
            elif isinstance(item, Failure):
                load_failures.append(item)
    except BaseException:
        stop.set()
        widening.cancel()
        started.cancel()
        raise
    stop.set()
    widening.cancel()
    await loader
    if not started.started:
        raise _no_input(load_failures)
    extractions, extract_failures = await started.results()
    return extractions, load_failures, extract_failures


async def aextract(
    inputs: Inputs, *, settings: Settings | None = None, progress: ProgressCallback | None = None
) -> ExtractionReport:
    """Load and extract every input: per-article verified claims, figures and dates."""
    config = _settings(settings, {})
    async with LLM(config) as llm, result_cache(config) as results:
        extractions, failures, more = await load_and_extract(inputs, llm, config, progress, results)
    return ExtractionReport(extractions=extractions, failures=failures + more)


async def abrief(
    inputs: Inputs,
    *,
    settings: Settings | None = None,
    progress: ProgressCallback | None = None,
    stage: StageCallback | None = None,
) -> Briefing:
    """The cited English briefing for `inputs`; failed inputs are listed in it.
    `progress` is called after each article, `stage` as merge and write start."""
    config = _settings(settings, {})
    async with LLM(config) as llm, result_cache(config) as results:
        ahead: Ahead | None = None  # features and same-fact batches, as extractions come in

        def kept(extraction: ArticleExtraction) -> None:
            nonlocal ahead
            if ahead is None:  # the flow's second half is imported once it is needed
                from summarizer.compose import Ahead

                ahead = Ahead(llm, config)
            ahead.add(extraction)

        try:
            extractions, failures, extract_failures = await load_and_extract(
                inputs, llm, config, progress, results, kept
            )
            failures += extract_failures
            if not extractions:
                missing = extract_failures and all(f.kind == "config" for f in extract_failures)
                raise (FixtureMissingError if missing else NoInputError)(
                    "no article could be extracted ("
                    + "; ".join(f"{f.input}: {f.reason}" for f in failures)
                    + ")"
                )
            from summarizer.compose import compose_briefing

            return await compose_briefing(extractions, failures, llm, results, ahead, stage)
        finally:
            if ahead is not None:
                ahead.close()


def run(main: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(main)`, with the result handed over outside asyncio's main task.

    Python 3.11's `asyncio.run` formats a repr of its finished main task, result
    included, when it restores the SIGINT handler; for a briefing that repr costs
    0.2-0.5 s of CPU at the end of every run.
    """
    result: list[T] = []

    async def keep() -> None:
        result.append(await main)

    asyncio.run(keep())
    return result[0]


def brief(inputs: Inputs, *, settings: Settings | None = None, **overrides: Any) -> Briefing:
    """Synchronous `abrief`; keyword overrides update `Settings` (e.g. model="gpt-4o")."""
    return run(abrief(inputs, settings=_settings(settings, overrides)))


def extract(
    inputs: Inputs, *, settings: Settings | None = None, **overrides: Any
) -> ExtractionReport:
    """Synchronous `aextract`; keyword overrides update `Settings`."""
    return run(aextract(inputs, settings=_settings(settings, overrides)))
