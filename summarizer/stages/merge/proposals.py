"""Same-fact groups proposed from outside code (an LLM), turned into vetoed links.

`same_facts.propose_same_facts` asks a model which items, worded differently, state
one fact ("the Russian parliament ratified the treaty" / "the State Duma and the
Federation Council approved the law ratifying the agreement"). The model
proposes, code disposes:

* every pair of items inside a proposed group becomes a candidate link, but only
  when `matching.same_fact_possible` allows it (different numbers or
  quantities, different resolved dates, opposite polarity, incompatible kinds,
  disjoint entities, two speakers of a number are never merged). For a proposed
  pair, two *unresolved* date expressions of one article do not veto: code's own
  scoring keeps such items apart, but it has no evidence that they differ;
* unknown item ids are ignored, and so is a group left with fewer than two items;
* proposed links are applied by `linkage.link` *after* every link code found
  itself, and like those only when the two clusters are compatible member by
  member: a proposed item joins a cluster only if it passes the vetoes with every
  item already in it, so a group never chains into a vetoed pair;
* among proposed links, the pair with the more similar statements goes first, so
  when an item could join either of two incompatible clusters it joins the one
  it resembles most.

A group's pairs grow with the square of its size, but a group is drawn from one
batch of at most `same_facts.BATCH_SIZE` items in which each item appears once,
so the work is bounded by a constant per batch (linear in the input).

The reason recorded on the link (and so in `Finding.merge_reason`) says that the
merge rests on the model's judgement, with the model's own reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from summarizer.stages.merge.features import ItemFeatures
from summarizer.stages.merge.linkage import Edge
from summarizer.stages.merge.matching import same_fact_possible, text_similarity

PROPOSED_TIER = 2
"""Proposed links are applied after every link code found (tiers 0 and 1)."""

Proposal = tuple[Sequence[str], str]
"""Item ids judged to state one fact, and why."""


def model_reason(reason: str) -> str:
    """The merge reason for a link that rests on the model's judgement."""
    why = reason.strip().rstrip(".") or "no reason given"
    return f"judged the same fact by the model: {why}; code found no conflicting number or date"


def proposed_pairs(
    proposals: Sequence[Proposal], features: Sequence[ItemFeatures]
) -> dict[tuple[int, int], str]:
    """Every pair (i < j of positions) inside a proposed group, with the group's reason."""
    position = {f.item.id: f.position for f in features}
    pairs: dict[tuple[int, int], str] = {}
    for item_ids, reason in proposals:
        members = sorted({position[i] for i in item_ids if i in position})
        for pair in combinations(members, 2):
            pairs.setdefault(pair, reason)
    return pairs


def proposed_edges(
    pairs: dict[tuple[int, int], str], features: Sequence[ItemFeatures]
) -> list[Edge]:
    """Candidate links for every proposed pair that passes the (proposal-aware) vetoes."""
    return [
        Edge(
            text_similarity(features[i].text, features[j].text),
            i,
            j,
            model_reason(reason),
            PROPOSED_TIER,
        )
        for (i, j), reason in pairs.items()
        if same_fact_possible(features[i], features[j], proposed=True)
    ]
