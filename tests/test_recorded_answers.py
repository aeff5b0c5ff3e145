"""The test server's recorded answers (`--answers DIR`), as bench_peer uses them."""

from __future__ import annotations

import json
from pathlib import Path

from openai_server import completion, summary_answer
from recorded_answers import RecordedAnswers

from summarizer.core.articles import content_id

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = ROOT / "fixtures" / "extract"


def corpus_texts() -> list[str]:
    return [
        json.loads(line)["text"]
        for path in sorted((ROOT / "corpus" / "articles").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def recorded(key: str) -> dict[str, object]:
    data = json.loads((ANSWERS / f"{key}.json").read_text(encoding="utf-8"))
    arguments = data["response"]["choices"][0]["message"]["tool_calls"][0]["function"]
    return dict(json.loads(arguments["arguments"]))


def extraction_request(text: str) -> dict[str, object]:
    tool = {"type": "function", "function": {"name": "ExtractionDraft", "parameters": {}}}
    user = f"Article id: x\n<article>\n{text}\n</article>"
    return {"model": "m", "messages": [{"role": "user", "content": user}], "tools": [tool]}


def test_every_corpus_article_and_its_copy_get_their_own_recorded_answer() -> None:
    answers = RecordedAnswers.from_dir(ANSWERS)
    texts = corpus_texts()
    assert len(answers) == len(list(ANSWERS.glob("*.json"))) and len(texts) == 36
    for text in texts:
        expected = recorded(content_id(text))
        assert answers.lookup(text) == expected
        assert answers.lookup(f"{text}\n(Copy 2.)") == expected


def test_an_article_without_a_recorded_answer_gets_none() -> None:
    answers = RecordedAnswers.from_dir(ANSWERS)
    assert answers.lookup("Ein Artikel, den niemand aufgezeichnet hat.") is None


def test_the_server_answers_recorded_articles_from_the_recording_and_others_generically() -> None:
    answers = RecordedAnswers.from_dir(ANSWERS)
    text = corpus_texts()[0]
    body = completion(extraction_request(f"{text}\n(Copy 1.)"), recorded=answers)
    arguments = body["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
    assert json.loads(arguments) == recorded(content_id(text))
    other = completion(extraction_request("Eins. Zwei drei."), recorded=answers)
    generic = json.loads(other["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"])
    assert [c["quote"] for c in generic["claims"]] == ["Eins.", "Zwei drei."]


def test_a_served_answer_is_a_copy_the_caller_may_change() -> None:
    answers = RecordedAnswers.from_dir(ANSWERS)
    text = corpus_texts()[0]
    first = answers.lookup(text)
    assert first is not None
    first["claims"].clear()
    assert answers.lookup(text) == recorded(content_id(text))


def test_a_summary_request_gets_one_sentence_citing_its_first_confirmed_finding() -> None:
    user = (
        "Findings:\n- s1:f2 [reported; 1 source]: The army reportedly sent 3,000 troops.\n"
        "- s2:c1 [confirmed; 2 sources; 2024-10-24]: The ministry confirmed the deployment."
    )
    request = {"messages": [{"role": "user", "content": user}]}
    assert summary_answer(request) == {
        "headline": "The ministry confirmed the deployment",
        "sentences": [{"text": "The ministry confirmed the deployment.", "finding_ids": ["s2:c1"]}],
    }
    hedged = {"messages": [{"role": "user", "content": user.split("\n- s2")[0]}]}
    answer = summary_answer(hedged)
    assert answer is not None
    assert answer["sentences"][0]["text"].startswith("Reportedly, The army")
    assert summary_answer({"messages": [{"role": "user", "content": "no findings"}]}) is None
