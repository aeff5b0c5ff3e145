"""Same-fact adjudication: the model proposes groups by alias; code maps and checks them."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from fake_llm import FakeLLM
from pydantic import ValidationError

from summarizer.core.articles import Article, content_id
from summarizer.core.items import ExtractionDraft
from summarizer.errors import FixtureMissingError
from summarizer.stages.merge import same_facts
from summarizer.stages.merge.same_facts import (
    SameFactBatches,
    SameFacts,
    batch_key,
    propose_same_facts,
)
from summarizer.stages.verify.flow import verify

TEXTS = [
    "Russland hat den Vertrag ratifiziert. Das Parlament stimmte am Mittwoch zu.",
    "Die Duma billigte das Abkommen. Nordkorea schickte Soldaten.",
]


def extraction(text: str, published: dt.date | None = None):  # type: ignore[no-untyped-def]
    article = Article(
        id=content_id(text),
        title="T",
        text=text,
        clean_text=text,
        language="de",
        published=published,
    )
    sentences = [s.strip() + "." for s in text.split(".") if s.strip()]
    draft = ExtractionDraft.model_validate(
        {
            "claims": [
                {"statement": f"Statement {s}", "quote": s, "certainty": "confirmed"}
                for s in sentences
            ]
        }
    )
    return verify(article, draft)


EXTRACTIONS = [extraction(TEXTS[0]), extraction(TEXTS[1], dt.date(2024, 10, 24))]
IDS = [item.id for x in EXTRACTIONS for item in x.items()]


def test_groups_come_back_as_item_ids_with_reasons() -> None:
    llm = FakeLLM()
    llm.enqueue("same_facts", {"groups": [{"items": ["I1", "I3", "I1"], "reason": "ratified"}]})
    proposals = asyncio.run(propose_same_facts(EXTRACTIONS, llm))
    assert proposals == [([IDS[0], IDS[2]], "ratified")]
    call = llm.history[0]
    assert call["context"] == {"aliases": {f"I{n}": i for n, i in enumerate(IDS, start=1)}}
    # each item shows when its article was published, so the model can tell apart
    # events an earlier article cannot have reported
    assert "I1 [source 1, undated]: Statement Russland hat" in call["prompt"].user
    assert (
        "I4 [source 2, published 2024-10-24]: Statement Nordkorea schickte Soldaten."
        in call["prompt"].user
    )
    assert call["key"] == batch_key(IDS, [i.statement for x in EXTRACTIONS for i in x.items()])


def test_unknown_aliases_are_a_validation_error_so_the_model_is_re_asked() -> None:
    answer = {"groups": [{"items": ["I1", "I99"], "reason": "x"}]}
    assert SameFacts.model_validate(answer).groups[0].items == ["I1", "I99"]
    with pytest.raises(ValidationError, match="unknown item aliases"):
        SameFacts.model_validate(answer, context={"aliases": {"I1": "a"}})


def test_a_failed_call_means_code_only_merging(caplog: pytest.LogCaptureFixture) -> None:
    llm = FakeLLM()
    llm.enqueue("same_facts", FixtureMissingError("no recorded answer for same_facts/x"))
    assert asyncio.run(propose_same_facts(EXTRACTIONS, llm)) == []  # type: ignore[arg-type]
    assert "merging by code only" in caplog.text


def test_the_key_ignores_prompt_wording_but_not_the_items() -> None:
    statements = ["a", "b"]
    assert batch_key(["x", "y"], statements) == batch_key(["x", "y"], list(statements))
    assert batch_key(["x", "y"], statements) != batch_key(["x", "z"], statements)


def test_batches_asked_as_they_fill_are_the_batches_of_the_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(same_facts, "BATCH_SIZE", 3)  # 2 + 2 + 2 + 2 items: batches 3, 3, 2
    pile = [*EXTRACTIONS, extraction("Erster Satz. Zweiter Satz."), extraction("Drei. Vier.")]

    async def streamed() -> tuple[list[int], list[str]]:
        llm = FakeLLM()
        for _ in range(3):
            llm.enqueue("same_facts", {"groups": []})
        batches = SameFactBatches(llm, early=True)
        asked = []
        for x in pile:
            batches.add(x)
            await asyncio.sleep(0)  # let a batch just asked reach the model
            asked.append(len(llm.history))
        await batches.proposals()
        return asked, [call["key"] for call in llm.history]

    async def whole() -> list[str]:
        llm = FakeLLM()
        for _ in range(3):
            llm.enqueue("same_facts", {"groups": []})
        await propose_same_facts(pile, llm)
        return [call["key"] for call in llm.history]

    asked, keys = asyncio.run(streamed())
    assert asked == [0, 1, 2, 2]  # each full batch went as soon as its items were in
    assert keys == asyncio.run(whole())
