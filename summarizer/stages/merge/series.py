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

Values may differ: that is what a series is for. Code vetoes what `counted` itself
tells apart: a projection against a count, a part named by its qualifier (the seriously
injured, foreigners among the dead: `SUBSET_QUALIFIERS`), another period ("the fifth night" against
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
entries. An entry's date is the figure's own resolved as_of date; else, when the
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
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz

from summarizer.core.briefing import FigureSeries, Finding, SeriesEntry
from summarizer.core.dates import (
    ResolvedDate,
    date_sort_key,
    publication_date,
)
from summarizer.core.items import Figure
from summarizer.core.lexicon import EARLIER_CUES, INCREMENT_CUES, has_cue
from summarizer.stages.merge.evolution import classify
from summarizer.stages.merge.features import content_words, fold_name
from summarizer.stages.merge.findings import cite
from summarizer.stages.merge.linkage import Edge, candidate_pairs, link

SERIES_THRESHOLD = 0.75
SERIES_FLOOR = 0.60
QUESTION_FLOOR = 0.50
"""Counts of a measure that is not a toll are put to the model only when their labels are
at least this alike: "depth of the earthquake" and "distance from Marrakech" are not worth
asking about."""
TOLLS = frozenset({"deaths", "injured", "missing", "displaced", "affected", "arrests", "rescued"})
MAX_AS_OF_DAYS_APART = 90
SCOPE_SIMILARITY = 80
PLACE_WORDS = frozenset(
    (
        *("city", "town", "port", "village", "capital", "province", "region", "county"),
        *("district", "state", "area", "municipality", "department", "prefecture"),
        *("eastern", "western", "northern", "southern", "central", "north", "south", "east"),
        *("west", "whole", "entire", "greater"),
    )
)
SCOPE_EXCLUSIONS = frozenset(("outside", "excluding", "except", "beyond", "other", "elsewhere"))
PERIOD_WORDS = frozenset(
    (
        *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"),
        *("1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th"),
        *("since", "daily", "weekly", "nightly"),
    )
)
"""Words in `counted` that fix the period a count covers (the fifth night, since Tuesday).
A weekday names the event's day ("Sunday's earthquake"), and "total"/"overall" the
default whole, so neither is one."""
PROJECTION_WORDS = frozenset(
    ("projected", "projection", "possible", "potential", "feared", "eventual")
)
"""A projected toll is never compared with a counted one."""
SUBSET_QUALIFIERS = {
    **dict.fromkeys(
        ("serious", "seriously", "critical", "critically", "severe", "severely", "gravely"),
        "severe",
    ),
    **dict.fromkeys(("foreign", "foreigners", "nationals", "tourists"), "foreign"),
    **dict.fromkeys(("children", "child", "minors"), "children"),
    "women": "women",
    "among": "part",
}
"""Words in `counted` that make a count a part of the plain toll (the seriously injured
among the injured, the foreigners among the dead); the word's class is compared, so
"in critical condition" and "seriously injured" are one kind of count."""
MODEL_TIER = 2
"""Links a model proposed are applied after every link code found (`linkage.link`)."""
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass(frozen=True, slots=True)
class _Group:
    """A figure finding with the fields series grouping compares."""

    finding_id: str
    figures: list[Figure]
    counted: list[str]
    unit: str
    scope: str
    measure: str
    entities: frozenset[str]
    as_of: ResolvedDate | None
    share: bool
    period: frozenset[str]
    projected: bool
    subset: frozenset[str]
    years: frozenset[int]
    increment: bool


def _group(
    finding_id: str, figures: list[Figure], whole: frozenset[str], story_years: frozenset[int]
) -> _Group:
    first = figures[0]
    story_wide = not first.scope or fold_name(first.scope) in whole
    years = frozenset(int(y) for y in _YEAR.findall(f"{first.counted} {first.as_of or ''}"))
    return _Group(
        finding_id=finding_id,
        figures=figures,
        counted=[" ".join(content_words(f.counted)) for f in figures],
        unit=fold_name(first.unit_normalized or first.unit or ""),
        scope="" if story_wide else " ".join(content_words(first.scope or "")),
        measure=first.measure,
        entities=frozenset(fold_name(e) for f in figures for e in f.entities),
        as_of=first.as_of_date if first.as_of_date and first.as_of_date.resolved else None,
        share=_is_share(first.unit or first.unit_normalized or ""),
        period=frozenset(w for w in _words(first.counted) if w in PERIOD_WORDS),
        projected=bool(_words(first.counted) & PROJECTION_WORDS),
        subset=frozenset(
            SUBSET_QUALIFIERS[w] for w in _words(first.counted) if w in SUBSET_QUALIFIERS
        ),
        years=years if years - story_years else frozenset(),
        increment=has_cue(f"{first.amount} {first.counted}", INCREMENT_CUES),
    )


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.casefold()))


