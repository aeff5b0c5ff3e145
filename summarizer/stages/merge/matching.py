"""When two extracted items state the same fact: blocking keys, vetoes, and a score.

Claims and dated events are compared with each other (a dated event is a claim
with a date); a figure with a claim or event only when both statements carry the
same numbers ("sent 11,000 soldiers" as a claim and as a figure is one fact).

**Same passage.** Items of one article whose grounded quotes overlap (the
extractor split one sentence into a claim, a figure and a dated event) are found
directly (`passage_pairs`, a sweep over each article's spans) rather than by
blocking. For them the number vetoes are relaxed to *compatible*: one item's
numbers may be a subset of the other's, and a claim may join a figure whose
numbers it repeats (none written as digits on either side also agrees: "more
than ten thousand"). They merge when one statement's content words are (nearly)
contained in the other's (rapidfuzz token-set ratio >= `SAME_PASSAGE_THRESHOLD`),
because one sentence often carries several different facts ("the treaty was
signed on 19 June" / "it enters into force once ratified") that only share words.
A combined claim covering two figures of different value ("5.2 billion from arms
sales and 544 million from military support") joins the figure it matches best
(ties: the first); the two figures never join each other, so the other figure
stays its own finding.

**Vetoes** (`same_fact_possible`) are hard: two items are never the same fact when
they differ in polarity (one negates), in the non-year numbers of their
statements, in their years, in resolved dates that share no day, in the date
expressions of two events of one article ("am 6. November" / "letzte Woche"), when
both name entities and none is shared, when both carry numbers and name different
speakers (`speakers_differ`, across passages: "The New York Times: 11,000" and
"South Korean, US and Ukrainian intelligence: at least 11,000" are two reports of
one quantity, which the figure series sets side by side, not one fact), or — for
figures — in unit, scope or parsed quantity (scope is ignored when both count the
identical thing, as in `series`: the extractor often fills scope with a
deployment's destination).
Quantities agree when kind and bounds are equal, or when one is exact and the other
a hedge on the *same* number ("mindestens 11.000" ~ "11.000", "bis zu 5,2
Milliarden" ~ "5,2 Milliarden"); any other difference keeps them apart.

**Score** (`FactMatcher.score`): for claims and events, the mean of two views of
the statements' content words: rapidfuzz (mean of token-sort and token-set ratio)
for wording, and TF-IDF cosine (IDF over the whole input) so that rare, telling
words ("decree", "ratifying") count more than words every item shares ("North
Korean", "treaty"). It must reach `CLAIM_THRESHOLD`, or `CORROBORATED_THRESHOLD`
when the pair also shares a resolved date or its exact numbers. Two dated events
whose resolved dates overlap (a coarser date containing a finer one counts: 2022
and 2022-02) may instead match on their short event descriptions
(`EVENT_THRESHOLD`). Figures, whose quantities already agree, are scored on what
they count (`FIGURE_THRESHOLD`). Every accepted pair carries a readable reason
such as "statement similarity 0.87; shared entities North Korea, Russia; same
date 2024-06-19".
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz

from summarizer.core.dates import dates_apart, dates_overlap
from summarizer.core.items import DatedEvent, Figure, Quantity
from summarizer.stages.merge.features import (
    ItemFeatures,
    content_text,
    content_words,
    fold_name,
)
from summarizer.stages.merge.linkage import Edge, idf_weights

CLAIM_THRESHOLD = 0.75
CORROBORATED_THRESHOLD = 0.55
FIGURE_THRESHOLD = 0.70
EVENT_THRESHOLD = 0.75
SAME_PASSAGE_THRESHOLD = 0.85
SAME_PASSAGE_TIER = 0
"""Items quoting one sentence are linked first, so a sentence's items stay together."""
OTHER_TIER = 1
_HEDGES = frozenset({"lower_bound", "upper_bound", "approximate"})


def blocking_keys(features: ItemFeatures) -> list[str]:
    """Keys under which an item meets its candidates: numbers, dates, entities, words.

    Numbers and entities are shared by all kinds (a claim may restate a figure);
    words and dates are kept apart between figures and claims/events.
    """
    group = "f" if features.kind == "figure" else "ce"
    keys = [f"t:{token}" for token in features.tokens]
    if features.date is not None and features.date.iso is not None:
        keys.append(f"d:{features.date.iso[:7]}")
        keys.append(f"y:{features.date.iso[:4]}")
    if isinstance(features.item, Figure):
        keys += [f"c:{word}" for word in content_words(features.item.counted)]
    shared = [f"n:{value:g}" for value in features.numbers]
    shared += [f"e:{entity}" for entity in features.entities]
    return [f"{group}|{key}" for key in keys] + shared


