"""Extract stage: one article -> a verified `ArticleExtraction`.

The model reads `Article.clean_text` (boilerplate removed) and returns an
`ExtractionDraft`; code then verifies every item against the original
`Article.text` (`verify.verify`).

An article longer than `Settings.max_chunk_chars` is split on paragraph
boundaries and each chunk is one call; the drafts are joined before verifying, so
quotes are still grounded in the whole original text. A chunk whose answer is cut
off at the model's output limit is split in two and asked again (bounded depth).

**Rejected answers.** The validation context (`grounding_context`) carries verify's
own checks, so the model is re-asked, with the reasons, for quotes verify would not
find, statements that disagree with their quotes, and (for an article asked in one
call) an answer with no item at all. An answer whose re-asks ran out is kept by the
LLM layer unchecked, and cached all the same (`cache_unchecked`): verify judges it
item by item on every run, exactly as on the first, so the briefing a rerun gives is
the one the first run gave, and a warm rerun makes no call. After verification, an
article that has no item left, or lost more than half of its items
(`MAX_DROPPED_SHARE`), is marked `rejected` (the pipeline lists it among the
failures) and its answers are removed from the answer cache, so a rerun asks again
instead of reusing them.

**Warm runs.** Verification is a pure function of the article and the answer, so
with a result cache (`summarizer.store.ResultCache`, live runs) its output is kept
under a key of both and of the code's version; a rerun with every answer cached
verifies nothing again. Verification runs in a worker thread: it is CPU only, and the
event loop meanwhile reads other answers and sends the next requests.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from summarizer.core.articles import Article
from summarizer.core.items import ArticleExtraction, ExtractionDraft
from summarizer.errors import OutputTruncatedError
from summarizer.llm.prompts import Prompt, render_prompt
from summarizer.stages.verify import (
    StatementCheck,
    is_grounded,
    reading_problem,
    statement_check,
    verify,
)
from summarizer.store import ResultCache, computed

if TYPE_CHECKING:
    from summarizer.llm import StructuredLLM

MAX_SPLIT_DEPTH = 2
STAGE = "extract"
MAX_DROPPED_SHARE = 0.5
"""An answer that loses more than this share of its items to verification is rejected."""


@dataclass(frozen=True)
class ExtractionCall:
    """One extraction call for a chunk: its key (fixtures, batches) and its prompt."""

    key: str
    prompt: Prompt


def split_paragraphs(text: str, max_chars: int) -> list[str]:
    """Pack paragraphs into chunks of at most `max_chars` (a longer paragraph stands alone)."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for paragraph in paragraphs:
        if current and size + len(paragraph) + 1 > max_chars:
            chunks.append("\n".join(current))
            current, size = [], 0
        current.append(paragraph)
        size += len(paragraph) + 1
    if current:
        chunks.append("\n".join(current))
    return chunks or [text]


def _halve(chunk: str) -> list[str]:
    paragraphs = chunk.split("\n")
    if len(paragraphs) < 2:
        return [chunk]
    middle = len(paragraphs) // 2
    return ["\n".join(paragraphs[:middle]), "\n".join(paragraphs[middle:])]


def _prompt(article: Article, chunk: str, index: int, count: int) -> Prompt:
    return render_prompt(
        "extract", article=article, text=chunk, chunk_index=index, chunk_count=count
    )


def grounding_context(
    article: Article, *, require_items: bool = True, check: StatementCheck | None = None
) -> dict[str, Any]:
    """The validation context of an extraction call: quotes must occur in `article.text`,
    by verify's own matcher; each amount reading must agree with what verify reads in
    the amount (in the article's language); statements must pass verify's statement
    check (`check`, or the article's own); and, with `require_items` (an article asked
    in one call), the answer must not be empty."""
    return {
        "text": article.text,
        "is_grounded": is_grounded,
        "check_reading": partial(reading_problem, language=article.language),
        "check_statement": check or statement_check(article),
        "require_items": require_items,
    }


