"""Story grouping keeps its decisions while each join costs only its groups' neighbours.

`group_stories` used to recompute, for every candidate pair, the mean similarity and
the time veto over all cross pairs of the two groups (quadratic in group size, and
far above n^1.3 at 100,000 items). `reference_groups` below is that pairwise
definition, written out; the incremental version must give the same stories on
random piles with shared names, rare names, dates far apart and undated articles.
Its growth is measured by bench/bench_merge.py.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from itertools import combinations

import pytest
from merge_factory import claim, extraction

from summarizer.core.items import ArticleExtraction
from summarizer.stages.merge import stories
from summarizer.stages.merge.stories import (
    JOIN_SIMILARITY,
    MAX_DAYS_APART,
    _profiles,
    _similarities,
    group_stories,
)


def reference_groups(extractions: Sequence[ArticleExtraction]) -> list[tuple[str, ...]]:
    """Average linkage by its definition: every cross pair summed at every candidate join."""
    similarity = _similarities(_profiles(extractions))
    published = [x.source.published for x in extractions]
    group_of = list(range(len(extractions)))
    members = {i: [i] for i in range(len(extractions))}
    for (i, j), score in sorted(similarity.items(), key=lambda kv: (-kv[1], kv[0])):
        a, b = group_of[i], group_of[j]
        if a == b or score < JOIN_SIMILARITY:
            continue
        left, right = members[a], members[b]
        if any(
            p and q and abs((p - q).days) > MAX_DAYS_APART
            for p in (published[x] for x in left)
            for q in (published[y] for y in right)
        ):
            continue
        pairs = [(min(x, y), max(x, y)) for x in left for y in right]
        if math.fsum(similarity.get(p, 0.0) for p in pairs) / len(pairs) >= JOIN_SIMILARITY:
            keep, drop = min(a, b), max(a, b)
            members[keep] = sorted(left + right)
            for x in members.pop(drop):
                group_of[x] = keep
    return [tuple(extractions[i].source.id for i in m) for _, m in sorted(members.items())]


def random_pile(seed: int, articles: int, stories: int = 8) -> list[ArticleExtraction]:
    """Articles naming 3 of their story's 4 places, plus one place of any story."""
    rng = random.Random(seed)
    names = [f"Place{n}" for n in range(stories * 4)]
    pile = []
    for n in range(articles):
        story = rng.randrange(stories)
        named = [names[story * 4 + rng.randrange(4)] for _ in range(3)] + [rng.choice(names)]
        items = [claim(f"s{n}", k, f"Statement {k}.", entities=named[k:]) for k in range(3)]
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.choice([0, 10, 400, 800]))
        pile.append(extraction(f"s{n}", *items, published=day if rng.random() < 0.8 else None))
    return pile


@pytest.mark.parametrize(("seed", "block"), [(0, 400), (1, 400), (2, 12), (3, 12)])
def test_similarities_are_the_full_dot_products_bit_for_bit(
    seed: int, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pairs sharing a key of at most `block` holders; each scored over all its shared keys."""
    monkeypatch.setattr(stories, "MAX_ENTITY_BLOCK", block)
    profiles = _profiles(random_pile(seed, 120))
    holders: dict[str, list[int]] = {}
    for n, profile in enumerate(profiles):
        for key in profile:
            holders.setdefault(key, []).append(n)
    pairs = sorted(
        {pair for held in holders.values() if len(held) <= block for pair in combinations(held, 2)}
    )
    expected = {
        (i, j): math.fsum(w * profiles[j].get(k, 0.0) for k, w in profiles[i].items())
        for i, j in pairs
    }
    assert pairs
    assert any(len(held) > block for held in holders.values()) == (block < 400)
    similarity = _similarities(profiles)
    assert list(similarity) == list(expected)
    assert all(similarity[pair] == score for pair, score in expected.items())  # exact floats


@pytest.mark.parametrize("seed", range(6))
def test_incremental_grouping_equals_the_pairwise_definition(seed: int) -> None:
    pile = random_pile(seed, 150)
    expected = reference_groups(pile)
    assert [g.source_ids for g in group_stories(pile)] == expected
    assert 1 < len(expected) < len(pile)  # the pile has joins, and vetoes or misses
