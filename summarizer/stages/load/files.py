"""Local files, read safely: regular files only, and no symlink out of a given folder.

* `read_file_bytes` refuses FIFOs, devices and sockets from their `stat` alone,
  before opening them (opening a FIFO for reading blocks until a writer comes; a
  device may never end). The file is then opened with ``O_NONBLOCK`` and checked
  again with `fstat`, so a path swapped for a FIFO in between cannot hang the run
  either. It reads the first bytes, asks `kinds.file_kind` what the file is, checks
  the size limit for that kind, and only then reads the rest.
* `folder_files` walks a folder (sorted, hidden files and folders skipped). A
  symlink inside it that leads outside it (to ``~/.env``, ``/etc``, a mounted
  share) is not followed but reported, unless `LoadOptions.follow_symlinks` is
  set: a folder of articles must not send files from elsewhere to the model. A
  symlink named explicitly on the command line is the user's choice and is read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from summarizer.core.articles import Failure
from summarizer.errors import InputError
from summarizer.stages.load.kinds import SNIFF_BYTES, FileKind, file_kind
from summarizer.stages.load.options import (
    HTML_BYTES_PER_CHAR,
    TEXT_BYTES_PER_CHAR,
    LoadOptions,
    check_file_size,
)

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".jsonl", ".html", ".htm", ".rss", ".atom"})
SPECIAL_FILES = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)
BYTES_PER_CHAR: dict[FileKind, int] = {"text": TEXT_BYTES_PER_CHAR, "html": HTML_BYTES_PER_CHAR}
"""Kinds whose file is one article; a JSONL file or a feed holds many."""


def read_file_bytes(path: Path, name: str, options: LoadOptions) -> tuple[FileKind, bytes]:
    """The kind and bytes of the regular file `path`; raise `InputError` otherwise."""
    _check_regular(path.stat().st_mode, name)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(fd)
        _check_regular(status.st_mode, name)
        head = handle.read(SNIFF_BYTES)
        kind = file_kind(head, path.suffix, name)
        if kind in BYTES_PER_CHAR:
            check_file_size(status.st_size, BYTES_PER_CHAR[kind], name, options)
        return kind, head + handle.read()


def folder_files(folder: Path, options: LoadOptions) -> Iterator[Path | Failure]:
    """The article files under `folder` in sorted order, and a failure per symlink out of it."""
    root = folder.resolve()
    found: list[Path | Failure] = []
    visited: set[Path] = set()
    for top, dirs, files in os.walk(folder, followlinks=options.follow_symlinks):
        here = Path(top)
        real = here.resolve()
        if real in visited:  # a symlink loop, when following them
            dirs.clear()
            continue
        visited.add(real)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        if not options.follow_symlinks:
            found.extend(_escaping(here / d, root) for d in dirs if _leaves(here / d, root))
        for file in files:
            path = here / file
            if file.startswith(".") or path.suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            if not options.follow_symlinks and _leaves(path, root):
                found.append(_escaping(path, root))
            elif path.exists():  # a FIFO here is refused by `read_file_bytes`, unopened
                found.append(path)
    yield from sorted(found, key=lambda item: str(item if isinstance(item, Path) else item.input))


def _check_regular(mode: int, name: str) -> None:
    for test, what in SPECIAL_FILES:
        if test(mode):
            raise InputError(name, f"not a regular file ({what}); not read")


def _leaves(path: Path, root: Path) -> bool:
    """True for a symlink whose target lies outside `root`."""
    return path.is_symlink() and not path.resolve().is_relative_to(root)


def _escaping(path: Path, root: Path) -> Failure:
    return Failure(
        input=str(path),
        reason=f"symlink leads outside {root} to {path.resolve()}; not followed "
        "(use --follow-symlinks to read it)",
    )
