"""The instructor internals that summarizer.llm.sdk relies on still exist and behave as
it assumes (instructor 1.17). An upgrade that moves one fails here, loudly, instead of
silently disabling a speed-up, a usage count or the log filter."""

from __future__ import annotations

import importlib
import inspect
import logging

from summarizer.llm import sdk


def test_the_async_validator_check_is_where_sdk_replaces_it() -> None:
    patch = importlib.import_module("instructor.v2.core.patch")
    validators = importlib.import_module("instructor.v2.validation.async_validators")
    assert callable(validators.reject_async_validators)
    assert hasattr(patch, "reject_async_validators")  # imported by name: sdk patches both


def test_the_response_helpers_have_the_parameters_sdk_passes() -> None:
    response = importlib.import_module("instructor.v2.core.response")
    process = inspect.signature(response.process_response).parameters
    assert {"response_model", "stream", "validation_context", "mode"} <= set(process)
    handle = inspect.signature(response.handle_response_model).parameters
    assert {"response_model", "mode"} <= set(handle)


def test_instructor_still_sums_usage_on_the_parsed_answer() -> None:
    source = inspect.getsource(importlib.import_module("instructor.v2.core.retry"))
    assert "_total_usage" in source


def test_instructor_still_logs_attempts_on_the_named_logger() -> None:
    retry = importlib.import_module("instructor.v2.core.retry")
    loggers = [value.name for value in vars(retry).values() if isinstance(value, logging.Logger)]
    assert sdk.INSTRUCTOR_RETRY_LOGGER in loggers
