"""Contradictions: pairs of findings that cannot both be true at the same time.

Code-only and deliberately narrow. A pair is flagged when

1. **polarity differs**: one finding negates or denies (cue words such as "not",
   "denied", "nicht", "bestritten", "haltlos" in its statement or quote, or
   certainty ``denied``; see `item_features`) and the other affirms explicitly,
   with a confirmation cue such as "confirmed" / "bestätigt" (an allegation or a
   plain report against a denial is a dispute, not a contradiction);
2. **they share an entity** (when both name entities), and
3. **they are on the same topic**: the IDF-weighted overlap of their content
   words (cue words and the words of entity names removed) is at least
   `TOPIC_OVERLAP` of the smaller side, over at least `MIN_SHARED_WORDS` words.
   Weighting by rarity across all findings keeps words every finding shares
   (here "North Korean soldiers") from making unrelated pairs look alike.

Candidates come from blocking on entities and content words, so the check is not
quadratic. The explanation names both findings, their cues, sources and dates,
and notes temporal cues ("so far", "previously", "for the first time") that hint
the two statements may describe different moments.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from summarizer.clustering import candidate_pairs
from summarizer.item_features import (
    CONFIRMATION_CUES_EN,
    NEGATION_CUES_EN,
    ItemFeatures,
    content_words,
)
from summarizer.models import Contradiction, Finding

TOPIC_OVERLAP = 0.25
MIN_SHARED_WORDS = 2
TEMPORAL_CUES = (
    "so far",
    "previously",
    "first time",
    "until now",
    "earlier",
    "bisher",
    "zuvor",
    "erstmals",
    "damals",
)
_CUE_WORDS = frozenset(content_words(" ".join(NEGATION_CUES_EN | CONFIRMATION_CUES_EN)))


@dataclass(frozen=True, slots=True)
class _Side:
    """A claim or event finding with the signals contradiction detection reads."""

    finding: Finding
    negated: bool
    affirms: bool
    cues: tuple[str, ...]
    entities: dict[str, str]
    topic: frozenset[str]
    quotes: str


def _side(finding: Finding, members: Sequence[ItemFeatures]) -> _Side:
    negated = members[0].negated
    confirmations = tuple(dict.fromkeys(c for m in members for c in m.confirmation_cues))
    return _Side(
        finding=finding,
        negated=negated,
        affirms=bool(confirmations),
        cues=tuple(dict.fromkeys(c for m in members for c in m.negation_cues))
        if negated
        else confirmations,
        entities={k: v for m in members for k, v in m.entities.items()},
        topic=frozenset(t for m in members for t in m.tokens)
        - _CUE_WORDS
        - {w for m in members for e in m.entities.values() for w in content_words(e)},
        quotes=" ".join([finding.statement, *(c.quote for c in finding.citations)]).casefold(),
    )


def _dates(finding: Finding, published: Mapping[str, dt.date | None]) -> str:
    if finding.date is not None and finding.date.iso is not None:
        return f"dated {finding.date.iso}"
    known = sorted({d.isoformat() for c in finding.citations if (d := published.get(c.source))})
    return "published " + ", ".join(known) if known else "undated"


def _describe(side: _Side, published: Mapping[str, dt.date | None]) -> str:
    sources = ", ".join(dict.fromkeys(c.source for c in side.finding.citations))
    cues = ", ".join(repr(c) for c in side.cues)
    verb = "negates" if side.negated else "affirms"
    return (
        f"{side.finding.id} {verb} ({cues or side.finding.certainty.value}; source {sources}, "
        f"{_dates(side.finding, published)}): {side.finding.statement!r}"
    )


def find_contradictions(
    findings: Sequence[tuple[Finding, Sequence[ItemFeatures]]],
    published: Mapping[str, dt.date | None],
) -> list[Contradiction]:
    """Contradictions X1, X2, ... among claim and event findings (given in finding order)."""
    sides = [_side(finding, members) for finding, members in findings]
    document_frequency = Counter(t for side in sides for t in side.topic)
    idf = {t: math.log(1 + len(sides) / n) for t, n in document_frequency.items()}

    def weight(tokens: frozenset[str]) -> float:
        return sum(idf[t] for t in tokens)

    keys = [[f"e:{e}" for e in s.entities] + [f"t:{t}" for t in s.topic] for s in sides]
    pairs, _ = candidate_pairs(keys)
    found = []
    for i, j in pairs:
        a, b = sides[i], sides[j]
        if a.negated == b.negated or not (b.affirms if a.negated else a.affirms):
            continue
        shared_entities = a.entities.keys() & b.entities.keys()
        if a.entities and b.entities and not shared_entities:
            continue
        shared = a.topic & b.topic
        smaller = min(weight(a.topic), weight(b.topic))
        if len(shared) < MIN_SHARED_WORDS or weight(shared) / smaller < TOPIC_OVERLAP:
            continue
        negating, affirming = (a, b) if a.negated else (b, a)
        temporal = [c for c in TEMPORAL_CUES if c in a.quotes or c in b.quotes]
        explanation = (
            f"{_describe(negating, published)} vs {_describe(affirming, published)}. "
            f"Shared entities: {', '.join(sorted(a.entities[e] for e in shared_entities))}; "
            f"shared topic words: {', '.join(sorted(shared))}."
        )
        if temporal:
            explanation += (
                f" Temporal cues ({', '.join(repr(c) for c in temporal)}) suggest the "
                "statements may describe different moments; compare their dates."
            )
        found.append((i, j, explanation))
    return [
        Contradiction(
            id=f"X{n}",
            finding_ids=(sides[i].finding.id, sides[j].finding.id),
            explanation=explanation,
        )
        for n, (i, j, explanation) in enumerate(found, start=1)
    ]
