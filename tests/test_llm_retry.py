"""Unit tests for backoff, Retry-After parsing, redaction and the budget ledger."""

from __future__ import annotations

import email.utils
import logging
from typing import Literal

import pytest
from pydantic import BaseModel, ValidationError

from summarizer.config import Price
from summarizer.errors import BudgetExceededError
from summarizer.llm.retry import (
    LogRedactor,
    backoff_seconds,
    failure_mark,
    redactor,
    retry_after_seconds,
)
from summarizer.llm.usage import Ledger

NOW = 1_700_000_000.0


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after": email.utils.formatdate(NOW + 7, usegmt=True)}, 7.0),
        ({"retry-after": email.utils.formatdate(NOW - 7, usegmt=True)}, 0.0),
        ({"retry-after": "soon"}, None),
        ({}, None),
        (None, None),
    ],
)
def test_retry_after_seconds(headers: dict[str, str] | None, seconds: float | None) -> None:
    assert retry_after_seconds(headers, now=NOW) == seconds


class _Response:
    def __init__(self, headers: dict[str, str]) -> None:
        self.headers = headers


class _Error(Exception):
    def __init__(self, headers: dict[str, str]) -> None:
        super().__init__("429")
        self.response = _Response(headers)


def test_backoff_honours_retry_after_up_to_the_cap() -> None:
    assert backoff_seconds(_Error({"retry-after": "2"}), 1, cap=60) == 2
    assert backoff_seconds(_Error({"retry-after": "600"}), 1, cap=60) == 60


def test_backoff_without_retry_after_is_jittered_exponential_within_the_cap() -> None:
    delays = [backoff_seconds(_Error({}), attempt, cap=3) for attempt in range(1, 8)]
    assert all(0 <= delay <= min(3, 0.5 * 2**n) for n, delay in enumerate(delays, start=1))


def test_redactor_masks_only_the_secret() -> None:
    redact = redactor("sk-abc")
    assert redact("key sk-abc was wrong") == "key *** was wrong"
    assert redactor(None)("sk-abc") == "sk-abc"


def test_log_redactor_masks_the_key_and_demotes_instructor_retry_errors() -> None:
    def record() -> logging.LogRecord:
        return logging.LogRecord(
            "instructor.v2.retry", logging.ERROR, __file__, 1, "bad key %s", ("sk-abc",), None
        )

    logger = logging.getLogger("instructor.v2.retry")
    logger.setLevel(logging.DEBUG)
    try:
        demoted = record()
        assert LogRedactor(redactor("sk-abc")).filter(demoted)
        assert (demoted.getMessage(), demoted.levelno) == ("bad key ***", logging.DEBUG)
        logger.setLevel(logging.INFO)  # the level check ran before the filter: drop, not relabel
        assert not LogRedactor(redactor("sk-abc")).filter(record())
    finally:
        logger.setLevel(logging.NOTSET)


def test_ledger_reserves_in_flight_cost_against_the_budget() -> None:
    ledger = Ledger(Price(input=1.0, output=1.0), max_cost=0.003, model="m")
    estimate = ledger.estimate(prompt_chars=3000, max_output_tokens=1000)  # ~2,001 tokens
    ledger.reserve("extract", "a", estimate)
    with pytest.raises(BudgetExceededError, match="extract/b: budget"):
        ledger.reserve("extract", "b", estimate)
    ledger.release(estimate)
    ledger.record_live("extract", 500, 100)
    ledger.reserve("extract", "b", estimate)
    assert ledger.usage.cost_usd == pytest.approx(0.0006)
    assert ledger.usage.stages["extract"].prompt_tokens == 500


def test_budget_without_a_price_is_refused() -> None:
    ledger = Ledger(None, max_cost=1.0, model="mystery-model")
    with pytest.raises(BudgetExceededError, match="mystery-model"):
        ledger.reserve("extract", "a", 0.0)


def test_a_failure_is_the_same_only_with_the_same_input() -> None:
    class Measured(BaseModel):
        measure: Literal["deaths", "injured"]

    def error(value: str) -> ValidationError:
        try:
            Measured(measure=value)
        except ValidationError as raised:
            return raised
        raise AssertionError("no error")

    # pydantic's message names the allowed values, not the wrong one
    assert failure_mark(error("killed")) == failure_mark(error("killed"))
    assert failure_mark(error("killed")) != failure_mark(error("dead"))
