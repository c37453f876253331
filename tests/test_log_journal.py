"""The journal beside a large log.json (log/journal.py; docs/data-safety.md, "The journal").

An append of entries with new ids to a log of JOURNAL_FROM bytes or more writes only the
journal; every other write, and the append that finds it full, folds it into log.json. The
tests lower JOURNAL_FROM (and FOLD_AT) so that small logs take the path a large one takes;
test_a_real_megabyte_log_journals_its_appends runs it at its real size. They bite: with the
reconciliation by id taken out (every journal entry counted), the crash between the fold and
the journal's removal doubled the entry, a deleted entry came back, and the fault sweep found
a third state; with the check that the journal extends the log.json read taken out, the first
two failed again. The concurrency and kill tests of test_log_concurrency.py run on the journal
too ("journal" in their ids).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from facetcoach import files, paths
from facetcoach.cli.complete import entry_ids
from facetcoach.errors import DataError, InputError
from facetcoach.log import journal
from facetcoach.log import store as log_store
from facetcoach.log.file_format import NewerLog, checked_header, tombstone_bytes
from facetcoach.log.store import (
    DamagedLog,
    LogSource,
    append_entries,
    append_entry,
    delete_entry,
    import_entries,
    load_entries,
    load_latest,
    load_whole_log,
    read_import_file,
    update_entry,
)
from facetcoach.models import Tombstone
from helpers.fuzztools import files_in
from helpers.logtools import NOW, a_session, a_skip, saved_plan, write_raw

DAYS = [dt.date(2026, 12, 7) + dt.timedelta(days=n) for n in range(10)]


@pytest.fixture
def journaled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every log counts as large, and the journal holds 3 entries at most."""
    monkeypatch.setattr(journal, "JOURNAL_FROM", 0)
    monkeypatch.setattr(journal, "FOLD_AT", 3)


def _journal() -> Path:
    return journal.journal_path(paths.log_file().resolve())


def _a_log(count: int = 3) -> list[str]:
    entries = [a_session(DAYS[n % 10], pain_before=n % 11) for n in range(count)]
    append_entries(entries)
    append_entry(a_skip(DAYS[9]))  # a second write: the record and the index of a write
    return [e.id for e in load_entries()]


def _ids() -> list[str]:
    return [entry.id for entry in load_entries()]


def test_an_append_to_a_large_log_writes_the_journal_not_the_log(journaled):
    before = _a_log()
    log = paths.log_file().read_bytes()
    new = a_session(DAYS[5], note="journaled ✓")
    append_entry(new, new_id=True)
    assert paths.log_file().read_bytes() == log  # log.json not rewritten
    assert _journal().is_file() and _journal().stat().st_mode & 0o777 == 0o600  # DS10
    assert _ids() == [*before, new.id]
    assert [e.id for e in load_entries(since=DAYS[5])][-1] == new.id
    latest, total = load_latest(2)
    assert new.id in [e.id for e in latest] and total == len(before) + 1
    assert [e.id for e in load_whole_log().entries] == [*before, new.id]


def test_below_the_size_or_with_a_given_id_the_log_is_rewritten(journaled, monkeypatch):
    before = _a_log()
    append_entry(a_session(DAYS[1]))  # an id the caller chose: it may be in the log already
    assert not _journal().exists()
    monkeypatch.setattr(journal, "JOURNAL_FROM", paths.log_file().stat().st_size + 1)
    append_entry(a_session(DAYS[2]), new_id=True)
    assert not _journal().exists() and len(read_import_file(paths.log_file())) == len(before) + 2


def test_the_append_that_finds_the_journal_full_folds_it_into_the_log(journaled):
    before = _a_log()
    added = [a_session(DAYS[n]) for n in range(4)]
    for entry in added[:3]:
        append_entry(entry, new_id=True)
    assert len(journal.read(paths.log_file(), strict=True).entries) == 3  # type: ignore[union-attr]
    append_entry(added[3], new_id=True)
    assert not _journal().exists()
    assert [e.id for e in read_import_file(paths.log_file())] == [*before, *(e.id for e in added)]
    assert paths.log_backup_file().is_file()


