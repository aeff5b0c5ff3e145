"""Stories: which articles of a day's pile report the same news, so each gets its own section.

Merge sees extractions, not texts, and the extractor names every item's entities by
their usual *English* names whatever the article's language, so entities are the
cross-language signal. Each article gets a profile: its entities weighted by
``log(1 + items naming it) * idf``, where the smoothed idf ``1 + log((1 + N) / (1 + df))``
is taken over the N articles of this run: an entity every article names (the
country of a one-country pile) says less than a rare one, but still says something.
Two articles are compared only when they share an entity (an inverted index, so this
is not quadratic in practice), by the cosine of their profiles.

Articles are joined by **average linkage**: strongest pair first, two groups join
when the mean similarity over *all* their cross pairs (absent pairs count 0) is at
least `JOIN_SIMILARITY`. A single shared name ("France" in a riot story and in an
earthquake story, as an aid donor) cannot chain two stories together, because every
other pair of the two groups pulls the mean down.

**Time veto.** Two articles whose publication dates are more than `MAX_DAYS_APART`
apart are never one story, nor are two groups containing such a pair. Undated
articles are placed by their entities alone.

`order_stories` ranks them by weight once copies are known: independent sources,
then the most recent publication date, then input order. The same input always gives
the same stories.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from summarizer.core.items import ArticleExtraction
from summarizer.stages.merge.features import fold_name
from summarizer.stages.merge.linkage import DisjointSets, idf_weights

JOIN_SIMILARITY = 0.12
MAX_DAYS_APART = 365
"""A developing story (a war, a deployment) runs for months; two earthquakes years apart
are not one story."""
MAX_ENTITY_BLOCK = 400
"""An entity named by more articles than this only links through rarer ones."""


@dataclass(frozen=True, slots=True)
class StoryGroup:
    """The articles (source ids, in input order) that report one story."""

    source_ids: tuple[str, ...]
    entities: tuple[str, ...]
    """Its most characteristic entity names, as the extractor wrote them (for titles)."""


def _profiles(extractions: Sequence[ArticleExtraction]) -> list[dict[str, float]]:
    counts = [
        Counter(fold_name(e) for item in x.items() for e in set(item.entities) if fold_name(e))
        for x in extractions
    ]
    idf = idf_weights(Counter(key for count in counts for key in count), len(extractions))
    profiles = []
    for count in counts:
        vector = {key: math.log1p(n) * idf[key] for key, n in count.items()}
        norm = math.sqrt(math.fsum(v * v for v in vector.values())) or 1.0
        profiles.append({key: v / norm for key, v in vector.items() if v > 0})
    return profiles


def _similarities(profiles: Sequence[dict[str, float]]) -> dict[tuple[int, int], float]:
    index: dict[str, list[int]] = defaultdict(list)
    for position, profile in enumerate(profiles):
        for key in profile:
            index[key].append(position)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) <= MAX_ENTITY_BLOCK:
            pairs.update(combinations(members, 2))
    return {
        (i, j): math.fsum(w * profiles[j].get(k, 0.0) for k, w in profiles[i].items())
        for i, j in sorted(pairs)
    }


def _too_far(a: dt.date | None, b: dt.date | None) -> bool:
    return a is not None and b is not None and abs((a - b).days) > MAX_DAYS_APART


def _names(extractions: Sequence[ArticleExtraction], members: Sequence[int]) -> tuple[str, ...]:
    """The group's entities, most items first; spelled as most often written."""
    spelled: dict[str, Counter[str]] = defaultdict(Counter)
    for i in members:
        for item in extractions[i].items():
            for name in set(item.entities):
                spelled[fold_name(name)][name] += 1
    ranked = sorted(spelled.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    return tuple(names.most_common(1)[0][0] for _, names in ranked if _)


def group_stories(extractions: Sequence[ArticleExtraction]) -> list[StoryGroup]:
    """Group the articles into stories, in order of their first article."""
    profiles = _profiles(extractions)
    similarity = _similarities(profiles)
    published = [x.source.published for x in extractions]
    sets = DisjointSets(len(extractions))

    def mean_similarity(a: list[int], b: list[int]) -> float:
        total = math.fsum(similarity.get((min(i, j), max(i, j)), 0.0) for i in a for j in b)
        return total / (len(a) * len(b))

    for (i, j), score in sorted(similarity.items(), key=lambda kv: (-kv[1], kv[0])):
        a, b = sets.find(i), sets.find(j)
        if a == b or score < JOIN_SIMILARITY:
            continue
        left, right = sets.members[a], sets.members[b]
        if any(_too_far(published[x], published[y]) for x in left for y in right):
            continue
        if mean_similarity(left, right) >= JOIN_SIMILARITY:
            sets.join(a, b)
    return [
        StoryGroup(
            source_ids=tuple(extractions[i].source.id for i in indices),
            entities=_names(extractions, indices),
        )
        for indices in sets.groups()
    ]


def order_stories(
    groups: Sequence[StoryGroup],
    independent: Mapping[str, str],
    published: Mapping[str, dt.date | None],
) -> list[StoryGroup]:
    """Heaviest first: independent sources (copies count once), then the latest
    publication date, then input order."""

    def weight(numbered: tuple[int, StoryGroup]) -> tuple[int, int, int]:
        position, group = numbered
        sources = {independent.get(s, s) for s in group.source_ids}
        dates = [d.toordinal() for s in group.source_ids if (d := published.get(s))]
        return -len(sources), -max(dates, default=0), position

    return [group for _, group in sorted(enumerate(groups), key=weight)]
