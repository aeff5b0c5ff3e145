"""Merge on synthetic extractions: clustering, vetoes, corroboration, ids, citations."""

from __future__ import annotations

import datetime as dt

from merge_factory import claim, day, event, extraction, figure, quantity

from summarizer.core.items import Certainty
from summarizer.stages.merge.flow import merge

SIGNING = "North Korea and Russia signed a mutual defence treaty in Pyongyang on 19 June."


def test_equivalent_claims_from_two_sources_become_one_cited_finding() -> None:
    result = merge(
        [
            extraction("a", claim("a", 1, SIGNING)),
            extraction(
                "b",
                claim(
                    "b",
                    1,
                    "In Pyongyang, North Korea and Russia signed a "
                    "mutual defence treaty on 19 June.",
                ),
            ),
        ]
    )
    assert len(result.findings) == 1
    finding = result.findings[0]
    assert finding.id == "F1"
    assert [c.source for c in finding.citations] == ["a", "b"]
    assert finding.independent_sources == 2
    assert finding.merge_reason is not None
    assert "statement similarity" in finding.merge_reason
    assert "shared entities North Korea, Russia" in finding.merge_reason


def test_different_numbers_are_never_one_fact() -> None:
    result = merge(
        [
            extraction("a", claim("a", 1, "North Korea sent 11,000 soldiers to Russia.")),
            extraction("b", claim("b", 1, "North Korea sent 3,000 soldiers to Russia.")),
        ]
    )
    assert len(result.findings) == 2


def test_different_resolved_dates_are_never_one_event() -> None:
    result = merge(
        [
            extraction("a", event("a", 1, "Russia ratified the treaty.", day("2024-11-06"))),
            extraction("b", event("b", 1, "Russia ratified the treaty.", day("2024-11-09"))),
        ]
    )
    assert len(result.findings) == 2


def test_opposite_polarity_is_never_one_fact() -> None:
    result = merge(
        [
            extraction("a", claim("a", 1, "North Korea confirmed that it sent troops to Russia.")),
            extraction(
                "b",
                claim(
                    "b",
                    1,
                    "North Korea denied that it sent troops to Russia.",
                    certainty=Certainty.DENIED,
                ),
            ),
        ]
    )
    assert len(result.findings) == 2


def test_disjoint_entities_are_never_one_fact() -> None:
    result = merge(
        [
            extraction(
                "a", claim("a", 1, "The president visited the capital.", entities=["France"])
            ),
            extraction(
                "b", claim("b", 1, "The president visited the capital.", entities=["Brazil"])
            ),
        ]
    )
    assert len(result.findings) == 2


def test_findings_are_ordered_by_independent_sources_then_first_appearance() -> None:
    lone = claim("a", 1, "Kim Jong Un described the pact as an alliance.")
    shared_a = claim("a", 2, SIGNING)
    shared_b = claim("b", 1, SIGNING)
    result = merge([extraction("a", lone, shared_a), extraction("b", shared_b)])
    assert [(f.id, f.independent_sources) for f in result.findings] == [("F1", 2), ("F2", 1)]
    assert result.findings[1].citations[0].item == "a:c1"


def test_near_duplicate_articles_count_once() -> None:
    wire = "Nach Angaben Südkoreas hat Nordkorea rund elftausend Soldaten nach Russland verlegt"
    items = [
        claim(
            source, 1, SIGNING, quote=f"{wire}, hieß es am Montag in Seoul aus Regierungskreisen."
        )
        for source in ("a", "b")
    ]
    result = merge([extraction("a", items[0]), extraction("b", items[1])])
    assert result.source_groups == {"a": "a", "b": "a"}
    assert result.findings[0].independent_sources == 1
    assert len(result.findings[0].citations) == 2


def test_citation_carries_grounded_text_span_speaker_and_certainty() -> None:
    item = claim("a", 1, SIGNING, speaker="KCNA", certainty=Certainty.REPORTED)
    citation = merge([extraction("a", item)]).findings[0].citations[0]
    assert citation.quote == item.grounding.matched
    assert (citation.start, citation.end) == (item.grounding.start, item.grounding.end)
    assert citation.speaker == "KCNA"
    assert citation.certainty is Certainty.REPORTED


def test_certainty_is_confirmed_only_when_every_source_confirms() -> None:
    result = merge(
        [
            extraction("a", claim("a", 1, SIGNING, certainty=Certainty.CONFIRMED)),
            extraction("b", claim("b", 1, SIGNING, certainty=Certainty.ALLEGED)),
            extraction("c", claim("c", 1, SIGNING, certainty=Certainty.REPORTED)),
        ]
    )
    assert result.findings[0].certainty is Certainty.ALLEGED  # tie -> the more cautious


def test_statement_comes_from_the_earliest_dated_source() -> None:
    late = claim("a", 1, SIGNING)
    early = claim(
        "b", 1, "In Pyongyang, North Korea and Russia signed a mutual defence treaty on 19 June."
    )
    result = merge(
        [
            extraction("a", late, published=dt.date(2024, 12, 5)),
            extraction("b", early, published=dt.date(2024, 10, 24)),
        ]
    )
    assert result.findings[0].statement == early.statement


def test_claim_restating_a_figure_merges_into_the_figure_finding() -> None:
    statement = "North Korea sent 11,000 soldiers to Russia."
    result = merge(
        [
            extraction(
                "a",
                claim("a", 1, statement),
                figure("a", 1, "11.000", quantity("exact", 11000), statement=statement),
            )
        ]
    )
    assert [f.kind for f in result.findings] == ["figure"]
    assert len(result.findings[0].citations) == 2


def test_merge_is_deterministic() -> None:
    extractions = [
        extraction("a", claim("a", 1, SIGNING), claim("a", 2, "Kim praised the treaty.")),
        extraction("b", claim("b", 1, SIGNING)),
    ]
    assert merge(extractions) == merge(list(extractions))


def test_empty_input_gives_empty_result() -> None:
    result = merge([])
    assert (result.findings, result.figure_series, result.timeline) == ([], [], [])
