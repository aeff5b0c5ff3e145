"""What a local file is, from its first bytes and its suffix: feed, page, JSONL or text.

The content decides first, the suffix second, so a feed saved as ``.xml`` or
``.txt`` is read as a feed and an HTML page saved as ``.txt`` as a page:

* magic bytes of a document format we do not read (PDF, Office, OpenDocument,
  RTF, images, archives) and the suffixes of those formats -> `InputError` with one
  line saying what the file is and what to do, instead of sending its bytes to the
  model as "text";
* an RSS/Atom/RDF root element (`feeds.looks_like_feed`) -> ``"feed"``;
* an HTML document start (``<!DOCTYPE html``, ``<html``) -> ``"html"``;
* then the suffix: ``.jsonl`` -> ``"jsonl"``, ``.html``/``.htm`` -> ``"html"``,
  ``.rss``/``.atom`` -> ``"feed"`` (feedparser then says what is wrong with it), and
  anything else -> ``"text"``.
"""

from __future__ import annotations

import re
from typing import Literal

from summarizer.errors import InputError
from summarizer.stages.load.feeds import looks_like_feed

FileKind = Literal["feed", "html", "jsonl", "text"]

SNIFF_BYTES = 2048
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (Office/OpenDocument/EPUB?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document (.doc/.xls/.ppt)"),
    (b"{\\rtf", "RTF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
)
UNSUPPORTED_SUFFIXES = {
    ".pdf": "PDF document",
    ".doc": "Word document",
    ".docx": "Word document",
    ".odt": "OpenDocument text",
    ".rtf": "RTF document",
    ".xls": "Excel workbook",
    ".xlsx": "Excel workbook",
    ".ods": "OpenDocument spreadsheet",
    ".ppt": "PowerPoint presentation",
    ".pptx": "PowerPoint presentation",
    ".odp": "OpenDocument presentation",
    ".epub": "EPUB book",
}
HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
SUFFIX_KINDS: dict[str, FileKind] = {
    ".jsonl": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".rss": "feed",
    ".atom": "feed",
}


def file_kind(head: bytes, suffix: str, source: str) -> FileKind:
    """The reader for a file starting with `head`; raise `InputError` for unsupported types."""
    suffix = suffix.lower()
    for magic, what in MAGIC:
        if head.startswith(magic):
            raise _unsupported(source, what)
    if suffix in UNSUPPORTED_SUFFIXES:
        raise _unsupported(source, UNSUPPORTED_SUFFIXES[suffix])
    start = head[:SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf")
    if looks_like_feed(start, ""):
        return "feed"
    if HTML_START.match(start):
        return "html"
    return SUFFIX_KINDS.get(suffix, "text")


def _unsupported(source: str, what: str) -> InputError:
    return InputError(
        source, f"unsupported file type: {what}; convert it to text or HTML to brief it"
    )
