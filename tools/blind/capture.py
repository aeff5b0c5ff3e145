"""Capture the requests that have no recorded answer, for a blind author.

    python tools/blind/capture.py OUTDIR INPUTS... [--fixtures fixtures]

Runs the real `summarizer brief INPUTS` (see `blind.py`): recorded calls are answered
from the fixtures, every other call's exact request body is written to
`OUTDIR/<stage>-<key>/request.json`, with `request.md` (the same request, readable)
and `article.txt` when the user message holds an `<article>`. Only the calls of the
earliest stage with missing answers are written: later stages' requests depend on
those answers, so they are listed as waiting; record the ready ones, then capture again.
`--all` writes the waiting ones too, for a briefing meant to go without the earlier
answers (their requests are what the code sends while those are missing).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from blind import RUN_FILE, dir_name, run_brief, stage_rank, tool_of

_ARTICLE = re.compile(r"<article>\s*(.*?)\s*</article>", re.S)


def _fenced(text: str, info: str = "") -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}{info}\n{text}\n{fence}"


def render(body: dict[str, Any]) -> str:
    """The request as the author reads it: each message, then the answer's schema."""
    name, schema = tool_of(body)
    parts = ["# Request", ""]
    for message in body.get("messages", []):
        parts += [f"## {str(message.get('role', '')).capitalize()} message", ""]
        parts += [_fenced(str(message.get("content") or "")), ""]
    if body.get("tools"):
        function = body["tools"][0]["function"]
        parts += [f"## Tool to call: `{name}`", ""]
        if function.get("description"):
            parts += [str(function["description"]), ""]
        parts += ["Its arguments, as JSON Schema:", ""]
    else:
        parts += [f"## Answer format: `{name}` (a JSON object)", ""]
    parts += [_fenced(json.dumps(schema, ensure_ascii=False, indent=2), "json"), ""]
    return "\n".join(parts)


def write_call(outdir: Path, name: str, body: dict[str, Any]) -> Path:
    """The call's folder; an `answer.json` already there is left alone."""
    directory = outdir / dir_name(name)
    directory.mkdir(parents=True, exist_ok=True)
    text = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    (directory / "request.json").write_text(text, encoding="utf-8")
    (directory / "request.md").write_text(render(body), encoding="utf-8")
    users = [str(m.get("content") or "") for m in body["messages"] if m.get("role") == "user"]
    found = _ARTICLE.search(users[-1]) if users else None
    if found:
        (directory / "article.txt").write_text(found.group(1) + "\n", encoding="utf-8")
    return directory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--fixtures", type=Path, default=Path("fixtures"))
    parser.add_argument(
        "--all",
        action="store_true",
        help="write the later stages' requests too (as sent while the earlier are missing)",
    )
    args = parser.parse_args(argv)
    inputs = [str(Path(i).resolve()) for i in args.inputs]
    fixtures = args.fixtures.resolve()
    with tempfile.TemporaryDirectory(prefix="blind-") as scratch:
        outcome = run_brief(inputs, fixtures, Path(scratch))
    args.outdir.mkdir(parents=True, exist_ok=True)
    run = {"inputs": inputs, "fixtures": str(fixtures)}
    (args.outdir / RUN_FILE).write_text(json.dumps(run, indent=2) + "\n", encoding="utf-8")
    print(f"answered from {fixtures}: {len(outcome.served - outcome.stale)} calls")
    for name in sorted(outcome.stale, key=stage_rank):
        print(f"stale or unusable fixture, as replay reports it (captured anew): {name}")
    if not outcome.missing:
        print("no call is missing an answer")
        return 0
    ready = min(stage_rank(name) for name in outcome.missing)
    for name in outcome.missing:
        if stage_rank(name) == ready:
            print(f"ready: {write_call(args.outdir, name, outcome.requests[name])}")
        elif args.all:
            directory = write_call(args.outdir, name, outcome.requests[name])
            print(f"written, but depends on the missing answers above: {directory}")
        else:
            print(f"waiting (depends on the ready answers; --all writes it anyway): {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