def _fold(value: str | None) -> str:
    return fold_name(value) if value else ""


def _defining_value(quantity: Quantity) -> float | None:
    low, high = quantity.bounds()
    if quantity.kind == "upper_bound":
        return high
    return quantity.value if quantity.kind in ("exact", "approximate") else low


def quantities_agree(a: Quantity, b: Quantity) -> bool:
    """Same kind and bounds, or an exact number and a hedge on that same number."""
    if a.kind == b.kind:
        return a.bounds() == b.bounds()
    kinds = {a.kind, b.kind}
    if "exact" not in kinds or not kinds - {"exact"} <= _HEDGES:
        return False
    value = _defining_value(a)
    return value is not None and value == _defining_value(b)


def _figures_agree(a: Figure, b: Figure) -> bool:
    if _fold(a.unit_normalized or a.unit) != _fold(b.unit_normalized or b.unit):
        return False
    if _fold(a.scope) != _fold(b.scope) and _fold(a.counted) != _fold(b.counted):
        return False
    if a.quantity is None or b.quantity is None:
        return a.quantity is None and b.quantity is None and _fold(a.amount) == _fold(b.amount)
    return quantities_agree(a.quantity, b.quantity)


def same_passage(a: ItemFeatures, b: ItemFeatures) -> bool:
    """Both items quote overlapping text of one article."""
    if a.source != b.source or a.span is None or b.span is None:
        return False
    return a.span[0] < b.span[1] and b.span[0] < a.span[1]


def passage_pairs(features: Sequence[ItemFeatures]) -> list[tuple[int, int]]:
    """Pairs (i < j) of items of one article whose grounded spans overlap.

    A sweep over each article's spans sorted by start: work is the number of
    items plus the number of overlapping pairs, never all pairs of an article.
    """
    spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for f in features:
        if f.span is not None:
            spans[f.source].append((*f.span, f.position))
    pairs: list[tuple[int, int]] = []
    for article in spans.values():
        open_spans: list[tuple[int, int]] = []
        for start, end, position in sorted(article):
            open_spans = [(e, p) for e, p in open_spans if e > start]
            pairs.extend((min(p, position), max(p, position)) for _, p in open_spans)
            open_spans.append((end, position))
    return pairs


def _numbers_agree(a: ItemFeatures, b: ItemFeatures, passage: bool) -> bool:
    if not (a.numbers and b.numbers):
        return True
    if passage:
        return a.numbers <= b.numbers or b.numbers <= a.numbers
    return a.numbers == b.numbers


def _kinds_agree(a: ItemFeatures, b: ItemFeatures, passage: bool) -> bool:
    if (a.kind == "figure") == (b.kind == "figure") or (a.numbers and a.numbers == b.numbers):
        return True
    figure, other = (a, b) if a.kind == "figure" else (b, a)
    return passage and figure.numbers <= other.numbers


def _two_dates_in_one_article(a: ItemFeatures, b: ItemFeatures) -> bool:
    """One article naming two different date expressions describes two events."""
    return (
        isinstance(a.item, DatedEvent)
        and isinstance(b.item, DatedEvent)
        and a.item.source_id == b.item.source_id
        and a.item.expression != b.item.expression
    )


SAME_SPEAKER_THRESHOLD = 0.8


def speakers_differ(a: ItemFeatures, b: ItemFeatures) -> bool:
    """Both items name a speaker and the names are not one speaker's.

    Token-set similarity of the folded names, so a longer naming of the same speaker
    ("KCNA" / "North Korean state news agency KCNA") is still one speaker, while
    "Ukrainian intelligence" and "Ukrainian, South Korean and Western governments"
    are two.
    """
    if not a.speaker or not b.speaker:
        return False
    return fuzz.token_set_ratio(a.speaker, b.speaker) / 100 < SAME_SPEAKER_THRESHOLD


def _both_unresolved(a: ItemFeatures, b: ItemFeatures) -> bool:
    return (a.date is None or not a.date.resolved) and (b.date is None or not b.date.resolved)


def same_fact_possible(a: ItemFeatures, b: ItemFeatures, *, proposed: bool = False) -> bool:
    """The hard vetoes: False when the two items can never be the same fact.

    `proposed`: the model judged the pair one fact. Two unresolved date expressions of
    one article ("vergangene Woche" / "am Montag") then do not veto it: code cannot
    tell them apart by similarity, but it cannot show that they differ either, and
    the model read both statements. Resolved dates that share no day still veto.
    """
    passage = same_passage(a, b)
    if not _kinds_agree(a, b, passage) or not _numbers_agree(a, b, passage):
        return False
    if a.numbers and b.numbers and not passage and speakers_differ(a, b):
        return False
    if a.negated != b.negated:
        return False
    if a.years and b.years and a.years != b.years:
        return False
    if dates_apart(a.date, b.date):
        return False
    if _two_dates_in_one_article(a, b) and not (proposed and _both_unresolved(a, b)):
        return False
    if a.entities and b.entities and not a.entities.keys() & b.entities.keys():
        return False
    if isinstance(a.item, Figure) and isinstance(b.item, Figure):
        return _figures_agree(a.item, b.item)
    return True


