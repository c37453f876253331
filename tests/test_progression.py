"""Pain-monitored progression (issue 6; rules PM1-PM3, PM5, E1, FL1), on hand-built logs.

plan_factory's session: pelvic-tilt-lying 2 × 10 and prone-lying 1 min (both load extension,
which this user's answers say hurts: never made harder, E1), abdominal-brace-lying 5-3 × 7 s
holds, shoulder-blade-squeeze 10 reps with a 5 s pause, counter-feet-together 3 × 10 s hold.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facetcoach.coaching.progression import STEP_LIMIT, adjust_items, as_planned
from facetcoach.coaching.verdict import EASY, HARD, HOLD, flare_sign, session_verdict
from facetcoach.intake.profile import profile_of
from facetcoach.library.doses import dose_problems
from facetcoach.models import LogEntry, PlanFile, PlanItem
from facetcoach.program.dose import dose_text
from facetcoach.program.dose_ladder import Dose
from facetcoach.program.routine import session_minutes
from facetcoach.program.schedule import session_on
from helpers import adaptive_log as L
from helpers.profiles import examples

PLAN = L.plan()
ANSWERS = PLAN.answers  # pain_now 4

# One step up from the planned dose (ladder.step_up, turn 0), and one step down.
UP = {
    "abdominal-brace-lying": "5-3 × 8 s holds",
    "shoulder-blade-squeeze": "12 reps, 5 s pause",
    "counter-feet-together": "3 × 15 s hold",
}
TWO_UP = {
    "abdominal-brace-lying": "6-4 × 8 s holds",
    "shoulder-blade-squeeze": "2 × 12, 5 s pause",
    "counter-feet-together": "4 × 15 s hold",
}
DOWN = {
    "pelvic-tilt-lying": "10 reps",
    "abdominal-brace-lying": "5 × 7 s hold",
    "shoulder-blade-squeeze": "8 reps, 5 s pause",
    "counter-feet-together": "3 × 5 s hold",
}  # prone-lying cannot come down: E4 stage 1 is 1-2 minutes, once


def adjusted(entries: list[LogEntry], when: dt.date, plan=PLAN):
    items = session_on(plan.program, when).items
    return adjust_items(plan, entries, when, items)


def doses(result) -> dict[str, str]:
    """Each adjusted exercise and its new dose, as the adjustments list says."""
    return {a.exercise_id: a.to_dose for a in result.adjustments}


def words(item: PlanItem) -> str:
    return dose_text(item.kind, item.sets, item.reps, item.hold_seconds, item.per_side)


# --- One session's verdict (PM1, PM2; baseline: pain before, else the intake's pain_now) ----

VERDICTS = [
    # before, after, morning, skipped, flare session -> verdict   (why)
    (3, 5, 3, (), False, EASY),  # PM1: up to 5 is fine; PM2: settled by the morning
    (3, 0, 2, (), False, EASY),
    (3, 6, 3, (), False, HARD),  # PM1: above 5 is too much
    # PM2 (made precise in the second round; it held at +1 before): any next-morning pain
    # above the pain before that session makes the next session a step easier.
    (3, 5, 4, (), False, HARD),  # PM2: morning 1 above baseline: regress
    (3, 4, 5, (), False, HARD),  # PM2: 2 above baseline: regress
    (None, 3, 6, (), False, HARD),  # no pain before: baseline is the intake's 4; 6 is 2 above
    (None, 3, 5, (), False, HARD),  # 5 is above 4
    (None, 3, 4, (), False, EASY),
    (3, None, 3, (), False, HOLD),  # pain after unknown: not known to be easy
    (3, 3, None, (), False, HOLD),  # next morning unknown
    (3, 3, 3, ("prone-lying",), False, HOLD),  # PM3: nothing skipped
    (7, 5, 6, (), False, HOLD),  # a flare sign (pain before 7+) is never easy
    (2, 5, 2, (), False, HOLD),  # a rise of 3 in a day
]


@pytest.mark.parametrize(("before", "after", "morning", "skipped", "flare", "verdict"), VERDICTS)
def test_session_verdict_pm1_pm2(before, after, morning, skipped, flare, verdict):
    entry = L.session(PLAN, L.MON, before, after, morning, skip=skipped, flare=flare)
    assert session_verdict(entry, ANSWERS).kind == verdict


@pytest.mark.parametrize(
    ("before", "after", "morning", "words"),
    [
        (7, 4, 4, "your pain was 7 out of 10 before the session on Mon 7 Dec"),
        (2, 5, 2, "rose from 2 before the session on Mon 7 Dec to 5 after it"),
        (2, 4, 5, "rose from 2 before the session on Mon 7 Dec to 5 the next morning"),
        (6, 8, 8, None),  # a rise of 2 is not a flare sign (the 8 after is PM1's business)
        (None, 9, 9, None),  # no pain before: no rise can be measured
    ],
)
def test_flare_sign_pain_7_or_a_rise_of_3(before, after, morning, words):
    sign = flare_sign(L.session(PLAN, L.MON, before, after, morning))
    assert (sign is None) if words is None else (words in sign)


# --- Progress, hold, regress (PM3: one step after two easy sessions in a row) ---------------

RULES = [
    # (what the log holds before Friday 11 Dec, the doses on Friday)
    ("nothing logged", [], {}),
    ("one easy session", [L.easy(PLAN, L.MON)], {}),
    ("two easy sessions: one step up", [L.easy(PLAN, L.MON), L.easy(PLAN, L.WED)], UP),
    (
        "easy, then not easy (a rise of 3, a flare sign), is no run",
        [L.easy(PLAN, L.MON), L.session(PLAN, L.WED, 2, 5, 2)],
        {},
    ),
    (
        "next morning 1 above the pain before: one step down (PM2)",
        [L.session(PLAN, L.WED, 3, 3, 4)],
        DOWN,
    ),
    (
        "easy, no pain recorded, easy: the run is broken",
        [L.easy(PLAN, L.MON), L.session(PLAN, L.WED, None, None, None)],
        {},
    ),
    ("one hard session (pain after 7): one step down", [L.hard(PLAN, L.WED)], DOWN),
    (
        "next morning 2 above the pain before: one step down",
        [L.session(PLAN, L.WED, 2, 4, 4)],
        DOWN,
    ),
    # FL1 (made precise): after a flare day the doses are not stepped down here; the session's
    # volume is graded back instead (coaching/flare.py, tests/test_flare.py).
    ("a skip for a flare: no step (FL1 grades the volume)", [L.skip(PLAN, L.WED, "flare")], {}),
    (
        "a flare session: no step (FL1 grades the volume)",
        [L.session(PLAN, L.WED, 6, 5, 5, flare=True)],
        {},
    ),
    (
        "a skip for travel changes nothing: the run goes on",
        [L.easy(PLAN, L.MON), L.skip(PLAN, L.WED, "travel"), L.easy(PLAN, L.FRI)],
        {},  # the second easy session is on Friday itself: not before it
    ),
]


@pytest.mark.parametrize(("label", "entries", "expected"), RULES, ids=[r[0] for r in RULES])
def test_rules_before_friday(label, entries, expected):
    result = adjusted(entries, L.FRI)
    assert doses(result) == expected
    assert [i.exercise_id for i in result.items] == [
        i.exercise_id for i in session_on(PLAN.program, L.FRI).items
    ]


@pytest.mark.parametrize(
    "between",
    [
        L.session(PLAN, L.WED, 2, 5, 2),  # a rise of 3 within the day: a flare sign
        L.session(PLAN, L.WED, None, None, None),  # no pain recorded
        L.session(PLAN, L.WED, 3, 3, 3, skip=("prone-lying",)),  # something skipped
    ],
    ids=["flare sign", "no pain recorded", "a skip"],
)
def test_a_session_that_is_not_easy_breaks_the_run(between):
    entries = [L.easy(PLAN, L.MON), between, L.easy(PLAN, L.FRI)]
    assert doses(adjusted(entries, L.MON2)) == {}
    assert doses(adjusted([*entries, L.easy(PLAN, L.MON2)], L.WED2)) == UP


def test_a_skip_for_travel_neither_breaks_nor_counts():
    entries = [L.easy(PLAN, L.MON), L.skip(PLAN, L.WED, "travel"), L.easy(PLAN, L.FRI)]
    assert doses(adjusted(entries, L.MON2)) == UP


def test_each_step_needs_two_more_easy_sessions():
    four = [L.easy(PLAN, d) for d in (L.MON, L.WED, L.FRI, L.MON2)]
    assert doses(adjusted(four[:3], L.MON2)) == UP  # three easy: still one step
    result = adjusted(four, L.WED2)
    assert doses(result) == TWO_UP
    reason = {a.exercise_id: a.reason for a in result.adjustments}["abdominal-brace-lying"]
    assert reason.startswith("2 steps ahead of your plan; the latest step up after two easy")


def test_the_reason_names_the_two_easy_sessions():
    result = adjusted([L.easy(PLAN, L.MON), L.easy(PLAN, L.WED)], L.FRI)
    change = next(a for a in result.adjustments if a.exercise_id == "abdominal-brace-lying")
    assert (change.action, change.steps) == ("progress", 1)
    assert (change.from_dose, change.to_dose) == ("5-3 × 7 s holds", "5-3 × 8 s holds")
    assert change.reason == "after two easy sessions (Mon 7 Dec and Wed 9 Dec)"


def test_a_hard_session_after_a_step_up_comes_back_to_the_plan():
    stepped = adjusted([L.easy(PLAN, L.MON), L.easy(PLAN, L.WED)], L.FRI).items
    painful = L.session(PLAN, L.FRI, 3, 7, 3, items=stepped)  # done at the doses given
    entries = [L.easy(PLAN, L.MON), L.easy(PLAN, L.WED), painful]
    assert doses(adjusted(entries, L.MON2)) == {"pelvic-tilt-lying": "10 reps"}


def test_after_a_hard_session_the_next_is_a_step_below_the_dose_done_then():
    """PM2, found by a second trial: where the plan's own step has met the step down from a
    step up (here the session was done at the plan's doses, which Monday's plan repeats), the
    next session is still a step below what was done: before, it gave the same dose under
    `log`'s "the next session will be a step easier". (Fails without _below_done.)"""
    entries = [L.easy(PLAN, L.MON), L.easy(PLAN, L.WED), L.hard(PLAN, L.FRI)]
    result = adjusted(entries, L.MON2)
    assert doses(result) == DOWN
    assert all(a.action == "regress" and a.steps == -1 for a in result.adjustments)
    assert result.eased == []


