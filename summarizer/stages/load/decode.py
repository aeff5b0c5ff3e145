"""Bytes -> article text, or a one-line reason why the bytes are not an article.

Quotes are later grounded against the decoded text, so decoding changes nothing but
the encoding itself, a byte-order mark and line endings (all normalised to ``\\n``).

Encodings are tried in a fixed order: a UTF-16 byte-order mark if present, else
UTF-8 (BOM stripped), then cp1252, then latin-1. latin-1 never fails, so
"undecodable" is judged after decoding: text in which control characters (the C1
range is what latin-1 makes of stray bytes) or replacement characters are common is
rejected as binary, as is anything with NUL bytes and anything blank.
"""

from __future__ import annotations

import codecs
import unicodedata

from summarizer.errors import InputError

FALLBACK_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
MAX_NON_TEXT_SHARE = 0.05
"""Share of control/replacement characters above which decoded text counts as binary."""
ALLOWED_CONTROLS = frozenset("\n\r\t\f\v")


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
        text = _decode_with_fallback(data)
    text = normalize_newlines(text)
    if not text.strip():
        raise InputError(source, "empty file (no text)")
    if _non_text_share(text) > MAX_NON_TEXT_SHARE:
        raise InputError(source, "binary or undecodable file (mostly control characters)")
    return text


def _decode_with_fallback(data: bytes) -> str:
    for encoding in FALLBACK_ENCODINGS[:-1]:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode(FALLBACK_ENCODINGS[-1])


def _non_text_share(text: str) -> float:
    bad = sum(
        1
        for char in text
        if char == "\ufffd" or (unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS)
    )
    return bad / len(text)