@pytest.mark.parametrize("write", ["edit", "delete", "import", "append with an id"])
def test_every_other_write_folds_the_journal_in_first(journaled, write):
    before = _a_log()
    new = a_session(DAYS[3])
    append_entry(new, new_id=True)
    other = a_session(DAYS[4], note="from the laptop")
    if write == "edit":
        update_entry(new.id, lambda e: dataclasses.replace(e, pain_after=1, updated_at=NOW))
    elif write == "delete":
        delete_entry(new.id)
    elif write == "import":
        import_entries([other])
    else:
        append_entry(other)
    assert not _journal().exists()
    stored = read_import_file(paths.log_file())
    expected = {
        "edit": [*before, new.id],
        "delete": before,
        "import": [*before, new.id, other.id],
        "append with an id": [*before, new.id, other.id],
    }[write]
    assert [e.id for e in stored] == expected == _ids()
    if write == "edit":
        assert stored[-1].pain_after == 1


def test_a_crash_between_the_fold_and_the_removal_doubles_nothing(journaled, monkeypatch):
    """The journal left behind names the log.json before the fold: its entries, all in the
    new log.json, count for nothing (reads, appends, and the next fold)."""
    before = _a_log()
    new = a_session(DAYS[3])
    append_entry(new, new_id=True)
    with monkeypatch.context() as patch:
        patch.setattr(journal, "remove", lambda real: None)  # killed right after the rename
        delete_entry(before[0])
    assert _journal().exists()
    assert _ids() == [*before[1:], new.id]
    assert [e.id for e in load_whole_log().entries] == [*before[1:], new.id]
    later = a_session(DAYS[6])
    append_entry(later, new_id=True)  # the stale journal is folded away, not appended to
    assert not _journal().exists()
    assert _ids() == [*before[1:], new.id, later.id]


def test_a_deleted_entry_in_a_journal_left_behind_stays_deleted(journaled, monkeypatch):
    """DS13: a journal entry counts only while log.json has no trace of its id."""
    before = _a_log()
    new = a_session(DAYS[3])
    append_entry(new, new_id=True)
    kept = _journal().read_bytes()
    delete_entry(new.id)  # folds, then deletes: a tombstone
    _journal().write_bytes(kept)  # as if the removal had failed
    assert _ids() == before
    assert new.id not in [e.id for e in load_whole_log().entries]


def test_a_log_json_carried_over_without_its_journal_keeps_the_journal_entries(journaled):
    """A log.json put back from a copy (or brought by a sync tool): the journal does not
    extend it, and its entries still count, once, after the copy's."""
    before = _a_log()
    copy = paths.log_file().read_bytes()
    new = a_session(DAYS[3])
    append_entry(new, new_id=True)
    append_entry(a_session(DAYS[2], note="then this"), new_id=False)  # folds
    paths.log_file().write_bytes(copy)
    write_raw(
        journal.encode(b"crc32:00000000", 1, [log_store.entry_bytes(new)]), "log.json.journal"
    )
    assert _ids() == [*before, new.id]
    append_entry(a_session(DAYS[4]), new_id=True)  # not the recorded log.json: a rewrite
    assert not _journal().exists() and _ids()[: len(before) + 1] == [*before, new.id]


def test_a_damaged_journal_stops_reads_and_writes_and_nothing_changes(journaled):
    _a_log()
    append_entry(a_session(DAYS[3]), new_id=True)
    raw = _journal().read_bytes()
    _journal().write_bytes(raw.replace(b'"pain_before"', b'"pain_befor"', 1) or raw[:-9])
    before = files_in(paths.data_dir())
    for attempt in (
        load_entries,
        lambda: load_entries(since=DAYS[2]),
        lambda: load_latest(5),
        lambda: append_entry(a_session(DAYS[4]), new_id=True),
        lambda: append_entry(a_session(DAYS[4])),
        lambda: delete_entry(lambda entries: entries[0]),
    ):
        with pytest.raises(DamagedLog, match="journal of your log"):
            attempt()
    assert files_in(paths.data_dir()) == before  # DS4


