"""Run `summarizer ARGS...` and SIGKILL the process at one step of a digest.

    python tests/digest_kill.py POINT digest SOURCE --state S --out O ...

The kill points are patched in from here, in this process only: production code
knows nothing about them. POINT is one of `POINTS`:

* before_extract: the articles are loaded, no extraction call has been made;
* after_extract: every article is extracted (and its answer cached), nothing else;
* before_write: the briefing is composed, no output file is written;
* mid_write: the first output format is written, the second is not;
* before_state: every output is written, the state is not committed;
* after_state: the state is committed, the process dies before it exits.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import Any

from summarizer import cli
from summarizer.digest import run
from summarizer.digest.state import StateStore

POINTS = (
    "before_extract",
    "after_extract",
    "before_write",
    "mid_write",
    "before_state",
    "after_state",
)


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def install(point: str) -> None:
    """Patch the digest so that the process kills itself at `point`."""
    extract: Callable[..., Any] = run.extract_articles
    render: Callable[..., str] = run.render
    commit: Callable[..., None] = StateStore.commit_day
    rendered: list[str] = []

    async def extract_then(*args: Any, **kwargs: Any) -> Any:
        if point == "before_extract":
            die()
        result = await extract(*args, **kwargs)
        if point == "after_extract":
            die()
        return result

    def render_then(briefing: Any, fmt: str) -> str:
        if point == "before_write" or (point == "mid_write" and rendered):
            die()
        rendered.append(fmt)
        return render(briefing, fmt)

    def commit_then(self: StateStore, *args: Any, **kwargs: Any) -> None:
        if point == "before_state":
            die()
        commit(self, *args, **kwargs)
        if point == "after_state":
            die()

    run.extract_articles = extract_then  # type: ignore[assignment]
    run.render = render_then  # type: ignore[assignment]
    StateStore.commit_day = commit_then  # type: ignore[method-assign]


def main() -> None:
    point = sys.argv[1]
    if point not in POINTS:
        raise SystemExit(f"unknown kill point {point!r}; one of {', '.join(POINTS)}")
    install(point)
    sys.argv = ["summarizer", *sys.argv[2:]]
    cli.main()


if __name__ == "__main__":
    main()
