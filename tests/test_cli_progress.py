"""The CLI's run callbacks pace the collector: off until the first article is extracted
and from merge on, on in between, and as it was once the run is over."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from summarizer.cli_progress import RunProgress


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    was_on, threshold = gc.isenabled(), gc.get_threshold()
    gc.set_threshold(100_000, *threshold[1:])  # as the CLI does: no collection meanwhile
    yield
    gc.set_threshold(*threshold)
    gc.unfreeze()
    if was_on:
        gc.enable()


def test_the_collector_runs_only_while_the_articles_are_extracted() -> None:
    gc.enable()
    seen = []
    with RunProgress() as progress:
        seen.append(gc.isenabled())  # start-up: the SDK import
        progress.article(1, 3, "a.html")
        seen.append(gc.isenabled())
        assert gc.get_freeze_count() > 0  # what start-up made is never scanned again
        progress.article(3, 3, "c.html")
        progress.stage("merge")
        seen.append(gc.isenabled())
        progress.stage("write")
        seen.append(gc.isenabled())
        kept = [[n] for n in range(50_000)]  # what merge builds and keeps
        assert gc.get_count()[0] > 40_000  # young, and not collected while off
    assert seen == [False, True, False, False]
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert gc.get_count()[0] < 1_000  # re-enabled without them all to scan first
    assert len(kept) == 50_000


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with RunProgress() as progress:
        progress.article(1, 1, "a.html")
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_the_collector_is_restored_when_the_run_fails() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), RunProgress() as progress:
        progress.stage("merge")
        raise RuntimeError("boom")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