def test_an_edited_log_json_is_never_trusted_for_the_journal(journaled):
    """A log.json whose times changed (an edit, even under a recomputed digest) is read and
    checked whole: the append is a rewrite, and it folds the journal."""
    before = _a_log()
    append_entry(a_session(DAYS[3]), new_id=True)
    stat = paths.log_file().stat()
    os.utime(paths.log_file(), ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    append_entry(a_session(DAYS[4]), new_id=True)
    assert not _journal().exists() and len(read_import_file(paths.log_file())) == len(before) + 2


def test_a_linked_log_keeps_its_journal_beside_its_target(journaled, home):
    """DS7: the journal is written, read and removed beside the file the link resolves to."""
    _a_log()
    shared = home.parent / "shared"
    shared.mkdir(mode=0o700)
    for name in ("log.json", ".log.json.checked", ".log.json.index"):
        os.replace(home / name, shared / name)
    (home / "log.json").symlink_to(shared / "log.json")
    append_entry(a_skip(DAYS[8]))  # a rewrite through the link: its record and index
    new = a_session(DAYS[3])
    append_entry(new, new_id=True)
    assert (shared / "log.json.journal").is_file() and not (home / "log.json.journal").exists()
    assert _ids()[-1] == new.id


def test_a_fault_at_any_step_of_a_journal_append_or_fold_leaves_the_old_or_new_log(
    journaled, home, monkeypatch
):
    """DS2 for the pair log.json + journal: at each failing step, the log read is exactly the
    one before or the one after (the journal may stay behind a fold: it counts for nothing)."""
    first = _a_log()[0]
    append_entry(a_session(DAYS[3]), new_id=True)
    append_entry(a_session(DAYS[4]), new_id=True)
    last, *fold = (a_session(DAYS[5], note=f"{n}") for n in range(3))
    appends = [
        lambda: append_entry(last, new_id=True),  # the last room in the journal
        lambda: append_entries(fold, new_ids=True),  # a fold
        lambda: delete_entry(first),  # a fold and a delete
    ]
    for write in appends:
        saved = files_in(home)
        outcomes = _sweep(home, saved, write, monkeypatch)
        assert outcomes["old"] >= 1 and outcomes["new"] >= 1, outcomes
        assert outcomes["journal only"] == (write is appends[0]), outcomes
        _restore(home, saved)


STEPS = ("open", "write", "fsync", "replace", "unlink", "close")


def _sweep(home: Path, saved: dict[str, bytes], write, monkeypatch) -> dict[str, int]:
    def state() -> list[tuple[str, str | None]]:
        return [(e.id, e.note) for e in load_whole_log().entries]

    _restore(home, saved)
    old = state()
    calls: list[str] = []
    with _faults(monkeypatch, None, calls):
        write()
    new = state()
    journaled = paths.log_file().read_bytes() == saved["log.json"]
    print("journal only" if journaled else "log.json rewritten", calls)
    assert new != old
    outcomes = {"old": 0, "new": 0, "journal only": journaled}
    for fail_at in range(1, len(calls) + 1):
        _restore(home, saved)
        with _faults(monkeypatch, fail_at, []), contextlib.suppress(DataError):
            write()
        now = state()
        assert now in (old, new), f"a third state at step {fail_at} of {calls}"
        outcomes["new" if now == new else "old"] += 1
    return outcomes


@contextlib.contextmanager
def _faults(monkeypatch: pytest.MonkeyPatch, fail_at: int | None, calls: list[str]):
    with monkeypatch.context() as patch:
        for name in STEPS:
            real = getattr(os, name)

            def step(*args, _real=real, _name=name, **kwargs):
                calls.append(_name)
                if len(calls) == fail_at:
                    if _name == "close":
                        _real(*args, **kwargs)
                    raise OSError(errno.EIO, f"injected at {_name}")
                return _real(*args, **kwargs)

            patch.setattr(os, name, step)
        yield


def _restore(folder: Path, files: dict[str, bytes]) -> None:
    """The folder as it was, with an offsets index of the log.json put back (a new file, so
    the old index no longer names it), so that the journal's path is taken again."""
    shutil.rmtree(folder, ignore_errors=True)
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        path.chmod(0o600)
    folder.chmod(0o700)
    log_store._remember_offsets(paths.log_file(), [files["log.json"]], None)


def test_a_real_megabyte_log_journals_its_appends(monkeypatch):
    """At its real size (JOURNAL_FROM as shipped): a log of over 1 MiB. (FOLD_AT is lowered
    to 4: 64 appends took 4 s.)"""
    monkeypatch.setattr(journal, "FOLD_AT", 4)
    entries = [a_session(DAYS[n % 10], note="x" * 200) for n in range(1600)]
    append_entries(entries)
    append_entry(a_skip(DAYS[9]))
    assert paths.log_file().stat().st_size >= journal.JOURNAL_FROM
    log = paths.log_file().read_bytes()
    for n in range(journal.FOLD_AT):
        append_entry(a_session(DAYS[n % 10]), new_id=True)
        assert paths.log_file().read_bytes() == log
    append_entry(a_session(DAYS[0]), new_id=True)
    assert not _journal().exists()
    assert len(read_import_file(paths.log_file())) == 1601 + journal.FOLD_AT + 1


def test_a_repeated_new_id_is_refused(journaled):
    _a_log()
    twice = a_session(DAYS[3])
    append_entry(twice, new_id=True)
    with pytest.raises(InputError, match="already in the log"):
        append_entry(twice, new_id=True)


# --- Through the commands ---------------------------------------------------------------------


@pytest.fixture
def wednesday(monkeypatch):
    """The six-week test plan (Mon/Wed/Fri from 7 Dec 2026); today is Wednesday 9 Dec."""
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-09")
    monkeypatch.setenv("FACETCOACH_NOW", "2026-12-09T18:30:00+01:00")
    saved_plan()


def test_the_commands_see_the_journal_entries_as_the_log(journaled, wednesday, cli):
    """`log` writes the journal; `log list`, `progress --json`, `log undo`, the completion of
    ids and `paths` see it as part of the log."""
    before = _a_log()
    logged = cli("log", "--pain-before", "4", "--pain-after", "3", "--json")
    assert logged.exit_code == 0, logged.output
    new = json.loads(logged.stdout)["id"]
    assert _journal().is_file() and _ids() == [*before, new]
    again = cli("log", "--pain-before", "2", "--pain-after", "2", "--note", "twice")
    assert again.exit_code == 0 and "already" not in again.stdout
    listed = cli("log", "list", "--json")
    assert listed.exit_code == 0 and new in listed.stdout
    assert new[:8] in [choice[0] for choice in entry_ids("")]
    located = json.loads(cli("paths", "--json").stdout)
    assert located["log_journal"] == str(_journal())
    undone = cli("log", "undo", "--yes")
    assert undone.exit_code == 0, undone.output
    assert not _journal().exists()  # folded, then the last entry deleted
    assert _ids() == [*before, new]


def test_logging_on_a_journaled_log_counts_the_days_entries(journaled, wednesday, cli):
    """The day's count (`That day now has 2 entries`-style lines) comes from the window and
    the journal, as from the whole log."""
    first = cli("log", "--pain-before", "4", "--pain-after", "3")
    assert first.exit_code == 0, first.output
    append_entry(a_skip(DAYS[9]))  # a rewrite: the log is journaled from here on
    second = cli("log", "--pain-before", "4", "--pain-after", "3")
    third = cli("log", "--pain-before", "4", "--pain-after", "3")
    assert _journal().is_file()
    assert "That day now has 2 entries" in " ".join(second.stdout.split())
    assert "That day now has 3 entries" in " ".join(third.stdout.split())


@pytest.mark.parametrize("read", ["display", "write"])
def test_a_value_out_of_range_in_the_journal_is_damage_even_under_its_digest(journaled, read):
    """DS14: the journal's entries get the checks log.json's get (its quick strict check at a
    write, model_json.strict_data, and the display read's)."""
    _a_log()
    bad = dataclasses.replace(a_session(DAYS[3]), pain_before=99)
    stale = journal.encode(b"crc32:00000000", 1, [log_store.entry_bytes(bad)])
    write_raw(stale, "log.json.journal")
    with pytest.raises(DamagedLog, match="journal of your log"):
        if read == "display":
            load_entries(since=DAYS[0])
        else:
            append_entry(a_session(DAYS[4]), new_id=True)


# --- Found by a review (each failed before its fix) --------------------------------------------


def test_undo_of_a_journaled_entry_leaves_it_in_the_backup(journaled):
    """DS8: after `log delete`/`log undo`, log.json.bak keeps the version before it (30 days).
    The entry undone on a large log is nearly always in the journal: the fold's backup is
    log.json as it was (without the journal), so the deleted entry is in no file at all."""
    _a_log()
    new = a_session(DAYS[3], note="logged by mistake? or not")
    append_entry(new, new_id=True)
    assert _journal().is_file()
    delete_entry(new.id)
    assert not _journal().exists()
    backed_up = [e.id for e in read_import_file(paths.log_backup_file())]
    assert new.id in backed_up, "the deleted entry is in neither log.json nor its backup"


def test_a_fold_keeps_a_backup_of_the_journaled_entries(journaled):
    """The last good version before a fold is log.json + journal; the backup the fold makes
    is log.json alone, and the journal is removed: the journal's entries (up to 64) are then
    only in the new log.json. Damage to it (the case the backup is for) loses all of them,
    where before the journal a backup lacked only the last write's entry."""
    _a_log()
    journaled_ids = []
    for n in range(3):  # FOLD_AT = 3: the journal is full
        entry = a_session(DAYS[n])
        append_entry(entry, new_id=True)
        journaled_ids.append(entry.id)
    append_entry(a_session(DAYS[4]), new_id=True)  # folds
    assert not _journal().exists()
    backed_up = {e.id for e in read_import_file(paths.log_backup_file())}
    assert set(journaled_ids) <= backed_up, "acknowledged entries with no second copy"


def test_a_journal_without_its_log_json_is_not_made_the_whole_log(journaled, home):
    """log.json gone (moved away, a sync tool mid-replace, a restore in progress) while its
    journal, which names a log.json of 1 MiB or more, is still there: like 'the log is
    missing, but its backup is there', a sign something is wrong. Instead, the next `log`
    starts a new log.json from the journal's few entries and removes the journal; once the
    real log.json is put back, the journal's acknowledged entries are in no file."""
    _a_log()
    new = a_session(DAYS[3])
    append_entry(new, new_id=True)
    log = paths.log_file()
    aside = home.parent / "log.json.aside"
    os.replace(log, aside)
    paths.log_backup_file().unlink()  # (no backup either: removed, or never synced)
    with pytest.raises(DataError, match="journal"):
        append_entry(a_session(DAYS[4]), new_id=True)
    os.replace(aside, log)  # the log put back
    assert new.id in _ids(), "a journaled, acknowledged entry is lost"


def test_a_journal_of_a_newer_format_is_said_to_be_newer_not_damaged(journaled):
    """DS4/DS9: a journal a newer facetcoach wrote (its first line 'facetcoach-journal 2 ...')
    is called damaged, and the message says to move it aside and go on without its entries;
    a newer log.json or journal body says 'upgrade'."""
    _a_log()
    append_entry(a_session(DAYS[3]), new_id=True)
    raw = _journal().read_bytes()
    _journal().write_bytes(raw.replace(b"facetcoach-journal 1 ", b"facetcoach-journal 2 ", 1))
    with pytest.raises(NewerLog):
        load_entries()


def test_the_saved_but_message_names_the_journal(journaled):
    """DS9: after a journaled append, the change is in log.json.journal, not in log.json
    (log.json is byte for byte as before); 'Your change is in …/log.json' is not true."""
    _a_log()
    files.forget_saved()
    append_entry(a_session(DAYS[3]), new_id=True)
    assert _journal().is_file()
    assert [path for path, _ in files.saved()] == [_journal()]


def test_log_import_of_another_machines_log_json_takes_its_journal(
    journaled, home, monkeypatch, cli
):
    """docs/commands.md: `log import FILE`, FILE 'a log export file, or another machine's
    log.json'. On a large log, that machine's latest entries (up to 64) are in
    log.json.journal beside it: the import says it is done and silently leaves them out."""
    before = _a_log()
    latest = a_session(DAYS[5], note="the latest session, on the laptop")
    append_entry(latest, new_id=True)
    laptop = home.parent / "laptop"
    laptop.mkdir(mode=0o700)
    for name in ("log.json", "log.json.journal"):
        (laptop / name).write_bytes((home / name).read_bytes())
    monkeypatch.setenv("FACETCOACH_HOME", str(home.parent / "desktop"))
    monkeypatch.setenv("FACETCOACH_NOW", "2027-01-01T12:00:00+01:00")
    imported = cli("log", "import", str(laptop / "log.json"))
    assert imported.exit_code == 0, imported.output
    assert set(_ids()) == {*before, latest.id}, imported.output


def test_a_journal_holding_tombstones_is_refused_by_reads_too(journaled):
    """journal.read refuses a journal holding tombstones ('only log.json holds them'), but
    only when strict: the display read builds Decoded(...) without them, so the check is
    dead there, and `log list` shows (and counts) the journal while every write refuses it
    as damaged; the tombstone itself is silently ignored (DS4, DS13: a read shows what a
    write refuses)."""
    before = _a_log()
    raw = paths.log_file().read_bytes()
    head = checked_header(raw, LogSource(paths.log_file()))
    new = a_session(DAYS[3])
    body = log_store.encode_log(
        [log_store.entry_bytes(new)], [tombstone_bytes(Tombstone(id=before[0], deleted_at=NOW))]
    )
    first = b"facetcoach-journal 1 extends %s %d\n" % (head.digest, len(raw))
    _journal().write_bytes(first + body)  # it extends this log.json, under a valid digest
    with pytest.raises(DamagedLog, match="tombstones"):
        append_entry(a_session(DAYS[4]), new_id=True)  # the write: refused
    with pytest.raises(DamagedLog, match="tombstones"):
        load_latest(30)  # the read: shows 5 entries, the 'deleted' one among them
