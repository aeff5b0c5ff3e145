"""Words that several stages read or write, each list in one place.

Month and weekday names (with their abbreviations) are read by verify's date resolver
and worded in English by `summarizer.core.wording`; both take them from here.
"""

from __future__ import annotations

from collections.abc import Iterable

MONTHS: dict[str, int] = {
    **dict.fromkeys(("januar", "jänner", "january", "jan"), 1),
    **dict.fromkeys(("februar", "february", "feb"), 2),
    **dict.fromkeys(("märz", "maerz", "march", "mär", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mai", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("august", "aug"), 8),
    **dict.fromkeys(("september", "sept", "sep"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nov"), 11),
    **dict.fromkeys(("dezember", "december", "dez", "dec"), 12),
}
WEEKDAYS: dict[str, int] = {
    **dict.fromkeys(("montag", "monday"), 0),
    **dict.fromkeys(("dienstag", "tuesday"), 1),
    **dict.fromkeys(("mittwoch", "wednesday"), 2),
    **dict.fromkeys(("donnerstag", "thursday"), 3),
    **dict.fromkeys(("freitag", "friday"), 4),
    **dict.fromkeys(("samstag", "sonnabend", "saturday"), 5),
    **dict.fromkeys(("sonntag", "sunday"), 6),
}


def alternatives(words: Iterable[str]) -> str:
    """A regex alternation that tries longer words first ("juni" before "jun")."""
    return "|".join(sorted(words, key=len, reverse=True))


RISE_CUES: tuple[str, ...] = (
    # en
    "rose to",
    "risen to",
    "rises to",
    "rising to",
    "climbed to",
    "increased to",
    "has risen",
    "previous toll",
    "earlier toll",
    "up from",
    # de
    "gestiegen",
    "steigt auf",
    "stieg auf",
    "erhöhte sich",
    "inzwischen",
    "mittlerweile",
    # fr
    "s'alourdit",
    "s’alourdit",
    "alourdi",
    "passe à",
    "est passé à",
    "grimpe à",
    "précédent bilan",
    # es
    "aumenta a",
    "aumentan a",
    "asciende a",
    "ascienden a",
    "sube a",
    "suben a",
    "elevó a",
    "eleva a",
    "balance anterior",
    # it
    "sale a",
    "salito a",
    "salgono a",
    "è salito",
    "precedente bilancio",
    # pt
    "subiu para",
    "sobe para",
    "aumentou para",
    # nl
    "loopt op tot",
    "opgelopen tot",
    "gestegen tot",
    # pl
    "wzrosła do",
    "wzrósł do",
    "wzrosła",
    "rośnie",
    # ru, uk
    "возросло до",
    "возросло",
    "выросло до",
    "увеличилось до",
    "зросла до",
    "зросло до",
)
"""Words with which a report says its count has changed since an earlier one."""


EARLIER_CUES: tuple[str, ...] = (
    "previous",
    "earlier",
    "initially",
    "précédent",
    "auparavant",
    "anterior",
    "previamente",
    "zuvor",
    "vorher",
    "zunächst",
    "precedente",
    "in precedenza",
    "eerder",
    "aanvankelijk",
    "wcześniej",
    "poprzedni",
    "ранее",
    "раніше",
    "anteriormente",
)
"""Words with which a report gives an earlier, superseded value of a count."""

INCREMENT_CUES: tuple[str, ...] = (
    "another",
    "additional",
    "further",
    "weitere",
    "weiteren",
    "autres",
    "otros",
    "otras",
    "altri",
    "altre",
    "outros",
    "nog eens",
    "kolejne",
    "ещё",
    "еще",
    "ще",
)
"""Words that make an amount an increment ("another 179 dead"), not the count itself."""