def test_an_exercise_a_hard_session_brings_back_to_the_plan_is_said_to_be_eased():
    """Found by a new user's trial: after a painful session `log` said "the next session will
    be a step easier", and the exercises a step up had taken above the plan came back to the
    plan's dose with no word in `today`. They are listed as eased, from the dose done to the
    plan's, with the reason, until a session does them again. (Fails without Track.eased:
    nothing is listed.)"""
    stepped = adjusted([L.easy(PLAN, L.MON), L.easy(PLAN, L.WED)], L.FRI).items
    painful = L.session(PLAN, L.FRI, 3, 7, 3, items=stepped)  # done at the doses given
    entries = [L.easy(PLAN, L.MON), L.easy(PLAN, L.WED), painful]
    result = adjusted(entries, L.MON2)
    eased = {a.exercise_id: a for a in result.eased}
    assert set(eased) == set(UP) - set(doses(result))
    brace = eased["abdominal-brace-lying"]
    assert (brace.from_dose, brace.to_dose) == ("5-3 × 8 s holds", "5-3 × 7 s holds")
    assert brace.reason == "after the session on Fri 11 Dec left pain at 7 (above 5)"
    later = adjusted([*entries, L.easy(PLAN, L.MON2)], L.WED2)
    assert later.eased == []


