"""Logging for the CLI: our records from -v, libraries' only from -v/-vv, and every
formatted line masked (URL credentials always; the run's secrets once known).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summarizer.config import Settings


def mask(message: str) -> str:
    from summarizer.llm.retry import mask_url_credentials

    return mask_url_credentials(message)


class _LogGate(logging.Filter):
    """Our records from `ours` up, libraries' from `libraries` up."""

    def __init__(self, ours: int, libraries: int) -> None:
        super().__init__()
        self._ours, self._libraries = ours, libraries

    def filter(self, record: logging.LogRecord) -> bool:
        mine = record.name == "summarizer" or record.name.startswith("summarizer.")
        return record.levelno >= (self._ours if mine else self._libraries)


class _MaskingFormatter(logging.Formatter):
    """Masks URL credentials, and the run's secrets once known, in the whole formatted
    record (its traceback too: an httpx2 error names the URL with its password)."""

    redact: Callable[[str], str] = staticmethod(mask)

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))


def configure_logging(verbose: int) -> None:
    """-v shows our INFO and libraries' warnings, -vv everything; default: our warnings."""
    ours = (logging.WARNING, logging.INFO)[verbose] if verbose < 2 else logging.DEBUG
    libraries = (logging.CRITICAL + 1, logging.WARNING)[verbose] if verbose < 2 else logging.DEBUG
    handler = logging.StreamHandler()
    handler.setFormatter(_MaskingFormatter("summarizer: %(levelname)s: %(message)s"))
    handler.addFilter(_LogGate(ours, libraries))
    logging.basicConfig(level=min(ours, libraries), handlers=[handler], force=True)


def mask_secrets_in_logs(settings: Settings) -> None:
    from summarizer.llm.retry import settings_redactor

    for handler in logging.getLogger().handlers:
        if isinstance(handler.formatter, _MaskingFormatter):
            handler.formatter.redact = settings_redactor(settings)