def _is_share(unit: str) -> bool:
    """A percentage or share, never comparable with a count of the same measure."""
    unit = unit.casefold()
    return "%" in unit or "percent" in unit or unit in {"pct", "share"}


def _ordinal(date: ResolvedDate) -> int:
    key = date_sort_key(date)
    return key[1].toordinal()


def _same_scope(a: str, b: str) -> bool:
    """Both story-wide, or one place however spelt: every place name of the shorter scope
    (its words but for `PLACE_WORDS` such as "city", "province", "eastern") matches a name
    of the other at rapidfuzz similarity `SCOPE_SIMILARITY` or more, so "the port city of
    Darna" is "the city of Derna, eastern Libya", and "Ludian County" is not "Qiaojia
    County"."""
    if not a or not b:
        return a == b
    if bool(set(a.split()) & SCOPE_EXCLUSIONS) != bool(set(b.split()) & SCOPE_EXCLUSIONS):
        return False  # "Libya outside Derna" is not Derna
    names_a, names_b = (
        [word for word in scope.split() if word not in PLACE_WORDS] or scope.split()
        for scope in (a, b)
    )
    shorter, longer = sorted((names_a, names_b), key=len)
    return all(
        any(fuzz.ratio(name, other) >= SCOPE_SIMILARITY for other in longer) for name in shorter
    )


def _counted_similarity(a: _Group, b: _Group) -> float:
    return max(fuzz.token_sort_ratio(x, y) for x in a.counted for y in b.counted) / 100


def _same_quantity_possible(a: _Group, b: _Group, *, proposed: bool = False) -> bool:
    """Whether two figure findings may count one quantity. `proposed`: the model judged
    they do, so what only code's caution keeps apart (a story-wide count beside a
    scoped one, `counted` worded too differently) no longer does; the vetoes stay."""
    if a.measure != b.measure or a.share != b.share or a.projected != b.projected:
        return False
    if a.subset != b.subset:
        return False  # the seriously injured are a part of the injured
    if a.period and b.period and a.period != b.period:
        return False  # the fifth night's arrests are not the total since Tuesday
    if a.years != b.years or a.increment != b.increment:
        return False  # "killed in the 1960 earthquake" is another event; "another 179" a part
    if a.as_of and b.as_of and abs(_ordinal(a.as_of) - _ordinal(b.as_of)) > MAX_AS_OF_DAYS_APART:
        return False  # a historical comparison ("12,000 dead in 1960") is another event
    if proposed:
        remainder = set(f"{a.scope} {b.scope}".split()) & SCOPE_EXCLUSIONS
        return (
            a.unit == b.unit
            and (_same_scope(a.scope, b.scope) or (not (a.scope and b.scope) and not remainder))
            and not _told_apart_by_one_report(a, b)
        )  # "Libya outside Derna" is a part of any story-wide count, never the whole
    if a.measure in TOLLS:
        return _same_scope(a.scope, b.scope)
    if a.unit != b.unit or _told_apart_by_one_report(a, b, same_speaker=True):
        return False
    if a.scope != b.scope and not set(a.counted) & set(b.counted):
        return False
    if a.entities and b.entities and not a.entities & b.entities:
        return False
    return _counted_similarity(a, b) >= SERIES_FLOOR


