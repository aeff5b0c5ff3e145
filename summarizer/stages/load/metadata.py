"""Metadata read from an article's own text: title, dateline, byline, source line, language.

Plain-text articles (copied from a browser, saved by a scraper) carry their metadata
as lines at the top and bottom: a section label ("Politik"), a dateline
("24. Oktober, 2024"), the title (sometimes glued to a label, "NachrichtenKim und
Putin: ..." followed by the clean title), a byline ("Jacek Losik"), and at the end a
source line ("Quelle: ntv.de, gut/AFP"). This module finds those lines by shape and
position only, and stays conservative:

* a publication date is taken **only** from a short dateline among the first few
  non-empty lines, never from a date inside the body;
* a byline is "Von ..."/"By ..." near the top, or a 2-3 word name-shaped line
  right after the title, the dateline or a photo credit;
* the outlet comes only from an explicit "Quelle:"/"Source:" line at the bottom.

Besides the values, `TextMetadata.header_lines` lists the indices of the lines that
are *only* metadata (labels, dateline, glued or repeated titles, byline, source
line), so `boilerplate` can drop them from the text the LLM reads.

Language is read from function words where they decide it, else detected with
py3langid, which is deterministic (no random seed); it is imported on first use, as
it brings numpy and a model that takes a while to load (see `detect_language`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import textwrap
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from summarizer.stages.load.boilerplate import PHOTO_CREDIT

HEADER_ZONE = 8
"""How many non-empty lines at the top may hold title, labels and byline."""
DATELINE_ZONE = 4
"""How many non-empty lines at the top may hold the dateline."""
FOOTER_ZONE = 5
"""How many non-empty lines at the bottom may hold the source line."""
MAX_DATELINE_CHARS = 100
MAX_LABEL_CHARS = 30
MAX_TITLE_CHARS = 200
MIN_LANGUAGE_CHARS = 20

T = TypeVar("T")

_DATE = (
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})\b"
    r"|\d{1,2}\.?\s+[^\W\d_]{3,}\.?,?\s+\d{4}\b"
    r"|[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b"
)
DATELINE = re.compile(
    r"^\s*(?:(?:published|updated|posted|veröffentlicht|aktualisiert|erschienen|stand|datum|date)"
    r"\b\s*:?\s*(?:am\s+|on\s+)?)?"
    r"(?:[^\W\d_]+,\s*)?"  # weekday: "Donnerstag, "
    rf"(?P<date>{_DATE})"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
TIME_OF_DAY = re.compile(
    r"^[\s,|·–-]*(?:um\s+)?\d{1,2}[:.]\d{2}(?:\s*(?:uhr|h|am|pm|[A-Z]{2,4}\b))?", re.I
)
MAX_DATELINE_EXTRA_WORDS = 3
"""Words allowed after the date and time ("Artikel anhören"); more makes it a headline."""

SOURCE_LINE = re.compile(r"^(?:quelle|quellen|source|sources)\s*:\s*(?P<value>.+)$", re.I)
BYLINE_PREFIX = re.compile(r"^(?:von|by|autor(?:in)?:|author:)\s+", re.I)
NAME_PARTICLES = frozenset({"von", "van", "de", "der", "den", "da", "di", "zu", "bin", "al"})
MAX_SOURCE_LINE_CHARS = 100


@dataclass(frozen=True)
class TextMetadata:
    """What the text says about itself, and which of its lines say nothing else."""

    title: str
    published: dt.date | None = None
    outlet: str | None = None
    author: str | None = None
    header_lines: frozenset[int] = frozenset()


def read_metadata(text: str) -> TextMetadata:
    """Read title, dateline, byline and source line from `text` (lines split on ``\\n``)."""
    lines = [line.strip() for line in text.split("\n")]
    filled = [i for i, line in enumerate(lines) if line]
    if not filled:
        return TextMetadata(title="")
    head = filled[:HEADER_ZONE]

    dateline, published = _first(lines, filled[:DATELINE_ZONE], parse_dateline)
    rest = [i for i in head if i != dateline]
    labels = {i for i in rest if _is_label(lines[i])}
    title_index = _find_title(lines, [i for i in rest if i not in labels])
    if title_index is None:
        return TextMetadata(title=_shorten(lines[filled[0]]), published=published)

    title = _heading_text(lines[title_index])
    drop = {i for i in labels if i < title_index}
    drop |= {
        i
        for i in filled
        if i != title_index
        and (_heading_text(lines[i]) == title or (i < title_index and lines[i].endswith(title)))
    }
    byline_lines = [
        i
        for before, i in itertools.pairwise(head)
        if i > title_index
        and i not in drop
        and (
            BYLINE_PREFIX.match(lines[i])
            or before in (title_index, dateline)
            or PHOTO_CREDIT.match(lines[before])
        )
    ]
    byline, author = _first(lines, byline_lines, _byline_name)
    source, source_parts = _first(lines, reversed(filled[-FOOTER_ZONE:]), _source_line)
    outlet, credit = source_parts or (None, None)
    drop |= {i for i in (dateline, byline, source) if i is not None}
    return TextMetadata(
        title=_shorten(title),
        published=published,
        outlet=outlet,
        author=author or credit,
        header_lines=frozenset(drop),
    )


def parse_dateline(line: str) -> dt.date | None:
    """The date of a dateline ("05.12.2024, 11:58 Uhr", "October 24, 2024"), else None.

    A dateline starts with the date (after an optional "Published:"-style prefix and
    weekday), is short, and has at most a time and a few words after the date.
    """
    if len(line) > MAX_DATELINE_CHARS:
        return None
    match = DATELINE.match(line)
    if match is None:
        return None
    rest = TIME_OF_DAY.sub("", match["rest"], count=1)
    if len(rest.split()) > MAX_DATELINE_EXTRA_WORDS:
        return None
    import dateparser  # on first use: its import is not needed before the first request

    parsed = dateparser.parse(
        match["date"],
        settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date() if parsed is not None else None


FUNCTION_WORDS: dict[str, frozenset[str]] = {
    language: frozenset(words.split())
    for language, words in {
        "en": "the and of to is that for with was were said are by from has have this which",
        "de": "der die das und ist nicht mit von zu sich auf für dem ein eine wurde sind auch"
        " nach bei aus wie einem einer",
        "fr": "le les et est une du dans pour pas sur au qui par selon ont été aux cette sont",
        "es": "el los las y del por con para según fue como más pero sus al está han",
        "it": "il di che della per non sono gli nel alla dei delle anche è stato ha degli",
        "nl": "het een van dat op niet voor met zijn worden ook maar naar bij wordt werd",
        "pl": "w na się nie że jest jak przez od oraz który są po został także",
        "pt": "os não uma em do da com foi são pelo pela ao também",
    }.items()
}
"""Frequent words of each language that no other language here shares (checked below)."""
assert all(
    not (FUNCTION_WORDS[a] & FUNCTION_WORDS[b])
    for a, b in itertools.combinations(FUNCTION_WORDS, 2)
), "function words must belong to one language"
LANGUAGE_OF_WORD = {word: language for language, words in FUNCTION_WORDS.items() for word in words}
MIN_FUNCTION_WORDS = 4
"""Function words the winning language needs before the count is trusted."""
WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or "und" when there is too little text.

    Counting function words decides most news text in microseconds: a language wins
    when it has at least `MIN_FUNCTION_WORDS` of them and three times as many as any
    other. Anything else (another language, mixed or short text) goes to py3langid,
    imported on first use since its model takes over a second to load.
    """
    if len(text.strip()) < MIN_LANGUAGE_CHARS:
        return "und"
    counts = Counter(
        LANGUAGE_OF_WORD[word] for word in WORD.findall(text.lower()) if word in LANGUAGE_OF_WORD
    )
    ranked = [*counts.most_common(2), ("", 0), ("", 0)]  # room for no words or one language
    (language, best), (_, runner_up) = ranked[0], ranked[1]
    if best >= MIN_FUNCTION_WORDS and best >= 3 * runner_up:
        return language
    import py3langid

    language, _score = py3langid.classify(text)
    return str(language)


