"""Properties: entries survive save → load exactly, and any `log` arguments give a result or
the project's own clear error (exit 2, nothing written), never a traceback."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
import uuid
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from facetcoach import paths
from facetcoach.cli.main import app
from facetcoach.log.entries import stored_time
from facetcoach.log.store import append_entries, load_entries, read_import_file
from facetcoach.model_json import to_data
from facetcoach.models import CATEGORIES, SKIP_REASONS, SYMPTOMS, Checkin, DoneItem, LogEntry
from helpers.logtools import saved_plan
from helpers.profiles import examples


@contextlib.contextmanager
def fresh_home() -> Iterator[Path]:
    """A new FACETCOACH_HOME for one example (hypothesis reuses function fixtures)."""
    saved = os.environ.get("FACETCOACH_HOME")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["FACETCOACH_HOME"] = str(Path(folder) / "home")
        try:
            yield Path(folder) / "home"
        finally:
            if saved is None:
                del os.environ["FACETCOACH_HOME"]
            else:
                os.environ["FACETCOACH_HOME"] = saved


exercise_ids = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")
pains = st.one_of(st.none(), st.sampled_from([0, 10]), st.integers(0, 10))
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
ZONES = sorted(zoneinfo.available_timezones())
# Any time zone (as clock.now() would see it there), stored as the log stores times.
moments = st.builds(
    lambda moment, zone: stored_time(moment.replace(tzinfo=zoneinfo.ZoneInfo(zone))),
    st.datetimes(min_value=dt.datetime(1900, 1, 2), max_value=dt.datetime(2200, 12, 30)),
    st.sampled_from(ZONES),
)

done_items = st.builds(
    DoneItem,
    exercise_id=exercise_ids,
    sets=st.integers(1, 5),
    reps=st.none() | st.integers(1, 20),
    hold_seconds=st.none() | st.integers(1, 300),
)
checkins = st.builds(
    Checkin,
    nprs=st.integers(0, 10),
    odi=st.lists(st.integers(-1, 5), max_size=10),
    psfs=st.dictionaries(texts, st.integers(0, 10), max_size=3),
)


@st.composite
def entries(draw) -> LogEntry:
    return LogEntry(
        id=str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1)), version=4)),
        kind=draw(st.sampled_from(["session", "skipped", "checkin", "symptom"])),
        date=draw(st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31))),
        created_at=draw(moments),
        planned=draw(st.lists(exercise_ids, max_size=4)),
        done=draw(st.lists(done_items, max_size=4)),
        skipped=draw(st.lists(exercise_ids, max_size=2)),
        extra=draw(st.lists(exercise_ids, max_size=2)),
        pain_before=draw(pains),
        pain_after=draw(pains),
        pain_morning=draw(pains),
        effort=draw(pains),
        note=draw(st.none() | texts),
        reason=draw(st.none() | st.sampled_from(SKIP_REASONS)),
        flare=draw(st.booleans()),
        symptom=draw(st.none() | st.sampled_from(SYMPTOMS)),
        checkin=draw(st.none() | checkins),
        updated_at=draw(st.none() | moments),
    )


def exact(entry: LogEntry) -> object:
    # Aware datetimes compare as instants; their text keeps the offset, which must survive too.
    return to_data(entry)


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entries(), min_size=1, max_size=5, unique_by=lambda e: e.id), st.integers(1, 3))
def test_save_then_load_gives_the_same_entries(batch, writes):
    with fresh_home():
        # Saved in one or more writes, so that kept entries are reused byte for byte.
        step = -(-len(batch) // writes)
        for start in range(0, len(batch), step):
            append_entries(batch[start : start + step])
        fast = load_entries()
        strict = read_import_file(paths.log_file())  # the thorough checks, no digest shortcut
        assert [exact(e) for e in fast] == [exact(e) for e in batch]
        assert [exact(e) for e in strict] == [exact(e) for e in batch]
        assert fast == batch


def test_pain_0_and_10_and_far_offsets_round_trip(home):
    far_east = dt.timezone(dt.timedelta(hours=14))
    odd = dt.timezone(dt.timedelta(hours=-9, minutes=-30))
    batch = [
        LogEntry(
            id=str(uuid.uuid4()),
            kind="session",
            date=dt.date(2026, 12, 7),
            created_at=dt.datetime(2026, 12, 7, 23, 59, 59, 999999, tzinfo=zone),
            pain_before=0,
            pain_after=10,
            note='ничего не болит 🙂\u2028\x00 "quoted" \\',
        )
        for zone in (far_east, odd, dt.timezone.utc)
    ]
    append_entries(batch)
    loaded = load_entries()
    assert [exact(e) for e in loaded] == [exact(e) for e in batch]
    assert [e.created_at.utcoffset() for e in loaded] == [e.created_at.utcoffset() for e in batch]


# --- Fuzzed `log` arguments -------------------------------------------------------------------

ARGUMENT_VALUES = st.one_of(
    st.integers(-3, 14).map(str),
    st.sampled_from(["today", "yesterday", "tomorrow", "2026-12-07", "2026-12-08", "", " ", "x"]),
    st.sampled_from(["prone-lying", "cat-camel", "bird-dog", "PRONE-LYING", "nope", "flare"]),
    texts,
)
OPTIONS = [
    "--date",
    "--skip",
    "--only",
    "--extra",
    "--pain-before",
    "--pain-after",
    "--effort",
    "--note",
    "--reason",
]


@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(OPTIONS), ARGUMENT_VALUES), max_size=4),
    st.booleans(),
    st.sampled_from(CATEGORIES),
)
def test_any_log_arguments_give_a_result_or_one_clear_sentence(pairs, skipped, _category):
    runner = CliRunner()
    with fresh_home():
        os.environ["FACETCOACH_TODAY"] = "2026-12-09"
        try:
            saved_plan()
            args = ["log", *(["--skipped"] if skipped else [])]
            for option, value in pairs:
                args += [option, value]
            result = runner.invoke(app, args)
            assert result.exit_code in (0, 2), (args, result.output, result.exception)
            if result.exit_code == 2:
                assert not paths.log_file().exists(), args
                assert "Traceback" not in result.output
                assert result.stderr.startswith(("Error: ", "Usage: ")), result.stderr
            else:
                assert len(load_entries()) == 1
        finally:
            del os.environ["FACETCOACH_TODAY"]
