"""Fold near-duplicate articles (reprints, wire copies, translations) into one source.

Corroboration counts *independent* sources, so a wire story printed by three
outlets must count once. Merge sees extractions, not article texts, so the
evidence is what was extracted:

* **Same source id**: the same content hash is the same article.
* **Shared wording** (reprints, wire copies): word 4-shingles of each article's
  grounded quotes (the exact article text). Two articles whose shingle sets
  overlap by at least `SHINGLE_OVERLAP` of the smaller set are copies.
  Candidates come from an inverted index over shingles (shingles found in more
  than `MAX_SHINGLE_BLOCK` articles are boilerplate and skipped), so this is not
  quadratic in the number of articles.
* **Shared findings** (translations: different words, same content): at least
  `FINDING_COVERAGE` of *both* articles' items fall in findings the other also
  supports, and each has at least `MIN_ITEMS_FOR_COVERAGE` items. Independent
  reports of one event share some findings, not nearly all of them.
* **Shared numbers** (translations, whose extractions a model words differently):
  two articles in different languages whose quotes carry the same numbers, read
  with their digit groups joined ("2.012", "2,012" and "2 012" are one number), at
  least `NUMBER_OVERLAP` of the smaller set and at least `MIN_NUMBERS` of them.
  Independent reports repeat the headline figures, not every age, time, distance
  and sub-count of another article.

Groups are closed transitively (union-find); a group is named by its first source
in input order.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations

from summarizer.core.briefing import SourceCopy
from summarizer.core.items import ArticleExtraction
from summarizer.stages.merge.linkage import DisjointSets, shared_key_counts

SHINGLE_SIZE = 4
SHINGLE_OVERLAP = 0.5
MIN_SHINGLES = 12
MAX_SHINGLE_BLOCK = 50
FINDING_COVERAGE = 0.8
MIN_ITEMS_FOR_COVERAGE = 3
NUMBER_OVERLAP = 0.8
MIN_NUMBERS = 5

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_NUMBER = re.compile(r"\d(?:[\d.,'\u00a0\u202f\u2009 ]*\d)?")


def quote_shingles(extraction: ArticleExtraction) -> set[str]:
    """Word shingles of the article text its items were grounded in."""
    shingles: set[str] = set()
    for item in extraction.items():
        words = [w.casefold() for w in _WORD.findall(item.grounding.matched or item.quote)]
        for start in range(max(len(words) - SHINGLE_SIZE + 1, 0)):
            shingles.add(" ".join(words[start : start + SHINGLE_SIZE]))
    return shingles


def quote_numbers(extraction: ArticleExtraction) -> set[str]:
    """The numbers in the article text its items were grounded in, digit groups joined."""
    return {
        re.sub(r"\D", "", match)
        for item in extraction.items()
        for match in _NUMBER.findall(item.grounding.matched or item.quote)
    }


def _findings_overlap(
    clusters: Sequence[Sequence[str]],
) -> tuple[Counter[str], dict[tuple[str, str], Counter[str]]]:
    """Items per source, and per co-citing pair the items of each in shared findings."""
    items: Counter[str] = Counter()
    shared: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for cluster in clusters:
        counts = Counter(cluster)
        items.update(counts)
        for a, b in combinations(sorted(counts), 2):
            shared[a, b].update({a: counts[a], b: counts[b]})
    return items, shared


def fold_sources(
    extractions: Sequence[ArticleExtraction], clusters: Sequence[Sequence[str]]
) -> dict[str, str]:
    """Map every source id to the id of its near-duplicate group's first source.

    `clusters` lists, for each merged finding, the source id of each supporting item.
    """
    order = list(dict.fromkeys(e.source.id for e in extractions))
    rank = {source: n for n, source in enumerate(order)}
    sets = DisjointSets(len(order))

    def find(source: str) -> str:
        return order[sets.find(rank[source])]

    def union(a: str, b: str) -> None:
        sets.join(rank[a], rank[b])

    shingles: dict[str, set[str]] = defaultdict(set)
    for extraction in extractions:
        shingles[extraction.source.id] |= quote_shingles(extraction)
    sizes = [len(shingles[s]) for s in order]
    common = shared_key_counts([shingles[s] for s in order], max_block=MAX_SHINGLE_BLOCK)
    for (i, j), count in sorted(common.items()):
        smaller = min(sizes[i], sizes[j])
        if smaller >= MIN_SHINGLES and count / smaller >= SHINGLE_OVERLAP:
            union(order[i], order[j])

    numbers = {e.source.id: quote_numbers(e) for e in extractions}
    language = {e.source.id: e.source.language for e in extractions}
    for a, b in combinations(order, 2):
        if language[a] == language[b] or find(a) == find(b):
            continue
        smaller = min(len(numbers[a]), len(numbers[b]))
        if smaller >= MIN_NUMBERS and len(numbers[a] & numbers[b]) / smaller >= NUMBER_OVERLAP:
            union(a, b)

    items, shared = _findings_overlap(clusters)
    for (a, b), counts in sorted(shared.items()):
        if all(
            items[s] >= MIN_ITEMS_FOR_COVERAGE and counts[s] / items[s] >= FINDING_COVERAGE
            for s in (a, b)
        ):
            union(a, b)
    return {source: find(source) for source in order}


def source_copies(
    extractions: Sequence[ArticleExtraction], groups: dict[str, str]
) -> list[SourceCopy]:
    """Each folded source beside the first source of its group: a translation when
    their languages differ, else a reprint."""
    language = {e.source.id: e.source.language for e in extractions}
    return [
        SourceCopy(
            source=source,
            original=original,
            kind="translation" if language[source] != language[original] else "reprint",
        )
        for source, original in groups.items()
        if source != original
    ]
