"""Sub-quadratic candidate blocking and conservative, veto-aware linkage.

Two generic steps, used for items (findings), figure series and contradictions:

1. **Blocking** (`candidate_pairs`). Each record has a set of string keys (shared
   numbers, entities, dates, content words). Only records sharing at least
   `min_shared` keys are compared (the count is taken in C by `Counter.update`,
   so it is cheap next to Python-level scoring). A key held by more than
   `max_block` records (such as "russia" in a corpus about Russia) does not
   discriminate, so its block is skipped; the records still meet through their
   rarer keys. Work is bounded by
   ``sum(min(block, max_block)^2)`` instead of ``n^2 / 2``.
2. **Linkage** (`link`). Scored pairs are applied by tier, then strongest first
   (merge uses tier 0 for items quoting one sentence, 1 for other pairs code
   found, 2 for pairs only proposed from outside, e.g. by an LLM). Two clusters
   are joined only when *every* cross pair passes the `compatible` veto, so a
   chain A~B~C never merges A with a C it contradicts (different numbers, dates,
   polarity). This is single linkage for similarity and complete linkage for
   vetoes: a missed merge is preferred to a false one.

Everything is deterministic: pairs are ordered by (tier, -score, i, j).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

DEFAULT_MAX_BLOCK = 150


@dataclass(slots=True)
class BlockingStats:
    """How much blocking saved: pairs scored versus all n(n-1)/2 pairs."""

    records: int = 0
    blocks: int = 0
    skipped_blocks: int = 0
    candidate_pairs: int = 0

    @property
    def all_pairs(self) -> int:
        return self.records * (self.records - 1) // 2


@dataclass(frozen=True, slots=True)
class Edge:
    """A scored pair that passed its threshold; `reason` says why, `tier` when to apply it."""

    score: float
    left: int
    right: int
    reason: str
    tier: int = 1


@dataclass(slots=True)
class Linkage:
    """Clusters (lists of record indices, ascending) and the edges that joined them."""

    clusters: list[list[int]]
    edges: dict[int, list[Edge]] = field(default_factory=dict)
    """Edges used, keyed by the cluster's smallest member."""


def shared_key_counts(
    keys: Sequence[Iterable[str]], max_block: int = DEFAULT_MAX_BLOCK
) -> tuple[Counter[tuple[int, int]], BlockingStats]:
    """For each pair (i < j) sharing a key held by at most `max_block`: how many keys."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, record_keys in enumerate(keys):
        for key in set(record_keys):
            blocks[key].append(index)
    stats = BlockingStats(records=len(keys))
    shared: Counter[tuple[int, int]] = Counter()
    for members in blocks.values():
        if len(members) < 2:
            continue
        if len(members) > max_block:
            stats.skipped_blocks += 1
            continue
        stats.blocks += 1
        shared.update(combinations(members, 2))
    return shared, stats


def candidate_pairs(
    keys: Sequence[Iterable[str]], max_block: int = DEFAULT_MAX_BLOCK, min_shared: int = 1
) -> tuple[list[tuple[int, int]], BlockingStats]:
    """Pairs (i < j) sharing at least `min_shared` keys each held by at most `max_block`."""
    shared, stats = shared_key_counts(keys, max_block)
    pairs = sorted(pair for pair, count in shared.items() if count >= min_shared)
    stats.candidate_pairs = len(pairs)
    return pairs, stats


def link(
    size: int,
    edges: Iterable[Edge],
    compatible: Callable[[int, int], bool],
) -> Linkage:
    """Join records along `edges`, by tier and strongest first, never across a vetoed pair."""
    parent = list(range(size))
    members: dict[int, list[int]] = {i: [i] for i in range(size)}
    used: dict[int, list[Edge]] = defaultdict(list)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for edge in sorted(edges, key=lambda e: (e.tier, -e.score, e.left, e.right)):
        root_a, root_b = find(edge.left), find(edge.right)
        if root_a == root_b:
            continue
        group_a, group_b = members[root_a], members[root_b]
        if not all(compatible(a, b) for a in group_a for b in group_b):
            continue
        keep, drop = (root_a, root_b) if root_a < root_b else (root_b, root_a)
        parent[drop] = keep
        members[keep] = group_a + group_b
        del members[drop]
        used[keep].extend([*used.pop(drop, []), edge])
    # A root is always its cluster's smallest member (the smaller root is kept).
    clusters = sorted(sorted(group) for group in members.values())
    return Linkage(clusters=clusters, edges={root: list(found) for root, found in used.items()})
