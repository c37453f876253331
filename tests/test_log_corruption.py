"""A damaged log is never used and never overwritten (docs/data-safety.md, promise 4).

Every case: a typed DamagedLog (or NewerLog) error naming the file and how to recover, exit 1
from the CLI, no traceback, and the log and its backup byte-identical afterwards.

These tests bite (issue 8): with the loader sabotaged to take a log that does not parse as an
empty one (Watson #499), 35 tests failed, all 34 in this file (every damaged-bytes case, the
sweeps, the recovery messages, every command) and the digest-intact-but-invalid write test of
test_log_store.py; the fault, kill and concurrency tests, which never damage the file, passed.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from facetcoach import paths
from facetcoach.log.store import (
    DamagedLog,
    NewerLog,
    append_entries,
    append_entry,
    load_entries,
)
from helpers.logtools import a_session, a_skip, plain_log, saved_plan, write_raw

DAY = dt.date(2026, 12, 9)


@pytest.fixture
def small_log(home):
    """A log of two entries written by the store, and its backup; returns the log's bytes."""
    saved_plan()
    append_entry(a_session(dt.date(2026, 12, 7), pain_before=3, note="día uno ✓"))
    append_entry(a_skip(DAY, "flare"))
    return paths.log_file().read_bytes()


def _files():
    # The lock file is not data: a refused write may create it.
    folder = paths.data_dir().iterdir()
    return {p.name: p.read_bytes() for p in folder if p.is_file() and p.suffix != ".lock"}


def _refused(error_type=DamagedLog):
    """Reading and writing both refuse; nothing on disk changes."""
    before = _files()
    with pytest.raises(error_type) as read_error:
        load_entries()
    with pytest.raises(error_type) as write_error:
        append_entry(a_session(dt.date(2026, 12, 11)))
    assert _files() == before
    assert str(read_error.value) == str(write_error.value)
    return str(read_error.value)


def test_truncation_at_every_offset_is_refused(small_log):
    """Sabotaged (a damaged log read as empty): failed at the first offset, 0 bytes read as
    an empty log instead of DamagedLog."""
    backup = paths.log_backup_file().read_bytes()
    for cut in range(len(small_log)):
        write_raw(small_log[:cut])
        with pytest.raises(DamagedLog) as caught:
            load_entries()
        assert str(paths.log_file()) in str(caught.value)
        if cut % 9 == 0:  # the write path on a sample (each takes the lock)
            with pytest.raises(DamagedLog):
                append_entry(a_session(dt.date(2026, 12, 11)))
        assert paths.log_file().read_bytes() == small_log[:cut]
    assert paths.log_backup_file().read_bytes() == backup


def _swap(old: bytes, new: bytes):
    def damage(raw: bytes) -> bytes:
        assert old in raw, old
        return raw.replace(old, new, 1)

    return damage


def _upper_first_id(raw: bytes) -> bytes:
    start = raw.index(b'"id":"') + len(b'"id":"')
    return raw[:start] + raw[start : start + 36].upper() + raw[start + 36 :]


