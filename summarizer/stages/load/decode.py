"""Bytes -> article text, or a one-line reason why the bytes are not an article.

Quotes are later grounded against the decoded text, so decoding changes nothing but
the encoding itself, a byte-order mark and line endings (all normalised to ``\\n``).

The encoding is chosen for the file, then repaired line by line:

* a UTF-16 byte-order mark decodes the whole file as UTF-16;
* a file that is valid UTF-8 (BOM stripped) is UTF-8;
* a file none of whose non-ASCII lines is valid UTF-8 is a legacy file, read as
  cp1252 throughout (latin-1 for the few bytes cp1252 leaves undefined);
* otherwise it is a UTF-8 file with a few bad lines: every valid line is read as
  UTF-8, and only the bad ones fall back, to cp1252 when the line has no UTF-8-like
  byte pair at all (a pasted legacy line), else to UTF-8 with U+FFFD for the bad
  bytes (a truncated character). A warning names how many lines and which.
  Reading the whole file as cp1252 instead would turn every umlaut into mojibake.

Text with NUL bytes is binary; text in which control characters (the C1 range is
what latin-1 makes of stray bytes) or replacement characters are common is
rejected as binary too, as is anything blank.
"""

from __future__ import annotations

import codecs
import logging
import re

from summarizer.errors import InputError

log = logging.getLogger(__name__)

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
MAX_NON_TEXT_SHARE = 0.05
"""Share of control/replacement characters above which decoded text counts as binary."""
NON_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
"""Control characters (Unicode category Cc) other than tab, line and page breaks; U+FFFD."""
NON_ASCII = re.compile(rb"[\x80-\xff]")
UTF8_LIKE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
"""A UTF-8 lead byte and a continuation byte: rare in cp1252 text ("Ã©"-like pairs)."""
MAX_LINES_NAMED = 5


def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR line endings into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes, source: str) -> str:
    """Decode an article file's bytes; raise `InputError` naming `source` if it is no text."""
    if data.startswith(UTF16_BOMS):
        text = data.decode("utf-16")
    elif b"\x00" in data:
        raise InputError(source, "binary file (contains NUL bytes), not text")
    else:
        text = _decode_lines(data.removeprefix(codecs.BOM_UTF8), source)
    text = normalize_newlines(text)
    if not text.strip():
        raise InputError(source, "empty file (no text)")
    if _non_text_share(text) > MAX_NON_TEXT_SHARE:
        raise InputError(source, "binary or undecodable file (mostly control characters)")
    return text


def _decode_lines(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    bad = [i for i, line in enumerate(lines) if not _is_utf8(line)]
    if all(not NON_ASCII.search(line) or i in bad for i, line in enumerate(lines)):
        return "\n".join(_legacy(line) for line in lines)
    numbers = ", ".join(str(i + 1) for i in bad[:MAX_LINES_NAMED])
    more = ", ..." if len(bad) > MAX_LINES_NAMED else ""
    log.warning(
        "%s: %d line(s) not valid UTF-8 (line %s%s); read them as cp1252 or with U+FFFD",
        source,
        len(bad),
        numbers,
        more,
    )
    bad_set = set(bad)
    return "\n".join(
        _repair(line) if i in bad_set else line.decode("utf-8") for i, line in enumerate(lines)
    )


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _legacy(line: bytes) -> str:
    """cp1252, with latin-1 for the five bytes cp1252 leaves undefined."""
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:
        return line.decode("latin-1")


def _repair(line: bytes) -> str:
    """A bad line of a UTF-8 file: U+FFFD if it holds UTF-8-like bytes, else legacy."""
    if UTF8_LIKE.search(line):
        return line.decode("utf-8", errors="replace")
    return _legacy(line)


def _non_text_share(text: str) -> float:
    return len(NON_TEXT.findall(text)) / len(text)
