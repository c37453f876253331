"""Safe file primitives: the write path of docs/data-safety.md.

lock (a separate lock file, flock: file_lock.py) → read and validate → change → temp file in the
same folder → flush + fsync → os.replace (the commit point) → fsync the folder.
A missing file reads as None; an unreadable one is an error, never "empty".

A data file that is a symlink is followed (promise 7): it is locked, written and cleaned up
beside the file it resolves to, so two data folders linked to one log exclude each other.
Each temp file is named after its writer (process id, machine, boot), and is removed only
when that writer is provably gone: never while another command may still be writing it.
Every file written is 0600 and every folder created 0700; a data folder of another user, or
one that others may write to, is refused (promise 10).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import time
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

from facetcoach.errors import DataError, InputError
from facetcoach.file_lock import FileLock
from facetcoach.paths import lock_file
from facetcoach.safe_text import IMPORT_BYTES

TEMP_SUFFIX = ".tmp"
# A temp file whose writer cannot be identified as gone (written on another machine, or by an
# older facetcoach that did not name it) is removed once it is this old: no write takes an hour.
STALE_TEMP_SECONDS = 3600.0
# How long a command waits for another facetcoach command to finish writing (promise 3): long
# enough for 8 writers on a loaded 2-core machine; FACETCOACH_LOCK_TIMEOUT changes it.
LOCK_TIMEOUT_SECONDS = 30.0
LOCK_TIMEOUT_ENV = "FACETCOACH_LOCK_TIMEOUT"
# After this long, a waiting command says that it is waiting (on stderr).
SAY_WAITING_AFTER = 1.0
# `.<file name>.fc<pid>-<machine>-<boot>-<random>.tmp`: who wrote it, so that others can tell
# whether the writer is gone (machine and boot are CRC-32s of the host name and boot id).
_TEMP_NAME = r"\.fc(\d+)-([0-9a-f]{8})-([0-9a-f]{8})-[0-9a-f]{8}\.tmp\Z"


# What this command has saved so far (promise 9): (the file, the command that shows it). The
# CLI reads it when something fails after the commit, to say that the change WAS saved.
_saved: list[tuple[Path, str | None]] = []


def note_saved(path: Path, shown_by: str | None = None) -> None:
    """Call right after a commit (the rename) of a change the user asked for."""
    _saved.append((path, shown_by))


def saved() -> list[tuple[Path, str | None]]:
    return list(_saved)


def forget_saved() -> None:
    _saved.clear()


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


def read_import(file: Path, *, kind: str, give: str) -> bytes:
    """A file given to import (`kind`: "a log to import"), of at most IMPORT_BYTES: its
    bytes, or an InputError (exit 2) saying what was wrong; `give` names the file to give
    instead of a folder ("the exported file")."""
    try:
        size = file.stat().st_size
        if size > IMPORT_BYTES:
            raise InputError(
                f"{file} is {size // 2**20:,} MB; {kind} is at most "
                f"{IMPORT_BYTES // 2**20} MB, so nothing was imported."
            )
        return file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"There is no file {file}.") from None
    except IsADirectoryError:
        raise InputError(f"{file} is a folder; give {give}.") from None
    except OSError as error:
        raise InputError(f"Could not read {file}: {error.strerror}.") from None


def real_path(path: Path, noun: str = "") -> Path:
    """Where `path` really is: a symlink is followed to its target (the link stays). A link to
    nowhere (an unmounted drive?) is an error, never the place for a new, empty file."""
    if not path.is_symlink():
        return path
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        pass
    try:
        where = os.readlink(path)
    except OSError:
        where = "a place"
    what = f"{noun} {path}" if noun else str(path)
    raise DataError(
        f"{what[:1].upper()}{what[1:]} is a link to {where}, which cannot be found (is a drive "
        "or synced folder missing?). facetcoach will not start a new file there: reconnect "
        "it, or remove the link to keep the file in the data folder."
    )


def ensure_folder(folder: Path) -> None:
    """Create the data folder on the first write, private to the user (0700), and each
    missing folder above it as well (promise 10)."""
    if folder.is_dir():
        return
    missing = []
    above = folder
    while not above.exists() and above != above.parent:
        missing.append(above)
        above = above.parent
    try:
        for new in reversed(missing):
            try:
                os.mkdir(new, 0o700)
            except FileExistsError:
                continue
            os.chmod(new, 0o700)  # exactly 0700, whatever the umask
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "Not a directory")
    except OSError as error:
        raise DataError(
            f"Could not create the data folder {folder}: {error.strerror}. "
            "Set FACETCOACH_HOME to a folder you can write to."
        ) from None


def check_private(*folders: Path) -> None:
    """Refuse a data folder that belongs to another user, or that others may write to: they
    could read the records written there, or replace and delete them (promise 10)."""
    if os.name != "posix":
        return
    for folder in folders:
        try:
            found = os.stat(folder)
        except OSError:
            continue  # not there yet (it is created 0700), or the read or write says why
        if found.st_uid != os.geteuid():
            raise DataError(
                f"The data folder {folder} belongs to another user, so facetcoach will not "
                "keep your records there; set FACETCOACH_HOME to a folder of your own."
            )
        if found.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            raise DataError(
                f"The data folder {folder} can be written by other users, who could read or "
                f"delete your records, so facetcoach will not use it; make it yours alone "
                f"with chmod 700 '{folder}'."
            )


def lock_timeout() -> float:
    """Seconds to wait for the lock: FACETCOACH_LOCK_TIMEOUT, else LOCK_TIMEOUT_SECONDS."""
    text = os.environ.get(LOCK_TIMEOUT_ENV)
    if text is None or not text.strip():
        return LOCK_TIMEOUT_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):  # (also refuses nan)
        raise InputError(
            f"{LOCK_TIMEOUT_ENV}={text!r} is not a number of seconds; use a number such as "
            f"{LOCK_TIMEOUT_SECONDS:g}, or unset it."
        )
    return seconds


@contextlib.contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive write lock for `path` (in its own .lock file, beside the file the
    path resolves to)."""
    wait = lock_timeout() if timeout is None else timeout
    target = real_path(path)
    check_private(path.parent, target.parent)
    ensure_folder(target.parent)
    lock = FileLock(lock_file(target))
    busy = DataError(
        f"{target.name} is busy: another facetcoach command is writing it, and this one "
        f"waited {wait:g} s for it. Try again in a moment, or set {LOCK_TIMEOUT_ENV} to "
        "wait longer."
    )
    try:
        if not lock.acquire(min(wait, SAY_WAITING_AFTER)):
            if wait <= SAY_WAITING_AFTER:
                raise busy
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.write(
                    f"Waiting for another facetcoach command to finish writing {target.name} "
                    f"(up to {wait:g} s)…\n"
                )
            if not lock.acquire(wait - SAY_WAITING_AFTER):
                raise busy
    except OSError as error:
        raise DataError(_write_failure(target, error)) from None
    try:
        _make_private(lock_file(target))  # one left by an older facetcoach may be 0644
        yield
    finally:
        lock.release()


