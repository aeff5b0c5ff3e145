"""Extract stage: one article -> a verified `ArticleExtraction`.

The model reads `Article.clean_text` (boilerplate removed) and returns an
`ExtractionDraft`; code then verifies every item against the original
`Article.text` (`verify.verify`).

An article longer than `Settings.max_chunk_chars` is split on paragraph
boundaries and each chunk is one call; the drafts are joined before verifying, so
quotes are still grounded in the whole original text. A chunk whose answer is cut
off at the model's output limit is split in two and asked again (bounded depth).
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
from summarizer.stages.verify import is_grounded, reading_problem, verify

if TYPE_CHECKING:
    from summarizer.llm import StructuredLLM

MAX_SPLIT_DEPTH = 2
STAGE = "extract"


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


def grounding_context(article: Article) -> dict[str, Any]:
    """The validation context of an extraction call: quotes must occur in `article.text`,
    by verify's own matcher, and each amount reading must agree with what verify reads
    in the amount (in the article's language)."""
    return {
        "text": article.text,
        "is_grounded": is_grounded,
        "check_reading": partial(reading_problem, language=article.language),
    }


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


async def _extract_chunk(
    article: Article, chunk: str, key: str, index: int, count: int, llm: StructuredLLM, depth: int
) -> list[ExtractionDraft]:
    try:
        draft = await llm.structured(
            stage=STAGE,
            key=key,
            prompt=_prompt(article, chunk, index, count),
            response_model=ExtractionDraft,
            context=grounding_context(article),
        )
    except OutputTruncatedError:
        halves = _halve(chunk)
        if depth >= MAX_SPLIT_DEPTH or len(halves) < 2:
            raise
        parts = await asyncio.gather(
            *(
                _extract_chunk(article, half, f"{key}.h{i + 1}", index, count, llm, depth + 1)
                for i, half in enumerate(halves)
            )
        )
        return [draft for part in parts for draft in part]
    return [draft]


async def extract_article(
    article: Article, llm: StructuredLLM, *, max_chunk_chars: int
) -> ArticleExtraction:
    """Ask the model for the article's claims, figures and dates, then verify them by code."""
    chunks = _keyed_chunks(article, max_chunk_chars)
    parts = await asyncio.gather(
        *(
            _extract_chunk(article, chunk, key, i, len(chunks), llm, 0)
            for i, (key, chunk) in enumerate(chunks)
        )
    )
    drafts = [draft for part in parts for draft in part]
    joined = ExtractionDraft(
        claims=[c for d in drafts for c in d.claims],
        figures=[f for d in drafts for f in d.figures],
        dates=[x for d in drafts for x in d.dates],
    )
    return verify(article, joined)
