"""Merge stage: verified extractions -> stories, findings, figure series, contradictions,
timeline.

Pure code; an LLM may only *propose* (see `same_facts`). Reading `merge` top to
bottom shows the whole stage:

Steps 1-3 up to code's own scores need no proposal (`preparation`: the pipeline runs
them while the proposals are asked).

1. **Describe** every item once (`features.describe`): content words, numbers,
   entities, date, polarity.
2. **Stories** (`stories`): articles grouped by their entity profiles; items of
   different stories are never one fact.
3. **Block and link** (`linkage`, `matching`, `proposals`): items sharing two rare
   keys (numbers, entities, dates, content words), and items of one article quoting
   overlapping text, are scored with rapidfuzz plus hard vetoes (different numbers,
   dates, polarity, quantities are never one fact). Groups the model judged to be one
   fact (`same_facts`) add candidate links, applied after code's own and only where
   the vetoes allow every pair of the joined clusters. Clusters are joined strongest
   pair first, never across a vetoed pair.
4. **Fold copies** (`sources`: reprints, wire copies, translations) so that
   corroboration counts independent sources; stories are then ordered by weight.
5. **Per story**: findings (`findings`) ranked (`ranking`: independent sources,
   certainty, specificity, recency) and numbered F1, F2, ... across the stories in
   order, the top `TOP_FINDINGS` forming the story's body; figure series
   (`series`), and contradictions (`contradictions`), numbered on across stories.
6. **Timeline** (`timeline`): every finding that a dated event supports, including a
   figure restated as an event. Series and contradiction explanations are prose for
   the analyst, without ids (`core.wording`; outlets and dates name the sources).

The same input always gives the same output.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, Field

from summarizer.core.briefing import (
    Citation,
    Contradiction,
    FigureSeries,
    Finding,
    SourceCopy,
    Story,
    TimelineEntry,
)
from summarizer.core.dates import date_within
from summarizer.core.items import ArticleExtraction, DatedEvent, Figure
from summarizer.stages.merge.contradictions import find_contradictions
from summarizer.stages.merge.features import ItemFeatures, fold_name
from summarizer.stages.merge.findings import build_finding
from summarizer.stages.merge.linkage import Linkage, link
from summarizer.stages.merge.matching import same_fact_possible
from summarizer.stages.merge.preparation import (
    Background,
    Prepared,
    check,
    prepare,
    story_numbers,
)
from summarizer.stages.merge.proposals import Proposal, proposed_edges, proposed_pairs
from summarizer.stages.merge.ranking import rank_findings, story_title
from summarizer.stages.merge.series import build_series, open_questions
from summarizer.stages.merge.sources import fold_sources, source_copies
from summarizer.stages.merge.stories import StoryGroup, order_stories, regroup
from summarizer.stages.merge.timeline import build_timeline
from summarizer.store import ResultCache, computed

TOP_FINDINGS = 10
"""Findings shown in a story's body; the rest go to the appendix (all stay in the JSON)."""

WHOLE_SCOPE_ENTITIES = 1
"""A figure scoped to the story's most named entity ("Morocco") is story-wide."""


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
    stories: list[Story] = Field(default_factory=list)
    copies: list[SourceCopy] = Field(default_factory=list)
    pairs_scored: int = Field(default=0, description="Candidate item pairs compared.")
    quantity_questions: list[list[str]] = Field(
        default_factory=list,
        description="Per story, the ids of the series code could not tell from another "
        "series that may count the same quantity (`series.open_questions`).",
    )


