"""Trim the site suffix from a page title: "Title | DW | 19.01.2020" -> "Title".

A ``<title>`` usually ends in the site's name, sometimes a section or a date, after
a separator (``|``, ``-``, ``–``, ``—``, ``::``, ``·``, ``•``, ``/`` with spaces
around it). `trim_site_suffix` drops trailing segments while the last one is the
site: it equals the outlet's name, or its letters start or equal a label of the
URL's domain ("BBC News" for bbc.co.uk, "Le Monde" for lemonde.fr, "ZEIT ONLINE"
for zeit.de), or it is a date. No list of outlets is involved. A segment is only
ever dropped from the end, only when it is short (at most `MAX_SUFFIX_WORDS`
words) and only when the title left is at least `MIN_TITLE_WORDS` words, so a
headline such as "Biden - Trump: the debate" stays whole.
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
MIN_TITLE_WORDS = 2
MIN_LABEL_CHARS = 2
GENERIC_LABELS = frozenset({"www", "m", "amp", "mobile", "news", "co", "com", "org", "net"})


def trim_site_suffix(title: str, site_names: Iterable[str | None], url: str | None) -> str:
    """`title` without trailing site-name, domain or date segments."""
    segments = SEPARATOR.split(title)
    separators = SEPARATOR.findall(title)
    names = {_letters(name) for name in site_names if name} - {""}
    labels = _domain_labels(url)
    while len(segments) > 1:
        last = segments[-1].strip()
        rest = " ".join(segments[:-1]).split()
        if len(rest) < MIN_TITLE_WORDS or not _is_site(last, names, labels):
            break
        segments.pop()
        separators.pop()
    return "".join(s + sep for s, sep in zip(segments, [*separators, ""], strict=True)).strip()


def _is_site(segment: str, names: set[str], labels: set[str]) -> bool:
    if DATE_SEGMENT.match(segment):
        return True
    if len(segment.split()) > MAX_SUFFIX_WORDS:
        return False
    letters = _letters(segment)
    if not letters:
        return False
    return letters in names or (
        len(letters) >= MIN_LABEL_CHARS
        and any(letters.startswith(label) or label.startswith(letters) for label in labels)
    )


def _domain_labels(url: str | None) -> set[str]:
    host = urlsplit(url).hostname if url else None
    if not host:
        return set()
    return {
        label
        for label in host.lower().split(".")[:-1]
        if len(label) >= MIN_LABEL_CHARS and label not in GENERIC_LABELS
    }


def _letters(text: str) -> str:
    return "".join(char for char in text.lower() if char.isalnum())
