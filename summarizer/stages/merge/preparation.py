"""What merge computes before any proposal, and computing it while proposals are asked.

`merge` needs the model's proposals (same facts, same quantities, story moves), and
those take a round of calls. Most of merge's work needs none of them: describing every
item (`features.describe`), grouping the articles into stories, finding the candidate
pairs (`matching.blocking_keys`, `matching.passage_pairs`) and scoring them
(`matching.FactMatcher`). `prepare` does that part. `Preparation` runs it in a worker
thread while the proposals are in flight (the event loop only waits then), so that
once they arrive merge only links, folds and builds, and the summaries are asked
sooner. Story moves can change which pairs are candidates (a moved article's items
meet its new story's): the candidates are then found and scored anew, by the same
matcher, exactly as if nothing had been prepared.

A `Preparation` can be abandoned (`cancel`): a warm run whose merge is in the result
cache needs none of it, so the thread stops at its next checkpoint.

`Described` goes further back: it describes each extraction's items as the extraction
comes in, and scores its figures against the earlier ones (`FigurePairs`), so that the
figures' merge that the same-quantity questions wait for finds its candidates scored.
A figure pair's score depends on the two figures alone (no corpus statistics), so a
score made ahead is the one `prepare` would make.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from summarizer.core.items import ArticleExtraction
from summarizer.stages.merge.features import Item, ItemFeatures, describe
from summarizer.stages.merge.linkage import DEFAULT_MAX_BLOCK, Edge, shared_key_counts
from summarizer.stages.merge.matching import FactMatcher, blocking_keys, passage_pairs
from summarizer.stages.merge.stories import StoryGroup, group_stories

T = TypeVar("T")

MIN_SHARED_KEYS = 2
"""Items are scored only when they share two blocking keys (one shared word is noise)."""
CHECKPOINT = 512
"""Items described, or pairs scored, between two looks at whether to stop."""
AHEAD_PAIRS = 100_000
"""Figure pairs `Described` scores at most (about 0.3 s of CPU): the idle time between
a small run's rounds absorbs them (96 articles need about 53,000), while a large run,
whose extraction answers keep the CPU busy, would pay more for them there (a thousand
articles: 667,000 pairs, 5 s) than merge then saves (its 302,000 candidates)."""


class Stopped(Exception):
    """The work in the background was cancelled."""


def check(stop: threading.Event | None) -> None:
    """A checkpoint: raise `Stopped` once `stop` is set."""
    if stop is not None and stop.is_set():
        raise Stopped


def story_numbers(features: Sequence[ItemFeatures], groups: Sequence[StoryGroup]) -> list[int]:
    """The story (index into `groups`) of each item."""
    story_of = {source: n for n, group in enumerate(groups) for source in group.source_ids}
    return [story_of[f.item.source_id] for f in features]


def candidate_pairs(
    features: Sequence[ItemFeatures],
    story: Sequence[int],
    keys: Sequence[Sequence[str]] | None = None,
) -> list[tuple[int, int]]:
    """Pairs (i < j) of one story's items sharing `MIN_SHARED_KEYS` blocking keys, and
    pairs of one article's items quoting overlapping text. `keys`: each item's
    `blocking_keys`, if computed already."""
    if keys is None:
        keys = [blocking_keys(f) for f in features]
    shared = shared_key_counts(keys, groups=story)
    pairs = [pair for pair, count in shared.items() if count >= MIN_SHARED_KEYS]
    # Within a story only: shared keys are counted per story, and passages are one article's.
    pairs += [pair for pair in passage_pairs(features) if shared.get(pair, 0) < MIN_SHARED_KEYS]
    return pairs


def _scored(
    matcher: FactMatcher,
    features: Sequence[ItemFeatures],
    pairs: Sequence[tuple[int, int]],
    stop: threading.Event | None = None,
    known: Mapping[tuple[int, int], Edge | None] | None = None,
) -> list[Edge]:
    edges: list[Edge] = []
    for n, pair in enumerate(pairs):
        if n % CHECKPOINT == 0:
            check(stop)
        if known is not None and pair in known:
            edge = known[pair]
        else:
            edge = matcher.score(features[pair[0]], features[pair[1]])
        if edge:
            edges.append(edge)
    return edges


@dataclass(frozen=True)
class Prepared:
    """Every item described, the stories before any move, and code's own edges."""

    features: list[ItemFeatures]
    groups: list[StoryGroup]
    story: tuple[int, ...]
    """The story of each item, under `groups`."""
    matcher: FactMatcher
    pairs: int
    """Candidate pairs scored under `groups`."""
    edges: list[Edge]
    """Code's edges among them, in candidate order."""

    def code_edges(self, story: Sequence[int]) -> tuple[list[Edge], int]:
        """Code's edges, and the pairs scored, when the items' stories are `story`."""
        if tuple(story) == self.story:
            return self.edges, self.pairs
        pairs = candidate_pairs(self.features, story)
        return _scored(self.matcher, self.features, pairs), len(pairs)


