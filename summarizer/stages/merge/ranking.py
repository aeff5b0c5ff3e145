"""What an analyst reads first: findings ranked within a story, and the story's title.

A finding ranks higher the more **independent sources** back it (copies count once),
then the **surer** its sources are (confirmed before reported before alleged; denied
and disputed findings are what contradictions are for), then the more **specific**
it is (numbers, a resolved date, named entities), then the more **recent** its latest
source, then input order. The first `TOP_FINDINGS` of a story form its body.

A story's code-made title names its most characteristic entities, as written by the
extractor; the write stage may replace it with a model-written headline that code
checks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from summarizer.core.briefing import Finding
from summarizer.core.items import Certainty
from summarizer.stages.merge.features import ItemFeatures
from summarizer.stages.merge.stories import StoryGroup

_CERTAINTY_RANK = {
    Certainty.CONFIRMED: 0,
    Certainty.REPORTED: 1,
    Certainty.ALLEGED: 2,
    Certainty.DISPUTED: 3,
    Certainty.DENIED: 3,
}
MAX_ENTITY_SPECIFICITY = 3
TITLE_ENTITIES = 3
STEM_CHARS = 6

Ranked = tuple[Finding, list[ItemFeatures]]


def _specificity(finding: Finding, members: Sequence[ItemFeatures]) -> int:
    numbers = {n for m in members for n in m.numbers}
    entities = {e for m in members for e in m.entities}
    dated = finding.date is not None and finding.date.resolved
    return len(numbers) + int(dated) + min(len(entities), MAX_ENTITY_SPECIFICITY)


def rank_findings(
    findings: Sequence[Ranked], published: Mapping[str, dt.date | None]
) -> list[Ranked]:
    """The story's findings, most important first (see the module docstring)."""

    def key(numbered: tuple[int, Ranked]) -> tuple[int, int, int, int, int]:
        position, (finding, members) = numbered
        dates = [d.toordinal() for c in finding.citations if (d := published.get(c.source))]
        return (
            -finding.independent_sources,
            _CERTAINTY_RANK[finding.certainty],
            -_specificity(finding, members),
            -max(dates, default=0),
            position,
        )

    return [ranked for _, ranked in sorted(enumerate(findings), key=key)]


def story_title(group: StoryGroup, findings: Sequence[Finding]) -> str:
    """'Morocco, Marrakech, Al Haouz' from the story's entities; else its top finding.

    A name that shares a word stem with one already chosen ("Moroccan Interior
    Ministry" after "Morocco") says nothing new and is skipped.
    """
    chosen: list[str] = []
    stems: set[str] = set()
    for name in group.entities:
        own = {word[:STEM_CHARS] for word in name.casefold().split() if len(word) > 3}
        if own & stems:
            continue
        chosen.append(name)
        stems |= own
        if len(chosen) == TITLE_ENTITIES:
            break
    if chosen:
        return ", ".join(chosen)
    return findings[0].statement if findings else "Other reports"
