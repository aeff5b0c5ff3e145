"""Boilerplate removal by deleting whole lines, so clean text stays a sub-sequence of lines.

`Article.text` is what quotes are grounded against and `Article.clean_text` is what
the LLM reads. Because clean text is built only by *deleting* lines of the original,
every sentence the LLM sees (and quotes) occurs verbatim in the original.

What goes, line by line:

* link blocks: a heading such as "Lesen Sie auch", "Mehr zum Thema", "Für Sie
  ausgewählt" or "Read more", and the short headline-like lines after it, up to the
  next line that reads like a paragraph (ends like a sentence, or is long);
* photo credits ("(Foto: ...)", "Bildquelle: ...") and the caption line directly
  above a credit;
* widgets and notices: "Artikel anhören", "Anzeige", "© ..." lines, copyright and
  legal paragraphs ("Alle Rechte vorbehalten", "Das Herunterladen,
  Vervielfältigen ..."), lines with no letter or digit (a lone "·");
* the metadata-only lines `metadata.read_metadata` found (labels, dateline,
  repeated titles, byline, source line), passed in as `drop`.

Runs of blank lines left behind are collapsed, and blank lines at both ends removed.
"""

from __future__ import annotations

import re
from collections.abc import Collection

LINK_BLOCK_HEADING = re.compile(
    r"^(?:lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|das könnte sie auch "
    r"interessieren|weitere artikel|verwandte artikel|zum thema|für sie ausgewählt|"
    r"empfehlungen|read (?:more|also)|related(?: articles| stories| coverage)?|"
    r"more on this(?: topic| story)?|you may also like|recommended(?: for you)?)\s*:?$",
    re.IGNORECASE,
)
WIDGET = re.compile(
    r"^(?:.{0,60}\bartikel anhören|anzeige|werbung|advertisement|listen to (?:this )?article|"
    r"teilen|share(?: this article)?)$",
    re.IGNORECASE,
)
PHOTO_CREDIT = re.compile(
    r"^\((?:foto|fotos|bild|photo|image|grafik)\s*:.*\)$"
    r"|^(?:bildquelle|fotoquelle|bildnachweis|foto|fotos|bild|photo|image|credit)\s*:",
    re.IGNORECASE,
)
COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\b)", re.IGNORECASE)
LEGAL_NOTICE = re.compile(
    r"alle rechte vorbehalten|all rights reserved|herunterladen, vervielfältigen"
    r"|vervielfältigung\b.{0,200}\b(?:zustimmung|genehmigung)"
    r"|may not be (?:reproduced|republished|redistributed)",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!…][\"'“”„»«’)\]]*$")
MAX_LINK_LINE_CHARS = 160
"""A longer line after a link-block heading is a paragraph, ending the block."""
MAX_LINK_BLOCK_LINES = 15
MAX_CAPTION_CHARS = 200


def remove_boilerplate(text: str, drop: Collection[int] = ()) -> str:
    """`text` without boilerplate lines and without the lines whose indices are in `drop`."""
    lines = text.split("\n")
    removed = set(drop) | _boilerplate_lines([line.strip() for line in lines])
    kept: list[str] = []
    for i, line in enumerate(lines):
        blank = not line.strip()
        if i in removed or (blank and (not kept or not kept[-1].strip())):
            continue
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept)


def _boilerplate_lines(lines: list[str]) -> set[int]:
    removed: set[int] = set()
    for i, line in enumerate(lines):
        if LINK_BLOCK_HEADING.match(line):
            removed |= _link_block(lines, i)
        elif PHOTO_CREDIT.match(line):
            removed.add(i)
            if i > 0 and lines[i - 1] and len(lines[i - 1]) <= MAX_CAPTION_CHARS:
                removed.add(i - 1)
        elif line and _is_notice(line):
            removed.add(i)
    return removed


def _is_notice(line: str) -> bool:
    return bool(
        WIDGET.match(line)
        or COPYRIGHT.match(line)
        or LEGAL_NOTICE.search(line)
        or not any(char.isalnum() for char in line)
    )


def _link_block(lines: list[str], heading: int) -> set[int]:
    """The heading and the headline-like lines after it, up to the next paragraph."""
    block = {heading}
    end = min(len(lines), heading + 1 + MAX_LINK_BLOCK_LINES)
    for i in range(heading + 1, end):
        line = lines[i]
        if line and (len(line) > MAX_LINK_LINE_CHARS or SENTENCE_END.search(line)):
            break
        block.add(i)
    return block
