"""Turn a cluster of items that state one fact into a cited `Finding`.

Choices an analyst should know about:

* **Citations**: one per supporting item, in input order (so every item maps to its
  finding; renderers show a quote once even when two items share it). The quote is
  `grounding.matched` (the exact article text at start:end) when code found it, else
  the model's quote; speaker, relay and certainty are the item's own.
* **Certainty** is judged per source, each source counting with the most confident
  wording it uses: ``disputed`` when one source denies what another states;
  ``confirmed`` when a strict majority of sources state it as fact; otherwise the
  most common hedge, ties going to the more cautious one (denied > alleged >
  reported). One hedging source among several that state a fact plainly does not
  turn it into an allegation, and a fact only one of two sources confirms stays
  hedged.
* **Statement**: the representative item's English statement. The representative
  is chosen by exact grounding first; then, when the members name different
  speakers (or some name none), an item the outlet states in its own voice, because
  a statement that opens "According to KCNA, ..." is not what the other sources
  say (each citation keeps its own speaker); then the earliest known publication
  date (dated sources before undated ones), then the shortest statement, then
  input order.
* **Kind**: "figure" for figures; "event" when any item is a dated event; else
  "claim". **Date**: the most precise resolved date among the items; an event
  whose date no source resolved keeps its unresolved expression.
* **independent_sources**: distinct sources after folding near-duplicates.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence

from summarizer.core.briefing import Citation, Finding
from summarizer.core.dates import ResolvedDate, finer
from summarizer.core.items import AlignmentStatus, Certainty
from summarizer.stages.merge.features import Item, ItemFeatures

_CAUTION = {
    Certainty.DISPUTED: 4,
    Certainty.DENIED: 3,
    Certainty.ALLEGED: 2,
    Certainty.REPORTED: 1,
    Certainty.CONFIRMED: 0,
}


def cite(item: Item) -> Citation:
    """A citation of one item: its verbatim words and where they stand."""
    grounding = item.grounding
    return Citation(
        source=item.source_id,
        quote=grounding.matched or item.quote,
        quote_en=item.quote_en,
        before=grounding.before,
        after=grounding.after,
        item=item.id,
        start=grounding.start,
        end=grounding.end,
        speaker=item.attribution.speaker,
        relay=list(item.attribution.relay),
        certainty=item.certainty,
    )


def combined_certainty(citations: Sequence[Citation]) -> Certainty:
    """The finding's certainty from its citations (see the module docstring)."""
    per_source: dict[str, Certainty] = {}
    for citation in citations:
        known = per_source.get(citation.source)
        if known is None or _CAUTION[citation.certainty] < _CAUTION[known]:
            per_source[citation.source] = citation.certainty
    values = list(per_source.values())
    stated = {Certainty.CONFIRMED, Certainty.REPORTED}
    if Certainty.DENIED in values and stated & set(values):
        return Certainty.DISPUTED
    if 2 * values.count(Certainty.CONFIRMED) > len(values):
        return Certainty.CONFIRMED
    hedged = Counter(c for c in values if c is not Certainty.CONFIRMED)
    return max(hedged, key=lambda c: (hedged[c], _CAUTION[c]))


def representative(
    members: Sequence[ItemFeatures], published: Mapping[str, dt.date | None]
) -> ItemFeatures:
    """The item whose statement speaks for the finding (see module docstring)."""
    speakers_differ = len({m.item.attribution.speaker for m in members}) > 1

    def key(features: ItemFeatures) -> tuple[bool, bool, bool, dt.date, int, int]:
        item = features.item
        date = published.get(item.source_id)
        return (
            item.grounding.status is not AlignmentStatus.EXACT,
            speakers_differ and item.attribution.speaker is not None,
            date is None,
            date or dt.date.max,
            len(item.statement),
            features.position,
        )

    return min(members, key=key)


def finding_date(members: Sequence[ItemFeatures]) -> ResolvedDate | None:
    """The most precise resolved date of the members, else the first unresolved one."""
    best: ResolvedDate | None = None
    for features in members:
        best = finer(best, features.date)
    return best


def build_finding(
    finding_id: str,
    members: Sequence[ItemFeatures],
    published: Mapping[str, dt.date | None],
    source_group: Mapping[str, str],
    merge_reason: str | None,
) -> Finding:
    """The Finding for one cluster (members in input order)."""
    kinds = {features.kind for features in members}
    kind = "figure" if "figure" in kinds else "event" if "event" in kinds else "claim"
    citations = [cite(features.item) for features in members]
    return Finding(
        id=finding_id,
        kind=kind,
        statement=representative(members, published).item.statement,
        certainty=combined_certainty(citations),
        citations=citations,
        independent_sources=len({source_group[c.source] for c in citations}),
        merge_reason=merge_reason,
        date=finding_date(members) if kind != "claim" else None,
    )
