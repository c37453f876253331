"""The plan's history where people read it (found by a new user's trial, 2026-12-01):

- the report counts adherence as `progress` does (an exercise given at another level counts as
  the planned one done): it said 7/27 where `progress` said 13/27 for the same week;
- the report's "At intake" says what was said at the intake, not the days a later
  `plan change` set, and its program section lists each change and pause;
- an exercise skipped in one part of a day's session and done in the other is not "left out";
- `plan show`'s calendar names its columns by weekday only while every week has the same
  days: after a change of days, the sessions in order (a week a pause made longer, with a
  fourth session, had an unnamed column; a later week with fewer sessions than the first
  made the calendar an internal problem)."""

from __future__ import annotations

import json

from facetcoach.coaching.progression import as_planned
from facetcoach.share.progress import compute_progress
from facetcoach.share.report import build_report
from helpers import adaptive_log as L
from helpers.logtools import saved_plan
from test_progression import PLAN, TOP, adjusted


def test_the_report_counts_another_level_as_the_planned_exercise_done():
    levels = L.with_items(PLAN, {3: [TOP], 4: [TOP]})
    days = L.SESSION_DAYS[6:10]
    first = adjusted([], days[0], levels).items
    given = adjusted([L.session(levels, d, items=first) for d in days[:2]], days[2], levels).items
    assert [i.exercise_id for i in given] == ["bird-dog"]  # in place of four-point-arm-reach
    entries = [L.session(levels, d, items=first) for d in days[:2]]
    entries.append(L.session(levels, days[2], 3, 3, 3, items=given))
    progress = compute_progress(levels.program, as_planned(levels, entries), days[3])
    report = build_report(levels, entries, days[3])
    assert report.progress.totals == progress.totals
    assert [w.exercises_done for w in report.progress.weeks] == [
        w.exercises_done for w in progress.weeks
    ]
    assert sum(w.extra_exercises for w in report.progress.weeks) == 0


def at(day: str) -> dict[str, str]:
    return {"FACETCOACH_TODAY": day, "FACETCOACH_NOW": f"{day}T18:30:00+01:00"}


def test_after_a_pause_and_a_change_of_days(cli, home, monkeypatch):
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-07")
    saved_plan()  # Mon, Wed, Fri from Mon 7 Dec
    logged = cli("log", "--pain-before", "2", "--pain-after", "2", env=at("2026-12-07"))
    assert logged.exit_code == 0, logged.output
    # A session in two parts: the second part does what the first skipped.
    first = cli("today", "--json", env=at("2026-12-09"))
    ids = [i["exercise_id"] for i in json.loads(first.stdout)["items"]]
    part = cli("log", "--skip", ids[0], env=at("2026-12-09"))
    assert part.exit_code == 0, part.output
    rest = cli("log", "--only", ids[0], env=at("2026-12-09"))
    assert rest.exit_code == 0, rest.output
    pause = cli("plan", "pause", "--reason", "travel", "--from", "2026-12-10", "--until",
                "2026-12-14", env=at("2026-12-09"))  # fmt: skip
    assert pause.exit_code == 0, pause.output
    change = cli("plan", "change", "--days", "tue,thu,sat", env=at("2026-12-22"))
    assert change.exit_code == 0, change.output

    shown = cli("plan", "show", env=at("2026-12-22"))
    assert shown.exit_code == 0, shown.output
    calendar = shown.stdout.split("Weekly calendar")[1].split("Phase 1")[0]
    assert "minutes of each session, in order" in calendar
    assert "1st" in calendar and "Mon" not in calendar.splitlines()[2]

    report = cli("report", env=at("2026-12-22")).stdout
    intake = report.split("## At intake")[1].split("##")[0]
    assert "**Can exercise:** Mon, Wed, Fri" in intake
    assert "**Changes:** Changed from Tue 22 Dec 2026: days tue, thu, sat." in report
    assert "Paused (travel) from Thu 10 Dec 2026" in report
    assert "Exercises left out of sessions:** none" in report
    data = json.loads(cli("report", "--json", env=at("2026-12-22")).stdout)
    assert len(data["program"]["history"]) == 2
