"""Check the model's `certainty` against the hedge cues in the quote itself.

Every language marks how sure a source is in its own words: German in its grammar and
particles (Konjunktiv I "seien", "sollen", "angeblich"), the Romance languages in the
conditional of reported speech ("aurait été", "habría negociado", "sarebbe", "teria
perguntado"), Dutch in "zouden", the Slavic languages in particles ("rzekomo", "якобы",
"нібито", "буцімто"). Code can see them. The cues of each language are listed in
`summarizer.core.lexicon` (ALLEGED, REPORTED, DENIAL, NEGATION); the article's language
picks them (German and English when it is unknown). The check only ever *lowers* a
CONFIRMED: a model that already said reported, alleged, denied or disputed is kept, and
nothing is upgraded.

* **ALLEGED** cues: "soll", "angeblich", "allegedly", "aurait", "supuestamente",
  "sarebbe", "teria", "zouden", "rzekomo", "якобы", "нібито", ...
* **REPORTED** cues: "laut", "zufolge", "according to", "said", "selon", "según",
  "secondo", "segundo", "volgens", "według", "по словам", "за словами", the German
  Konjunktiv I ("sei", "habe" not after "ich"), ...

Alleged wins over reported when both occur (the weaker certainty). An *attributive*
hedge adjective ("der mutmaßlichen Lieferung", "angebliche Söldner") qualifies its own
noun phrase only: for a figure, whose amount anchors it in the quote, such a cue does
not count when a coordination ("und", "sowie", "oder", a comma or semicolon) stands
between it and the amount. "sollen" is also the verb of obligation; that reading is
downgraded too. The cost is an over-hedged item; the opposite error would present an
allegation as fact.

**Denials** are judged conservatively. CONFIRMED becomes DENIED only in a one-sentence
quote whose denial verb ("bestritt", "denied", "dément", "negó", "ontkent",
"zaprzeczyła", "опроверг", "заперечує") stands in a clause (between commas) that does
not open with a relative pronoun ("..., was Moskau bestreitet", "..., ce que Paris
dément") and has no negation before the verb ("Das hat niemand bestritten"): then the
denial is the quote's own statement, even after an apposition ("Le ministre, Laurent
Fabius, a démenti").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from summarizer.core.items import Certainty
from summarizer.core.lexicon import (
    ALLEGED,
    DENIAL,
    NEGATION,
    RELATIVE_CLAUSE,
    REPORTED,
    Table,
    phrases,
)
from summarizer.stages.verify.numbers import languages_of


@dataclass(frozen=True)
class _Cues:
    alleged: re.Pattern[str]
    reported: re.Pattern[str]
    denial: re.Pattern[str]
    negation: re.Pattern[str]
    relative: re.Pattern[str]


@cache
def _cues(languages: tuple[str, ...]) -> _Cues:
    def compiled(table: Table) -> re.Pattern[str]:
        return re.compile(phrases(table, languages), re.IGNORECASE)

    return _Cues(
        alleged=compiled(ALLEGED),
        reported=compiled(REPORTED),
        denial=compiled(DENIAL),
        negation=compiled(NEGATION),
        relative=re.compile(rf"^\W*{phrases(RELATIVE_CLAUSE, languages)}", re.IGNORECASE),
    )


_SENTENCE_END = re.compile(r"[.!?](?=\s+\S)")


def _denial_is_main_clause(quote: str, cues: _Cues) -> bool:
    if _SENTENCE_END.search(quote.strip()):
        return False
    for clause in re.split(r"[,;]", quote):
        denial = cues.denial.search(clause)
        if denial and not cues.relative.search(clause):
            return not cues.negation.search(clause[: denial.start()])
    return False


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


def check_certainty(
    quote: str, certainty: Certainty, anchor: str | None = None, language: str | None = None
) -> Certainty:
    """The certainty the quote's own words support; only ever lowers CONFIRMED.

    `anchor`: a figure's amount as the quote writes it, which attributive hedges must
    reach to count. `language`: the article's language (None: German and English).
    """
    if certainty is not Certainty.CONFIRMED:
        return certainty
    cues = _cues(languages_of(language))
    if _denial_is_main_clause(quote, cues):
        return Certainty.DENIED
    if any(_hedges(quote, cue, anchor) for cue in cues.alleged.finditer(quote)):
        return Certainty.ALLEGED
    if cues.reported.search(quote):
        return Certainty.REPORTED
    return certainty
