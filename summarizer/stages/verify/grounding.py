"""Quote grounding: find a model's quote in the original article text, by code.

The model copies quotes "character for character", but typography rarely survives
the trip: „typographic“ quotes come back straight, dashes become hyphens, soft
hyphens, zero-width characters and no-break spaces vanish, a line break inside a
sentence becomes a space, and a word hyphenated at a line break ("Vertei-\\ndigung")
comes back whole. So both sides are *normalised* before matching, and every
character of the normalised text remembers the span of the original characters it
came from. A match in normalised text therefore maps back to exact offsets in
`Article.text`, and `matched = text[start:end]` is always a verbatim slice.

Normalisation, per original character (or base character plus its combining marks):

* NFKC (NBSP -> space, "…" -> "...", "ﬁ" -> "fi", decomposed umlauts composed);
* soft hyphen U+00AD and zero-width characters are dropped;
* „“”‟«» and friends -> ``"``; ‚‘’‛‹› -> ``'``; – — ‑ ‒ ― − ‐ -> ``-``;
* a hyphen followed by a line break and a lower-case letter is a syllable break and
  is dropped with the line break ("Vertei-\\ndigung" -> "Verteidigung"); before an
  upper-case letter the hyphen belongs to a compound and stays ("Kreml-\\nChef" ->
  "Kreml-Chef");
* every run of whitespace (line breaks included) -> one space.

Matching is case-sensitive. EXACT is a substring match of the normalised quote (the
first occurrence). Otherwise rapidfuzz's `partial_ratio_alignment` looks for the
best-aligned window; a score of at least `FUZZY_THRESHOLD` (90: roughly one changed
word in a sentence-length quote) makes it FUZZY, with the window snapped outward to
word boundaries. Quotes shorter than `FUZZY_MIN_CHARS` normalised characters must
match exactly: on a few characters one edit already is a different statement.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from summarizer.core.items import AlignmentStatus, Grounding

FUZZY_THRESHOLD = 90.0
"""Minimum rapidfuzz partial_ratio (0-100) for a FUZZY alignment."""

FUZZY_MIN_CHARS = 20
"""Normalised quotes shorter than this are grounded only when they match exactly."""

_DROPPED = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys("„“”‟«»″〝〞", '"'),
        **dict.fromkeys("‚‘’‛‹›′", "'"),
        **dict.fromkeys("–—‑‒―−‐", "-"),
    }
)
_SYLLABLE_BREAK = re.compile(r"(?<=\w)-[^\S\n]*\r?\n\s*(?=[^\W\d_])")

CONTEXT_CHARS = 240
"""Article text shown on each side of a quote in a briefing's passage."""


@dataclass(frozen=True)
class NormalizedText:
    """A normalised string plus, for each of its characters, the original span."""

    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised slice [start, end) back to offsets in the original."""
        return self.starts[start], self.ends[end - 1]


def _line_break_hyphens(text: str) -> set[int]:
    """Indices dropped at a hyphen + line break: the break, and a syllable hyphen."""
    removed: set[int] = set()
    for match in _SYLLABLE_BREAK.finditer(text):
        keep_hyphen = not text[match.end()].islower()
        removed.update(range(match.start() + keep_hyphen, match.end()))
    return removed


def _clusters(text: str) -> list[tuple[int, int]]:
    """Spans of base characters with their combining marks."""
    spans: list[tuple[int, int]] = []
    for index, char in enumerate(text):
        if spans and unicodedata.combining(char):
            spans[-1] = (spans[-1][0], index + 1)
        else:
            spans.append((index, index + 1))
    return spans


def _normalize(text: str) -> NormalizedText:
    """Normalise `text` as described in the module docstring, keeping offsets.

    Printable ASCII is its own NFKC form and is never translated, dropped or
    merged, so it is copied as it is; everything else goes through the general path.
    """
    removed = _line_break_hyphens(text)
    chars: list[str] = []
    starts = array("I")
    ends = array("I")
    for start, end in _clusters(text):
        first = text[start]
        if end - start == 1 and "!" <= first <= "~" and start not in removed:
            chars.append(first)
            starts.append(start)
            ends.append(end)
            continue
        if start in removed or first in _DROPPED:
            continue
        piece = unicodedata.normalize("NFKC", text[start:end]).translate(_TRANSLATE)
        for char in piece:
            if char.isspace():
                if chars and chars[-1] == " ":
                    ends[-1] = end
                    continue
                char = " "
            chars.append(char)
            starts.append(start)
            ends.append(end)
    return NormalizedText("".join(chars), starts, ends)


@lru_cache(maxsize=256)
def normalize_with_offsets(text: str) -> NormalizedText:
    """Normalise an article text, keeping offsets (see `_normalize`).

    Cached apart from `normalize`, so the many short quotes and amounts of a run
    never evict the article texts they are grounded in (each is normalised once,
    not once per quote); offsets are 4-byte arrays, so 256 long articles stay small.
    """
    return _normalize(text)


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """The normalised form of `text`, without leading or trailing whitespace."""
    return _normalize(text).text.strip()


def _grounding(text: str, norm: NormalizedText, start: int, end: int, score: float) -> Grounding:
    original_start, original_end = norm.original_span(start, end)
    return Grounding(
        status=AlignmentStatus.EXACT if score == 100.0 else AlignmentStatus.FUZZY,
        start=original_start,
        end=original_end,
        score=score,
        matched=text[original_start:original_end],
        before=_context(text[:original_start], from_end=True),
        after=_context(text[original_end:], from_end=False),
    )


def _context(text: str, *, from_end: bool) -> str:
    """The passage around a quote, as a reader checks it: at most `CONTEXT_CHARS` of the
    text beside it, cut at a word boundary, within its paragraph."""
    if from_end:
        text = text.rsplit("\n", 1)[-1]
        if len(text) > CONTEXT_CHARS:
            text = "…" + text[-CONTEXT_CHARS:].split(" ", 1)[-1]
        return text
    text = text.split("\n", 1)[0]
    if len(text) > CONTEXT_CHARS:
        text = text[:CONTEXT_CHARS].rsplit(" ", 1)[0] + "…"
    return text


def _snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) so that it neither begins nor ends inside a word."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def ground_quote(quote: str, text: str) -> Grounding:
    """Locate `quote` in `text`: EXACT after normalisation, else FUZZY, else NOT_FOUND."""
    needle = normalize(quote)
    norm = normalize_with_offsets(text)
    if not needle:
        return Grounding(status=AlignmentStatus.NOT_FOUND, score=0.0)
    position = norm.text.find(needle)
    if position >= 0:
        return _grounding(text, norm, position, position + len(needle), 100.0)
    if len(needle) < FUZZY_MIN_CHARS:
        return Grounding(status=AlignmentStatus.NOT_FOUND, score=0.0)
    alignment = fuzz.partial_ratio_alignment(needle, norm.text, score_cutoff=FUZZY_THRESHOLD)
    if alignment is None or alignment.dest_end <= alignment.dest_start:
        best = fuzz.partial_ratio(needle, norm.text)
        return Grounding(status=AlignmentStatus.NOT_FOUND, score=round(best, 1))
    start, end = _snap_to_words(norm.text, alignment.dest_start, alignment.dest_end)
    return _grounding(text, norm, start, end, min(round(alignment.score, 1), 99.9))


def is_grounded(quote: str, text: str) -> bool:
    """True when `quote` aligns with `text` exactly or fuzzily (see `ground_quote`)."""
    return ground_quote(quote, text).status is not AlignmentStatus.NOT_FOUND
