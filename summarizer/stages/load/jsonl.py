"""JSONL inputs: one article per line, validated with pydantic.

Each line is a JSON object with ``text`` (required) and optionally ``title``, ``url``,
``published`` (an ISO date or date-time), ``outlet``, ``author`` and ``language``;
other keys are ignored. A line that is not JSON, or lacks ``text``, becomes a
`Failure` naming ``file:line``; the other lines still load. Blank lines are skipped.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from summarizer.core.articles import Failure
from summarizer.stages.load.decode import decode_text
from summarizer.stages.load.document import Document


class JsonlRecord(BaseModel):
    """One line of a JSONL input."""

    model_config = ConfigDict(extra="ignore")

    text: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    author: str | None = None
    language: str | None = None

    @field_validator("text")
    @classmethod
    def _has_text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is empty")
        return value

    @field_validator("published", mode="before")
    @classmethod
    def _date_of_datetime(cls, value: object) -> object:
        """Accept an ISO date-time ("2024-12-05T11:58:00+01:00") as its date."""
        if isinstance(value, str) and "T" in value:
            return dt.datetime.fromisoformat(value).date()
        return value


def read_jsonl(data: bytes, source: str) -> list[Document | Failure]:
    """One `Document` per valid line of the JSONL file `source`, a `Failure` per bad one."""
    results: list[Document | Failure] = []
    for number, line in enumerate(decode_text(data, source).split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = JsonlRecord.model_validate_json(line)
        except ValidationError as error:
            results.append(Failure(input=f"{source}:{number}", reason=_reason(error)))
            continue
        results.append(
            Document(
                source=f"{source}:{number}",
                text=record.text,
                path=source,
                **record.model_dump(exclude={"text"}),
            )
        )
    return results


def _reason(error: ValidationError) -> str:
    """The first validation problem, on one line: "invalid JSON: ..." or "text: Field required"."""
    first = error.errors(include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"])
    message = " ".join(first["msg"].split())
    return f"{where}: {message}" if where else message