def text_similarity(a: str, b: str) -> float:
    """Mean of token-sort and token-set ratio, in [0, 1]."""
    return (fuzz.token_sort_ratio(a, b) + fuzz.token_set_ratio(a, b)) / 200


def _shared_entities(a: ItemFeatures, b: ItemFeatures) -> list[str]:
    return sorted(a.entities[key] for key in a.entities.keys() & b.entities.keys())


class FactMatcher:
    """Scores item pairs; holds the corpus IDF that weights the content words.

    Sums over token sets use `math.fsum`, which is exact and so does not depend on the
    sets' iteration order (which changes with Python's hash seed): a plain `sum` gave
    near-tied scores that ordered differently from one process to the next.
    """

    def __init__(self, features: Sequence[ItemFeatures]) -> None:
        frequency = Counter(token for f in features for token in f.tokens)
        self._idf = idf_weights(frequency, len(features))
        self._norm = [
            math.sqrt(math.fsum(self._idf[t] ** 2 for t in f.tokens)) or 1.0 for f in features
        ]

    def _cosine(self, a: ItemFeatures, b: ItemFeatures) -> float:
        shared = math.fsum(self._idf[t] ** 2 for t in a.tokens & b.tokens)
        return shared / (self._norm[a.position] * self._norm[b.position])

    def _views(
        self, a: ItemFeatures, b: ItemFeatures
    ) -> tuple[list[str], list[tuple[str, float, float]]]:
        """Notes, and the ways the pair may match: (name, similarity, threshold)."""
        if isinstance(a.item, Figure) and isinstance(b.item, Figure):
            counted = text_similarity(content_text(a.item.counted), content_text(b.item.counted))
            notes = [f"same quantity {a.item.amount!r} ~ {b.item.amount!r}"]
            views = [("counted similarity", counted, FIGURE_THRESHOLD)]
        else:
            same_numbers = bool(a.numbers and a.numbers == b.numbers)
            corroborated = dates_overlap(a.date, b.date) or same_numbers
            threshold = CORROBORATED_THRESHOLD if corroborated else CLAIM_THRESHOLD
            cosine = self._cosine(a, b)
            # text similarity is at most 1: below this bound the view cannot pass, and
            # a view that does not pass is never shown, so its exact value is not needed
            statement = (1.0 + cosine) / 2
            if statement >= threshold:
                statement = (text_similarity(a.text, b.text) + cosine) / 2
            notes = ["same numbers " + ", ".join(f"{n:,g}" for n in sorted(a.numbers))]
            notes = notes if same_numbers else []
            views = [("statement similarity", statement, threshold)]
            if a.event_text and b.event_text and dates_overlap(a.date, b.date):
                event = text_similarity(a.event_text, b.event_text)
                views.append(("event similarity", event, EVENT_THRESHOLD))
        if same_passage(a, b):
            overlap = fuzz.token_set_ratio(a.text, b.text) / 100
            views.append(("wording overlap", overlap, SAME_PASSAGE_THRESHOLD))
        return notes, views

    def score(self, a: ItemFeatures, b: ItemFeatures) -> Edge | None:
        """An edge when the items pass the vetoes and a similarity threshold, else None."""
        if not same_fact_possible(a, b):
            return None
        notes, views = self._views(a, b)
        passed = [
            (similarity, name) for name, similarity, threshold in views if similarity >= threshold
        ]
        if not passed:
            return None
        similarity, name = max(passed)
        notes.insert(0, f"{name} {similarity:.2f}")
        shared = _shared_entities(a, b)
        if shared:
            notes.append("shared entities " + ", ".join(shared))
        if dates_overlap(a.date, b.date) and a.date is not None and b.date is not None:
            same = a.date.iso if a.date.iso == b.date.iso else f"{a.date.iso} ~ {b.date.iso}"
            notes.append(f"same date {same}")
        tier = OTHER_TIER
        if same_passage(a, b):
            tier = SAME_PASSAGE_TIER
            notes.insert(0, "same sentence of one article")
        return Edge(similarity, a.position, b.position, "; ".join(notes), tier)
