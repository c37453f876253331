"""Logs laid out otherwise than facetcoach writes them, under a digest that matches (a hand
edit, then a tool that recomputed the CRC-32 that log/file_format.py documents).

The fast paths read a log's layout (where each entry starts, its id, kind and date) without
parsing it; they may do so only for bytes laid out exactly as facetcoach writes them. Found
by an outside review (2026-12-01), each test failed before its fix:

- a space before "tombstones" made the last entry seem to run on into the tombstones: a
  strict write kept those bytes, and the next entry was written inside the tombstones
  (acknowledged, then never read) or after `[,` (a log that no longer parses);
- an entry whose head the scan cannot read was missing from the backup's ids, so a backup
  holding a just-deleted entry was replaced at the next write (DS8);
- the window reads (`today`, `progress`, `report`, `log list`) left out such an entry, or
  dated it by the first of two "date" keys, where the whole read shows it;
- `log --replace --id` with an id already used was an internal problem, not a refusal.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zlib

import pytest

from facetcoach import paths
from facetcoach.log import store as log_store
from facetcoach.log.file_format import DamagedLog
from facetcoach.log.store import (
    append_entries,
    append_entry,
    delete_entry,
    load_entries,
    load_latest,
    load_whole_log,
    read_import_log,
)
from facetcoach.models import LogEntry
from helpers.logtools import a_session, saved_plan, write_raw

DAYS = [dt.date(2026, 12, 7) + dt.timedelta(days=n) for n in range(10)]


def with_digest(raw: bytes) -> bytes:
    """`raw` under a recomputed digest, as the file format documents it."""
    body = raw[raw.index(b'"entries":') + len(b'"entries":') :]
    head = b'{"schema_version":1,"digest":"crc32:%08x","entries":' % zlib.crc32(b"1:" + body)
    return head + body


@pytest.mark.parametrize("tombstones", [1, 0], ids=["a tombstone", "no tombstone"])
def test_an_append_after_tombstones_laid_out_otherwise_is_kept_and_readable(home, tombstones):
    append_entry(a_session(DAYS[0]))
    append_entry(a_session(DAYS[1]))
    gone = a_session(DAYS[2])
    append_entry(gone)
    delete_entry(gone.id)
    raw = paths.log_file().read_bytes()
    if tombstones:
        edited = raw.replace(b'],"tombstones":[', b'], "tombstones":[')
    else:
        edited = raw[: raw.index(b'],"tombstones":[')] + b'], "tombstones":[]}\n'
    write_raw(with_digest(edited))
    before = read_import_log(paths.log_file())
    assert len(before.entries) == 2 and len(before.tombstones) == tombstones

    new = a_session(DAYS[3])
    append_entry(new)
    after = read_import_log(paths.log_file())  # parses, one "tombstones" key
    assert [e.id for e in after.entries] == [e.id for e in before.entries] + [new.id]
    assert len(after.tombstones) == tombstones
    assert new.id in [entry.id for entry in load_entries()]


def test_a_backup_keeps_a_deleted_entry_whose_head_is_laid_out_otherwise(home):
    first, second, odd = a_session(DAYS[0]), a_session(DAYS[1]), a_session(DAYS[2])
    pieces = [log_store.entry_bytes(e) for e in (first, second)]
    pieces.append(log_store.entry_bytes(odd).replace(b'{"id":"', b'{"id": "', 1))
    write_raw(log_store.encode_log(pieces))
    assert len(read_import_log(paths.log_file()).entries) == 3
    delete_entry(odd.id)  # the backup now holds `odd`
    append_entry(a_session(DAYS[3]))  # the next write, seconds later
    backup = read_import_log(paths.log_backup_file())
    assert odd.id in {entry.id for entry in backup.entries}  # DS8: kept for 30 days


@pytest.mark.parametrize("layout", ["a space in a head", "its date given twice"])
def test_window_reads_agree_with_the_whole_read(home, layout):
    old, recent, other = a_session(DAYS[0]), a_session(DAYS[5]), a_session(DAYS[1])
    piece = log_store.entry_bytes(recent)
    if layout == "a space in a head":
        piece = piece.replace(b'{"id":"', b'{"id": "', 1)
    else:  # first an older day, then its own (the last key counts, as in json and pydantic)
        piece = piece.replace(b'"date":"2026-12-12"', b'"date":"2026-12-07"', 1)
        piece = piece[:-1] + b',"date":"2026-12-12"}'
    write_raw(
        log_store.encode_log([log_store.entry_bytes(old), piece, log_store.entry_bytes(other)])
    )
    if layout == "its date given twice":  # since the second review: damaged, read or write
        for read in (load_whole_log, lambda: load_entries(DAYS[4]), lambda: load_latest(1)):
            with pytest.raises(DamagedLog, match='the key "date" appears twice'):
                read()
        return
    whole = load_whole_log().entries
    assert [e.date for e in whole] == [DAYS[0], DAYS[5], DAYS[1]]
    since = DAYS[4]
    assert [e.id for e in load_entries(since)] == [recent.id]
    latest, total = load_latest(1)
    assert total == 3 and recent.id in [e.id for e in latest]
    # Once facetcoach has written the log, it is laid out as it writes it: the same answers.
    append_entry(a_session(DAYS[6]))
    assert [e.id for e in load_entries(since)][:1] == [recent.id]
    assert load_latest(1)[1] == 4


@pytest.fixture
def symptom_key(cli, monkeypatch):
    """A plan, and a symptom recorded with its own id (`log --id`): the id, for a replace."""
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-09")
    monkeypatch.setenv("FACETCOACH_NOW", "2026-12-09T18:30:00+01:00")
    monkeypatch.delenv("FACETCOACH_DEBUG", raising=False)
    saved_plan()
    key = str(uuid.uuid4())
    assert cli("log", "--symptom", "numbness", "--id", key).exit_code == 0
    return key


def test_a_replace_with_the_id_of_another_entry_is_refused(cli, symptom_key):
    key = symptom_key
    assert cli("log", "--skipped", "--reason", "sick").exit_code == 0
    before = paths.log_file().read_bytes()
    result = cli("log", "--pain-before", "2", "--pain-after", "2", "--replace", "--id", key)
    assert result.exit_code == 2, result.output
    assert "already the id of another entry" in result.output
    assert paths.log_file().read_bytes() == before


def test_a_replace_with_the_id_of_a_deleted_entry_is_refused(cli, symptom_key):
    key = symptom_key
    assert cli("log", "undo", "--yes").exit_code == 0
    assert cli("log", "--skipped", "--reason", "sick").exit_code == 0
    before = paths.log_file().read_bytes()
    result = cli("log", "--pain-before", "2", "--pain-after", "2", "--replace", "--id", key)
    assert result.exit_code == 2, result.output
    assert "deleted" in result.output and "new id" in result.output
    assert paths.log_file().read_bytes() == before


def nested_head_log() -> tuple[bytes, LogEntry]:
    """Three entries; the first repeats a key, and the value dropped (the last one counts,
    in pydantic and json) holds an object laid out as an entry's head."""
    ghost = a_session(DAYS[0])
    first, second, third = a_session(DAYS[0]), a_session(DAYS[1]), a_session(DAYS[2])
    odd = log_store.entry_bytes(first)[:-1] + (
        b',"note":[{"id":"%s","kind":"session","date":"%s"}],"note":null}'
        % (ghost.id.encode(), ghost.date.isoformat().encode())
    )
    pieces = [odd, log_store.entry_bytes(second), log_store.entry_bytes(third)]
    return with_digest(log_store.encode_log(pieces)), ghost


