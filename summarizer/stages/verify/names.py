"""Is a name in the statement named by the source? Folding, stems and exonyms.

A name the English statement uses is looked for in folded text (lower case, no
diacritics) by its stem: its first `len - 3` letters, never fewer than `MIN_STEM`,
so "Libyan" is found in "Libya" and "Marrakesch" answers "Marrakech". A source
written in another language names a country in its own words: "Morocco" is "Maroc",
"Marruecos", "Marokko", "Maroko". Those exonyms come from Babel's territory names in
each language we read (`LANGUAGES`), reached from an English country name, from an
adjective that begins like one ("Moroccan"), or through `lexicon.DEMONYMS` ("Dutch",
"US"). Words of a translated title ("Interior Ministry", "Red Cross": see
`lexicon.TITLE_WORDS`) are not names and are not looked for.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from summarizer.core.lexicon import DEMONYMS, TITLE_WORDS

LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk")
_NON_WORD = re.compile(r"[\W_]+")
SPELLING_MIN = 5
"""Names shorter than this must be found by stem; longer ones may be spelt alike."""
MIN_STEM = 4
"""Names are compared by their first `len - 3` letters, but never fewer than this."""


@lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Lower case without diacritics: 'Marrakesch' -> 'marrakesch', 'Ñuñoa' -> 'nunoa'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def flat(text: str) -> str:
    """Folded, with every run of punctuation and space one space: names compare by words."""
    return f" {' '.join(_NON_WORD.split(fold(text)))} "


def stem(word: str) -> str:
    """The first `len - 3` letters of a folded word, never fewer than `MIN_STEM`."""
    return word if len(word) <= MIN_STEM else word[: max(MIN_STEM, len(word) - 3)]


@cache
def _territories() -> dict[str, frozenset[str]]:
    """Folded English country name -> its folded names in every language of `LANGUAGES`."""
    from babel import Locale

    locales = [Locale.parse(language) for language in LANGUAGES]
    table: dict[str, frozenset[str]] = {}
    for code, name in locales[0].territories.items():
        if code.isalpha():  # numeric codes are regions ("001" world)
            local = {flat(locale.territories.get(code, "")).strip() for locale in locales}
            table[fold(name)] = frozenset(local - {""})
    return table


@lru_cache(maxsize=4096)
def exonyms(word: str) -> frozenset[str]:
    """The names, in every language we read, of the country a folded English word
    denotes, and the English adjectives for it ("us" -> "american": "américain")."""
    key = fold(DEMONYMS.get(word, word))
    table = _territories()
    adjectives = {a for a, country in DEMONYMS.items() if fold(country) == key}
    if key in table:
        return table[key] | adjectives
    prefix = stem(key)
    found: set[str] = set()
    for english, local in table.items():
        if any(part.startswith(prefix) for part in english.split()):
            found |= local
    return frozenset(found)


_SOUNDS: tuple[tuple[str, str], ...] = (
    ("tsch", "ch"),
    ("sch", "sh"),
    ("ph", "f"),
    ("z", "s"),
    ("j", "i"),
    ("y", "i"),
    ("w", "v"),
    ("k", "c"),
    ("q", "c"),
)


@lru_cache(maxsize=65_536)
def _sound(word: str) -> str:
    """A rough transliteration key: 'Zelensky' and 'Selenskyj' -> 'selensci', 'selenscii'."""
    for written, said in _SOUNDS:
        word = word.replace(written, said)
    return word


def spelt_alike(word: str, words: frozenset[str]) -> bool:
    """A transliteration: a word of the source that sounds alike, with the same initial
    sound and at most one letter in five apart ("Derna"/"Darna", "Zelensky"/"Selenskyj")."""
    from rapidfuzz import fuzz, process

    if len(word) < SPELLING_MIN:
        return False
    key = _sound(word)
    alike = [_sound(w) for w in words if _sound(w)[:1] == key[:1]]
    return process.extractOne(key, alike, scorer=fuzz.ratio, score_cutoff=80) is not None


def is_named(name: str, haystacks: tuple[str, ...], words_of: frozenset[str] = frozenset()) -> bool:
    """Whether the source (`flat` haystacks) names `name`: one of its words that is not
    a title word, by stem, by one of its country's exonyms, or spelt alike with one of
    the source's `words_of`."""
    plain = flat(name.replace("'s", "").replace("’s", ""))
    words = [w for w in plain.split() if w not in TITLE_WORDS]
    if not words:
        return True
    for word in words:
        candidates = {word} | exonyms(word) if len(word) >= 2 else {word}
        if any(f" {stem(c)}" in h for c in candidates for h in haystacks):
            return True
    return any(spelt_alike(word, words_of) for word in words)
