"""What a run shows on a terminal, and when the CLI lets Python's collector run.

`RunProgress` gives a run its callbacks: `article` is the library's `progress`
(after each article), `stage` its `stage` (as merge and write start). On a terminal
they drive a rich progress bar ("extracting", then the stage); otherwise they show
nothing.

They also pace the cyclic collector, which the library never touches. A
young-generation collection scans every object allocated since the last one that is
still alive, and most of a run's objects live until its end (modules, models, items,
features), so a collection costs tens of milliseconds and frees little. The
collector is off

* until the first article is extracted: importing openai and instructor leaves about
  226,000 objects that live as long as the process, and scanning them (two
  collections, 50-90 ms in all) delayed the first request. They are then frozen
  (`gc.freeze`: never scanned again) and the collector turned on;
* from the start of merge: merge, the summaries, rendering and writing the output
  keep what they build until exit, and a collection landing among them (40-60 ms)
  delays the next round of requests.

It runs while the extraction answers come in, which is where cycles are made (the
SDKs' re-ask and retry state). Leaving the run, the collector is as it was before,
and what the run made is moved to the oldest generation unscanned (a freeze, then an
unfreeze), so that turning it back on does not begin with a collection of all of it.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress


class RunProgress:
    """A run's callbacks and the collector's pacing (see module doc); a context manager."""

    def __init__(self) -> None:
        self._bar: Progress | None = None
        self._collector_was_on = gc.isenabled()
        self._started = False

    def __enter__(self) -> RunProgress:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(stderr=True), transient=True)
            self._bar.add_task("extracting", total=None)
            self._bar.start()
        gc.disable()  # last: nothing above can fail with the collector left off
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
        gc.freeze()  # see module doc: the run's objects join the oldest generation
        gc.unfreeze()
        if self._collector_was_on:
            gc.enable()

    def article(self, done: int, total: int, label: str) -> None:
        if not self._started:
            gc.freeze()
            self._started = True
            if self._collector_was_on:
                gc.enable()
        self._show(completed=done, total=total, description=Path(label).name[:40])

    def stage(self, name: str) -> None:
        gc.disable()
        self._show(description=f"{name} …")

    def _show(self, **fields: str | int) -> None:
        if self._bar is not None:
            self._bar.update(self._bar.task_ids[0], **fields)  # type: ignore[arg-type]
