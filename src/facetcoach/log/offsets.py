"""The offsets index beside log.json (`.log.json.index`): a read for display finds the entries
of a window of days without reading the rest of the log (issue 15).

One fixed-width record per entry, in file order: where the entry starts in log.json, its
date, the latest date of any entry up to it (so that the first entry of a window is found by
a binary search, even with entries recorded late), and a CRC-32 of its bytes. The header says
which log.json it describes: its size, modification and change times and inode, as `os.stat`
gives them for the file written, and the digest in its header.

A cache, like `.log.json.checked` (store.py): written after each write of the log, under its
lock, without fsync, replaced by a rename; a failure to write it is ignored. It is trusted
only when log.json is exactly the file it describes (the same size, time and inode: a write
by facetcoach, a restore or a hand edit all change them), and each entry read through it is
checked against its CRC. On any doubt the reader returns None, and the caller reads the
whole file with its digest and every check, as before: the index can make a read faster,
never different (tests/test_log_offsets.py). Writes never use it to decide anything, but
for one: an append to the journal of a large log (log/journal.py) trusts it to say that
log.json is the file last checked and written.

An append carries the index on (`matching`, `extended`) instead of building it again. It
also carries on the index of a copy of the file indexed (a restore, a copy to a new
computer, the benchmark's scratch folders): another inode and times, but the same size and
digest, which the append has just checked against the bytes. The index it writes then
describes the new file by its own identity; reads still trust only that.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

from facetcoach.files import write_cache
from facetcoach.log.file_format import HEADER
from facetcoach.models import SCHEMA_VERSION

MAGIC = b"facetcoach-log-index 4"  # 2: the log's digest in the header; 3: 256 bytes of it;
# 4: only for a log whose layout was checked as it was written (an index built before could
# describe a log whose entries the scan misread, file_format._split)
# The header line, padded with spaces: room for the magic, four stat numbers of up to 20
# digits, a digest and two counts of a log of any size (found by review: 128 was full at 1 GB).
HEAD_SIZE = 256
RECORD_SIZE = 44  # b"%012d %s %s %08x\n": offset, date, latest date so far, CRC-32
NO_DATE = b"0000-00-00"


def index_path(real: Path) -> Path:
    """The index beside the log's real file (`.log.json.index`)."""
    return real.with_name(f".{real.name}.index")


# --- Writing ---------------------------------------------------------------------------------


def records(data: bytes, starts: Sequence[int], dates: Sequence[bytes], end: int) -> bytes:
    """The records of the entries starting at `starts` (their dates `dates`), the last one
    ending at `end` (where the list of entries ends)."""
    view = memoryview(data)
    # Each entry ends one byte (its comma) before the next starts; the last, at `end`.
    bounds = [*starts[1:], end + 1] if starts else []
    pieces = [view[start : after - 1] for start, after in zip(starts, bounds, strict=True)]
    return _records(starts, dates, pieces, NO_DATE)


def _records(
    starts: Sequence[int],
    dates: Sequence[bytes],
    pieces: Sequence[bytes | memoryview],
    latest: bytes,
) -> bytes:
    out = []
    for start, date, piece in zip(starts, dates, pieces, strict=True):
        latest = max(latest, date)
        fields = b"%012d %s %s" % (start, date, latest)
        out.append(b"%s %08x\n" % (fields, _crc(fields, piece)))
    return b"".join(out)


def _crc(fields: bytes, entry: bytes | memoryview) -> int:
    """A record's check: its entry's bytes and its own fields, so that a record read is
    known to be the one written for the bytes it points at."""
    return zlib.crc32(fields, zlib.crc32(entry))


def _identity(stat: os.stat_result) -> list[int]:
    """What tells one log.json from another: its size, modification and change times (the
    change time moves with any edit, even one that puts the modification time back) and
    inode (each write by facetcoach is a new file)."""
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


