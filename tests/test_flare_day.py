"""A flare day (FL1) in the numbers: the flare routine is what was given that day, so doing it
is measured against it, in `progress` and the report."""

from __future__ import annotations

import dataclasses
import json

from facetcoach.program.routine import flare_items
from facetcoach.program.schedule import session_on
from facetcoach.share.progress import compute_progress
from helpers import adaptive_log as L

PLAN = L.plan()


def test_progress_counts_a_flare_day_against_the_flare_routine():
    """FL1 (found by a new user's trial): following the flare advice counted as 3 of 6
    exercises done. A day whose sessions are all flare routines is measured against the
    routine given that day."""
    planned = session_on(PLAN.program, L.MON)
    assert planned is not None
    gentle = flare_items(PLAN, list(planned.items))
    # The routine holds exercises the session does not: they were counted as extras.
    assert {i.exercise_id for i in gentle} - {i.exercise_id for i in planned.items}
    log = [L.session(PLAN, L.MON, 7, 6, flare=True, items=gentle)]
    counted = compute_progress(PLAN.program, log, L.MON, exercises=PLAN.exercises)
    week = counted.weeks[0]
    assert (week.exercises_done, week.exercises_planned) == (len(gentle), len(gentle))
    assert counted.totals.adherence_percent == 100
    assert sum(c.planned for c in counted.categories) == len(gentle)
    # One exercise of the flare routine left out: done of the routine, not of the plan.
    fewer = [L.session(PLAN, L.MON, 7, 6, flare=True, items=gentle, skip=(gentle[0].exercise_id,))]
    week = compute_progress(PLAN.program, fewer, L.MON, exercises=PLAN.exercises).weeks[0]
    assert (week.exercises_done, week.exercises_planned) == (len(gentle) - 1, len(gentle))
    # A usual session: measured against the plan, as before.
    usual = compute_progress(
        PLAN.program, [L.session(PLAN, L.MON)], L.MON, exercises=PLAN.exercises
    )
    assert usual.weeks[0].exercises_planned == len(planned.items)


def test_progress_after_log_flare_says_the_routine_was_all_done(cli, tmp_path):
    from helpers.answers_data import example_data, write_answers

    env = {"FACETCOACH_TODAY": "2026-12-07"}
    assert (
        cli("plan", "--answers", str(write_answers(tmp_path, example_data())), env=env).exit_code
        == 0
    )
    logged = cli("log", "--flare", "--pain-before", "7", "--pain-after", "6", env=env)
    assert logged.exit_code == 0, logged.output
    data = json.loads(cli("progress", "--json", env=env).stdout)
    totals = data["totals"]
    assert totals["exercises_done"] == totals["exercises_planned"] > 0
    assert totals["adherence_percent"] == 100


def test_today_flare_on_a_rest_day_says_there_is_no_routine_to_do(cli, tmp_path):
    """Found by a new user's trial: the heading "Flare-up routine" came with no routine, and
    `log --flare` refused the day."""
    from helpers.answers_data import example_data, write_answers

    env = {"FACETCOACH_TODAY": "2026-12-07"}
    answers = str(write_answers(tmp_path, example_data()))
    assert cli("plan", "--answers", answers, env=env).exit_code == 0
    assert cli("log", "--pain-before", "7", "--pain-after", "8", env=env).exit_code == 0
    rest = {"FACETCOACH_TODAY": "2026-12-08"}  # a Tuesday: the plan is Mon/Wed/Fri
    shown = cli("today", "--flare", env=rest)
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.stdout.split())
    assert "Flare-up routine" not in text and "no flare routine to do" in text
    assert "Next session: Wednesday 9 December" in text
    wednesday = {"FACETCOACH_TODAY": "2026-12-09"}
    assert "Flare-up routine" in cli("today", "--flare", env=wednesday).stdout


def test_a_flare_routine_of_gentler_levels_counts_as_done_in_phase_2():
    """Found by a new user's trial: in phase 2 the flare routine's gentle levels were renamed
    to the planned levels they stand below (as_planned), and a routine done in full counted
    0 of 3, its exercises as extras."""
    from facetcoach.coaching.progression import as_planned
    from helpers.plan_factory import item_for

    levels = ["double-knee-to-chest", "childs-pose-rest", "bed-bridge"]  # phase 2's
    plan = L.with_items(PLAN, {3: [item_for(i) for i in levels]})
    monday = L.day(14)  # week 3
    session = session_on(plan.program, monday)
    assert session is not None
    gentle = flare_items(plan, list(session.items))
    entry = L.session(plan, monday, 7, 6, flare=True, items=gentle)
    as_usual = dataclasses.replace(entry, flare=False)  # a usual session's levels are renamed
    assert as_planned(plan, [as_usual])[0].done != entry.done
    counted = compute_progress(
        plan.program, as_planned(plan, [entry]), monday, exercises=plan.exercises
    )
    week = counted.weeks[2]
    assert (week.exercises_done, week.exercises_planned, week.extra_exercises) == (
        len(gentle),
        len(gentle),
        0,
    )
