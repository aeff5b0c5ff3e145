"""Recorded extraction answers for the test server (`OpenAIServer(answers=DIR)`).

A benchmark that answers every article with the server's generic "one claim per
sentence" makes every article its own story, with no shared figure or fact, so the
merge and the dependent calls (same-fact, summaries) it measures are not those of
real use. With `answers` set to a folder of extraction fixtures (`fixtures/extract/`,
written blind, see fixtures/README.md), the server answers an extraction request
for a recorded article with that article's recorded answer instead.

Which answer: the fixture whose key is the content id of the request's article text
(`summarizer.core.articles.content_id`), else the recorded answer all of whose
quotes occur verbatim in the request's article (the one with the most quotes, if
several do). The second rule finds the answer for an article that carries an extra
line (a benchmark's repeated copies add "(Copy k.)"), and it never gives an answer
whose quotes are not in the article: the extraction it yields is grounded exactly as
the recorded one is. Requests for articles with no recorded answer, and every other
schema, keep the server's generic answers.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ITEM_KINDS = ("claims", "figures", "dates")


@dataclass(frozen=True)
class RecordedAnswer:
    key: str
    value: dict[str, Any]
    """The answer's arguments: the `ExtractionDraft` object as the author wrote it."""
    quotes: tuple[str, ...]


class RecordedAnswers:
    """Extraction answers read from a fixtures folder, looked up by article text."""

    def __init__(self, answers: list[RecordedAnswer]) -> None:
        self._by_key = {answer.key: answer for answer in answers}
        # most quotes first, then by key: the lookup's preference, and deterministic
        self._by_size = sorted(answers, key=lambda a: (-len(a.quotes), a.key))

    @classmethod
    def from_dir(cls, directory: Path) -> RecordedAnswers:
        """Every `*.json` fixture in `directory` (e.g. fixtures/extract/)."""
        return cls([_read(path) for path in sorted(directory.glob("*.json"))])

    def __len__(self) -> int:
        return len(self._by_key)

    def lookup(self, article: str) -> dict[str, Any] | None:
        """A copy of the recorded answer for this article text (see module doc), or None."""
        key = hashlib.sha256(article.encode("utf-8")).hexdigest()[:16]
        found = self._by_key.get(key) or next(
            (a for a in self._by_size if a.quotes and all(q in article for q in a.quotes)),
            None,
        )
        return copy.deepcopy(found.value) if found is not None else None


def _read(path: Path) -> RecordedAnswer:
    data = json.loads(path.read_text(encoding="utf-8"))
    message = data["response"]["choices"][0]["message"]
    calls = message.get("tool_calls") or []
    arguments = calls[0]["function"]["arguments"] if calls else message["content"]
    value = json.loads(arguments)
    quotes = tuple(item["quote"] for kind in ITEM_KINDS for item in value.get(kind, []))
    return RecordedAnswer(key=str(data["key"]), value=value, quotes=quotes)