def header(stat: os.stat_result, digest: bytes, count: int, end: int) -> bytes | None:
    """The header line; None when it would not fit (then no index is written)."""
    words = [*(b"%d" % n for n in _identity(stat)), digest, b"%d" % count, b"%d" % end]
    line = b" ".join([MAGIC, *words])
    return line.ljust(HEAD_SIZE - 1) + b"\n" if len(line) < HEAD_SIZE else None


def extended(
    old: bytes,
    raw: bytes,
    starts: Sequence[int],
    dates: Sequence[bytes],
    pieces: Sequence[bytes],
) -> bytes | None:
    """The records `old` (of the entries of `raw`, which store.append_entries keeps byte for
    byte at the same offsets) and those of `pieces`, the entries appended after them at
    `starts`; None when the last old record, whose latest date the new ones carry on, is not
    that of its entry."""
    if not old:
        return _records(starts, dates, pieces, NO_DATE)
    last = old[-RECORD_SIZE:]
    entry = memoryview(raw)[int(last[:12]) : starts[0] - 1] if starts else b""
    if b"%08x" % _crc(last[:34], entry) != last[35:43]:
        return None
    return old + _records(starts, dates, pieces, last[24:34])


def matching(real: Path, digest: bytes, count: int, end: int) -> bytes | None:
    """The records of the index, when it describes log.json as it is now (under the lock,
    read and checked by an append: its digest `digest`, `count` entries ending at `end`), or
    a copy of the file it was written for; else None."""
    try:
        with open(index_path(real), "rb") as index_file:
            words = _head(index_file.fileno())
            index_file.seek(HEAD_SIZE)
            body = index_file.read()
        stat = os.stat(real)
    except OSError:
        return None
    if words is None or words[5:] != [b"%d" % count, b"%d" % end]:
        return None
    same_file = words[:4] == [b"%d" % n for n in _identity(stat)]
    same_bytes = words[0] == b"%d" % stat.st_size and words[4] == digest
    if not (same_file or same_bytes):
        return None
    return body if len(body) == count * RECORD_SIZE else None


