"""Write stage: the LLM writes the briefing's prose summary; code checks every sentence.

The model sees only the merged findings (never the articles) and returns sentences,
each with the ids of the findings it rests on. Code then checks each sentence:

* it cites at least one finding, and every cited id exists;
* every number in it occurs in the findings it cites (statement, parsed quantity or
  date), so no figure is invented or mis-copied;
* if a cited finding is hedged (reported / alleged / denied / disputed), the sentence
  keeps a hedge ("reportedly", "according to", "denied", ...);
* every name in it (a capitalised word that does not begin a sentence) is named by
  the findings it cites, their statements or their sources' quotes (verify's name
  check: folded, by stem, with exonyms);
* it shares a content word with the findings it cites, so that a sentence cannot
  say something else entirely and cite an unrelated finding for it.

The model also writes the story's **headline**. It cites nothing, so code checks it
against all of the story's findings given to the model: at most `MAX_HEADLINE_WORDS`
words, every number and every name in it occurs in them. A headline that fails is
dropped (the story keeps code's title, its main names) without costing the sentences.

Numbers are read by the one English number reader, `summarizer.core.numbers`.

The checks run as an instructor validator with the findings as validation context,
so a failing answer is re-asked with the problems fed back (bounded by
`Settings.max_reasks`). If the answer still fails, the briefing is rendered from the
merged findings without prose and says why: a briefing is never lost to a bad answer.
Such an answer is still cached (`cache_unchecked`): code rejects it on every rerun, and
a rerun of a digest costs nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Self

from pydantic import ValidationInfo, model_validator

from summarizer.core.briefing import (
    Contradiction,
    FigureSeries,
    Finding,
    SummaryDraft,
    SummarySentence,
)
from summarizer.core.items import Certainty
from summarizer.core.numbers import parse_numbers
from summarizer.errors import BudgetExceededError, LLMConfigError, LLMError
from summarizer.llm.prompts import render_prompt
from summarizer.stages.verify import names_missing, shares_words

if TYPE_CHECKING:
    from summarizer.llm import StructuredLLM

log = logging.getLogger(__name__)

WRITE_SCHEMA_VERSION = "2"
MAX_HEADLINE_WORDS = 14

_HEDGES = re.compile(
    r"\b(reported(ly)?|alleged(ly)?|according to|said|says|claim(s|ed)?|estimate[sd]?|"
    r"den(y|ied|ies|ial)|disputed?|unconfirmed|purported(ly)?|apparently|suggest(s|ed)?|"
    r"rejected|dismissed|accused|intelligence|sources?|believed|thought to)\b",
    re.IGNORECASE,
)


def numbers_in(text: str) -> set[float]:
    """Numbers written in English notation ("11,000", "5.2 billion", "2024"), as floats."""
    values, years = parse_numbers(text)
    return {*values, *(float(year) for year in years)}


def _finding_numbers(finding: Finding) -> set[float]:
    numbers = numbers_in(finding.statement)
    if finding.date and finding.date.iso:
        numbers |= {float(part) for part in finding.date.iso.split("-")}
    return numbers


def check_sentence(
    sentence: SummarySentence, findings: dict[str, Finding], series_numbers: dict[str, set[float]]
) -> list[str]:
    """Problems with one summary sentence; empty when it passes."""
    problems: list[str] = []
    label = f"sentence {sentence.text[:60]!r}"
    if not sentence.finding_ids:
        return [f"{label} cites no finding"]
    unknown = [fid for fid in sentence.finding_ids if fid not in findings]
    if unknown:
        problems.append(f"{label} cites unknown finding ids {unknown}")
    cited = [findings[fid] for fid in sentence.finding_ids if fid in findings]
    allowed: set[float] = set()
    for finding in cited:
        allowed |= _finding_numbers(finding) | series_numbers.get(finding.id, set())
    missing = sorted(n for n in numbers_in(sentence.text) if n not in allowed)
    if missing:
        shown = ", ".join(f"{n:g}" for n in missing)
        problems.append(f"{label} has numbers not in its cited findings: {shown}")
    hedged = [f.id for f in cited if f.certainty is not Certainty.CONFIRMED]
    if hedged and not _HEDGES.search(sentence.text):
        problems.append(f"{label} drops the hedge of {', '.join(hedged)} (say 'reportedly' etc.)")
    if cited:
        sources = [text for finding in cited for text in _finding_texts(finding)]
        if unnamed := names_missing(sentence.text, sources):
            problems.append(f"{label} names what its cited findings do not: {', '.join(unnamed)}")
        if not shares_words(sentence.text, " ".join(f.statement for f in cited)):
            problems.append(f"{label} shares no word with the findings it cites")
    return problems


def _finding_texts(finding: Finding) -> list[str]:
    """What a finding gives a summary sentence to name: its statement and its quotes."""
    return [finding.statement, *(citation.quote for citation in finding.citations)]


def _series_numbers(series: Iterable[FigureSeries]) -> dict[str, set[float]]:
    """Numbers a sentence citing one figure of a series may also use: the parsed values."""
    numbers: dict[str, set[float]] = {}
    for item in series:
        for entry in item.entries:
            quantity = entry.quantity
            if quantity is None:
                continue
            values = {quantity.value, quantity.low, quantity.high} - {None}
            numbers.setdefault(entry.finding_id, set()).update(v for v in values if v is not None)
    return numbers


class BriefingSummary(SummaryDraft):
    """The summary the model returns; checked against the findings in the context."""

    @model_validator(mode="after")
    def _check_against_findings(self, info: ValidationInfo) -> Self:
        context = info.context or {}
        findings = context.get("findings")
        if findings is not None:
            problems = check_summary(self, findings, context.get("series_numbers", {}))
            problems += check_headline(self.headline, findings)
            if problems:
                raise ValueError("; ".join(problems))
        return self


def check_headline(headline: str, findings: dict[str, Finding]) -> list[str]:
    """Problems with a story's headline: it cites nothing, so what it names and every
    number in it must occur in the story's findings, and it must be short."""
    label = f"headline {headline[:60]!r}"
    if not headline.strip():
        return ["the headline is empty"]
    problems: list[str] = []
    if len(headline.split()) > MAX_HEADLINE_WORDS:
        problems.append(f"{label} has more than {MAX_HEADLINE_WORDS} words")
    allowed = {n for finding in findings.values() for n in _finding_numbers(finding)}
    if missing := sorted(n for n in numbers_in(headline) if n not in allowed):
        problems.append(
            f"{label} has numbers not in the findings: {', '.join(f'{n:g}' for n in missing)}"
        )
    texts = [text for finding in findings.values() for text in _finding_texts(finding)]
    # Preceded by a word, the headline's first word is checked too ("China sends ...");
    # a common word there ("Death toll rises") passes, as the findings use it.
    if unnamed := names_missing(f"and {headline}", texts):
        problems.append(f"{label} names what the findings do not: {', '.join(unnamed)}")
    return problems


