"""Wrap a checked blind answer into `fixtures/<stage>/<key>.json`.

    python tools/blind/wrap.py DIR [--fixtures fixtures]

The answer is checked first (`check.py`); the fixture is then the one the real
`--record` path wrote when the pipeline ran with this answer given to this call (its
schema and prompt versions and mode are the code's), with the `chat.completion` body
exactly as the proxy served it (the SDK's re-dump would add fields and reorder keys),
marked `"hand_written": true`. The model is
`blind-author`; usage is estimated (request characters / 3.5, arguments / 4). An
existing fixture is never overwritten. `--fixtures` defaults to the folder the
capture was answered from.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from blind import call_name, load_run
from check import verify

from summarizer.llm.replay import Fixture, fixture_path, load_fixture, write_fixture


def wrap(call_dir: Path, fixtures: Path | None = None) -> tuple[list[str], Path | None]:
    """(messages, written path): the path is None when something was wrong."""
    stage, key = call_name(call_dir)
    target = fixtures or load_run(call_dir)[1]
    path = fixture_path(target, stage, key)
    if path.exists():
        return [f"{path} exists; wrap never overwrites a fixture"], None
    with tempfile.TemporaryDirectory(prefix="blind-") as scratch:
        messages, outcome = verify(call_dir, Path(scratch))
        if messages or outcome is None:
            return messages, None
        recorded = fixture_path(outcome.scratch / "fixtures", stage, key)
        version = str(json.loads(recorded.read_text(encoding="utf-8"))["schema_version"])
        fixture: Fixture = load_fixture(outcome.scratch / "fixtures", stage, key, version)
    served = outcome.answered[f"{stage}/{key}"]  # the SDK's re-dump adds fields and reorders
    return [], write_fixture(target, replace(fixture, response=served, hand_written=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--fixtures", type=Path, default=None)
    args = parser.parse_args(argv)
    messages, path = wrap(args.dir, args.fixtures)
    if path is None:
        print("\n\n".join(messages))
        return 1
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