def test_no_exercise_is_said_to_be_eased_when_the_plan_s_dose_is_no_easier():
    """Found by a second trial: the plan's own week-2 dose had caught up with the step up, and
    "a step easier than last time" came with the dose of last time. Here the painful session
    was done at the plan's doses, which Monday's plan repeats: nothing is eased."""
    entries = [L.easy(PLAN, L.MON), L.easy(PLAN, L.WED), L.hard(PLAN, L.FRI)]
    assert adjusted(entries, L.MON2).eased == []


def test_a_hard_session_regresses_only_what_was_done_in_it():
    entries = [L.session(PLAN, L.WED, 3, 7, 3, skip=("shoulder-blade-squeeze",))]
    result = doses(adjusted(entries, L.FRI))
    assert "shoulder-blade-squeeze" not in result
    assert result["abdominal-brace-lying"] == DOWN["abdominal-brace-lying"]
    change = next(a for a in adjusted(entries, L.FRI).adjustments)
    assert change.reason == "after the session on Wed 9 Dec left pain at 7 (above 5)"
    assert change.action == "regress" and change.steps == -1


def test_a_step_earned_before_a_hard_session_is_not_given_after_it():
    """PM3 (found by a new user's trial): a step up earned on Wed was given on Mon to an
    exercise Fri's session left out, though Fri hurt and `log` had promised an easier
    session. Two sessions in a row must have gone well when a step is given."""
    skip = ("shoulder-blade-squeeze",)
    entries = [L.easy(PLAN, L.MON), L.easy(PLAN, L.WED), L.session(PLAN, L.FRI, 3, 7, 3, skip=skip)]
    result = adjusted(entries, L.MON2)
    assert "shoulder-blade-squeeze" not in doses(result)
    held = {h.exercise_id: h.reason for h in result.held}
    assert "Fri 11 Dec" in held["shoulder-blade-squeeze"]
    # With Fri easy, the step earned on Wed is given on Mon, as before.
    fine = [L.easy(PLAN, L.MON), L.easy(PLAN, L.WED), L.session(PLAN, L.FRI, skip=skip)]
    assert doses(adjusted(fine, L.MON2))["shoulder-blade-squeeze"] == UP["shoulder-blade-squeeze"]


