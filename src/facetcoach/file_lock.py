"""The exclusive lock of the write path (docs/data-safety.md, DS3): a lock file held with flock.

On Linux and macOS the lock is `fcntl.flock` on the lock file, taken here directly: it is the
same lock filelock takes there (so a facetcoach with filelock and this one exclude each other,
and tests/test_log_store.py holds it with filelock), without filelock's import, which cost 20
to 30 ms of every `facetcoach log` (issue 15). Where flock is not there (Windows), or fails
for another reason than another holder (a network file system without it), filelock does the
work: it knows those cases.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

# How often a waiting command tries again (filelock's default, too).
POLL_SECONDS = 0.05
_HELD_BY_ANOTHER = frozenset({errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK})


class FileLock:
    """One lock file, acquired with a timeout and released; not re-entrant."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._fallback: Any = None  # a filelock.FileLock, when flock cannot be used here

    def acquire(self, timeout: float) -> bool:
        """Hold the lock, waiting up to `timeout` seconds: False when another holds it still.
        Raises OSError when the lock file cannot be opened."""
        if self._fallback is None and fcntl is not None:
            deadline = time.monotonic() + timeout
            fd = self._open()
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError as error:
                    if error.errno not in _HELD_BY_ANOTHER:
                        os.close(fd)
                        break  # no flock here: filelock below
                    if time.monotonic() >= deadline:
                        os.close(fd)
                        return False
                    time.sleep(POLL_SECONDS)
                    continue
                if os.fstat(fd).st_nlink == 0:  # removed while we waited: not the one others lock
                    os.close(fd)
                    fd = self._open()
                    continue
                self._fd = fd
                return True
        return self._acquire_with_filelock(timeout)

    def _open(self) -> int:
        return os.open(self.path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC, 0o600)

    def _acquire_with_filelock(self, timeout: float) -> bool:
        from filelock import FileLock as Fallback
        from filelock import Timeout

        if self._fallback is None:
            self._fallback = Fallback(str(self.path), mode=0o600)
        try:
            self._fallback.acquire(timeout=timeout)
        except Timeout:
            return False
        return True

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            # Closing frees the lock, and the descriptor even when close reports an error
            # (close(2)): a failure here must not turn a saved change into an error.
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            with contextlib.suppress(OSError):
                os.close(fd)
        elif self._fallback is not None:
            self._fallback.release()


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # a lock file that is a link is refused, not followed
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)  # not inherited by a child process
