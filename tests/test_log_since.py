"""log_store.load_entries(since=...): only the entries dated `since` or later are parsed (the
daily `today` reads a few weeks of a log that may hold ten years), and the result is exactly
what parsing the whole file and filtering would give."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from facetcoach import paths
from facetcoach.log.file_format import _pieces_since, header
from facetcoach.log.store import load_entries
from helpers import adaptive_log as L
from helpers.logtools import plain_log, write_log, write_raw
from helpers.profiles import examples

PLAN = L.plan()
TRICKY_NOTES = [
    'a note with ,{"id":" inside',
    '"date":"2030-01-01" in a note',
    "unicode ✓ 💪 Rücken",
    "back\\slash and a\ttab",
    None,
]


def entries_on(days: list[dt.date], notes: list[str | None]):
    found = []
    for index, when in enumerate(days):
        entry = L.easy(PLAN, L.SESSION_DAYS[0])
        entry = entry.__class__(
            **{
                **{f: getattr(entry, f) for f in entry.__dataclass_fields__},
                "id": f"00000000-0000-4000-8000-{index:012d}",
                "date": when,
                "note": notes[index % len(notes)],
            }
        )
        found.append(entry)
    return found


def test_since_gives_the_same_entries_as_a_whole_parse(home):
    days = [L.day(d) for d in (30, -400, 3, 0, -1, 29, 1, -3650)]  # out of order: backfilled
    entries = entries_on(days, TRICKY_NOTES)
    entries.append(L.checkin(L.day(2), 4, [1] * 10, {"id": 3, "date": 5}))
    entries.append(L.symptom(L.day(5)))
    write_log(entries)
    everything = load_entries()
    for since in (L.day(-5000), L.day(-1), L.day(0), L.day(3), L.day(31)):
        assert load_entries(since=since) == [e for e in everything if e.date >= since]


def test_the_quick_path_parses_only_what_it_keeps(home):
    write_log(entries_on([L.day(d) for d in (-10, 0, -20, 5)], TRICKY_NOTES))
    raw = paths.log_file().read_bytes()
    head = header(raw)
    assert head is not None and head.intact
    chosen = _pieces_since(raw, head.body_start, L.day(0))
    assert [piece[7:43] for piece in chosen] == [
        b"00000000-0000-4000-8000-000000000001",
        b"00000000-0000-4000-8000-000000000003",
    ]
    assert _pieces_since(raw, head.body_start, L.day(6)) == []


def test_an_empty_log_and_a_hand_written_one(home):
    write_log([])
    assert load_entries(since=L.day(0)) == []
    entries = entries_on([L.day(-3), L.day(3)], TRICKY_NOTES)
    write_raw(plain_log(entries))  # no digest: the thorough checks, then the filter
    assert [e.date for e in load_entries(since=L.day(0))] == [L.day(3)]


@settings(max_examples=examples(60), deadline=None)
@given(
    st.lists(st.integers(-800, 60), max_size=25),
    st.lists(st.one_of(st.none(), st.text(max_size=30)), min_size=1, max_size=5),
    st.integers(-900, 70),
)
def test_since_matches_the_whole_parse_for_any_log(tmp_path_factory, offsets, notes, since):
    import os

    home = tmp_path_factory.mktemp("home")
    old = os.environ.get("FACETCOACH_HOME")
    os.environ["FACETCOACH_HOME"] = str(home)
    try:
        write_log(entries_on([L.day(d) for d in offsets], notes))
        everything = load_entries()
        assert load_entries(since=L.day(since)) == [e for e in everything if e.date >= L.day(since)]
    finally:
        if old is not None:
            os.environ["FACETCOACH_HOME"] = old


def test_the_digest_is_the_same_whichever_sha256_computes_it():
    """Files written before the switch to CRC-32 carry a SHA-256 digest: still verified."""
    import hashlib

    from facetcoach.log.file_format import SMALL_LOG, _sha256, _sha256_hex

    for size in (0, 10, SMALL_LOG, SMALL_LOG + 1, 3 * SMALL_LOG):
        body = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
        assert _sha256_hex(1, body) == hashlib.sha256(b"1:" + body).hexdigest()
    assert _sha256(10) is not hashlib.sha256  # the small one loads no OpenSSL
    assert _sha256(SMALL_LOG + 1) is hashlib.sha256
