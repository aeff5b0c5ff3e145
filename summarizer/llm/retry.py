"""Which errors are worth retrying, how long to wait, and what to tell the user.

Exactly one layer retries transient faults: the tenacity loop in `summarizer.llm.client`,
driven by the predicates here. The OpenAI client is built with `max_retries=0`
and instructor's `max_retries` covers validation re-asks only, so retries never
multiply across layers.

instructor wraps API errors in `InstructorRetryException` with the original on
`__cause__`; `unwrap` digs it out so the predicates see the real error.

Transient: 408, 409, 429 (except `insufficient_quota`), 5xx except 501, timeouts,
connection errors, and a response body that is not the JSON it claims to be.
Permanent, never retried: 400, 401, 403, 404, 422, 501 and `insufficient_quota`. Of
these, 401/403/404/501 and quota stop the run (`LLMConfigError`, exit code 4), as
does a server still unreachable after the retries; 400 and 422 fail one call. An
error body is summarised in one line (`describe`): the JSON error message, or the
text of an HTML page, never the page itself.

Every message built here is passed through `redact`, which masks the API key and
any `user:password@` in a URL, so neither reaches a log or an exception.
`LogRedactor` does the same to the SDKs' log records, and demotes instructor's
per-attempt errors to DEBUG, dropping them when DEBUG is not enabled.
"""

from __future__ import annotations

import email.utils
import html
import json
import logging
import random
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from summarizer.config import Settings
from summarizer.errors import LLMConfigError, LLMError
from summarizer.llm.sdk import INSTRUCTOR_RETRY_LOGGER

if TYPE_CHECKING:
    from tenacity import AsyncRetrying, RetryCallState

TRANSIENT_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})
PERMANENT_STATUS = frozenset({400, 401, 403, 404, 422, 501})
HTML_MARKUP = re.compile(r"(?s)<(script|style)\b.*?</\1>|<[^>]+>")
URL_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s:@]*(?::[^/\s@]*)?@")


def unwrap(error: BaseException) -> BaseException:
    """The API error inside instructor's wrapper, else the error itself."""
    from instructor.core.exceptions import InstructorRetryException

    while isinstance(error, InstructorRetryException) and error.__cause__ is not None:
        error = error.__cause__
    return error


def error_code(error: BaseException) -> str | None:
    code = getattr(error, "code", None)
    return code if isinstance(code, str) else None


def is_transient(error: BaseException) -> bool:
    import openai

    error = unwrap(error)
    if isinstance(error, openai.APIStatusError):
        if error_code(error) == "insufficient_quota":
            return False
        status = error.status_code
        return status not in PERMANENT_STATUS and (status in TRANSIENT_STATUS or status >= 500)
    # A body that is not the JSON it claims to be is the server's fault, not the model's.
    transient = openai.APIConnectionError, openai.APIResponseValidationError, json.JSONDecodeError
    return isinstance(error, transient)


def parse_errors() -> tuple[type[Exception], ...]:
    """Errors in the model's answer: instructor re-asks on these and on nothing else."""
    from instructor.core.exceptions import AsyncValidationError, ResponseParsingError
    from pydantic import ValidationError

    return ValidationError, ResponseParsingError, AsyncValidationError


def reasking(max_reasks: int) -> AsyncRetrying:
    """instructor's re-ask loop: at most `max_reasks` re-asks after invalid output, and
    none after an answer that fails exactly as the one before it did.

    A re-ask sends the whole article again with the errors; a model that answers them
    with the same mistake (same checks failing on the same words) has shown it will not
    mend it, so one more re-ask would cost a full call, and a round trip on the run's
    critical path, for the same answer. The last answer then goes to the caller's
    salvage path, as when the re-asks run out.
    """
    from tenacity import AsyncRetrying, retry_if_exception_type

    return AsyncRetrying(
        stop=_ReaskStop(max_reasks + 1),
        retry=retry_if_exception_type(parse_errors()),
        reraise=True,
    )


class _ReaskStop:
    """A tenacity stop condition: `attempts` made, or the latest failed as the one before."""

    def __init__(self, attempts: int) -> None:
        self._attempts = attempts
        self._last: object = None

    def __call__(self, retry_state: RetryCallState) -> bool:
        outcome = retry_state.outcome
        error = outcome.exception() if outcome is not None and outcome.failed else None
        mark = failure_mark(error) if error is not None else None
        repeated = mark is not None and mark == self._last
        self._last = mark
        return repeated or retry_state.attempt_number >= self._attempts


def failure_mark(error: BaseException) -> object:
    """What identifies a failure: each validation error's place, message and input (our
    checks name the offending words; pydantic's own messages do not), else the error's
    text."""
    from pydantic import ValidationError

    if isinstance(error, ValidationError):
        return tuple((tuple(e["loc"]), e["msg"], repr(e.get("input"))) for e in error.errors())
    return (type(error).__name__, str(error))


