"""Shared core of the blind-recording tools: a recording proxy and one pipeline run.

Every tool here runs the real `summarizer brief` (a subprocess, the installed code)
as a live `--record` run against `Proxy`, a small OpenAI-compatible server on
127.0.0.1. A `--record` run names each call in the `X-Summarizer-Fixture` header
(`stage/key`, the fixture's name), so the proxy needs no knowledge of prompts or keys:

* a call named in `answers` (the blind answer being checked or wrapped) is answered
  with it; a second request under the same name is instructor's re-ask, whose new
  messages are the validation feedback a live client would send back. That feedback
  is kept and the re-ask refused, so the run goes on;
* a call with a recorded fixture is answered with its body, as replay does;
* any other call has its request body captured and is refused with HTTP 400, which
  the pipeline treats like a missing answer (that call is skipped).

The run's own recordings go to a scratch folder, never over `fixtures/`.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from summarizer.llm.replay import FIXTURE_HEADER, fixture_path

STAGE_RANK = {"extract": 0, "same_facts": 1, "same_quantities": 1, "same_story": 1, "write": 2}
"""Dependency order (`pipeline`): a stage's requests depend on lower ranks' answers; the
merge proposals all depend on the extractions only. An unknown stage ranks last."""
BLIND_MODEL = "blind-author"
RUN_FILE = "run.json"


def dir_name(name: str) -> str:
    """`write/177e...` -> `write-177e...` (stage names hold no hyphen)."""
    return name.replace("/", "-", 1)


def call_name(directory: Path) -> tuple[str, str]:
    """(stage, key) of a call folder made by `capture.py`."""
    stage, _, key = directory.resolve().name.partition("-")
    return stage, key


def stage_rank(name: str) -> int:
    return STAGE_RANK.get(name.split("/", 1)[0], max(STAGE_RANK.values()) + 1)


def tool_of(body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(name, JSON Schema) of the answer a request asks for (tools or JSON mode)."""
    tools = body.get("tools") or []
    if tools:
        function = tools[0]["function"]
        return str(function["name"]), dict(function.get("parameters") or {})
    fmt = body.get("response_format") or {}
    schema = fmt.get("json_schema") or {}
    return str(schema.get("name", "")), dict(schema.get("schema") or {})


def prompt_chars(body: dict[str, Any]) -> int:
    """What the request sends: its messages' text and the tools (or response format)."""
    text = sum(len(str(m.get("content") or "")) for m in body.get("messages", []))
    return text + len(json.dumps(body.get("tools") or body.get("response_format") or {}))


def completion_body(name: str, body: dict[str, Any], arguments: str) -> dict[str, Any]:
    """The `chat.completion` a model would return with `arguments` (usage estimated)."""
    tag = dir_name(name).split("-", 1)[1]
    prompt = int(prompt_chars(body) / 3.5)
    completion = int(len(arguments) / 4)
    message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None}
    if body.get("tools"):
        message["tool_calls"] = [
            {
                "id": f"call_blind_{tag}",
                "type": "function",
                "function": {"name": tool_of(body)[0], "arguments": arguments},
            }
        ]
        finish = "tool_calls"
    else:
        message["content"], finish = arguments, "stop"
    return {
        "id": f"chatcmpl-blind-{tag}",
        "object": "chat.completion",
        "created": 0,
        "model": BLIND_MODEL,
        "system_fingerprint": None,
        "choices": [{"index": 0, "finish_reason": finish, "message": message}],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        },
    }


def _text(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, list):
        return "\n".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return str(content or "")


