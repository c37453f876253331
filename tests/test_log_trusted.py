"""The fast append and the digest algorithms (log_store.py, log_format.py; benchmarks/README.md).

An append (`log`, `checkin`, a guided session) skips the strict validation of the entries it
keeps only when log.json is, byte for byte, the file this facetcoach last checked and wrote:
its digest intact and equal to the record in .log.json.checked. Otherwise (no record, a file
replaced or edited, even with a recomputed digest) every entry is validated strictly, with
the same refusals. Digests: "crc32:" is written, "sha256:" (written before) is still read.

These tests bite. With the record check removed from log_store._trusted_heads (a matching
digest trusted on its own, as reads trust it), 10 tests of the suite failed: 9 here and
test_an_intact_digest_with_bad_content_is_still_refused_on_write; and in the log-file fuzz
tests, test_an_append_never_writes_over_a_log_wrong_in_meaning failed in 4 of 4 runs from a
fresh example database (the general one in 3 of 4: it puts an append on such a file less
often). With the duplicate-id check of the fast path removed, the duplicate-id test failed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facetcoach import paths
from facetcoach.errors import InputError
from facetcoach.log import file_format as log_format
from facetcoach.log import store as log_store
from facetcoach.log.file_format import ENTRY_START, TAIL, entry_heads, entry_starts
from facetcoach.log.held import EntryHead, Held, HeldBytes
from facetcoach.log.store import (
    DamagedLog,
    append_entries,
    append_entry,
    delete_entry,
    load_entries,
    read_import_file,
    read_import_log,
)
from facetcoach.model_json import to_data
from helpers.logtools import a_session, a_skip, write_raw
from helpers.profiles import examples

DAYS = [dt.date(2026, 12, 7) + dt.timedelta(days=n) for n in range(10)]
BODY = b'"entries":'


def record_file():
    return paths.data_dir() / log_store.CHECKED_NAME


def body_of(raw: bytes) -> bytes:
    return raw[raw.index(BODY) + len(BODY) :]


def compact(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def record_for(raw: bytes) -> None:
    """Write the record a write of `raw` would leave (as if facetcoach had checked it)."""
    head = log_format.header(raw)
    assert head is not None and head.intact
    record_file().write_bytes(log_store._checked_record(head.digest, len(raw)))


@pytest.fixture
def strict_calls(monkeypatch):
    """How many times a write validated the whole stored file strictly."""
    calls: list[int] = []
    real = log_store.decode_checked

    def spy(raw, source, **options):
        if isinstance(source, log_format.LogSource):  # (not `log import`'s file)
            calls.append(len(raw))
        return real(raw, source, **options)

    monkeypatch.setattr(log_store, "decode_checked", spy)
    return calls


def _ids(raw: bytes) -> list[str]:
    return [entry["id"] for entry in json.loads(raw)["entries"]]


# --- The fast append ------------------------------------------------------------------------


def test_an_append_to_the_recorded_log_keeps_its_bytes_and_skips_the_strict_check(
    home, strict_calls
):
    first = [a_session(DAYS[n], pain_before=n) for n in range(3)]
    append_entries(first)  # the first write: nothing to check yet
    before = paths.log_file().read_bytes()
    assert record_file().read_bytes() == log_store._checked_record(
        log_format.header(before).digest, len(before)
    )
    added = a_skip(DAYS[4], "flare")
    append_entry(added)
    after = paths.log_file().read_bytes()
    assert strict_calls == []  # the 3 stored entries were not validated again...
    kept = body_of(before)[: -len(TAIL)]
    assert body_of(after).startswith(kept + b"," + ENTRY_START)  # ...nor re-encoded
    assert read_import_file(paths.log_file()) == [*first, added]  # and all is strictly valid
    assert paths.log_backup_file().read_bytes() == before
    assert record_file().read_bytes().startswith(log_format.header(after).digest + b" ")


def test_the_new_entries_are_still_checked_strictly_on_the_fast_path(home, strict_calls):
    append_entries([a_session(DAYS[0])])
    before = {p.name: p.read_bytes() for p in home.iterdir()}
    bad = dataclasses.replace(a_session(DAYS[1]), pain_after=11)
    with pytest.raises(InputError, match="pain_after: must be from 0 to 10"):
        append_entry(bad)
    assert strict_calls == []
    assert {p.name: p.read_bytes() for p in home.iterdir()} == before


def _told(held, entries) -> list:
    """What `held` (log/held.py) says of each of `entries`, by its id and by its day."""
    return [
        (
            (there.id, there.kind, there.date) if (there := held.get(e.id)) else None,
            sorted((h.id, h.kind) for h in held.on(e.date)),
        )
        for e in entries
    ]


def test_an_append_says_what_the_log_held_on_either_path(home, strict_calls):
    held = [a_session(DAYS[0]), a_skip(DAYS[0]), a_session(DAYS[2])]
    append_entries(held)
    added = a_session(DAYS[3])
    fast = append_entries([added])
    expected = [
        ((e.id, e.kind, e.date), sorted((h.id, h.kind) for h in held if h.date == e.date))
        for e in held
    ]
    assert _told(fast, held) == expected and strict_calls == []
    assert _told(fast, [added]) == [(None, [])] and len(fast) == 3
    assert fast.ids() == {e.id for e in held}
    record_file().unlink()
    later = a_session(DAYS[3])
    strict = append_entries([later])
    assert len(strict_calls) == 1
    assert _told(strict, held) == expected and len(strict) == 4
    assert _told(strict, [added]) == [((added.id, "session", DAYS[3]), [(added.id, "session")])]
    assert strict.ids() == {e.id for e in [*held, added]}
    assert append_entries([]).get(later.id) is not None  # and now fast again
    before = _read()
    assert len(append_entries([])) == 5 and _read() == before  # nothing to add: no write


def test_the_fast_path_finds_a_day_only_in_the_heads_of_entries(home, strict_calls):
    """The day's text, or an id, in a note (escaped in JSON) is no entry. (No other field of
    what facetcoach writes holds a "date" key: HeldBytes.on's check that the date found ends
    an entry's head is a guard that these files never need.)"""
    day = DAYS[5].isoformat()
    note = f'","date":"{day}" and {{"id":"{"0" * 36}'
    append_entries([a_session(DAYS[1], note=note), a_session(DAYS[5])])
    fast = append_entries([])
    assert [h.date for h in fast.on(DAYS[5])] == [DAYS[5]]
    assert fast.on(DAYS[1])[0].kind == "session" and fast.get("0" * 36) is None
    assert strict_calls == []