def test_a_step_earned_before_a_flare_day_is_not_given_after_it():
    flare = L.session(PLAN, L.FRI, 7, 6, 6, flare=True)
    entries = [L.easy(PLAN, L.MON), L.easy(PLAN, L.WED), flare]
    steps = {a.exercise_id: a.steps for a in adjusted(entries, L.MON2).adjustments}
    assert not [exercise for exercise, count in steps.items() if count > 0], steps


def test_never_more_than_three_steps_either_way():
    many_easy = [L.easy(PLAN, d) for d in L.SESSION_DAYS[:12]]
    result = adjusted(many_easy, L.SESSION_DAYS[12])
    assert {a.steps for a in result.adjustments} == {STEP_LIMIT}
    many_hard = [L.hard(PLAN, d) for d in L.SESSION_DAYS[:12]]
    result = adjusted(many_hard, L.SESSION_DAYS[12])
    assert min(a.steps for a in result.adjustments) >= -STEP_LIMIT


def test_the_log_order_in_the_file_does_not_matter():
    entries = [L.easy(PLAN, L.MON), L.hard(PLAN, L.WED), L.easy(PLAN, L.FRI), L.easy(PLAN, L.MON2)]
    shuffled = entries[:]
    random.Random(3).shuffle(shuffled)
    assert doses(adjusted(entries, L.WED2)) == doses(adjusted(shuffled, L.WED2))


def test_entries_on_the_day_itself_and_after_do_not_count():
    entries = [L.easy(PLAN, L.MON), L.easy(PLAN, L.WED), L.hard(PLAN, L.FRI)]
    assert doses(adjusted(entries, L.FRI)) == UP  # decided before Friday's session


CLIMBING = L.with_items(
    PLAN,
    {
        1: [L.item("abdominal-brace-lying", 2, 5, 7)],
        2: [L.item("abdominal-brace-lying", 2, 5, 8)],
        3: [L.item("abdominal-brace-lying", 2, 6, 8)],
    },
)


def test_hold_a_session_known_not_to_be_easy_keeps_the_dose_where_the_plan_steps_up():
    # "Stable: repeat": a session known not to be easy (here a flare sign, a rise of 3; a
    # next-morning rise is now a step down, PM2): the week-2 step waits.
    result = adjusted([L.session(CLIMBING, L.FRI, 2, 5, 2)], L.MON2, CLIMBING)
    [change] = result.adjustments
    assert (change.action, change.steps) == ("hold", 0)
    assert (change.from_dose, change.to_dose) == ("5-3 × 8 s holds", "5-3 × 7 s holds")
    assert change.reason.startswith("kept at the dose you were given then, as your pain rose")


def test_pm2_next_morning_above_the_pain_before_steps_the_next_session_down():
    """Rule PM2, made precise: next-morning pain 1 above the pain before that session gives the
    next session of that exercise one step less than the plan (checked once: with the old
    threshold of 2, the item was only kept, and this test fails)."""
    result = adjusted([L.session(CLIMBING, L.FRI, 3, 3, 4)], L.MON2, CLIMBING)
    [change] = result.adjustments
    assert (change.action, change.steps) == ("regress", -1)
    assert change.from_dose == "5-3 × 8 s holds"
    assert change.reason.startswith("after next-morning pain of 4 following the session")


@pytest.mark.parametrize(
    "friday",
    [
        L.session(CLIMBING, L.FRI, 3, 3, 3),  # easy (one of two): the plan's step applies
        L.session(CLIMBING, L.FRI, None, None, None),  # nothing known: the plan's step applies
    ],
    ids=["easy", "unrated"],
)
def test_without_a_firm_hold_the_plan_s_own_steps_apply(friday):
    assert adjusted([friday], L.MON2, CLIMBING).adjustments == []


def test_a_firm_hold_then_an_easy_session_releases_the_plan_s_step():
    entries = [L.session(CLIMBING, L.WED, 2, 5, 2), L.session(CLIMBING, L.FRI, 3, 3, 3)]
    assert adjusted(entries, L.MON2, CLIMBING).adjustments == []


# --- E1 and phase 1: never made harder into what hurts ------------------------------------


def test_e1_nothing_that_loads_extension_steps_up_when_extension_hurts():
    result = adjusted([L.easy(PLAN, L.MON), L.easy(PLAN, L.WED)], L.FRI)
    held = {h.exercise_id: h.reason for h in result.held}
    assert set(held) == {"pelvic-tilt-lying", "prone-lying"}
    assert all("(E1)" in reason for reason in held.values())
    assert "pelvic-tilt-lying" not in doses(result)