def _first(
    lines: list[str], indices: Iterable[int], read: Callable[[str], T | None]
) -> tuple[int, T] | tuple[None, None]:
    """The first of `indices` whose line `read` accepts, with what it read."""
    for i in indices:
        value = read(lines[i])
        if value is not None:
            return i, value
    return None, None


def _find_title(lines: list[str], candidates: list[int]) -> int | None:
    """The first candidate line; or the next one when the first ends with it (glued label)."""
    if not candidates:
        return None
    first = candidates[0]
    if len(candidates) > 1:
        second = candidates[1]
        if lines[first] != lines[second] and lines[first].endswith(lines[second]):
            return second
    return first


def _is_label(line: str) -> bool:
    """A one-word section label such as "Politik" or "Nachrichten"."""
    return len(line) <= MAX_LABEL_CHARS and len(line.split()) == 1 and line.isalpha()


def _source_line(line: str) -> tuple[str | None, str | None] | None:
    """(outlet, credit) of a "Quelle: ntv.de, gut/AFP" line, else None."""
    match = SOURCE_LINE.match(line)
    if match is None or len(line) > MAX_SOURCE_LINE_CHARS:
        return None
    outlet, _, credit = (part.strip() for part in match["value"].partition(","))
    return outlet or None, credit or None


def _byline_name(line: str) -> str | None:
    """The name in a byline ("Jacek Losik", "Von Anna Schmidt"), else None."""
    name = BYLINE_PREFIX.sub("", line, count=1)
    words = name.split()
    if not 2 <= len(words) <= 4 or (name == line and len(words) > 3):
        return None
    capitalised = [w for w in words if w not in NAME_PARTICLES]
    if len(capitalised) < 2 or not all(_is_name_word(w) for w in capitalised):
        return None
    return name


def _is_name_word(word: str) -> bool:
    parts = word.split("-")
    return all(p[:1].isupper() and p[1:].islower() and p.isalpha() for p in parts)


def _heading_text(line: str) -> str:
    """A line without Markdown heading marks."""
    return line.lstrip("#").strip()


def _shorten(title: str) -> str:
    return textwrap.shorten(title, width=MAX_TITLE_CHARS, placeholder=" …")