def _read() -> bytes:
    return paths.log_file().read_bytes()


def test_a_known_id_is_refused_on_the_fast_path(home, strict_calls):
    entry = a_session(DAYS[0])
    append_entry(entry)
    before = _read()
    with pytest.raises(InputError, match=f"The entry {entry.id} is already in the log"):
        append_entry(entry)
    assert _read() == before and strict_calls == []


def test_a_log_emptied_by_deletes_takes_appends_on_the_fast_path(home, strict_calls):
    only = a_session(DAYS[0])
    append_entry(only)
    delete_entry(only.id)  # strict: a delete decodes every entry
    # No entry left, and the tombstone of the one deleted (DS13), after the entries.
    tomb = b'{"id":"%s","deleted_at":"' % only.id.encode()
    assert body_of(_read()).startswith(b'[],"tombstones":[' + tomb)
    assert body_of(_read()).endswith(b"}" + TAIL)
    calls = len(strict_calls)
    append_entry(a_session(DAYS[1]))
    assert len(strict_calls) == calls
    assert len(read_import_file(paths.log_file())) == 1
    assert b'],"tombstones":[' + tomb in _read()  # kept byte for byte by the fast append
    assert [t.id for t in read_import_log(paths.log_file()).tombstones] == [only.id]


def test_a_second_log_the_same_day_is_counted_on_the_fast_path(
    cli, home, strict_calls, monkeypatch
):
    from helpers.logtools import saved_plan

    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-09")
    saved_plan()
    for args in (["--only", "prone-lying"], ["--skip", "prone-lying"]):
        result = cli("log", "--date", "2026-12-07", *args)
        assert result.exit_code == 0, result.output
    assert "That day now has 2 entries" in result.stdout
    assert strict_calls == [], "the second `log` validated the stored entries again"


# --- Falling back to the strict checks ----------------------------------------------------


