"""Recorded answers: read fixtures for replay, write them with `--record`.

A fixture is `fixtures/<stage>/<key>.json`:

    {"stage": "extract", "key": "<article id or chunk key>", "schema_version": "3",
     "prompt_version": "3", "model": "...", "mode": "tools", "hand_written": false,
     "response": {<the full OpenAI chat.completion body>}}

Fixtures are keyed by what identifies the work (stage + key) and carry the
schema version they answer; the prompt version is recorded but not checked, so
rewording a prompt does not orphan every recording. A schema version that
differs from the caller's is *stale* and reported as such.

Replay runs the real openai + instructor path: the OpenAI client gets an httpx2
client whose transport, `ReplayTransport`, answers each request with the body of
the fixture named in its `X-Summarizer-Fixture` header. A live `--record` run sends
the same header (the call's `stage/key`, no secret), so that a local recording proxy
such as `tools/blind` can tell the calls apart. instructor's parsing,
validation and re-asks therefore run exactly as they would live. Headers, keys
and requests are never written; files are replaced atomically.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.errors import FixtureMissingError
from summarizer.files import write_text

if TYPE_CHECKING:
    import httpx2

FIXTURE_HEADER = "X-Summarizer-Fixture"
RECORD_HINT = "set OPENAI_API_KEY (or OPENAI_BASE_URL) and run with --record"


@dataclass(frozen=True)
class Fixture:
    stage: str
    key: str
    schema_version: str
    prompt_version: str
    model: str
    mode: str
    hand_written: bool
    response: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.stage}/{self.key}"


def fixture_path(directory: Path, stage: str, key: str) -> Path:
    return directory / stage / f"{key}.json"


def load_fixture(directory: Path, stage: str, key: str, schema_version: str) -> Fixture:
    """The fixture for `stage/key`, or `FixtureMissingError` (missing, unreadable or stale)."""
    path = fixture_path(directory, stage, key)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FixtureMissingError(
            f"no recorded answer for {stage}/{key} in {directory}; to record one, {RECORD_HINT}"
        ) from None
    except (OSError, ValueError) as error:
        raise FixtureMissingError(
            f"unreadable fixture {path}: {error}; to re-record it, {RECORD_HINT}"
        ) from None
    try:
        fixture = Fixture(
            stage=str(data["stage"]),
            key=str(data["key"]),
            schema_version=str(data["schema_version"]),
            prompt_version=str(data.get("prompt_version", "")),
            model=str(data.get("model", "")),
            mode=str(data.get("mode", "tools")),
            hand_written=bool(data.get("hand_written", False)),
            response=dict(data["response"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise FixtureMissingError(
            f"malformed fixture {path} (field {error}); to re-record it, {RECORD_HINT}"
        ) from None
    if fixture.schema_version != schema_version:
        raise FixtureMissingError(
            f"stale fixture for {stage}/{key}: recorded for schema version "
            f"{fixture.schema_version}, this code uses {schema_version}; to re-record it, "
            f"{RECORD_HINT}"
        )
    return fixture


def write_fixture(directory: Path, fixture: Fixture) -> Path:
    """Write atomically (`summarizer.files.write_text`), laid out as the committed files."""
    path = fixture_path(directory, fixture.stage, fixture.key)
    data = {
        "stage": fixture.stage,
        "key": fixture.key,
        "schema_version": fixture.schema_version,
        "prompt_version": fixture.prompt_version,
        "model": fixture.model,
        "mode": fixture.mode,
        "hand_written": fixture.hand_written,
        "response": fixture.response,
    }
    write_text(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return path


def replay_http_client(
    fixtures: dict[str, Fixture], event_hooks: dict[str, list[Any]] | None = None
) -> httpx2.AsyncClient:
    """An httpx2 client that answers from `fixtures` (name -> fixture), never the network."""
    import httpx2

    class ReplayTransport(httpx2.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
            name = request.headers.get(FIXTURE_HEADER, "")
            fixture = fixtures.get(name)
            if fixture is None:
                error = {"error": {"message": f"no fixture loaded for {name!r}", "code": None}}
                return httpx2.Response(404, json=error, request=request)
            return httpx2.Response(200, json=fixture.response, request=request)

    return httpx2.AsyncClient(transport=ReplayTransport(), event_hooks=event_hooks)