def test_phase_1_no_step_up_into_a_provoking_direction_then_phase_2_allows_it():
    flexion = L.plan(worse_with=["flexion"], better_with=["extension"])
    # Weeks 1-2 are phase 1 in plan_factory, weeks 3-4 phase 2.
    early = [L.easy(flexion, d) for d in (L.MON, L.WED)]
    result = adjusted(early, L.FRI, flexion)
    held = {h.exercise_id: h.reason for h in result.held}
    assert "not made harder in phase 1" in held["pelvic-tilt-lying"]
    assert "pelvic-tilt-lying" not in doses(result)
    assert doses(result)["prone-lying"] == "1 min 15 s hold, once"  # extension eases: allowed
    phase_2 = [L.easy(flexion, d) for d in L.SESSION_DAYS[6:8]]  # Mon and Wed of week 3
    later = adjusted(phase_2, L.SESSION_DAYS[8], flexion)
    assert doses(later)["pelvic-tilt-lying"] == "2 × 12"


# --- The next level and the easier exercise -------------------------------------------------

TOP = L.item("four-point-arm-reach", 3, 8, 10)  # the top of the isometric range (C1, C2)
BOTTOM = L.item("bird-dog", 1, 1, 5)  # the bottom of it


def test_at_the_top_of_its_range_an_exercise_moves_to_its_next_level_in_phase_2():
    levels = L.with_items(PLAN, {3: [TOP]})
    days = L.SESSION_DAYS[6:9]  # week 3: phase 2
    entries = [L.session(levels, d, items=[TOP]) for d in days[:2]]
    result = adjusted(entries, days[2], levels)
    [change] = result.adjustments
    assert (change.exercise_id, change.given_id, change.action) == (
        "four-point-arm-reach",
        "bird-dog",
        "progress",
    )
    assert change.to_dose == "5-3 × 8 s holds, each side"  # bird dog's own first dose
    [given] = result.items
    assert (given.exercise_id, given.level, given.category) == ("bird-dog", 2, "core")


def test_in_phase_1_the_next_level_waits_and_says_why():
    levels = L.with_items(PLAN, {1: [TOP]})
    entries = [L.session(levels, d, items=[TOP]) for d in (L.MON, L.WED)]
    result = adjusted(entries, L.FRI, levels)
    assert result.adjustments == []
    # Said after the exercise's name ("Four-point arm reach goes no further: it is at the top
    # of its range"): the name is not said twice (found by a new user's trial).
    assert [h.reason for h in result.held] == ["it is at the top of its range"]


def test_at_the_bottom_of_its_range_an_exercise_gives_way_to_its_regression():
    levels = L.with_items(PLAN, {1: [BOTTOM]})
    result = adjusted([L.session(levels, L.MON, 3, 8, 3, items=[BOTTOM])], L.WED, levels)
    [change] = result.adjustments
    assert (change.given_id, change.action, change.steps) == ("four-point-arm-reach", "regress", -1)
    assert change.to_dose == "4-2 × 6 s holds, each side"


def test_a_session_with_the_other_level_counts_for_the_planned_exercise():
    levels = L.with_items(PLAN, {3: [TOP], 4: [TOP]})
    days = L.SESSION_DAYS[6:10]
    first = adjusted([], days[0], levels).items  # as planned
    given = adjusted(
        [L.session(levels, d, items=first) for d in days[:2]], days[2], levels
    ).items  # bird-dog in place of four-point-arm-reach
    entries = [L.session(levels, d, items=first) for d in days[:2]]
    entries.append(L.session(levels, days[2], 3, 8, 3, items=given))  # hard, with bird-dog
    assert [i.exercise_id for i in given] == ["bird-dog"]
    result = adjusted(entries, days[3], levels)
    assert result.adjustments == []  # +1 then -1: back to the plan's own exercise and dose
    assert result.items == session_on(levels.program, days[3]).items
    # ... and adherence counts bird-dog done as the planned four-point-arm-reach.
    [renamed] = as_planned(levels, entries[2:])
    assert [d.exercise_id for d in renamed.done] == ["four-point-arm-reach"]
    assert renamed.extra == []


# --- PM5: a new neurological symptom stops progression ------------------------------------


def test_pm5_no_step_up_after_a_symptom_and_the_plan_s_own_climb_is_held():
    climbing = CLIMBING
    week_1 = [L.easy(climbing, d) for d in (L.MON, L.WED)]
    entries = [*week_1, L.symptom(L.WED, "leg-pain"), L.easy(climbing, L.FRI)]
    result = adjusted(entries, L.SESSION_DAYS[6], climbing)  # Monday of week 3
    [change] = result.adjustments
    assert change.action == "hold" and change.steps == 0
    assert (change.from_dose, change.to_dose) == ("6-4 × 8 s holds", "5-3 × 7 s holds")
    assert "(PM5)" in change.reason and "leg pain spreading below the knee" in change.reason
    assert [h.reason for h in result.held] == [change.reason.split(": ", 1)[1]]


