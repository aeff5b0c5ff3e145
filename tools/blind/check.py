"""Check a blind answer as an API client would: print what it would send back, or OK.

    python tools/blind/check.py DIR

`DIR` is a folder made by `capture.py`; the answer is `DIR/answer.json`, the tool
call's arguments object. Two kinds of message are printed, nothing else:

* JSON Schema errors against the schema the request sent;
* the project's own validation errors, exactly as instructor would send them back on
  a re-ask: the real pipeline is run again (as in `capture.py`) with this answer
  given to this call, under the validation context the code passes, and the re-ask
  it sends, if any, is what is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from blind import Outcome, call_name, load_run, run_brief, tool_of
from jsonschema.validators import validator_for  # type: ignore[import-untyped]

ANSWER = "answer.json"


def schema_errors(answer: Any, schema: dict[str, Any]) -> list[str]:
    """One line per JSON Schema error, in document order."""
    validator = validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(answer), key=lambda e: [str(p) for p in e.path])
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors]


def verify(call_dir: Path, scratch: Path) -> tuple[list[str], Outcome | None]:
    """The messages a client would send back about `DIR/answer.json`, and the run."""
    body = json.loads((call_dir / "request.json").read_text(encoding="utf-8"))
    try:
        answer = json.loads((call_dir / ANSWER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [f"no {ANSWER} in {call_dir}"], None
    except ValueError as error:
        return [f"{ANSWER} is not valid JSON: {error}"], None
    messages = schema_errors(answer, tool_of(body)[1])
    stage, key = call_name(call_dir)
    name = f"{stage}/{key}"
    inputs, fixtures = load_run(call_dir)
    outcome = run_brief(inputs, fixtures, scratch, {name: answer}, reasks=1)
    sent = outcome.requests.get(name)
    if sent is None:
        messages.append(
            f"the run no longer sends {name} (inputs or answers changed): capture again"
        )
    elif sent != body:
        messages.append(f"the run now sends a different request for {name}: capture again")
    messages += outcome.feedback.get(name, [])
    return messages, outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="blind-") as scratch:
        messages, _ = verify(args.dir, Path(scratch))
    print("\n\n".join(messages) if messages else "OK")
    return 1 if messages else 0


if __name__ == "__main__":
    sys.exit(main())
