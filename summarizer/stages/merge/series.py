"""Figure series: every reported value of one quantity, side by side, classified.

**Grouping.** Series are built per story. Figure findings join one series when
they count the same thing. The extractor names a coarse `measure` for each figure
(deaths, injured, arrests, personnel, money, ...), in any language the same, so:

* different measures are never one series;
* a human **toll** (`TOLLS`: deaths, injured, missing, displaced, affected, arrests,
  rescued) of one scope is one quantity within a story, whatever words each answer
  uses for `counted` ("people killed", "confirmed deaths", "provisional toll");
* other measures (personnel, money, votes, buildings, other) also need the same unit,
  entities not disjoint, and rapidfuzz token-sort similarity of their `counted`
  texts of at least `SERIES_FLOOR` when both name the same measure, and
  `SERIES_THRESHOLD` for "other" (each pair across two groups at least
  `SERIES_FLOOR`; see `linkage.link`). Token-sort, not token-set: "additional
  soldiers Russia seeks to attract" must not pass for "soldiers sent to Russia".

Values may differ: that is what a series is for. Code vetoes (`quantity`, the one
home of these rules and word lists) what `counted` itself tells apart: a projection
against a count, a part named by its qualifier (the seriously injured, foreigners among
the dead: `SUBSET_QUALIFIERS`), another period ("the fifth night" against
"since Tuesday", `PERIOD_WORDS`), another event ("the 1960 earthquake": a year named
in `counted` or `as_of` that the other does not share), a share against a count, and
dates more than `MAX_AS_OF_DAYS_APART` apart, and an increment ("another 179 dead",
`lexicon.INCREMENT_CUES`) against the count. A value the report itself calls earlier
("the previous toll", `lexicon.EARLIER_CUES`) is not taken as of its article's date.

**Scope.** A count of a narrower scope (a town within the regional toll, a city
within the national one) is its own series, linked to the story-wide series of
its measure by `part_of`: related, never compared with it. A scope naming the
story's own main place ("Morocco" in a Moroccan story) is the story-wide scope.

For measures that are not tolls, scope keeps series apart, except when the
extractor described both figures with the *identical* counted text: then it judged
them one quantity, and the scope is shown on each entry instead. One speaker (or none)
giving two incompatible values of such a measure in one article ("12.000 viviendas" and
"30.000", both labelled homes destroyed) counts two things: they are kept apart.

**Order.** Series reported by more sources come first (the troop numbers of five
articles before a figure only one article gives), then in finding order.

**Entries.** One per supporting item, so a finding cited by two sources gives two
entries. An entry's date is the figure's own resolved as_of date (unless that is the
day the count began: "since last Tuesday"); else, when the
figure names a time code could not resolve ("Im Herbst"), that unresolved
expression (an honest "unknown" rather than the publication day, which would
misdate it); else the source's publication date; else None. Entries sort by date,
undated last.

**Explanation**: one or two sentences an analyst reads beside the entries, with
values and dates in English and no ids (`core.wording`), e.g. "Values rose over
time: 3,000 on 2024-10-24; 10,000–12,000 and more than 10,000 on 2024-12-05.
Undated: at least 11,000, 11,000, more than 10,000 (autumn)."

**Classification** (`evolution.classify`): consistent, update, conflict or undated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from itertools import combinations

from summarizer.core.briefing import FigureSeries, Finding, SeriesEntry
from summarizer.core.dates import ResolvedDate, date_sort_key, publication_date
from summarizer.core.items import Figure
from summarizer.core.lexicon import EARLIER_CUES, has_cue
from summarizer.stages.merge.evolution import classify
from summarizer.stages.merge.findings import cite
from summarizer.stages.merge.linkage import Edge, candidate_pairs, link
from summarizer.stages.merge.quantity import (
    SERIES_FLOOR,
    SERIES_THRESHOLD,
    TOLLS,
    Counts,
    counted_similarity,
    counts_of,
    same_quantity_possible,
)

MODEL_TIER = 2
"""Links a model proposed are applied after every link code found (`linkage.link`)."""
QUESTION_FLOOR = 0.50
"""Counts of a measure that is not a toll are put to the model only when their labels are
at least this alike: "depth of the earthquake" and "distance from Marrakech" are not worth
asking about."""


def _entry_date(figure: Figure, published: dt.date | None) -> ResolvedDate | None:
    as_of = figure.as_of_date
    if as_of is not None and (as_of.resolved or figure.as_of) and not _starts_the_count(figure):
        return as_of
    return publication_date(published) if published is not None else None


def _starts_the_count(figure: Figure) -> bool:
    """The `as_of` the extractor gave is the day the count began ("arrests since last
    Tuesday", as_of "last Tuesday"): the count runs to the report, not to that day."""
    as_of = (figure.as_of or "").casefold().strip()
    return bool(as_of) and f"since {as_of}" in f"{figure.counted} {figure.statement}".casefold()


def _is_earlier_value(figure: Figure) -> bool:
    """The report gives a superseded value ("the previous toll", "Wcześniej informowano"):
    it is not the count as of its article's date."""
    return has_cue(f"{figure.counted} {figure.quote}", EARLIER_CUES)


def build_series(
    figure_findings: Sequence[tuple[Finding, list[Figure]]],
    published: Mapping[str, dt.date | None],
    *,
    first_number: int = 1,
    whole: frozenset[str] = frozenset(),
    proposed: Sequence[tuple[frozenset[str], str]] = (),
) -> list[FigureSeries]:
    """Group figure findings (in finding order) into classified series S<first_number>, ...

    `whole`: folded names that mean the story's whole scope (its main places).
    `proposed`: sets of figure item ids that a model judged to count one quantity,
    each with its reason (`same_quantities`); joined after code's own links, and
    only where `same_quantity_possible(..., proposed=True)` allows every pair.
    """
    groups = counts_of([(f.id, figures) for f, figures in figure_findings], published, whole)
    keys = [
        {f"m:{g.measure}"}
        if g.measure in TOLLS
        else {f"u:{g.unit}|w:{w}" for text in g.counted for w in text.split()}
        for g in groups
    ]
    pairs = candidate_pairs(keys)
    edges = []
    for i, j in pairs:
        if same_quantity_possible(groups[i], groups[j]):
            similarity = counted_similarity(groups[i], groups[j])
            threshold = SERIES_FLOOR if groups[i].measure != "other" else SERIES_THRESHOLD
            if groups[i].measure in TOLLS or similarity >= threshold:
                edges.append(Edge(similarity, i, j, f"counted similarity {similarity:.2f}"))
    by_model = _proposed_pairs(groups, proposed)
    edges += [Edge(0.0, i, j, reason, tier=MODEL_TIER) for (i, j), reason in by_model.items()]

    def compatible(i: int, j: int) -> bool:
        pair = (i, j) if i < j else (j, i)
        return same_quantity_possible(groups[i], groups[j], proposed=pair in by_model)

    linkage = link(len(groups), edges, compatible)

    def sources(cluster: list[int]) -> int:
        return len({figure.source_id for i in cluster for figure in groups[i].figures})

    series: list[FigureSeries] = []
    ordered = sorted(linkage.clusters, key=lambda cluster: (-sources(cluster), cluster[0]))
    for number, cluster in enumerate(ordered, start=first_number):
        entries = [
            SeriesEntry(
                finding_id=groups[i].finding_id,
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
        head = groups[cluster[0]]
        scoped = next((groups[i] for i in cluster if groups[i].scope), None)
        joined = next(
            (e.reason for e in linkage.edges.get(cluster[0], []) if e.tier == MODEL_TIER), None
        )
        earlier = frozenset(
            f.id for i in cluster for f in groups[i].figures if _is_earlier_value(f)
        )
        classification, explanation, entries = classify(entries, head.measure, earlier)
        if joined is not None:
            explanation += " Counts joined on the model's judgement that they are one quantity."
        series.append(
            FigureSeries(
                id=f"S{number}",
                counted=head.figures[0].counted,
                unit=head.figures[0].unit_normalized or head.figures[0].unit,
                entries=entries,
                classification=classification,
                explanation=explanation,
                measure=head.measure,
                scope=scoped.figures[0].scope if scoped else None,
                joined_by_model=joined,
            )
        )
    return _linked_parts(series)


def _proposed_pairs(
    groups: Sequence[Counts], proposed: Sequence[tuple[frozenset[str], str]]
) -> dict[tuple[int, int], str]:
    """Pairs of groups (i < j) inside one proposed set, with the model's reason."""
    pairs: dict[tuple[int, int], str] = {}
    for items, reason in proposed:
        inside = [n for n, g in enumerate(groups) if any(f.id in items for f in g.figures)]
        for i, j in combinations(inside, 2):
            pairs.setdefault((i, j), reason)
    return pairs


def open_questions(
    series: Sequence[FigureSeries],
    figures: Mapping[str, Figure],
    published: Mapping[str, dt.date | None],
    whole: frozenset[str] = frozenset(),
) -> list[int]:
    """Indices of the series (of one story) that code could not tell from another one
    that may count the same quantity: a story-wide count beside a scoped one, or two
    counts of one measure and unit worded too differently to join. Only these are
    worth a model's judgement (`same_quantities`)."""
    heads = counts_of(
        [(s.id, [figures[e.citation.item] for e in s.entries]) for s in series], published, whole
    )
    asked: set[int] = set()
    for i, j in combinations(range(len(heads)), 2):
        a, b = heads[i], heads[j]
        worded_alike = a.measure in TOLLS or counted_similarity(a, b) >= QUESTION_FLOOR
        if worded_alike and same_quantity_possible(a, b, proposed=True):
            asked |= {i, j}
    return sorted(asked)


def _linked_parts(series: list[FigureSeries]) -> list[FigureSeries]:
    """Point each narrower toll at the story-wide series of its measure (`part_of`): the
    one most sources report (series come in that order), not a stray count of another
    event ("killed in the 1960 earthquake") or an increment ("another 179")."""
    wide: dict[str, str] = {}
    for s in series:
        if s.measure in TOLLS and s.scope is None:
            wide.setdefault(s.measure, s.id)
    return [
        s.model_copy(update={"part_of": wide[s.measure]})
        if s.measure in wide and s.scope is not None and s.measure in TOLLS
        else s
        for s in series
    ]
