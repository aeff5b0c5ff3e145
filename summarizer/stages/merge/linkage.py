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

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

DEFAULT_MAX_BLOCK = 150


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
    keys: Sequence[Iterable[str]],
    max_block: int = DEFAULT_MAX_BLOCK,
    groups: Sequence[int] | None = None,
) -> Counter[tuple[int, int]]:
    """For each pair (i < j) sharing a key held by at most `max_block`: how many keys.

    With `groups` (a group number per record), only pairs within one group are
    counted: the caller's records of different groups are never compared (merge's
    items of different stories). A block's size is still the whole block's, so the
    pairs and counts are exactly those of counting everything and then keeping the
    pairs within a group, without building the cross-group pairs first.
    """
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, record_keys in enumerate(keys):
        for key in set(record_keys):
            blocks[key].append(index)
    shared: Counter[tuple[int, int]] = Counter()
    for members in blocks.values():
        if not 2 <= len(members) <= max_block:
            continue
        if groups is None:
            shared.update(combinations(members, 2))
            continue
        by_group: dict[int, list[int]] = defaultdict(list)
        for member in members:
            by_group[groups[member]].append(member)
        for grouped in by_group.values():
            if len(grouped) > 1:
                shared.update(combinations(grouped, 2))
    return shared


def candidate_pairs(
    keys: Sequence[Iterable[str]], max_block: int = DEFAULT_MAX_BLOCK, min_shared: int = 1
) -> list[tuple[int, int]]:
    """Pairs (i < j) sharing at least `min_shared` keys each held by at most `max_block`."""
    shared = shared_key_counts(keys, max_block)
    return sorted(pair for pair, count in shared.items() if count >= min_shared)


def idf_weights(document_frequency: Mapping[str, int], documents: int) -> dict[str, float]:
    """Smoothed inverse document frequency, ``1 + log((1 + N) / (1 + df))``: the one
    weighting of rare against common keys (content words, topics, entities) in merge."""
    return {
        key: 1.0 + math.log((1 + documents) / (1 + count))
        for key, count in document_frequency.items()
    }


class DisjointSets:
    """Union-find over 0..size-1 that keeps each set's members, rooted at its smallest."""

    def __init__(self, size: int) -> None:
        self._parent = list(range(size))
        self.members: dict[int, list[int]] = {i: [i] for i in range(size)}

    def find(self, i: int) -> int:
        parent = self._parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, a: int, b: int) -> int:
        """Join the sets of `a` and `b`; returns the kept root (the smaller)."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return root_a
        keep, drop = (root_a, root_b) if root_a < root_b else (root_b, root_a)
        self._parent[drop] = keep
        self.members[keep] = self.members[keep] + self.members.pop(drop)
        return keep

    def groups(self) -> list[list[int]]:
        """Every set, members ascending, in order of their smallest member."""
        return sorted(sorted(group) for group in self.members.values())


def link(
    size: int,
    edges: Iterable[Edge],
    compatible: Callable[[int, int], bool],
) -> Linkage:
    """Join records along `edges`, by tier and strongest first, never across a vetoed pair.

    Two clusters that hold a vetoed pair hold it whatever joins them later, so once a
    join of two clusters has failed, no later edge between them (or between clusters
    grown out of them) checks their pairs again (`apart`): with many edges between two
    large clusters (a figure reported by dozens of copies) those checks were quadratic
    again and again. The joins made are exactly those of checking every time.
    """
    sets = DisjointSets(size)
    used: dict[int, list[Edge]] = defaultdict(list)
    apart: dict[int, set[int]] = defaultdict(set)
    """Root -> the roots of clusters a join with it failed against."""
    for edge in sorted(edges, key=lambda e: (e.tier, -e.score, e.left, e.right)):
        root_a, root_b = sets.find(edge.left), sets.find(edge.right)
        if root_a == root_b or root_b in apart[root_a]:
            continue
        group_a, group_b = sets.members[root_a], sets.members[root_b]
        if not all(compatible(a, b) for a in group_a for b in group_b):
            apart[root_a].add(root_b)
            apart[root_b].add(root_a)
            continue
        keep = sets.join(root_a, root_b)
        drop = root_a if keep == root_b else root_b
        for other in apart[drop]:
            apart[other].discard(drop)
            apart[other].add(keep)
        apart[keep] |= apart.pop(drop)
        used[keep].extend([*used.pop(drop, []), edge])
    # A root is always its cluster's smallest member (the smaller root is kept).
    return Linkage(clusters=sets.groups(), edges={root: list(e) for root, e in used.items()})
