"""An answer is validated once, in a worker thread as soon as it is read
(`llm.checking`), and instructor's own parse takes that outcome: the parsed model, or
the error that makes it re-ask. Where instructor validates something other than the
body's text (md_json's fenced block), it validates as before, on the event loop."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from openai_server import OpenAIServer
from pydantic import BaseModel, ValidationInfo, field_validator
from test_llm_live import ask_in_context, settings_for

from summarizer.config import Settings
from summarizer.llm.checking import answer_json
from summarizer.llm.client import LLM

SEEN: list[str] = []
"""Where each check (a validation with the call's context) ran: 'loop' (the main
thread) or 'worker'. The client parses a checked answer once more without context, to
return what its cache would; that parse checks nothing and is not counted."""


class Watched(BaseModel):
    quote: str

    @field_validator("quote")
    @classmethod
    def _in_text(cls, value: str, info: ValidationInfo) -> str:
        if not info.context:
            return value
        SEEN.append("loop" if threading.current_thread() is threading.main_thread() else "worker")
        if value not in info.context["text"]:
            raise ValueError(f"{value!r} does not occur in the text")
        return value


def ask(settings: Settings, text: str) -> tuple[Watched, LLM]:
    return asyncio.run(ask_in_context(settings, Watched, text))


@pytest.fixture(autouse=True)
def _clear() -> None:
    SEEN.clear()


@pytest.mark.parametrize("mode", ["tools", "tools_strict", "json_schema", "json"])
def test_an_answer_is_validated_once_off_the_event_loop(tmp_path: Path, mode: str) -> None:
    with OpenAIServer() as server:
        value, llm = ask(settings_for(server, tmp_path, mode=mode), "x marks the spot")
    assert value.quote == "x"  # the server's minimal answer
    assert SEEN == ["worker"]
    assert llm.usage.reasks == 0


def test_md_json_is_validated_by_instructor_on_the_loop(tmp_path: Path) -> None:
    with OpenAIServer() as server:
        value, _ = ask(settings_for(server, tmp_path, mode="md_json"), "x marks the spot")
    assert value.quote == "x"
    assert SEEN == ["loop"]


def test_an_error_found_ahead_makes_instructor_reask(tmp_path: Path) -> None:
    with OpenAIServer() as server:
        value, llm = ask(settings_for(server, tmp_path, max_reasks=1), "no such quote")
        reask = server.requests[1].body["messages"]
    # Both answers fail in the worker; the re-ask carries the error back; the last
    # answer is then kept unchecked (parsed without the context).
    assert SEEN == ["worker", "worker"]
    assert "does not occur in the text" in str(reask[-1]["content"])
    assert (value.quote, llm.usage.reasks) == ("x", 1)


def test_answer_json_is_what_instructor_validates() -> None:
    tool = b'{"choices": [{"finish_reason": "tool_calls", "message": {"tool_calls": [{"function": {"arguments": "{\\"quote\\": \\"x\\"}"}}]}}]}'  # noqa: E501
    content = b'{"choices": [{"finish_reason": "stop", "message": {"content": "{}"}}]}'
    cut = b'{"choices": [{"finish_reason": "length", "message": {"content": "{"}}]}'
    assert answer_json(tool, "tools") == '{"quote": "x"}'
    assert answer_json(content, "json") == "{}"
    assert answer_json(content, "md_json") is None  # instructor takes the fenced block
    assert answer_json(cut, "json") is None  # instructor raises before validating
    assert answer_json(b"<html>busy</html>", "tools") is None
