"""`facetcoach plan export --ics`: the program as calendar events, read back with icalendar.

The plan of plan_factory: six weeks from Monday 7 Dec 2026, sessions Mon/Wed/Fri (18 in
all), each 15.5 minutes (an event of 16), five exercises.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from facetcoach.errors import InputError
from facetcoach.program.safety import STOP_NOW_LINE
from facetcoach.program.schedule import sessions
from facetcoach.share.calendar import (
    ExportOptions,
    build_calendar,
    calendar_bytes,
    event_uid,
    parse_time_of_day,
    zone_named,
)
from helpers import plan_factory
from helpers.logtools import saved_plan
from helpers.profiles import examples

PLAN = plan_factory.plan()
STAMP = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)
SESSION_DAYS = [session.date for _, session in sessions(PLAN.program)]


def events_of(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def test_one_event_per_session_at_the_time_asked_lasting_the_estimate():
    events = events_of(calendar_bytes(PLAN, ExportOptions(at=dt.time(7, 30)), STAMP))
    assert len(events) == 18 == len(SESSION_DAYS)
    starts = [event.decoded("dtstart") for event in events]
    assert starts == [dt.datetime.combine(day, dt.time(7, 30)) for day in SESSION_DAYS]
    # Floating local time: no zone, so 07:30 stays 07:30 wherever the calendar is.
    assert all(start.tzinfo is None for start in starts)
    for event in events:
        assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(minutes=16)
        assert "(16 min)" in str(event["summary"])


def test_default_time_is_six_in_the_evening():
    first = events_of(calendar_bytes(PLAN, ExportOptions(), STAMP))[0]
    assert first.decoded("dtstart") == dt.datetime(2026, 12, 7, 18, 0)


def test_the_description_holds_the_routine_and_the_stop_now_line():
    event = events_of(calendar_bytes(PLAN, ExportOptions(), STAMP))[0]
    text = str(event["description"])
    assert "Week 1 of 6, phase 1 (Settle and move), about 16 minutes." in text
    assert "1. Pelvic tilt, lying: 2 × 10" in text
    assert "2. Abdominal brace, lying: 5-3 × 7 s holds" in text
    assert "5. Lying face down: 1 min hold, once" in text
    assert STOP_NOW_LINE in text
    assert "up to 5 out of 10" in text  # rule PM1


def test_a_reminder_alarm_before_each_event_or_none():
    events = events_of(calendar_bytes(PLAN, ExportOptions(remind_minutes=15), STAMP))
    for event in events:
        (alarm,) = event.walk("VALARM")
        assert alarm.decoded("trigger") == dt.timedelta(minutes=-15)
        assert str(alarm["action"]) == "DISPLAY"
    silent = events_of(calendar_bytes(PLAN, ExportOptions(remind_minutes=0), STAMP))
    assert all(event.walk("VALARM") == [] for event in silent)


def test_uids_are_stable_across_exports_and_unique_within_one():
    first = [str(e["uid"]) for e in events_of(calendar_bytes(PLAN, ExportOptions(), STAMP))]
    later = STAMP + dt.timedelta(days=20)
    again = [
        str(e["uid"]) for e in events_of(calendar_bytes(PLAN, ExportOptions(at=dt.time(7)), later))
    ]
    assert first == again
    assert len(set(first)) == len(first)
    assert first[0] == event_uid(PLAN.program.start, dt.date(2026, 12, 7))


def test_a_rebuilt_plan_with_the_same_start_keeps_the_uids_another_start_does_not():
    rebuilt = dataclasses.replace(
        PLAN, created_at=dt.datetime(2026, 12, 20, tzinfo=dt.timezone.utc)
    )
    uids = [str(e["uid"]) for e in build_calendar(PLAN, ExportOptions(), STAMP).walk("VEVENT")]
    same = [str(e["uid"]) for e in build_calendar(rebuilt, ExportOptions(), STAMP).walk("VEVENT")]
    assert uids == same
    moved = plan_factory.plan(start=dt.date(2026, 12, 14))
    other = {str(e["uid"]) for e in build_calendar(moved, ExportOptions(), STAMP).walk("VEVENT")}
    assert not other & set(uids)


def test_dtstamp_is_the_export_moment_in_utc():
    cet = dt.timezone(dt.timedelta(hours=1))
    event = events_of(
        calendar_bytes(PLAN, ExportOptions(), dt.datetime(2026, 12, 2, 10, tzinfo=cet))
    )[0]
    assert event.decoded("dtstamp") == dt.datetime(2026, 12, 2, 9, tzinfo=dt.timezone.utc)


def test_a_pinned_zone_writes_tzid_and_its_vtimezone():
    options = ExportOptions(zone=zone_named("Europe/Paris"))
    data = calendar_bytes(PLAN, options, STAMP)
    assert b"DTSTART;TZID=Europe/Paris:20261207T180000" in data
    calendar = Calendar.from_ical(data)
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Paris"]
    start = calendar.walk("VEVENT")[0].decoded("dtstart")
    assert start.utcoffset() == dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07:30", dt.time(7, 30)),
        ("7:30", dt.time(7, 30)),
        (" 18:00 ", dt.time(18)),
        ("0:00", dt.time(0)),
    ],
)
def test_times_of_day(text, expected):
    assert parse_time_of_day(text) == expected


@pytest.mark.parametrize("text", ["24:00", "7:60", "7.30", "730", "seven", "", "07:30pm"])
def test_bad_times_of_day_are_refused(text):
    with pytest.raises(InputError, match="is not a time of day"):
        parse_time_of_day(text)


@settings(max_examples=examples(40), deadline=None)
@given(
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    remind=st.integers(min_value=0, max_value=7 * 24 * 60),
)
def test_any_time_and_reminder_round_trip(at, remind):
    events = events_of(calendar_bytes(PLAN, ExportOptions(at=at, remind_minutes=remind), STAMP))
    assert [e.decoded("dtstart") for e in events] == [
        dt.datetime.combine(day, at) for day in SESSION_DAYS
    ]
    for event in events:
        alarms = event.walk("VALARM")
        if remind:
            assert [a.decoded("trigger") for a in alarms] == [dt.timedelta(minutes=-remind)]
        else:
            assert alarms == []


# --- Through the command -----------------------------------------------------------------


@pytest.fixture
def plan(monkeypatch):
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-01")
    monkeypatch.setenv("FACETCOACH_NOW", "2026-12-01T09:00:00+01:00")
    return saved_plan()


def test_cli_writes_the_file_and_says_what_it_wrote(cli, plan, tmp_path):
    target = tmp_path / "back.ics"
    result = cli("plan", "export", "--ics", str(target), "--at", "07:30", "--remind", "10")
    assert result.exit_code == 0, result.output
    assert "Wrote 18 sessions, Mon 7 Dec 2026 to Fri 15 Jan 2027, at 07:30" in result.stdout
    assert "a reminder 10 minutes before" in result.stdout
    events = events_of(target.read_bytes())
    assert len(events) == 18
    assert events[0].decoded("dtstart") == dt.datetime(2026, 12, 7, 7, 30)
    assert events[0].walk("VALARM")[0].decoded("trigger") == dt.timedelta(minutes=-10)


def test_cli_refuses_to_overwrite_without_force(cli, plan, tmp_path):
    target = tmp_path / "back.ics"
    target.write_text("my calendar")
    result = cli("plan", "export", "--ics", str(target))
    assert result.exit_code == 2
    assert "already exists, so nothing was written; add --force" in result.stderr
    assert target.read_text() == "my calendar"
    forced = cli("plan", "export", "--ics", str(target), "--force")
    assert forced.exit_code == 0, forced.output
    assert len(events_of(target.read_bytes())) == 18


def test_cli_two_exports_give_the_same_uids(cli, plan, tmp_path):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert cli("plan", "export", "--ics", str(first)).exit_code == 0
    later = {"FACETCOACH_NOW": "2026-12-20T20:00:00+01:00"}
    assert cli("plan", "export", "--ics", str(second), "--at", "08:00", env=later).exit_code == 0
    uids = [[str(e["uid"]) for e in events_of(path.read_bytes())] for path in (first, second)]
    assert uids[0] == uids[1]


def test_cli_json_and_stdout(cli, plan, tmp_path):
    target = tmp_path / "back.ics"
    result = cli(
        "plan", "export", "--ics", str(target), "--remind", "0", "--tz", "Europe/Paris", "--json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "file": str(target),
        "events": 18,
        "first": "2026-12-07",
        "last": "2027-01-15",
        "at": "18:00",
        "remind_minutes": 0,
        "timezone": "Europe/Paris",
        "from": None,
    }
    shown = cli("plan", "export", "--ics", "-")
    assert shown.exit_code == 0
    assert len(events_of(shown.stdout.encode())) == 18
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Say where to write the calendar"),
        (("--ics", "x.ics", "--at", "25:00"), "is not a time of day"),
        (("--ics", "x.ics", "--remind", "-5"), "--remind must be a number of minutes"),
        (("--ics", "x.ics", "--tz", "Mars/Olympus"), "is not a time zone name"),
        (("--ics", "no/such/folder/x.ics"), "does not exist"),
    ],
)
def test_cli_bad_input_is_one_sentence_and_exit_2(cli, plan, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = cli("plan", "export", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert not (tmp_path / "x.ics").exists()


def test_cli_a_folder_is_not_a_file(cli, plan, tmp_path):
    result = cli("plan", "export", "--ics", str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.stderr


def test_cli_without_a_plan_exits_1(cli, tmp_path):
    result = cli("plan", "export", "--ics", str(tmp_path / "x.ics"))
    assert result.exit_code == 1 and "There is no plan yet" in result.stderr
    assert not (tmp_path / "x.ics").exists()


def test_cli_a_planned_program_exports_every_session(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-07")
    assert cli("plan", "--yes").exit_code == 0
    program = json.loads(cli("plan", "show", "--json").stdout)
    planned = [
        (session["date"], session["minutes"])
        for week in program["weeks"]
        for session in week["sessions"]
    ]
    target = tmp_path / "plan.ics"
    assert cli("plan", "export", "--ics", str(target)).exit_code == 0
    events = events_of(target.read_bytes())
    assert [(e.decoded("dtstart").date().isoformat()) for e in events] == [d for d, _ in planned]
    for event, (_, minutes) in zip(events, planned, strict=True):
        length = (event.decoded("dtend") - event.decoded("dtstart")).total_seconds() / 60
        assert minutes <= length < minutes + 1


def test_cli_o_and_output_name_the_file_as_for_report(cli, tmp_path, monkeypatch):
    """Found by a new user's trial: `plan export -o back.ics` was "No such option: -o"."""
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-07")
    assert cli("plan", "--yes").exit_code == 0
    for option in ("-o", "--output"):
        target = tmp_path / f"back{option}.ics"
        result = cli("plan", "export", option, str(target))
        assert result.exit_code == 0, result.output
        assert target.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
