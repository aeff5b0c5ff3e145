"""Figure series: every reported value of one quantity, side by side, classified.

**Grouping.** Figure findings join one series when they count the same thing:
same unit, entities not disjoint, and rapidfuzz token-sort similarity of their
`counted` texts of at least `SERIES_THRESHOLD` (each pair across two groups at
least `SERIES_FLOOR`; see `clustering.link`). Token-sort, not token-set: "additional
soldiers Russia seeks to attract" must not pass for "soldiers sent to Russia".
Values may differ: that is what a series is for.

Scope keeps series apart (a region and the whole country), except when the
extractor described both figures with the *identical* counted text: then it
judged them one quantity, and the scope is shown on each entry instead. (The
extractor often fills `scope` with the destination of a deployment, e.g. "Kursk
region" for the whole contingent sent there.)

**Order.** Series reported by more sources come first (the troop numbers of five
articles before a figure only one article gives), then in finding order.

**Entries.** One per supporting item, so a finding cited by two sources gives two
entries. An entry's date is the figure's own resolved as_of date; else, when the
figure names a time code could not resolve ("Im Herbst"), that unresolved
expression (an honest "unknown" rather than the publication day, which would
misdate it); else the source's publication date; else None. Entries sort by date,
undated last.

**Explanation**: one or two sentences an analyst reads beside the entries, with
values and dates in English and no ids (`series_text`), e.g. "Values rose over
time: 3,000 on 2024-10-24; 10,000–12,000 and more than 10,000 on 2024-12-05.
Undated: at least 11,000, 11,000, more than 10,000 (autumn)."

**Classification** rests only on precise values (vague amounts such as
"Tausende" may join but never decide), compared as intervals (`Quantity.bounds`):

* ``single``: one entry;
* ``consistent``: all intervals overlap (or fewer than two precise values);
* ``update``: some values are incompatible, every incompatible pair that can be
  placed in time lies at different times, and at least one can;
* ``conflict``: some incompatible pair is dated at the same time, or no
  incompatible pair can be placed in time at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from rapidfuzz import fuzz

from summarizer.core.briefing import FigureSeries, Finding, SeriesEntry
from summarizer.core.dates import (
    ResolvedDate,
    date_sort_key,
    dates_apart,
    dates_overlap,
    publication_date,
)
from summarizer.core.items import Figure
from summarizer.core.wording import value_list
from summarizer.stages.merge.features import content_words, fold_name
from summarizer.stages.merge.findings import cite
from summarizer.stages.merge.linkage import Edge, candidate_pairs, link

SERIES_THRESHOLD = 0.75
SERIES_FLOOR = 0.60

Classification = Literal["single", "consistent", "update", "conflict"]


@dataclass(frozen=True, slots=True)
class _Group:
    """A figure finding with the fields series grouping compares."""

    finding: Finding
    figures: list[Figure]
    counted: list[str]
    unit: str
    scope: str
    entities: frozenset[str]


def _group(finding: Finding, figures: list[Figure]) -> _Group:
    first = figures[0]
    return _Group(
        finding=finding,
        figures=figures,
        counted=[" ".join(content_words(f.counted)) for f in figures],
        unit=fold_name(first.unit_normalized or first.unit or ""),
        scope=fold_name(first.scope or ""),
        entities=frozenset(fold_name(e) for f in figures for e in f.entities),
    )


def _counted_similarity(a: _Group, b: _Group) -> float:
    return max(fuzz.token_sort_ratio(x, y) for x in a.counted for y in b.counted) / 100


def _same_quantity_possible(a: _Group, b: _Group) -> bool:
    if a.unit != b.unit:
        return False
    if a.scope != b.scope and not set(a.counted) & set(b.counted):
        return False
    if a.entities and b.entities and not a.entities & b.entities:
        return False
    return _counted_similarity(a, b) >= SERIES_FLOOR


def _entry_date(figure: Figure, published: dt.date | None) -> ResolvedDate | None:
    as_of = figure.as_of_date
    if as_of is not None and (as_of.resolved or figure.as_of):
        return as_of
    return publication_date(published) if published is not None else None


def _interval(entry: SeriesEntry) -> tuple[float, float] | None:
    """The closed interval a precise entry asserts; None for vague or unparsed ones."""
    quantity = entry.quantity
    if quantity is None or quantity.kind == "vague":
        return None
    low, high = quantity.bounds()
    if low is None and high is None:
        return None
    return (low if low is not None else float("-inf"), high if high is not None else float("inf"))


def _direction(over_time: Sequence[tuple[SeriesEntry, SeriesEntry]]) -> str:
    """'rose', 'fell' or 'changed': how the values placed in time moved."""
    moves = set()
    for a, b in over_time:
        early, late = sorted((a, b), key=lambda e: date_sort_key(e.date))
        early_interval, late_interval = _interval(early), _interval(late)
        if early_interval is not None and late_interval is not None:
            moves.add("rose" if late_interval[0] > early_interval[1] else "fell")
    return moves.pop() if len(moves) == 1 else "changed"


def classify(entries: Sequence[SeriesEntry]) -> tuple[Classification, str]:
    """The series class and an English explanation with the values and dates (no ids)."""
    precise = [(entry, interval) for entry in entries if (interval := _interval(entry))]
    vague = [entry for entry in entries if _interval(entry) is None]
    listed = value_list([e for e, _ in precise])
    vague_note = f" Vague amounts, not compared: {value_list(vague)}." if vague else ""
    if len(entries) == 1:
        return "single", f"One reported value: {value_list(entries)}."
    if len(precise) < 2:
        return "consistent", f"Too few precise values to compare: {listed or 'none'}.{vague_note}"
    clashes = [
        (a, b) for (a, ia), (b, ib) in combinations(precise, 2) if ia[1] < ib[0] or ib[1] < ia[0]
    ]
    if not clashes:
        return "consistent", f"All values agree: {listed}.{vague_note}"
    same_time = [(a, b) for a, b in clashes if dates_overlap(a.date, b.date)]
    over_time = [(a, b) for a, b in clashes if dates_apart(a.date, b.date)]
    if same_time:
        return "conflict", f"Values disagree at the same time: {listed}.{vague_note}"
    if not over_time:
        lead = "Values disagree and no dates tell whether they changed over time"
        return "conflict", f"{lead}: {listed}.{vague_note}"
    return "update", f"Values {_direction(over_time)} over time: {listed}.{vague_note}"


def build_series(
    figure_findings: Sequence[tuple[Finding, list[Figure]]],
    published: Mapping[str, dt.date | None],
) -> list[FigureSeries]:
    """Group figure findings (in finding order) into classified series S1, S2, ..."""
    groups = [_group(finding, figures) for finding, figures in figure_findings]
    keys = [{f"u:{g.unit}|w:{w}" for text in g.counted for w in text.split()} for g in groups]
    pairs, _ = candidate_pairs(keys)
    edges = []
    for i, j in pairs:
        if _same_quantity_possible(groups[i], groups[j]):
            similarity = _counted_similarity(groups[i], groups[j])
            if similarity >= SERIES_THRESHOLD:
                edges.append(Edge(similarity, i, j, f"counted similarity {similarity:.2f}"))
    linkage = link(len(groups), edges, lambda i, j: _same_quantity_possible(groups[i], groups[j]))

    def sources(cluster: list[int]) -> int:
        return len({figure.source_id for i in cluster for figure in groups[i].figures})

    series = []
    ordered = sorted(linkage.clusters, key=lambda cluster: (-sources(cluster), cluster[0]))
    for number, cluster in enumerate(ordered, start=1):
        entries = [
            SeriesEntry(
                finding_id=groups[i].finding.id,
                amount=figure.amount,
                quantity=figure.quantity,
                scope=figure.scope,
                speaker=figure.attribution.speaker,
                date=_entry_date(figure, published.get(figure.source_id)),
                citation=cite(figure),
            )
            for i in cluster
            for figure in groups[i].figures
        ]
        entries.sort(key=lambda e: date_sort_key(e.date))
        classification, explanation = classify(entries)
        head = groups[cluster[0]].figures[0]
        series.append(
            FigureSeries(
                id=f"S{number}",
                counted=head.counted,
                unit=head.unit_normalized or head.unit,
                entries=entries,
                classification=classification,
                explanation=explanation,
            )
        )
    return series