def temp_path(path: Path, *, pid: int | None = None) -> Path:
    """A new temp file's name beside `path`, naming its writer (this process, or `pid`)."""
    host, boot = _machine()
    writer = os.getpid() if pid is None else pid
    token = f"fc{writer}-{host}-{boot}-{os.urandom(4).hex()}"
    return path.with_name(f".{path.name.lstrip('.')}.{token}{TEMP_SUFFIX}")


def write_cache(path: Path, data: bytes) -> bool:
    """Replace a cache beside a data file (the log's checked record, its offsets index) by a
    rename, so that it is always whole, old or new; mode 0600, no fsync: losing one costs a
    strict check or a whole read, never data. False when it could not be written."""
    temp = temp_path(path)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return False
    return True


def write_atomic(
    path: Path, data: bytes | Sequence[bytes | memoryview], *, temp: Path | None = None
) -> None:
    """Replace `path` with `data` (bytes, or parts written in turn: a file of 80 MB need not
    be copied into one) so that a crash leaves exactly the old or the new file.

    Call it while holding `locked(path)`. A symlink is followed: its target is replaced.
    The file is readable by the user only (0600), whatever the mode of the file it replaces.
    `temp` is the temp file to write first (by default a new temp_path beside the file).
    """
    target = real_path(path)
    ensure_folder(target.parent)
    fd = -1
    try:
        temp = temp or temp_path(target)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.fchmod(fd, 0o600)  # exactly 0600, whatever the umask
        for part in [data] if isinstance(data, bytes) else data:
            view = memoryview(part)
            while view:
                written = os.write(fd, view)
                view = view[written:]
        os.fsync(fd)
        closing, fd = fd, -1  # a failed close still releases the descriptor: never close twice
        os.close(closing)
        os.replace(temp, target)
        temp = None
        fsync_folder(target.parent)
    except OSError as error:
        raise DataError(_write_failure(target, error)) from None
    finally:
        if fd >= 0:
            with contextlib.suppress(OSError):  # the error that brought us here is reported
                os.close(fd)
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def write_output(path: Path, data: bytes, pending: Path) -> None:
    """write_atomic for a file outside the data folder (a report, an export): its temp file is
    noted in the folder `pending` first, so that if this command dies before the rename, the
    next one finds it and removes it (promise 11). The note goes once the file is written."""
    target = real_path(path)
    temp = temp_path(target)
    ensure_folder(pending)
    note = pending / temp.name
    try:
        fd = os.open(note, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, os.fsencode(temp))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as error:
        raise DataError(_write_failure(note, error)) from None
    try:
        write_atomic(target, data, temp=temp)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(note)


