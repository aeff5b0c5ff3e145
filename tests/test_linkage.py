"""`linkage.link` remembers the clusters a join failed between and makes exactly the joins
of checking every pair of every candidate join, with far fewer checks."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable

import pytest

from summarizer.stages.merge.linkage import DisjointSets, Edge, link


def link_checking_every_time(
    size: int, edges: Iterable[Edge], compatible: Callable[[int, int], bool]
) -> list[list[int]]:
    """The reference: every edge between two clusters checks all of their pairs."""
    sets = DisjointSets(size)
    for edge in sorted(edges, key=lambda e: (e.tier, -e.score, e.left, e.right)):
        root_a, root_b = sets.find(edge.left), sets.find(edge.right)
        if root_a != root_b and all(
            compatible(a, b) for a in sets.members[root_a] for b in sets.members[root_b]
        ):
            sets.join(root_a, root_b)
    return sets.groups()


@pytest.mark.parametrize("seed", range(20))
def test_the_joins_are_those_of_checking_every_time(seed: int) -> None:
    rng = random.Random(seed)
    size = rng.randint(5, 60)
    vetoed = {(i, j) for i in range(size) for j in range(i + 1, size) if rng.random() < 0.05}
    checks: list[int] = []

    def compatible(a: int, b: int) -> bool:
        checks.append(1)
        return (min(a, b), max(a, b)) not in vetoed

    edges = [
        Edge(round(rng.random(), 2), i, j, "r", tier=rng.randint(0, 2))
        for i in range(size)
        for j in range(i + 1, size)
        if rng.random() < 0.3
    ]
    linked = link(size, edges, compatible)
    made = len(checks)
    checks.clear()
    assert linked.clusters == link_checking_every_time(size, edges, compatible)
    assert made <= len(checks)


def test_edges_between_two_clusters_kept_apart_are_not_checked_again() -> None:
    # 0-1-2 and 3-4-5 are chains; 2 and 3 are vetoed; nine edges join the two chains.
    checks: list[tuple[int, int]] = []

    def compatible(a: int, b: int) -> bool:
        checks.append((a, b))
        return {a, b} != {2, 3}

    chains = [
        Edge(1.0, 0, 1, "r"),
        Edge(1.0, 1, 2, "r"),
        Edge(1.0, 3, 4, "r"),
        Edge(1.0, 4, 5, "r"),
    ]
    across = [Edge(0.5, a, b, "r") for a in (0, 1, 2) for b in (3, 4, 5)]
    linked = link(6, chains + across, compatible)
    assert linked.clusters == [[0, 1, 2], [3, 4, 5]]
    # The chains' joins check 1 + 2 pairs each; the first edge across checks pairs until
    # (2, 3), the seventh; the other eight edges across check nothing (each would: 56).
    assert len(checks) == 6 + 7
