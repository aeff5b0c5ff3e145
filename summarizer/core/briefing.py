"""The briefing's data model: what merge, write and render produce.

`Briefing` is what `--format json` writes (schema: schemas/briefing.schema.json);
`SummaryDraft` is what the write stage asks the model for. The extraction models
they build on live in `summarizer.core.items` and `summarizer.core.articles`. Imports no SDK.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from summarizer.core.articles import Failure, Source
from summarizer.core.dates import ResolvedDate
from summarizer.core.items import Certainty, Quantity


class Citation(BaseModel):
    """One source's support for a finding: its verbatim words and where they stand."""

    source: str = Field(description="The cited source's id.")
    quote: str = Field(description="Verbatim text of that source.")
    quote_en: str | None = Field(
        default=None, description="The extractor's English rendering of the quote, if not English."
    )
    before: str | None = Field(default=None, description="Source text just before the quote.")
    after: str | None = Field(default=None, description="Source text just after the quote.")
    item: str = Field(description="Id of the extracted item the quote comes from.")
    start: int | None = None
    end: int | None = None
    speaker: str | None = None
    relay: list[str] = Field(default_factory=list)
    certainty: Certainty = Certainty.CONFIRMED


class Finding(BaseModel):
    """One fact, merged across every article that supports it."""

    id: str
    kind: Literal["claim", "figure", "event"]
    statement: str
    certainty: Certainty
    citations: list[Citation]
    independent_sources: int = Field(description="Sources after folding near-duplicates.")
    merge_reason: str | None = Field(default=None, description="Why the items were merged.")
    date: ResolvedDate | None = None


class SeriesEntry(BaseModel):
    """One reported value of a quantity, with who said it and when."""

    finding_id: str
    amount: str
    quantity: Quantity | None
    scope: str | None = None
    speaker: str | None = None
    date: ResolvedDate | None = Field(
        default=None, description="When the figure applies: its own date, else publication."
    )
    citation: Citation


class FigureSeries(BaseModel):
    """Figures about the same quantity, side by side."""

    id: str
    counted: str
    unit: str | None = None
    entries: list[SeriesEntry]
    classification: Literal["single", "consistent", "update", "conflict", "undated"]
    explanation: str
    measure: str = Field(default="other", description="The kind of count (deaths, arrests, ...).")
    scope: str | None = Field(default=None, description="Where the count applies, if narrower.")
    part_of: str | None = Field(
        default=None,
        description="The id of the story-wide series this narrower count is part of (a town's "
        "dead within the regional toll): related, never compared with it.",
    )
    joined_by_model: str | None = Field(
        default=None,
        description="Set when this series joins counts code alone kept apart (a story-wide "
        "count and a scoped one, or differently worded labels) because the model judged them "
        "one quantity: its reason. Code's vetoes (unit, scope, projection, period) still held.",
    )


class Contradiction(BaseModel):
    """Two findings that cannot both hold: the negating or denying one first."""

    id: str
    kind: Literal["contradiction", "dispute"] = Field(
        default="contradiction",
        description="contradiction: a negation or denial against an explicit confirmation; "
        "dispute: a denial against an allegation.",
    )
    finding_ids: tuple[str, str]
    explanation: str


class TimelineEntry(BaseModel):
    date: ResolvedDate
    finding_id: str
    event: str
    citations: list[Citation]


class SummarySentence(BaseModel):
    text: str
    finding_ids: list[str]


class Change(BaseModel):
    """What a digest marks as changed since the previous digest."""

    kind: Literal["new", "changed", "contradicted"]
    ref: str = Field(description="The finding, figure series or contradiction id it concerns.")
    explanation: str


class QualityReport(BaseModel):
    sources: int = 0
    findings: int = 0
    items: int = 0
    grounded_exact: int = 0
    grounding_rate: float = 1.0
    cited_sentence_share: float = 1.0
    conflicts: int = 0
    contradictions: int = 0
    amounts_unparsed: int = Field(
        default=0, description="Figures whose amount neither code nor a checked model read."
    )
    amounts_model_read: int = Field(
        default=0, description="Figures whose quantity is the model's reading, checked by code."
    )
    calls: int = 0
    cache_hits: int = 0
    replayed: int = Field(default=0, description="Calls answered by recorded fixtures (free).")
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None


class Story(BaseModel):
    """One story of the day: the articles that report it and its part of the briefing.

    Findings, series and contradictions live once in the briefing's lists; a story
    names its own by id, findings ranked (independent sources, certainty,
    specificity, recency), of which the first `top_finding_ids` are the body.
    """

    id: str
    title: str = Field(
        description="The story's headline, written by the model and checked by code (its "
        "names and numbers occur in the story's findings); else the story's main names."
    )
    names: str = Field(default="", description="The story's main names, found by code.")
    source_ids: list[str]
    independent_sources: int
    finding_ids: list[str] = Field(default_factory=list)
    top_finding_ids: list[str] = Field(default_factory=list)
    figure_series_ids: list[str] = Field(default_factory=list)
    contradiction_ids: list[str] = Field(default_factory=list)
    summary: list[SummarySentence] = Field(default_factory=list)
    summary_note: str | None = None


class SourceCopy(BaseModel):
    """A source that reprints or translates another source of the briefing; the two
    count as one independent source."""

    source: str
    original: str
    kind: Literal["reprint", "translation"]


class Briefing(BaseModel):
    """The English briefing; `sources[n-1]` is what `[n]` refers to."""

    title: str
    generated_at: dt.datetime
    sources: list[Source]
    summary: list[SummarySentence] = Field(default_factory=list)
    summary_note: str | None = Field(
        default=None,
        description="Why the prose summary is missing, when it is; beside a summary, a "
        "note on the run (a digest's articles still pending in a batch).",
    )
    stories: list[Story] = Field(default_factory=list)
    copies: list[SourceCopy] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    figure_series: list[FigureSeries] = Field(default_factory=list)
    contradictions: list[Contradiction] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    undated: list[TimelineEntry] = Field(default_factory=list)
    failures: list[Failure] = Field(default_factory=list)
    changes: list[Change] = Field(
        default_factory=list, description="Digests only: what is new or changed since the last."
    )
    quality: QualityReport = Field(default_factory=QualityReport)


# --------------------------------------------------------------------------- write (LLM)


class SentenceDraft(BaseModel):
    text: str = Field(description="One English sentence; no citation markers.")
    finding_ids: list[str] = Field(description="Ids of the findings this sentence rests on.")


class SummaryDraft(BaseModel):
    """A story's headline and prose summary, each sentence tied to findings."""

    headline: str = Field(
        description="A news headline for the story in English, at most 14 words: its main "
        "development, with names and numbers only as the findings give them."
    )
    sentences: list[SentenceDraft]
