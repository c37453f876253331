"""The offsets index (log/offsets.py, issue 15): a read for display through it gives exactly
what reading the whole file gives, or it is not used. It is written by every write, extended
in place by an append, trusted only for the log.json it describes (size, time, inode), and
checked entry by entry; on any doubt the whole file is read, with its digest and every check.

Checked once each: with the identity comparison taken out of offsets._window, the "touched"
and "time put back" tests fail; with the CRC check taken out, the hand-edit, corrupted-record
and corrupted-probe tests fail; with the check of the last record in offsets.extended taken
out, the damaged-latest test fails.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facetcoach import paths
from facetcoach.log import offsets
from facetcoach.log import store as log_store
from facetcoach.log.file_format import (
    HEADER,
    LogSource,
    decode_for_display,
    entries_end,
    entry_starts,
)
from facetcoach.log.store import (
    DamagedLog,
    append_entries,
    delete_entry,
    load_entries,
    load_latest,
    update_entry,
)
from helpers.logtools import a_session
from helpers.profiles import examples

START = dt.date(2026, 1, 1)


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def index_file():
    return offsets.index_path(paths.log_file())


def whole(since: dt.date | None) -> list:
    """What reading the whole file gives (the path the index stands in for)."""
    raw = paths.log_file().read_bytes()
    return decode_for_display(raw, LogSource(paths.log_file()), since)


def no_whole_read(monkeypatch):
    """Reading log.json whole now fails the test: only the index may be used."""

    def refuse(path, *_):
        raise AssertionError(f"read whole: {path}")

    monkeypatch.setattr(log_store, "read_bytes", refuse)


def test_every_write_leaves_an_index_of_the_log_it_wrote(home):
    append_entries([a_session(day(n)) for n in (3, 1, 2)])
    raw = paths.log_file().read_bytes()
    start = HEADER.match(raw).end()
    starts, dates = entry_starts(raw, start)
    end = entries_end(raw, start)
    data = index_file().read_bytes()
    assert data[offsets.HEAD_SIZE :] == offsets.records(raw, starts, dates, end)
    assert stat.S_IMODE(index_file().stat().st_mode) == 0o600


def test_an_append_extends_the_index_as_a_whole_rebuild_would(home):
    append_entries([a_session(day(n)) for n in range(5)])
    append_entries([a_session(day(2)), a_session(day(9))])  # late, then on time
    extended = index_file().read_bytes()[offsets.HEAD_SIZE :]
    raw = paths.log_file().read_bytes()
    start = HEADER.match(raw).end()
    starts, dates = entry_starts(raw, start)
    assert extended == offsets.records(raw, starts, dates, entries_end(raw, start))


def test_reads_of_a_window_use_the_index_alone(home, monkeypatch):
    sessions = [a_session(day(n)) for n in range(40)]
    append_entries(sessions)
    no_whole_read(monkeypatch)
    assert load_entries(since=day(35)) == sessions[35:]
    latest, total = load_latest(30)
    assert total == 40 and latest == sessions[10:]


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    days=st.lists(st.integers(0, 60), min_size=0, max_size=25),
    more=st.lists(st.integers(0, 60), max_size=5),
    since=st.integers(-1, 62),
    latest=st.integers(1, 30),
    change=st.sampled_from(["append", "delete", "edit"]),
)
def test_a_read_through_the_index_is_the_read_of_the_whole_file(
    home, days, more, since, latest, change
):
    for name in ("log.json", ".log.json.index", ".log.json.checked", "log.json.bak"):
        (paths.data_dir() / name).unlink(missing_ok=True)
    entries = [a_session(day(n)) for n in days]
    if entries:
        append_entries(entries)
    if change == "append" and more:
        append_entries([a_session(day(n)) for n in more])
    elif change == "delete" and entries:
        delete_entry(entries[len(entries) // 2].id)
    elif change == "edit" and entries:
        update_entry(entries[0].id, lambda e: dataclasses.replace(e, note="x"))
    if not paths.log_file().exists():
        return
    window = day(since)
    assert offsets.window(paths.log_file(), window) is not None  # the index was used
    assert load_entries(since=window) == whole(window)
    found, total = load_latest(latest)
    every = whole(None)
    assert total == len(every)
    key = lambda e: (e.date, e.created_at)  # noqa: E731
    assert sorted(found, key=key)[-latest:] == sorted(every, key=key)[-latest:]


def test_a_log_touched_since_its_index_is_read_whole(home, monkeypatch):
    append_entries([a_session(day(n)) for n in range(5)])
    os.utime(paths.log_file(), ns=(1, 1))  # the same bytes, another time: not the file indexed
    assert offsets.window(paths.log_file(), day(3)) is None
    assert load_entries(since=day(3)) == whole(day(3))


def test_a_hand_edit_keeping_size_and_time_is_caught_by_the_crc(home):
    append_entries([a_session(day(n), note="aaaa") for n in range(5)])
    log = paths.log_file()
    before = log.stat()
    raw = log.read_bytes()
    at = raw.rindex(b"aaaa")
    with open(log, "r+b") as f:  # in place: the same inode and size
        f.seek(at)
        f.write(b"bbbb")
    os.utime(log, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert offsets.window(log, day(3)) is None  # the entry read is not the one indexed
    with pytest.raises(DamagedLog):
        load_entries(since=day(3))  # and the whole file's digest says the log was changed


def test_a_corrupted_record_is_never_trusted(home):
    append_entries([a_session(day(n)) for n in range(20)])
    good = load_entries(since=day(15))
    data = bytearray(index_file().read_bytes())
    record = offsets.HEAD_SIZE + 16 * offsets.RECORD_SIZE
    data[record + 24 : record + 34] = b"2030-01-01"  # a latest date too late
    index_file().write_bytes(bytes(data))
    assert offsets.window(paths.log_file(), day(15)) is None
    assert load_entries(since=day(15)) == good


def test_a_corrupted_probe_cannot_hide_entries(home):
    """A record that says it is earlier than it is would make the binary search start the
    window too late; the search ends just after it, so it is read, and fails its check."""
    append_entries([a_session(day(n)) for n in range(20)])
    data = bytearray(index_file().read_bytes())
    record = offsets.HEAD_SIZE + 15 * offsets.RECORD_SIZE  # the search's second probe
    data[record + 24 : record + 34] = b"2026-01-02"  # entry 15 claims day 1 is its latest
    index_file().write_bytes(bytes(data))
    found = offsets.window(paths.log_file(), day(12))
    assert found is None or len(found.pieces) == 8


def test_no_index_or_a_broken_one_means_a_whole_read(home):
    sessions = [a_session(day(n)) for n in range(5)]
    append_entries(sessions)
    index_file().unlink()
    assert load_entries(since=day(2)) == sessions[2:]
    index_file().write_bytes(b"nonsense")
    assert load_entries(since=day(2)) == sessions[2:]
    append_entries([a_session(day(6))])  # a write puts a whole index back
    assert offsets.window(paths.log_file(), day(2)) is not None


def test_the_index_of_a_linked_log_is_beside_its_target(home, tmp_path):
    elsewhere = tmp_path / "synced"
    elsewhere.mkdir(mode=0o700)
    target = elsewhere / "log.json"
    append_entries([a_session(day(0))])
    paths.log_file().rename(target)
    os.symlink(target, paths.log_file())
    append_entries([a_session(day(n)) for n in range(1, 3)])
    assert (elsewhere / ".log.json.index").is_file()
    assert load_entries(since=day(1)) == whole(day(1))


def test_an_append_does_not_carry_on_a_damaged_latest_date(home):
    """Found by review: the records of an append carry on the last old record's latest date;
    a damaged one is not taken on (its CRC is checked), the index is built whole instead."""
    append_entries([a_session(day(n)) for n in (20, 1, 2)])
    data = bytearray(index_file().read_bytes())
    last = len(data) - offsets.RECORD_SIZE
    data[last + 24 : last + 34] = b"2026-01-03"  # the last record forgets day 20
    index_file().write_bytes(bytes(data))
    append_entries([a_session(day(3))])
    assert load_entries(since=day(10)) == whole(day(10))
    assert [e.date for e in load_entries(since=day(10))] == [day(20)]


def test_an_edit_that_puts_the_time_back_is_not_the_file_indexed(home):
    """Found by review: an edit outside the window, with the modification time put back, is
    told by the change time; the whole read then reports the damage."""
    append_entries([a_session(day(n), note="aaaa") for n in range(5)])
    log = paths.log_file()
    before = log.stat()
    raw = log.read_bytes()
    at = raw.index(b"aaaa")  # the oldest entry, outside a window from day 3
    with open(log, "r+b") as f:
        f.seek(at)
        f.write(b"bbbb")
    os.utime(log, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert offsets.window(log, day(3)) is None
    with pytest.raises(DamagedLog):
        load_entries(since=day(3))


def _a_copy_in_place_of_the_log() -> None:
    """log.json replaced by a copy of itself: the same bytes, another inode and times (a
    restore, a new computer, the benchmark's scratch folders)."""
    log = paths.log_file()
    copy = log.with_name("copy.json")
    copy.write_bytes(log.read_bytes())
    copy.chmod(0o600)
    os.replace(copy, log)


def test_an_append_to_a_copy_carries_its_index_on_and_reads_wait_for_it(home, monkeypatch):
    append_entries([a_session(day(n)) for n in range(5)])
    _a_copy_in_place_of_the_log()
    assert offsets.window(paths.log_file(), day(3)) is None  # reads: not the file indexed

    def rebuilt(*_):
        raise AssertionError("the index was built again")

    with monkeypatch.context() as patched:
        patched.setattr(offsets, "records", rebuilt)
        append_entries([a_session(day(6)), a_session(day(2))])
    raw = paths.log_file().read_bytes()
    start = HEADER.match(raw).end()
    starts, dates = entry_starts(raw, start)
    extended = index_file().read_bytes()[offsets.HEAD_SIZE :]
    assert extended == offsets.records(raw, starts, dates, entries_end(raw, start))
    assert offsets.window(paths.log_file(), day(3)) is not None  # the new file's own identity
    assert load_entries(since=day(2)) == whole(day(2))


def test_the_index_of_other_bytes_is_not_carried_on(home, monkeypatch):
    """A copy whose index names another digest (or another size): built whole again."""
    append_entries([a_session(day(n)) for n in range(5)])
    data = index_file().read_bytes()
    digest = data[: offsets.HEAD_SIZE].split()[6]
    index_file().write_bytes(data.replace(digest, b"crc32:00000000", 1))
    _a_copy_in_place_of_the_log()
    built = []
    real = offsets.records
    monkeypatch.setattr(offsets, "records", lambda *a: built.append(1) or real(*a))
    append_entries([a_session(day(6))])
    assert built == [1]
    assert load_entries(since=day(0)) == whole(day(0))


def test_a_read_of_a_copy_checks_it_whole_and_finds_the_window_by_the_index(home, monkeypatch):
    """A copy is not the file indexed, so reads read it whole and check its digest; its size
    and digest are those the index names, so the index, not a scan of every entry, says
    where the window is (offsets.window_in)."""
    from facetcoach.log import file_format

    sessions = [a_session(day(n)) for n in range(40)]
    append_entries(sessions)
    _a_copy_in_place_of_the_log()
    with monkeypatch.context() as patched:
        patched.setattr(file_format, "entry_starts", lambda *_: pytest.fail("scanned"))
        assert load_entries(since=day(35)) == sessions[35:]
        found, total = load_latest(5)
        assert total == 40 and found == sessions[35:]
    raw = paths.log_file().read_bytes()
    digest = HEADER.match(raw)[2]
    assert offsets.window_in(paths.log_file(), raw, digest, day(35)) is not None
    assert offsets.window_in(paths.log_file(), raw, b"crc32:00000000", day(35)) is None
    assert offsets.window_in(paths.log_file(), raw + b" ", digest, day(35)) is None


def test_a_header_that_would_not_fit_leaves_no_index(home, monkeypatch):
    """Found by review: a header longer than its room would have shifted every record; such
    a log (numbers far beyond any file system's) gets no index, and reads read it whole."""
    append_entries([a_session(day(n)) for n in range(3)])
    assert index_file().exists()
    with monkeypatch.context() as patched:
        patched.setattr(offsets, "_identity", lambda stat: [10**60] * 4)
        append_entries([a_session(day(5))])
    assert not index_file().exists()
    assert [e.date for e in load_entries(since=day(2))] == [day(2), day(5)]
