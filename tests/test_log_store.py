"""The log store: round trips, the file format, backups, migration, links, faults and locks.

The promises tested are those of docs/data-safety.md; the corruption sweep, the hypothesis
round trip, concurrency and SIGKILL tests have files of their own.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import json
import os
import stat
import subprocess
import sys
import time

import pytest

from facetcoach import files as storage
from facetcoach import paths
from facetcoach.errors import DataError, InputError
from facetcoach.log import file_format as log_format
from facetcoach.log import store as log_store
from facetcoach.log.entries import edited_entry
from facetcoach.log.store import (
    DamagedLog,
    NewerLog,
    append_entries,
    append_entry,
    delete_entry,
    import_entries,
    load_entries,
    load_log,
    modify_log,
    read_import_file,
    update_entry,
)
from facetcoach.model_json import to_data
from helpers.logtools import NOW, a_session, a_skip, log_data, log_ids, plain_log, write_raw

DAYS = [dt.date(2026, 12, 7) + dt.timedelta(days=n) for n in range(10)]


def entries(count: int) -> list:
    return [a_session(DAYS[n % len(DAYS)], pain_before=n % 11) for n in range(count)]


def test_no_log_reads_as_empty_and_creates_nothing(home):
    assert load_entries() == []
    assert load_log().entries == []
    assert not home.exists()


def test_first_write_creates_a_private_log_then_appends(home):
    first, second = entries(2)
    assert append_entry(first) is first
    path = paths.log_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert not paths.log_backup_file().exists()  # nothing older to keep yet
    append_entry(second)
    assert load_entries() == [first, second]
    assert log_ids() == [first.id, second.id]


def test_file_format_is_compact_with_a_digest(home):
    append_entries(entries(3))
    raw = paths.log_file().read_bytes()
    assert raw.startswith(b'{"schema_version":1,"digest":"crc32:')
    assert raw.endswith(b"]}\n") and raw.count(b"\n") == 1
    data = json.loads(raw)
    assert list(data) == ["schema_version", "digest", "entries"]
    # The digest covers the version and the bytes after "entries": (CRC-32, 8 hex digits)
    import zlib

    body = raw[raw.index(b'"entries":') + len(b'"entries":') :]
    assert data["digest"] == f"crc32:{zlib.crc32(b'1:' + body):08x}"


def test_unchanged_entries_keep_their_bytes(home):
    append_entries(entries(3))
    before = paths.log_file().read_bytes()
    append_entry(a_session(DAYS[5]))
    after = paths.log_file().read_bytes()
    body = before[before.index(b"[") : -3]
    assert body[1:] in after  # the three old entries, byte for byte


def test_update_and_delete_by_prefix(home):
    first, second = entries(2)
    append_entries([first, second])
    old, new = update_entry(
        second.id[:6], lambda e: dataclasses.replace(e, pain_after=1, updated_at=NOW)
    )
    assert old == second and new.pain_after == 1
    assert load_entries()[1].pain_after == 1
    gone = delete_entry(first.id)
    assert gone == first
    assert [e.id for e in load_entries()] == [second.id]
    with pytest.raises(InputError, match="no entry with the id"):
        delete_entry(first.id)


def test_a_change_that_raises_writes_nothing(home):
    append_entries(entries(2))
    before = paths.log_file().read_bytes()

    def refuse(current):
        raise InputError("no")

    with pytest.raises(InputError):
        modify_log(refuse)
    assert paths.log_file().read_bytes() == before


def test_no_silent_shrink_and_no_duplicate_ids(home):
    """Promise 5: a save never has fewer entries than it read, except by an explicit delete."""
    append_entries(entries(3))
    before = paths.log_file().read_bytes()
    with pytest.raises(ValueError, match="drop 1 entries"):
        modify_log(lambda current: current[:-1])
    with pytest.raises(ValueError, match="drop 2 entries"):
        modify_log(lambda current: current[:-2], may_remove=1)
    with pytest.raises(ValueError, match="same id"):
        modify_log(lambda current: [*current, current[0]])
    with pytest.raises(InputError, match="already in the log"):
        append_entry(load_entries()[0])
    assert paths.log_file().read_bytes() == before


def test_an_entry_that_would_not_load_again_is_never_written(home):
    append_entries(entries(1))
    before = paths.log_file().read_bytes()
    bad = [
        dataclasses.replace(a_session(), pain_after=11),
        dataclasses.replace(a_session(), id="NOT-A-UUID"),
        dataclasses.replace(a_session(), created_at=dt.datetime(2026, 12, 9, 18)),
        dataclasses.replace(a_session(), note="\udcff"),
    ]
    for entry in bad:
        with pytest.raises(InputError, match="cannot be saved"):
            append_entry(entry)
    assert paths.log_file().read_bytes() == before


def test_nothing_changed_means_nothing_written(home):
    append_entries(entries(2))
    path = paths.log_file()
    before = path.stat().st_mtime_ns, path.stat().st_ino
    assert modify_log(lambda current: current) == load_entries()
    report = import_entries(load_entries())
    assert report.unchanged == 2 and report.added == 0
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == before


# --- The backup --------------------------------------------------------------------------


def test_the_backup_is_the_version_before_the_last_write(home):
    append_entries(entries(2))
    previous = paths.log_file().read_bytes()
    append_entry(a_session(DAYS[3]))
    assert paths.log_backup_file().read_bytes() == previous


LONGER_NOTE = "knee sore after gardening, not the back; easier tomorrow"


def _backup_ids() -> set[str]:
    return {entry.id for entry in read_import_file(paths.log_backup_file())}


def test_the_backup_keeps_a_deleted_entry_through_later_writes(home):
    """DS8. Before: delete one of 20 entries, then 14 edits (each adds bytes): the backup was
    replaced once the log grew past it in bytes, and the deleted entry was gone from both."""
    append_entries(entries(20))
    ids = [entry.id for entry in load_entries()]
    gone = delete_entry(ids[5])
    for entry_id in ids[6:]:
        update_entry(entry_id, lambda entry: edited_entry(entry, NOW, effort=4, note=LONGER_NOTE))
    append_entry(a_session(DAYS[6]))
    assert gone.id in _backup_ids()
    assert len(_backup_ids()) == 20 and len(load_entries()) == 20


def test_a_backup_holding_a_deleted_entry_is_rotated_after_30_days(home, monkeypatch):
    """DS8: the backup keeps what a deletion removed for 30 days (from when it became the
    backup), then rotates again; the clock is injected, the files are real."""
    append_entries(entries(4))
    with_four = paths.log_file().read_bytes()
    delete_entry(load_entries()[0].id)
    append_entry(a_session(DAYS[6]))
    assert paths.log_backup_file().read_bytes() == with_four
    days = log_store.KEEP_DELETED_DAYS
    later = time.time() + days * 86400 - 3600
    monkeypatch.setattr(log_store, "wall_clock", lambda: later)
    append_entry(a_session(DAYS[7]))
    assert paths.log_backup_file().read_bytes() == with_four  # not yet 30 days
    monkeypatch.setattr(log_store, "wall_clock", lambda: later + 7200)
    before = paths.log_file().read_bytes()
    append_entry(a_session(DAYS[8]))
    assert paths.log_backup_file().read_bytes() == before


def test_the_backup_rotates_when_it_lacks_nothing(home):
    """Entries only added or changed: the backup is the version before each write."""
    append_entries(entries(3))
    first = load_entries()[0].id
    update_entry(first, lambda entry: edited_entry(entry, NOW, effort=2))
    before = paths.log_file().read_bytes()
    update_entry(first, lambda entry: edited_entry(entry, NOW, note="shorter"))
    assert paths.log_backup_file().read_bytes() == before


def test_a_damaged_backup_is_replaced_by_a_good_version(home):
    append_entries(entries(2))
    write_raw(b"{" * 10_000, "log.json.bak")  # bigger than the log, but not good
    before = paths.log_file().read_bytes()
    append_entry(a_session(DAYS[4]))
    assert paths.log_backup_file().read_bytes() == before


def test_a_bigger_backup_from_a_newer_version_is_kept(home):
    append_entries(entries(1))
    newer = json.dumps({"schema_version": 2, "entries": [], "pad": "x" * 10_000})
    write_raw(newer, "log.json.bak")
    append_entry(a_session(DAYS[4]))
    assert paths.log_backup_file().read_text() == newer


def test_missing_log_with_a_backup_is_refused_not_started_empty(home):
    append_entries(entries(2))
    append_entry(a_session(DAYS[5]))
    paths.log_file().unlink()
    backup = paths.log_backup_file().read_bytes()
    for attempt in (load_entries, lambda: append_entry(a_session(DAYS[6]))):
        with pytest.raises(DataError) as caught:
            attempt()
        message = str(caught.value)
        assert "is missing, but its backup" in message
        assert str(paths.log_backup_file()) in message and "cp " in message
    assert not paths.log_file().exists()
    assert paths.log_backup_file().read_bytes() == backup


def test_orphan_temp_files_are_removed_by_the_next_write(home):
    """Promise 6: the temp files of writers that are gone (DS7: named after their process),
    and, an hour on, those of an older facetcoach (which named no writer)."""
    append_entries(entries(1))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    pid = int(gone.stdout)
    orphans = [
        write_raw(b"half", storage.temp_path(paths.log_file(), pid=pid).name),
        write_raw(b"half", storage.temp_path(paths.log_backup_file(), pid=pid).name),
        write_raw(b"half", ".log.json.abc123.tmp"),
        write_raw(b"half", ".log.json.bak.def456.tmp"),
    ]
    an_hour_ago = time.time() - storage.STALE_TEMP_SECONDS - 1
    for legacy in orphans[2:]:
        os.utime(legacy, (an_hour_ago, an_hour_ago))
    append_entry(a_session(DAYS[2]))
    assert not any(orphan.exists() for orphan in orphans)
    assert sorted(p.name for p in home.iterdir()) == [
        ".log.json.checked",  # the record of the file last checked and written (log_store)
        ".log.json.index",  # the offsets index (log/offsets.py)
        "log.json",
        "log.json.bak",
        "log.json.lock",
    ]


# --- Files edited by hand, migration, links --------------------------------------------------


def test_a_log_edited_by_hand_is_checked_thoroughly_then_rewritten(home):
    kept = entries(2)
    write_raw(plain_log(kept))  # pretty-printed, no digest
    assert load_entries() == kept
    append_entry(a_session(DAYS[8]))
    raw = paths.log_file().read_bytes()
    assert raw.startswith(b'{"schema_version":1,"digest":"crc32:')
    assert [to_data(e) for e in load_entries()[:2]] == [to_data(e) for e in kept]


def test_an_intact_digest_with_bad_content_is_still_refused_on_write(home):
    """Writes always run the strict validators, even on a file with a matching digest."""
    entry = to_data(a_session())
    entry["pain_after"] = 11
    piece = json.dumps(entry, separators=(",", ":"), ensure_ascii=False).encode()
    write_raw(log_store.encode_log([piece]))
    before = paths.log_file().read_bytes()
    with pytest.raises(DamagedLog, match="pain_after: must be from 0 to 10"):
        append_entry(a_session(DAYS[1]))
    assert paths.log_file().read_bytes() == before


def _version_zero(entries_: list) -> str:
    """A made-up older format: 'sessions' with a 'day' and a pair of pains."""
    return json.dumps(
        {
            "schema_version": 0,
            "sessions": [
                {
                    "id": e.id,
                    "day": e.date.isoformat(),
                    "at": e.created_at.isoformat(),
                    "done": [to_data(item) for item in e.done],
                    "pains": [e.pain_before, e.pain_after],
                }
                for e in entries_
            ],
        }
    )


def _from_version_zero(data: dict) -> dict:
    return {
        "schema_version": 1,
        "entries": [
            {
                "id": s["id"],
                "kind": "session",
                "date": s["day"],
                "created_at": s["at"],
                "done": s["done"],
                "pain_before": s["pains"][0],
                "pain_after": s["pains"][1],
            }
            for s in data["sessions"]
        ],
    }


def test_an_older_version_migrates_in_memory_and_after_a_dated_backup(home, monkeypatch):
    old = [a_session(DAYS[0], pain_before=4, pain_after=3)]
    original = _version_zero(old)
    write_raw(original)
    with pytest.raises(DamagedLog, match="schema_version 0 is not one facetcoach can read"):
        load_entries()

    monkeypatch.setattr(log_format, "MIGRATIONS", {0: _from_version_zero})
    monkeypatch.setenv("FACETCOACH_NOW", "2027-01-02T03:04:05+01:00")
    shown = load_entries()  # a read migrates in memory and writes nothing
    assert [(e.id, e.pain_before, e.pain_after) for e in shown] == [(old[0].id, 4, 3)]
    assert paths.log_file().read_text() == original
    assert sorted(p.name for p in home.iterdir()) == ["log.json"]

    append_entry(a_session(DAYS[1]))
    dated = home / "log.json.v0-20270102-030405.bak"
    assert dated.read_text() == original
    data = log_data()
    assert data["schema_version"] == 1 and len(data["entries"]) == 2


def test_a_newer_version_is_refused_and_left_alone(home):
    newer = json.dumps({"schema_version": 2, "entries": [], "moods": []})
    path = write_raw(newer)
    for attempt in (load_entries, lambda: append_entry(a_session())):
        with pytest.raises(NewerLog, match="newer version of facetcoach"):
            attempt()
    assert path.read_text() == newer
    assert sorted(p.name for p in path.parent.iterdir()) == ["log.json", "log.json.lock"]


def test_a_symlinked_log_is_followed_and_the_link_kept(home, tmp_path):
    synced = tmp_path / "synced"
    synced.mkdir()
    target = synced / "back-log.json"
    append_entry(a_session(DAYS[0]))
    os.replace(paths.log_file(), target)  # the user moves the log and links to it
    paths.log_file().symlink_to(target)
    append_entry(a_session(DAYS[1]))
    assert paths.log_file().is_symlink()
    assert len(json.loads(target.read_bytes())["entries"]) == 2
    assert len(load_entries()) == 2
    assert not list(synced.glob(".*.tmp"))


def test_a_link_to_a_missing_folder_is_refused(home, tmp_path):
    home.mkdir()
    paths.log_file().symlink_to(tmp_path / "unmounted" / "log.json")
    for attempt in (load_entries, lambda: append_entry(a_session())):
        with pytest.raises(DataError, match=r"is a link to .* which cannot be found .* not start"):
            attempt()
    assert not (tmp_path / "unmounted").exists()


def test_import_file_is_checked_strictly(tmp_path, home):
    good = tmp_path / "export.json"
    good.write_text(plain_log(entries(2)))
    assert len(read_import_file(good)) == 2
    cases = {
        "missing.json": None,
        "dup.json": plain_log(entries(1) * 2),
        "bad.json": '{"schema_version": 1, "entries": [{"id": 1}]}',
        "newer.json": '{"schema_version": 9, "entries": []}',
        "text.json": "hello",
    }
    for name, text in cases.items():
        file = tmp_path / name
        if text is not None:
            file.write_text(text)
        with pytest.raises(InputError, match=r"import|There is no file"):
            read_import_file(file)
    assert not home.exists()


# --- Faults: crash at each step, disk full, the lock -------------------------------------------


class Crash(OSError):
    pass


def _faulty(monkeypatch, fail_at: int | None, calls: list[str]):
    """Make the k-th call of any file-system step raise, as a crash or an I/O error would."""
    # (Not close or unlink: they only tidy up, and a folder handle's close does not fail.)
    for name in ("open", "write", "fsync", "replace", "link", "fchmod"):
        real = getattr(os, name)

        def step(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            if fail_at is not None and len(calls) == fail_at:
                raise Crash(errno.EIO, f"injected at {_name}")
            return _real(*args, **kwargs)

        monkeypatch.setattr(os, name, step)


def test_a_fault_at_any_step_leaves_exactly_the_old_or_the_new_file(home, monkeypatch):
    """Like SQLite's tests: fail each I/O step in turn; the file is exactly old or new."""
    append_entries(entries(3))
    append_entry(a_session(DAYS[4]))  # so that a backup exists
    old_log = paths.log_file().read_bytes()
    old_backup = paths.log_backup_file().read_bytes()
    extra = a_session(DAYS[9])

    calls: list[str] = []
    with monkeypatch.context() as patch:
        _faulty(patch, None, calls)
        append_entry(extra)
    steps = len(calls)
    new_log = paths.log_file().read_bytes()
    assert steps >= 8, calls

    outcomes = {"old": 0, "new": 0}
    for fail_at in range(1, steps + 1):
        write_raw(old_log)
        write_raw(old_backup, "log.json.bak")
        with monkeypatch.context() as patch:
            _faulty(patch, fail_at, [])
            with contextlib.suppress(DataError):
                append_entry(extra)
        now_log = paths.log_file().read_bytes()
        assert now_log in (old_log, new_log), f"a third state after a fault at step {fail_at}"
        outcomes["old" if now_log == old_log else "new"] += 1
        assert paths.log_backup_file().read_bytes() in (old_backup, old_log)
        assert len(load_entries()) in (4, 5)
    assert outcomes["old"] and outcomes["new"]
    append_entry(a_session(DAYS[0]))  # the next command cleans up after the faults
    assert not list(home.glob(".*.tmp"))