def test_pm5_a_symptom_on_a_later_day_does_not_undo_earlier_steps():
    """The step up earned on Wednesday was given on Friday; a symptom on Saturday keeps it."""
    entries = [L.easy(PLAN, L.MON), L.easy(PLAN, L.WED), L.easy(PLAN, L.FRI), L.symptom(L.day(5))]
    result = adjusted(entries, L.MON2)
    assert doses(result) == UP  # kept, but no more
    more = [*entries, L.easy(PLAN, L.MON2), L.easy(PLAN, L.WED2)]
    assert doses(adjusted(more, L.FRI2)) == UP
    assert any("PM5" in h.reason for h in adjusted(more, L.FRI2).held)


def test_pm5_a_step_earned_before_the_symptom_is_not_given_on_or_after_its_day():
    """Found by a new user's trial: two easy sessions (Mon, Wed) earned a step up for Friday; a
    symptom logged on Friday, then `today` gave Friday's session a step harder, under "until
    then your exercises will not get harder". The step is given from Friday on: PM5 blocks it."""
    entries = [L.easy(PLAN, L.MON), L.easy(PLAN, L.WED), L.symptom(L.FRI)]
    for day in (L.FRI, L.MON2):
        result = adjusted(entries, day)
        assert all(a.action != "progress" for a in result.adjustments), day
        assert any("PM5" in h.reason for h in result.held)
    assert doses(adjusted([L.easy(PLAN, L.MON), L.easy(PLAN, L.WED)], L.FRI)) == UP


def test_pm5_hard_sessions_still_regress():
    entries = [L.symptom(L.MON), L.hard(PLAN, L.WED)]
    assert doses(adjusted(entries, L.FRI)) == DOWN


# --- The user's minutes --------------------------------------------------------------------


def test_a_step_up_that_would_overrun_the_minutes_is_not_taken():
    long_session = [
        *(PLAN.program.weeks[0].sessions[0].items),
        L.item("bird-dog", 3, 8, 10),
        L.item("side-bridge-knees", 3, 7, 10),
    ]
    tight = L.with_items(L.plan(minutes=10), {1: long_session})
    assert session_minutes(long_session) > 10
    entries = [L.easy(tight, d) for d in (L.MON, L.WED)]
    result = adjusted(entries, L.FRI, tight)
    assert not [a for a in result.adjustments if a.action == "progress"]
    assert any("longer than your 10 minutes" in h.reason for h in result.held)


# --- Properties ---------------------------------------------------------------------------

PAINS = st.one_of(st.none(), st.integers(0, 10))


@st.composite
def logs(draw) -> list[LogEntry]:
    entries = []
    for when in L.SESSION_DAYS[: draw(st.integers(0, 17))]:
        kind = draw(st.sampled_from(["session", "session", "session", "flare", "skip", "none"]))
        if kind == "session":
            entries.append(L.session(PLAN, when, draw(PAINS), draw(PAINS), draw(PAINS)))
        elif kind == "flare":
            entries.append(L.skip(PLAN, when, "flare"))
        elif kind == "skip":
            entries.append(L.skip(PLAN, when, "travel"))
    if draw(st.booleans()) and entries:
        entries.append(L.symptom(draw(st.sampled_from(L.SESSION_DAYS[:17]))))
    return entries


@settings(max_examples=examples(150), deadline=None)
@given(logs(), st.sampled_from(L.SESSION_DAYS[:18]))
def test_every_adjusted_dose_is_inside_its_kind_s_range_and_moves_at_most_three_steps(
    entries, when
):
    profile = profile_of(PLAN.answers)
    exercises = {e.id: e for e in PLAN.exercises}
    result = adjusted(entries, when)
    planned = session_on(PLAN.program, when).items
    assert len(result.items) == len(planned)
    for before, after in zip(planned, result.items, strict=True):
        exercise = exercises[after.exercise_id]
        trial = exercise.__class__(
            **{
                **{f: getattr(exercise, f) for f in exercise.__dataclass_fields__},
                "sets": after.sets,
                "reps": after.reps,
                "hold_seconds": after.hold_seconds,
            }
        )
        assert dose_problems(trial, older_adult=profile.older) == [], words(after)
        if after.exercise_id == before.exercise_id and after != before:
            # One variable at a time: at most three notches away, all in the same direction.
            a, b = (
                Dose(before.sets, before.reps, before.hold_seconds),
                Dose(after.sets, after.reps, after.hold_seconds),
            )
            signs = {(x > y) - (x < y) for x, y in zip(b, a, strict=True) if x != y and x and y}
            assert len(signs) == 1
    for change in result.adjustments:
        assert -STEP_LIMIT <= change.steps <= STEP_LIMIT
        assert change.reason


