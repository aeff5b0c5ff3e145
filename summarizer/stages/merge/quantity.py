"""What counts as one quantity: the fields two figure findings are compared on, and the
vetoes that keep two counts apart (see `series` for how series are built from them).

A `Counts` is one figure finding as series grouping sees it: its `counted` texts as
content words, its unit, scope (empty when story-wide), measure, entities, date, and
the qualifiers its `counted` names (a projection, a period, a part, another event's
year, an increment). `same_quantity_possible` is the one veto function, used for code's
own links and, with `proposed=True`, for the links a model proposed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from summarizer.core.dates import ResolvedDate, date_sort_key
from summarizer.core.items import Figure
from summarizer.core.lexicon import INCREMENT_CUES, has_cue
from summarizer.stages.merge.features import content_text, fold_name

SERIES_THRESHOLD = 0.75
SERIES_FLOOR = 0.60
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
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass(frozen=True, slots=True)
class Counts:
    """A figure finding with the fields series grouping compares."""

    finding_id: str
    figures: list[Figure]
    counted: list[str]
    """Its figures' `counted` texts as content words, each once."""
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


def _counts(
    finding_id: str, figures: list[Figure], whole: frozenset[str], story_years: frozenset[int]
) -> Counts:
    first = figures[0]
    story_wide = not first.scope or fold_name(first.scope) in whole
    years = frozenset(int(y) for y in _YEAR.findall(f"{first.counted} {first.as_of or ''}"))
    return Counts(
        finding_id=finding_id,
        figures=figures,
        counted=list(dict.fromkeys(content_text(f.counted) for f in figures)),
        unit=fold_name(first.unit_normalized or first.unit or ""),
        scope="" if story_wide else content_text(first.scope or ""),
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


def counted_similarity(a: Counts, b: Counts) -> float:
    return max(fuzz.token_sort_ratio(x, y) for x in a.counted for y in b.counted) / 100


def same_quantity_possible(a: Counts, b: Counts, *, proposed: bool = False) -> bool:
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
    if proposed and _may_join_when_proposed(a, b):
        return True
    if a.measure in TOLLS:
        return _same_scope(a.scope, b.scope)
    if a.unit != b.unit or _told_apart_by_one_report(a, b, same_speaker=True):
        return False
    if a.scope != b.scope and not set(a.counted) & set(b.counted):
        return False
    if a.entities and b.entities and not a.entities & b.entities:
        return False
    return counted_similarity(a, b) >= SERIES_FLOOR


def _may_join_when_proposed(a: Counts, b: Counts) -> bool:
    """What a model's proposal may join beyond code's own rules: one unit, and one scope
    or a story-wide count beside a scoped one, unless one report gives both apart. A
    remainder ("Libya outside Derna") is a part of any story-wide count, never the whole."""
    remainder = set(f"{a.scope} {b.scope}".split()) & SCOPE_EXCLUSIONS
    return (
        a.unit == b.unit
        and (_same_scope(a.scope, b.scope) or (not (a.scope and b.scope) and not remainder))
        and not _told_apart_by_one_report(a, b)
    )


def _told_apart_by_one_report(a: Counts, b: Counts, *, same_speaker: bool = False) -> bool:
    """One article gives both, with incompatible values (2,012 dead in Morocco and
    1,293 in Al Haouz): its author counted two things, whatever a model proposes.
    `same_speaker`: only when one speaker (or none) gives both; two agencies' magnitudes
    in one article (6.5 by China's, 6.1 by the USGS) are one quantity they disagree on."""
    for x in a.figures:
        for y in b.figures:
            if x.source_id != y.source_id or x.quantity is None or y.quantity is None:
                continue
            if "vague" in (x.quantity.kind, y.quantity.kind):
                continue  # "thousands" is no value to tell two counts apart by
            if same_speaker and _speaker(x) != _speaker(y):
                continue
            if x.quantity.excludes(y.quantity):
                return True
    return False


def _speaker(figure: Figure) -> str:
    return fold_name(figure.attribution.speaker or "")


def counts_of(
    members: Sequence[tuple[str, list[Figure]]],
    published: Mapping[str, dt.date | None],
    whole: frozenset[str],
) -> list[Counts]:
    """One `Counts` per (finding id, its figures), in order."""
    story_years = frozenset(
        d.year for _, figures in members for f in figures if (d := published.get(f.source_id))
    )
    return [_counts(finding_id, figures, whole, story_years) for finding_id, figures in members]