def test_disk_full_changes_nothing(home, monkeypatch):
    append_entries(entries(2))
    append_entry(a_session(DAYS[3]))
    before = {p.name: p.read_bytes() for p in home.iterdir()}

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    monkeypatch.setattr(os, "link", lambda *a: (_ for _ in ()).throw(OSError(errno.EPERM, "no")))
    with pytest.raises(DataError) as caught:
        append_entry(a_session(DAYS[4]))
    assert "The disk is full" in str(caught.value) and "log.json" in str(caught.value)
    assert {p.name: p.read_bytes() for p in home.iterdir()} == before


def test_the_lock_really_excludes(home, monkeypatch):
    """Sabotaged with the lock removed: the write went through (DID NOT RAISE DataError)."""
    from filelock import FileLock

    append_entries(entries(1))
    before = paths.log_file().read_bytes()
    monkeypatch.setattr(storage, "LOCK_TIMEOUT_SECONDS", 0.2)
    with FileLock(str(paths.lock_file(paths.log_file()))):
        with pytest.raises(DataError, match=r"log\.json is busy"):
            append_entry(a_session(DAYS[2]))
        assert load_entries()  # reading needs no lock
    assert paths.log_file().read_bytes() == before
    append_entry(a_session(DAYS[2]))  # free again


