"""Merge on the five German seeds, verified from the recorded extraction fixtures.

Checks the issue's Done-when facts: one troop series holding 002's 3,000 beside the
~11,000 values with dates; the silence-vs-confirmation contradiction between 000
and 001; the treaty signing, ratification and troop numbers merged across seeds;
every citation verbatim in its article.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from summarizer.merge import MergeResult, merge
from summarizer.models import Article, ArticleExtraction, ExtractionDraft, content_id

ROOT = Path(__file__).resolve().parent.parent
Seeds = tuple[dict[str, str], MergeResult, dict[str, str]]
PUBLISHED = {"002": dt.date(2024, 10, 24), "004": dt.date(2024, 12, 5)}


def _drafts() -> list[ExtractionDraft]:
    drafts = []
    for path in sorted((ROOT / "fixtures" / "extract").glob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))
        call = body["response"]["choices"][0]["message"]["tool_calls"][0]
        drafts.append(ExtractionDraft.model_validate_json(call["function"]["arguments"]))
    return drafts


def _seed_extractions() -> tuple[dict[str, str], list[ArticleExtraction], dict[str, str]]:
    from summarizer.verify import verify

    drafts = _drafts()
    names: dict[str, str] = {}
    texts: dict[str, str] = {}
    extractions = []
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        article = Article(
            id=content_id(text),
            title=text.splitlines()[0],
            text=text,
            clean_text=text,
            published=PUBLISHED.get(seed.name[:3]),
        )
        draft = max(drafts, key=lambda d: sum(c.quote in text for c in d.claims))
        extractions.append(verify(article, draft))
        names[article.id] = seed.name[:3]
        texts[article.id] = text
    return names, extractions, texts


@pytest.fixture(scope="module")
def seeds() -> Seeds:
    if len(list((ROOT / "fixtures" / "extract").glob("*.json"))) < 5:
        pytest.skip("extraction fixtures for the seeds are not recorded")
    names, extractions, texts = _seed_extractions()
    return names, merge(extractions), texts


def _sources(result: MergeResult, names: dict[str, str], finding_id: str) -> set[str]:
    finding = next(f for f in result.findings if f.id == finding_id)
    return {names[c.source] for c in finding.citations}


def test_troop_figures_form_one_dated_series(seeds: Seeds) -> None:
    names, result, _ = seeds
    troops = [s for s in result.figure_series if any(e.amount == "3.000" for e in s.entries)]
    assert len(troops) == 1
    entries = {(names[e.citation.source], e.amount): e for e in troops[0].entries}
    for key in [
        ("002", "3.000"),
        ("003", "11.000"),
        ("000", "mindestens 11.000"),
        ("004", "zwischen 10.000 und 12.000"),
        ("004", "mehr als 10.000"),
        ("001", "mehr als 10.000"),
    ]:
        assert key in entries
    assert entries["002", "3.000"].date is not None
    assert entries["002", "3.000"].date.iso == "2024-10-24"
    assert (
        entries["004", "zwischen 10.000 und 12.000"].date == entries["004", "mehr als 10.000"].date
    )
    assert troops[0].classification == "update"
    assert "3,000" in troops[0].explanation and "2024-10-24" in troops[0].explanation


def test_silence_versus_confirmation_is_found(seeds: Seeds) -> None:
    names, result, _ = seeds
    pairs = [
        {frozenset(_sources(result, names, i)) for i in x.finding_ids}
        for x in result.contradictions
    ]
    assert {frozenset({"000"}), frozenset({"001"})} in pairs
    assert len(result.contradictions) <= 3


def test_facts_merge_across_seeds(seeds: Seeds) -> None:
    names, result, _ = seeds
    by_sources = [
        ({names[c.source] for c in f.citations}, f.statement.casefold()) for f in result.findings
    ]
    assert any({"000", "002", "004"} <= s and "june" in t for s, t in by_sources)  # signing
    assert any({"000", "003"} <= s and "decree" in t for s, t in by_sources)  # ratification
    assert any({"001", "004"} <= s and "10,000" in t for s, t in by_sources)  # troop numbers


def test_every_citation_is_verbatim_and_sources_are_independent(seeds: Seeds) -> None:
    _, result, texts = seeds
    assert len(set(result.source_groups.values())) == 5
    for finding in result.findings:
        assert finding.independent_sources == len({c.source for c in finding.citations})
        for citation in finding.citations:
            assert citation.quote in texts[citation.source]
            if citation.start is not None and citation.end is not None:
                assert texts[citation.source][citation.start : citation.end] == citation.quote
