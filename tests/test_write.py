"""The write stage: code checks every summary sentence; a bad answer never loses a briefing."""

from __future__ import annotations

import asyncio

import pytest
from fake_llm import FakeLLM
from pydantic import ValidationError

from summarizer.core.briefing import Citation, Finding, SentenceDraft, SummaryDraft
from summarizer.core.items import Certainty
from summarizer.errors import LLMError
from summarizer.stages.write import BriefingSummary, check_summary, numbers_in, write_summary


def finding(fid: str, statement: str, certainty: Certainty = Certainty.CONFIRMED) -> Finding:
    return Finding(
        id=fid,
        kind="claim",
        statement=statement,
        certainty=certainty,
        citations=[Citation(source="a" * 16, quote="Zitat.", item=f"{'a' * 16}:c1")],
        independent_sources=1,
    )


FINDINGS = {
    "F1": finding("F1", "North Korea has sent at least 11,000 soldiers to Russia."),
    "F2": finding(
        "F2",
        "North Korean troops are allegedly under the 11th Airborne Brigade.",
        Certainty.ALLEGED,
    ),
}


def summary(*sentences: tuple[str, list[str]]) -> SummaryDraft:
    return SummaryDraft(
        headline="North Korean soldiers in Russia",
        sentences=[SentenceDraft(text=t, finding_ids=i) for t, i in sentences],
    )


def test_numbers_in_reads_english_grouping_and_scales() -> None:
    assert numbers_in("at least 11,000 soldiers and 5.2 billion euros in 2024") == {
        11000.0,
        5.2e9,
        2024.0,
    }


def test_a_good_summary_passes() -> None:
    good = summary(
        ("North Korea has sent at least 11,000 soldiers to Russia.", ["F1"]),
        ("The troops reportedly serve under the 11th Airborne Brigade.", ["F2"]),
    )
    assert check_summary(good, FINDINGS) == []


@pytest.mark.parametrize(
    ("text", "ids", "problem"),
    [
        ("North Korea sent troops.", [], "cites no finding"),
        ("North Korea sent troops.", ["F9"], "unknown finding ids ['F9']"),
        ("North Korea sent 12,000 soldiers.", ["F1"], "numbers not in its cited findings: 12000"),
        ("The troops serve under the 11th Airborne Brigade.", ["F2"], "drops the hedge of F2"),
    ],
)
def test_each_rule_rejects_its_violation(text: str, ids: list[str], problem: str) -> None:
    problems = check_summary(summary((text, ids)), FINDINGS)
    assert len(problems) == 1
    assert problem in problems[0]


def test_validator_feeds_problems_back_only_with_context() -> None:
    bad = {
        "headline": "North Korea",
        "sentences": [{"text": "North Korea sent 99 soldiers.", "finding_ids": ["F1"]}],
    }
    assert BriefingSummary.model_validate(bad).sentences[0].text.startswith("North Korea")
    with pytest.raises(ValidationError, match="numbers not in its cited findings: 99"):
        BriefingSummary.model_validate(bad, context={"findings": FINDINGS})


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


def test_write_summary_returns_checked_sentences() -> None:
    llm = FakeLLM()
    llm.enqueue(
        "write",
        {
            "headline": "North Korea sends 11,000 soldiers",
            "sentences": [
                {"text": "North Korea has sent at least 11,000 soldiers.", "finding_ids": ["F1"]}
            ],
        },
    )
    sentences, note, headline = run(write_summary(list(FINDINGS.values()), [], [], llm))
    assert headline == "North Korea sends 11,000 soldiers"
    assert note is None
    assert [s.finding_ids for s in sentences] == [["F1"]]
    assert llm.history[0]["stage"] == "write"
    assert set(llm.history[0]["context"]["findings"]) == {"F1", "F2"}


def test_a_failing_answer_falls_back_to_findings_with_a_note() -> None:
    llm = FakeLLM()
    llm.enqueue(
        "write",
        {
            "headline": "Soldiers",
            "sentences": [{"text": "Russia sent 7 ships.", "finding_ids": ["F1"]}],
        },
    )
    sentences, note, _ = run(write_summary(list(FINDINGS.values()), [], [], llm))
    assert sentences == []
    assert note is not None and "failed the citation checks" in note


def test_a_failed_call_falls_back_with_a_note() -> None:
    llm = FakeLLM()
    llm.enqueue("write", LLMError("server kept answering 503"))
    sentences, note, _ = run(write_summary(list(FINDINGS.values()), [], [], llm))
    assert sentences == []
    assert note is not None and "503" in note


def test_a_headline_that_names_or_numbers_what_the_findings_do_not_is_dropped_alone() -> None:
    """The headline cites nothing, so its names and numbers are checked against every
    finding; a bad one leaves code's title and costs the sentences nothing."""
    good = "North Korea has sent at least 11,000 soldiers."
    for headline in ("China sends 11,000 soldiers", "North Korea sends 12,000 soldiers", ""):
        llm = FakeLLM()
        llm.enqueue(
            "write", {"headline": headline, "sentences": [{"text": good, "finding_ids": ["F1"]}]}
        )
        sentences, note, written = run(write_summary(list(FINDINGS.values()), [], [], llm))
        assert written is None, headline
        assert note is None and [s.text for s in sentences] == [good]


def test_a_bad_headline_is_a_validation_error_so_the_model_is_re_asked() -> None:
    answer = {
        "headline": "Moscow denies everything said in " + "many words " * 8,
        "sentences": [
            {"text": "North Korea has sent at least 11,000 soldiers.", "finding_ids": ["F1"]}
        ],
    }
    with pytest.raises(ValidationError, match="headline") as raised:
        BriefingSummary.model_validate(answer, context={"findings": FINDINGS})
    assert "Moscow" in str(raised.value) and "more than 14 words" in str(raised.value)
