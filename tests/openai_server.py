"""A fault-injecting OpenAI-compatible server on 127.0.0.1, for tests and benchmarks.

    with OpenAIServer(latency=0.01, faults=["rate_limit", "ok"]) as server:
        settings = Settings(base_url=server.base_url, api_key="sk-test")
        ...
        assert server.calls == 2

It implements `POST /v1/chat/completions` (and `/chat/completions`) over a
`ThreadingHTTPServer` (one thread per connection, HTTP/1.1 keep-alive, a deep
listen backlog), so a few hundred concurrent requests are fine.

**Batch API.** `POST /v1/files` (multipart upload), `GET /v1/files/{id}/content`,
`POST /v1/batches` and `GET /v1/batches/{id}`. A batch is "validating" when created;
each retrieve then moves it to `batch_status` ("completed", "in_progress",
"failed", "expired", "cancelled"; the attribute may change between retrieves), and
a finished batch stays as it is. A batch completes with an output file whose lines
are answered by the same `completion()` as chat requests, each line taking the
next fault from `batch_faults` ("ok" for none; a status fault such as
"server_error" becomes an error line). Batch API requests are recorded in
`batch_requests`, apart from the chat requests.

**Answers.** It reads the response schema from the request the way each instructor
mode sends it: `tools` (tools / tools_strict), `response_format.json_schema`
(json_schema), or the schema text instructor puts in the system message (json,
md_json). For `ExtractionDraft` it answers one claim per sentence of the text
between `<article>` tags, quoting the sentence verbatim; for any other schema, a
minimal valid object built from the schema. With `answers` (a folder of recorded
extraction fixtures, `--answers DIR`), an article with a recorded answer gets that
answer instead (`tests/recorded_answers.py` says how it is matched). With
`summaries=True` (`--summaries`), a summary request (`BriefingSummary`) gets one
sentence that passes the write stage's checks, as a good model's would: the
statement of the first confirmed finding of the request, citing it (or of the first
finding, prefixed "Reportedly,"), headlined by its first words, instead of the minimal
object, whose empty `sentences` the write stage rejects and re-asks.

**Faults.** Each request takes the next fault from `faults` (a queue; "ok" means
none), else with probability `fault_rate` one of `fault_kinds`. The random draw is
seeded by the request's first user message and how often that message was seen, so
a given set of calls meets the same faults whatever order they arrive in. Kinds:
rate_limit (429 + Retry-After), quota (429 insufficient_quota), auth (401, echoing
the key as real servers partly do), forbidden (403), server_error (500),
bad_gateway (502), unavailable (503), gateway_timeout (504), timeout (answer after
`hang_seconds`), reset (TCP RST, no answer), bad_body (HTTP 200 whose body is not
JSON), malformed_json (answer arguments not JSON), schema_invalid (valid JSON, wrong
shape), ungrounded (well-formed extraction whose quotes are not in the article),
empty (a schema-valid extraction with no items: `{"claims": [], ...}`),
length (finish_reason "length", truncated arguments), drip (a valid answer, sent
one byte every `drip_seconds` after the headers: no single read ever times out),
silent (reads the request and never answers, until the server stops).

**Adversarial mode.** With `obey_injections="injected"` the server acts as a model
that obeys text in the article addressed to it: for each sentence with "write that
<claim>" it adds the claim to its extraction answer as a confirmed item quoting that
sentence; with `obey_injections="unrelated"` the item quotes the article's first
other sentence instead (a real sentence, unrelated to the claim). It also remembers
the claims (`injected_claims`) and answers a summary request by stating each of
them, citing the first finding of the request.

`GET /v1/stats` returns the counters, each chat request's arrival time (epoch
seconds) and the response model (schema name) it asked for (`models`, in the same
order), and `python tests/openai_server.py --latency 1` serves in its own process
(printing the base URL), so that a benchmark's client does not share the GIL with
the server.

Every chat request is recorded (path, lower-cased headers with the Authorization
value masked, body) together with `calls`, `in_flight` and `max_in_flight`.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import re
import socket
import struct
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from recorded_answers import RecordedAnswers

TRANSIENT_FAULTS = (
    "rate_limit",
    "server_error",
    "bad_gateway",
    "unavailable",
    "gateway_timeout",
    "timeout",
    "reset",
    "bad_body",
)
MODEL_FAULTS = ("malformed_json", "schema_invalid")
STATUS_FAULTS = {
    "rate_limit": (429, "rate_limit_exceeded", "Rate limit reached. Please try again later."),
    "quota": (429, "insufficient_quota", "You exceeded your current quota."),
    "forbidden": (403, "unsupported_country_region_territory", "Permission denied."),
    "server_error": (500, "server_error", "The server had an error."),
    "bad_gateway": (502, "bad_gateway", "Bad gateway."),
    "unavailable": (503, "service_unavailable", "The engine is currently overloaded."),
    "gateway_timeout": (504, "gateway_timeout", "Gateway timeout."),
}
UNGROUNDED_QUOTE = "This sentence does not occur in the article."
_OBEYED = re.compile(r"\bwrite that\s+(?P<claim>[^.!?]+)", re.I)
_FINDING_ID = re.compile(r"^- (\S+) \[", re.M)
HEADLINE_WORDS = 12
"""A valid summary's headline: the cited statement's first words (the limit is 14)."""
_FINDING_LINE = re.compile(r"^- (\S+) \[(\w+)[;\]][^\n]*?\]: (.+)$", re.M)
SUMMARY_MODELS = ("BriefingSummary", "SummaryDraft")
_ARTICLE = re.compile(r"<article>\s*(.*?)\s*</article>", re.S)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
BATCH_FINISHED = ("completed", "failed", "expired", "cancelled")


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


class OpenAIServer:
    def __init__(
        self,
        *,
        latency: float = 0.0,
        faults: Iterable[str] = (),
        fault_rate: float = 0.0,
        fault_kinds: Iterable[str] = TRANSIENT_FAULTS + MODEL_FAULTS,
        retry_after: str = "0",
        hang_seconds: float = 1.0,
        drip_seconds: float = 1.0,
        seed: int = 0,
        batch_status: str = "completed",
        batch_faults: Iterable[str] = (),
        obey_injections: str | None = None,
        answers: Path | None = None,
        summaries: bool = False,
    ) -> None:
        self.latency = latency
        self.faults: deque[str] = deque(faults)
        self.fault_rate = fault_rate
        self.fault_kinds = tuple(fault_kinds)
        self.retry_after = retry_after
        self.hang_seconds = hang_seconds
        self.drip_seconds = drip_seconds
        self.stopping = threading.Event()
        self.seed = seed
        self.obey_injections = obey_injections
        self.injected_claims: list[str] = []
        self.answers = RecordedAnswers.from_dir(answers) if answers is not None else None
        self.summaries = summaries
        self.requests: list[RecordedRequest] = []
        self.arrivals: list[float] = []
        """Wall-clock time (time.time()) at which each chat request arrived."""
        self.models: list[str] = []
        """The response model (schema name) each chat request asked for, in arrival order."""
        self.faults_served: Counter[str] = Counter()
        self.in_flight = 0
        self.max_in_flight = 0
        self._seen: Counter[str] = Counter()
        self._lock = threading.Lock()
        self.batch_status = batch_status
        self.batch_faults: deque[str] = deque(batch_faults)
        self.batch_requests: list[RecordedRequest] = []
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    @property
    def calls(self) -> int:
        return len(self.requests)

    def __enter__(self) -> OpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    # -------------------------------------------------------------- per request

    def _begin(self, path: str, headers: dict[str, str], body: dict[str, Any]) -> str:
        """Record the request and pick its fault ("ok" for none)."""
        identity = _first_user_message(body)
        with self._lock:
            self.requests.append(RecordedRequest(path, _masked(headers), body))
            self.arrivals.append(time.time())
            self.models.append(_requested_schema(body)[0])
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            seen = self._seen[identity]
            self._seen[identity] += 1
            if self.faults:
                fault = self.faults.popleft()
            else:
                draw = random.Random(f"{self.seed}:{identity}:{seen}")
                hit = self.fault_rate and draw.random() < self.fault_rate
                fault = draw.choice(self.fault_kinds) if hit else "ok"
            self.faults_served[fault] += 1
        return fault

    def _end(self) -> None:
        with self._lock:
            self.in_flight -= 1

    # -------------------------------------------------------------- Batch API

    def batch_api(
        self, method: str, path: str, headers: dict[str, str], raw: bytes
    ) -> tuple[int, Any]:
        """Serve one Batch API request: (HTTP status, JSON payload or raw bytes)."""
        parts = path.strip("/").split("/")[1:]  # without the leading "v1"
        body: dict[str, Any] = {}
        if method == "POST" and parts == ["files"]:
            body = _multipart(headers.get("Content-Type", ""), raw)
        elif method == "POST":
            body = json.loads(raw or b"{}")
        with self._lock:
            self.batch_requests.append(RecordedRequest(path, _masked(headers), body))
            match method, parts:
                case "POST", ["files"]:
                    return 200, self._store_file(body["file"], str(body.get("purpose", "")))
                case "POST", ["batches"]:
                    return self._create_batch(body)
                case "GET", ["files", file_id, "content"] if file_id in self.files:
                    return 200, self.files[file_id]
                case "GET", ["batches", batch_id] if batch_id in self.batches:
                    return 200, self._advance(self.batches[batch_id])
        return 404, {"error": {"message": f"no such object: {path}", "code": "not_found"}}

    def _store_file(self, data: bytes, purpose: str) -> dict[str, Any]:
        file_id = f"file-{next(self._ids)}"
        self.files[file_id] = data
        return {
            "id": file_id,
            "object": "file",
            "bytes": len(data),
            "created_at": int(time.time()),
            "filename": f"{file_id}.jsonl",
            "purpose": purpose,
            "status": "processed",
        }

    def _create_batch(self, body: dict[str, Any]) -> tuple[int, Any]:
        data = self.files.get(body.get("input_file_id", ""))
        lines = [json.loads(line) for line in (data or b"").decode().splitlines() if line]
        ids = [line.get("custom_id") for line in lines]
        endpoint = body.get("endpoint")
        if not lines or len(set(ids)) != len(ids) or any(x["url"] != endpoint for x in lines):
            message = "input file missing, empty, with repeated custom_ids or other endpoints"
            return 400, {"error": {"message": message, "code": "invalid_request"}}
        batch_id = f"batch_{next(self._ids)}"
        self.batches[batch_id] = {
            "id": batch_id,
            "object": "batch",
            "endpoint": endpoint,
            "input_file_id": body["input_file_id"],
            "completion_window": body.get("completion_window"),
            "status": "validating",
            "created_at": int(time.time()),
            "metadata": body.get("metadata"),
            "request_counts": {"total": len(lines), "completed": 0, "failed": 0},
        }
        return 200, self.batches[batch_id]

    def _advance(self, batch: dict[str, Any]) -> dict[str, Any]:
        """Move an unfinished batch to `batch_status`; a completed one gets its output."""
        if batch["status"] in BATCH_FINISHED:
            return batch
        batch["status"] = self.batch_status
        if self.batch_status == "completed":
            lines = self.files[batch["input_file_id"]].decode().splitlines()
            output = [self._batch_answer(json.loads(line)) for line in lines if line]
            failed = sum(1 for line in output if line["response"]["status_code"] != 200)
            batch["request_counts"].update(completed=len(output) - failed, failed=failed)
            batch["output_file_id"] = f"file-{next(self._ids)}"
            text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in output)
            self.files[batch["output_file_id"]] = text.encode("utf-8")
        elif self.batch_status == "failed":
            error = {"code": "invalid_request", "message": "The batch failed.", "line": None}
            batch["errors"] = {"object": "list", "data": [error]}
        return batch

    def _batch_answer(self, line: dict[str, Any]) -> dict[str, Any]:
        fault = self.batch_faults.popleft() if self.batch_faults else "ok"
        self.faults_served[f"batch:{fault}"] += 1
        if fault in STATUS_FAULTS:
            status, code, message = STATUS_FAULTS[fault]
            body: dict[str, Any] = {"error": {"message": message, "type": code, "code": code}}
        else:
            status, body = 200, completion(line["body"], fault, recorded=self.answers)
        request_id = f"req_{next(self._ids)}"
        response = {"status_code": status, "request_id": request_id, "body": body}
        return {
            "id": f"batch_req_{request_id}",
            "custom_id": line["custom_id"],
            "response": response,
            "error": None,
        }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024
    owner: OpenAIServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up (timeouts, resets) are part of the test, not errors."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm on, the body then
    # waits for the client's delayed ACK (up to 40 ms), which no real API adds.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request access log."""

    def do_GET(self) -> None:
        """`GET /stats`: counters, for a server running in another process; Batch API reads."""
        owner = self.server.owner
        if self.path.startswith(("/v1/files/", "/v1/batches/")):
            self._send_batch_api(owner.batch_api("GET", self.path, dict(self.headers.items()), b""))
            return
        if self.path.rstrip("/") not in ("/v1/stats", "/stats"):
            self._send(404, {"error": {"message": f"no route {self.path}", "code": None}})
            return
        stats = {
            "calls": owner.calls,
            "max_in_flight": owner.max_in_flight,
            "arrivals": owner.arrivals,
            "models": owner.models,
        }
        self._send(200, stats | {"faults": dict(owner.faults_served)})

    def do_POST(self) -> None:
        owner = self.server.owner
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path.rstrip("/") in ("/v1/files", "/v1/batches"):
            headers = dict(self.headers.items())
            self._send_batch_api(owner.batch_api("POST", self.path.rstrip("/"), headers, raw))
            return
        if self.path.rstrip("/") not in ("/v1/chat/completions", "/chat/completions"):
            self._send(404, {"error": {"message": f"no route {self.path}", "code": None}})
            return
        body = json.loads(raw or b"{}")
        fault = owner._begin(self.path, dict(self.headers.items()), body)
        try:
            time.sleep(owner.latency)
            self._respond(owner, body, fault)
        finally:
            owner._end()

    def _respond(self, owner: OpenAIServer, body: dict[str, Any], fault: str) -> None:
        if fault == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        if fault == "timeout":
            time.sleep(owner.hang_seconds)
        if fault == "silent":
            owner.stopping.wait()
            self.close_connection = True
            return
        if fault == "drip":
            answer = completion(body, recorded=owner.answers)
            self._drip(owner, json.dumps(answer).encode("utf-8"))
            return
        if fault == "auth":
            key = self.headers.get("Authorization", "").removeprefix("Bearer ")
            message = f"Incorrect API key provided: {key}."
            self._send(401, {"error": {"message": message, "code": "invalid_api_key"}})
            return
        if fault in STATUS_FAULTS:
            status, code, message = STATUS_FAULTS[fault]
            error = {"error": {"message": message, "type": code, "code": code}}
            self._send(status, error, {"Retry-After": owner.retry_after})
            return
        if fault == "bad_body":
            self._send_raw(200, b'{"id": "chatcmpl-broken", "choices": [{"mess')
            return
        with owner._lock:
            answer = completion(
                body,
                fault,
                obey=owner.obey_injections,
                injected=owner.injected_claims,
                recorded=owner.answers,
                summaries=owner.summaries,
            )
        self._send(200, answer)

    def _drip(self, owner: OpenAIServer, data: bytes) -> None:
        """Headers at once, then the body one byte every `drip_seconds`."""
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            for index in range(len(data)):
                self.wfile.write(data[index : index + 1])
                self.wfile.flush()
                if owner.stopping.wait(owner.drip_seconds):
                    break
        except OSError:  # the client gave up
            pass
        self.close_connection = True

    def _send_batch_api(self, answer: tuple[int, Any]) -> None:
        status, payload = answer
        if isinstance(payload, bytes):
            self._send_raw(status, payload, {"Content-Type": "application/octet-stream"})
        else:
            self._send(status, payload)

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        self._send_raw(status, json.dumps(payload).encode("utf-8"), headers)

    def _send_raw(self, status: int, data: bytes, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up (timeout) before the answer
            self.close_connection = True


# ------------------------------------------------------------------ answers


def completion(
    request: dict[str, Any],
    fault: str = "ok",
    *,
    obey: str | None = None,
    injected: list[str] | None = None,
    recorded: RecordedAnswers | None = None,
    summaries: bool = False,
) -> dict[str, Any]:
    """A chat.completion body answering `request` in its mode, with `fault` applied
    (with `obey`, the article's injected instructions obeyed; with `recorded`, a
    recorded article's recorded extraction; with `summaries`, a summary that passes
    the write stage's checks; see module doc)."""
    name, schema, shape = _requested_schema(request)
    value = summary_answer(request) if summaries and name in SUMMARY_MODELS else None
    if value is None:
        value = answer_for(
            name, schema, request, ungrounded=fault == "ungrounded", recorded=recorded
        )
    if fault == "empty" and name == "ExtractionDraft":
        value = {"claims": [], "figures": [], "dates": []}
    if obey is not None:
        value = _obey(name, value, request, obey, injected if injected is not None else [])
    arguments = json.dumps(value, ensure_ascii=False)
    finish = "stop"
    if fault == "malformed_json":
        arguments = arguments[: max(1, len(arguments) // 2)] + ' "oops'
    elif fault == "schema_invalid":
        arguments = json.dumps(_wrong_shape(value))
    elif fault == "length":
        arguments, finish = arguments[: max(1, len(arguments) // 2)], "length"
    message: dict[str, Any] = {"role": "assistant", "content": None}
    if shape == "tools":
        call = {
            "id": "call_0",
            "type": "function",
            "function": {"name": name, "arguments": arguments},
        }
        message["tool_calls"] = [call]
    elif shape == "md_json":
        message["content"] = f"```json\n{arguments}\n```"
    else:
        message["content"] = arguments
    prompt_tokens = len(json.dumps(request.get("messages", []))) // 4
    completion_tokens = len(arguments) // 4 + 1
    return {
        "id": f"chatcmpl-{hashlib.sha256(arguments.encode()).hexdigest()[:12]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "test-model"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def answer_for(
    name: str,
    schema: dict[str, Any],
    request: dict[str, Any],
    *,
    ungrounded: bool = False,
    recorded: RecordedAnswers | None = None,
) -> Any:
    if name == "ExtractionDraft":
        text = _article_text(request)
        answer = recorded.lookup(text) if recorded is not None and not ungrounded else None
        return answer if answer is not None else extraction_answer(text, ungrounded=ungrounded)
    return minimal_instance(schema, schema.get("$defs", {}))


def extraction_answer(text: str, *, ungrounded: bool = False) -> dict[str, Any]:
    """One claim per sentence, quoting it verbatim (or not at all, if `ungrounded`)."""
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if len(s.strip()) > 2]
    claims = [
        {
            "statement": sentence,
            "quote": UNGROUNDED_QUOTE if ungrounded else sentence,
            "certainty": "reported",
        }
        for sentence in sentences[:20]
    ]
    return {"claims": claims, "figures": [], "dates": []}


def summary_answer(request: dict[str, Any]) -> dict[str, Any] | None:
    """One sentence citing a finding of the summary request (see module doc), or None."""
    findings = _FINDING_LINE.findall(_first_user_message(request))
    if not findings:
        return None
    confirmed = [(i, statement) for i, certainty, statement in findings if certainty == "confirmed"]
    finding_id, statement = confirmed[0] if confirmed else (findings[0][0], findings[0][2])
    text = statement if confirmed else f"Reportedly, {statement}"
    headline = " ".join(statement.rstrip(".").split()[:HEADLINE_WORDS])
    return {"headline": headline, "sentences": [{"text": text, "finding_ids": [finding_id]}]}


def _obey(name: str, value: Any, request: dict[str, Any], obey: str, injected: list[str]) -> Any:
    """What a model that obeys injected instructions answers (see module doc)."""
    if name in SUMMARY_MODELS and injected:
        ids = _FINDING_ID.findall(_first_user_message(request))[:1]
        return {"sentences": [{"text": claim, "finding_ids": ids} for claim in injected]}
    if name != "ExtractionDraft":
        return value
    sentences = [s.strip() for s in _SENTENCE_END.split(_article_text(request)) if s.strip()]
    for sentence in sentences:
        match = _OBEYED.search(sentence)
        if match is None:
            continue
        claim = match.group("claim").strip()
        claim = f"{claim[0].upper()}{claim[1:]}."
        others = [s for s in sentences if s != sentence]
        quote = sentence if obey == "injected" or not others else others[0]
        value["claims"].append({"statement": claim, "quote": quote, "certainty": "confirmed"})
        if claim not in injected:
            injected.append(claim)
    return value


def minimal_instance(schema: dict[str, Any], defs: dict[str, Any]) -> Any:
    """The smallest value valid for `schema`: required fields only, first enum members."""
    if "$ref" in schema:
        return minimal_instance(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in schema:
            options = [o for o in schema[combinator] if o.get("type") != "null"]
            return minimal_instance(options[0] if options else {"type": "null"}, defs)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type", "object")
    if kind == "object":
        properties = schema.get("properties", {})
        return {k: minimal_instance(properties[k], defs) for k in schema.get("required", [])}
    if kind == "array":
        return [minimal_instance(schema["items"], defs)] if schema.get("minItems") else []
    return {"string": "x", "integer": 0, "number": 0, "boolean": False}.get(kind)


def _wrong_shape(value: Any) -> Any:
    if not isinstance(value, dict) or not value:
        return ["not", "the", "requested", "object"]
    return {k: "not a list" if isinstance(v, list) else ["wrong type"] for k, v in value.items()}


def _requested_schema(request: dict[str, Any]) -> tuple[str, dict[str, Any], str]:
    """(name, JSON schema, answer shape) as each instructor mode sends them."""
    if request.get("tools"):
        function = request["tools"][0]["function"]
        return function["name"], function.get("parameters", {}), "tools"
    response_format = request.get("response_format") or {}
    if response_format.get("type") == "json_schema":
        spec = response_format["json_schema"]
        return spec["name"], spec.get("schema", {}), "content"
    text = "\n".join(str(m.get("content", "")) for m in request.get("messages", []))
    start = text.find("{", text.find("json_schema"))
    schema = json.JSONDecoder().raw_decode(text[start:])[0] if start >= 0 else {}
    shape = "content" if response_format.get("type") == "json_object" else "md_json"
    return str(schema.get("title", "Answer")), schema, shape


def _masked(headers: dict[str, str]) -> dict[str, str]:
    masked = {k.lower(): v for k, v in headers.items()}
    if "authorization" in masked:
        masked["authorization"] = "Bearer ***"
    return masked


def _multipart(content_type: str, raw: bytes) -> dict[str, Any]:
    """The fields of a multipart/form-data body: bytes for files, text for the rest."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + raw)
    fields: dict[str, Any] = {}
    for part in message.iter_parts():  # type: ignore[attr-defined]
        data = part.get_payload(decode=True)
        name = part.get_param("name", header="content-disposition")
        fields[name] = data if part.get_filename() else data.decode("utf-8")
    return fields


def _first_user_message(request: dict[str, Any]) -> str:
    for message in request.get("messages", []):
        if message.get("role") == "user":
            return str(message.get("content"))
    return ""


def _article_text(request: dict[str, Any]) -> str:
    match = _ARTICLE.search(_first_user_message(request))
    return match.group(1) if match else _first_user_message(request)


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Serve the fake OpenAI API until killed.")
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--retry-after", default="0")
    parser.add_argument(
        "--answers", type=Path, help="a folder of recorded extraction fixtures to answer from"
    )
    parser.add_argument(
        "--summaries", action="store_true", help="answer summary requests with a valid summary"
    )
    arguments = parser.parse_args()
    server = OpenAIServer(
        latency=arguments.latency,
        fault_rate=arguments.fault_rate,
        retry_after=arguments.retry_after,
        answers=arguments.answers,
        summaries=arguments.summaries,
    )
    with server:
        print(server.base_url, flush=True)
        threading.Event().wait()


if __name__ == "__main__":
    main()
