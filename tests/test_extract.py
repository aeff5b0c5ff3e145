"""The extract stage: chunking on paragraph boundaries, split on truncation, verify after."""

from __future__ import annotations

import asyncio

from fake_llm import FakeLLM

from summarizer.core.articles import Article, content_id
from summarizer.errors import OutputTruncatedError
from summarizer.stages.extract import extract_article, split_paragraphs
from summarizer.stages.verify import is_grounded

PARAGRAPHS = [f"Absatz {n}: Nordkorea hat {n}.000 Soldaten entsandt." for n in range(1, 7)]
TEXT = "\n".join(PARAGRAPHS)


def article(text: str = TEXT) -> Article:
    return Article(id=content_id(text), title="T", text=text, clean_text=text, language="de")


def claim(quote: str) -> dict[str, object]:
    return {"statement": "North Korea sent soldiers.", "quote": quote, "certainty": "confirmed"}


def test_split_keeps_paragraphs_whole_and_in_order() -> None:
    chunks = split_paragraphs(TEXT, max_chars=120)
    assert len(chunks) > 1
    assert "\n".join(chunks) == TEXT
    assert all(len(c) <= 120 for c in chunks)


def test_short_article_is_one_call_keyed_by_article_id() -> None:
    llm = FakeLLM()
    llm.enqueue("extract", {"claims": [claim(PARAGRAPHS[0])]})
    result = asyncio.run(extract_article(article(), llm, max_chunk_chars=10_000))
    assert [h["key"] for h in llm.history] == [article().id]
    context = llm.history[0]["context"]
    assert (context["text"], context["is_grounded"], context["require_items"]) == (
        TEXT,
        is_grounded,
        True,
    )
    assert callable(context["check_statement"])
    assert context["check_reading"].keywords == {"language": article().language}
    assert [c.quote for c in result.claims] == [PARAGRAPHS[0]]


def test_long_article_chunks_are_joined_and_grounded_in_the_whole_text() -> None:
    llm = FakeLLM()
    chunks = split_paragraphs(TEXT, max_chars=120)
    for chunk in chunks:
        llm.enqueue("extract", {"claims": [claim(chunk.split("\n")[-1])]})
    result = asyncio.run(extract_article(article(), llm, max_chunk_chars=120))
    assert len(llm.history) == len(chunks)
    assert llm.history[0]["key"] == f"{article().id}.1of{len(chunks)}"
    for item in result.claims:
        assert item.grounding.start is not None
        assert TEXT[item.grounding.start : item.grounding.end] == item.quote


def test_truncated_answer_splits_the_chunk_in_two() -> None:
    llm = FakeLLM()
    llm.enqueue("extract", OutputTruncatedError("finish_reason=length"))
    llm.enqueue("extract", {"claims": [claim(PARAGRAPHS[0])]})
    llm.enqueue("extract", {"claims": [claim(PARAGRAPHS[5])]})
    result = asyncio.run(extract_article(article(), llm, max_chunk_chars=10_000))
    keys = [h["key"] for h in llm.history]
    assert keys[1:] == [f"{article().id}.h1", f"{article().id}.h2"]
    assert [c.quote for c in result.claims] == [PARAGRAPHS[0], PARAGRAPHS[5]]
