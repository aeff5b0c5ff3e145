"""Parse a figure's `amount` ("11.000", "zwischen 10.000 und 12.000", "5,2 Milliarden",
"Tausende", "über zehntausend") into a `Quantity`, in German or English.

The expression is tokenised into numbers and words. A number is digits or a run of
number words (read by text2num, in German then English), optionally followed by a
scale word ("Millionen", "Mrd.", "billion"). Words before the first number qualify it.

**Separators.** German and English swap "." and ",", and the language of an amount is
not known, so one rule reads both:

* both "." and "," present: the last one is the decimal mark ("1.234,5", "1,234.5");
* one kind, several times: thousands separators ("1.234.567", "1,234,567");
* one kind, once, followed by exactly three digits and not after a lone "0":
  a thousands separator ("11.000", "10,000", "1.234" -> 1234);
* otherwise a decimal mark ("5,2", "5.2", "1.5", "0,500").

So an English decimal with exactly three fraction digits ("1.234" meaning 1.234) is
misread as 1234; in news copy such amounts are far rarer than German thousands.
Digit groups split by a no-break, narrow or thin space or an apostrophe ("11 000",
"11'000") are thousands too.

**Scales.** "Tausend"/"Tsd."/"thousand" 1e3; "Million(en)"/"Mio."/"million"/"mn"
1e6; "Milliarde(n)"/"Mrd."/"billion"/"bn" 1e9; "Billion(en)" (German, capitalised)
and "trillion" 1e12. German nouns are capitalised, so capitalised "Billion" is the
German 1e12 and lower-case "billion" the English 1e9. In a range, a scale written
only after the second number applies to both ("5 bis 6 Milliarden").

**Kinds.** Two numbers joined by "bis"/"to"/"-" (or "und"/"and" after
"zwischen"/"between") are a `range` (low <= high). Otherwise one number, qualified by
the words before it: `lower_bound` ("mehr als", "über", "mindestens", "more than",
"at least", or "... und mehr"/"or more" after it), `upper_bound` ("bis zu",
"höchstens", "weniger als", "up to", "fewer than"), `approximate` ("rund", "etwa",
"fast", "knapp", "about", "around", "nearly"), else `exact`.

**Vague amounts** name an order of magnitude M and read as low = 2·M, high = 10·M − 1:
"Hunderte" 200-999, "Tausende"/"Tausender"/"thousands" 2,000-9,999,
"Zehntausende"/"tens of thousands" 20,000-99,999, "Hunderttausende" 200,000-999,999,
"Dutzende" 24-119. The plural says "at least two"; the next word up ("Zehntausende")
would have been used for ten or more. "mehrere/einige tausend" and "several
thousand" read the same.

Anything else (no number, three numbers, two numbers not joined as a range) is None:
an unparseable amount is reported, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num  # type: ignore[import-untyped]

from summarizer.core.items import Quantity

_DIGITS = r"\d(?:[\d.,'\u00a0\u202f\u2009]*\d)?"
_TOKEN = re.compile(rf"(?P<num>{_DIGITS})|(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*\.?)|(?P<sym>\S)")
_GROUPED = re.compile(r"\d{1,3}(?:['\u00a0\u202f\u2009]\d{3})+")

_SCALES: dict[str, float] = {
    "tausend": 1e3,
    "tsd.": 1e3,
    "thousand": 1e3,
    "million": 1e6,
    "millionen": 1e6,
    "mio.": 1e6,
    "mio": 1e6,
    "mn": 1e6,
    "milliarde": 1e9,
    "milliarden": 1e9,
    "mrd.": 1e9,
    "mrd": 1e9,
    "billion": 1e9,
    "bn": 1e9,
    "billionen": 1e12,
    "trillion": 1e12,
}
_GERMAN_BILLION = "Billion"
_ONE = frozenset({"ein", "eine", "einer", "einem", "a", "an", "one"})

_VAGUE_MAGNITUDE: tuple[tuple[re.Pattern[str], float], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), magnitude)
    for pattern, magnitude in (
        (r"\bhunderttausende\b|\bhundreds of thousands\b", 1e5),
        (r"\bzehntausende\b|\btens of thousands\b", 1e4),
        (r"\btausende[rn]?\b|\bthousands\b", 1e3),
        (r"\b(?:mehrere|einige|several|a few) (?:tausend|thousand)\b", 1e3),
        (r"\bhunderte[rn]?\b|\bhundreds\b", 1e2),
        (r"\bdutzende[rn]?\b|\bdozens\b", 12.0),
    )
)

_LOWER = re.compile(
    r"\b(?:mehr als|über|mindestens|wenigstens|more than|over|at least|upwards of)\b",
    re.IGNORECASE,
)
_LOWER_SUFFIX = re.compile(r"\b(?:und|oder|or|and) (?:mehr|more)\b", re.IGNORECASE)
_UPPER = re.compile(
    r"\b(?:bis zu|höchstens|weniger als|unter|up to|fewer than|less than|at most|under)\b",
    re.IGNORECASE,
)
_APPROX = re.compile(
    r"\b(?:rund|etwa|ungefähr|circa|ca\.|fast|knapp|beinahe|annähernd|gut|about|around|"
    r"approximately|roughly|nearly|almost|some)(?=\W|$)",
    re.IGNORECASE,
)
_RANGE_JOINERS = frozenset({"bis", "to", "-", "–", "—"})
_BETWEEN = frozenset({"zwischen", "between"})
_AND = frozenset({"und", "and"})


@dataclass
class _Number:
    value: float
    scale: float
    first: int
    last: int


def parse_number(token: str) -> float:
    """Read one digit token under the separator rule in the module docstring."""
    if _GROUPED.fullmatch(token):
        return float(re.sub(r"\D", "", token))
    dots, commas = token.count("."), token.count(",")
    if dots and commas:
        decimal = "." if token.rfind(".") > token.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        return float(token.replace(thousands, "").replace(decimal, "."))
    if not (dots or commas):
        return float(token)
    mark = "." if dots else ","
    head, _, tail = token.rpartition(mark)
    if dots + commas > 1 or (len(tail) == 3 and head != "0"):
        return float(token.replace(mark, ""))
    return float(f"{head}.{tail}")


def _scale(word: str) -> float | None:
    if word == _GERMAN_BILLION:
        return 1e12
    return _SCALES.get(word.lower())


def _word_number(words: list[str]) -> float | None:
    phrase = " ".join(words)
    for language in ("de", "en"):
        try:
            return float(text2num(phrase, language))
        except ValueError:
            continue
    return None


def _numbers(tokens: list[tuple[str, str]]) -> list[_Number]:
    """Numbers in the token list, each with the token indices it spans."""
    found: list[_Number] = []
    index = 0
    while index < len(tokens):
        kind, token = tokens[index]
        number: _Number | None = None
        if kind == "num":
            number = _Number(parse_number(token), 1.0, index, index)
        elif kind == "word" and _scale(token) is None and token.lower() not in _AND:
            if token.lower() in _ONE and index + 1 < len(tokens) and _scale(tokens[index + 1][1]):
                number = _Number(1.0, 1.0, index, index)
            else:
                number = _longest_word_number(tokens, index)
        if number is None:
            index += 1
            continue
        following = number.last + 1
        if following < len(tokens) and (scale := _scale(tokens[following][1])) is not None:
            number = _Number(number.value * scale, scale, number.first, following)
        found.append(number)
        index = number.last + 1
    return found


def _longest_word_number(tokens: list[tuple[str, str]], start: int) -> _Number | None:
    end = start
    while end < len(tokens) and tokens[end][0] == "word" and _scale(tokens[end][1]) is None:
        end += 1
    for stop in range(end, start, -1):
        value = _word_number([token for _, token in tokens[start:stop]])
        if value is not None:
            return _Number(value, 1.0, start, stop - 1)
    return None


def _vague(text: str) -> Quantity | None:
    for pattern, magnitude in _VAGUE_MAGNITUDE:
        if pattern.search(text):
            return Quantity(kind="vague", low=2 * magnitude, high=10 * magnitude - 1, text=text)
    return None


def _range(tokens: list[tuple[str, str]], first: _Number, second: _Number) -> bool:
    between = [token.lower() for _, token in tokens[first.last + 1 : second.first]]
    before = {token.lower() for _, token in tokens[: first.first]}
    if between == ["bis"] or (len(between) == 1 and between[0] in _RANGE_JOINERS):
        return True
    return len(between) == 1 and between[0] in _AND and bool(before & _BETWEEN)


def parse_quantity(amount: str) -> Quantity | None:
    """Parse an amount expression into a Quantity; None when it cannot be read safely."""
    text = " ".join(amount.split())
    tokens = [
        (str(match.lastgroup), match.group())
        for match in _TOKEN.finditer(text.replace("\u00ad", ""))
    ]
    if all(kind != "num" for kind, _ in tokens) and (vague := _vague(text)):
        return vague
    numbers = _numbers(tokens)
    if len(numbers) == 2 and _range(tokens, *numbers):
        low, high = numbers
        low_value = low.value * (high.scale if low.scale == 1.0 else 1.0)
        low_value, high_value = sorted((low_value, high.value))
        return Quantity(kind="range", low=low_value, high=high_value, text=amount)
    if len(numbers) != 1:  # none, or several not joined as a range
        return None
    (number,) = numbers
    prefix = " ".join(token for _, token in tokens[: number.first])
    suffix = " ".join(token for _, token in tokens[number.last + 1 :])
    value = number.value
    if _UPPER.search(prefix):
        return Quantity(kind="upper_bound", value=value, high=value, text=amount)
    if _LOWER.search(prefix) or _LOWER_SUFFIX.search(suffix):
        return Quantity(kind="lower_bound", value=value, low=value, text=amount)
    if _APPROX.search(prefix):
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
