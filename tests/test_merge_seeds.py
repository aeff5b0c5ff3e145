"""Merge on the five German seeds, from their recorded extraction answers (written blind).

The answers were written independently per article, so nothing here names an item id or
a label: each check finds what it needs by its content (a source, an amount, a word of
the statement) and asserts what an analyst needs from the briefing: one troop series
holding 002's 3,000 (dated) beside the ~11,000 values; the silence-vs-confirmation
contradiction; facts merged across seeds; proposals merged unless code must veto them;
no event twice in the timeline; explanations without raw ids; every citation verbatim.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from summarizer.core.articles import Article, content_id
from summarizer.core.items import ArticleExtraction, ExtractionDraft, Figure
from summarizer.stages.merge.flow import MergeResult, merge

ROOT = Path(__file__).resolve().parent.parent
Seeds = tuple[dict[str, str], MergeResult, dict[str, str]]
PUBLISHED = {"002": dt.date(2024, 10, 24), "004": dt.date(2024, 12, 5)}
RAW_ID = re.compile(r"\b[0-9a-f]{16}\b|\bF\d+\b")


def _drafts() -> list[ExtractionDraft]:
    drafts = []
    for path in sorted((ROOT / "fixtures" / "extract").glob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))
        call = body["response"]["choices"][0]["message"]["tool_calls"][0]
        drafts.append(ExtractionDraft.model_validate_json(call["function"]["arguments"]))
    return drafts


def _seed_extractions() -> tuple[dict[str, str], list[ArticleExtraction], dict[str, str]]:
    from summarizer.stages.verify.flow import verify

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
def extracted() -> tuple[dict[str, str], list[ArticleExtraction], dict[str, str]]:
    return _seed_extractions()


@pytest.fixture(scope="module")
def seeds(extracted: tuple[dict[str, str], list[ArticleExtraction], dict[str, str]]) -> Seeds:
    names, extractions, texts = extracted
    return names, merge(extractions), texts


def _sources(result: MergeResult, names: dict[str, str], finding_id: str) -> set[str]:
    finding = next(f for f in result.findings if f.id == finding_id)
    return {names[c.source] for c in finding.citations}


def _troops(result: MergeResult, names: dict[str, str]) -> list:  # type: ignore[type-arg]
    return [
        s
        for s in result.figure_series
        if any(names[e.citation.source] == "002" and e.amount == "3.000" for e in s.entries)
    ]


def test_troop_figures_form_one_dated_series(seeds: Seeds) -> None:
    names, result, _ = seeds
    (troops,) = _troops(result, names)
    three = next(e for e in troops.entries if e.amount == "3.000")
    assert three.date is not None and three.date.iso == "2024-10-24"
    large = [
        e
        for e in troops.entries
        if e.quantity is not None and (e.quantity.value or e.quantity.low or 0) >= 10_000
    ]
    assert len({names[e.citation.source] for e in large}) >= 3  # about 11,000, several seeds
    assert any(e.date is not None and e.date.iso == "2024-12-05" for e in large)
    assert troops.classification == "update"
    assert "3,000" in troops.explanation and "2024-10-24" in troops.explanation


def test_silence_versus_confirmation_is_found(seeds: Seeds) -> None:
    names, result, _ = seeds
    pairs = [
        tuple(frozenset(_sources(result, names, i)) for i in x.finding_ids)
        for x in result.contradictions
    ]
    assert (frozenset({"000"}), frozenset({"001"})) in pairs
    silence = next(
        x
        for x, pair in zip(result.contradictions, pairs, strict=True)
        if pair == (frozenset({"000"}), frozenset({"001"}))
    )
    assert "silence" in silence.explanation and "confirmation" in silence.explanation


def test_facts_merge_across_seeds(seeds: Seeds) -> None:
    names, result, _ = seeds
    across = [f for f in result.findings if len({names[c.source] for c in f.citations}) >= 2]
    assert len(across) >= 3
    assert any(len(_sources(result, names, f.id)) >= 3 for f in result.findings)


def test_findings_with_different_speakers_do_not_put_one_speaker_on_all(seeds: Seeds) -> None:
    _, result, _ = seeds
    for finding in result.findings:
        speakers = {c.speaker for c in finding.citations}
        if len(speakers) > 1 and None in speakers:
            assert not finding.statement.startswith("According to"), finding.statement


def test_every_citation_is_verbatim_and_sources_are_independent(seeds: Seeds) -> None:
    _, result, texts = seeds
    assert len(set(result.source_groups.values())) == 5
    assert result.copies == []
    assert len(result.stories) == 1 and len(result.stories[0].source_ids) == 5
    for finding in result.findings:
        assert finding.independent_sources == len({c.source for c in finding.citations})
        for citation in finding.citations:
            assert citation.quote in texts[citation.source]
            if citation.start is not None and citation.end is not None:
                assert texts[citation.source][citation.start : citation.end] == citation.quote


def _figure_items(extractions: list[ArticleExtraction]) -> list[Figure]:
    return [f for x in extractions for f in x.figures if f.quantity is not None]


def test_a_proposal_joins_paraphrases_and_code_vetoes_different_numbers(
    extracted: tuple[dict[str, str], list[ArticleExtraction], dict[str, str]],
) -> None:
    _, extractions, _ = extracted
    figures = _figure_items(extractions)
    three = next(f for f in figures if f.amount == "3.000")
    other = next(f for f in figures if f.quantity and (f.quantity.value or 0) >= 10_000)
    june = [
        item
        for x in extractions
        for item in x.claims
        if "june" in item.statement.casefold() and "sign" in item.statement.casefold()
    ]
    assert len({item.source_id for item in june}) >= 2
    proposals = [
        ([i.id for i in june], "the June signing"),
        ([three.id, other.id], "troop numbers (different values: code must veto)"),
    ]
    result = merge(extractions, same_facts=proposals)

    def finding_of(item_id: str) -> str:
        (found,) = [f.id for f in result.findings if any(c.item == item_id for c in f.citations)]
        return found

    assert finding_of(three.id) != finding_of(other.id)
    assert len(result.findings) <= len(merge(extractions).findings)


def test_timeline_has_each_event_once(seeds: Seeds) -> None:
    _, result, _ = seeds
    dated = [(t.date.iso, t.finding_id) for t in result.timeline]
    assert len(dated) == len(set(dated))
    assert len({t.finding_id for t in result.timeline}) == len(result.timeline)


def test_explanations_are_readable_without_ids(seeds: Seeds) -> None:
    names, result, _ = seeds
    texts = [s.explanation for s in result.figure_series]
    texts += [x.explanation for x in result.contradictions]
    assert texts
    for text in texts:
        assert not RAW_ID.search(text), text
    (troops,) = _troops(result, names)
    assert troops.explanation.startswith("Values rose over time: 3,000 on 2024-10-24;")
