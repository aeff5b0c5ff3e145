"""What merge compares: normalised features of one verified item.

Every extracted item (Claim, Figure, DatedEvent) is reduced once to an
`ItemFeatures` record, so that blocking and pair scoring never re-parse text:

* `text`: the English statement as content words (lower case, no stop words, a
  light plural strip, and a few synonyms folded to one word: troops/soldiers ->
  soldier; agreement/pact/accord -> treaty; ratified/ratifying/ratification/
  approved -> ratify) for rapidfuzz, so that "sent troops" and "North Korean
  soldiers" or "ratified the pact" and "approved the agreement" share words;
* `event_text`: the same for a dated event's short `event` description ("Start of
  Russia's invasion of Ukraine"), which two sources word alike more often than
  their whole statements;
* `numbers`: the numbers written in the statement (``11,000``, ``5.2 billion``),
  split into years (1900-2100) and the rest, because "in June 2024" and "in June"
  agree while "11,000" and "10,000" never do;
* `entities`: English entity names folded to lower-case letters and digits, so
  "Kim Jong-un" and "Kim Jong Un" are one key;
* `source`, `span`: the article and the character span of the grounded quote, so
  that items quoting one passage of one article can be told apart cheaply;
* `date`: the item's resolved date (a DatedEvent's date, a Figure's as_of date);
* `speaker`: the named speaker with their role, lower case ("andrii tscherniak
  spokesperson of the national resistance center": the Center speaking), "" when the
  outlet speaks in its own voice;
* `polarity`: whether the item negates or denies (cue words in the English
  statement or the source-language quote, or certainty ``denied``) — two items of
  opposite polarity are never the same fact, and are what contradiction
  detection looks for.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from summarizer.core.dates import ResolvedDate
from summarizer.core.items import Certainty, Claim, DatedEvent, Figure
from summarizer.core.lexicon import NEGATION_CUES, STOP_WORDS, plain_negations
from summarizer.core.numbers import parse_numbers

Item = Claim | Figure | DatedEvent
Kind = Literal["claim", "figure", "event"]

NEGATION_CUES_EN = NEGATION_CUES["en"]
NEGATION_CUES_SOURCE = NEGATION_CUES["de"]
CONFIRMATION_CUES_EN = frozenset(
    {"confirmed", "confirms", "confirm", "acknowledged", "acknowledges", "admitted", "admits"}
)
CONFIRMATION_CUES_SOURCE = frozenset(
    {"bestätigt", "bestätigte", "bestätigen", "eingeräumt", "räumte"}
)

SYNONYMS = {
    "troop": "soldier",
    "agreement": "treaty",
    "pact": "treaty",
    "accord": "treaty",
    "ratified": "ratify",
    "ratifying": "ratify",
    "ratification": "ratify",
    "approve": "ratify",
    "approved": "ratify",
    "approving": "ratify",
    "approval": "ratify",
}
"""Content words folded to one (after the plural strip); kept small and documented."""

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class ItemFeatures:
    """The comparable parts of one item; `position` is its order in the input."""

    item: Item
    kind: Kind
    position: int
    source: str
    span: tuple[int, int] | None
    text: str
    event_text: str
    tokens: frozenset[str]
    numbers: frozenset[float]
    years: frozenset[int]
    entities: dict[str, str]
    speaker: str
    date: ResolvedDate | None
    negated: bool
    negation_cues: tuple[str, ...]
    confirmation_cues: tuple[str, ...]


@lru_cache(maxsize=65_536)
def fold_name(name: str) -> str:
    """'Kim Jong-un' -> 'kimjongun': the key under which entity names are compared."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """A light plural strip plus `SYNONYMS`: 'soldiers' -> 'soldier', 'troops' -> 'soldier'."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return SYNONYMS.get(word, word)


def content_words(text: str) -> list[str]:
    """Lower-case, stemmed words of `text` without stop words or bare numbers."""
    words = (w.casefold() for w in _WORD.findall(text))
    return [stem(w) for w in words if w not in STOP_WORDS and not w.isdigit() and len(w) > 1]


@lru_cache(maxsize=65_536)
def content_text(text: str) -> str:
    """`content_words` joined by spaces, remembered: a figure's `counted` text is compared
    in every candidate pair and series pair it is part of."""
    return " ".join(content_words(text))


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def item_kind(item: Item) -> Kind:
    if isinstance(item, Figure):
        return "figure"
    if isinstance(item, DatedEvent):
        return "event"
    return "claim"


def item_date(item: Item) -> ResolvedDate | None:
    """The date an item is about: an event's date, a figure's own as_of date."""
    if isinstance(item, DatedEvent):
        return item.date
    if isinstance(item, Figure):
        return item.as_of_date
    return None


def describe(item: Item, position: int) -> ItemFeatures:
    """Reduce one item to the features that blocking and scoring compare."""
    words = content_words(item.statement)
    numbers, years = parse_numbers(item.statement)
    statement_words = _words(item.statement)
    quote_words = _words(item.grounding.matched or item.quote)
    negations = [w for w in _words(plain_negations(item.statement)) if w in NEGATION_CUES_EN]
    quoted = plain_negations(item.grounding.matched or item.quote)
    negations += [w for w in _words(quoted) if w in NEGATION_CUES_SOURCE]
    if item.certainty is Certainty.DENIED:
        negations.append("certainty: denied")
    confirmations = [w for w in statement_words if w in CONFIRMATION_CUES_EN]
    confirmations += [w for w in quote_words if w in CONFIRMATION_CUES_SOURCE]
    entities = {key: e for e in item.entities if (key := fold_name(e))}
    attribution = item.attribution
    speaker = f"{attribution.speaker} {attribution.role or ''}" if attribution.speaker else ""
    grounding = item.grounding
    span = None
    if grounding.start is not None and grounding.end is not None:
        span = (grounding.start, grounding.end)
    return ItemFeatures(
        item=item,
        kind=item_kind(item),
        position=position,
        source=item.source_id,
        span=span,
        text=" ".join(words),
        event_text=content_text(item.event) if isinstance(item, DatedEvent) else "",
        tokens=frozenset(words),
        numbers=numbers,
        years=years,
        entities=entities,
        speaker=speaker.strip().casefold(),
        date=item_date(item),
        negated=bool(negations),
        negation_cues=tuple(dict.fromkeys(negations)),
        confirmation_cues=tuple(dict.fromkeys(confirmations)),
    )
