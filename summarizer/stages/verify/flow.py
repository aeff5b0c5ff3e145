"""The verify stage: code, not the model, checks every extracted item.

`verify(article, draft)` turns the model's `ExtractionDraft` into an
`ArticleExtraction` in which nothing is taken on trust:

1. **Ids.** Items are numbered in draft order, 1-based, per kind:
   ``"<article id>:c1"``, ``":f1"``, ``":d1"``. A dropped item still uses up its
   number, so ids do not shift when grounding changes.
2. **Grounding** (`grounding.ground_quote`): every quote is aligned with
   `Article.text`; EXACT and FUZZY items are kept with their character span, NOT_FOUND
   items go to `dropped` with the reason, and a warning names the article.
3. **Figures** (`readings.figure_quantity`): `amount` is parsed into a `Quantity`, in
   the article's language, only when the amount really occurs in the quote (after
   normalisation, ignoring case); a qualifier the model left out of `amount` but wrote
   just before it in the quote ("bis zu", "más de", "entre") is read with it. Where
   code cannot parse the amount, the model's `reading` is used (``read_by="model"``)
   only if its numbers agree with the amount's digits and it reads no bound word as an
   exact value; a disagreeing reading is logged and set aside. The unit is normalised
   ("Euro"/"€" -> "EUR", "Soldaten"/"troops" -> "soldiers") into `unit_normalized`;
   `as_of` is resolved against the publication date.
4. **Dates** (`dates.resolve_date`): `expression` is resolved in the article's
   language against `Article.published`; without one, relative expressions stay
   unresolved.
5. **Certainty** (`certainty.check_certainty`): the model's certainty is replaced by
   the checked one, which can only be lower; each downgrade is logged.

This module is also the public home of the checks themselves: `is_grounded` (used by
the models' quote validator during extraction, so the model is re-asked for exactly
the quotes verify would drop), `reading_problem` (the same for amount readings),
`ground_quote`, `parse_quantity`, `resolve_date` and `check_certainty`. dateparser and
Babel, the heavy dependencies, are imported on first use.
"""

from __future__ import annotations

import logging
from typing import Literal

from summarizer.core.articles import Article
from summarizer.core.items import (
    AlignmentStatus,
    ArticleExtraction,
    Claim,
    DatedEvent,
    DroppedItem,
    Evidence,
    ExtractionDraft,
    Figure,
    FigureDraft,
    Grounding,
    Quantity,
)
from summarizer.stages.verify.certainty import check_certainty
from summarizer.stages.verify.dates import resolve_date
from summarizer.stages.verify.grounding import ground_quote, is_grounded
from summarizer.stages.verify.quantities import normalize_unit, parse_quantity
from summarizer.stages.verify.readings import figure_quantity, reading_problem

__all__ = [
    "check_certainty",
    "ground_quote",
    "is_grounded",
    "parse_quantity",
    "reading_problem",
    "resolve_date",
    "verify",
]

logger = logging.getLogger(__name__)

ItemKind = Literal["claim", "figure", "date"]


def _ground(
    article: Article, kind: ItemKind, item: Evidence, dropped: list[DroppedItem]
) -> Grounding | None:
    """The item's grounding, or None after recording it as dropped."""
    grounding = ground_quote(item.quote, article.text)
    if grounding.status is not AlignmentStatus.NOT_FOUND:
        return grounding
    reason = f"quote not found in the article text (best fuzzy score {grounding.score:.0f})"
    logger.warning("article %s: dropped %s: %s: %.80r", article.id, kind, reason, item.quote)
    dropped.append(
        DroppedItem(kind=kind, quote=item.quote, statement=item.statement, reason=reason)
    )
    return None


def _checked_fields(
    article: Article, item_id: str, item: Evidence, anchor: str | None = None
) -> dict[str, object]:
    """The fields every verified item gets from code, plus the checked certainty."""
    certainty = check_certainty(item.quote, item.certainty, anchor, article.language)
    if certainty is not item.certainty:
        logger.info(
            "article %s: %s certainty %s -> %s (hedge in quote)",
            article.id,
            item_id,
            item.certainty.value,
            certainty.value,
        )
    return {"id": item_id, "source_id": article.id, "certainty": certainty}


def _quantity(article: Article, item_id: str, figure: FigureDraft) -> Quantity | None:
    """The figure's quantity (`readings.figure_quantity`); why the model's reading or the
    amount was set aside is logged."""
    quantity, warning = figure_quantity(figure, article.language)
    if warning is not None:
        logger.warning("article %s: %s %s", article.id, item_id, warning)
    return quantity


def verify(article: Article, draft: ExtractionDraft) -> ArticleExtraction:
    """Ground, parse and resolve every item of `draft` against `article` (see module doc)."""
    result = ArticleExtraction(source=article.source())
    for number, claim in enumerate(draft.claims, start=1):
        item_id = f"{article.id}:c{number}"
        if grounding := _ground(article, "claim", claim, result.dropped):
            fields = _checked_fields(article, item_id, claim)
            result.claims.append(Claim(**{**dict(claim), **fields, "grounding": grounding}))
    for number, figure in enumerate(draft.figures, start=1):
        item_id = f"{article.id}:f{number}"
        if grounding := _ground(article, "figure", figure, result.dropped):
            fields = _checked_fields(article, item_id, figure, anchor=figure.amount)
            as_of = (
                resolve_date(figure.as_of, article.published, article.language)
                if figure.as_of
                else None
            )
            result.figures.append(
                Figure(
                    **{**dict(figure), **fields},
                    grounding=grounding,
                    quantity=_quantity(article, item_id, figure),
                    unit_normalized=normalize_unit(figure.unit, figure.amount),
                    as_of_date=as_of,
                )
            )
    for number, event in enumerate(draft.dates, start=1):
        item_id = f"{article.id}:d{number}"
        if grounding := _ground(article, "date", event, result.dropped):
            fields = _checked_fields(article, item_id, event)
            date = resolve_date(event.expression, article.published, article.language)
            result.dates.append(
                DatedEvent(**{**dict(event), **fields}, grounding=grounding, date=date)
            )
    return result