@pytest.mark.parametrize(
    "record",
    [
        None,  # deleted (or never written: a log from before the record, a copied file)
        b"",  # a write interrupted at a bad moment
        b"crc32:00000000 123 facetcoach-0.1.0\n",  # of another file
        "other version",  # written by another facetcoach: it checks for itself once
        "folder",  # cannot even be read
    ],
)
def test_without_the_record_of_this_file_an_append_checks_strictly(home, strict_calls, record):
    append_entries([a_session(DAYS[0]), a_session(DAYS[1])])
    path = record_file()
    if record is None:
        path.unlink()
    elif record == "other version":
        path.write_bytes(path.read_bytes().replace(b"facetcoach-", b"facetcoach-0.0.9-"))
    elif record == "folder":
        path.unlink()
        path.mkdir()
    else:
        path.write_bytes(record)
    append_entry(a_session(DAYS[2]))
    assert len(strict_calls) == 1
    assert len(read_import_file(paths.log_file())) == 3
    if record != "folder":  # the write records what it checked; the next append is fast
        append_entry(a_session(DAYS[3]))
        assert len(strict_calls) == 1
    else:  # (a record that cannot be written is no error: each write checks strictly)
        append_entry(a_session(DAYS[3]))
        assert len(strict_calls) == 2


def test_a_forged_digest_over_a_bad_value_is_refused_after_good_writes(home):
    """A tool (or a person) recomputed the digest after an edit: the record does not match,
    so the strict checks run and refuse pain 11, as on a log never written by this copy."""
    append_entries([a_session(DAYS[0]), a_session(DAYS[1])])
    append_entry(a_session(DAYS[2]))  # a backup and a record exist
    entries = json.loads(_read())["entries"]
    entries[1]["pain_after"] = 11
    forged = log_store.encode_log([compact(entry) for entry in entries])
    write_raw(forged)
    before = {p.name: p.read_bytes() for p in home.iterdir()}
    with pytest.raises(DamagedLog, match="pain_after: must be from 0 to 10"):
        append_entry(a_session(DAYS[3]))
    assert {p.name: p.read_bytes() for p in home.iterdir()} == before


def test_a_same_size_edit_that_keeps_the_old_digest_is_refused(home):
    """The record (digest and size) still matches, but the digest no longer matches the
    bytes: refused as damaged, before the record is even looked at."""
    append_entries([a_session(DAYS[0], pain_before=3)])
    append_entry(a_session(DAYS[1]))
    raw = _read()
    edited = raw.replace(b'"pain_before":3', b'"pain_before":9', 1)
    assert len(edited) == len(raw) and edited != raw
    write_raw(edited)
    before = {p.name: p.read_bytes() for p in home.iterdir()}
    with pytest.raises(DamagedLog, match="its checksum does not match its content"):
        append_entry(a_session(DAYS[2]))
    assert {p.name: p.read_bytes() for p in home.iterdir()} == before


def test_duplicate_ids_are_refused_even_under_a_matching_record(home, strict_calls):
    entry = to_data(a_session(DAYS[0]))
    raw = log_store.encode_log([compact(entry), compact(entry)])
    write_raw(raw)
    record_for(raw)  # as if facetcoach had written it: the fast path's own id check
    with pytest.raises(DamagedLog, match=f"the entry id {entry['id']} appears twice"):
        append_entry(a_session(DAYS[1]))
    assert _read() == raw and len(strict_calls) == 1


def test_an_unexpected_layout_under_a_matching_record_is_checked_strictly(home, strict_calls):
    """Entries valid but not laid out as facetcoach writes them (keys in another order): the
    fast path does not recognise the layout, the strict checks accept the entries, and the
    file is written back in facetcoach's layout."""
    entries = [a_session(DAYS[0]), a_session(DAYS[1])]
    reordered = [compact(dict(reversed(list(to_data(e).items())))) for e in entries]
    raw = log_store.encode_log(reordered)
    write_raw(raw)
    record_for(raw)
    append_entry(a_session(DAYS[2]))
    assert len(strict_calls) == 1
    assert [e.id for e in read_import_file(paths.log_file())[:2]] == [e.id for e in entries]
    assert entry_heads(_read(), log_format.header(_read()).body_start) is not None


