"""The LLM layer against the local fault-injecting server: modes, faults, limits, usage."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any, TypeVar

import pytest
from openai_server import MODEL_FAULTS, TRANSIENT_FAULTS, OpenAIServer
from pydantic import BaseModel, ValidationInfo, field_validator

from summarizer.config import Price, Settings
from summarizer.core.items import ExtractionDraft
from summarizer.errors import BudgetExceededError, LLMConfigError, LLMError, OutputTruncatedError
from summarizer.llm.client import LLM
from summarizer.llm.prompts import Prompt

M = TypeVar("M", bound=BaseModel)
KEY = "sk-test-SECRET-4242-do-not-leak"
TEXT = "Die Armee meldete am Montag 11.000 Soldaten. Das wurde bestritten! Bleibt es so?"


class Quoted(BaseModel):
    """A test model whose validator, like the real ones, needs context['text']."""

    quote: str

    @field_validator("quote")
    @classmethod
    def _in_text(cls, value: str, info: ValidationInfo) -> str:
        if info.context and value not in info.context["text"]:
            raise ValueError(f"{value!r} does not occur in the text")
        return value


def article_prompt(text: str = TEXT, n: int = 0) -> Prompt:
    return Prompt("extract", "3", "Extract.", f"Article id: a{n}\n<article>\n{text}\n</article>")


def settings_for(server: OpenAIServer, tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "base_url": server.base_url,
        "api_key": KEY,
        "model": "test-model",
        "cache_dir": tmp_path / "cache",
        "use_cache": False,
        "timeout": 2.0,
        "max_retry_wait": 0.01,
        "prices": {"test-model": Price(input=1.0, output=2.0)},
    }
    return Settings(**(values | overrides))


async def extract(llm: LLM, text: str = TEXT, n: int = 0) -> ExtractionDraft:
    return await llm.structured(
        stage="extract", key=f"a{n}", prompt=article_prompt(text, n), response_model=ExtractionDraft
    )


async def ask_once(settings: Settings) -> ExtractionDraft:
    async with LLM(settings) as llm:
        return await extract(llm)


@pytest.mark.parametrize("mode", ["tools", "tools_strict", "json_schema", "json", "md_json"])
def test_each_mode_returns_the_servers_extraction(tmp_path: Path, mode: str) -> None:
    with OpenAIServer() as server:
        draft = asyncio.run(ask_once(settings_for(server, tmp_path, mode=mode)))
        request = server.requests[0].body
    assert [c.quote for c in draft.claims] == [
        "Die Armee meldete am Montag 11.000 Soldaten.",
        "Das wurde bestritten!",
        "Bleibt es so?",
    ]
    assert ("tools" in request) == mode.startswith("tools")
    assert request["model"] == "test-model"


@pytest.mark.parametrize(
    "fault",
    [f for f in TRANSIENT_FAULTS if f != "timeout"],
)
def test_each_transient_fault_is_retried_once(tmp_path: Path, fault: str) -> None:
    with OpenAIServer(faults=[fault], hang_seconds=0.6) as server:
        settings = settings_for(server, tmp_path, timeout=2.0)

        async def run() -> tuple[ExtractionDraft, LLM]:
            async with LLM(settings) as llm:
                return await extract(llm), llm

        draft, llm = asyncio.run(run())
        assert server.calls == 2
    assert len(draft.claims) == 3
    assert llm.usage.retries == 1
    assert llm.usage.reasks == 0


def test_a_hung_request_ends_the_call_at_the_timeout(tmp_path: Path) -> None:
    """--timeout is wall-clock for the whole call: a hung attempt is not retried past it."""
    with OpenAIServer(faults=["timeout"], hang_seconds=2.0) as server:
        settings = settings_for(server, tmp_path, timeout=0.3)
        with pytest.raises(LLMError, match=r"no complete answer within --timeout 0.3 s"):
            asyncio.run(ask_once(settings))
        assert server.calls == 1


@pytest.mark.parametrize("fault", MODEL_FAULTS)
def test_invalid_model_output_is_reasked_not_retried(tmp_path: Path, fault: str) -> None:
    with OpenAIServer(faults=[fault]) as server:
        settings = settings_for(server, tmp_path)

        async def run() -> LLM:
            async with LLM(settings) as llm:
                await extract(llm)
                return llm

        llm = asyncio.run(run())
        reask = server.requests[1].body["messages"]
    assert (llm.usage.retries, llm.usage.reasks, llm.usage.calls) == (0, 1, 1)
    assert len(reask) > 2, "the re-ask carries the validation error back to the model"
    assert llm.usage.completion_tokens > 0


@pytest.mark.parametrize(
    ("fault", "words"), [("quota", "quota"), ("auth", "authentication"), ("forbidden", "403")]
)
def test_quota_and_auth_fail_fast_without_the_key(
    tmp_path: Path, fault: str, words: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    with OpenAIServer(faults=[fault]) as server:
        with pytest.raises(LLMConfigError, match=words) as raised:
            asyncio.run(ask_once(settings_for(server, tmp_path)))
        assert server.calls == 1
    assert KEY not in str(raised.value)
    assert raised.value.__cause__ is None
    assert KEY not in caplog.text


def test_transient_faults_exhaust_into_llm_error(tmp_path: Path) -> None:
    with OpenAIServer(faults=["server_error"] * 3) as server:
        with pytest.raises(LLMError, match=r"extract/a0: HTTP 500 .*after 3 attempts"):
            asyncio.run(ask_once(settings_for(server, tmp_path, max_retries=2)))
        assert server.calls == 3


def test_retry_after_header_is_honoured(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with OpenAIServer(faults=["rate_limit"], retry_after="1") as server:
        settings = settings_for(server, tmp_path, max_retry_wait=5)

        async def run() -> None:
            async with LLM(settings) as llm:
                await extract(llm)

        with caplog.at_level(logging.INFO, logger="summarizer.llm.client"):
            asyncio.run(run())
    messages = [r.getMessage() for r in caplog.records if r.name == "summarizer.llm.client"]
    assert messages == ["extract/a0: HTTP 429 rate_limit_exceeded; retry 1/4 in 1.0s"]


def test_thirty_percent_mixed_faults_all_calls_succeed(tmp_path: Path) -> None:
    texts = [f"Satz {i} steht hier. Noch ein Satz {i}." for i in range(40)]
    # No "timeout" kind: --timeout bounds a call in all, so a hung attempt is not retried.
    kinds = [k for k in TRANSIENT_FAULTS + MODEL_FAULTS if k != "timeout"]
    with OpenAIServer(fault_rate=0.3, fault_kinds=kinds, seed=7) as server:
        settings = settings_for(server, tmp_path, timeout=10.0, max_retries=8, concurrency=16)

        async def run() -> tuple[list[ExtractionDraft], LLM]:
            async with LLM(settings) as llm:
                drafts = await asyncio.gather(*(extract(llm, t, i) for i, t in enumerate(texts)))
                return list(drafts), llm

        drafts, llm = asyncio.run(run())
        faults = sum(n for kind, n in server.faults_served.items() if kind != "ok")
    assert [d.claims[0].quote for d in drafts] == [f"Satz {i} steht hier." for i in range(40)]
    assert faults > 0
    assert llm.usage.retries + llm.usage.reasks == faults


async def ask_in_context(settings: Settings, model: type[M], text: str) -> tuple[M, LLM]:
    """One call whose answer's quote is checked against `text` (the LLM, for its usage)."""
    async with LLM(settings) as llm:
        value = await llm.structured(
            stage="check",
            key="q",
            prompt=article_prompt(),
            response_model=model,
            context={"text": text},
        )
        return value, llm


