"""Merge's proposal-free part, prepared ahead (in a thread), and its findings, linked
ahead of the same-quantity answers, give exactly the merge that computing them in
place gives, story moves included; a cancelled preparation stops."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from test_same_story import VILLAGES, lone, quake

from summarizer import pipeline
from summarizer.core.items import ArticleExtraction
from summarizer.stages.merge import preparation, quantity_questions
from summarizer.stages.merge.features import describe
from summarizer.stages.merge.flow import Linking, merge
from summarizer.stages.merge.preparation import Described, Preparation, prepare

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "articles"


@pytest.fixture(scope="module")
def corpus() -> list[ArticleExtraction]:
    """The development corpus's verified extractions, from its blind recorded answers."""
    return pipeline.extract(sorted(CORPUS.glob("*.jsonl"))).extractions


def test_a_prepared_merge_is_the_merge(corpus: list[ArticleExtraction]) -> None:
    items = [item.id for x in corpus for item in x.items()]
    same_facts = [([items[0], items[1]], "one fact"), ([items[5], items[40]], "one fact")]
    made = Preparation(corpus)
    try:
        ahead = merge(corpus, same_facts=same_facts, prepared=made.result)
    finally:
        made.cancel()
    assert ahead == merge(corpus, same_facts=same_facts)
    assert ahead.pairs_scored > 0


def test_findings_linked_ahead_give_the_merge(corpus: list[ArticleExtraction]) -> None:
    items = [item for x in corpus for item in x.items()]
    same_facts = [([items[0].id, items[1].id], "one fact")]
    asked = quantity_questions(corpus).questions[0]  # series code could not tell apart
    same_quantities = [(frozenset(e.citation.item for s in asked[:2] for e in s.entries), "one")]
    moves = {corpus[-1].source.id: corpus[0].source.id}
    made = Preparation(corpus)
    linking = Linking(corpus, same_facts, moves, made.result)
    try:
        ahead = merge(
            corpus,
            same_facts=same_facts,
            same_quantities=same_quantities,
            story_moves=moves,
            linked=linking.result,
        )
        with pytest.raises(ValueError, match="other proposals"):
            merge(corpus, same_facts=[], story_moves=moves, linked=linking.result)
    finally:
        linking.cancel()
        made.cancel()
    assert ahead == merge(
        corpus, same_facts=same_facts, same_quantities=same_quantities, story_moves=moves
    )
    assert ahead != merge(corpus, same_facts=same_facts, story_moves=moves)


def test_a_story_move_finds_the_candidates_anew(monkeypatch: pytest.MonkeyPatch) -> None:
    pile = [quake("a"), quake("b"), lone((*VILLAGES, "Marrakech"))]
    prepared = prepare(pile)
    found: list[list[int]] = []
    real = preparation.candidate_pairs

    def candidate_pairs(*args: object) -> list[tuple[int, int]]:
        found.append(list(args[1]))  # type: ignore[call-overload]
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(preparation, "candidate_pairs", candidate_pairs)
    moved = merge(pile, story_moves={"lone": "a"}, prepared=lambda: prepared)
    assert found == [[0, 0, 0, 0, 0]]  # the lone article's item is in story 0 now
    assert list(prepared.story) == [0, 0, 0, 0, 1]
    assert moved == merge(pile, story_moves={"lone": "a"})
    assert [sorted(s.source_ids) for s in moved.stories] == [["a", "b", "lone"]]


def test_a_stopped_preparation_stops_and_a_cancelled_one_is_joined(
    corpus: list[ArticleExtraction],
) -> None:
    stop = threading.Event()
    stop.set()
    with pytest.raises(preparation.Stopped):
        prepare(corpus, stop)
    made = Preparation(corpus)
    made.cancel()
    assert not made._thread.is_alive()


def test_items_described_ahead_are_the_ones_prepare_describes(
    corpus: list[ArticleExtraction], monkeypatch: pytest.MonkeyPatch
) -> None:
    described = Described()
    try:
        for extraction in corpus:
            described.add(extraction)
        features = described.features(corpus)
        figures = described.features(corpus, figures=True)
        assert described.features(corpus[1:]) is None  # not the extractions added
    finally:
        described.close()
    items = [item for x in corpus for item in x.items()]
    assert features == [describe(item, n) for n, item in enumerate(items)]
    only = [x.model_copy(update={"claims": [], "dates": []}) for x in corpus]
    figure_items = [item for x in only for item in x.items()]
    assert figures == [describe(item, n) for n, item in enumerate(figure_items)]

    calls: list[int] = []

    def counted(item: Any, position: int) -> Any:
        calls.append(position)
        return describe(item, position)

    monkeypatch.setattr(preparation, "describe", counted)
    assert prepare(only, described=figures).features == figures
    assert calls == []  # the features given were used
    prepare(only, described=figures[1:])  # not these items: described anew
    assert len(calls) == len(figure_items)


def _copy(extraction: ArticleExtraction) -> ArticleExtraction:
    """The same extraction from another source (a reprint), its items renamed."""
    source = f"{extraction.source.id}-again"

    def moved(items: list[Any]) -> list[Any]:
        return [i.model_copy(update={"id": f"{source}:{i.id}", "source_id": source}) for i in items]

    return extraction.model_copy(
        update={
            "source": extraction.source.model_copy(update={"id": source}),
            "claims": moved(extraction.claims),
            "figures": moved(extraction.figures),
            "dates": moved(extraction.dates),
        }
    )


@pytest.mark.parametrize("pairs", [True, False])
def test_figure_pairs_scored_ahead_give_the_figures_merge_and_cover_its_candidates(
    corpus: list[ArticleExtraction], pairs: bool
) -> None:
    """The corpus twice over (so that blocks grow and copies meet), its figures merged
    with the pairs scored as the extractions came, without them, and in place."""
    twice = [*corpus, *(_copy(x) for x in corpus)]
    described = Described()
    try:
        for extraction in twice:
            described.add(extraction, pairs=pairs)
        figures = described.features(twice, figures=True)
        known = described.figure_pairs(twice)
        assert described.figure_pairs(twice[1:]) is None
    finally:
        described.close()
    assert figures is not None and known is not None
    only = [x.model_copy(update={"claims": [], "dates": []}) for x in twice]
    with_pairs = prepare(only, None, figures, known)
    in_place = prepare(only)
    assert with_pairs.edges == in_place.edges
    assert with_pairs.pairs == in_place.pairs
    assert len(known.keys) == len(figures)
    candidates = preparation.candidate_pairs(figures, in_place.story)
    assert len(candidates) > 1000
    covered = sum(pair in known.scores for pair in candidates)
    if pairs:
        assert covered == len(candidates)  # every candidate was scored ahead
        matcher = preparation.FactMatcher(figures)
        assert all(
            known.scores[p] == matcher.score(figures[p[0]], figures[p[1]]) for p in candidates
        )
    else:
        assert covered == 0
