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
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from typing import Generic, TypeVar

from summarizer.core.items import ArticleExtraction
from summarizer.stages.merge.features import ItemFeatures, describe
from summarizer.stages.merge.linkage import Edge, shared_key_counts
from summarizer.stages.merge.matching import FactMatcher, blocking_keys, passage_pairs
from summarizer.stages.merge.stories import StoryGroup, group_stories

T = TypeVar("T")

MIN_SHARED_KEYS = 2
"""Items are scored only when they share two blocking keys (one shared word is noise)."""
CHECKPOINT = 512
"""Items described, or pairs scored, between two looks at whether to stop."""


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
    features: Sequence[ItemFeatures], story: Sequence[int]
) -> list[tuple[int, int]]:
    """Pairs (i < j) of one story's items sharing `MIN_SHARED_KEYS` blocking keys, and
    pairs of one article's items quoting overlapping text."""
    shared = shared_key_counts([blocking_keys(f) for f in features], groups=story)
    pairs = [pair for pair, count in shared.items() if count >= MIN_SHARED_KEYS]
    # Within a story only: shared keys are counted per story, and passages are one article's.
    pairs += [pair for pair in passage_pairs(features) if shared.get(pair, 0) < MIN_SHARED_KEYS]
    return pairs


def _scored(
    matcher: FactMatcher,
    features: Sequence[ItemFeatures],
    pairs: Sequence[tuple[int, int]],
    stop: threading.Event | None = None,
) -> list[Edge]:
    edges: list[Edge] = []
    for n, (i, j) in enumerate(pairs):
        if n % CHECKPOINT == 0:
            check(stop)
        if edge := matcher.score(features[i], features[j]):
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
    extractions: Sequence[ArticleExtraction], stop: threading.Event | None = None
) -> Prepared:
    """Describe, group and score (see module doc); raises `_Stopped` once `stop` is set."""
    items = [item for extraction in extractions for item in extraction.items()]
    features: list[ItemFeatures] = []
    for position, item in enumerate(items):
        if position % CHECKPOINT == 0:
            check(stop)
        features.append(describe(item, position))
    groups = group_stories(extractions)
    story = story_numbers(features, groups)
    check(stop)
    pairs = candidate_pairs(features, story)
    matcher = FactMatcher(features)
    edges = _scored(matcher, features, pairs, stop)
    return Prepared(features, groups, tuple(story), matcher, len(pairs), edges)


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
    """`prepare(extractions)` in a worker thread."""

    def __init__(self, extractions: Sequence[ArticleExtraction]) -> None:
        super().__init__(partial(prepare, list(extractions)), "merge-preparation")