def write_index(real: Path, digest: bytes, end: int, body: bytes) -> None:
    """Replace the index of `real`, just written (with the digest `digest`, its entries
    ending at `end`), by these records. A cache: no fsync, and a failure leaves no index
    (reads then read the whole log)."""
    try:
        stat = os.stat(real)
    except OSError:
        drop(real)
        return
    head = header(stat, digest, len(body) // RECORD_SIZE, end)
    if head is None or not write_cache(index_path(real), head + body):
        drop(real)  # an index of an older log must not stay


def drop(real: Path) -> None:
    """No index for `real` (a log that is not laid out as facetcoach writes it)."""
    with contextlib.suppress(OSError):
        os.unlink(index_path(real))


# --- Reading ---------------------------------------------------------------------------------


class Window:
    """The stored bytes of the entries in a window, how many entries the log holds, and the
    digest and size of the log.json read (which a journal names, log/journal.py)."""

    __slots__ = ("digest", "pieces", "size", "total")

    def __init__(self, pieces: list[bytes], total: int, digest: bytes, size: int) -> None:
        self.pieces, self.total = pieces, total
        self.digest, self.size = digest, size


def window(real: Path, since: dt.date | None, latest: int | None = None) -> Window | None:
    """The bytes of the entries dated `since` or later, in file order (today, progress,
    report, plan show); with `latest`, of at least the `latest` latest entries by date, every
    entry of their earliest day (log list). None on any doubt (the module docstring): then
    read the whole file."""
    try:
        with open(index_path(real), "rb") as index_file:
            fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            try:
                index = index_file.fileno()
                head = _head(index)
                stat = os.fstat(fd)  # the file read, even if another write replaces it meanwhile
                if head is None or [int(word) for word in head[:4]] != _identity(stat):
                    return None
                log_head = HEADER.match(os.pread(fd, 128, 0))
                if log_head is None or int(log_head[1]) != SCHEMA_VERSION:
                    return None  # a newer log: the whole read says so

                def read(at: int, size: int) -> bytes:
                    return os.pread(fd, size, at)

                found = _window(index, head, read, since, latest)
                return None if found is None else _of(found, log_head[2], stat.st_size)
            finally:
                os.close(fd)
    except (OSError, ValueError):
        return None


def window_in(
    real: Path, raw: bytes, digest: bytes, since: dt.date | None, latest: int | None = None
) -> Window | None:
    """`window`, from `raw`, the whole log read and its digest `digest` checked: for a copy of
    the file indexed (its size and digest those the index names), the index still says where
    each entry is, which spares the scan of every entry (the reads before an append to a copy,
    the benchmark's scratch folders). None on any doubt."""
    try:
        with open(index_path(real), "rb") as index_file:
            index = index_file.fileno()
            head = _head(index)
            if head is None or head[0] != b"%d" % len(raw) or head[4] != digest:
                return None
            found = _window(index, head, lambda at, size: raw[at : at + size], since, latest)
            return None if found is None else _of(found, digest, len(raw))
    except (OSError, ValueError):
        return None


def _of(found: tuple[list[bytes], int], digest: bytes, size: int) -> Window:
    return Window(*found, digest, size)


def _head(index: int) -> list[bytes] | None:
    """The words of an index's header after its magic: size, times, inode, digest, count,
    end (the header of `header`); None for another format."""
    head = os.pread(index, HEAD_SIZE, 0).split()
    if len(head) != 9 or b" ".join(head[:2]) != MAGIC:
        return None
    return head[2:]


def _window(
    index: int,
    head: list[bytes],
    read: Callable[[int, int], bytes],
    since: dt.date | None,
    latest: int | None,
) -> tuple[list[bytes], int] | None:
    """The pieces of the window and the log's count of entries (`window`), or None."""
    count, end = int(head[5]), int(head[6])
    if os.fstat(index).st_size != HEAD_SIZE + count * RECORD_SIZE:
        return None
    if count == 0:
        return [], 0

    def record(i: int) -> bytes:
        return os.pread(index, RECORD_SIZE, HEAD_SIZE + i * RECORD_SIZE)

    if latest is not None:
        tail = os.pread(
            index,
            RECORD_SIZE * min(latest, count),
            HEAD_SIZE + max(0, count - latest) * RECORD_SIZE,
        )
        dates = sorted(tail[i + 13 : i + 23] for i in range(0, len(tail), RECORD_SIZE))
        first = dates[0] if dates and count > latest else NO_DATE
    else:
        first = since.isoformat().encode("ascii") if since else NO_DATE
    # The first entry whose latest date so far reaches `first`: none before it is in the window.
    low, high = 0, count
    while low < high:
        mid = (low + high) // 2
        if record(mid)[24:34] >= first:
            high = mid
        else:
            low = mid + 1
    # From the record before the first one found to the end. That record is the last that
    # the search found before the window; checked below, it proves that no entry before it
    # is in the window (the latest dates only grow). A record that lied about its date to
    # the search is either it, or read too, and fails its check.
    since_row = max(0, low - 1)
    chunk = os.pread(index, (count - since_row) * RECORD_SIZE, HEAD_SIZE + since_row * RECORD_SIZE)
    rows = [chunk[i : i + RECORD_SIZE] for i in range(0, len(chunk), RECORD_SIZE)]
    if not rows or len(rows[-1]) != RECORD_SIZE:
        return None
    offsets = [int(row[:12]) for row in rows]
    begin = offsets[0]
    raw = read(begin, end - begin)
    if len(raw) != end - begin:
        return None
    pieces = []
    for row, start, after in zip(rows, offsets, [*offsets[1:], end + 1], strict=True):
        piece = raw[start - begin : after - 1 - begin]
        if b"%08x" % _crc(row[:34], piece) != row[35:43] or not piece.startswith(b'{"id":"'):
            return None  # not the bytes indexed: the whole file's checks say what is wrong
        if row[13:23] >= first:
            pieces.append(piece)
    return pieces, count
