"""Statements checked against their quotes, by code: numbers, names, negation.

The quote is grounded in the article (`grounding`), but the English `statement`,
`quote_en` and a figure's `amount` are the model's words. `statement_problems`
lists where they say something their quote does not:

* **Numbers.** Every number in the statement and in `quote_en` (English, read by
  `summarizer.core.numbers.parse_numbers`) and in the amount (read by the figure
  parser's number reader, `numbers`) must be a number of the quote. The quote's
  numbers are its digit tokens read with the language's decimal mark (and guessed
  without it: `numbers.parse_number`, "11.000" and "11,000" are both 11000), each
  also scaled by the scale words after it ("5,2 Milliarden", "2 millones", "5 млн"), and its
  number words read by text2num in the article's language ("drei", "trois"). The
  statement's and quote_en's numbers may also come from the rest of the sentence the
  quote lies in (a quoted clause: "3 200 arrestations ..., un chiffre qui ..."); the
  amount's must be in the quote itself. A year
  (1900-2100) may also come from the article itself or its publication date: a
  statement may date what its quote says "last year".
* **Names.** Every capitalised word of the statement that is not the first of a
  sentence (nor a month, weekday or "I"), and each of the item's `entities`, must be
  named by the quote, `quote_en` or the article, compared after folding case and
  diacritics and by stem ("Libyan" is named by "Libya", "Marrakesch" by
  "Marrakech"). An English exonym that the article writes only in its own language
  ("North Korea" for "Nordkorea") passes only where `quote_en` or the article gives
  it. An entity of several words passes when one of its significant words does.
* **Negation and denial.** A statement that negates or denies (English cues from
  `summarizer.core.lexicon.NEGATION_CUES`) needs a cue in the quote (the article's
  language, or English) or in `quote_en`; a quote whose every rendering negates
  needs a statement that does, or certainty "denied". Phrases such as "not only"
  negate nothing and are removed first.
* **Relatedness.** When an English rendering of the quote is at hand (an English
  quote, or `quote_en`), the statement must share a content word or a number with
  it: a statement attached to an unrelated sentence of the article is caught even
  when all its names occur somewhere else in the article.

`ArticleWords` is the article's folded vocabulary, built once per article.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from text_to_num import alpha2digit  # type: ignore[import-untyped]

from summarizer.core.articles import Article
from summarizer.core.items import Certainty, Evidence
from summarizer.core.lexicon import (
    FURTHER_NEGATION_CUES,
    MONTHS,
    NEGATION_CUES,
    STOP_WORDS,
    WEEKDAYS,
    plain_negations,
)
from summarizer.core.numbers import parse_numbers
from summarizer.stages.verify.names import flat, fold, is_named, stem
from summarizer.stages.verify.numbers import languages_of, parse_number, scale

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CAPITALISED = re.compile(r"(?<![\w'’-])([A-Z][^\W\d_]*(?:['’-][^\W\d_]+)*)")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”«»(\[]\s*)$")
_DIGITS = re.compile(r"\d(?:[\d.,'\u00a0\u202f\u2009]*\d)?")
_CLOCK_OR_DATE = re.compile(r"\d{1,2}[.,:]\d{2}|\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})?")
_WORDS_THEN_DIGITS = re.compile(r"\b(\d*000) (\d{3})\b")
"""text2num's reading of "dos mil 012" is "2000 012": 2012."""
_GROUPS = re.compile(r"\b\d{1,3}(?: \d{3})+\b")
_NEXT_WORD = re.compile(r"\s*([^\W\d_]+\.?(?:\s+[^\W\d_]+)?)")
_TEXT2NUM_LANGUAGES = frozenset({"en", "de", "fr", "es", "it", "pt", "nl"})
_NOT_NAMES = frozenset({"i", *MONTHS, *WEEKDAYS})
_STOP = STOP_WORDS | {"said", "says", "say", "told", "people"}


@dataclass(frozen=True)
class ArticleWords:
    """The folded text of an article, for name look-ups (built once per article)."""

    text: str
    words: frozenset[str]

    @classmethod
    def of(cls, article: Article) -> ArticleWords:
        text = flat(f"{article.title}\n{article.text}")
        return cls(text, frozenset(text.split()))


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    return tuple(sorted({fold(w) for w in _WORD.findall(text)}))


def names(statement: str) -> list[str]:
    """Capitalised words of an English sentence that are not first in a sentence."""
    found: list[str] = []
    for match in _CAPITALISED.finditer(statement):
        if _SENTENCE_START.search(statement[: match.start()]):
            continue
        word = match.group(1)
        if fold(word) not in _NOT_NAMES:
            found.append(word)
    return found