def test_a_head_laid_out_otherwise_sends_a_retry_down_the_strict_path(home, strict_calls):
    """Found by review: a tool's layout (a space after a comma) under a recomputed digest was
    accepted by a strict write and kept byte for byte, with a record; the next append must
    still know the entry's id, not take a retry of it for a new entry and write it twice.
    (Since a second review, the strict write lays the head out anew, as facetcoach writes
    it: the retry is then known on the fast path.)"""
    first = dataclasses.replace(a_session(DAYS[0]), id="00000001-0000-4000-8000-000000000000")
    piece = log_store.entry_bytes(first).replace(b'","kind":', b'", "kind":')
    write_raw(log_store.encode_log([piece]))
    append_entry(a_skip(DAYS[1]))  # strict (no record): the head is written anew
    assert b'", "kind":' not in _read() and record_file().exists()
    calls = len(strict_calls)
    held = append_entries([first], once=True)  # a retry of the first (log --id)
    assert held.get(first.id) is not None and len(strict_calls) == calls
    stored = read_import_file(paths.log_file())
    assert [e.id for e in stored][:1] == [first.id] and len(stored) == 2


def test_a_forged_record_is_trusted_and_the_bad_entry_kept_as_it_is(home):
    """The boundary, as documented in log_store.py: whoever forges both the digest and the
    record gets an append without the strict checks of the stored entries. The bad entry is
    kept byte for byte (never coerced nor dropped), and every strict reader still refuses it:
    `log import`, an edit, a delete."""
    entry = to_data(a_session(DAYS[0]))
    entry["pain_after"] = 11
    raw = log_store.encode_log([compact(entry)])
    write_raw(raw)
    record_for(raw)
    append_entry(a_session(DAYS[1]))
    assert body_of(_read()).startswith(body_of(raw)[: -len(TAIL)])
    with pytest.raises(DamagedLog, match="pain_after: must be from 0 to 10"):
        delete_entry(entry["id"])
    with pytest.raises(InputError, match="pain_after: must be from 0 to 10"):
        read_import_file(paths.log_file())


# --- The digest algorithms ------------------------------------------------------------------


def _sha256_log(entries: list) -> bytes:
    """A log as facetcoach wrote it before the switch to CRC-32."""
    body = b"[" + b",".join(log_store.entry_bytes(e) for e in entries) + TAIL
    digest = hashlib.sha256(b"1:" + body).hexdigest().encode()
    return b'{"schema_version":1,"digest":"sha256:' + digest + b'",' + BODY + body


def test_a_log_with_a_sha256_digest_is_read_then_rewritten_with_crc32(home, strict_calls):
    old = [a_session(DAYS[0], note="día ✓"), a_skip(DAYS[1])]
    raw = _sha256_log(old)
    write_raw(raw)
    assert load_entries() == old  # the display path verifies it and trusts it
    assert load_entries(since=DAYS[1]) == old[1:]
    added = a_session(DAYS[2])
    append_entry(added)  # no record of a sha256 file: the strict checks, once
    assert len(strict_calls) == 1
    new = _read()
    assert new.startswith(b'{"schema_version":1,"digest":"crc32:')
    assert body_of(new).startswith(body_of(raw)[: -len(TAIL)])  # entries kept byte for byte
    assert f"crc32:{zlib.crc32(b'1:' + body_of(new)):08x}".encode() in new[:60]
    assert paths.log_backup_file().read_bytes() == raw
    assert read_import_file(paths.log_file()) == [*old, added]


@pytest.mark.parametrize("algorithm", ["sha256", "crc32"])
def test_a_flipped_byte_is_caught_by_either_digest(home, algorithm):
    entries = [a_session(DAYS[0], note="a note of some length"), a_skip(DAYS[1])]
    if algorithm == "sha256":
        raw = _sha256_log(entries)
    else:
        raw = log_store.encode_log([log_store.entry_bytes(e) for e in entries])
    assert raw.count(b'"digest":"' + algorithm.encode() + b":") == 1
    at = raw.index(b"a note") + 2
    for flipped in (raw[:at] + b"A" + raw[at + 1 :], raw[: at + 1] + raw[at + 2 :]):
        write_raw(flipped)
        for attempt in (load_entries, lambda: append_entry(a_session(DAYS[2]))):
            with pytest.raises(DamagedLog, match="its checksum does not match its content"):
                attempt()
        assert _read() == flipped


