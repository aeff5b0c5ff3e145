"""Parse a figure's `amount` into a `Quantity`, in the article's language.

"11.000", "zwischen 10.000 und 12.000", "5,2 Milliarden", "más de 100", "entre 290.000 y
650.000", "une vingtaine", "des centaines", "не менее 23", "od 1,5 do 2 mld": the
expression is tokenised into numbers and words; `numbers` reads each number (digits with
the language's decimal mark, number words, scale words). The words around the numbers
are read with the language's lexicon (`summarizer.core.lexicon`); without a known
language, German and English are read (the mark is then guessed, see `numbers`).

Hundreds written in digits after a "thousand" word add to it ("dos mil 012" = 2012,
"5 mil 300" = 5300).

**Kinds.** Two numbers joined by a range word ("bis", "to", "à", "a", "tot", "do", "до",
"-") or by "and" after "between" ("zwischen ... und", "entre ... y/et/e", "tussen ... en",
"tra ... e", "między ... a", "между ... и", "між ... і") are a `range` (low <= high; a
scale written only after the second number applies to both, "5 bis 6 Milliarden"; an
article or a repeated unit may stand between, "entre el 1,1 y el 1,2 millones", "entre
50 000 euros et 150 000 euros"). A number after a "per" word ("na 100 tysięcy") is the
base of a rate and is left out. Otherwise one number, qualified by the comparators
before it: `lower_bound` ("más de", "au moins", "ten minste", "ponad", "не менее", or
"o más"/"ou plus"/"или более" after it), `upper_bound` ("hasta", "jusqu'à", "fino a",
"до", "не более"), `approximate` ("près de", "casi", "circa", "около", or a collective
noun, "une vingtaine"), else `exact`. A bound always wins over an approximation ("un peu
plus de sept", "nieco ponad 700 tys."); of two bounds the one that starts first wins,
then the longer, so "non inferiore a" is a lower and "не превышающем" an upper bound.

**Vague amounts** (no digits) name an order of magnitude M and read as low = 2·M, high =
10·M − 1: "Hunderte"/"hundreds"/"des centaines"/"cientos"/"honderden"/"сотни" 200-999,
"Tausende"/"des milliers"/"migliaia"/"tysiące" 2,000-9,999, "Zehntausende"/"des dizaines
de milliers"/"десятки тысяч" 20,000-99,999, and so on; "dozens"/"Dutzende"/"decenas"/
"dezenas" M = 12, "dizaines"/"decine"/"tientallen"/"dziesiątki"/"десятки" M = 10. A word
that is also a scale ("тысячи", "tysiące") is vague only when no number or comparator
stands just before it ("около тысячи" is about 1000).

Anything else (no number, three numbers, two numbers not joined as a range) is None: an
unparseable amount is reported, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from summarizer.core.items import Quantity
from summarizer.core.lexicon import (
    APPROXIMATE,
    LOWER_BOUND,
    OR_MORE,
    RANGE_AND,
    RANGE_BETWEEN,
    RANGE_TO,
    UPPER_BOUND,
    VAGUE,
    Table,
    phrases,
)
from summarizer.stages.verify.numbers import (
    COLLECTIVES,
    ONE,
    Number,
    fraction,
    languages_of,
    parse_number,
    scale,
    word_number,
)

__all__ = ["bound_word", "normalize_unit", "parse_number", "parse_quantity"]

_DIGITS = (
    r"\d{1,3}(?:[ \u00a0\u202f\u2009'’]\d{3})+(?:[.,]\d+)?(?!\d)"
    r"|\d(?:[\d.,'\u00a0\u202f\u2009]*\d)?"
)
_TOKEN = re.compile(rf"(?P<num>{_DIGITS})|(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*\.?)|(?P<sym>\S)")
_PERCENT = re.compile(r"(?<!\w)(?:por|per) cento(?!\w)", re.IGNORECASE)
_UK_APOSTROPHE = re.compile(r"(?<=[^\W\d_])['’ʼ](?=[^\W\d_])")

_THOUSAND = 1e3
_NUMERAL_ONE = ONE - {"a", "an"}  # alone, "eine"/"un"/"one" is 1; "a few" is not
_DASHES = frozenset({"-", "–", "—"})
_FILLERS = frozenset({"el", "la", "los", "las", "les", "the", "os", "as", "il", "i", "de"})
_PER = frozenset({"per", "pro", "je", "par", "pour", "cada", "ogni", "na", "на"})

Token = tuple[str, str, int, int]


@dataclass(frozen=True)
class _Lexicon:
    languages: tuple[str, ...]
    lower: re.Pattern[str]
    upper: re.Pattern[str]
    approximate: re.Pattern[str]
    or_more: re.Pattern[str]
    comparator_end: re.Pattern[str]
    vague: tuple[tuple[re.Pattern[str], float], ...]
    joiners: frozenset[str]
    openers: frozenset[str]
    conjunctions: frozenset[str]


@cache
def _lexicon(languages: tuple[str, ...]) -> _Lexicon:
    def compiled(pattern: str) -> re.Pattern[str]:
        return re.compile(pattern, re.IGNORECASE)

    comparators = "|".join(
        phrases(table, languages) for table in (LOWER_BOUND, UPPER_BOUND, APPROXIMATE)
    )
    vague = [
        (rf"(?<!\w)(?:{word})(?!\w)", float(magnitude))
        for lang in languages
        for word, _, magnitude in (entry.rpartition("=") for entry in VAGUE[lang])
    ]

    def words(table: Table) -> frozenset[str]:
        return frozenset(word for lang in languages for word in table[lang])

    return _Lexicon(
        languages=languages,
        lower=compiled(phrases(LOWER_BOUND, languages)),
        upper=compiled(phrases(UPPER_BOUND, languages)),
        approximate=compiled(phrases(APPROXIMATE, languages)),
        or_more=compiled(phrases(OR_MORE, languages)),
        comparator_end=compiled(rf"(?:{comparators})\W*$"),
        vague=tuple((compiled(pattern), magnitude) for pattern, magnitude in vague),
        joiners=words(RANGE_TO) | _DASHES,
        openers=words(RANGE_BETWEEN),
        conjunctions=words(RANGE_AND),
    )


def _tokens(text: str) -> list[Token]:
    return [
        (str(match.lastgroup), match.group(), match.start(), match.end())
        for match in _TOKEN.finditer(text)
    ]


def _is_number_word(word: str, languages: tuple[str, ...]) -> bool:
    lower = word.lower()
    return lower in ONE or word_number([lower], languages) is not None


def _blocked(text: str, tokens: list[Token], lexicon: _Lexicon) -> set[int]:
    """Indices of word tokens that never start a number: those inside a comparator
    ("unos", "un peu plus de") and range words ("und zwölf" is not 12)."""
    joining = lexicon.joiners | lexicon.conjunctions
    spans = [
        match.span()
        for pattern in (lexicon.lower, lexicon.upper, lexicon.approximate, lexicon.or_more)
        for match in pattern.finditer(text)
    ]
    return {
        index
        for index, (kind, token, start, end) in enumerate(tokens)
        if kind == "word"
        and (token.lower() in joining or any(a <= start and end <= b for a, b in spans))
    }


def _word_run(tokens: list[Token], start: int, languages: tuple[str, ...]) -> Number | None:
    end = start
    while (
        end < len(tokens) and tokens[end][0] == "word" and scale(tokens[end][1], languages) is None
    ):
        end += 1
    for stop in range(end, start, -1):
        value = word_number([token for _, token, _, _ in tokens[start:stop]], languages)
        if value is not None:
            return Number(value, 1.0, start, stop - 1)
    return None


def _number_at(
    tokens: list[Token], index: int, languages: tuple[str, ...], blocked: set[int]
) -> Number | None:
    kind, token, _, _ = tokens[index]
    following = tokens[index + 1][1] if index + 1 < len(tokens) else ""
    if kind == "num":
        return Number(
            parse_number(token, languages[0] if len(languages) == 1 else None), 1.0, index, index
        )
    if kind != "word" or index in blocked:
        return None
    lower = token.lower()
    if (multiplier := scale(token, languages)) is not None:
        return Number(multiplier, multiplier, index, index)
    if lower in COLLECTIVES:
        return Number(COLLECTIVES[lower], 1.0, index, index, approximate=True)
    if (part := fraction(token)) is not None:
        return Number(part, 1.0, index, index) if scale(following, languages) else None
    if lower in ONE:
        if scale(following, languages) or following.lower() in COLLECTIVES:
            return Number(1.0, 1.0, index, index)
        return None
    return _word_run(tokens, index, languages)


def _numbers(tokens: list[Token], languages: tuple[str, ...], blocked: set[int]) -> list[Number]:
    """Numbers in the token list, each with its scale words and the token indices it spans."""
    found: list[Number] = []
    index = 0
    while index < len(tokens):
        number = _number_at(tokens, index, languages, blocked)
        if number is None:
            index += 1
            continue
        while number.last + 1 < len(tokens):
            following = tokens[number.last + 1][1]
            if (multiplier := scale(following, languages)) is not None:
                number = Number(
                    number.value * multiplier,
                    number.scale * multiplier,
                    number.first,
                    number.last + 1,
                    number.approximate,
                )
            elif following.lower() in COLLECTIVES:
                number = Number(
                    number.value * COLLECTIVES[following.lower()],
                    number.scale,
                    number.first,
                    number.last + 1,
                    approximate=True,
                )
            elif number.scale == _THOUSAND and re.fullmatch(r"\d{1,3}", following):
                # "dos mil 012", "5 mil 300": the hundreds written after "mil" add to it
                number = Number(
                    number.value + int(following), number.scale, number.first, number.last + 1
                )
            else:
                break
        found.append(number)
        index = number.last + 1
    return [
        number
        for number in found
        if len(found) == 1 or number.first == 0 or tokens[number.first - 1][1].lower() not in _PER
    ]


def _vague(text: str, lexicon: _Lexicon) -> Quantity | None:
    for pattern, magnitude in lexicon.vague:
        for match in pattern.finditer(text):
            before = text[: match.start()]
            words = before.split()
            if lexicon.comparator_end.search(before) or (
                words and _is_number_word(words[-1], lexicon.languages)
            ):
                continue
            return Quantity(kind="vague", low=2 * magnitude, high=10 * magnitude - 1, text=text)
    return None


def _range(tokens: list[Token], first: Number, second: Number, lexicon: _Lexicon) -> bool:
    between = [
        token.lower()
        for kind, token, _, _ in tokens[first.last + 1 : second.first]
        if token.lower() not in _FILLERS and (kind != "sym" or token in _DASHES)
    ]
    opened = any(token.lower() in lexicon.openers for _, token, _, _ in tokens[: first.first])
    if opened and len(between) == 2:  # a unit repeated before the joiner: "50 € et 150 €"
        between = between[1:]
    if len(between) != 1:
        return False
    return between[0] in lexicon.joiners or (opened and between[0] in lexicon.conjunctions)


def _comparator(prefix: str, suffix: str, lexicon: _Lexicon) -> str | None:
    """The bound or approximation the words around the number make (module docstring)."""
    bounds = [
        (match.start(), -len(match.group()), kind)
        for kind, pattern in (("lower_bound", lexicon.lower), ("upper_bound", lexicon.upper))
        for match in pattern.finditer(prefix)
    ]
    if bounds:
        return min(bounds)[2]
    if lexicon.or_more.search(suffix):
        return "lower_bound"
    return "approximate" if lexicon.approximate.search(prefix) else None


def _normalized(amount: str, languages: tuple[str, ...]) -> str:
    """One-spaced text; "por cento"/"per cento" as "%" (else "cento" reads as 100)."""
    text = _PERCENT.sub("%", " ".join(amount.replace("\u00ad", "").split()))
    return _UK_APOSTROPHE.sub("", text) if "uk" in languages else text


def bound_word(amount: str, language: str | None = None) -> str | None:
    """The first bound comparator written in `amount` ("más de", "bis zu", "o più"), if any."""
    lexicon = _lexicon(languages_of(language))
    text = _normalized(amount, lexicon.languages)
    for pattern in (lexicon.lower, lexicon.upper, lexicon.or_more):
        if match := pattern.search(text):
            return match.group()
    return None


def parse_quantity(amount: str, language: str | None = None) -> Quantity | None:
    """Parse an amount expression into a Quantity; None when it cannot be read safely.

    `language`: the article's language code; None reads German and English.
    """
    languages = languages_of(language)
    lexicon = _lexicon(languages)
    text = _normalized(amount, languages)
    tokens = _tokens(text)
    if all(kind != "num" for kind, *_ in tokens) and (vague := _vague(text, lexicon)):
        return vague.model_copy(update={"text": amount})
    numbers = _numbers(tokens, languages, _blocked(text, tokens, lexicon))
    if not numbers:
        ones = [i for i, (_, token, *_) in enumerate(tokens) if token.lower() in _NUMERAL_ONE]
        numbers = [Number(1.0, 1.0, ones[0], ones[0])] if len(ones) == 1 else []
    if len(numbers) == 2 and _range(tokens, numbers[0], numbers[1], lexicon):
        low, high = numbers
        low_value = low.value
        if low.scale == 1.0 and low.value * high.scale <= high.value:
            low_value *= high.scale
        low_value, high_value = sorted((low_value, high.value))
        return Quantity(kind="range", low=low_value, high=high_value, text=amount)
    if len(numbers) != 1:  # none, or several not joined as a range
        return None
    (number,) = numbers
    prefix = text[: tokens[number.first][2]]
    suffix = text[tokens[number.last][3] :]
    value = number.value
    kind = _comparator(prefix, suffix, lexicon)
    if kind == "upper_bound":
        return Quantity(kind="upper_bound", value=value, high=value, text=amount)
    if kind == "lower_bound":
        return Quantity(kind="lower_bound", value=value, low=value, text=amount)
    if kind == "approximate" or number.approximate:
        return Quantity(kind="approximate", value=value, text=amount)
    return Quantity(kind="exact", value=value, text=amount)


_UNITS: dict[str, str] = {
    **dict.fromkeys(("eur", "euro", "euros", "€"), "EUR"),
    **dict.fromkeys(("usd", "dollar", "dollars", "us-dollar", "us dollars", "$"), "USD"),
    **dict.fromkeys(("gbp", "pfund", "pound", "pounds", "£"), "GBP"),
    **dict.fromkeys(("rub", "rubel", "ruble", "rubles", "rouble", "roubles", "₽"), "RUB"),
    **dict.fromkeys(("krw", "won", "₩"), "KRW"),
    **dict.fromkeys(("uah", "hrywnja", "griwna", "hryvnia", "hryvnias", "₴"), "UAH"),
    **dict.fromkeys(("jpy", "yen", "¥"), "JPY"),
    **dict.fromkeys(("soldaten", "soldat", "soldier", "soldiers", "troops", "truppen"), "soldiers"),
    **dict.fromkeys(("container", "containers", "containern"), "containers"),
    **dict.fromkeys(("jahre", "jahren", "jahr", "year", "years"), "years"),
    **dict.fromkeys(("prozent", "percent", "per cent", "%"), "percent"),
    **dict.fromkeys(("menschen", "personen", "people", "persons"), "people"),
    **dict.fromkeys(("tonnen", "tonne", "tons", "tonnes"), "tonnes"),
    **dict.fromkeys(("kilometer", "km", "kilometers", "kilometres"), "km"),
}
_UNIT_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|[€$£₽₩₴¥%]")


def normalize_unit(unit: str | None, amount: str = "") -> str | None:
    """A canonical unit ("EUR", "USD", "soldiers", ...) for a figure.

    The model's `unit` is read first; when it is missing or unknown, a unit word or
    symbol written in the amount itself ("5,2 Milliarden Euro") is used. An unknown
    unit is kept, lower-cased; no unit at all is None.
    """
    if unit and (known := _UNITS.get(unit.strip().lower())):
        return known
    for match in _UNIT_WORD.finditer(amount):
        if (known := _UNITS.get(match.group().lower())) is not None:
            return known
    return unit.strip().lower() if unit and unit.strip() else None
