"""Trim the site's name from a page title: "Title | DW | 19.01.2020" -> "Title".

A ``<title>`` usually ends in the site's name, sometimes a section or a date, after
a separator (``|``, ``-``, ``–``, ``—``, ``::``, ``·``, ``•``, ``/``, ``»`` with spaces
around it). `trim_site_suffix` cuts the title before the first segment that names
the site, when every segment after it is short (a section, a date: "| DW |
19.01.2020", "» SciLogs - Wissenschaftsblogs"), and drops trailing dates. A
segment names the site when, compared by letters only, it equals, starts or is
the start of the outlet's name or a label of the URL's domain ("BBC News" for
bbc.co.uk, "Le Monde" for lemonde.fr, "MODEPILOT.de" for "Modepilot"), or when a
third of its words or more are long words of those names ("Kanzlei Viehbacher"
on viehbacher.com). A leading segment is dropped only when it is exactly the
site ("SimplyScience - Wie entsteht Erdöl?"). No list of outlets is involved.
Only short segments (at most `MAX_SUFFIX_WORDS` words) are ever dropped, and never
when fewer than `MIN_TITLE_WORDS` words would be left, so a headline such as
"Biden - Trump: the debate" stays whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|•|/|»)\s+")
DATE_SEGMENT = re.compile(
    r"^(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}\.?\s+[^\W\d_]{3,}\.?\s+\d{4}|[^\W\d_]{3,}\.?\s+\d{1,2},?\s+\d{4})$"
)
MAX_SUFFIX_WORDS = 5
MAX_AFTER_SITE_WORDS = 3
MIN_TITLE_WORDS = 2
MIN_LABEL_CHARS = 2
MIN_PREFIX_CHARS = 4
MIN_SHARED_WORD_CHARS = 5
GENERIC_LABELS = frozenset({"www", "m", "amp", "mobile", "news", "co", "com", "org", "net"})


def domain_labels(url: str | None) -> set[str]:
    """The distinctive labels of the URL's host: {"bbc"} for https://www.bbc.co.uk/news."""
    host = urlsplit(url).hostname if url else None
    if not host:
        return set()
    return {
        label
        for label in host.lower().split(".")[:-1]
        if len(label) >= MIN_LABEL_CHARS and label not in GENERIC_LABELS
    }


def trim_site_suffix(title: str, site_names: Iterable[str | None], url: str | None) -> str:
    """`title` without the site's name (and what follows it) or trailing dates."""
    site = _Site([name for name in site_names if name], domain_labels(url))
    for name in site.names:
        match = re.search(rf"{SEPARATOR.pattern}{re.escape(name)}$", title)
        if match and len(title[: match.start()].split()) >= MIN_TITLE_WORDS:
            title = title[: match.start()]
    segments = SEPARATOR.split(title)
    separators = [*SEPARATOR.findall(title), ""]
    end = _title_end(segments, site)
    start = 1 if end > 1 and site.is_exactly(segments[0]) and _words(segments[1:end]) else 0
    if _words(segments[start:end]) < MIN_TITLE_WORDS:
        start = 0
    kept = [s + sep for s, sep in zip(segments[start:end], separators[start:end], strict=True)]
    kept[-1] = segments[end - 1]
    return "".join(kept).strip()


def _title_end(segments: list[str], site: _Site) -> int:
    """Index of the first segment after the title proper."""
    end = len(segments)
    while end > 1 and DATE_SEGMENT.match(segments[end - 1].strip()):
        end -= 1
    for k in range(1, end):
        after = segments[k + 1 : end]
        if (
            site.is_named_by(segments[k])
            and all(len(s.split()) <= MAX_AFTER_SITE_WORDS for s in after)
            and _words(segments[:k]) >= MIN_TITLE_WORDS
        ):
            return k
    return end if _words(segments[:end]) >= MIN_TITLE_WORDS else len(segments)


class _Site:
    def __init__(self, names: list[str], labels: set[str]) -> None:
        self.names = names
        self._names = {_letters(name) for name in names} - {""}
        self._labels = labels
        self._words = {
            word
            for text in [*names, *labels]
            for word in re.split(r"[\W_]+", text.lower())
            if len(word) >= MIN_SHARED_WORD_CHARS
        }

    def is_exactly(self, segment: str) -> bool:
        letters = _letters(segment)
        return bool(letters) and (letters in self._names or letters in self._labels)

    def is_named_by(self, segment: str) -> bool:
        if len(segment.split()) > MAX_SUFFIX_WORDS:
            return False
        letters = _letters(segment)
        if len(letters) < MIN_LABEL_CHARS:
            return False
        if self.is_exactly(segment) or any(letters.startswith(label) for label in self._labels):
            return True
        if len(letters) >= MIN_PREFIX_CHARS and any(
            letters.startswith(name) or name.startswith(letters)
            for name in self._names | self._labels
            if len(name) >= MIN_PREFIX_CHARS
        ):
            return True
        words = re.split(r"[\W_]+", segment.lower())
        shared = sum(1 for word in words if word in self._words)
        return shared > 0 and 3 * shared >= len([w for w in words if w])


def _words(segments: list[str]) -> int:
    return sum(len(segment.split()) for segment in segments)


def _letters(text: str) -> str:
    return "".join(char for char in text.lower() if char.isalnum())
