"""Articles and their metadata, as the load stage produces them, and input failures.

`Source` is an article's metadata (everything but its text); briefings cite sources.
`Failure` is one input that could not be briefed, with a one-line reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import BaseModel, Field


def content_id(text: str) -> str:
    """Stable article id: the first 16 hex digits of the SHA-256 of the decoded text.

    Hashing the decoded (not raw) text makes a cp1252 copy of an article get the
    same id as its UTF-8 original.
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Source(BaseModel):
    """An article's metadata: everything but its text."""

    id: str = Field(description="Stable content hash of the article text (16 hex digits).")
    title: str
    path: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None
    language: str = "und"
    flags: list[str] = Field(
        default_factory=list,
        description="Warnings about the article found by code, e.g. text in it that "
        "addresses the model (prompt injection); no finding rests on such text.",
    )


class Article(Source):
    """A loaded article. `text` is the original, `clean_text` what the LLM reads."""

    text: str = Field(description="The original text; quotes are grounded against it.")
    clean_text: str = Field(description="The text without boilerplate; sent to the LLM.")

    def source(self) -> Source:
        return Source.model_validate(self.model_dump(include=set(Source.model_fields)))


class Failure(BaseModel):
    """An input that could not be briefed, and why."""

    input: str
    reason: str
    kind: Literal["input", "llm", "config", "budget", "internal"] = Field(
        default="input",
        description="input: unreadable or not an article; llm: the model call failed after "
        "retries; config: no recorded answer (replay); budget: skipped because --max-cost "
        "was reached; internal: a bug.",
    )