@dataclass
class Outcome:
    """What one run asked: every call's request, and the re-ask feedback per answer."""

    requests: dict[str, dict[str, Any]] = field(default_factory=dict)
    served: set[str] = field(default_factory=set)
    missing: list[str] = field(default_factory=list)
    feedback: dict[str, list[str]] = field(default_factory=dict)
    stale: set[str] = field(default_factory=set)
    """Fixtures that replay would not use (another schema version, or unusable)."""
    answered: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The completion body served for each given answer, exactly as sent."""
    stderr: str = ""
    scratch: Path = Path()


class Proxy(ThreadingHTTPServer):
    """The recording proxy (see the module docstring)."""

    def __init__(
        self, fixtures: Path, answers: dict[str, Any], refused: frozenset[str] = frozenset()
    ) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fixtures = fixtures
        self.answers = answers
        self.refused = refused
        self.outcome = Outcome()
        self.lock = threading.Lock()

    def respond(self, name: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            first = self.outcome.requests.setdefault(name, body)
            if name in self.answers:
                if first is not body:  # a re-ask: its new messages are the feedback
                    new = body["messages"][len(first["messages"]) :]
                    texts = [_text(m) for m in new if m.get("role") != "assistant"]
                    self.outcome.feedback[name] = [t for t in texts if t.strip()]
                    return 400, _error("re-ask refused by tools/blind")
                arguments = json.dumps(self.answers[name], ensure_ascii=False)
                served = self.outcome.answered[name] = completion_body(name, body, arguments)
                return 200, served
            stage, _, key = name.partition("/")
            path = fixture_path(self.fixtures, stage, key)
            if name and name not in self.refused and path.is_file():
                self.outcome.served.add(name)
                return 200, dict(json.loads(path.read_text(encoding="utf-8"))["response"])
            if name not in self.outcome.missing:
                self.outcome.missing.append(name)
            return 400, _error(f"no recorded answer for {name} (captured by tools/blind)")


def _error(message: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "invalid_request_error", "code": None}}


class _Handler(BaseHTTPRequestHandler):
    server: Proxy

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        if not self.path.endswith("/chat/completions"):
            status, answer = 404, _error(f"tools/blind serves chat completions only: {self.path}")
        else:
            status, answer = self.server.respond(self.headers.get(FIXTURE_HEADER, ""), body)
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the run's own stderr says what happened."""


def run_brief(
    inputs: list[str],
    fixtures: Path,
    scratch: Path,
    answers: dict[str, Any] | None = None,
    reasks: int = 0,
) -> Outcome:
    """Run `summarizer brief INPUTS` live against a `Proxy`, as replay would answer it.

    Only the code knows the schema version it expects, so a served fixture whose
    recording (in `outcome.scratch`) has another version, or was not recorded at all
    (its answer failed), is one replay would not use: the run is repeated with those
    refused, like missing ones, until none is left.
    """
    refused: frozenset[str] = frozenset()
    for attempt in itertools.count():
        outcome = _run_once(inputs, fixtures, scratch / f"run{attempt}", answers, reasks, refused)
        stale = {name for name in outcome.served if not _usable(fixtures, outcome.scratch, name)}
        if not stale:
            outcome.stale = set(refused)
            return outcome
        refused |= stale
    raise AssertionError("unreachable")


def _usable(fixtures: Path, scratch: Path, name: str) -> bool:
    stage, _, key = name.partition("/")
    recorded = fixture_path(scratch / "fixtures", stage, key)
    if not recorded.is_file():
        return False
    served = json.loads(fixture_path(fixtures, stage, key).read_text(encoding="utf-8"))
    version = json.loads(recorded.read_text(encoding="utf-8"))["schema_version"]
    return bool(served["schema_version"] == version)


def _run_once(
    inputs: list[str],
    fixtures: Path,
    scratch: Path,
    answers: dict[str, Any] | None,
    reasks: int,
    refused: frozenset[str],
) -> Outcome:
    proxy = Proxy(fixtures, answers or {}, refused)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env.update(
        OPENAI_BASE_URL=f"http://127.0.0.1:{proxy.server_address[1]}/v1",
        OPENAI_API_KEY="blind-tools-local",
        SUMMARIZER_FIXTURES_DIR=str(scratch / "fixtures"),
        SUMMARIZER_MAX_RETRIES="0",
        SUMMARIZER_MAX_REASKS=str(reasks),
    )
    command = [sys.executable, "-m", "summarizer", "brief", *inputs]
    command += ["-o", str(scratch / "brief.md"), "--record", "--no-cache"]
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    finally:
        proxy.shutdown()
        proxy.server_close()
    outcome = proxy.outcome
    outcome.stderr, outcome.scratch = done.stderr, scratch
    outcome.missing.sort(key=stage_rank)
    return outcome


def load_run(call_dir: Path) -> tuple[list[str], Path]:
    """The inputs and fixtures folder `capture.py` ran with (its OUTDIR/run.json)."""
    run = json.loads((call_dir.resolve().parent / RUN_FILE).read_text(encoding="utf-8"))
    return list(run["inputs"]), Path(run["fixtures"])
