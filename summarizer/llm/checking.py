"""Answers are checked in a worker thread as soon as they are read, not on the event loop.

instructor validates an answer inside `create`, on the event loop, and validating an
extraction answer runs verify's grounding checks: about ten milliseconds of CPU. While
the loop checks one answer nothing else moves: the other answers of a round wait to be
read, and the requests their slots would let go wait to be sent, so a round of sixteen
answers spread its next requests over about 0.2 s, and every round after it.

So an httpx2 response hook (`check_answer`, after `limits`' hook has read the body and
given the slot back) takes the answer's JSON from the body, where instructor will take
it from (a tool call's arguments; the message content in the JSON modes), and
validates it in a worker thread with the call's model, context and options
(`AnswerCheck`, set around the call in `CHECKING`) while the loop goes on reading and
sending. The outcome, the parsed model or the error, is kept for the call. When
instructor then parses the answer, `sdk.runtime_model`'s `model_validate_json` asks
`kept_outcome` and gets that outcome back instead of validating again.

An outcome is reused only for the very same string, validated with the very same
context object and options; anything else (md_json's fenced text, an option instructor
did not pass before) misses and is validated by instructor as before, so the result
never differs from instructor's own. The GIL still serialises the CPU; what changes
is that the loop's short steps no longer wait behind a whole check.
"""

from __future__ import annotations

import asyncio
import json
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    import httpx2

STRICT = True
"""The `strict` option instructor validates with (its `create` default), passed
explicitly by the client so that a kept outcome is one made with the same option."""
CHECKED_MODES = frozenset({"tools", "tools_strict", "json", "json_schema"})
"""Modes whose answer instructor validates exactly as the body carries it."""


@dataclass
class AnswerCheck:
    """One call's model, context and mode, and the outcomes checked ahead for it."""

    model: type[BaseModel]
    context: dict[str, Any] | None
    mode: str
    outcomes: dict[str, BaseModel | Exception] = field(default_factory=dict)

    def check(self, body: bytes) -> None:
        """Validate the answer in `body` (if it is one instructor will validate as it is)."""
        answer = answer_json(body, self.mode)
        if answer is None:
            return
        try:
            outcome: BaseModel | Exception = self.model.model_validate_json(
                answer, context=self.context, strict=STRICT
            )
        except Exception as error:  # raised where instructor validates, as it would be
            error.__traceback__ = None  # this thread's frames: kept, they would form a cycle
            outcome = error
        self.outcomes[answer] = outcome


CHECKING: ContextVar[AnswerCheck | None] = ContextVar("summarizer_answer_check", default=None)
"""The current call's `AnswerCheck`, set around the call, read by `check_answer`."""


def answer_json(body: bytes, mode: str) -> str | None:
    """The JSON text instructor will validate, from a chat-completion body, or None."""
    if mode not in CHECKED_MODES:
        return None
    try:
        choice = json.loads(body)["choices"][0]
        if choice.get("finish_reason") == "length":
            return None  # instructor raises before it validates
        message = choice["message"]
        if mode.startswith("tools"):
            answer = message["tool_calls"][0]["function"]["arguments"]
        else:
            answer = message["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        return None  # not an answer: instructor and the SDK report what is wrong with it
    return answer if isinstance(answer, str) else None


async def check_answer(response: httpx2.Response) -> None:
    """httpx2 response hook: check the current call's answer in a worker thread."""
    check = CHECKING.get()
    if check is None or response.status_code != 200:
        return
    body = await response.aread()
    await asyncio.to_thread(check.check, body)


def kept_outcome(
    model: type[BaseModel], data: Any, context: Any, options: dict[str, Any]
) -> BaseModel | Exception | None:
    """The outcome checked ahead for `data` validated as `model` with `context` and
    `options` (taken: each answer is parsed once), or None."""
    check = CHECKING.get()
    if check is None or check.model is not model or check.context is not context:
        return None
    if options != {"strict": STRICT} or not isinstance(data, str):
        return None
    return check.outcomes.pop(data, None)