@pytest.mark.parametrize(
    ("name", "damage", "reason"),
    [
        ("0-byte", lambda raw: b"", "it is empty"),
        ("blank", lambda raw: b"  \n", "it is empty"),
        ("BOM", lambda raw: b"\xef\xbb\xbf" + raw, "byte-order mark"),
        ("not UTF-8", lambda raw: raw.replace(b"\xc3\xad", b"\xff"), "not UTF-8"),
        ("NUL run", lambda raw: raw[:40] + b"\0" * 64 + raw[104:], "not valid JSON"),
        ("NaN", lambda raw: raw.replace(b'"pain_before":3', b'"pain_before":NaN'), "NaN"),
        (
            "duplicate key",
            lambda raw: raw.replace(b'"pain_before":3', b'"pain_before":3,"pain_before":4'),
            'the key "pain_before" appears twice',
        ),
        ("deep nesting", lambda raw: b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (
            "nesting pydantic refuses",
            lambda raw: raw.replace(b'"note":"d', b'"note":' + b"[" * 300 + b"]" * 300 + b',"a":"'),
            "not valid JSON",
        ),
        ("not an object", lambda raw: b"[]", "not a JSON object"),
        (
            "no version",
            lambda raw: raw.replace(b'"schema_version":1,', b""),
            '"schema_version" is missing',
        ),
        (
            "pain 11",
            lambda raw: raw.replace(b'"pain_before":3', b'"pain_before":11'),
            "entries[0].pain_before: must be from 0 to 10",
        ),
        (
            "pain as text",
            lambda raw: raw.replace(b'"pain_before":3', b'"pain_before":"3"'),
            "entries[0].pain_before: must be a whole number",
        ),
        (
            "unknown field",
            lambda raw: raw.replace(b'"pain_before":3', b'"pain_before":3,"mood":"ok"'),
            "entries[0].mood: is not a known key",
        ),
        # Semantically wrong data is refused, never coerced (data-safety.md, byte mutation).
        *[
            (name, _swap(old, new), reason)
            for name, old, new, reason in [
                ("flare as 0", b'"flare":false', b'"flare":0', "flare: must be true or false"),
                ("pain true", b'"pain_before":3', b'"pain_before":true', "must be a whole"),
                ("pain 3.0", b'"pain_before":3', b'"pain_before":3.0', "must be a whole number"),
                ("pain -1", b'"pain_before":3', b'"pain_before":-1', "must be from 0 to 10"),
                ("pain 1e400", b'"pain_before":3', b'"pain_before":1e400', "must be a whole"),
                ("month 13", b'"date":"2026-12-07"', b'"date":"2026-13-07"', "must be a date"),
                ("date as number", b'"date":"2026-12-07"', b'"date":20261207', "must be a date"),
                ("unknown kind", b'"kind":"session"', b'"kind":"nap"', "kind: must be one of"),
                ("sets 0", b'"sets":2', b'"sets":0', "sets: must be from 1 to 5"),
                ("unknown reason", b'"reason":"flare"', b'"reason":"bored"', "reason: must be"),
                ("entries null", b'"entries":[', b'"entries":null,"x":[', "entries: must be a"),
                ("version as text", b'"schema_version":1', b'"schema_version":"1"', "not a whole"),
                ("version 1.0", b'"schema_version":1', b'"schema_version":1.0', "not a whole"),
                ("version true", b'"schema_version":1', b'"schema_version":true', "not a whole"),
                ("version 0", b'"schema_version":1', b'"schema_version":0', "0 is not one"),
                ("version -1", b'"schema_version":1', b'"schema_version":-1', "-1 is not one"),
                ("lone surrogate", b'"note":"d', b'"note":"\\udc80d', "lone leading surrogate"),
            ]
        ],
        ("uppercase id", lambda raw: _upper_first_id(raw), "id: must be a lowercase uuid"),
        ("trailing data", lambda raw: raw + b"{}", "Extra data"),
    ],
)
def test_damaged_bytes_are_refused(small_log, name, damage, reason):
    # As edited by hand (no digest): the thorough checks name the problem.
    write_raw(damage(_without_digest(small_log)))
    message = _refused()
    assert reason in message, name
    assert "is damaged" in message and "did not use or change it" in message
    assert str(paths.log_backup_file()) in message  # how to recover
    # As facetcoach wrote it: refused too (often by its checksum first).
    write_raw(damage(small_log))
    assert "is damaged" in _refused()


def _without_digest(raw: bytes) -> bytes:
    data = json.loads(raw)
    del data["digest"]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def test_a_changed_byte_fails_the_checksum_and_the_message_says_what_to_do(small_log):
    write_raw(small_log.replace(b'"pain_before":3', b'"pain_before":4'))
    message = _refused()
    assert "its checksum does not match its content" in message
    result_details = None
    try:
        load_entries()
    except DamagedLog as error:
        result_details = error.details
    assert result_details and 'delete its "digest" key' in result_details[0]


def test_a_hand_edit_is_accepted_once_the_digest_key_is_deleted(small_log):
    data = json.loads(small_log)
    data["entries"][0]["note"] = "edited by hand"
    write_raw(json.dumps(data, indent=2))  # reformatted and edited, digest kept
    assert "checksum does not match" in _refused()
    del data["digest"]
    write_raw(json.dumps(data, indent=2))
    assert load_entries()[0].note == "edited by hand"
    append_entry(a_session(dt.date(2026, 12, 11)))  # and the next write stores it compactly
    assert paths.log_file().read_bytes().startswith(b'{"schema_version":1,"digest":')


def test_duplicate_entry_ids_are_refused(home):
    twice = a_session()
    write_raw(plain_log([twice, twice]))
    assert f"the entry id {twice.id} appears twice" in _refused()


def test_a_newer_schema_is_refused_unchanged(home):
    write_raw(json.dumps({"schema_version": 2, "entries": [], "streaks": {}}))
    message = _refused(NewerLog)
    assert "newer version of facetcoach (schema 2" in message


def test_every_flipped_byte_is_refused(small_log):
    """The checksum catches the flips that leave valid JSON (a digit, a letter of an id).

    Sabotaged (a damaged log read as empty): failed at the first flipped byte, the load gave
    0 entries instead of refusing the file."""
    refused = accepted = 0
    for offset in range(len(small_log)):
        damaged = bytearray(small_log)
        damaged[offset] ^= 0x04
        write_raw(bytes(damaged))
        try:
            found = load_entries()
        except (DamagedLog, NewerLog):  # "1" flipped to "5" in schema_version reads as newer
            refused += 1
            assert paths.log_file().read_bytes() == bytes(damaged)
        else:
            accepted += 1
            assert len(found) == 2
    assert (refused, accepted) == (len(small_log), 0)


def test_the_message_says_when_the_backup_is_damaged_too(small_log):
    write_raw(b"{", "log.json.bak")
    write_raw(small_log[:50])
    assert "backup" in _refused() and "is damaged too" in _refused()


def test_the_message_without_a_backup(home):
    write_raw(b'{"schema_version":1,"entries":[')
    message = _refused()
    assert "There is no backup" in message and ".damaged" in message


def test_the_backup_summary_helps_choose(small_log):
    append_entries([a_session(dt.date(2026, 12, 11))])
    write_raw(b"")
    message = _refused()
    assert "(2 entries, the latest dated 2026-12-09)" in message
    assert f"cp '{paths.log_backup_file()}' '{paths.log_file()}'" in message


@pytest.mark.parametrize(
    "command",
    [
        ["log"],
        ["log", "--date", "2026-12-07", "--pain-before", "2"],
        ["log", "list"],
        ["log", "list", "--json"],
        ["log", "morning", "2"],
        ["log", "undo", "--yes"],
        ["log", "export", "--csv"],
        ["progress"],
        ["progress", "--json"],
    ],
)
def test_every_command_refuses_a_damaged_log_with_exit_1(small_log, cli, monkeypatch, command):
    """Sabotaged (a damaged log read as empty): all 9 commands failed. `log` exited 0 and
    saved a one-entry log over the two-entry history (Watson #499 exactly); `progress` showed
    "0 of 2 done"; `log list` said "No entries yet"; `log undo` said the log was empty."""
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-11")
    write_raw(small_log[: len(small_log) // 2])
    before = _files()
    result = cli(*command)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: The log {paths.log_file()} is damaged")
    assert "Traceback" not in result.output and result.stdout == ""
    assert _files() == before