def _told_apart_by_one_report(a: _Group, b: _Group, *, same_speaker: bool = False) -> bool:
    """One article gives both, with incompatible values (2,012 dead in Morocco and
    1,293 in Al Haouz): its author counted two things, whatever a model proposes.
    `same_speaker`: only when one speaker (or none) gives both; two agencies' magnitudes
    in one article (6.5 by China's, 6.1 by the USGS) are one quantity they disagree on."""
    for x in a.figures:
        for y in b.figures:
            if x.source_id != y.source_id or x.quantity is None or y.quantity is None:
                continue
            if same_speaker and _speaker(x) != _speaker(y):
                continue
            (x_low, x_high), (y_low, y_high) = x.quantity.bounds(), y.quantity.bounds()
            below = x_high is not None and y_low is not None and x_high < y_low
            above = y_high is not None and x_low is not None and y_high < x_low
            if below or above:
                return True
    return False


def _speaker(figure: Figure) -> str:
    return fold_name(figure.attribution.speaker or "")


def _entry_date(figure: Figure, published: dt.date | None) -> ResolvedDate | None:
    as_of = figure.as_of_date
    if as_of is not None and (as_of.resolved or figure.as_of):
        return as_of
    return publication_date(published) if published is not None else None


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
    only where `_same_quantity_possible(..., proposed=True)` allows every pair.
    """
    groups = _groups([(f.id, figures) for f, figures in figure_findings], published, whole)
    keys = [
        {f"m:{g.measure}"}
        if g.measure in TOLLS
        else {f"u:{g.unit}|w:{w}" for text in g.counted for w in text.split()}
        for g in groups
    ]
    pairs = candidate_pairs(keys)
    edges = []
    for i, j in pairs:
        if _same_quantity_possible(groups[i], groups[j]):
            similarity = _counted_similarity(groups[i], groups[j])
            threshold = SERIES_FLOOR if groups[i].measure != "other" else SERIES_THRESHOLD
            if groups[i].measure in TOLLS or similarity >= threshold:
                edges.append(Edge(similarity, i, j, f"counted similarity {similarity:.2f}"))
    by_model = _proposed_pairs(groups, proposed)
    edges += [Edge(0.0, i, j, reason, tier=MODEL_TIER) for (i, j), reason in by_model.items()]

    def compatible(i: int, j: int) -> bool:
        pair = (i, j) if i < j else (j, i)
        return _same_quantity_possible(groups[i], groups[j], proposed=pair in by_model)

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


def _groups(
    members: Sequence[tuple[str, list[Figure]]],
    published: Mapping[str, dt.date | None],
    whole: frozenset[str],
) -> list[_Group]:
    """One `_Group` per (finding id, its figures), in order."""
    story_years = frozenset(
        d.year for _, figures in members for f in figures if (d := published.get(f.source_id))
    )
    return [_group(finding_id, figures, whole, story_years) for finding_id, figures in members]


def _proposed_pairs(
    groups: Sequence[_Group], proposed: Sequence[tuple[frozenset[str], str]]
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
    heads = _groups(
        [(s.id, [figures[e.citation.item] for e in s.entries]) for s in series], published, whole
    )
    asked: set[int] = set()
    for i, j in combinations(range(len(heads)), 2):
        a, b = heads[i], heads[j]
        worded_alike = a.measure in TOLLS or _counted_similarity(a, b) >= QUESTION_FLOOR
        if worded_alike and _same_quantity_possible(a, b, proposed=True):
            asked |= {i, j}
    return sorted(asked)


def _linked_parts(series: list[FigureSeries]) -> list[FigureSeries]:
    """Point each narrower toll at the story-wide series of its measure (`part_of`)."""
    wide = {s.measure: s.id for s in series if s.measure in TOLLS and s.scope is None}
    return [
        s.model_copy(update={"part_of": wide[s.measure]})
        if s.measure in wide and s.scope is not None and s.measure in TOLLS
        else s
        for s in series
    ]
