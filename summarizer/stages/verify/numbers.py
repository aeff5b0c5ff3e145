"""Read one number of an amount in a given language: digits, number words, scale words.

**Digits.** A digit token is read with the decimal mark of the article's language, taken
from Babel's locale data (`,` everywhere but English, `.` in English and Swiss German):

* both `.` and `,` present: the last one is the decimal mark ("1.234,5", "1,234.5");
* one mark several times: thousands separators ("1,000,555" in Mexican Spanish copy,
  "$1,30,000" in Indian English);
* the decimal mark once: a decimal ("2,5" in de/fr/es, "2.5" in en);
* the other mark once: a thousands separator when three digits follow ("11.000",
  "10,000"), else a decimal ("US$2.6 millones" in Guatemalan copy);
* digit groups split by a space, no-break, narrow or thin space or an apostrophe
  ("1 500", "364 000", "1'500") are thousands.

Without a known language the mark is guessed: a single mark followed by exactly three
digits (and not after a lone "0") is a thousands separator, anything else a decimal, so
German and English copy both read.

**Words.** text2num reads number words in de, en, fr, es, it, pt and nl ("zehntausend",
"dertienhonderd", "diciotto"). It has no Polish, Russian or Ukrainian, whose numerals
decline ("трех", "пятеро", "дев’ятьох", "pięćdziesięciu"): those are read from the small
tables below (1-19, tens, hundreds; inflected forms by stem), summed in a run
("двадцать пять" = 25).

**Scales** multiply the number before them ("5,2 Milliarden", "12 тыс.", "5mila",
"3,9 mil milhões" = 3.9e9); a scale word alone is one of it ("mehr als tausend",
"el billón"). Billion is 1e9 in English, French "milliard", Brazilian "bilhão"; the long
scale "Billion"/"billón"/"billion" (fr)/"biljoen"/"bilion" is 1e12. Without a language,
a capitalised "Billion" is German (1e12) and lower-case "billion" English. A fraction
word before a scale ("een kwart miljard", "півтисячі") multiplies it. A collective noun
("une vingtaine", "un centenar", "una ventina", "uma década") is that number, read as
approximate.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from text_to_num import text2num  # type: ignore[import-untyped]

from summarizer.core.lexicon import DEFAULT_LANGUAGES

TEXT2NUM_LANGUAGES = frozenset({"de", "en", "fr", "es", "it", "pt", "nl"})
_SPACED = re.compile(r"(?<=\d)[ \u00a0\u202f\u2009'’](?=\d{3}(?!\d))")

_K, _M, _G, _T = 1e3, 1e6, 1e9, 1e12
_SCALES: dict[str, dict[str, float]] = {
    "de": {
        **dict.fromkeys(("tausend", "tsd.", "tsd"), _K),
        **dict.fromkeys(("million", "millionen", "mio.", "mio"), _M),
        **dict.fromkeys(("milliarde", "milliarden", "mrd.", "mrd"), _G),
        **dict.fromkeys(("billion", "billionen"), _T),
        "dutzend": 12.0,
    },
    "en": {
        **dict.fromkeys(("thousand",), _K),
        **dict.fromkeys(("million", "mn", "mln"), _M),
        **dict.fromkeys(("billion", "bn", "b"), _G),
        **dict.fromkeys(("trillion", "tn"), _T),
        **dict.fromkeys(("lakh", "lakhs"), 1e5),
        **dict.fromkeys(("crore", "crores"), 1e7),
        "dozen": 12.0,
    },
    "fr": {
        "mille": _K,
        **dict.fromkeys(("million", "millions"), _M),
        **dict.fromkeys(("milliard", "milliards", "md", "mds"), _G),
        **dict.fromkeys(("billion", "billions"), _T),
    },
    "es": {
        "mil": _K,
        **dict.fromkeys(("millón", "millones", "millon"), _M),
        **dict.fromkeys(("millardo", "millardos"), _G),
        **dict.fromkeys(("billón", "billones", "billon"), _T),
    },
    "it": {
        **dict.fromkeys(("mila", "mille"), _K),
        **dict.fromkeys(("milione", "milioni", "mln"), _M),
        **dict.fromkeys(("miliardo", "miliardi", "mld", "mrd"), _G),
    },
    "pt": {
        "mil": _K,
        **dict.fromkeys(("milhão", "milhões", "mi"), _M),
        **dict.fromkeys(("bilhão", "bilhões", "bi"), _G),
    },
    "nl": {
        "duizend": _K,
        **dict.fromkeys(("miljoen", "mln.", "mln", "mio"), _M),
        **dict.fromkeys(("miljard", "mld.", "mld", "mrd"), _G),
        "biljoen": _T,
    },
    "pl": {
        **dict.fromkeys(("tysiąc", "tysiące", "tysięcy", "tys.", "tys"), _K),
        **dict.fromkeys(("milion", "miliony", "milionów", "mln", "mln."), _M),
        **dict.fromkeys(("miliard", "miliardy", "miliardów", "mld", "mld."), _G),
        **dict.fromkeys(("bilion", "biliony", "bilionów"), _T),
    },
    "ru": {
        **dict.fromkeys(("тысяча", "тысячи", "тысяч", "тысячу", "тыс.", "тыс"), _K),
        **dict.fromkeys(("миллион", "миллиона", "миллионов", "млн", "млн."), _M),
        **dict.fromkeys(("миллиард", "миллиарда", "миллиардов", "млрд", "млрд."), _G),
        **dict.fromkeys(("триллион", "триллиона", "триллионов", "трлн"), _T),
    },
    "uk": {
        **dict.fromkeys(("тисяча", "тисячі", "тисяч", "тисячу", "тис.", "тис"), _K),
        **dict.fromkeys(("мільйон", "мільйона", "мільйонів", "млн", "млн."), _M),
        **dict.fromkeys(("мільярд", "мільярда", "мільярдів", "млрд", "млрд."), _G),
        **dict.fromkeys(("трильйон", "трильйона", "трильйонів", "трлн"), _T),
    },
}
_HALF_PREFIXES = ("пів", "пол")
_FRACTIONS: dict[str, float] = {
    **dict.fromkeys(
        (
            "half",
            "halb",
            "halbe",
            "halve",
            "demi",
            "medio",
            "media",
            "mezzo",
            "meio",
            "meia",
            "pół",
        ),
        0.5,
    ),
    **dict.fromkeys(("quarter", "viertel", "kwart", "quart", "cuarto"), 0.25),
}
COLLECTIVES: dict[str, float] = {
    **dict.fromkeys(
        ("dizaine", "decena", "decina", "dezena", "década", "tiental", "десяток"), 10.0
    ),
    **dict.fromkeys(("douzaine", "docena", "dozzina", "dúzia", "dozijn", "дюжина"), 12.0),
    **dict.fromkeys(("quinzaine", "quincena"), 15.0),
    **dict.fromkeys(("vingtaine", "veintena", "ventina", "vintena", "twintigtal"), 20.0),
    **dict.fromkeys(("trentaine", "treintena", "trentina"), 30.0),
    **dict.fromkeys(("cinquantaine", "cincuentena", "cinquantina"), 50.0),
    **dict.fromkeys(("centaine", "centenar", "centinaio", "centena", "honderdtal", "сотня"), 100.0),
    **dict.fromkeys(("millier", "millar", "migliaio", "milhar"), 1000.0),
}
ONE: frozenset[str] = frozenset(
    {
        "ein",
        "eine",
        "einer",
        "einem",
        "einen",
        "a",
        "an",
        "one",
        "un",
        "une",
        "una",
        "uno",
        "um",
        "uma",
        "een",
        "één",
    }
)

_SLAVIC_EXACT: dict[str, int] = {
    **dict.fromkeys(
        (
            "один",
            "одна",
            "одно",
            "одного",
            "одной",
            "одну",
            "одним",
            "одне",
            "одній",
            "jeden",
            "jedna",
            "jedno",
            "jednego",
            "jednej",
        ),
        1,
    ),
    **dict.fromkeys(
        (
            "два",
            "две",
            "двух",
            "двум",
            "двумя",
            "двое",
            "двоих",
            "дві",
            "двох",
            "двом",
            "двома",
            "двоє",
            "dwa",
            "dwie",
            "dwóch",
            "dwoje",
            "dwaj",
            "dwom",
            "dwoma",
        ),
        2,
    ),
    **dict.fromkeys(
        (
            "три",
            "трех",
            "трёх",
            "трем",
            "трём",
            "тремя",
            "трое",
            "троих",
            "трьох",
            "трьом",
            "трьома",
            "троє",
            "trzy",
            "trzech",
            "trzej",
            "troje",
            "trzem",
        ),
        3,
    ),
    **dict.fromkeys(
        (
            "четыре",
            "четырех",
            "четырёх",
            "четырем",
            "четырьмя",
            "четверо",
            "четверых",
            "чотири",
            "чотирьох",
            "чотирьом",
            "четверих",
            "cztery",
            "czterech",
            "czterej",
            "czworo",
        ),
        4,
    ),
    **dict.fromkeys(
        ("семь", "семи", "семью", "семеро", "семерых", "сім", "сімох", "siedem", "siedmiu"), 7
    ),
    **dict.fromkeys(("десять", "десяти", "десятью", "десятьох", "dziesięć", "dziesięciu"), 10),
    **dict.fromkeys(("сорок", "сорока"), 40),
    **dict.fromkeys(("сто", "ста", "sto", "stu"), 100),
}
_SLAVIC_STEMS: dict[str, int] = {
    "пят": 5,
    "шест": 6,
    "шіст": 6,
    "восем": 8,
    "восьм": 8,
    "вісім": 8,
    "вісьм": 8,
    "девят": 9,
    "одиннадцат": 11,
    "одинадцят": 11,
    "двенадцат": 12,
    "дванадцят": 12,
    "тринадцат": 13,
    "тринадцят": 13,
    "четырнадцат": 14,
    "чотирнадцят": 14,
    "пятнадцат": 15,
    "пятнадцят": 15,
    "шестнадцат": 16,
    "шістнадцят": 16,
    "семнадцат": 17,
    "сімнадцят": 17,
    "восемнадцат": 18,
    "вісімнадцят": 18,
    "девятнадцат": 19,
    "девятнадцят": 19,
    "двадцат": 20,
    "двадцят": 20,
    "тридцат": 30,
    "тридцят": 30,
    "пятьдесят": 50,
    "пятидесят": 50,
    "пятдесят": 50,
    "шестьдесят": 60,
    "шестидесят": 60,
    "шістдесят": 60,
    "семьдесят": 70,
    "семидесят": 70,
    "сімдесят": 70,
    "восемьдесят": 80,
    "восьмидесят": 80,
    "вісімдесят": 80,
    "девяност": 90,
    "двест": 200,
    "двухсот": 200,
    "двісті": 200,
    "двохсот": 200,
    "трист": 300,
    "трехсот": 300,
    "пятьсот": 500,
    "пятисот": 500,
    "пятсот": 500,
    "pięć": 5,
    "pięci": 5,
    "sześć": 6,
    "sześci": 6,
    "ośmi": 8,
    "osiem": 8,
    "dziewięć": 9,
    "dziewięci": 9,
    "jedenast": 11,
    "dwunast": 12,
    "trzynast": 13,
    "czternast": 14,
    "piętnast": 15,
    "szesnast": 16,
    "siedemnast": 17,
    "osiemnast": 18,
    "dziewiętnast": 19,
    "dwadzieści": 20,
    "dwudziest": 20,
    "trzydzie": 30,
    "czterdzie": 40,
    "pięćdziesi": 50,
    "sześćdziesi": 60,
    "siedemdziesi": 70,
    "osiemdziesi": 80,
    "dziewięćdziesi": 90,
    "dwieście": 200,
    "dwustu": 200,
    "trzysta": 300,
    "pięćset": 500,
}
_STEM_ENDING = 4


@dataclass
class Number:
    """One number of an amount: its value, the scale it was multiplied by, the token
    indices it spans, and whether a collective noun made it approximate."""

    value: float
    scale: float
    first: int
    last: int
    approximate: bool = False


@cache
def decimal_mark(language: str | None) -> str | None:
    """The decimal mark of `language` by Babel's locale data; None when unknown."""
    if not language or language == "und":
        return None
    from babel import UnknownLocaleError
    from babel.numbers import get_decimal_symbol

    try:
        return get_decimal_symbol(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


def _grouped(digits: str, mark: str) -> bool:
    return all(len(group) == 3 for group in digits.split(mark)[1:])


def parse_number(token: str, language: str | None = None) -> float:
    """Read one digit token in `language` (see the module docstring)."""
    token = _SPACED.sub("", token)
    dots, commas = token.count("."), token.count(",")
    if dots and commas:
        last = "." if token.rfind(".") > token.rfind(",") else ","
        first = "," if last == "." else "."
        return float(token.replace(first, "").replace(last, "."))
    if not (dots or commas):
        return float(token)
    mark = "." if dots else ","
    decimal = decimal_mark(language)
    if decimal in (".", ","):
        grouping = dots + commas > 1 or (mark != decimal and _grouped(token, mark))
        return float(token.replace(mark, "") if grouping else token.replace(mark, "."))
    head, _, tail = token.rpartition(mark)
    if dots + commas > 1 or (len(tail) == 3 and head != "0"):
        return float(token.replace(mark, ""))
    return float(f"{head}.{tail}")


def languages_of(language: str | None) -> tuple[str, ...]:
    """The lexicon languages to read an amount in: its own, else German and English."""
    if language and language[:2].lower() in _SCALES:
        return (language[:2].lower(),)
    return DEFAULT_LANGUAGES


def scale(word: str, languages: tuple[str, ...]) -> float | None:
    """The multiplier a scale word stands for, in `languages`; None if it is not one."""
    lower = word.lower()
    if languages == DEFAULT_LANGUAGES and lower == "billion":
        return _T if word == "Billion" else _G
    for language in languages:
        if (value := _SCALES[language].get(lower)) is not None:
            return value
    for prefix in _HALF_PREFIXES:
        if lower.startswith(prefix) and (whole := scale(lower[len(prefix) :], languages)):
            return whole / 2
    return None


def fraction(word: str) -> float | None:
    """A fraction word that multiplies the scale after it ("kwart", "half")."""
    return _FRACTIONS.get(word.lower())


def _slavic(word: str) -> int | None:
    lower = word.lower().replace("ё", "е")
    if (value := _SLAVIC_EXACT.get(lower)) is not None:
        return value
    for stem in sorted(_SLAVIC_STEMS, key=len, reverse=True):
        if lower.startswith(stem) and len(lower) - len(stem) <= _STEM_ENDING:
            return _SLAVIC_STEMS[stem]
    return None


def word_number(words: list[str], languages: tuple[str, ...]) -> float | None:
    """The value of a run of number words in `languages`, or None."""
    phrase = " ".join(words).lower()
    for language in languages:
        if language in TEXT2NUM_LANGUAGES:
            try:
                return float(text2num(phrase, language))
            except ValueError:
                continue
        values = [_slavic(word) for word in words]
        if all(value is not None for value in values):
            parts = [value for value in values if value is not None]
            if all(a > b for a, b in itertools.pairwise(parts)):
                return float(sum(parts))
    return None
