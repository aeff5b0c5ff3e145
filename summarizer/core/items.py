"""Pydantic models shared by every pipeline stage.

This module imports no LLM SDK: it is the contract between stages.

Two families of models live here:

* **Drafts** (`ClaimDraft`, `FigureDraft`, `DateDraft`, `ExtractionDraft`) are what
  the LLM is asked to return. Their JSON Schema is what the model sees, so every
  field carries a description that doubles as an instruction.
* **Verified items** (`Claim`, `Figure`, `DatedEvent`, `ArticleExtraction`) extend
  the drafts with what *code* computed: the quote's character span and alignment
  status, the parsed quantity, the resolved date. Nothing in them is trusted from
  the model.

The briefing models (`Finding`, `FigureSeries`, `Briefing`, ...) that merge, write
and render produce live in `summarizer.core.briefing`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    computed_field,
    field_validator,
    model_validator,
)

from summarizer.core.articles import Failure, Source
from summarizer.core.dates import ResolvedDate

SCHEMA_VERSION = "4"
"""Version of the extraction draft schema; part of cache and fixture keys."""


class Certainty(StrEnum):
    """How sure the source is, judged from the language of the quote."""

    CONFIRMED = "confirmed"
    REPORTED = "reported"
    ALLEGED = "alleged"
    DENIED = "denied"
    DISPUTED = "disputed"


class Speech(StrEnum):
    """How the words reach the reader."""

    DIRECT = "direct"
    INDIRECT = "indirect"
    NARRATIVE = "narrative"


class AlignmentStatus(StrEnum):
    """Whether code found the model's quote in the original text."""

    EXACT = "exact"
    FUZZY = "fuzzy"
    NOT_FOUND = "not_found"


# --------------------------------------------------------------------------- drafts (LLM)


class Attribution(BaseModel):
    """Who says it, kept apart from the outlet that published the article."""

    speaker: str | None = Field(
        default=None,
        description="Person or organisation the statement comes from, e.g. 'Andrii Tscherniak' "
        "or 'KCNA'. Null when the outlet states it in its own voice.",
    )
    role: str | None = Field(
        default=None,
        description="The speaker's role or organisation, in English, e.g. "
        "'spokesperson of the National Resistance Center (Ukraine)'.",
    )
    relay: list[str] = Field(
        default_factory=list,
        description="Intermediaries through which the statement reached the outlet, nearest to "
        "the speaker first, e.g. ['Kyiv Independent'] for 'KCNA, as reported by Kyiv "
        "Independent'. Empty if the outlet heard it directly.",
    )
    speech: Speech = Field(
        default=Speech.NARRATIVE,
        description="direct: quoted words; indirect: reported speech; narrative: the outlet's "
        "own statement.",
    )


class Evidence(BaseModel):
    """Fields every extracted item carries."""

    statement: str = Field(description="One self-contained English sentence stating the item.")
    quote: str = Field(
        description="The exact words from the article, in its original language, copied "
        "character for character (a whole sentence or clause that supports the statement)."
    )
    quote_en: str | None = Field(
        default=None, description="An English rendering of the quote, when it is not English."
    )
    attribution: Attribution = Field(default_factory=Attribution)
    certainty: Certainty = Field(
        description="confirmed: stated as fact or officially confirmed; reported: attributed "
        "('according to', 'laut', 'nach Angaben', Konjunktiv I); alleged: 'sollen', "
        "'angeblich', 'mutmaßlich', 'reportedly', 'allegedly'; denied: the speaker denies it; "
        "disputed: sources contradict each other."
    )
    entities: list[str] = Field(
        default_factory=list,
        description="Countries, people and organisations involved, by their usual English "
        "names, e.g. ['North Korea', 'Russia', 'Kim Jong Un'].",
    )

    @field_validator("statement", "quote")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("quote")
    @classmethod
    def _quote_in_article(cls, value: str, info: ValidationInfo) -> str:
        """With a validation context {'text': article, 'is_grounded': check}, a quote must
        occur in the article.

        The check is passed in by the extract stage (it is verify's own matcher), so the
        model is re-asked only for quotes that verify would drop, and this contract
        imports no stage.
        """
        context = info.context or {}
        text = context.get("text")
        is_grounded = context.get("is_grounded")
        if text is not None and is_grounded is not None and not is_grounded(value, text):
            raise ValueError(
                "this quote does not occur in the article; copy the exact words, "
                f"character for character: {value[:120]!r}"
            )
        return value

    @model_validator(mode="after")
    def _statement_agrees_with_quote(self, info: ValidationInfo) -> Self:
        """With a validation context {'check_statement': check}, the statement (numbers,
        names, negation) must agree with the quote; `check` returns the problems.

        Like the quote check, it is verify's own check passed in by the extract stage,
        so the model is re-asked, with the reasons, for exactly the items verify drops.
        """
        check = (info.context or {}).get("check_statement")
        problems = check(self) if check is not None else []
        if problems:
            raise ValueError(
                f"the statement {self.statement[:80]!r} does not agree with its quote: "
                + "; ".join(problems)
            )
        return self


