"""A stated byline -> the people who wrote the article, and the organisation it names.

Pages and feeds put anything in their author field: "Anna Schmidt", "Anna Schmidt
and Tom Lee", "SPIEGEL ONLINE; Hamburg; Germany", "BBC News", "dpa/AFP",
"tagesschau.de", "Wikimedia Foundation". Only people are authors. `split_byline`
cuts the field on ``;``, ``,``, ``|``, ``/`` and "and"/"und"/"&", and keeps a part
as a person when it is name-shaped: two to five words, each capitalised with
lower-case letters after (initials such as "J." and particles such as "von" or
"de" allowed), no word that marks an organisation ("Online", "News", "GmbH",
"Foundation", "Verein", ...), and not the site itself (its letters or initials
equal the outlet's name or a label of the URL's domain: "Deutsche Welle" on
dw.com). The first other part of several words, or a lone word shaped like an
organisation ("dpa", "BBC", "tagesschau.de"; not a place such as "Hamburg"), is
the organisation; the caller keeps it as the outlet when no outlet is known.
`outlet_name` drops the place a stated site name trails ("SPIEGEL ONLINE,
Hamburg, Germany" -> "SPIEGEL ONLINE").
This is by shape, not by a list of outlets: an all-capitals word ("SPIEGEL") is
never part of a person's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PARTS = re.compile(r"\s*(?:[;,|/]|\s(?:and|und|et|y|e|&)\s)\s*", re.I)
BY_PREFIX = re.compile(r"^(?:von|by|par|por|di|door|av)\s+", re.I)
PARTICLES = frozenset(
    [
        "von",
        "van",
        "de",
        "der",
        "den",
        "da",
        "di",
        "du",
        "del",
        "della",
        "la",
        "le",
        "zu",
        "bin",
        "al",
        "el",
        "ter",
        "ten",
        "dos",
        "das",
        "y",
    ]
)
ORGANISATION_WORDS = frozenset(
    [
        "online",
        "news",
        "newsroom",
        "redaktion",
        "staff",
        "agency",
        "agentur",
        "press",
        "presse",
        "media",
        "team",
        "desk",
        "editors",
        "editorial",
        "reporters",
        "service",
        "times",
        "post",
        "zeitung",
        "nachrichten",
        "tv",
        "radio",
        "magazine",
        "magazin",
        "journal",
        "daily",
        "group",
        "network",
        "wire",
        "correspondent",
        "correspondents",
        "bureau",
        "associated",
        "reuters",
        "afp",
        "dpa",
        "ap",
        "ddp",
        "kna",
        "epd",
        "sid",
        "gmbh",
        "ag",
        "inc",
        "ltd",
        "llc",
        "corp",
        "corporation",
        "company",
        "verlag",
        "publishing",
        "foundation",
        "stiftung",
        "verein",
        "association",
        "society",
        "institute",
        "institut",
        "university",
        "universität",
        "ministry",
        "ministerium",
        "council",
        "themes",
        "www",
    ]
)
NAME_PART = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
INITIAL = re.compile(r"[^\W\d_]\.")
MIN_NAME_WORDS = 2
MAX_NAME_WORDS = 5
MAX_BYLINE_CHARS = 300


def split_byline(
    value: str | None, site_names: Iterable[str] = ()
) -> tuple[str | None, str | None]:
    """(people, organisation) of a stated byline: people joined by ", ", either may be None.

    `site_names` are the outlet's name and the domain labels of the article's URL.
    """
    if not value or len(value) > MAX_BYLINE_CHARS:
        return None, None
    sites = {_letters(name) for name in site_names} - {""}
    parts = [BY_PREFIX.sub("", part).strip() for part in PARTS.split(value.strip())]
    parts = [part for part in parts if part]
    people = [part for part in parts if is_person_name(part) and not _is_site(part, sites)]
    others = [
        part
        for part in parts
        if part not in people and (len(part.split()) > 1 or _is_organisation_word(part))
    ]
    organisation = others[0] if others else None
    return (", ".join(people) or None), organisation


def outlet_name(outlet: str | None) -> str | None:
    """An outlet without trailing one-word parts: "SPIEGEL ONLINE, Hamburg, Germany" -> first."""
    if not outlet:
        return None
    first, *rest = (part.strip() for part in outlet.split(","))
    return first if rest and first and all(len(part.split()) == 1 for part in rest) else outlet


def is_person_name(text: str) -> bool:
    """True for a name-shaped phrase: "Anna Schmidt", "J. R. Smith", "Ursula von der Leyen"."""
    words = text.split()
    if not MIN_NAME_WORDS <= len(words) <= MAX_NAME_WORDS:
        return False
    names = [word for word in words if word.lower() not in PARTICLES]
    return len(names) >= MIN_NAME_WORDS and all(_is_name_word(word) for word in names)


def _is_name_word(word: str) -> bool:
    if word.lower().strip(".") in ORGANISATION_WORDS:
        return False
    if INITIAL.fullmatch(word):
        return word[0].isupper()
    return all(
        part[:1].isupper() and any(c.islower() for c in part) and NAME_PART.fullmatch(part)
        for part in word.split("-")
    )


def _is_site(name: str, sites: set[str]) -> bool:
    """True when the name's letters or initials are the site's ("Deutsche Welle", dw.com)."""
    initials = "".join(word[0] for word in name.lower().split())
    return _letters(name) in sites or initials in sites


def _is_organisation_word(word: str) -> bool:
    """A lone word that names an organisation: "Reuters", "dpa", "tagesschau.de", "BBC"."""
    return "." in word or word.isupper() or word.lower() in ORGANISATION_WORDS


def _letters(text: str) -> str:
    return "".join(char for char in text.lower() if char.isalnum())
