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

Alleged wins over reported when both occur (the weaker certainty). "sollen" is also the
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

from summarizer.models import Certainty

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


def check_certainty(quote: str, certainty: Certainty) -> Certainty:
    """The certainty the quote's own words support; only ever lowers CONFIRMED."""
    if certainty is not Certainty.CONFIRMED:
        return certainty
    if _denial_is_main_clause(quote):
        return Certainty.DENIED
    if _ALLEGED.search(quote):
        return Certainty.ALLEGED
    if _REPORTED.search(quote):
        return Certainty.REPORTED
    return certainty