class ClaimDraft(Evidence):
    """A claim: an event, statement, assessment or fact reported by the article."""


QuantityKind = Literal["exact", "range", "lower_bound", "upper_bound", "approximate", "vague"]

Measure = Literal[
    "deaths",
    "injured",
    "missing",
    "displaced",
    "affected",
    "arrests",
    "rescued",
    "buildings",
    "votes",
    "seats",
    "personnel",
    "money",
    "other",
]
"""A coarse class of what a figure counts, so that code can tell apart a death toll
from an injury count whatever words each article uses for `counted`."""


class AmountReading(BaseModel):
    """The model's own structured reading of an amount. Code checks it against the
    amount's digits and words, and uses it only where code cannot read the amount."""

    kind: QuantityKind = Field(
        description="exact: a plain number; range: two numbers ('entre 10 y 12'); "
        "lower_bound: 'more than', 'at least', 'plus de', 'más de', 'mindestens', 'ponad', "
        "'более'; upper_bound: 'up to', 'jusqu'à', 'hasta', 'bis zu', 'до'; approximate: "
        "'about', 'près de', 'cerca de', 'rund', 'около'; vague: no number ('hundreds', "
        "'des milliers', 'Tausende', 'сотни')."
    )
    value: float | None = Field(
        default=None, description="The number for exact and approximate, as a plain number."
    )
    low: float | None = Field(default=None, description="Lower end for range and lower_bound.")
    high: float | None = Field(default=None, description="Upper end for range and upper_bound.")


class FigureDraft(Evidence):
    """A number reported by the article."""

    amount: str = Field(
        description="The number expression exactly as written in the quote, with its "
        "comparator and scale words, e.g. '11.000', 'zwischen 10.000 und 12.000', "
        "'5,2 Milliarden', 'más de 100', 'au moins 51', 'ten minste vier', 'Tausende'."
    )
    reading: AmountReading | None = Field(
        default=None,
        description="Your reading of `amount` as numbers: '5,2 Milliarden' is exact 5200000000, "
        "'más de 100' is lower_bound low=100, 'entre 10.000 y 12.000' is range 10000-12000.",
    )
    measure: Measure = Field(
        default="other",
        description="What kind of count this is: deaths, injured, missing, displaced "
        "(evacuated, homeless), affected, arrests (and detentions), rescued, buildings, "
        "votes, seats, personnel (troops, staff), money, or other.",
    )
    unit: str | None = Field(
        default=None,
        description="Unit in English: 'soldiers', 'EUR', 'USD', 'containers', 'years', ...",
    )
    counted: str = Field(
        description="What is counted, in English, e.g. 'people killed by the storm' or "
        "'containers of ammunition delivered'."
    )
    scope: str | None = Field(
        default=None,
        description="Where or to what the figure applies when narrower than the whole story, "
        "e.g. 'the city of Valparaíso' within a national toll; else null.",
    )
    as_of: str | None = Field(
        default=None,
        description="The date expression the figure refers to, verbatim from the article, if "
        "it gives one (e.g. 'Im Herbst'); else null.",
    )

    @model_validator(mode="after")
    def _reading_agrees(self, info: ValidationInfo) -> FigureDraft:
        """With a validation context {'check_reading': check}, the model's `reading` must
        agree with what code reads in `amount` (passed in by the extract stage: verify's
        own reader), so the model is re-asked for a reading that verify would reject."""
        check = (info.context or {}).get("check_reading")
        if check is not None and (problem := check(self)) is not None:
            raise ValueError(problem)
        return self


