"""The timeline: dated events in date order, each entry one merged finding.

Events were already merged across sources by fact matching (same or overlapping
resolved date and similar statements or similar event descriptions give one
finding citing every source), so each event finding is one `TimelineEntry`. A
coarser date containing a finer one ("2022" and "2022-02" for the start of the
invasion) overlaps, so such events merge and the finding keeps the finer date.
Two events one article dates with different expressions stay two entries even on
the same day ("KCNA reported the exchange on Wednesday" / "in force from 4
December 2024"): the article itself tells them apart. Entries with a resolved date sort
chronologically by the first day their date covers (coarser precision first on a
tie, then finding order); entries whose date no source resolved go to `undated`
in finding order, keeping the original expression, and are never placed on a
guessed day. An entry cites the sources whose own words give it its date (the
finding cites every source that supports the event).
"""

from __future__ import annotations

from collections.abc import Sequence

from summarizer.core.briefing import Citation, Finding, TimelineEntry
from summarizer.core.dates import date_sort_key


def build_timeline(
    events: Sequence[tuple[Finding, str, list[Citation]]],
) -> tuple[list[TimelineEntry], list[TimelineEntry]]:
    """(dated entries in date order, undated entries) from (event finding, event text,
    the citations that date it)."""
    dated: list[tuple[int, TimelineEntry]] = []
    undated: list[TimelineEntry] = []
    for order, (finding, event, citations) in enumerate(events):
        if finding.date is None:
            continue
        entry = TimelineEntry(
            date=finding.date, finding_id=finding.id, event=event, citations=citations
        )
        if finding.date.resolved:
            dated.append((order, entry))
        else:
            undated.append(entry)
    dated.sort(key=lambda pair: (date_sort_key(pair[1].date), pair[0]))
    return [entry for _, entry in dated], undated
