"""How a load reads its inputs (`LoadOptions`), and the per-article size limit.

An article longer than `LoadOptions.max_article_chars` (default 200,000 characters,
about 60 printed pages; `--max-article-chars` / ``SUMMARIZER_MAX_ARTICLE_CHARS``
raise it) is refused before any metadata is read from it, with the number of
extraction calls it would have cost, so that a log file or a book dropped into the
input folder never silently becomes hundreds of paid calls and gigabytes of
memory. Files are refused on their size before they are read when the size alone
proves them too long: a UTF-8 character takes at most 4 bytes, and an HTML page
more than `HTML_BYTES_PER_CHAR` bytes per character of article text is refused too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from summarizer.errors import InputError

DEFAULT_MAX_ARTICLE_CHARS = 200_000
TEXT_BYTES_PER_CHAR = 4
HTML_BYTES_PER_CHAR = 25
"""Markup allowance: a page of at most 200,000 characters of text may weigh 5 MB."""


@dataclass(frozen=True)
class LoadOptions:
    """Settings of one load."""

    timeout: float = 20.0
    """Seconds per HTTP request."""
    max_article_chars: int = DEFAULT_MAX_ARTICLE_CHARS
    follow_symlinks: bool = False
    """Read files that a symlink inside a given folder leads to outside that folder."""
    chunk_chars: int = 24_000
    """Characters per extraction call (`Settings.max_chunk_chars`), for the call estimate."""


def check_article_size(chars: int, source: str, options: LoadOptions) -> None:
    """Raise `InputError` if an article of `chars` characters is over the limit."""
    if chars > options.max_article_chars:
        raise _too_long(source, f"{chars:,} characters", chars, options)


def check_file_size(size: int, bytes_per_char: int, source: str, options: LoadOptions) -> None:
    """Raise `InputError` if `size` bytes prove the file holds more than the limit."""
    if size > options.max_article_chars * bytes_per_char:
        chars = size // bytes_per_char if bytes_per_char > TEXT_BYTES_PER_CHAR else size
        raise _too_long(source, f"{size:,} bytes", chars, options)


def _too_long(source: str, measure: str, chars: int, options: LoadOptions) -> InputError:
    calls = math.ceil(chars / options.chunk_chars)
    return InputError(
        source,
        f"article too long: {measure}, over the limit of {options.max_article_chars:,} "
        f"characters (about {calls:,} extraction calls); raise it with --max-article-chars "
        "or SUMMARIZER_MAX_ARTICLE_CHARS",
    )