def _link_items(
    prepared: Prepared, same_facts: Sequence[Proposal], story: Sequence[int]
) -> tuple[Linkage, int]:
    """Link items into facts; items of different stories (`story`: each item's) are
    never one fact."""
    features = prepared.features
    code_edges, pairs_scored = prepared.code_edges(story)
    proposed = proposed_pairs(same_facts, features)
    edges = [*code_edges, *proposed_edges(proposed, features)]

    def compatible(i: int, j: int) -> bool:
        pair = (i, j) if i < j else (j, i)
        return story[i] == story[j] and same_fact_possible(
            features[i], features[j], proposed=pair in proposed
        )

    linkage = link(len(features), edges, compatible)
    return linkage, pairs_scored


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
    *,
    same_facts: Sequence[tuple[Sequence[str], str]] = (),
    same_quantities: Sequence[tuple[frozenset[str], str]] = (),
    story_moves: Mapping[str, str] | None = None,
    results: ResultCache | None = None,
    prepared: Callable[[], Prepared] | None = None,
    linked: Callable[[], Linked] | None = None,
) -> MergeResult:
    """Merge verified extractions into cited findings, series, contradictions, timeline.

    `same_facts`: groups of item ids proposed as one fact (e.g. by
    `same_facts.propose_same_facts`), each with a reason; see `proposals`.
    `same_quantities`: sets of figure item ids proposed as one quantity (e.g. by
    `same_quantities.propose_same_quantities`), each with a reason; see `series`.
    `story_moves`: lone articles proposed to join another story (source id -> a source
    id of that story, e.g. by `same_story.propose_story_moves`); see `stories.regroup`.
    `results`: where a merge of the very same inputs by the same code is kept
    (`summarizer.store`), so that a warm rerun does not merge again.
    `prepared`: gives this merge's proposal-free part (`preparation`), e.g. computed
    while the proposals were asked; called only if the merge is not in `results`.
    `linked`: gives this merge's part up to the same-quantity proposals (`Linked`,
    e.g. from a `Linking` started once the other proposals were in), linked under
    these very `same_facts` and `story_moves`; called only if the merge is not in
    `results`, instead of `prepared`.
    """

    def inputs() -> list[str]:
        proposals = [
            [[list(ids), reason] for ids, reason in same_facts],
            sorted([sorted(ids), reason] for ids, reason in same_quantities),
            sorted((story_moves or {}).items()),
        ]
        proposed = json.dumps(proposals, ensure_ascii=False)
        return [*(x.model_dump_json() for x in extractions), proposed]

    def compute() -> MergeResult:
        if linked is None:
            ready = prepared() if prepared is not None else prepare(extractions)
            done = link_findings(extractions, same_facts, story_moves, ready)
        else:
            done = linked()
            if done.proposals != _proposals(same_facts, story_moves):
                raise ValueError("merge: `linked` was linked under other proposals")
        return _finish(done, same_quantities)

    return computed(results, MergeResult, "merge", inputs, compute)


Proposals = tuple[tuple[tuple[str, ...], str], ...]


def _proposals(
    same_facts: Sequence[tuple[Sequence[str], str]], story_moves: Mapping[str, str] | None
) -> tuple[Proposals, tuple[tuple[str, str], ...]]:
    facts = tuple((tuple(ids), reason) for ids, reason in same_facts)
    return facts, tuple(sorted((story_moves or {}).items()))


@dataclass(frozen=True)
class Linked:
    """Merge up to the same-quantity proposals (steps 1-6 but the series): the items
    linked into findings under `proposals` (same facts, story moves), ranked and
    numbered per story, with each story's contradictions and the timeline."""

    proposals: tuple[Proposals, tuple[tuple[str, str], ...]]
    published: dict[str, dt.date | None]
    groups: list[StoryGroup]
    source_groups: dict[str, str]
    story_findings: list[list[tuple[Finding, list[ItemFeatures]]]]
    contradictions: list[list[Contradiction]]
    timeline: tuple[list[TimelineEntry], list[TimelineEntry]]
    copies: list[SourceCopy]
    pairs_scored: int


