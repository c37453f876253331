"""Safe file primitives: the write path of docs/data-safety.md.

lock (a separate lock file, filelock) → read and validate → change → temp file in the
same folder → flush + fsync → os.replace (the commit point) → fsync the folder.
A missing file reads as None; an unreadable one is an error, never "empty".
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

from facetcoach.errors import DataError
from facetcoach.paths import lock_file

# How long a command waits for another facetcoach command to finish writing.
LOCK_TIMEOUT_SECONDS = float(os.environ.get("FACETCOACH_LOCK_TIMEOUT", "10"))
TEMP_SUFFIX = ".tmp"


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when it does not exist. Other failures are DataErrors."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise DataError(f"{path} is a folder, not a file; move it away and try again.") from None
    except PermissionError:
        raise DataError(
            f"facetcoach may not read {path}; check the file's permissions (ls -l)."
        ) from None
    except OSError as error:
        raise DataError(f"Could not read {path}: {error.strerror}.") from None


def ensure_folder(folder: Path) -> None:
    """Create the data folder on the first write, private to the user."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise DataError(
            f"Could not create the data folder {folder}: {error.strerror}. "
            "Set FACETCOACH_HOME to a folder you can write to."
        ) from None


@contextlib.contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive write lock for `path` (in its own .lock file)."""
    from filelock import FileLock, Timeout

    ensure_folder(path.parent)
    lock = FileLock(
        str(lock_file(path)), timeout=LOCK_TIMEOUT_SECONDS if timeout is None else timeout
    )
    try:
        lock.acquire()
    except Timeout:
        raise DataError(
            f"{path.name} is busy: another facetcoach command is writing it. "
            "Wait a moment and try again."
        ) from None
    except OSError as error:
        raise DataError(_write_failure(path, error)) from None
    try:
        yield
    finally:
        lock.release()


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves exactly the old or the new file.

    Call it while holding `locked(path)`. New files are created readable by the user only.
    """
    import tempfile  # only writers pay for it

    ensure_folder(path.parent)
    fd = -1
    temp = ""
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
        os.fchmod(fd, _mode_for(path))
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        closing, fd = fd, -1  # a failed close still releases the descriptor: never close twice
        os.close(closing)
        os.replace(temp, path)
        temp = ""
        fsync_folder(path.parent)
    except OSError as error:
        raise DataError(_write_failure(path, error)) from None
    finally:
        if fd >= 0:
            with contextlib.suppress(OSError):  # the error that brought us here is reported
                os.close(fd)
        if temp:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def fsync_folder(folder: Path) -> None:
    """Make a rename durable: fsync the folder that holds the file (POSIX)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # some platforms cannot open folders; the rename is still atomic
    with contextlib.suppress(OSError):
        os.fsync(fd)
    with contextlib.suppress(OSError):  # after the rename: a failure here undoes nothing
        os.close(fd)


def remove_orphan_temps(path: Path) -> None:
    """Delete temp files a killed writer left beside `path`. Call while holding the lock."""
    for orphan in path.parent.glob(f".{path.name}.*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            orphan.unlink()


def _mode_for(path: Path) -> int:
    # Keep the mode of an existing file; a new one is private (0600).
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o600


def _write_failure(path: Path, error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return (
            f"The disk is full: could not save {path}. "
            "Nothing was changed; free some space and try again."
        )
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"facetcoach may not write to {path.parent}. Nothing was changed; check the folder's "
            "permissions, or set FACETCOACH_HOME to a folder you can write to."
        )
    return f"Could not save {path}: {error.strerror or error}. Nothing was changed."
