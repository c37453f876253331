"""Any bytes in log.json, then the commands that read or write it: a result, or the clear
"the log is damaged" error (exit 1), never a traceback; a log that does not check strictly
is never written over (data-safety.md promise 4); a failing command changes nothing.

The files: noise; any JSON; logs of the right shape whose entries have fields changed (to
out-of-range numbers, other types, odd dates and times) or left out, each written three
ways: by hand (no digest: the thorough checks), with a digest that matches (the fast display
path, which trusts what facetcoach wrote), and with a stale digest (CRC-32 or SHA-256); real
entries made wrong only in meaning (a number out of range, an id twice) under a digest that
matches; and real logs with bytes flipped, inserted or cut, with the digest recomputed or not.
The "wrong in meaning" files bite: with the fast append trusting a matching digest without
the record of the file checked (log_store._trusted_heads), the general test failed in 3 of 4
runs ("wrote over a log that does not check strictly"; before they were added it passed
2,000 slow examples), and the focused one on appends in 4 of 4.
The same bytes also go through
`log import` as the file to import (exit 2 when refused).
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st

from facetcoach import paths
from facetcoach.errors import DataError
from facetcoach.log.entries import checkin_entry, skipped_entry, symptom_entry
from facetcoach.log.file_format import LogSource, decode_checked, encode_log, entry_bytes
from facetcoach.model_json import to_data
from facetcoach.models import Checkin
from helpers import plan_factory
from helpers.fuzztools import FUZZ, check_outcome, files_in, fresh_home, invoke, texts
from helpers.logtools import CET, a_session, saved_plan
from helpers.profiles import examples

TODAY = "2026-12-09"
READERS = [
    ["log", "list"],
    ["log", "list", "--all"],
    ["log", "list", "--json"],
    ["log", "list", "--since", "2026-12-01"],
    ["progress"],
    ["progress", "--json"],
    ["today"],
    ["today", "--json"],
    ["log", "export", "--csv"],
    ["log", "export"],
]
WRITERS = [
    ["log", "--pain-before", "2", "--pain-after", "1"],
    ["log", "--date", "2026-12-07", "--extra", "cat-camel"],
    ["log", "undo", "--yes"],
    ["log", "morning", "3"],
    ["log", "edit", "0a1b", "--note", "edited"],
    ["log", "delete", "0a1b", "--yes"],
]


def _base_entries() -> list[dict[str, Any]]:
    """Real entries of every kind, as data (the first id starts 0a1b, for edit and delete)."""
    day = dt.date(2026, 12, 7)
    moment = dt.datetime(2026, 12, 8, 7, 30, tzinfo=CET)
    session = plan_factory.plan().program.weeks[0].sessions[0]
    entries = [
        a_session(
            day,
            pain_before=3,
            pain_after=4,
            effort=5,
            note="ça va ✓",
            entry_id="0a1b2c3d-0000-4000-8000-000000000001",
        ),
        skipped_entry(session, dt.date(2026, 12, 9), moment, "flare", note="bad night"),
        checkin_entry(
            day, moment, Checkin(nprs=4, odi=[1, 2, 0, -1, 1, 1, 0, 2, 1, 0], psfs={"gardening": 6})
        ),
        symptom_entry(day, moment, "leg-pain"),
        a_session(dt.date(2026, 12, 4), skipped=["prone-lying"], flare=True),
    ]
    return [to_data(entry) for entry in entries]


BASE = _base_entries()
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=10,
)
ODD = {
    "date": ["0001-01-01", "9999-12-31", "2026-02-30", "2026-12-07T10:00", "", "20261207"],
    "created_at": [
        "2026-12-09T18:30:00",
        "0001-01-01T00:00:00",
        "0001-01-01T00:30:00+14:00",
        "9999-12-31T23:59:59-14:00",
        "9999-12-31T23:59:59",
        "2026-12-09T18:30:00Z",
        "2026-12-09 18:30",
        "2026-12-09T18:30:00+24:00",
    ],
    "kind": ["session", "skipped", "checkin", "symptom", "nap", "SESSION"],
    "id": ["0a1b2c3d-0000-4000-8000-000000000001", "0A1B", "not-an-id", ""],
    "reason": ["flare", "sick", "travel", "other", "bored"],
    "symptom": ["numbness", "weakness", "leg-pain", "itch"],
}
ODD["updated_at"] = ODD["created_at"]
NUMBERS = st.one_of(st.integers(-2, 12), st.sampled_from([10**30, -(10**30), 0, 10]))


def field_value(field: str) -> st.SearchStrategy[Any]:
    choices = [json_values]
    if field in ODD:
        choices.append(st.sampled_from(ODD[field]))
    if field in ("pain_before", "pain_after", "pain_morning", "effort"):
        choices.append(NUMBERS)
    if field in ("planned", "skipped", "extra"):
        choices.append(st.lists(st.sampled_from(["cat-camel", "bird-dog", "Bad id", ""])))
    if field == "done":
        item = st.fixed_dictionaries(
            {"exercise_id": st.sampled_from(["cat-camel", "x", ""]), "sets": NUMBERS},
            optional={"reps": NUMBERS | st.none(), "hold_seconds": NUMBERS | st.none()},
        )
        choices.append(st.lists(item, max_size=3))
    if field == "checkin":
        checkin = st.fixed_dictionaries(
            {"nprs": NUMBERS, "odi": st.lists(NUMBERS, max_size=12)},
            optional={"psfs": st.dictionaries(texts, NUMBERS, max_size=3)},
        )
        choices.append(checkin | st.none())
    return st.one_of(*choices[::-1])  # (hypothesis leans to the first: the plausible ones)


@st.composite
def entry_data(draw: Any) -> dict[str, Any]:
    entry = dict(draw(st.sampled_from(BASE)))
    for field in draw(st.lists(st.sampled_from([*BASE[0], "mood"]), max_size=3)):
        if draw(st.integers(0, 4)) == 0:
            entry.pop(field, None)
        else:
            entry[field] = draw(field_value(field))
    return entry


def _compact(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@st.composite
def wrong_log(draw: Any) -> bytes:
    """Right in shape, wrong in meaning, with a digest that matches (a tool recomputed it): a
    number out of range (and maybe an id twice). Reads show it; writes refuse it."""
    entries = [dict(entry) for entry in draw(st.lists(st.sampled_from(BASE), min_size=1))]
    field = draw(st.sampled_from(["pain_before", "pain_after", "pain_morning", "effort"]))
    entries[draw(st.integers(0, len(entries) - 1))][field] = draw(
        st.sampled_from([-1, 11, 12, 10**30])
    )
    return encode_log([_compact(entry) for entry in entries])


@st.composite
def log_bytes(draw: Any) -> bytes:
    kinds = ["entries", "entries", "mutated", "json", "noise", "wrong", "wrong"]
    kind = draw(st.sampled_from(kinds))
    event(f"file: {kind}")
    if kind == "wrong":
        return draw(wrong_log())
    if kind == "noise":
        return draw(st.binary(max_size=300))
    if kind == "json":
        return _compact(draw(json_values))
    if kind == "entries":
        entries = draw(st.lists(entry_data(), max_size=4))
        way = draw(st.sampled_from(["digest", "no digest", "stale digest"]))
        event(f"entries: {way}")
        if way == "digest":
            return encode_log([_compact(entry) for entry in entries])
        version = draw(st.sampled_from([1, 1, 1, 0, 2, "1"]))
        data: dict[str, Any] = {"schema_version": version, "entries": entries}
        if way == "stale digest":
            stale = draw(st.sampled_from(["crc32:" + "0" * 8, "sha256:" + "0" * 64]))
            data = {"schema_version": version, "digest": stale, **data}
        return _compact(data)
    raw = encode_log([entry_bytes_of(entry) for entry in BASE])
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(raw)))
        how = draw(st.sampled_from(["flip", "insert", "cut", "truncate"]))
        if how == "flip" and at < len(raw):
            raw = raw[:at] + bytes([raw[at] ^ draw(st.integers(1, 255))]) + raw[at + 1 :]
        elif how == "insert":
            raw = raw[:at] + draw(st.binary(min_size=1, max_size=6)) + raw[at:]
        elif how == "cut":
            raw = raw[:at] + raw[at + draw(st.integers(1, 20)) :]
        else:
            raw = raw[:at]
    if draw(st.booleans()):  # as if written by a tool that recomputes the digest
        head = b'"entries":'
        if head in raw:
            body = raw[raw.index(head) + len(head) :]
            if body.startswith(b"[") and body.endswith(b"]}\n"):
                raw = encode_log([body[1:-3]]) if body[1:-3] else encode_log([])
    return raw


def entry_bytes_of(data: dict[str, Any]) -> bytes:
    from facetcoach.model_json import from_data
    from facetcoach.models import LogEntry

    return entry_bytes(from_data(LogEntry, data))


def _strictly_good(raw: bytes) -> bool:
    try:
        decode_checked(raw, LogSource(Path("log.json")))
    except DataError:
        return False
    return True


def check_log_file(raw: bytes, commands: list[list[str]]) -> None:
    with fresh_home(FACETCOACH_TODAY=TODAY) as home:
        saved_plan()
        paths.log_file().write_bytes(raw)
        good = _strictly_good(raw)
        event("the log checks strictly" if good else "the log is refused by a write")
        for args in commands:
            before = files_in(home)
            result = invoke(args)
            code = check_outcome(result, args, codes=(0, 1, 2))
            after = files_in(home)
            if code != 0:
                assert after == before, f"{args} failed but changed the data"
                if code == 1:
                    assert result.stderr.startswith(f"Error: The log {paths.log_file()}"), (
                        args,
                        result.stderr,
                    )
            if after.get("log.json") != before.get("log.json"):
                assert good, f"{args} wrote over a log that does not check strictly"
                assert _strictly_good(after["log.json"])
                good = True
        # The same bytes as a file to import into a healthy log: merged, or exit 2.
        with tempfile.TemporaryDirectory() as folder:
            other = Path(folder) / "other.json"
            other.write_bytes(raw)
            paths.log_file().unlink(missing_ok=True)
            paths.log_backup_file().unlink(missing_ok=True)
            args = ["log", "import", str(other)]
            check_outcome(invoke(args), args, codes=(0, 2))


some_commands = st.lists(st.sampled_from(READERS + WRITERS), min_size=1, max_size=3)


@FUZZ
@given(log_bytes(), some_commands)
def test_any_log_file_gives_a_result_or_the_damaged_log_error(raw, commands):
    check_log_file(raw, commands)


APPENDS = [WRITERS[0], WRITERS[1], ["checkin", "--answers", "{checkin}"]]


@settings(FUZZ, max_examples=examples(40))
@given(wrong_log(), st.lists(st.sampled_from(APPENDS), min_size=1, max_size=2))
def test_an_append_never_writes_over_a_log_wrong_in_meaning(raw, commands):
    """The appends take the fast path on a log this facetcoach checked and wrote: a log that
    only carries a matching digest is checked strictly first, and refused. Bites: with the
    record check removed from log_store._trusted_heads, it failed on its first examples."""
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "checkin.toml"
        answers.write_text("nprs = 4\nodi = [1, 2, 1, 0, 2, 1, -1, 1, 0, 1]\n", encoding="utf-8")
        filled = [[arg.format(checkin=answers) for arg in args] for args in commands]
        check_log_file(raw, filled)
