"""Check the model's `certainty` against the hedge cues in the quote itself.

German marks how sure a source is in its grammar and particles, English in a few
adverbs; code can see them. The check only ever *lowers* a CONFIRMED: a model that
already said reported, alleged, denied or disputed is kept, and nothing is upgraded.

* **ALLEGED** cues: "soll", "sollen", "angeblich", "mutmaßlich", "vermeintlich",
  "allegedly", "alleged", "purportedly", "supposedly", "is said to".
* **REPORTED** cues: "laut", "nach Angaben", any "... zufolge" ("den Angaben zufolge",
  "Berichten zufolge", "Schätzungen zufolge"), "offenbar", "berichtet(e)", the
  Konjunktiv I of reported speech ("sei", "seien", "habe", "hätten", "werde", "könne",
  ...; "habe"/"werde" not after "ich", where they are plain present tense),
  "reportedly", "according to", "claimed", "apparently".

Alleged wins over reported when both occur (the weaker certainty). An *attributive*
hedge adjective ("der mutmaßlichen Lieferung", "angebliche Söldner") qualifies its own
noun phrase only: for a figure, whose amount anchors it in the quote, such a cue does
not count when a coordination ("und", "sowie", "oder", a comma or semicolon) stands
between it and the amount ("der mutmaßlichen Lieferung von Waffen und der Entsendung
Tausender Soldaten" does not make the thousands alleged). "sollen" is also the
verb of obligation ("Unterstützung leisten sollen"); that reading is downgraded too.
The cost is an over-hedged item; the opposite error would present an allegation as fact.

**Denials** are judged conservatively. CONFIRMED becomes DENIED only when a denial verb
("bestritt", "bestreiten", "dementierte", "wies ... zurück", "denied", "rejected")
stands in the first clause (before the first comma) of a one-sentence quote and that
clause has no negation ("nicht", "niemand", "kein", "not"): then the denial is the
quote's own statement. A denial in a later or relative clause ("..., was Moskau
bestreitet") leaves the certainty as it is: the quote's main assertion is another.
"""

from __future__ import annotations

import re

from summarizer.core.items import Certainty

_ALLEGED = re.compile(
    r"\b(?:soll|sollen|angeblich\w*|mutmaßlich\w*|vermeintlich\w*|allegedly|alleged|"
    r"purportedly|supposedly|(?:is|are|was|were) said to)\b",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"\b(?:laut|nach angaben|zufolge|offenbar|berichtete?n?|reportedly|according to|claimed|"
    r"claims|apparently|sei|seien|hätten|hätte|könne|müsse|wolle|dürfe|solle|gebe)\b"
    r"|(?<!\bich )\b(?:habe|werde)\b",
    re.IGNORECASE,
)
_DENIAL = re.compile(
    r"\b(?:bestr(?:eitet|eiten|itt|itten)|dementiert\w*|wies\w* .*\bzurück|"
    r"weis(?:t|en) .*\bzurück|denied|denies|deny|rejected)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:nicht|niemand|nie|niemals|kein\w*|not|never|nobody|no one)\b", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?](?=\s+\S)")


def _denial_is_main_clause(quote: str) -> bool:
    if _SENTENCE_END.search(quote.strip()):
        return False
    first_clause = quote.split(",", 1)[0]
    return _DENIAL.search(first_clause) is not None and not _NEGATION.search(first_clause)


_ATTRIBUTIVE = re.compile(r"(?:mutmaßlich|angeblich|vermeintlich)(?:e|en|er|es|em)", re.I)
_COORDINATION = re.compile(r"\b(?:und|sowie|oder)\b|[,;]", re.IGNORECASE)


def _hedges(quote: str, cue: re.Match[str], anchor: str | None) -> bool:
    """Whether an alleged cue qualifies what the item is about (see module docstring)."""
    if anchor is None or not _ATTRIBUTIVE.fullmatch(cue.group()):
        return True
    at = quote.find(anchor)
    if at < 0:
        return True
    between = quote[cue.end() : at] if at >= cue.end() else quote[at + len(anchor) : cue.start()]
    return _COORDINATION.search(between) is None


def check_certainty(quote: str, certainty: Certainty, anchor: str | None = None) -> Certainty:
    """The certainty the quote's own words support; only ever lowers CONFIRMED.

    `anchor`: a figure's amount as the quote writes it, which attributive hedges must
    reach to count.
    """
    if certainty is not Certainty.CONFIRMED:
        return certainty
    if _denial_is_main_clause(quote):
        return Certainty.DENIED
    if any(_hedges(quote, cue, anchor) for cue in _ALLEGED.finditer(quote)):
        return Certainty.ALLEGED
    if _REPORTED.search(quote):
        return Certainty.REPORTED
    return certainty