def rejection(extraction: ArticleExtraction) -> str | None:
    """Why an article's verified answer is not good enough to keep, or None."""
    kept, dropped = len(extraction.items()), len(extraction.dropped)
    if not kept and not dropped:
        return "the model's answer has no claims, figures or dates"
    if not kept or dropped > MAX_DROPPED_SHARE * (kept + dropped):
        reasons = sorted({d.reason.split(":")[0].split(" (")[0] for d in extraction.dropped})
        return (
            f"verification dropped {dropped} of the answer's {kept + dropped} items "
            f"({'; '.join(reasons)})"
        )
    return None


def _keyed_chunks(article: Article, max_chunk_chars: int) -> list[tuple[str, str]]:
    """(key, chunk) for each chunk of the article: its id, or `<id>.<n>of<count>`."""
    chunks = split_paragraphs(article.clean_text, max_chunk_chars)
    count = len(chunks)
    return [
        (article.id if count == 1 else f"{article.id}.{i + 1}of{count}", chunk)
        for i, chunk in enumerate(chunks)
    ]


def extraction_calls(article: Article, *, max_chunk_chars: int) -> list[ExtractionCall]:
    """The calls `extract_article` makes for `article` before any split: one per chunk."""
    chunks = _keyed_chunks(article, max_chunk_chars)
    return [
        ExtractionCall(key=key, prompt=_prompt(article, chunk, i, len(chunks)))
        for i, (key, chunk) in enumerate(chunks)
    ]


Answer = tuple[Prompt, ExtractionDraft]


@dataclass(frozen=True)
class _Chunk:
    """One call's part of the article: its text, key, place and split depth."""

    text: str
    key: str
    index: int
    count: int
    depth: int = 0


async def _extract_chunk(
    article: Article, chunk: _Chunk, llm: StructuredLLM, check: StatementCheck
) -> list[Answer]:
    prompt = _prompt(article, chunk.text, chunk.index, chunk.count)
    whole = chunk.count == 1 and chunk.depth == 0
    try:
        draft = await llm.structured(
            stage=STAGE,
            key=chunk.key,
            prompt=prompt,
            response_model=ExtractionDraft,
            context=grounding_context(article, require_items=whole, check=check),
            cache_unchecked=True,  # verify judges it; `extract_article` discards a rejected one
        )
    except OutputTruncatedError:
        halves = _halve(chunk.text)
        if chunk.depth >= MAX_SPLIT_DEPTH or len(halves) < 2:
            raise
        parts = await asyncio.gather(
            *(
                _extract_chunk(
                    article,
                    _Chunk(
                        half, f"{chunk.key}.h{i + 1}", chunk.index, chunk.count, chunk.depth + 1
                    ),
                    llm,
                    check,
                )
                for i, half in enumerate(halves)
            )
        )
        return [answer for part in parts for answer in part]
    return [(prompt, draft)]


async def extract_article(
    article: Article,
    llm: StructuredLLM,
    *,
    max_chunk_chars: int,
    results: ResultCache | None = None,
) -> ArticleExtraction:
    """Ask the model for the article's claims, figures and dates, then verify them by code
    (or take the verified result from `results`, see module doc).

    A rejected answer (see module doc) is returned with `rejected` set, and dropped
    from the answer cache."""
    chunks = _keyed_chunks(article, max_chunk_chars)
    check = statement_check(article)
    parts = await asyncio.gather(
        *(
            _extract_chunk(article, _Chunk(text, key, i, len(chunks)), llm, check)
            for i, (key, text) in enumerate(chunks)
        )
    )
    answers = [answer for part in parts for answer in part]
    drafts = [draft for _, draft in answers]
    joined = ExtractionDraft(
        claims=[c for d in drafts for c in d.claims],
        figures=[f for d in drafts for f in d.figures],
        dates=[x for d in drafts for x in d.dates],
    )
    extraction = await asyncio.to_thread(
        computed,
        results,
        ArticleExtraction,
        "verify",
        lambda: (article.model_dump_json(), joined.model_dump_json()),
        lambda: verify(article, joined, check),
    )
    reason = rejection(extraction)
    if reason is None:
        return extraction
    for prompt, _ in answers:
        llm.discard(stage=STAGE, prompt=prompt, response_model=ExtractionDraft)
    return extraction.model_copy(update={"rejected": reason})