def content_words(text: str) -> set[str]:
    """Folded words of at least three letters that are not stop words."""
    return {w for w in _words(text) if len(w) >= 3 and w not in _STOP}


def _same_word(word: str, other: str) -> bool:
    """'resign' and 'resigned': one begins with the other's stem."""
    return other.startswith(stem(word)) or word.startswith(stem(other))


def shares_words(text: str, other: str) -> bool:
    """Whether `text` and `other` share a content word (by stem)."""
    others = sorted(content_words(other))
    for word in content_words(text):
        prefix = stem(word)
        index = bisect_left(others, prefix)
        if index < len(others) and others[index].startswith(prefix):
            return True
    return False


# --------------------------------------------------------------------------- numbers


@lru_cache(maxsize=8192)
def quote_numbers(quote: str, language: str) -> frozenset[float]:
    """The numbers a quote writes, in digits or words (see module doc)."""
    found: set[float] = set()
    texts = [quote]
    if language in _TEXT2NUM_LANGUAGES:
        with suppress(Exception):  # text2num rejects some inputs; the digits still count
            texts.append(alpha2digit(quote, language))
    for text in texts:
        for match in [*_DIGITS.finditer(text), *_GROUPS.finditer(text)]:
            token = match.group()
            readings = set()
            for reading_language in (language, None):
                with suppress(ValueError):
                    readings.add(parse_number(token.replace(" ", "\u00a0"), reading_language))
            for value in readings:
                found.add(value)
                found |= _scaled(value, text[match.end() :], language)
            if _CLOCK_OR_DATE.fullmatch(token):
                found |= _clock_or_date(token)
        found |= {float(a) + float(b) for a, b in _WORDS_THEN_DIGITS.findall(text)}
    return frozenset(found)


def _clock_or_date(token: str) -> set[float]:
    """'18,58' or '27.06.2023' as English writes them: 18 and 58 (or 6 p.m.), 27.06, 2023."""
    parts = re.split(r"[.,:]", token)
    found = {float(part) for part in parts if part}
    found |= {float(part) - 12 for part in parts[:1] if 12 < float(part) < 24}
    found |= {float(f"{a}.{b}") for a, b in pairwise(parts) if a and b}
    return found


def _scaled(value: float, after: str, language: str) -> set[float]:
    """The value times the scale words right after it ("5,2 Milliarden", "3,9 mil milhões")."""
    following = _NEXT_WORD.match(after)
    if following is None:
        return set()
    scaled: set[float] = set()
    languages = languages_of(language)
    for word in following.group(1).split():
        factor = scale(word, languages) or scale(word.rstrip("."), languages)
        if factor is None:
            break
        value *= factor
        scaled.add(value)
    return scaled


def _agrees(value: float, allowed: set[float]) -> bool:
    return any(abs(value - other) <= 1e-9 * max(1.0, abs(other)) for other in allowed)


def _english_numbers(text: str) -> tuple[set[float], set[int]]:
    values, years = parse_numbers(text)
    return set(values), set(years)


def enclosing_sentence(text: str, start: int, end: int) -> str:
    """The sentence(s) of `text` that the span start:end lies in (a quoted clause's whole
    sentence: "3 200 arrestations ..., un chiffre qui ..." for the clause after the comma)."""
    before = max(text.rfind(mark, 0, start) for mark in ".!?\n")
    after = [i for i in (text.find(mark, end) for mark in ".!?\n") if i >= 0]
    return text[before + 1 : min(after) + 1 if after else len(text)]


def number_problems(
    item: Evidence,
    article: Article,
    amount: str | None,
    words: ArticleWords,
    sentence: str | None = None,
) -> list[str]:
    """Numbers of the statement, quote_en and amount that the quote (or, for the
    statement and quote_en, the `sentence` the quote lies in) does not write."""
    context = f"{item.quote}\n{sentence}" if sentence else item.quote
    english_values, english_years = _english_numbers(context)
    allowed = set(quote_numbers(context, article.language)) | english_values
    allowed |= {float(year) for year in english_years}  # the quote read in English notation
    in_quote = quote_numbers(item.quote, article.language) | _english_numbers(item.quote)[0]
    problems: list[str] = []
    texts = {"statement": item.statement, "quote_en": item.quote_en or ""}
    for field, text in texts.items():
        values, years = _english_numbers(text)
        missing = sorted(v for v in values if not _agrees(v, allowed))
        missing += sorted(
            float(y)
            for y in years
            if not _agrees(float(y), allowed) and not _year_of_article(y, article, words)
        )
        if missing:
            shown = ", ".join(f"{v:,g}" for v in missing)
            problems.append(f"the {field} has numbers its quote does not write: {shown}")
    if amount is not None:
        amount_values = quote_numbers(amount, article.language)
        missing = sorted(v for v in amount_values if not _agrees(v, set(in_quote)))
        if missing:
            problems.append(f"the amount {amount!r} is not a number of its quote")
    return problems


