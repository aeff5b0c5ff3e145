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


def _by_value(groups: dict[float, str]) -> dict[str, float]:
    """{value: "word word ..."} -> {word: value}."""
    return {word: value for value, words in groups.items() for word in words.split()}


_SCALES: dict[str, dict[str, float]] = {
    "de": _by_value(
        {
            _K: "tausend tsd. tsd",
            _M: "million millionen mio. mio",
            _G: "milliarde milliarden mrd. mrd",
            _T: "billion billionen",
            12: "dutzend",
        }
    ),
    "en": _by_value(
        {
            _K: "thousand",
            _M: "million mn mln",
            _G: "billion bn b",
            _T: "trillion tn",
            1e5: "lakh lakhs",
            1e7: "crore crores",
            12: "dozen",
        }
    ),
    "fr": _by_value(
        {
            _K: "mille",
            _M: "million millions",
            _G: "milliard milliards md mds",
            _T: "billion billions",
        }
    ),
    "es": _by_value(
        {
            _K: "mil",
            _M: "millón millones millon",
            _G: "millardo millardos",
            _T: "billón billones billon",
        }
    ),
    "it": _by_value({_K: "mila mille", _M: "milione milioni mln", _G: "miliardo miliardi mld mrd"}),
    "pt": _by_value({_K: "mil", _M: "milhão milhões mi", _G: "bilhão bilhões bi"}),
    "nl": _by_value(
        {_K: "duizend", _M: "miljoen mln. mln mio", _G: "miljard mld. mld mrd", _T: "biljoen"}
    ),
    "pl": _by_value(
        {
            _K: "tysiąc tysiące tysięcy tysiąca tysiącom tysiącami tysiącach tys. tys",
            _M: "milion miliony milionów mln mln.",
            _G: "miliard miliardy miliardów mld mld.",
            _T: "bilion biliony bilionów",
        }
    ),
    "ru": _by_value(
        {
            _K: "тысяча тысячи тысяч тысячу тыс. тыс",
            _M: "миллион миллиона миллионов млн млн.",
            _G: "миллиард миллиарда миллиардов млрд млрд.",
            _T: "триллион триллиона триллионов трлн",
        }
    ),
    "uk": _by_value(
        {
            _K: "тисяча тисячі тисяч тисячу тис. тис",
            _M: "мільйон мільйона мільйонів млн млн.",
            _G: "мільярд мільярда мільярдів млрд млрд.",
            _T: "трильйон трильйона трильйонів трлн",
        }
    ),
}
_HALF_PREFIXES = ("пів", "пол")
_FRACTIONS = _by_value(
    {
        0.5: "half halb halbe halve demi medio media mezzo meio meia pół",
        0.25: "quarter viertel kwart quart cuarto",
    }
)
COLLECTIVES = _by_value(
    {
        10: "dizaine decena decina dezena década tiental десяток",
        12: "douzaine docena dozzina dúzia dozijn дюжина",
        15: "quinzaine quincena",
        20: "vingtaine veintena ventina vintena twintigtal",
        30: "trentaine treintena trentina",
        50: "cinquantaine cincuentena cinquantina",
        100: "centaine centenar centinaio centena honderdtal сотня",
        1000: "millier millar migliaio milhar",
    }
)
ONE = frozenset(_by_value({1: "ein eine einer einem einen a an one un une una uno um uma een één"}))

_SLAVIC_EXACT = _by_value(
    {
        1: "один одна одно одного одной одну одним одне одній jeden jedna jedno jednego jednej",
        2: "два две двух двум двумя двое двоих дві двох двом двома двоє "
        "dwa dwie dwóch dwoje dwaj dwom dwoma",
        3: "три трех трёх трем трём тремя трое троих трьох трьом трьома троє "
        "trzy trzech trzej troje trzem",
        4: "четыре четырех четырёх четырем четырьмя четверо четверых чотири чотирьох чотирьом "
        "четверих cztery czterech czterej czworo",
        7: "семь семи семью семеро семерых сім сімох siedem siedmiu",
        10: "десять десяти десятью десятьох dziesięć dziesięciu",
        40: "сорок сорока",
        100: "сто ста sto stu",
    }
)
_SLAVIC_STEMS = _by_value(
    {
        5: "пят pięć pięci",
        6: "шест шіст sześć sześci",
        8: "восем восьм вісім вісьм ośmi osiem",
        9: "девят dziewięć dziewięci",
        11: "одиннадцат одинадцят jedenast",
        12: "двенадцат дванадцят dwunast",
        13: "тринадцат тринадцят trzynast",
        14: "четырнадцат чотирнадцят czternast",
        15: "пятнадцат пятнадцят piętnast",
        16: "шестнадцат шістнадцят szesnast",
        17: "семнадцат сімнадцят siedemnast",
        18: "восемнадцат вісімнадцят osiemnast",
        19: "девятнадцат девятнадцят dziewiętnast",
        20: "двадцат двадцят dwadzieści dwudziest",
        30: "тридцат тридцят trzydzie",
        40: "czterdzie",
        50: "пятьдесят пятидесят пятдесят pięćdziesi",
        60: "шестьдесят шестидесят шістдесят sześćdziesi",
        70: "семьдесят семидесят сімдесят siedemdziesi",
        80: "восемьдесят восьмидесят вісімдесят osiemdziesi",
        90: "девяност dziewięćdziesi",
        200: "двест двухсот двісті двохсот dwieście dwustu",
        300: "трист трехсот trzysta",
        500: "пятьсот пятисот пятсот pięćset",
    }
)
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


def _slavic(word: str) -> float | None:
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