def test_reads_for_display_decode_only_the_window(home, monkeypatch):
    append_entries([a_session(DAYS[n]) for n in range(6)])
    from facetcoach import model_json as codec

    decoded: list[object] = []
    real = codec.from_data
    monkeypatch.setattr(codec, "from_data", lambda cls, data: decoded.append(1) or real(cls, data))
    shown = load_entries(since=DAYS[4])
    assert [e.date for e in shown] == DAYS[4:6]
    assert len(decoded) == 2


def test_skips_and_sessions_share_one_file(home):
    append_entries([a_session(DAYS[0]), a_skip(DAYS[2], "flare")])
    kinds = [e.kind for e in load_entries()]
    assert kinds == ["session", "skipped"]


def test_a_window_read_equals_the_whole_log_filtered_by_date(home):
    """load_entries(since) decodes only the entries in the window (benchmarks/README.md):
    it must give exactly what filtering the whole log gives, whatever order the dates are in."""
    days = [DAYS[n] for n in (5, 0, 9, 3, 3, 7, 1)]  # out of order, and a repeated day
    append_entries([a_session(day) for day in days[:4]])
    append_entries([a_skip(day) for day in days[4:]])
    everything = load_entries()
    assert len(everything) == 7
    for since in [DAYS[0] - dt.timedelta(days=1), *DAYS, DAYS[-1] + dt.timedelta(days=1)]:
        assert load_entries(since=since) == [e for e in everything if e.date >= since]


def test_a_window_read_of_a_file_in_another_layout_decodes_it_whole(home):
    """A digest-intact file whose entries do not start id, kind, date (written by another
    tool that computed the digest) is still read right, by decoding every entry."""
    entry = a_session(DAYS[4])
    data = to_data(entry)
    moved = {"kind": data["kind"], **data}  # kind first: not the layout entry_bytes writes
    piece = json.dumps(moved, separators=(",", ":"), ensure_ascii=False).encode()
    write_raw(log_store.encode_log([piece, log_store.entry_bytes(a_session(DAYS[1]))]))
    assert [e.date for e in load_entries(since=DAYS[2])] == [DAYS[4]]
    assert load_entries(since=DAYS[2])[0] == entry