def link_findings(
    extractions: Sequence[ArticleExtraction],
    same_facts: Sequence[tuple[Sequence[str], str]],
    story_moves: Mapping[str, str] | None,
    prepared: Prepared,
    stop: threading.Event | None = None,
) -> Linked:
    """The part of merge that the same-quantity proposals do not change (see `Linked`);
    raises `preparation.Stopped` at a story boundary once `stop` is set."""
    features = prepared.features
    published: dict[str, dt.date | None] = {e.source.id: e.source.published for e in extractions}
    outlets = {e.source.id: e.source.outlet for e in extractions}
    groups = prepared.groups
    if story_moves:
        groups = regroup(extractions, groups, story_moves)

    linkage, pairs_scored = _link_items(prepared, same_facts, story_numbers(features, groups))
    source_groups = fold_sources(
        extractions, [[features[i].item.source_id for i in c] for c in linkage.clusters]
    )
    groups = order_stories(groups, source_groups, published)
    story_of = {source: n for n, group in enumerate(groups) for source in group.source_ids}

    clusters_by_story: list[list[list[int]]] = [[] for _ in groups]
    for cluster in linkage.clusters:
        clusters_by_story[story_of[features[cluster[0]].item.source_id]].append(cluster)
    findings: list[tuple[Finding, list[ItemFeatures]]] = []
    by_story: list[list[tuple[Finding, list[ItemFeatures]]]] = []
    contradictions: list[list[Contradiction]] = []
    for clusters in clusters_by_story:
        check(stop)
        built = [
            build_finding(
                "",
                [features[i] for i in cluster],
                published,
                source_groups,
                _merge_reason(linkage, cluster[0], features),
            )
            for cluster in clusters
        ]
        ranked = rank_findings(
            [
                (finding, [features[i] for i in cluster])
                for finding, cluster in zip(built, clusters, strict=True)
            ],
            published,
        )
        story_findings = []
        for finding, members in ranked:
            finding = finding.model_copy(update={"id": f"F{len(findings) + 1}"})
            findings.append((finding, members))
            story_findings.append((finding, members))
        by_story.append(story_findings)
        contradictions.append(
            _renumbered(
                find_contradictions(
                    [(f, m) for f, m in story_findings if f.kind != "figure"], published, outlets
                ),
                first=sum(len(c) for c in contradictions) + 1,
            )
        )

    events = [
        (f, _event_text(m, f.statement), _dating_citations(f, m))
        for f, m in findings
        if any(isinstance(member.item, DatedEvent) for member in m)
    ]
    return Linked(
        proposals=_proposals(same_facts, story_moves),
        published=published,
        groups=groups,
        source_groups=source_groups,
        story_findings=by_story,
        contradictions=contradictions,
        timeline=build_timeline(events),
        copies=source_copies(extractions, source_groups),
        pairs_scored=pairs_scored,
    )


def _finish(linked: Linked, same_quantities: Sequence[tuple[frozenset[str], str]]) -> MergeResult:
    """Steps 5-6's figure series, under the same-quantity proposals, and the stories."""
    published = linked.published
    stories: list[Story] = []
    series: list[FigureSeries] = []
    questions: list[list[str]] = []
    parts = zip(linked.groups, linked.story_findings, linked.contradictions, strict=True)
    for number, (group, story_findings, story_contradictions) in enumerate(parts, 1):
        whole = frozenset(fold_name(e) for e in group.entities[:WHOLE_SCOPE_ENTITIES])
        story_series = build_series(
            [
                (finding, [m.item for m in members if isinstance(m.item, Figure)])
                for finding, members in story_findings
                if finding.kind == "figure"
            ],
            published,
            first_number=len(series) + 1,
            whole=whole,
            proposed=same_quantities,
        )
        figures = {
            m.item.id: m.item for _, ms in story_findings for m in ms if isinstance(m.item, Figure)
        }
        asked = open_questions(story_series, figures, published, whole)
        questions.append([story_series[i].id for i in asked])
        series += story_series
        ids = [f.id for f, _ in story_findings]
        names = story_title(group, [f for f, _ in story_findings])
        stories.append(
            Story(
                id=f"T{number}",
                title=names,
                names=names,
                source_ids=list(group.source_ids),
                independent_sources=len({linked.source_groups[s] for s in group.source_ids}),
                finding_ids=ids,
                top_finding_ids=ids[:TOP_FINDINGS],
                figure_series_ids=[s.id for s in story_series],
                contradiction_ids=[c.id for c in story_contradictions],
            )
        )
    timeline, undated = linked.timeline
    return MergeResult(
        findings=[finding for findings in linked.story_findings for finding, _ in findings],
        figure_series=series,
        contradictions=[c for found in linked.contradictions for c in found],
        timeline=timeline,
        undated=undated,
        source_groups=linked.source_groups,
        stories=stories,
        copies=linked.copies,
        pairs_scored=linked.pairs_scored,
        quantity_questions=questions,
    )


class Linking(Background[Linked]):
    """`link_findings` in a worker thread, e.g. while the same-quantity answers are out."""

    def __init__(
        self,
        extractions: Sequence[ArticleExtraction],
        same_facts: Sequence[tuple[Sequence[str], str]],
        story_moves: Mapping[str, str] | None,
        prepared: Callable[[], Prepared],
    ) -> None:
        args = list(extractions), list(same_facts), dict(story_moves or {})

        def work(stop: threading.Event) -> Linked:
            return link_findings(*args, prepared(), stop)

        super().__init__(work, "merge-linking")


def _renumbered(found: Sequence[Contradiction], *, first: int) -> list[Contradiction]:
    return [c.model_copy(update={"id": f"X{n}"}) for n, c in enumerate(found, start=first)]