def test_a_key_given_twice_is_refused_by_every_read_and_write_and_nothing_is_changed(home):
    """Found by a second review: a write's strict read (pydantic keeps a repeated key's last
    value, never checks the first) kept such an entry; the fast paths then took the dropped
    value for an entry: 5 entries of 4 counted, and `log --id` with its id said "already
    recorded" and saved nothing. Such a file is damaged now, as without a digest."""
    raw, ghost = nested_head_log()
    write_raw(raw)
    said = 'the key "note" appears twice in one object'
    for read in (load_whole_log, load_entries, lambda: load_entries(DAYS[0])):
        with pytest.raises(DamagedLog, match=said):
            read()
    with pytest.raises(DamagedLog, match=said):
        load_latest(1)
    for write in (lambda: append_entry(a_session(DAYS[3])), lambda: append_entries([ghost])):
        with pytest.raises(DamagedLog, match=said):
            write()
    assert paths.log_file().read_bytes() == raw  # DS4: the file stays as it was
    assert not log_store.checked_record_path(paths.log_file()).exists()


def test_an_entry_whose_id_is_not_its_first_key_is_written_anew(home):
    """No key twice, but an entry laid out otherwise ("kind" before "id"): the strict write
    lays every entry out as facetcoach writes it, and the fast paths then agree."""
    first, second, third = a_session(DAYS[0]), a_session(DAYS[1]), a_session(DAYS[2])
    b = log_store.entry_bytes(second)
    head = b'{"id":"%s","kind":"session"' % second.id.encode()
    moved = b'{"kind":"session","id":"%s"' % second.id.encode() + b[len(head) :]
    pieces = [log_store.entry_bytes(first), moved, log_store.entry_bytes(third)]
    write_raw(with_digest(log_store.encode_log(pieces)))
    append_entry(a_session(DAYS[3]))
    assert moved not in paths.log_file().read_bytes()
    whole = [e.id for e in load_whole_log().entries]
    assert len(whole) == 4 and [e.id for e in load_entries(DAYS[1])] == whole[1:]
    assert load_latest(1)[1] == 4