def prepare(
    extractions: Sequence[ArticleExtraction],
    stop: threading.Event | None = None,
    described: Sequence[ItemFeatures] | None = None,
    figure_pairs: FigurePairs | None = None,
) -> Prepared:
    """Describe, group and score (see module doc); raises `Stopped` once `stop` is set.
    `described`: the items' features computed ahead (`Described`), used if they are
    these very items in this order; `figure_pairs`: what was computed ahead for those
    features, if they are figures alone (`Described.figure_pairs`)."""
    items = [item for extraction in extractions for item in extraction.items()]
    ahead = described is not None and _describes(described, items)
    if described is not None and ahead:
        features = list(described)
    else:
        features = []
        for position, item in enumerate(items):
            if position % CHECKPOINT == 0:
                check(stop)
            features.append(describe(item, position))
    known = figure_pairs if ahead and figure_pairs is not None else None
    if known is not None and len(known.keys) != len(features):
        known = None
    groups = group_stories(extractions)
    story = story_numbers(features, groups)
    check(stop)
    pairs = candidate_pairs(features, story, known.keys if known else None)
    matcher = FactMatcher(features)
    edges = _scored(matcher, features, pairs, stop, known.scores if known else None)
    return Prepared(features, groups, tuple(story), matcher, len(pairs), edges)


def _describes(described: Sequence[ItemFeatures], items: Sequence[object]) -> bool:
    """Whether `described` describes exactly `items`, in order, at their positions."""
    return len(described) == len(items) and all(
        f.item is item and f.position == n
        for n, (f, item) in enumerate(zip(described, items, strict=True))
    )


@dataclass(frozen=True)
class FigurePairs:
    """For a run's figures alone (figures-only positions): each one's blocking keys,
    and the score of every pair that can be a candidate of a merge of the figures
    alone (`candidate_pairs`), whatever the stories: pairs sharing `MIN_SHARED_KEYS`
    keys among blocks no bigger than `DEFAULT_MAX_BLOCK` when the later one came (a
    block only grows, so one bigger then is too big at the end), and pairs of one
    article quoting overlapping text, up to `AHEAD_PAIRS` in all. A candidate not among
    them is scored then."""

    keys: list[list[str]]
    scores: dict[tuple[int, int], Edge | None]


