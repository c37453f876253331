"""Tombstones in log.json (data-safety.md DS13): a delete leaves one, the digest covers it, an
older file without any reads and writes as before, every write path keeps them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from facetcoach import paths
from facetcoach.errors import DataError
from facetcoach.log import store as log_store
from facetcoach.log.store import (
    append_entries,
    append_entry,
    delete_entry,
    import_entries,
    load_entries,
    load_whole_log,
    modify_whole_log,
    read_import_log,
    update_entry,
)
from facetcoach.models import Tombstone
from helpers.logtools import CET, a_session, log_data, plain_log, write_raw

DAYS = [dt.date(2026, 12, 7) + dt.timedelta(days=n) for n in range(5)]
WHEN = dt.datetime(2026, 12, 10, 8, 15, tzinfo=CET)


def test_a_delete_leaves_a_tombstone_and_the_entry_is_gone_from_every_view(home):
    a, b = a_session(DAYS[0]), a_session(DAYS[1])
    append_entries([a, b])
    assert delete_entry(a.id[:6], now=WHEN) == a
    assert [e.id for e in load_entries()] == [b.id]
    data = log_data()
    assert data["tombstones"] == [{"id": a.id, "deleted_at": "2026-12-10T08:15:00+01:00"}]
    assert list(data) == ["schema_version", "digest", "entries", "tombstones"]
    assert [t.id for t in load_whole_log().tombstones] == [a.id]


def test_a_log_without_tombstones_is_written_as_before(home):
    """Old files load, and a log that never had a delete keeps the old layout byte for byte
    (an older facetcoach still reads it)."""
    entries = [a_session(DAYS[0]), a_session(DAYS[1])]
    old = log_store.encode_log([log_store.entry_bytes(e) for e in entries])
    assert b"tombstones" not in old
    write_raw(old)
    append_entry(a_session(DAYS[2]))
    raw = paths.log_file().read_bytes()
    assert b"tombstones" not in raw and raw.endswith(b"]}\n")
    write_raw(plain_log(entries))  # by hand, no digest, no "tombstones" key: read as none
    assert load_whole_log().tombstones == []


def test_the_digest_covers_the_tombstones(home):
    a, b = a_session(DAYS[0]), a_session(DAYS[1])
    append_entries([a, b])
    delete_entry(a.id, now=WHEN)
    raw = paths.log_file().read_bytes()
    at = raw.index(b'"deleted_at":"2026-12-10T08:15') + len(b'"deleted_at":"2026-12-10T0')
    write_raw(raw[:at] + b"9" + raw[at + 1 :])  # 08:15 -> 09:15
    with pytest.raises(DataError, match="its checksum does not match its content"):
        load_entries()
    with pytest.raises(DataError, match="its checksum does not match its content"):
        append_entry(a_session(DAYS[2]))


def test_an_id_both_present_and_deleted_or_deleted_twice_is_damage(home, tmp_path):
    a = a_session(DAYS[0])
    gone = {"id": a.id, "deleted_at": WHEN.isoformat()}
    for tombs, words in [
        ([gone], "is both in the log and deleted"),
    ]:
        write_raw(plain_log([a], tombstones=tombs))
        with pytest.raises(DataError, match=words):
            append_entry(a_session(DAYS[1]))
    other = a_session(DAYS[1])
    write_raw(plain_log([other], tombstones=[gone, gone]))
    with pytest.raises(DataError, match="appears twice"):
        append_entry(a_session(DAYS[2]))
    write_raw(plain_log([other], tombstones=[{"id": a.id}]))
    with pytest.raises(DataError, match="deleted_at"):
        append_entry(a_session(DAYS[2]))


@pytest.mark.parametrize("trusted", [True, False], ids=["fast append", "strict append"])
def test_every_write_keeps_the_tombstones(home, trusted):
    a, b, c = (a_session(day) for day in DAYS[:3])
    append_entries([a, b, c])
    delete_entry(a.id, now=WHEN)
    if not trusted:
        (paths.data_dir() / log_store.CHECKED_NAME).unlink()  # the next append checks all
    append_entry(a_session(DAYS[3]))
    update_entry(b.id, lambda e: dataclasses.replace(e, note="edited", updated_at=WHEN))
    import_entries([a_session(DAYS[4])])
    delete_entry(c.id, now=WHEN + dt.timedelta(minutes=1))
    log = read_import_log(paths.log_file())
    assert [t.id for t in log.tombstones] == [a.id, c.id]
    assert a.id not in {e.id for e in log.entries}


def test_an_entry_leaves_the_log_only_with_its_tombstone(home):
    """DS5 and DS13 at the store: a change that drops an entry without burying it, drops a
    tombstone, or buries an entry still there is a bug, and nothing is written."""
    a, b = a_session(DAYS[0]), a_session(DAYS[1])
    append_entries([a, b])
    delete_entry(a.id, now=WHEN)
    before = paths.log_file().read_bytes()
    bad_changes = [
        lambda entries, tombs: ([], tombs),  # b dropped, no tombstone
        lambda entries, tombs: (entries, []),  # a's tombstone dropped
        lambda entries, tombs: (entries, [*tombs, Tombstone(id=b.id, deleted_at=WHEN)]),
    ]
    for change in bad_changes:
        with pytest.raises(ValueError, match="nothing was saved"):
            modify_whole_log(change, may_remove=1)
        assert paths.log_file().read_bytes() == before


def test_log_import_applies_the_deletions_of_the_other_copy(home, tmp_path):
    a, b = a_session(DAYS[0]), a_session(DAYS[1])
    append_entries([a, b])
    other = tmp_path / "other.json"
    gone = {"id": a.id, "deleted_at": WHEN.isoformat()}
    other.write_text(plain_log([b], tombstones=[gone]), encoding="utf-8")
    incoming = read_import_log(other)
    report = import_entries(incoming.entries, incoming.tombstones, now=WHEN)
    assert report.deleted == 1 and report.unchanged == 1
    assert [e.id for e in load_entries()] == [b.id]
    assert [t.id for t in load_whole_log().tombstones] == [a.id]
    # Once more: nothing to do, nothing written.
    before = paths.log_file().read_bytes()
    report = import_entries(incoming.entries, incoming.tombstones, now=WHEN)
    assert report.conflicts == [] and paths.log_file().read_bytes() == before


def test_log_export_carries_the_tombstones(cli, home, monkeypatch, tmp_path):
    monkeypatch.setenv("FACETCOACH_NOW", WHEN.isoformat())
    a, b = a_session(DAYS[0]), a_session(DAYS[1])
    append_entries([a, b])
    delete_entry(a.id, now=WHEN)
    result = cli("log", "export", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["tombstones"] == [{"id": a.id, "deleted_at": WHEN.isoformat()}]
    assert [e["id"] for e in data["entries"]] == [b.id]


def test_a_session_that_replaces_the_days_skip_buries_the_skip(home):
    """`log --replace` (issue 16): the skip it removes leaves a tombstone, so an older export
    that still holds the skip does not bring it back beside the session."""
    from facetcoach.log.store import replace_entries
    from helpers.logtools import a_skip

    skip = a_skip(DAYS[2])
    append_entries([a_session(DAYS[0]), skip])
    session = a_session(DAYS[2])
    replace_entries([skip.id], session)
    [buried] = load_whole_log().tombstones
    assert buried.id == skip.id and buried.deleted_at == session.created_at
    report = import_entries([skip], now=WHEN)
    assert report.refused == 1 and skip.id not in {e.id for e in load_entries()}