def test_a_file_with_the_other_algorithm_name_is_not_trusted(home):
    """The digest says which algorithm made it: a CRC-32 value labelled sha256 (or the
    reverse) does not match, and no third name is taken for a digest at all."""
    raw = log_store.encode_log([log_store.entry_bytes(a_session(DAYS[0]))])
    crc = raw[raw.index(b"crc32:") + 6 : raw.index(b"crc32:") + 14]
    mislabelled = raw.replace(b"crc32:" + crc, b"sha256:" + crc * 8)
    write_raw(mislabelled)
    with pytest.raises(DamagedLog, match="checksum does not match"):
        load_entries()
    write_raw(raw.replace(b"crc32:", b"md5:::"))
    with pytest.raises(DamagedLog, match="checksum does not match"):
        load_entries()  # a digest key of no known form: the thorough checks refuse it


# --- The layout scan --------------------------------------------------------------------------


def _body(raw: bytes) -> tuple[bytes, int]:
    return raw, raw.index(BODY) + len(BODY)


def test_the_layout_scan_finds_each_entry_and_refuses_anything_else(home):
    entries = [a_session(DAYS[0]), a_skip(DAYS[1]), a_session(DAYS[2], note='{"id":"x"}')]
    raw, start = _body(log_store.encode_log([log_store.entry_bytes(e) for e in entries]))
    starts, dates = entry_starts(raw, start)
    assert [raw[at : at + 7] for at in starts] == [ENTRY_START] * 3
    assert dates == [e.date.isoformat().encode() for e in entries]
    assert entry_heads(raw, start) == [
        (e.id.encode(), e.kind.encode(), e.date.isoformat().encode()) for e in entries
    ]
    empty, at = _body(log_store.encode_log([]))
    assert entry_starts(empty, at) == ([], []) and entry_heads(empty, at) == []
    nested = compact({**to_data(entries[0]), "done": [{"id": "0a1b2c3d"}]})
    odd = [
        raw[:start] + b"[ " + raw[start + 1 :],  # a space before the first entry
        raw[: len(raw) - 1],  # no newline at the end
        raw[:start] + b"[1]" + TAIL,  # a list of something else
        raw[:start] + b"[" + nested + TAIL,  # an object with an "id" inside an entry
        raw.replace(b',{"id":"', b', {"id":"', 1),
    ]
    for bad in odd:
        assert entry_starts(bad, start) is None, bad[start : start + 80]
        assert entry_heads(bad, start) is None


def test_a_record_write_that_fails_leaves_the_new_log_and_no_temp_file(
    home, monkeypatch, strict_calls
):
    append_entries([a_session(DAYS[0])])
    real_replace = os.replace

    def failing(source, target):
        if str(target).endswith(log_store.CHECKED_NAME):
            raise OSError(5, "injected")
        return real_replace(source, target)

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", failing)
        append_entry(a_session(DAYS[1]))  # the log is saved; only the record is stale
    assert len(read_import_file(paths.log_file())) == 2
    assert not list(home.glob(".*.tmp"))
    append_entry(a_session(DAYS[2]))  # the record was of the file before: strict, once
    assert len(strict_calls) == 1


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    days=st.lists(st.tuples(st.integers(0, 9), st.booleans()), min_size=0, max_size=15),
    notes=st.lists(st.sampled_from(["", '","date":"2026-12-08"', '{"id":"', "día ✓"]), max_size=3),
)
def test_the_fast_paths_answers_are_those_of_the_decoded_log(home, days, notes):
    """log/held.py: what an append on the fast path says of the entries held (by id, by day)
    is what the list of the decoded entries says, whatever the days, kinds and notes."""
    for name in ("log.json", log_store.CHECKED_NAME, "log.json.bak", ".log.json.index"):
        (paths.data_dir() / name).unlink(missing_ok=True)
    texts = notes or [""]
    entries = [
        a_session(DAYS[n], note=texts[i % len(texts)] or None) if session else a_skip(DAYS[n])
        for i, (n, session) in enumerate(days)
    ]
    if entries:
        append_entries(entries)
    fast = append_entries([])
    stored = read_import_file(paths.log_file()) if entries else []
    decoded = Held([EntryHead(e.id, e.kind, e.date) for e in stored])
    assert isinstance(fast, HeldBytes) or not entries
    assert len(fast) == len(decoded) and fast.ids() == decoded.ids()
    assert _told(fast, [*entries, a_session(DAYS[0])]) == _told(
        decoded, [*entries, a_session(DAYS[0])]
    )
