"""Merge stage: verified extractions -> findings, figure series, contradictions, timeline.

Pure code; an LLM may only *propose* (see `same_facts`). Reading `merge` top to
bottom shows the whole stage:

1. **Describe** every item once (`item_features.describe`): content words,
   numbers, entities, date, polarity.
2. **Block and link** (`clustering`, `fact_matching`, `proposals`): items sharing
   two rare keys (numbers, entities, dates, content words), and items of one
   article quoting overlapping text, are scored with rapidfuzz plus hard vetoes
   (different numbers, dates, polarity, quantities are never one fact). Groups
   the model judged to be one fact (`same_facts`) add candidate links, applied
   after code's own and only where the vetoes allow every pair of the joined
   clusters. Clusters are joined strongest pair first, never across a vetoed
   pair. An optional `adjudicate` callback (e.g. an LLM) may reject any merged
   cluster, which then falls back to one finding per item.
3. **Fold near-duplicate articles** (`near_duplicates`) so that corroboration
   counts independent sources.
4. **Findings** (`findings`), numbered F1, F2, ... by independent sources
   (descending), then number of citations (descending), then the input position
   of their first item (extractions in the given order, and within one the
   claims, figures, dates in extraction order).
5. **Figure series** S1, ... (`figure_series`), **contradictions** X1, ...
   (`contradictions`) and the **timeline** (`timeline`: every finding that a
   dated event supports, including a figure restated as an event). Series and
   contradiction explanations are prose for the analyst, without ids
   (`series_text`; outlets and dates name the sources).

The same input always gives the same output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from pydantic import BaseModel, Field

from summarizer.core.briefing import Citation, Contradiction, FigureSeries, Finding, TimelineEntry
from summarizer.core.dates import date_within
from summarizer.core.items import ArticleExtraction, DatedEvent, Figure
from summarizer.stages.merge.contradictions import find_contradictions
from summarizer.stages.merge.features import Item, ItemFeatures, describe
from summarizer.stages.merge.findings import build_finding
from summarizer.stages.merge.linkage import Linkage, link, shared_key_counts
from summarizer.stages.merge.matching import (
    FactMatcher,
    blocking_keys,
    passage_pairs,
    same_fact_possible,
)
from summarizer.stages.merge.proposals import Proposal, proposed_edges, proposed_pairs
from summarizer.stages.merge.series import build_series
from summarizer.stages.merge.sources import fold_sources
from summarizer.stages.merge.timeline import build_timeline

MIN_SHARED_KEYS = 2
"""Items are scored only when they share two blocking keys (one shared word is noise)."""

Adjudicator = Callable[[list[Item]], bool]
"""Given the items of a proposed merge, True to accept it, False to keep them apart."""


class MergeResult(BaseModel):
    """Everything merge produces; the briefing copies these fields."""

    findings: list[Finding] = Field(default_factory=list)
    figure_series: list[FigureSeries] = Field(default_factory=list)
    contradictions: list[Contradiction] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    undated: list[TimelineEntry] = Field(default_factory=list)
    source_groups: dict[str, str] = Field(
        default_factory=dict,
        description="Each source id -> the first source of its near-duplicate group.",
    )
    pairs_scored: int = Field(default=0, description="Candidate item pairs compared.")


def _link_items(
    features: Sequence[ItemFeatures], same_facts: Sequence[Proposal]
) -> tuple[Linkage, int]:
    shared, _ = shared_key_counts([blocking_keys(f) for f in features])
    pairs = [pair for pair, count in shared.items() if count >= MIN_SHARED_KEYS]
    pairs += [pair for pair in passage_pairs(features) if shared.get(pair, 0) < MIN_SHARED_KEYS]
    matcher = FactMatcher(features)
    edges = [edge for i, j in pairs if (edge := matcher.score(features[i], features[j]))]
    proposed = proposed_pairs(same_facts, features)
    edges += proposed_edges(proposed, features)

    def compatible(i: int, j: int) -> bool:
        pair = (i, j) if i < j else (j, i)
        return same_fact_possible(features[i], features[j], proposed=pair in proposed)

    linkage = link(len(features), edges, compatible)
    return linkage, len(pairs)


def _adjudicated(
    linkage: Linkage, features: Sequence[ItemFeatures], adjudicate: Adjudicator
) -> Linkage:
    clusters: list[list[int]] = []
    edges = {}
    for cluster in linkage.clusters:
        if len(cluster) > 1 and not adjudicate([features[i].item for i in cluster]):
            clusters.extend([i] for i in cluster)
        else:
            clusters.append(cluster)
            if cluster[0] in linkage.edges:
                edges[cluster[0]] = linkage.edges[cluster[0]]
    return Linkage(clusters=sorted(clusters), edges=edges)


def _merge_reason(linkage: Linkage, root: int, features: Sequence[ItemFeatures]) -> str | None:
    edges = linkage.edges.get(root)
    if not edges:
        return None
    return " | ".join(
        f"{features[e.left].item.id} ~ {features[e.right].item.id}: {e.reason}" for e in edges
    )


def _event_text(members: Sequence[ItemFeatures], statement: str) -> str:
    events = [m.item for m in members if isinstance(m.item, DatedEvent)]
    spoken = [e for e in events if e.statement == statement]
    return (spoken or events)[0].event if events else statement


def _dating_citations(finding: Finding, members: Sequence[ItemFeatures]) -> list[Citation]:
    """The finding's citations whose own item gives the timeline entry its date.

    An unresolved date is one source's expression ("am 6. November"); a resolved one
    is the finest date of the members, and only members whose own date lies within it
    give it ("2022" does not give "2022-02"). The other members support the event, not
    its date, and are cited by the finding itself.
    """
    date = finding.date
    if date is None:
        return finding.citations
    dating = {
        m.item.id
        for m in members
        if isinstance(m.item, DatedEvent)
        and (date_within(m.date, date) if date.resolved else m.date == date)
    }
    return [c for c in finding.citations if c.item in dating] or finding.citations


def merge(
    extractions: Sequence[ArticleExtraction],
    adjudicate: Adjudicator | None = None,
    *,
    same_facts: Sequence[tuple[Sequence[str], str]] = (),
) -> MergeResult:
    """Merge verified extractions into cited findings, series, contradictions, timeline.

    `same_facts`: groups of item ids proposed as one fact (e.g. by
    `same_facts.propose_same_facts`), each with a reason; see `proposals`.
    """
    items = [item for extraction in extractions for item in extraction.items()]
    features = [describe(item, position) for position, item in enumerate(items)]
    published: dict[str, dt.date | None] = {e.source.id: e.source.published for e in extractions}
    outlets = {e.source.id: e.source.outlet for e in extractions}

    linkage, pairs_scored = _link_items(features, same_facts)
    if adjudicate is not None:
        linkage = _adjudicated(linkage, features, adjudicate)
    source_groups = fold_sources(
        extractions, [[features[i].item.source_id for i in c] for c in linkage.clusters]
    )

    def rank(cluster: list[int]) -> tuple[int, int, int]:
        groups = {source_groups[features[i].item.source_id] for i in cluster}
        return -len(groups), -len(cluster), cluster[0]

    ordered = sorted(linkage.clusters, key=rank)
    findings: list[tuple[Finding, list[ItemFeatures]]] = []
    for number, cluster in enumerate(ordered, start=1):
        members = [features[i] for i in cluster]
        reason = _merge_reason(linkage, cluster[0], features)
        finding = build_finding(f"F{number}", members, published, source_groups, reason)
        findings.append((finding, members))

    figures = [
        (finding, [m.item for m in members if isinstance(m.item, Figure)])
        for finding, members in findings
        if finding.kind == "figure"
    ]
    statements = [(f, m) for f, m in findings if f.kind != "figure"]
    events = [
        (f, _event_text(m, f.statement), _dating_citations(f, m))
        for f, m in findings
        if any(isinstance(member.item, DatedEvent) for member in m)
    ]
    timeline, undated = build_timeline(events)
    return MergeResult(
        findings=[finding for finding, _ in findings],
        figure_series=build_series(figures, published),
        contradictions=find_contradictions(statements, published, outlets),
        timeline=timeline,
        undated=undated,
        source_groups=source_groups,
        pairs_scored=pairs_scored,
    )
