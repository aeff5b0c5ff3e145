"""tools/blind: the proxy's answers, the checker's messages, wrap's fixture format.

The last test runs the real tools on the seeds: with the committed same-fact answer
hidden, capture finds its request, a wrong answer gets the re-ask's feedback, the
committed (blind) answer checks OK and wrap writes the same fixture back, which replay
then uses.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

from conftest import ROOT, SEEDS

sys.path.insert(0, str(ROOT / "tools" / "blind"))

import blind
import capture
import check
import wrap

FIXTURES = ROOT / "fixtures"
SAME_FACTS = "same_facts/8d1788cfa39a04f5"
SCHEMA = {
    "type": "object",
    "properties": {"groups": {"type": "array", "items": {"type": "string"}}},
    "required": ["groups"],
}
REQUEST: dict[str, Any] = {
    "model": "gpt-4o-mini",
    "messages": [
        {"role": "system", "content": "Group the items."},
        {"role": "user", "content": "Items: <article>Ein Text.</article>"},
    ],
    "tools": [{"type": "function", "function": {"name": "Groups", "parameters": SCHEMA}}],
}


def test_schema_errors_name_the_path_and_ok_is_empty() -> None:
    assert check.schema_errors({"groups": ["a"]}, SCHEMA) == []
    assert check.schema_errors({"groups": [1]}, SCHEMA) == ["groups/0: 1 is not of type 'string'"]
    assert check.schema_errors({}, SCHEMA) == ["(root): 'groups' is a required property"]


def test_completion_body_is_shaped_like_the_committed_fixtures() -> None:
    committed = json.loads((FIXTURES / f"{SAME_FACTS}.json").read_text(encoding="utf-8"))
    body = blind.completion_body("same_facts/k1", REQUEST, '{"groups": ["é"]}')

    def shape(value: Any) -> Any:
        if isinstance(value, dict):
            return [(k, shape(v)) for k, v in value.items()]
        return [shape(v) for v in value] if isinstance(value, list) else type(value).__name__

    assert shape(body) == shape(committed["response"])
    call = body["choices"][0]["message"]["tool_calls"][0]
    assert (call["id"], call["function"]["name"]) == ("call_blind_k1", "Groups")
    assert body["usage"]["completion_tokens"] == len('{"groups": ["é"]}') // 4
    assert body["usage"]["prompt_tokens"] == int(blind.prompt_chars(REQUEST) / 3.5)


def test_proxy_serves_fixtures_captures_the_rest_and_keeps_reask_feedback() -> None:
    proxy = blind.Proxy(FIXTURES, {"write/new": {"groups": []}})
    try:
        status, served = proxy.respond(SAME_FACTS, REQUEST)
        assert status == 200 and served["id"] == "chatcmpl-blind-8d1788cfa39a04f5"
        assert proxy.respond("extract/unknown", REQUEST)[0] == 400
        assert proxy.respond("write/new", REQUEST)[0] == 200
        reask = {**REQUEST, "messages": [*REQUEST["messages"], {"role": "tool", "content": "bad"}]}
        assert proxy.respond("write/new", reask)[0] == 400
    finally:
        proxy.server_close()
    outcome = proxy.outcome
    assert outcome.missing == ["extract/unknown"] and outcome.served == {SAME_FACTS}
    assert outcome.feedback == {"write/new": ["bad"]}
    assert outcome.requests["extract/unknown"] is REQUEST


def test_request_md_shows_messages_and_schema(tmp_path: Path) -> None:
    directory = capture.write_call(tmp_path, "extract/abc", REQUEST)
    assert directory.name == "extract-abc"
    text = (directory / "request.md").read_text(encoding="utf-8")
    assert "Group the items." in text and '"required": [' in text and "`Groups`" in text
    assert (directory / "article.txt").read_text(encoding="utf-8") == "Ein Text.\n"
    assert json.loads((directory / "request.json").read_text(encoding="utf-8")) == REQUEST


def test_capture_check_wrap_on_the_seeds(tmp_path: Path) -> None:
    fixtures = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, fixtures)
    (fixtures / f"{SAME_FACTS}.json").unlink()
    assert capture.main([str(tmp_path / "out"), str(SEEDS), "--fixtures", str(fixtures)]) == 0
    directory = tmp_path / "out" / blind.dir_name(SAME_FACTS)
    committed = json.loads((FIXTURES / f"{SAME_FACTS}.json").read_text(encoding="utf-8"))
    message = committed["response"]["choices"][0]["message"]
    arguments = message["tool_calls"][0]["function"]["arguments"]

    (directory / "answer.json").write_text('{"groups": 3}', encoding="utf-8")
    messages, _ = check.verify(directory, tmp_path / "scratch1")
    assert messages and any("Validation Error found" in m for m in messages)

    (directory / "answer.json").write_text(arguments, encoding="utf-8")
    assert wrap.wrap(directory)[1] == fixtures / f"{SAME_FACTS}.json"
    assert wrap.wrap(directory)[1] is None, "never overwrites"
    wrapped = json.loads((fixtures / f"{SAME_FACTS}.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in wrapped.items() if k != "response"} == {
        k: v for k, v in committed.items() if k != "response"
    }
    assert wrapped["response"]["choices"] == committed["response"]["choices"]
    outcome = blind.run_brief([str(SEEDS)], fixtures, tmp_path / "scratch2")
    assert SAME_FACTS in outcome.served and SAME_FACTS not in outcome.missing


def test_merge_proposals_rank_together_between_extract_and_write() -> None:
    rank = blind.stage_rank
    assert rank("extract/a") < rank("same_facts/b") == rank("same_quantities/c") < rank("write/d")
    assert rank("same_story/e") == rank("same_facts/b") and rank("new_stage/f") > rank("write/d")
