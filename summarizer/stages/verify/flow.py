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
6. **Statements** (`statement_check`): the statement, `quote_en` and amount must
   agree with the quote (`statements`: numbers, names, negation), a figure's amount
   must occur in its quote, and no item may rest on text that addresses the model
   (`injection`; such text also flags the article in `Source.flags`). A failing item
   goes to `dropped` with the reasons.

This module is also the public home of the checks themselves: `is_grounded` (used by
the models' quote validator during extraction, so the model is re-asked for exactly
the quotes verify would drop), `reading_problem` (the same for amount readings),
`statement_check` (likewise for the items' statement validator), `ground_quote`,
`parse_quantity`, `resolve_date` and `check_certainty`. dateparser and Babel, the heavy
dependencies, are imported on first use.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
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
from summarizer.stages.verify.grounding import ground_quote, is_grounded, normalize
from summarizer.stages.verify.injection import find_injections, injection_problems
from summarizer.stages.verify.quantities import normalize_unit, parse_quantity
from summarizer.stages.verify.readings import figure_quantity, reading_problem
from summarizer.stages.verify.statements import (
    ArticleWords,
    enclosing_sentence,
    statement_problems,
)

__all__ = [
    "StatementCheck",
    "check_certainty",
    "ground_quote",
    "is_grounded",
    "parse_quantity",
    "reading_problem",
    "resolve_date",
    "statement_check",
    "verify",
]

logger = logging.getLogger(__name__)

ItemKind = Literal["claim", "figure", "date"]
StatementCheck = Callable[[Evidence, Grounding | None], list[str]]
"""The problems of an item beyond its quote's grounding (given, or found anew)."""


def statement_check(article: Article) -> StatementCheck:
    """verify's check of an item of `article` beyond grounding (step 6 of the module doc)."""
    words = ArticleWords.of(article)
    injections = find_injections(article.text)

    checked: dict[str, list[str]] = {}  # the validator and verify check the same items

    def check(item: Evidence, grounding: Grounding | None = None) -> list[str]:
        key = f"{type(item).__name__}:{item.model_dump_json()}"
        if key not in checked:
            checked[key] = problems_of(item, grounding or ground_quote(item.quote, article.text))
        return list(checked[key])

    def problems_of(item: Evidence, grounding: Grounding) -> list[str]:
        amount = item.amount if isinstance(item, FigureDraft) else None
        problems: list[str] = []
        if amount is not None and not _amount_in_quote(amount, item.quote):
            problems.append(f"the amount {amount!r} does not occur in its quote")
            amount = None
        sentence = None
        if grounding.start is not None and grounding.end is not None:
            sentence = enclosing_sentence(article.text, grounding.start, grounding.end)
        problems += statement_problems(item, article, words, amount, sentence)
        return [*problems, *injection_problems(item.statement, grounding, injections)]

    return check


def _amount_in_quote(amount: str, quote: str) -> bool:
    return normalize(amount).casefold() in normalize(quote).casefold()


def _drop(
    article: Article, kind: ItemKind, item: Evidence, reason: str, dropped: list[DroppedItem]
) -> None:
    logger.warning("article %s: dropped %s: %s: %.80r", article.id, kind, reason, item.quote)
    dropped.append(
        DroppedItem(kind=kind, quote=item.quote, statement=item.statement, reason=reason)
    )


def _ground(
    article: Article,
    kind: ItemKind,
    item: Evidence,
    dropped: list[DroppedItem],
    check: StatementCheck,
) -> Grounding | None:
    """The item's grounding, or None after recording it as dropped (ungrounded, or its
    statement fails `check`)."""
    grounding = ground_quote(item.quote, article.text)
    if grounding.status is AlignmentStatus.NOT_FOUND:
        reason = f"quote not found in the article text (best fuzzy score {grounding.score:.0f})"
        _drop(article, kind, item, reason, dropped)
        return None
    if problems := check(item, grounding):
        _drop(article, kind, item, "; ".join(problems), dropped)
        return None
    return grounding


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


def verify(
    article: Article, draft: ExtractionDraft, check: StatementCheck | None = None
) -> ArticleExtraction:
    """Ground, parse and resolve every item of `draft` against `article` (see module doc).

    `check` is the article's `statement_check`, if the caller has one (its results are
    remembered, so items the validator checked are not checked again)."""
    check = check or statement_check(article)
    flags = [injection.flag() for injection in find_injections(article.text)]
    for flag in flags:
        logger.warning("article %s: %s", article.id, flag)
    source = article.source().model_copy(update={"flags": [*article.flags, *flags]})
    result = ArticleExtraction(source=source)
    for number, claim in enumerate(draft.claims, start=1):
        item_id = f"{article.id}:c{number}"
        if grounding := _ground(article, "claim", claim, result.dropped, check):
            fields = _checked_fields(article, item_id, claim)
            result.claims.append(Claim(**{**dict(claim), **fields, "grounding": grounding}))
    for number, figure in enumerate(draft.figures, start=1):
        item_id = f"{article.id}:f{number}"
        if grounding := _ground(article, "figure", figure, result.dropped, check):
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
        if grounding := _ground(article, "date", event, result.dropped, check):
            fields = _checked_fields(article, item_id, event)
            date = resolve_date(event.expression, article.published, article.language)
            result.dates.append(
                DatedEvent(**{**dict(event), **fields}, grounding=grounding, date=date)
            )
    return result