@settings(max_examples=examples(80), deadline=None)
@given(logs(), st.sampled_from(L.SESSION_DAYS[1:18]))
def test_pm5_after_a_symptom_on_the_first_day_nothing_ever_steps_up(entries, when):
    entries = [L.symptom(L.MON), *entries]
    result = adjusted(entries, when)
    assert all(a.steps <= 0 for a in result.adjustments), result.adjustments


@settings(max_examples=examples(60), deadline=None)
@given(logs(), st.sampled_from(L.SESSION_DAYS[:18]))
def test_the_same_log_gives_the_same_adjustments(entries, when):
    first = adjusted(entries, when)
    second = adjusted(list(reversed(entries)), when)
    assert [(a.exercise_id, a.to_dose, a.reason) for a in first.adjustments] == [
        (a.exercise_id, a.to_dose, a.reason) for a in second.adjustments
    ]


@functools.cache
def _real_plan(kind: str) -> PlanFile:
    """Plans the planner builds (not plan_factory's): every kind of exercise and ladder."""
    import dataclasses

    from facetcoach.intake.answers import default_answers
    from facetcoach.program.planner import build_program
    from helpers.plan_factory import load_library

    changes = {
        "default": {},
        "older": {"age": 72, "balance_concern": True, "minutes": 30},
        "extension eases": {"better_with": ["extension"], "weeks": 12, "minutes": 45},
        "flexion hurts": {"worse_with": ["flexion", "sitting"], "days": ["mon", "thu"]},
    }[kind]
    answers = dataclasses.replace(default_answers(L.START), **changes)
    library = load_library()
    program = build_program(answers, library, L.START)
    used = {i.exercise_id for w in program.weeks for s in w.sessions for i in s.items}
    return PlanFile(
        schema_version=1,
        created_at=L.at(L.START),
        answers=answers,
        program=program,
        exercises=[e for e in library.exercises if e.id in used],
    )


@settings(max_examples=examples(60), deadline=None)
@given(
    st.sampled_from(["default", "older", "extension eases", "flexion hurts"]),
    st.lists(st.tuples(PAINS, PAINS, PAINS, st.booleans()), max_size=24),
    st.integers(0, 30),
)
def test_real_plans_adjusted_doses_stay_inside_their_kind_s_ranges(kind, pains, pick):
    from facetcoach.program.schedule import sessions

    plan = _real_plan(kind)
    days = [s.date for _, s in sessions(plan.program)]
    entries = []
    for when, (before, after, morning, flare) in zip(days, pains, strict=False):
        if flare:
            entries.append(L.skip(plan, when, "flare"))
        else:
            entries.append(L.session(plan, when, before, after, morning))
    when = days[min(pick, len(days) - 1)]
    result = adjusted(entries, when, plan)
    profile = profile_of(plan.answers)
    exercises = {e.id: e for e in plan.exercises}
    for item in result.items:
        exercise = exercises[item.exercise_id]
        trial = exercise.__class__(
            **{
                **{f: getattr(exercise, f) for f in exercise.__dataclass_fields__},
                "sets": item.sets,
                "reps": item.reps,
                "hold_seconds": item.hold_seconds,
            }
        )
        assert dose_problems(trial, older_adult=profile.older) == [], (kind, words(item))
        if profile.no_extension:
            assert "extension" not in exercise.loads
    budget = max(plan.answers.minutes, session_minutes(session_on(plan.program, when).items))
    assert session_minutes(result.items) <= budget + 0.05


# --- From a review of the take-back (PM3) --------------------------------------------------

X = "abdominal-brace-lying"
OTHERS = tuple(i.exercise_id for i in L.session(PLAN, L.FRI).done if i.exercise_id != X)


def test_a_session_in_two_parts_keeps_a_step_given_in_either_part_whatever_their_order():
    """Wed earns a step for X, given on Fri. Fri is done in two parts: one without X that
    hurt, one with X (at the stepped dose) that went well. X's dose on Mon must not depend on
    which part was recorded first; with the painful part first, the step X was given on Fri
    is taken back (and `held` says nothing)."""
    sore = L.session(PLAN, L.FRI, 3, 7, 3, skip=(X,))  # PM1: 7 after, without X
    fine = L.session(PLAN, L.FRI, 3, 3, 3, skip=OTHERS)  # X alone, easy
    first, later = L.at(L.FRI, 10), L.at(L.FRI, 19)
    week = [L.easy(PLAN, L.MON), L.easy(PLAN, L.WED)]
    at = dataclasses.replace
    sore_first = [*week, at(sore, created_at=first), at(fine, created_at=later)]
    fine_first = [*week, at(fine, created_at=first), at(sore, created_at=later)]
    assert doses(adjusted(fine_first, L.MON2)).get(X) == UP[X]
    result = adjusted(sore_first, L.MON2)
    assert doses(result).get(X) == UP[X], (doses(result), result.held)


