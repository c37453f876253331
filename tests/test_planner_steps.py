"""How a program climbs, week by week: LV1 (one rung at a time), PM3 (one variable at a time,
across phase changes too) and PH2 (a graded step into each phase; a high-pain start no faster
than its low-pain twin). assert_rules (test_planner.py) checks all three on every program the
planner tests build; the tests here name each rule and pin the figures of issue 12.

Each rule was removed once to see these tests fail:
- LV1: `_History.climbable` always True: both LV1 tests fail (bridge-march, counter-split-squat,
  hinge-lift-practice, thread-the-needle back in phase 3 with no rung below ever given).
- PM3: `rung_start` returning its start dose: both PM3 tests fail (a new level with more sets
  or work than the level before); every run restarting at its start dose at a phase change
  (the old planner): both PM3 tests and the twin property fail.
- PH2: WEEKLY_GROWTH at 10: the weekly-step and the twin properties fail (weeks growing x1.6);
  without the low-pain twin's bounds: both twin tests fail (pain 8/9 then steps x1.06 and
  x1.14 into phases 2 and 3, where its twin steps x0.75 and x0.87).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings

from facetcoach.library.loading import load_library
from facetcoach.models import Program
from facetcoach.program.planner import build_program
from facetcoach.program.strength_groups import ANKLE_STRENGTH, HIP_STRENGTH
from facetcoach.program.weekly_steps import (
    growth_factors,
    item_work,
    lower_rungs,
    week_volume,
)
from helpers.profiles import examples
from test_planner import answers, answers_files, assert_lv1, assert_pm3

# PH2: the planned weekly step, as docs/coaching.md states it (a quarter more at most).
PLANNED_STEP = 1.25
START = dt.date(2026, 12, 7)
LIBRARY = load_library()
BY_ID = LIBRARY.by_id()
FIT = dict(age=30, activity="active", worse_with=[], better_with=[])
EVERYTHING = ["mat", "chair", "wall", "counter", "band", "ball", "towel", "foam_roller"]


def first_weeks(program: Program) -> dict[str, int]:
    found: dict[str, int] = {}
    for week in program.weeks:
        for session in week.sessions:
            for item in session.items:
                found.setdefault(item.exercise_id, week.number)
    return found


# --- LV1 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("pain", [2, 8])
@pytest.mark.parametrize("age", [30, 50, 70])
def test_lv1_the_level_3_exercises_come_only_after_a_rung_below_them(age, pain):
    a = answers(age=age, pain_now=pain, pain_worst=pain, equipment=EVERYTHING, minutes=45)
    program = build_program(a, LIBRARY, START)
    first = first_weeks(program)
    for exercise_id, week in first.items():
        e = BY_ID[exercise_id]
        if e.level == 1:
            continue
        below = lower_rungs(e, LIBRARY.exercises)
        if below:  # everything is at hand here: a rung below is always possible
            assert any(first.get(r, 99) < week for r in below), (exercise_id, week)
    assert_lv1(a, program, LIBRARY)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=answers_files(kit=True))
def test_lv1_no_program_climbs_a_family_by_more_than_a_rung(a):
    assert_lv1(a, build_program(a, LIBRARY, a.start), LIBRARY)


# --- PM3 -----------------------------------------------------------------------------------


def test_pm3_a_new_level_comes_with_no_more_sets_and_no_more_work():
    program = build_program(answers(**FIT, equipment=["mat", "chair"]), LIBRARY, START)
    first = first_weeks(program)
    changes = 0
    for week_before, week in zip(program.weeks, program.weeks[1:], strict=False):
        before = {i.exercise_id: i for s in week_before.sessions for i in s.items}
        for item in (i for s in week.sessions for i in s.items):
            if first[item.exercise_id] != week.number:
                continue
            for below in lower_rungs(BY_ID[item.exercise_id], LIBRARY.exercises) & set(before):
                changes += 1
                assert item.sets <= before[below].sets
                assert item_work(item) <= item_work(before[below])
    assert changes >= 2  # the curl-up and the extension stages climb here


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=answers_files(kit=True))
def test_pm3_every_planned_week_changes_one_variable_at_a_time(a):
    assert_pm3(build_program(a, LIBRARY, a.start), LIBRARY)


# --- PH2 -----------------------------------------------------------------------------------


def _phase_steps(program: Program) -> dict[int, float]:
    return {number: factor for number, change, factor in growth_factors(program) if change}


def test_ph2_the_fit_30_year_old_steps_into_phase_2_no_faster_with_pain_8_than_with_pain_2():
    """Issue 12's twins: before, x2.7 in volume into phase 2 with pain 8/9 against x0.99 with
    pain 2 (x5.4 against x2.0 in week_load), and the same programs from week 3 on. Now the
    sore start goes up no more than a planned week's step, no faster than its twin, and stays
    below it."""
    sore = build_program(answers(**FIT, pain_now=8, pain_worst=9), LIBRARY, START)
    calm = build_program(answers(**FIT, pain_now=2, pain_worst=2), LIBRARY, START)
    sore_steps, calm_steps = _phase_steps(sore), _phase_steps(calm)
    assert set(sore_steps) == {3, 6}
    for number, factor in sore_steps.items():
        assert factor <= PLANNED_STEP
        assert factor <= max(1.0, calm_steps[number]) + 1e-9
    for s_week, c_week in zip(sore.weeks, calm.weeks, strict=True):
        assert week_volume(s_week) <= week_volume(c_week)
    assert [w.sessions for w in sore.weeks[2:]] != [w.sessions for w in calm.weeks[2:]]


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=answers_files(kit=True))
def test_ph2_no_week_grows_by_more_than_the_planned_weekly_step(a):
    for number, _, factor in growth_factors(build_program(a, LIBRARY, a.start)):
        assert factor <= PLANNED_STEP + 1e-9, (number, factor)


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=answers_files(kit=True))
def test_ph2_a_high_pain_start_climbs_no_faster_than_its_low_pain_twin(a):
    sore = build_program(dataclasses.replace(a, pain_now=8, pain_worst=9), LIBRARY, a.start)
    calm = build_program(dataclasses.replace(a, pain_now=2, pain_worst=2), LIBRARY, a.start)
    calm_steps = _phase_steps(calm)
    for number, factor in _phase_steps(sore).items():
        if factor <= max(1.0, calm_steps[number]) + 1e-9:
            continue
        # The one exception: the hip (C8) or ankle (B5) work a phase must hold, entering at
        # its gentlest (then only the x1.25 limit holds, checked above). Found when C8 landed.
        entering = _ids(sore.weeks[number - 1]) - _ids(sore.weeks[number - 2])
        assert entering & (HIP_STRENGTH | ANKLE_STRENGTH), (number, factor, entering)
    for index, (s_week, c_week) in enumerate(zip(sore.weeks, calm.weeks, strict=True)):
        # Never above the twin's week by a step the sore program takes (an exercise added, a
        # dose up). It can be above when it takes none: the twin came down at a phase change
        # further than it could, or the A and B sessions fall on other days that week. An
        # exercise that comes back (the B5 heel and toe raises take turns) at the dose it had
        # when last given is no step (found by the random examples on 2026-12-01).
        now = _doses(s_week)
        before = {}
        for earlier in sore.weeks[:index]:
            before |= _doses(earlier)
        stepped = any(e not in before or dose != before[e] for e, dose in now.items())
        assert week_volume(s_week) <= week_volume(c_week) or not stepped, s_week.number


def _ids(week) -> set[str]:
    return {i.exercise_id for s in week.sessions for i in s.items}


def _doses(week) -> dict[str, tuple]:
    return {i.exercise_id: (i.sets, i.reps, i.hold_seconds) for s in week.sessions for i in s.items}


def test_ph2_an_exercise_not_given_in_a_week_does_not_climb_in_it():
    """PH2, from CI's random run on 2026-12-01: in a week of heel raises only, the toe raise of
    the same slot climbed to 3 sets unseen (measured as no work) and came back the week after
    above the low-pain twin's week (3206 against 3100). Now only what a week gives climbs, and
    one not given keeps its ladder's turn (without that, the slow profile found a 17-minute
    program with a 17.3-minute session: the climbs left the sequence the cap was fitted to)."""
    a = answers(
        pain_now=0, pain_worst=0, worse_with=[], better_with=[], age=65, activity="sedentary",
        days=["mon", "tue", "wed", "thu", "fri", "sat", "sun"], minutes=14,
        equipment=["mat", "wall"], weeks=12, start=dt.date(2024, 1, 1),
    )  # fmt: skip
    sore = build_program(dataclasses.replace(a, pain_now=8, pain_worst=9), LIBRARY, a.start)
    calm = build_program(dataclasses.replace(a, pain_now=2, pain_worst=2), LIBRARY, a.start)
    for s_week, c_week in zip(sore.weeks, calm.weeks, strict=True):
        assert week_volume(s_week) <= week_volume(c_week), s_week.number
