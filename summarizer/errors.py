"""One exception tree. The CLI turns each into one stderr line and an exit code.

Exit codes (documented in the README):
  0  success
  1  partial: some inputs failed, the briefing was written from the rest
  2  usage error (bad flags, settings, environment values or config file)
  3  no usable input at all (every path missing, empty, binary or unreadable)
  4  LLM unreachable or misconfigured (bad key, no quota, missing fixture, no server)
  5  budget exceeded (--max-cost)
  6  another run holds the lock (digest)
 73  the output cannot be written (read-only or full disk, a directory, ...)
 70  internal error (a bug)
"""

from __future__ import annotations


class SummarizerError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = 1


class UsageError(SummarizerError):
    """A bad flag, setting, environment value or config file: nothing was done."""

    exit_code = 2


class OutputError(SummarizerError):
    """The output location cannot be written (checked before the first paid call)."""

    exit_code = 73  # sysexits EX_CANTCREAT


class InputError(SummarizerError):
    """A path, URL, feed or file that cannot be read as an article."""

    exit_code = 3

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NoInputError(SummarizerError):
    """Nothing usable was given."""

    exit_code = 3


class LLMError(SummarizerError):
    """The LLM call failed after retries (transient faults exhausted, bad output)."""

    exit_code = 1


class LLMConfigError(LLMError):
    """Unreachable, authentication, quota or configuration: retrying cannot help, so the
    run stops."""

    exit_code = 4


class FixtureMissingError(LLMError):
    """Replay mode has no (or only a stale) recorded answer for this call.

    Unlike `LLMConfigError` this fails one article, not the run: the others are
    still briefed.
    """

    exit_code = 4


class OutputTruncatedError(LLMError):
    """The model stopped at its output limit (finish_reason="length")."""


class BudgetExceededError(SummarizerError):
    exit_code = 5


class LockedError(SummarizerError):
    exit_code = 6
