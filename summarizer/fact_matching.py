"""When two extracted items state the same fact: blocking keys, vetoes, and a score.

Claims and dated events are compared with each other (a dated event is a claim
with a date); a figure with a claim or event only when both statements carry the
same numbers ("sent 11,000 soldiers" as a claim and as a figure is one fact).

**Vetoes** (`same_fact_possible`) are hard: two items are never the same fact when
they differ in polarity (one negates), in the non-year numbers of their
statements, in their years, in resolved dates that share no day, in the date
expressions of two events of one article ("am 6. November" / "letzte Woche"), when both name
entities and none is shared, or — for figures — in unit, scope or parsed quantity
(kind and bounds).

**Score** (`FactMatcher.score`): for claims and events, the mean of two views of
the statements' content words: rapidfuzz (mean of token-sort and token-set ratio)
for wording, and TF-IDF cosine (IDF over the whole input) so that rare, telling
words ("decree", "ratifying") count more than words every item shares ("North
Korean", "treaty"). It must reach `CLAIM_THRESHOLD`, or `CORROBORATED_THRESHOLD`
when the pair also shares a resolved date or its exact numbers. Figures, whose
quantities already agree, are scored on what they count (`FIGURE_THRESHOLD`).
Every accepted pair carries a readable reason such as "statement similarity
0.87; shared entities North Korea, Russia; same date 2024-06-19".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from rapidfuzz import fuzz

from summarizer.clustering import Edge
from summarizer.date_spans import dates_apart, dates_overlap
from summarizer.item_features import ItemFeatures, content_words, fold_name
from summarizer.models import DatedEvent, Figure

CLAIM_THRESHOLD = 0.72
CORROBORATED_THRESHOLD = 0.55
FIGURE_THRESHOLD = 0.70


def blocking_keys(features: ItemFeatures) -> list[str]:
    """Keys under which an item meets its candidates: numbers, dates, entities, words.

    Numbers and entities are shared by all kinds (a claim may restate a figure);
    words and dates are kept apart between figures and claims/events.
    """
    group = "f" if features.kind == "figure" else "ce"
    keys = [f"t:{token}" for token in features.tokens]
    if features.date is not None and features.date.iso is not None:
        keys.append(f"d:{features.date.iso[:7]}")
    if isinstance(features.item, Figure):
        keys += [f"c:{word}" for word in content_words(features.item.counted)]
    shared = [f"n:{value:g}" for value in features.numbers]
    shared += [f"e:{entity}" for entity in features.entities]
    return [f"{group}|{key}" for key in keys] + shared


def _fold(value: str | None) -> str:
    return fold_name(value) if value else ""


def _figures_agree(a: Figure, b: Figure) -> bool:
    if _fold(a.unit_normalized or a.unit) != _fold(b.unit_normalized or b.unit):
        return False
    if _fold(a.scope) != _fold(b.scope):
        return False
    if a.quantity is None or b.quantity is None:
        return a.quantity is None and b.quantity is None and _fold(a.amount) == _fold(b.amount)
    return a.quantity.kind == b.quantity.kind and a.quantity.bounds() == b.quantity.bounds()


def _two_dates_in_one_article(a: ItemFeatures, b: ItemFeatures) -> bool:
    """One article naming two different date expressions describes two events."""
    return (
        isinstance(a.item, DatedEvent)
        and isinstance(b.item, DatedEvent)
        and a.item.source_id == b.item.source_id
        and a.item.expression != b.item.expression
    )


def same_fact_possible(a: ItemFeatures, b: ItemFeatures) -> bool:
    """The hard vetoes: False when the two items can never be the same fact."""
    if (a.kind == "figure") != (b.kind == "figure") and not (a.numbers and a.numbers == b.numbers):
        return False
    if a.negated != b.negated:
        return False
    if a.numbers and b.numbers and a.numbers != b.numbers:
        return False
    if a.years and b.years and a.years != b.years:
        return False
    if dates_apart(a.date, b.date) or _two_dates_in_one_article(a, b):
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
    """Scores item pairs; holds the corpus IDF that weights the content words."""

    def __init__(self, features: Sequence[ItemFeatures]) -> None:
        frequency = Counter(token for f in features for token in f.tokens)
        total = max(len(features), 1)
        self._idf = {token: math.log(total / count) + 1.0 for token, count in frequency.items()}
        self._norm = [math.sqrt(sum(self._idf[t] ** 2 for t in f.tokens)) or 1.0 for f in features]

    def _cosine(self, a: ItemFeatures, b: ItemFeatures) -> float:
        shared = sum(self._idf[t] ** 2 for t in a.tokens & b.tokens)
        return shared / (self._norm[a.position] * self._norm[b.position])

    def score(self, a: ItemFeatures, b: ItemFeatures) -> Edge | None:
        """An edge when the items pass the vetoes and their similarity threshold, else None."""
        if not same_fact_possible(a, b):
            return None
        notes: list[str] = []
        if isinstance(a.item, Figure) and isinstance(b.item, Figure):
            similarity = text_similarity(
                " ".join(content_words(a.item.counted)), " ".join(content_words(b.item.counted))
            )
            threshold = FIGURE_THRESHOLD
            notes.append(f"counted similarity {similarity:.2f}")
            notes.append(f"same quantity {a.item.amount!r} ~ {b.item.amount!r}")
        else:
            similarity = (text_similarity(a.text, b.text) + self._cosine(a, b)) / 2
            same_numbers = bool(a.numbers and a.numbers == b.numbers)
            corroborated = dates_overlap(a.date, b.date) or same_numbers
            threshold = CORROBORATED_THRESHOLD if corroborated else CLAIM_THRESHOLD
            notes.append(f"statement similarity {similarity:.2f}")
            if same_numbers:
                notes.append("same numbers " + ", ".join(f"{n:,g}" for n in sorted(a.numbers)))
        if similarity < threshold:
            return None
        shared = _shared_entities(a, b)
        if shared:
            notes.append("shared entities " + ", ".join(shared))
        if dates_overlap(a.date, b.date) and a.date is not None and b.date is not None:
            same = a.date.iso if a.date.iso == b.date.iso else f"{a.date.iso} ~ {b.date.iso}"
            notes.append(f"same date {same}")
        return Edge(score=similarity, left=a.position, right=b.position, reason="; ".join(notes))