async def ask_ungrounded(settings: Settings) -> tuple[Quoted, LLM]:
    """One call whose every answer fails the quote check (its quote is not in the text)."""
    return await ask_in_context(settings, Quoted, "no such quote here")


def test_reasks_exhausted_keeps_the_answer_without_validation_context(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Each answer fails differently (bad JSON, a schema error, then the quote check),
    # so every re-ask is made.
    with OpenAIServer(faults=["malformed_json", "schema_invalid"]) as server:
        settings = settings_for(server, tmp_path, max_reasks=2)
        with caplog.at_level(logging.INFO, logger="summarizer.llm.client"):
            value, llm = asyncio.run(ask_ungrounded(settings))
        assert server.calls == 3
    assert value.quote == "x"  # the server's minimal answer, ungrounded in the context
    assert llm.usage.reasks == 2
    messages = [r.getMessage() for r in caplog.records if r.name == "summarizer.llm.client"]
    assert "kept it unchecked" in messages[0]


def test_an_answer_that_repeats_its_failure_is_not_reasked_again(tmp_path: Path) -> None:
    # A schema error, then the same ungrounded answer twice: the re-ask after the
    # repeat would cost a call for the same answer, so the loop stops there, with
    # re-asks to spare, and the last answer is kept unchecked as when they run out.
    with OpenAIServer(faults=["schema_invalid"]) as server:
        value, llm = asyncio.run(ask_ungrounded(settings_for(server, tmp_path, max_reasks=5)))
        assert server.calls == 3
        first, again = (request.body["messages"] for request in server.requests[1:])
    assert len(again) == len(first) + 2, "the third request re-asked the second answer"
    assert value.quote == "x"
    assert llm.usage.reasks == 2


def test_unparseable_output_after_reasks_is_an_llm_error(tmp_path: Path) -> None:
    with OpenAIServer(faults=["malformed_json"] * 2) as server:
        with pytest.raises(LLMError, match="invalid output after 2 attempts"):
            asyncio.run(ask_once(settings_for(server, tmp_path, max_reasks=1)))
        assert server.calls == 2


def test_length_finish_reason_raises_output_truncated_and_counts_tokens(tmp_path: Path) -> None:
    with OpenAIServer(faults=["length"]) as server:
        settings = settings_for(server, tmp_path)

        async def run() -> LLM:
            async with LLM(settings) as llm:
                with pytest.raises(OutputTruncatedError, match="truncated"):
                    await extract(llm)
                return llm

        llm = asyncio.run(run())
    assert llm.usage.completion_tokens > 0


def test_concurrency_bound_is_respected(tmp_path: Path) -> None:
    with OpenAIServer(latency=0.05) as server:
        settings = settings_for(server, tmp_path, concurrency=4)

        async def run() -> None:
            async with LLM(settings) as llm:
                await asyncio.gather(*(extract(llm, f"Text {i}.", i) for i in range(24)))

        asyncio.run(run())
        assert server.calls == 24
        assert 1 < server.max_in_flight <= 4


def test_usage_counts_tokens_and_prices_them_per_stage(tmp_path: Path) -> None:
    with OpenAIServer() as server:
        settings = settings_for(server, tmp_path)

        async def run() -> LLM:
            async with LLM(settings) as llm:
                await extract(llm)
                return llm

        llm = asyncio.run(run())
    usage = llm.usage
    expected = (usage.prompt_tokens * 1.0 + usage.completion_tokens * 2.0) / 1e6
    assert usage.cost_usd == pytest.approx(expected)
    assert usage.stages["extract"].calls == 1
    assert usage.summary().startswith("1 calls (0 cached), 0 retries, 0 re-asks, ")


def test_unknown_price_gives_unknown_cost(tmp_path: Path) -> None:
    with OpenAIServer() as server:
        settings = settings_for(server, tmp_path, prices={})

        async def run() -> LLM:
            async with LLM(settings) as llm:
                await extract(llm)
                return llm

        usage = asyncio.run(run()).usage
    assert usage.cost_usd is None
    assert "cost unknown" in usage.summary()


def test_budget_stops_the_run_before_the_call(tmp_path: Path) -> None:
    with OpenAIServer() as server:
        with pytest.raises(BudgetExceededError, match="budget"):
            asyncio.run(ask_once(settings_for(server, tmp_path, max_cost=0.000001)))
        assert server.calls == 0


def test_importing_the_llm_layer_does_not_import_the_sdks() -> None:
    code = (
        "import sys, summarizer.llm.client; "
        "print(sorted({'openai', 'instructor'} & set(sys.modules)))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


def test_prompts_are_sent_verbatim_even_with_a_validation_context(tmp_path: Path) -> None:
    """instructor would render messages as Jinja2 templates if given the context itself."""
    text = "Er sagte {{ nichts }} und {% tat %} es {# nicht #}.\n    Eingerückt."
    with OpenAIServer() as server:
        settings = settings_for(server, tmp_path)

        async def run() -> Quoted:
            async with LLM(settings) as llm:
                return await llm.structured(
                    stage="check",
                    key="t",
                    prompt=article_prompt(text),
                    response_model=Quoted,
                    context={"text": "the server answers x"},
                )

        value = asyncio.run(run())
        sent = server.requests[0].body["messages"]
        assert server.calls == 1, "the context reached the validator: no re-ask"
    assert sent[1]["content"] == article_prompt(text).user
    assert value.quote == "x"


class WarmedEarly(BaseModel):
    """A model no other test asks for, so its runtime model is made only here."""

    note: str


class WarmedLate(BaseModel):
    note: str


def test_warm_up_prepares_later_calls_and_leaves_the_sdk_alone_until_it_is_built(
    tmp_path: Path,
) -> None:
    from summarizer.llm.cache import schema_hash
    from summarizer.llm.prompts import _environment
    from summarizer.llm.sdk import runtime_model

    _environment.cache_clear()  # a fresh template environment: nothing compiled yet

    async def run(server: OpenAIServer) -> None:
        async with LLM(settings_for(server, tmp_path)) as llm:
            made = runtime_model.cache_info().currsize
            llm.warm_up([("same_quantities", WarmedEarly), ("no_such_prompt", WarmedEarly)])
            assert runtime_model.cache_info().currsize == made  # no SDK yet: not imported for this
            assert len(_environment().cache or {}) == 1  # same_quantities compiled, the typo left
            await extract(llm)  # builds the SDK
            made = runtime_model.cache_info().currsize
            llm.warm_up([("write", WarmedLate)])
            assert runtime_model.cache_info().currsize == made + 1
            assert schema_hash.cache_info().currsize >= 2

    with OpenAIServer() as server:
        asyncio.run(run(server))


def test_the_calls_warmed_during_extraction_name_real_prompts() -> None:
    from summarizer.compose import LATER_CALLS
    from summarizer.llm.prompts import compile_template, prompt_version

    for name, model in LATER_CALLS:
        assert compile_template(name).render  # a template shipped beside the prompts
        assert prompt_version(name)
        assert issubclass(model, BaseModel)
