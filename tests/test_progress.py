"""Progress figures checked against a small log worked out by hand.

The plan: six weeks from Monday 7 Dec 2026, sessions Mon/Wed/Fri of five exercises, one per
category (rom, core, posture, balance, extension). Today is Wednesday 23 Dec (week 3).

    week 1  Mon 7   done 5/5, pain 4 → 3, morning 3
            Wed 9   done 4/5 (prone-lying skipped), pain 5 → 4, morning 2
            Fri 11  excused (flare)
            Sat 12  rest day, an extra exercise, pain 3 → 2
    week 2  Mon 14  missed
            Wed 16  split in two entries: 2 then 1 exercise (3/5), pain 6 → –, then – → 4
            Fri 18  done 5/5, pain 2 → 2, morning 1
    week 3  Mon 21  done 5/5, pain 2 → 1
            Wed 23  today, nothing yet: not due

By hand:
    week 1: sessions 2/3, 1 excused; exercises 9/15 = 60%; +1 extra;
            pain before (4+5+3)/3 = 4.0, after (3+4+2)/3 = 3.0, morning (3+2)/2 = 2.5
    week 2: sessions 2/3, 1 missed; exercises 8/15 = 53%; before (6+2)/2 = 4.0,
            after (4+2)/2 = 3.0, morning 1.0
    week 3: sessions 1/1; exercises 5/5 = 100%; before 2.0, after 1.0
    totals: 5 of 7 done, 1 excused, 1 missed; exercises 22/35 = 63%
    streak: D D E M D D D → current 3, best 3 (the excused skip neither breaks nor extends)
    categories (7 planned each): rom 5, core 5, posture 5, balance 4, extension 3
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from facetcoach.log.entries import checkin_entry, done_item
from facetcoach.models import Checkin
from facetcoach.share.progress import compute_progress, streak
from helpers import plan_factory
from helpers.logtools import a_session, a_skip, saved_plan, write_log

PLAN = plan_factory.plan()
PROGRAM = PLAN.program
TODAY = dt.date(2026, 12, 23)
IDS = plan_factory.SESSION_IDS


def day(number: int) -> dt.date:
    return dt.date(2026, 12, number)


def hand_log() -> list:
    extra = done_item(plan_factory.load_library().get("cat-camel"))
    from facetcoach.log.entries import session_entry

    rest_day = session_entry(
        None,
        day(12),
        dt.datetime(2026, 12, 12, 10, tzinfo=dt.timezone.utc),
        extras=[extra],
        pain_before=3,
        pain_after=2,
    )
    return [
        a_session(day(7), pain_before=4, pain_after=3),
        a_session(day(9), skipped=["prone-lying"], pain_before=5, pain_after=4),
        a_skip(day(11), "flare"),
        rest_day,
        a_session(day(16), skipped=IDS[2:], pain_before=6),
        a_session(day(16), skipped=[i for i in IDS if i != "shoulder-blade-squeeze"], pain_after=4),
        a_session(day(18), pain_before=2, pain_after=2),
        a_session(day(21), pain_before=2, pain_after=1),
        checkin_entry(
            day(20),
            dt.datetime(2026, 12, 20, 9, tzinfo=dt.timezone.utc),
            Checkin(nprs=3, odi=[0] * 10),
        ),
        a_session(dt.date(2026, 11, 30), pain_before=9),  # before the program: not counted
    ]


def with_mornings(entries: list) -> list:
    mornings = {day(7): 3, day(9): 2, day(18): 1}
    return [
        dataclasses.replace(e, pain_morning=mornings[e.date])
        if e.kind == "session" and e.date in mornings
        else e
        for e in entries
    ]


def test_progress_matches_the_hand_computed_figures():
    progress = compute_progress(PROGRAM, with_mornings(hand_log()), TODAY)
    assert progress.status == "during" and progress.current_week == 3
    rows = [
        (
            w.week,
            w.sessions_scheduled,
            w.sessions_planned,
            w.sessions_done,
            w.sessions_excused,
            w.sessions_missed,
            w.exercises_planned,
            w.exercises_done,
            w.adherence_percent,
            w.extra_exercises,
            w.pain_before,
            w.pain_after,
            w.pain_morning,
            w.skip_reasons,
        )
        for w in progress.weeks
    ]
    assert rows == [
        (1, 3, 3, 2, 1, 0, 15, 9, 60, 1, 4.0, 3.0, 2.5, ["flare"]),
        (2, 3, 3, 2, 0, 1, 15, 8, 53, 0, 4.0, 3.0, 1.0, []),
        (3, 3, 1, 1, 0, 0, 5, 5, 100, 0, 2.0, 1.0, None, []),
    ]
    totals = progress.totals
    assert (totals.sessions_planned, totals.sessions_done) == (7, 5)
    assert (totals.sessions_excused, totals.sessions_missed) == (1, 1)
    assert (totals.exercises_planned, totals.exercises_done, totals.adherence_percent) == (
        35,
        22,
        63,
    )
    assert (progress.streak.current, progress.streak.best) == (3, 3)
    assert [(c.category, c.planned, c.done, c.adherence_percent) for c in progress.categories] == [
        ("core", 7, 5, 71),
        ("rom", 7, 5, 71),
        ("posture", 7, 5, 71),
        ("balance", 7, 4, 57),
        ("extension", 7, 3, 43),
    ]


def test_todays_session_counts_once_recorded():
    entries = [*hand_log(), a_session(TODAY)]
    progress = compute_progress(PROGRAM, entries, TODAY)
    assert progress.weeks[-1].sessions_planned == 2
    assert progress.totals.sessions_done == 6 and progress.streak.current == 4


def test_the_window_shows_the_latest_weeks_but_totals_cover_the_program():
    full = compute_progress(PROGRAM, hand_log(), TODAY)
    window = compute_progress(PROGRAM, hand_log(), TODAY, weeks=2)
    assert [w.week for w in window.weeks] == [2, 3]
    assert window.weeks == full.weeks[1:]
    assert window.totals == full.totals and window.streak == full.streak
    assert window.categories == full.categories


def test_before_and_after_the_program():
    before = compute_progress(PROGRAM, hand_log(), dt.date(2026, 12, 1))
    assert before.status == "before" and before.weeks == [] and before.current_week is None
    assert before.totals.sessions_planned == 0 and before.totals.adherence_percent is None
    after = compute_progress(PROGRAM, hand_log(), dt.date(2027, 3, 1))
    assert after.status == "after" and after.current_week is None
    assert len(after.weeks) == 6
    # Nothing after 21 Dec was done: 18 sessions due, 5 done, 1 excused, 12 missed.
    assert (after.totals.sessions_planned, after.totals.sessions_missed) == (18, 12)
    assert after.streak.current == 0 and after.streak.best == 3


def test_streak_rules():
    assert streak([]).current == 0
    assert streak(["done", "excused", "done"]) == streak(["done", "done"])
    assert streak(["done", "missed", "done"]).current == 1
    assert streak(["excused", "excused"]).current == 0
    assert streak(["done"] * 4 + ["missed"] + ["done"] * 2).best == 4


def test_a_plan_with_an_empty_week_shows_no_adherence():
    quiet = dataclasses.replace(PROGRAM.weeks[0], sessions=[])
    program = dataclasses.replace(PROGRAM, weeks=[quiet, *PROGRAM.weeks[1:]])
    progress = compute_progress(program, [], day(13))
    assert progress.weeks[0].adherence_percent is None
    assert progress.weeks[0].pain_before is None and progress.categories == []


# --- The command ----------------------------------------------------------------------------


@pytest.fixture
def logged(monkeypatch):
    monkeypatch.setenv("FACETCOACH_TODAY", TODAY.isoformat())
    saved_plan()
    write_log(with_mornings(hand_log()))


def test_progress_command_shows_the_tables(cli, logged):
    result = cli("progress")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Progress on Wed 23 Dec 2026: week 3 of 6 (phase 2, Stabilise)." in out
    assert "Sessions: 5 of 7 done, 1 excused, 1 missed. Exercises: 22 of 35 (63%)." in out
    assert "Streak: 3 planned sessions done in a row (best 3)." in out
    assert "9/15 60% +1" in out and "1 (flare)" in out and "4.0 → 3.0" in out
    assert "8/15 53%" in out and "5/5 100%" in out
    assert "███████░░░ 71%" in out and "████░░░░░░ 43%" in out
    assert "Pain trend" in out and "████ " in out


def test_progress_json_is_the_documented_shape(cli, logged):
    data = json.loads(cli("progress", "--json", "--weeks", "1").stdout)
    assert data.keys() >= {
        "today",
        "status",
        "program_start",
        "program_end",
        "program_weeks",
        "current_week",
        "weeks",
        "categories",
        "totals",
        "streak",
    }
    assert [w["week"] for w in data["weeks"]] == [3]
    assert data["weeks"][0] == {
        "week": 3,
        "phase": 2,
        "phase_name": "Stabilise",
        "start": "2026-12-21",
        "end": "2026-12-27",
        "sessions_scheduled": 3,
        "sessions_planned": 1,
        "sessions_done": 1,
        "sessions_excused": 0,
        "sessions_missed": 0,
        "exercises_planned": 5,
        "exercises_done": 5,
        "extra_exercises": 0,
        "adherence_percent": 100,
        "pain_before": 2.0,
        "pain_after": 1.0,
        "pain_morning": None,
        "skip_reasons": [],
        "walking_target": None,  # A1: the factory's plan has no walking target
        "walked_minutes": 0,
        "walking_days": 0,
    }
    assert data["streak"] == {"current": 3, "best": 3}
    assert data["totals"]["adherence_percent"] == 63
    assert data["categories"][0] == {
        "category": "core",
        "planned": 7,
        "done": 5,
        "adherence_percent": 71,
    }


def test_progress_needs_a_plan_and_a_sensible_window(cli, monkeypatch):
    result = cli("progress")
    assert result.exit_code == 1 and "There is no plan yet" in result.stderr
    saved_plan()
    assert cli("progress", "--weeks", "0").exit_code == 2
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-01")
    result = cli("progress")
    assert result.exit_code == 0
    assert "Your program starts on Mon 7 Dec 2026: nothing to show yet." in result.stdout