def _year_of_article(year: int, article: Article, words: ArticleWords) -> bool:
    published = article.published
    return (published is not None and published.year == year) or str(year) in words.text


# --------------------------------------------------------------------------- names


def names_missing(text: str, sources: Sequence[str]) -> list[str]:
    """The names of an English `text` (see `names`) that none of `sources` gives."""
    haystacks, vocabulary = _searched(tuple(sources))
    return [n for n in dict.fromkeys(names(text)) if not is_named(n, haystacks, vocabulary)]


@lru_cache(maxsize=64)
def _searched(sources: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str]]:
    """The `sources` flattened, and their words: every sentence of a summary is checked
    against the same sources, so they are flattened once."""
    haystacks = tuple(flat(source) for source in sources)
    return haystacks, frozenset(w for haystack in haystacks for w in haystack.split())


def name_problems(item: Evidence, words: ArticleWords) -> list[str]:
    """Names in the statement or `entities` that neither the quote nor the article gives."""
    haystacks = (flat(item.quote), flat(item.quote_en or ""), words.text)
    missing = [n for n in names(item.statement) if not is_named(n, haystacks, words.words)]
    missing += [e for e in item.entities if not is_named(e, haystacks, words.words)]
    if not missing:
        return []
    shown = ", ".join(dict.fromkeys(missing))
    return [f"names neither its quote nor the article gives: {shown}"]


# --------------------------------------------------------------------------- negation


def _cues(language: str) -> frozenset[str]:
    return NEGATION_CUES.get(language, frozenset()) | FURTHER_NEGATION_CUES.get(
        language, frozenset()
    )


def negation_cues(text: str, language: str) -> list[str]:
    """The negation or denial words of `text` in `language` (and English)."""
    cues = _cues("en") | _cues(language)
    return [w for w in _WORD.findall(plain_negations(text)) if w in cues]


def negation_problems(item: Evidence, language: str) -> list[str]:
    """Whether the statement and its quote agree on negating or denying."""
    statement = negation_cues(item.statement, "en")
    renderings = [negation_cues(item.quote, language)]
    if item.quote_en:
        renderings.append(negation_cues(item.quote_en, "en"))
    if statement and not any(renderings):
        return ["the statement negates or denies, but its quote does not"]
    english = item.quote_en or (item.quote if language == "en" else None)
    if statement or item.certainty is Certainty.DENIED or not english:
        return []
    said = content_words(item.statement)
    for cue, negated in _negated_words(english):
        shared = {w for w in negated if any(_same_word(w, other) for other in said)}
        if negated and len(shared) >= min(2, len(negated)):
            return [f"its quote says {cue!r} {' '.join(sorted(shared))}, the statement does not"]
    return []


def _negated_words(english: str) -> list[tuple[str, set[str]]]:
    """Each English negation cue with the content words of the three words after it."""
    cues = _cues("en")
    words = _WORD.findall(plain_negations(english))
    found: list[tuple[str, set[str]]] = []
    for index, word in enumerate(words):
        if word in cues:
            found.append((word, content_words(" ".join(words[index + 1 : index + 4]))))
    return found


# --------------------------------------------------------------------------- together


def relatedness_problems(item: Evidence, language: str) -> list[str]:
    """A statement must share a word or number with an English rendering of its quote."""
    english = item.quote_en or (item.quote if language == "en" else None)
    if not english or shares_words(item.statement, english):
        return []
    values, _ = _english_numbers(item.statement)
    if values and values & _english_numbers(english)[0]:
        return []
    return [f"the statement shares no word with its quote ({english[:80]!r})"]


def statement_problems(
    item: Evidence,
    article: Article,
    words: ArticleWords,
    amount: str | None = None,
    sentence: str | None = None,
) -> list[str]:
    """Everything the item's statement, quote_en or amount says that its quote (in its
    `sentence`, for numbers) does not."""
    return [
        *number_problems(item, article, amount, words, sentence),
        *name_problems(item, words),
        *negation_problems(item, article.language),
        *relatedness_problems(item, article.language),
    ]