def remove_pending_orphans(pending: Path) -> None:
    """Remove the temp files noted in `pending` (see write_output) whose writer is gone."""
    try:
        notes = list(os.scandir(pending))
    except OSError:
        return
    now = time.time()
    for note in notes:
        if not re.search(_TEMP_NAME, note.name) or not is_orphan(Path(note.path), now):
            continue  # a writer still at work (or not a note of ours)
        with contextlib.suppress(OSError):
            with open(note.path, "rb") as source:
                temp = Path(os.fsdecode(source.read()))
            if temp.name == note.name:  # only ever the temp file the note names
                with contextlib.suppress(FileNotFoundError):
                    temp.unlink()
            os.unlink(note.path)


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
    """Delete the temp files that writers now gone left beside `path` (`.<name>.*.tmp`)."""
    _remove_orphans(path.parent, f".{path.name.lstrip('.')}.")


def remove_orphans_in(folder: Path) -> None:
    """Delete the temp files that writers now gone left in `folder`, one of facetcoach's own."""
    _remove_orphans(folder, ".")


def _remove_orphans(folder: Path, prefix: str) -> None:
    try:
        found = [e.name for e in os.scandir(folder) if e.name.startswith(prefix)]
    except OSError:
        return
    now = time.time()
    for name in found:
        temp = folder / name
        if name.endswith(TEMP_SUFFIX) and is_orphan(temp, now):
            with contextlib.suppress(OSError):
                temp.unlink()


def clean_up(folder: Path, others: list[Path], pending: Path) -> None:
    """After a command succeeded (promises 6 and 11): the temp files of writers now gone, in
    the data folder `folder`, the folders in `others` (the plan archive, where a linked log or
    plan lives), and those noted in `pending` (reports and exports, wherever they are)."""
    try:
        check_private(folder)
    except DataError:
        return  # not a folder facetcoach uses: nothing of it is touched
    for each in (folder, *others):
        remove_orphans_in(each)
    remove_pending_orphans(pending)


def is_orphan(temp: Path, now: float | None = None) -> bool:
    """True when the writer of `temp` is provably gone: this machine, and its process is not
    running (or the machine has restarted since). Otherwise only when it is very old."""
    found = re.search(_TEMP_NAME, temp.name)
    host, boot = _machine()
    if found is not None and found[2] == host:
        if found[3] != boot:
            return True  # written before this machine last started
        pid = int(found[1])
        return pid == os.getpid() or not _running(pid)
    try:
        age = (time.time() if now is None else now) - temp.lstat().st_mtime
    except OSError:
        return False
    return age > STALE_TEMP_SECONDS


def _running(pid: int) -> bool:
    if os.name != "posix":
        return True  # cannot tell: the age rule applies (and os.kill(pid, 0) would signal)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # (PermissionError: another user's process, running)
    try:  # a zombie (killed, not yet reaped by its parent) writes no more
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


@cache
def _machine() -> tuple[str, str]:
    """CRC-32s of this machine's name and of its current boot (Linux; elsewhere none)."""
    import zlib

    uname = getattr(os, "uname", None)
    host = uname().nodename if uname else os.environ.get("COMPUTERNAME", "")
    try:
        with open("/proc/sys/kernel/random/boot_id", "rb") as source:
            boot = source.read().strip()
    except OSError:
        boot = b""
    return f"{zlib.crc32(host.encode()):08x}", f"{zlib.crc32(boot):08x}"


def _make_private(path: Path) -> None:
    with contextlib.suppress(OSError):  # (not ours to change: the folder check said so)
        if stat.S_IMODE(os.stat(path).st_mode) != 0o600:
            os.chmod(path, 0o600)


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
