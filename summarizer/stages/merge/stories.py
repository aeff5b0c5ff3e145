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

from summarizer.core.items import ArticleExtraction
from summarizer.stages.merge.features import fold_name
from summarizer.stages.merge.linkage import idf_weights

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
    """Cosine of every pair (i < j) sharing a key that at most `MAX_ENTITY_BLOCK` articles hold.

    The products are summed from the inverted index, one article at a time: for each
    of its keys, the key's later holders get their term. So each pair costs its shared
    keys only; its terms are summed exactly (`math.fsum`), so the score is the one of
    the dot product over every key of i. A key held by more articles than the block
    adds its term only to pairs that another key already makes candidates.
    """
    index: dict[str, list[int]] = defaultdict(list)
    for position, profile in enumerate(profiles):
        for key in profile:
            index[key].append(position)
    similarity: dict[tuple[int, int], float] = {}
    for i, profile in enumerate(profiles):
        later = {
            j for key in profile if len(index[key]) <= MAX_ENTITY_BLOCK for j in index[key] if j > i
        }
        if not later:
            continue
        terms: dict[int, list[float]] = defaultdict(list)
        for key, weight in profile.items():
            holders = index[key]
            block = holders if len(holders) <= MAX_ENTITY_BLOCK else later
            for j in block:
                if j > i and (block is holders or key in profiles[j]):
                    terms[j].append(weight * profiles[j][key])
        similarity.update(((i, j), math.fsum(terms[j])) for j in sorted(terms))
    return similarity


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
    groups = _Groups([x.source.published for x in extractions], similarity)
    candidates = [(pair, score) for pair, score in similarity.items() if score >= JOIN_SIMILARITY]
    for (i, j), _score in sorted(candidates, key=lambda kv: (-kv[1], kv[0])):
        a, b = groups.of[i], groups.of[j]
        if a != b and not groups.too_far(a, b) and groups.joins(a, b):
            groups.join(a, b)
    return [
        StoryGroup(
            source_ids=tuple(extractions[i].source.id for i in indices),
            entities=_names(extractions, indices),
        )
        for indices in groups.stories()
    ]


class _Groups:
    """Average-linkage groups of articles, each join costing its groups' neighbours only.

    For every two groups with any similar pair between them, `linked` keeps the sum
    of their cross-pair similarities, so a group's mean similarity to another is that
    sum over |A|*|B| (absent pairs count 0), and joining two groups adds their sums.
    Each group's first and last publication day decide the time veto: some pair of
    two groups is more than `MAX_DAYS_APART` apart exactly when one group's last day
    is that far from the other's first. A group is named by a representative
    article; joining relabels the group with fewer members and neighbours.
    """

    def __init__(
        self, published: Sequence[dt.date | None], similarity: Mapping[tuple[int, int], float]
    ) -> None:
        self._similarity = similarity
        self.of = list(range(len(published)))
        self._members: dict[int, list[int]] = {i: [i] for i in range(len(published))}
        self._days = {
            i: (day.toordinal(), day.toordinal()) for i, day in enumerate(published) if day
        }
        self._linked: dict[int, dict[int, float]] = defaultdict(dict)
        for (i, j), score in similarity.items():
            self._linked[i][j] = self._linked[j][i] = score

    def too_far(self, a: int, b: int) -> bool:
        if a not in self._days or b not in self._days:
            return False
        (first_a, last_a), (first_b, last_b) = self._days[a], self._days[b]
        return max(last_b - first_a, last_a - first_b) > MAX_DAYS_APART

    def joins(self, a: int, b: int) -> bool:
        """Whether the mean similarity over all cross pairs of `a` and `b` reaches the bar.

        Near the bar, the running sum (added up in join order) could differ from the
        exact sum over the pairs in its last bits, so there the pairs are summed again
        exactly (`math.fsum`).
        """
        left, right = self._members[a], self._members[b]
        mean = self._linked[a].get(b, 0.0) / (len(left) * len(right))
        if math.isclose(mean, JOIN_SIMILARITY, rel_tol=1e-6):
            pairs = ((x, y) for x in sorted(left) for y in sorted(right))
            total = math.fsum(self._similarity.get((min(p), max(p)), 0.0) for p in pairs)
            mean = total / (len(left) * len(right))
        return mean >= JOIN_SIMILARITY

    def join(self, a: int, b: int) -> None:
        # The group with less to move (members to relabel, neighbour sums to fold) is
        # the one dropped; the sums are the same either way (a + b == b + a).
        keep, drop = (a, b) if self._weight(a) >= self._weight(b) else (b, a)
        moved = self._members.pop(drop)
        for x in moved:
            self.of[x] = keep
        self._members[keep].extend(moved)
        for other, total in self._linked.pop(drop).items():
            del self._linked[other][drop]
            if other != keep:
                summed = self._linked[keep].get(other, 0.0) + total
                self._linked[keep][other] = self._linked[other][keep] = summed
        if drop in self._days:
            first, last = self._days.pop(drop)
            if keep in self._days:
                first, last = min(first, self._days[keep][0]), max(last, self._days[keep][1])
            self._days[keep] = (first, last)

    def _weight(self, group: int) -> int:
        return len(self._members[group]) + len(self._linked.get(group, ()))

    def stories(self) -> list[list[int]]:
        """Each group's article indices, ascending; groups in order of their first article."""
        return sorted(sorted(members) for members in self._members.values())


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


def regroup(
    extractions: Sequence[ArticleExtraction],
    groups: Sequence[StoryGroup],
    moves: Mapping[str, str],
) -> list[StoryGroup]:
    """`groups` with each article of `moves` (source id -> a source id of the story it
    joins) moved into that story, where code allows it: the article shares an entity
    with the story, and no two of the story's articles end up more than
    `MAX_DAYS_APART` apart. A story left empty disappears; order is kept."""
    index = {x.source.id: n for n, x in enumerate(extractions)}
    members = [[index[s] for s in g.source_ids] for g in groups]
    story_of = {i: n for n, indices in enumerate(members) for i in indices}
    entities = [{fold_name(e) for item in x.items() for e in item.entities} for x in extractions]
    for source, target in moves.items():
        if source not in index or target not in index:
            continue
        article, here, there = index[source], story_of[index[source]], story_of[index[target]]
        if here == there or not entities[article] & set().union(
            *(entities[i] for i in members[there])
        ):
            continue
        dates = [extractions[i].source.published for i in (*members[there], article)]
        if any(_too_far(a, b) for a in dates for b in dates):
            continue
        members[here].remove(article)
        members[there].append(article)
        story_of[article] = there
    return [
        StoryGroup(
            source_ids=tuple(extractions[i].source.id for i in sorted(indices)),
            entities=_names(extractions, sorted(indices)),
        )
        for indices in members
        if indices
    ]
