"""The disk stores write behind, in one writer thread: nothing asked before `close` is
lost, whichever threads ask, a delete hides the entry at once, and a closed store
writes nothing more."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

from summarizer.store import DiskStore


@contextlib.contextmanager
def reopened(directory: Path, name: str) -> Iterator[DiskStore]:
    """The store as a later run opens it: what reached the disk."""
    store = DiskStore(directory, name, name)
    try:
        yield store
    finally:
        store.close()


def test_puts_from_many_threads_are_all_written_by_close(tmp_path: Path) -> None:
    store = DiskStore(tmp_path, "results", "result cache")
    start = threading.Barrier(8)

    def put(n: int) -> None:
        start.wait()
        for k in range(50):
            store.put_text(f"{n}-{k}", f"value {n} {k}")

    threads = [threading.Thread(target=put, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store.close()
    writers = [t for t in threading.enumerate() if t.name.startswith("results-writer")]
    assert writers == []
    with reopened(tmp_path, "results") as again:
        assert all(
            again.get_text(f"{n}-{k}") == f"value {n} {k}" for n in range(8) for k in range(50)
        )


def test_a_delete_hides_the_entry_before_the_writer_makes_it(tmp_path: Path) -> None:
    store = DiskStore(tmp_path, "llm", "answer cache")
    store.put_text("k", "old")
    store.flush()
    gate = threading.Event()
    store.put_text("slow", lambda: gate.wait(5) and "slow")  # holds the writer
    store.delete("k")
    assert store.get_text("k") is None
    gate.set()
    store.close()
    with reopened(tmp_path, "llm") as again:
        assert (again.get_text("k"), again.get_text("slow")) == (None, "slow")


def test_a_closed_store_writes_nothing_more(tmp_path: Path) -> None:
    store = DiskStore(tmp_path, "llm", "answer cache")
    store.put_text("before", "v")
    store.close()
    store.put_text("after", "v")
    store.delete("before")
    with reopened(tmp_path, "llm") as again:
        assert (again.get_text("before"), again.get_text("after")) == ("v", None)


def test_writes_wait_while_the_store_is_held_and_stay_readable(tmp_path: Path) -> None:
    store = DiskStore(tmp_path, "results", "result cache")
    made = threading.Event()

    def text() -> str:
        made.set()
        return "merged"

    with store.holding():
        store.put_text("merge", text)
        assert not made.wait(0.2)  # the writer does not serialise it during the hold
        assert store.get_text("merge") == "merged"  # found pending (made for the reader)
        made.clear()
    store.flush()
    assert made.is_set()  # made, and written, once the hold ended
    store.close()
    with reopened(tmp_path, "results") as again:
        assert again.get_text("merge") == "merged"


def test_flush_and_close_do_not_wait_for_a_hold_to_end(tmp_path: Path) -> None:
    store = DiskStore(tmp_path, "results", "result cache")
    with store.holding():
        store.put_text("a", "1")
        store.flush()
        with reopened(tmp_path, "results") as again:
            assert again.get_text("a") == "1"
        store.put_text("b", "2")
        store.close()
    with reopened(tmp_path, "results") as again:
        assert (again.get_text("a"), again.get_text("b")) == ("1", "2")