@pytest.mark.parametrize("usual", [3, 5, 6, 7, 8, 9])
def test_pm1b_a_pain_called_severe_is_never_an_easy_session(usual):
    """severe_from (53ef5fe): 'past the person's own limit'. For a usual pain of 8 or more the
    limit (usual + 2, at most 10) is 10 and so is 'severe': a 10 after a session is within the
    limit, an easy session that counts towards a step up (PM3), and in `log` 'far more than
    exercise should cause'."""
    from facetcoach.coaching.verdict import EASY, session_verdict, severe_pain
    from helpers.plan_factory import answers

    person = answers(pain_now=usual, pain_worst=10)
    plan = L.plan(pain_now=usual, pain_worst=10)
    entry = L.session(plan, L.MON, usual, 10, usual)
    assert severe_pain(entry, person) is not None
    assert session_verdict(entry, person).kind != EASY


@pytest.mark.xfail(
    strict=True,
    reason="left (a review's finding): the replay does not know the minutes kept a step back, "
    "so the step counts as given in the session that left it at the plan's dose",
)
def test_a_step_the_minutes_kept_back_is_not_given_after_painful_sessions():
    """A step earned (Mon, Wed) but not given on Fri for the minutes is no longer 'pending'
    (Fri included the exercise), so the sessions that hurt after it take nothing back; once
    they have stepped the other exercises down, the freed minutes give it: side bridge climbs
    on Fri 18 Dec after two painful sessions in a row that left it out."""
    long_session = [
        *(PLAN.program.weeks[0].sessions[0].items),
        L.item("bird-dog", 3, 8, 10),
        L.item("side-bridge-knees", 3, 7, 10),
    ]
    tight = L.with_items(L.plan(minutes=10), {1: long_session, 2: long_session})
    assert session_minutes(long_session) > 10
    entries = [L.easy(tight, d) for d in (L.MON, L.WED, L.FRI)]
    on_fri = adjusted(entries[:2], L.FRI, tight)
    assert "side-bridge-knees" not in doses(on_fri)  # held: longer than your 10 minutes
    entries += [L.session(tight, d, 3, 7, 3, skip=("side-bridge-knees",)) for d in (L.MON2, L.WED2)]
    result = adjusted(entries, L.FRI2, tight)
    climbed = [a for a in result.adjustments if a.action == "progress"]
    assert not climbed, [(a.exercise_id, a.from_dose, a.to_dose, a.reason) for a in climbed]


def test_a_dose_scaled_below_the_plan_after_a_flare_is_not_called_progress():
    """_as_scaled (17b8991) writes the scaled dose into a 'progress' adjustment: after a flare
    day, 'progress, +1: 10 reps, 5 s pause -> 6 reps, 5 s pause'."""
    from facetcoach.coaching.advice import coached_routine
    from facetcoach.program.routine import routine_for

    entries = [L.easy(PLAN, L.MON), L.easy(PLAN, L.WED), L.easy(PLAN, L.FRI),
               L.session(PLAN, L.MON2, 7, 6, 5, flare=True)]  # fmt: skip
    routine = routine_for(PLAN, L.WED2, entries=entries)
    _, result = coached_routine(PLAN, entries, routine)
    planned = {i.exercise_id: i for i in routine.items}
    given = {i.exercise_id: i for i in result.items}

    def work(item):
        return (item.sets or 1) * (item.reps or 1) * (item.hold_seconds or 1)

    wrong = [
        (a.exercise_id, a.from_dose, a.to_dose)
        for a in result.adjustments
        if a.action == "progress" and work(given[a.given_id]) < work(planned[a.exercise_id])
    ]
    assert not wrong


def test_after_a_long_pause_a_step_earned_before_it_is_not_what_easier_means():
    """Detraining (found by a new user's trial): "one step easier to start" gave the dose last
    done, because a step earned just before the break (not given yet) was stepped down to it;
    and an exercise done before the break but not in the first session back came back at its
    full dose."""
    from facetcoach.models import Pause

    away = Pause(start=L.day(5), end=L.day(21), reason="sick")  # Sat to Mon: 16 days
    plan = dataclasses.replace(PLAN, pauses=[away])
    entries = [L.easy(plan, L.MON), L.easy(plan, L.WED)]  # a step earned on Wed, not given
    back = adjusted(entries, L.day(21), plan)
    changed = {a.exercise_id: a.steps for a in back.adjustments}
    assert changed and all(steps < 0 for steps in changed.values()), changed
    # An exercise the first session back leaves out comes back a step easier at its own.
    first = [i for i in session_on(plan.program, L.day(21)).items if i.exercise_id != X]
    later = L.with_items(plan, {4: first})
    week5 = L.day(28)
    shown = {a.exercise_id: a.steps for a in adjusted(entries, week5, later).adjustments}
    assert shown.get(X, 0) < 0, shown