def retry_after_seconds(headers: Any, now: float | None = None) -> float | None:
    """Seconds the server asks us to wait: `retry-after-ms`, `retry-after` seconds or date."""
    if headers is None:
        return None
    milliseconds = headers.get("retry-after-ms")
    if milliseconds:
        try:
            return max(0.0, float(milliseconds) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


def backoff_seconds(error: BaseException | None, attempt: int, cap: float) -> float:
    """Retry-After when the server gives one, else full-jitter exponential backoff."""
    response = getattr(unwrap(error), "response", None) if error is not None else None
    asked = retry_after_seconds(getattr(response, "headers", None))
    if asked is not None:
        return min(asked, cap)
    return random.uniform(0, min(cap, 0.5 * 2**attempt))


def mask_url_credentials(message: str) -> str:
    """'http://user:pass@host/v1' -> 'http://***@host/v1', anywhere in `message`."""
    return URL_CREDENTIALS.sub(r"\1***@", message)


def redactor(*secrets: str | None) -> Callable[[str], str]:
    """A function that masks each of `secrets`, and URL credentials, in a message."""
    masked = sorted({s for s in secrets if s}, key=len, reverse=True)

    def redact(message: str) -> str:
        for secret in masked:
            message = message.replace(secret, "***")
        return mask_url_credentials(message)

    return redact


def settings_redactor(settings: Settings) -> Callable[[str], str]:
    """The redactor of a run: its API key and its base URL's password (as written and decoded)."""
    from urllib.parse import unquote, urlsplit

    key = settings.api_key.get_secret_value() if settings.api_key else None
    password = urlsplit(settings.base_url).password if settings.base_url else None
    return redactor(key, password, unquote(password) if password else None)


class LogRedactor(logging.Filter):
    """Masks the key in SDK log records; demotes instructor's per-attempt errors to DEBUG.

    instructor logs every failed attempt at ERROR with the provider's error text
    (which may echo the key). Retries are ours to report, so those become DEBUG.
    """

    def __init__(self, redact: Callable[[str], str]) -> None:
        super().__init__()
        self._redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self._redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.name == INSTRUCTOR_RETRY_LOGGER and record.levelno > logging.DEBUG:
            if not logging.getLogger(record.name).isEnabledFor(logging.DEBUG):
                return False  # the level check ran before this filter: drop, not relabel
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


SDK_LOGGERS = (
    "instructor",
    "instructor.v2",
    INSTRUCTOR_RETRY_LOGGER,
    "openai",
    "openai._base_client",
    "httpx2",
)


def install_log_redactor(redact: Callable[[str], str]) -> LogRedactor:
    """Attach a `LogRedactor` to the SDK loggers; remove it with `remove_log_redactor`."""
    redactor_filter = LogRedactor(redact)
    for name in SDK_LOGGERS:
        logging.getLogger(name).addFilter(redactor_filter)
    return redactor_filter


def remove_log_redactor(redactor_filter: LogRedactor) -> None:
    for name in SDK_LOGGERS:
        logging.getLogger(name).removeFilter(redactor_filter)


def describe(error: BaseException) -> str:
    """A short one-line description of an API or transport error."""
    import openai

    error = unwrap(error)
    if isinstance(error, openai.APITimeoutError):
        return "request timed out"
    if isinstance(error, openai.APIConnectionError):
        return f"connection error ({type(error.__cause__ or error).__name__})"
    if isinstance(error, openai.APIStatusError):
        code = error_code(error)
        if code:
            return f"HTTP {error.status_code} {code}"
        detail = body_summary(error)
        return f"HTTP {error.status_code}" + (f": {detail}" if detail else "")
    if isinstance(error, json.JSONDecodeError):
        return "the response body is not valid JSON"
    return f"{type(error).__name__}: {error}".splitlines()[0][:300]


def body_summary(error: BaseException, limit: int = 160) -> str:
    """One line from an error response: the JSON error message, else the page's text."""
    body = getattr(error, "body", None)
    message = body.get("message") if isinstance(body, dict) else None
    if not isinstance(message, str):
        response = getattr(error, "response", None)
        try:
            text = response.text if response is not None else ""
        except Exception:  # a streamed or undecodable body has no summary
            text = ""
        title = re.search(r"(?is)<title[^>]*>(.*?)</title>", text)
        text = title.group(1) if title else re.sub(HTML_MARKUP, " ", text)
        message = html.unescape(text)
    line = " ".join(message.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def config_error(error: BaseException, name: str, redact: Callable[[str], str]) -> LLMError | None:
    """`LLMConfigError` for auth/permission/quota failures (never retried), else None."""
    import openai

    error = unwrap(error)
    if isinstance(error, openai.AuthenticationError):
        hint = "check OPENAI_API_KEY (or SUMMARIZER_API_KEY) and OPENAI_BASE_URL"
        return LLMConfigError(redact(f"{name}: authentication failed (HTTP 401); {hint}"))
    if isinstance(error, openai.PermissionDeniedError):
        hint = "the key may not have access to this model or project"
        return LLMConfigError(redact(f"{name}: permission denied (HTTP 403); {hint}"))
    if isinstance(error, openai.APIStatusError) and error_code(error) == "insufficient_quota":
        hint = "the account has no credit left; check billing"
        return LLMConfigError(redact(f"{name}: quota exhausted (insufficient_quota); {hint}"))
    if isinstance(error, openai.NotFoundError):
        return LLMConfigError(redact(f"{name}: not found (HTTP 404); check the model name"))
    if isinstance(error, openai.APIStatusError) and error.status_code == 501:
        hint = "the server does not implement this request; check OPENAI_BASE_URL and --mode"
        return LLMConfigError(redact(f"{name}: {describe(error)}; {hint}"))
    if isinstance(error, openai.APIConnectionError) and not isinstance(
        error, openai.APITimeoutError
    ):
        hint = "check OPENAI_BASE_URL and that the server is running"
        reason = describe(error)
        return LLMConfigError(redact(f"{name}: cannot reach the LLM server ({reason}); {hint}"))
    return None
