"""Writing output files without damaging them: the one home for atomic writes.

`write_text(path, text)` is used for every file we write (briefings, digests,
fixtures):

* a **regular file** (or a new one) is written atomically: a hidden temporary file
  in the same directory, flushed and synced, then renamed over the target. A new
  file gets the permissions the umask gives (0666 & ~umask), an existing one keeps
  its own; a crash or a full disk leaves the old file intact and no temporary file
  behind;
* a **symlink** is written through: the rename happens at its final target, so the
  link stays a link;
* a **device, FIFO or socket** (`/dev/null`, `/dev/stdout`, a named pipe) is written
  in place, never replaced;
* `-` means stdout.

`check_writable(path)` and `check_directory(path)` find an unusable location (a
directory given as a file, a read-only or full file system, a parent that is a
file) before any paid work starts. Every failure is an `OutputError` (exit code 73)
with one line naming the path.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path

from summarizer.errors import OutputError

STDOUT = "-"


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _final_target(path: Path) -> Path:
    """Where writing `path` lands: through every symlink, to the final target."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _existing_ancestor(path: Path) -> Path:
    """The nearest directory that exists above `path` (what `mkdir -p` would start from)."""
    parent = path.absolute().parent
    while not parent.exists():
        parent = parent.parent
    return parent


def check_directory(
    directory: Path, *, what: str = "output directory", name: Path | str | None = None
) -> None:
    """Raise `OutputError` unless files can be created in `directory` (made if missing).

    The message starts with `name` (default: the directory), the path the user gave.
    """
    name = directory if name is None else name
    if directory.exists() and not directory.is_dir():
        raise OutputError(f"{name}: the {what} {directory} is not a directory")
    existing = directory if directory.exists() else _existing_ancestor(directory)
    if not existing.is_dir():
        raise OutputError(f"{name}: cannot create the {what}: {existing} is not a directory")
    try:
        with tempfile.TemporaryFile(dir=existing, prefix=".summarizer-probe-"):
            pass
        space = os.statvfs(existing)
    except OSError as error:
        raise OutputError(
            f"{name}: cannot write to the {what} {existing}: {_reason(error)}"
        ) from None
    if space.f_bavail == 0 and space.f_blocks > 0:
        raise OutputError(f"{name}: cannot write to the {what} {existing}: no space left on device")


def check_writable(path: Path | str) -> None:
    """Raise `OutputError` if `write_text(path, ...)` cannot succeed, before any work."""
    if str(path) == STDOUT:
        return
    target = _final_target(Path(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        check_directory(target.parent, name=path)
        return
    except OSError as error:
        raise OutputError(f"{path}: cannot write the output: {_reason(error)}") from error
    if stat.S_ISDIR(mode):
        raise OutputError(f"{path}: is a directory; give a file name")
    if not stat.S_ISREG(mode):
        if not os.access(target, os.W_OK):
            raise OutputError(f"{path}: cannot write the output: permission denied")
        return
    check_directory(target.parent, name=path)


def write_text(path: Path | str, text: str) -> None:
    """Write `text` (UTF-8) to `path` as the module docstring describes."""
    if str(path) == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = _final_target(Path(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise OutputError(f"{path}: cannot write the output: {_reason(error)}") from error
    try:
        if mode is not None and stat.S_ISDIR(mode):
            raise OutputError(f"{path}: is a directory; give a file name")
        if mode is not None and not stat.S_ISREG(mode):
            with target.open("w", encoding="utf-8") as handle:  # a device or FIFO: in place
                handle.write(text)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        permissions = stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask()
        _replace_atomically(target, text, permissions)
    except OSError as error:
        raise OutputError(f"{path}: cannot write the output: {_reason(error)}") from error


def _replace_atomically(target: Path, text: str, permissions: int) -> None:
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        Path(temp).chmod(permissions)
        Path(temp).replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temp).unlink()
        raise