def check_summary(
    summary: SummaryDraft,
    findings: dict[str, Finding],
    series_numbers: dict[str, set[float]] | None = None,
) -> list[str]:
    """Problems with the sentences, each checked by `check_sentence`."""
    if not summary.sentences:
        return ["the summary has no sentences"]
    problems: list[str] = []
    for draft in summary.sentences:
        sentence = SummarySentence(text=draft.text, finding_ids=draft.finding_ids)
        problems += check_sentence(sentence, findings, series_numbers or {})
    return problems


def summary_key(findings: Sequence[Finding], series: Sequence[FigureSeries]) -> str:
    """Identifies the write call's input independently of the prompt's wording."""
    payload: list[Any] = [
        [f.id, f.statement, str(f.certainty), f.independent_sources] for f in findings
    ]
    payload.append([[s.counted, s.classification, s.explanation] for s in series])
    digest = hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()[:16]


class Written(NamedTuple):
    """What the write stage gives a story: checked sentences (or none and a note saying
    why) and a checked headline (or None: the story keeps code's title)."""

    sentences: list[SummarySentence]
    note: str | None
    headline: str | None


async def write_summary(
    findings: Sequence[Finding],
    figure_series: Sequence[FigureSeries],
    contradictions: Sequence[Contradiction],
    llm: StructuredLLM,
) -> Written:
    """The headline and prose summary; a part that fails code's checks is left out, and
    a missing summary comes with a note saying why."""
    if not findings:
        return Written([], "No findings were extracted, so there is nothing to summarise.", None)
    by_id = {f.id: f for f in findings}
    series_numbers = _series_numbers(figure_series)
    prompt = render_prompt(
        "write", findings=findings, figure_series=figure_series, contradictions=contradictions
    )
    try:
        draft = await llm.structured(
            stage="write",
            key=summary_key(findings, figure_series),
            prompt=prompt,
            response_model=BriefingSummary,
            context={"findings": by_id, "series_numbers": series_numbers},
            schema_version=WRITE_SCHEMA_VERSION,
            cache_unchecked=True,  # rejected below either way; a rerun stays free
        )
    except LLMConfigError:
        raise
    except (LLMError, BudgetExceededError) as error:
        log.warning("briefing summary unavailable: %s", error)
        return Written(
            [], f"The prose summary is missing: the summary call failed ({error}).", None
        )
    headline_problems = check_headline(draft.headline, by_id)
    if headline_problems:
        log.warning("story headline rejected: %s", "; ".join(headline_problems))
    headline = None if headline_problems else draft.headline.strip()
    problems = check_summary(draft, by_id, series_numbers)
    if problems:
        log.warning("briefing summary rejected: %s", "; ".join(problems))
        note = (
            "The prose summary is missing: the model's summary failed the citation checks "
            f"({problems[0]}). The findings below are complete."
        )
        return Written([], note, headline)
    sentences = [SummarySentence(text=s.text, finding_ids=s.finding_ids) for s in draft.sentences]
    return Written(sentences, None, headline)