class DateDraft(Evidence):
    """A dated event."""

    expression: str = Field(
        description="The date expression exactly as written in the quote, e.g. 'am 19. Juni', "
        "'am Montag', 'vergangene Woche', 'Mitte November 2024'."
    )
    event: str = Field(description="What happened on that date, in English.")


class ExtractionDraft(BaseModel):
    """Everything an analyst would want from one article."""

    claims: list[ClaimDraft] = Field(default_factory=list)
    figures: list[FigureDraft] = Field(default_factory=list)
    dates: list[DateDraft] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self, info: ValidationInfo) -> Self:
        """With a validation context {'require_items': True}, an answer with no item at
        all is invalid: the model is re-asked, and such an answer is never cached."""
        if (info.context or {}).get("require_items") and not (
            self.claims or self.figures or self.dates
        ):
            raise ValueError(
                "the answer has no claims, figures or dates; extract every claim, figure "
                "and dated event the article reports"
            )
        return self


# --------------------------------------------------------------------------- verified


class Grounding(BaseModel):
    """Where code found the quote in `Article.text` (offsets are str indices)."""

    status: AlignmentStatus
    start: int | None = None
    end: int | None = None
    score: float = Field(ge=0, le=100, description="Match score, 100 for exact.")
    matched: str | None = Field(default=None, description="The article text at start:end.")
    before: str | None = Field(
        default=None, description="Up to a sentence of the article text just before the quote."
    )
    after: str | None = Field(
        default=None, description="Up to a sentence of the article text just after the quote."
    )


class Quantity(BaseModel):
    """A number parsed by code from a figure's `amount`."""

    kind: Literal["exact", "range", "lower_bound", "upper_bound", "approximate", "vague"]
    value: float | None = None
    low: float | None = None
    high: float | None = None
    text: str = Field(description="The expression that was parsed.")
    read_by: Literal["code", "model"] = Field(
        default="code",
        description="code: parsed by code; model: code could not parse the amount, and the "
        "model's reading was used because its digits agree with the amount's.",
    )

    def bounds(self) -> tuple[float | None, float | None]:
        """The interval this quantity asserts; None on an open side."""
        if self.kind == "range":
            return self.low, self.high
        if self.kind == "lower_bound":
            return self.low if self.low is not None else self.value, None
        if self.kind == "upper_bound":
            return None, self.high if self.high is not None else self.value
        if self.kind in ("exact", "approximate"):
            return self.value, self.value
        return self.low, self.high

    def excludes(self, other: Quantity) -> bool:
        """No value satisfies both: their intervals (`bounds`) do not meet."""
        (low, high), (other_low, other_high) = self.bounds(), other.bounds()
        below = high is not None and other_low is not None and high < other_low
        above = other_high is not None and low is not None and other_high < low
        return below or above


class Verified(BaseModel):
    """What code adds to every item."""

    id: str = Field(description="'<article id>:<c|f|d><n>'")
    source_id: str
    grounding: Grounding


class Claim(ClaimDraft, Verified):
    pass


class Figure(FigureDraft, Verified):
    quantity: Quantity | None = None
    unit_normalized: str | None = None
    as_of_date: ResolvedDate | None = None


class DatedEvent(DateDraft, Verified):
    date: ResolvedDate


class DroppedItem(BaseModel):
    kind: Literal["claim", "figure", "date"]
    quote: str
    statement: str
    reason: str


class ArticleExtraction(BaseModel):
    """One article's verified extraction."""

    model_config = ConfigDict(use_enum_values=False)

    source: Source
    claims: list[Claim] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    dates: list[DatedEvent] = Field(default_factory=list)
    dropped: list[DroppedItem] = Field(default_factory=list)
    rejected: str | None = Field(
        default=None,
        description="Why the model's answer for this article was rejected (no items, or "
        "more than half of them dropped by verification); the article is then also listed "
        "among the failures.",
    )

    def items(self) -> list[Claim | Figure | DatedEvent]:
        return [*self.claims, *self.figures, *self.dates]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def grounding_rate(self) -> float:
        """Share of the model's items whose quote code found exactly in the text."""
        kept = self.items()
        total = len(kept) + len(self.dropped)
        exact = sum(1 for item in kept if item.grounding.status is AlignmentStatus.EXACT)
        return exact / total if total else 1.0


class ExtractionReport(BaseModel):
    """What `summarizer extract` returns: every verified extraction and every failure."""

    extractions: list[ArticleExtraction] = Field(default_factory=list)
    failures: list[Failure] = Field(default_factory=list)