class Described:
    """Every item described (`features.describe`) as its extraction comes in, in a
    worker thread, so that when the last extraction ends, the figures' merge behind
    the same-quantity questions and merge's preparation find their features ready;
    for the figures also their blocking keys and their pairs' scores (`FigurePairs`),
    so that the figures' merge, which the questions wait for, scores almost nothing.

    `add` takes the extractions in their final order (the pipeline hands each on once
    every extraction before it is done); an item's position is its index among all the
    items added. `features` gives them for the run's extractions, or for their figures
    alone, renumbered (what `prepare` of the figures-only extractions would describe).
    """

    def __init__(self) -> None:
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="merge-describe")
        self._described: list[Future[list[ItemFeatures]]] = []
        self._items = 0
        self.source_ids: list[str] = []
        # the worker's own: figures so far, their keys, the keys' blocks, scored pairs
        self._figures: list[ItemFeatures] = []
        self._pairs = FigurePairs([], {})
        self._blocks: dict[str, list[int]] = defaultdict(list)
        self._matcher = FactMatcher(())  # a figure pair's score uses no corpus statistics

    def add(self, extraction: ArticleExtraction, *, pairs: bool = True) -> None:
        """`pairs`: score its figures' pairs too (a warm run, whose merges are stored,
        needs none: the scores only spare work to a merge that is computed)."""
        items, first = extraction.items(), self._items
        self._items += len(items)
        self.source_ids.append(extraction.source.id)
        self._described.append(self._worker.submit(self._describe, items, first, pairs))

    def _describe(self, items: Sequence[Item], first: int, pairs: bool) -> list[ItemFeatures]:
        described = [describe(item, n) for n, item in enumerate(items, first)]
        start = len(self._figures)
        figures = [f for f in described if f.kind == "figure"]
        self._figures += [replace(f, position=n) for n, f in enumerate(figures, start)]
        for position in range(start, len(self._figures)):
            keys = blocking_keys(self._figures[position])
            self._pairs.keys.append(keys)
            if pairs and len(self._pairs.scores) < AHEAD_PAIRS:
                self._pair(position, keys)
        if pairs and len(self._pairs.scores) < AHEAD_PAIRS:
            for i, j in passage_pairs(self._figures[start:]):
                self._score(i, j)
        return described

    def _pair(self, position: int, keys: list[str]) -> None:
        """Index a figure under its keys and score it against those it may meet (a
        figure added without its pairs is in no block: its candidates are scored then)."""
        shared: Counter[int] = Counter()
        for key in set(keys):
            block = self._blocks[key]
            if len(block) < DEFAULT_MAX_BLOCK:
                shared.update(block)
            block.append(position)
        for earlier, count in shared.items():
            if count >= MIN_SHARED_KEYS:
                self._score(earlier, position)

    def _score(self, i: int, j: int) -> None:
        if (i, j) not in self._pairs.scores:
            self._pairs.scores[i, j] = self._matcher.score(self._figures[i], self._figures[j])

    def _done(self, extractions: Sequence[ArticleExtraction]) -> list[ItemFeatures] | None:
        if [x.source.id for x in extractions] != self.source_ids:
            return None
        return [f for done in self._described for f in done.result()]

    def features(
        self, extractions: Sequence[ArticleExtraction], *, figures: bool = False
    ) -> list[ItemFeatures] | None:
        """The items' features, if `extractions` are the ones added, in order; else None."""
        described = self._done(extractions)
        if described is None or not figures:
            return described
        return list(self._figures)

    def figure_pairs(self, extractions: Sequence[ArticleExtraction]) -> FigurePairs | None:
        """The figures' `FigurePairs`, if `extractions` are the ones added, in order."""
        return self._pairs if self._done(extractions) is not None else None

    def close(self) -> None:
        self._worker.shutdown(cancel_futures=True)


class Background(Generic[T]):
    """`work(stop)` running in a worker thread from the moment it is made; `work` looks
    at `stop` at its checkpoints (`check`)."""

    def __init__(self, work: Callable[[threading.Event], T], name: str) -> None:
        self._stop = threading.Event()
        self._result: Future[T] = Future()
        self._thread = threading.Thread(target=self._run, args=(work,), name=name, daemon=True)
        self._thread.start()

    def _run(self, work: Callable[[threading.Event], T]) -> None:
        try:
            self._result.set_result(work(self._stop))
        except BaseException as error:  # handed to `result`, raised there
            self._result.set_exception(error)

    def result(self) -> T:
        """The result, waiting for the thread to finish it."""
        return self._result.result()

    def cancel(self) -> None:
        """Stop the thread at its next checkpoint (if it is still working) and join it."""
        self._stop.set()
        self._thread.join()


class Preparation(Background[Prepared]):
    """`prepare(extractions)` in a worker thread (with the features `Described` ahead)."""

    def __init__(
        self, extractions: Sequence[ArticleExtraction], described: Described | None = None
    ) -> None:
        pile = list(extractions)

        def work(stop: threading.Event) -> Prepared:
            features = described.features(pile) if described is not None else None
            return prepare(pile, stop, features)

        super().__init__(work, "merge-preparation")
