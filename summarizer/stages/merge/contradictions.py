"""Contradictions: pairs of findings that cannot both be true at the same time.

Code-only and deliberately narrow. A pair is flagged when

1. **polarity differs**: one finding negates or denies (cue words such as "not",
   "denied", "nicht", "bestritten", "haltlos" in its statement or quote, or
   certainty ``denied``; see `features`) and the other affirms explicitly,
   with a confirmation cue such as "confirmed" / "bestätigt" (kind
   ``contradiction``); or one finding denies an accusation (a denial cue and an
   accusation cue such as "rejected the accusations" / "wiesen diese
   Anschuldigungen zurück"; mere silence or negation is not enough) and the other
   is an *allegation* (certainty ``alleged``, or an accusation cue such as
   "accused" / "vorgeworfen"): kind ``dispute``, "the United States accuses, Russia
   and North Korea deny". A plain report against a denial is neither. For a
   dispute, the topic test below compares words cut to their first
   `STEM_CHARS` letters ("supplies" / "supplying"), and the shared words must
   cover at least half of the denial's, since what is denied must be what is
   alleged;
2. **they share an entity** (when both name entities),
3. **the negation is about the topic**: for a contradiction, what a negation in the
   English statement governs (to the end of its clause) shares a word with the
   confirming side ("though he did not give a number" negates nothing confirmed), and
4. **they are on the same topic**: the IDF-weighted overlap of their content
   words is at least `TOPIC_OVERLAP` of the smaller side, over at least
   `MIN_SHARED_WORDS` words. Cue words, the words of entity names and framing
   words that say *when* or *how officially* something was said
   (`FRAMING_WORDS`: "previously", "first", "officially", ...) are not topic.
   Content words fold a few synonyms (troops = soldiers, agreement = treaty; see
   `features.SYNONYMS`). Weighting by rarity across all findings keeps words
   every finding shares (here "North Korean soldiers") from making unrelated
   pairs look alike.

Two statements of one article can contradict each other too ("Pyongyang had
previously denied ..." / "North Korea has confirmed for the first time ..."): they
describe different moments, which is what the analyst needs to see.

Candidates come from blocking on entities and content words, so the check is not
quadratic. `finding_ids` lists the negating finding first. The explanation is one
analyst-readable sentence without ids (the renderer adds both statements and the
source markers): who says no and who confirms, with outlet and date where known,
and which statement is the later one — from dates, or from temporal cues ("so
far", "previously" on the negating side; "for the first time" on the confirming
side), in which case the later confirmation supersedes the earlier denial.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from summarizer.core.briefing import Contradiction, Finding
from summarizer.core.items import Certainty
from summarizer.core.lexicon import plain_negations
from summarizer.stages.merge.features import (
    CONFIRMATION_CUES_EN,
    NEGATION_CUES_EN,
    NEGATION_CUES_SOURCE,
    ItemFeatures,
    content_words,
)
from summarizer.stages.merge.linkage import candidate_pairs, idf_weights

TOPIC_OVERLAP = 0.25
MIN_SHARED_WORDS = 2
STEM_CHARS = 5
FRAMING_WORDS = frozenset(
    content_words(
        "previously first time officially directly so far earlier now already recently "
        "still yet apparently reportedly allegedly"
    )
)
SILENCE_CUES = ("not commented", "no comment", "nicht geäußert", "nicht kommentiert", "schweig")
"""On the negating side: the source says someone has not spoken, not that they said no."""
EARLIER_CUES = ("so far", "previously", "until now", "at the time", "bisher", "zuvor", "damals")
"""On the negating side: the denial or silence predates the statement reporting it."""
NEW_CUES = ("first time", "erstmals")
"""On the affirming side: the confirmation is new."""
_DENIALS = frozenset(
    {"denied", "deny", "denies", "denying", "rejected", "reject", "rejects", "refused"}
    | {"refuses", "dismissed", "dismisses", "unfounded", "baseless", "groundless"}
    | (NEGATION_CUES_SOURCE - {"nicht", "kein", "keine", "niemals"})
    | {"certainty: denied"}
)
ACCUSATION_CUES = (
    "accuse",
    "accusation",
    "allegation",
    "vorgeworfen",
    "vorwurf",
    "vorwürfe",
    "beschuldig",
    "anschuldig",
    "bezichtig",
)
"""Word stems that make a finding an allegation someone can dispute."""
_CUE_WORDS = frozenset(
    content_words(" ".join(NEGATION_CUES_EN | CONFIRMATION_CUES_EN | {"accused", "accusation"}))
)


_WORD = re.compile(r"[^\W\d_]+")
_CLAUSE_END = re.compile(r"[,.;:!?]|\b(?:but|though|although|while|whereas)\b")


@dataclass(frozen=True, slots=True)
class _Side:
    """A claim or event finding with the signals contradiction detection reads."""

    finding: Finding
    negated: bool
    affirms: bool
    alleges: bool
    denies: bool
    cues: tuple[str, ...]
    entities: dict[str, str]
    topic: frozenset[str]
    stems: frozenset[str]
    quotes: str
    negated_topic: frozenset[str] | None
    """The content words an English negation in the statement governs, up to the end of
    its clause ("did not give a number" -> give, number); None when the negation is not
    in the English statement (only in the quote, or the certainty says denied)."""


def _negated_words(statement: str) -> frozenset[str] | None:
    text = plain_negations(statement)
    governed: set[str] = set()
    found = False
    for match in _WORD.finditer(text):
        if match.group() in NEGATION_CUES_EN:
            found = True
            rest = text[match.end() :]
            end = _CLAUSE_END.search(rest)
            governed |= set(content_words(rest[: end.start() if end else len(rest)]))
    return frozenset(governed) if found else None


def _side(finding: Finding, members: Sequence[ItemFeatures]) -> _Side:
    negated = members[0].negated
    confirmations = tuple(dict.fromkeys(c for m in members for c in m.confirmation_cues))
    negations = tuple(dict.fromkeys(c for m in members for c in m.negation_cues))
    quotes = " ".join([finding.statement, *(c.quote for c in finding.citations)]).casefold()
    topic = (
        frozenset(t for m in members for t in m.tokens)
        - _CUE_WORDS
        - FRAMING_WORDS
        - {w for m in members for e in m.entities.values() for w in content_words(e)}
    )
    return _Side(
        finding=finding,
        negated=negated,
        affirms=bool(confirmations),
        alleges=not negated
        and (
            finding.certainty is Certainty.ALLEGED or any(cue in quotes for cue in ACCUSATION_CUES)
        ),
        denies=negated
        and bool(set(negations) & _DENIALS)
        and any(cue in quotes for cue in ACCUSATION_CUES),
        cues=negations if negated else confirmations,
        entities={k: v for m in members for k, v in m.entities.items()},
        topic=topic,
        stems=frozenset(t[:STEM_CHARS] for t in topic),
        quotes=quotes,
        negated_topic=_negated_words(finding.statement) if negated else None,
    )


def _when(finding: Finding, published: Mapping[str, dt.date | None]) -> str:
    if finding.date is not None and finding.date.iso is not None:
        return finding.date.iso
    known = sorted({d.isoformat() for c in finding.citations if (d := published.get(c.source))})
    return ", ".join(known) if known else "undated"


def _who(side: _Side, outlets: Mapping[str, str | None]) -> str:
    sources = list(dict.fromkeys(c.source for c in side.finding.citations))
    names = list(dict.fromkeys(n for s in sources if (n := outlets.get(s))))
    if len(sources) == 1:
        return names[0] if names else "one source"
    return " and ".join(names) if len(names) == len(sources) else f"{len(sources)} sources"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _order(
    negating: _Side, affirming: _Side, published: Mapping[str, dt.date | None], denial: str
) -> str:
    """Which statement is the later one, and how we know."""
    cues = [c for c in EARLIER_CUES if c in negating.quotes][:1]
    cues += [c for c in NEW_CUES if c in affirming.quotes][:1]
    if cues:
        listed = ", ".join(f"“{c}”" for c in cues)
        return (
            f"the confirmation is the later statement ({listed}) "
            f"and supersedes the earlier {denial}"
        )
    neg_date, aff_date = _when(negating.finding, published), _when(affirming.finding, published)
    if "undated" in (neg_date, aff_date) or neg_date == aff_date:
        return "the two cannot both hold at once, and their dates do not say which is more recent"
    later = "confirmation" if aff_date > neg_date else denial
    return f"the {later} is the later statement"


def _speakers(
    side: _Side, published: Mapping[str, dt.date | None], outlets: Mapping[str, str | None]
) -> str:
    """Who says it and when: each speaker the citations name, with the publication date
    of the source that quotes them ("United States and South Korea (undated); United
    States (2024-10-24)"); a citation without a speaker counts as its outlet, else as
    "one source".
    """
    said = dict.fromkeys(
        f"{c.speaker or outlets.get(c.source) or 'one source'} ({_published(c.source, published)})"
        for c in side.finding.citations
    )
    return "; ".join(said)


def _published(source: str, published: Mapping[str, dt.date | None]) -> str:
    date = published.get(source)
    return date.isoformat() if date else "undated"


def explain_dispute(
    denying: _Side,
    alleging: _Side,
    published: Mapping[str, dt.date | None],
    outlets: Mapping[str, str | None],
) -> str:
    """One readable sentence: who alleges and who denies, each with when it was reported."""
    return (
        f"Disputed: alleged by {_speakers(alleging, published, outlets)} — "
        f"denied by {_speakers(denying, published, outlets)}"
    )


def explain(
    negating: _Side,
    affirming: _Side,
    published: Mapping[str, dt.date | None],
    outlets: Mapping[str, str | None],
) -> str:
    """One readable sentence: who says no, who confirms, and which came later."""
    denial = (
        "denial"
        if set(negating.cues) & _DENIALS
        else "silence"
        if any(cue in negating.quotes for cue in SILENCE_CUES)
        else "negative statement"
    )
    order = _order(negating, affirming, published, denial)
    neg_sources = {c.source for c in negating.finding.citations}
    if neg_sources == {c.source for c in affirming.finding.citations}:
        who = _capital(_who(negating, outlets))
        when = _when(negating.finding, published)
        return f"{who} ({when}) reports both {_a(denial)} and a confirmation; {order}"
    neg = _who(negating, outlets)
    aff = _who(affirming, outlets)
    aff = "another source" if aff == "one source" == neg else aff
    return (
        f"{_capital(neg)} ({_when(negating.finding, published)}) reports {_a(denial)}, while "
        f"{aff} ({_when(affirming.finding, published)}) reports a confirmation; {order}"
    )


def _a(what: str) -> str:
    return what if what == "silence" else f"a {what}"


def find_contradictions(
    findings: Sequence[tuple[Finding, Sequence[ItemFeatures]]],
    published: Mapping[str, dt.date | None],
    outlets: Mapping[str, str | None] | None = None,
) -> list[Contradiction]:
    """Contradictions X1, X2, ... among claim and event findings (given in finding order)."""
    sides = [_side(finding, members) for finding, members in findings]
    document_frequency = Counter(t for side in sides for t in side.topic)
    idf = idf_weights(document_frequency, len(sides))

    def weight(tokens: frozenset[str]) -> float:
        return math.fsum(idf[t] for t in tokens)

    keys = [[f"e:{e}" for e in s.entities] + [f"t:{t}" for t in s.topic] for s in sides]
    pairs = candidate_pairs(keys)
    found = []
    for i, j in pairs:
        a, b = sides[i], sides[j]
        if a.negated == b.negated:
            continue
        negating, affirming = (a, b) if a.negated else (b, a)
        kind = "contradiction" if affirming.affirms else "dispute"
        if kind == "dispute" and not (negating.denies and affirming.alleges):
            continue
        shared_entities = a.entities.keys() & b.entities.keys()
        if a.entities and b.entities and not shared_entities:
            continue
        if kind == "dispute":
            stems = negating.stems & affirming.stems
            if len(stems) < MIN_SHARED_WORDS or 2 * len(stems) < len(negating.stems):
                continue
        else:
            shared = a.topic & b.topic
            smaller = min(weight(a.topic), weight(b.topic))
            if len(shared) < MIN_SHARED_WORDS or weight(shared) / smaller < TOPIC_OVERLAP:
                continue
            governed = negating.negated_topic
            if governed is not None and not governed & affirming.topic:
                continue  # "though he did not give a number" negates nothing confirmed
        explainer = explain if kind == "contradiction" else explain_dispute
        explanation = explainer(negating, affirming, published, outlets or {})
        found.append((negating, affirming, kind, explanation))
    return [
        Contradiction(
            id=f"X{n}",
            kind=kind,
            finding_ids=(negating.finding.id, affirming.finding.id),
            explanation=explanation,
        )
        for n, (negating, affirming, kind, explanation) in enumerate(found, start=1)
    ]
