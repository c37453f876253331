"""B4b: standing balance for age 65+ or a balance concern starts, and in the plan stays, at the
most support (both hands on a counter, heavy table or wall); someone 75+ or who fell in the
past year is never given hands hovering off the support, eyes closed, or one leg without a
hand on the support, by the plan or by a later step.

Checked once, each rule removed in turn: with `supported_start` always True, the plan tests
fail (an 80-year-old got counter-tandem-stance from week 3 and counter-single-leg-stance,
"let your hands hover", from week 6); with `support_allowed` always True, the step-up and
suits tests fail.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings

from facetcoach.coaching.progression import adjust_items
from facetcoach.intake.profile import HELD_SUPPORTS, profile_of, support_allowed
from facetcoach.library.loading import load_library
from facetcoach.models import SUPPORTS
from facetcoach.program.planner import build_program, suits
from helpers import adaptive_log as L
from helpers.answers_data import example_data, write_answers
from helpers.profiles import examples
from test_planner import answers, answers_files

START = dt.date(2026, 12, 7)
LIBRARY = load_library()
BY_ID = LIBRARY.by_id()


def standing_balance(program):
    for week in program.weeks:
        for session in week.sessions:
            for item in session.items:
                e = BY_ID[item.exercise_id]
                if e.category == "balance" and e.position == "standing":
                    yield week.number, e


def test_every_standing_balance_exercise_says_how_much_it_holds_on():
    for e in LIBRARY.exercises:
        if e.category == "balance" and e.position == "standing":
            assert e.support in SUPPORTS, e.id
    assert BY_ID["counter-feet-together"].support == "both-hands"
    assert BY_ID["wall-hands-stance"].support == "both-hands"
    assert BY_ID["counter-single-leg-stance"].support == "hovering"
    assert BY_ID["wall-single-leg-stance"].support == "hovering"


@pytest.mark.parametrize(
    "person",
    [
        dict(age=80),
        dict(age=66),
        dict(age=40, balance_concern=True),
        dict(age=40, balance_concern=True, fell_last_year=True),
        dict(age=70, equipment=["mat", "chair", "wall"]),  # no counter: the wall, both hands
    ],
    ids=["80", "66", "unsteady at 40", "a fall at 40", "70 without a counter"],
)
def test_b4b_standing_balance_stays_at_both_hands_on_the_support_in_the_plan(person):
    program = build_program(answers(**person), LIBRARY, START)
    found = list(standing_balance(program))
    assert found, "standing balance is planned"
    for week, e in found:
        assert e.support == "both-hands", (week, e.id)


def test_b4b_without_the_focus_balance_still_moves_on_with_the_calendar():
    program = build_program(answers(age=50), LIBRARY, START)
    assert {e.support for _, e in standing_balance(program)} - {"both-hands"}


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=answers_files(kit=True))
def test_b4b_holds_for_random_answers(a):
    profile = profile_of(a)
    for _, e in standing_balance(build_program(a, LIBRARY, a.start)):
        if profile.balance_focus:
            assert e.support == "both-hands", e.id
        if profile.fall_risk:
            assert e.support in HELD_SUPPORTS and not e.eyes_closed, e.id


@pytest.mark.parametrize(
    ("person", "allowed"),
    [
        (dict(age=80), False),
        (dict(age=75), False),
        (dict(age=70, balance_concern=True, fell_last_year=True), False),
        (dict(age=70, balance_concern=True), True),
        (dict(age=50), True),
    ],
)
def test_b4b_never_hands_hovering_or_eyes_closed_at_75_or_after_a_fall(person, allowed):
    profile = profile_of(answers(**person))
    assert profile.fall_risk is not allowed
    for exercise_id in ("counter-single-leg-stance", "wall-single-leg-stance"):
        assert suits(BY_ID[exercise_id], profile, 3) is allowed
        assert support_allowed(BY_ID[exercise_id], profile) is allowed
    eyes_closed = dataclasses.replace(BY_ID["seated-weight-shift"], eyes_closed=True)
    assert suits(eyes_closed, profile, 3) is allowed
    unsaid = dataclasses.replace(BY_ID["counter-tandem-stance"], support=None)
    assert suits(unsaid, profile, 3) is allowed  # not said counts as no support
    assert suits(BY_ID["counter-tandem-stance"], profile, 2)  # fingertips stay on: allowed


TOP_TANDEM = L.item("counter-tandem-stance", 1, 3, 30)  # the top of its range: next level


@pytest.mark.parametrize(("age", "next_id"), [(50, "counter-single-leg-stance"), (80, None)])
def test_b4b_two_easy_sessions_never_step_someone_75_or_more_onto_one_leg(age, next_id):
    plan = L.with_items(L.plan(age=age), {5: [TOP_TANDEM]})
    days = L.SESSION_DAYS[12:15]  # week 5: phase 3
    entries = [L.session(plan, d, items=[TOP_TANDEM]) for d in days[:2]]
    result = adjust_items(plan, entries, days[2], [TOP_TANDEM])
    given = {item.exercise_id for item in result.items}
    if next_id is None:
        assert given == {"counter-tandem-stance"}
        assert result.held  # the step earned and not taken, with why
    else:
        assert given == {next_id}


# --- B4b, session by session: less support only after 3 good sessions ------------------------
#
# Checked once each: with GOOD_SESSIONS at 0 (no count), 8 of these fail (two good sessions,
# each session that is not good, the wobble); with the step taken out of adjust_items, the
# three good, carried into phase 2, wobble and age-80 tests fail; without the supported_start
# check in Stepper._linked, the volume test gives counter-tandem-stance after two easy
# sessions.

FEET = L.item("counter-feet-together", 1, 2, 10)


def balance_plan(**answers):
    return L.with_items(L.plan(**answers), {w: [FEET] for w in range(1, 7)})


def given_on(plan, entries, when):
    result = adjust_items(plan, entries, when, [FEET])
    return [item.exercise_id for item in result.items], result


PHASE_2 = L.SESSION_DAYS[6:12]  # weeks 3 and 4
PHASE_3 = L.SESSION_DAYS[12:18]


def test_b4b_three_good_sessions_at_both_hands_give_fingertips_next():
    plan = balance_plan(age=70)
    entries = [L.easy(plan, d) for d in PHASE_2[:3]]
    ids, result = given_on(plan, entries, PHASE_2[3])
    assert ids == ["counter-tandem-stance"]
    (change,) = [a for a in result.adjustments if a.given_id == "counter-tandem-stance"]
    assert "3 good sessions" in change.reason and "B4b" in change.reason
    assert result.items[0].hold_seconds == BY_ID["counter-tandem-stance"].hold_seconds


def test_b4b_two_good_sessions_are_not_enough():
    plan = balance_plan(age=70)
    entries = [L.easy(plan, d) for d in PHASE_2[:2]]
    assert given_on(plan, entries, PHASE_2[2])[0] == ["counter-feet-together"]


def test_b4b_the_volume_never_takes_support_away():
    """Two easy sessions at the top of the range step up the dose, never to less support."""
    top = L.item("counter-feet-together", 1, 4, 20)
    plan = L.with_items(L.plan(age=70), {w: [top] for w in range(1, 7)})
    entries = [L.easy(plan, d) for d in PHASE_2[:2]]
    result = adjust_items(plan, entries, PHASE_2[2], [top])
    assert [i.exercise_id for i in result.items] == ["counter-feet-together"]


def test_b4b_a_level_not_open_yet_waits_for_its_phase_and_the_count_carries():
    plan = balance_plan(age=70)
    entries = [L.easy(plan, d) for d in L.SESSION_DAYS[:3]]  # week 1: phase 1
    assert given_on(plan, entries, L.SESSION_DAYS[3])[0] == ["counter-feet-together"]  # LV1
    assert given_on(plan, entries, PHASE_2[0])[0] == ["counter-tandem-stance"]


@pytest.mark.parametrize(
    "spoiler",
    [
        dict(wobble=True),
        dict(pain_after=None),  # not known to be within the limit
        dict(pain_after=7),  # above the PM1 limit
        dict(pain_morning=6),  # PM2: worse by the next morning
    ],
    ids=["wobble", "pain after not recorded", "pain above the limit", "worse next morning"],
)
def test_b4b_a_session_that_is_not_good_starts_the_count_again(spoiler):
    plan = balance_plan(age=70)
    entries = [L.easy(plan, d) for d in PHASE_2[:3]]
    entries[1] = dataclasses.replace(entries[1], **spoiler)
    assert given_on(plan, entries, PHASE_2[3])[0] == ["counter-feet-together"]


def test_b4b_a_wobble_at_less_support_goes_back_one_rung():
    plan = balance_plan(age=70)
    entries = [L.easy(plan, d) for d in PHASE_2[:3]]
    tandem = L.item("counter-tandem-stance", 1, 2, 10)
    wobbly = L.session(plan, PHASE_2[3], items=[tandem])
    entries.append(dataclasses.replace(wobbly, wobble=True))
    assert given_on(plan, entries, PHASE_2[4])[0] == ["counter-feet-together"]
    steady = L.session(plan, PHASE_2[3], items=[tandem])
    assert given_on(plan, [*entries[:3], steady], PHASE_2[4])[0] == ["counter-tandem-stance"]


def test_b4b_at_80_the_top_rung_keeps_a_hand_on_the_support():
    plan = balance_plan(age=80)
    entries = [L.easy(plan, d) for d in PHASE_2[:3]]
    tandem = L.item("counter-tandem-stance", 1, 2, 10)
    entries += [L.session(plan, d, items=[tandem]) for d in PHASE_3[:3]]
    assert given_on(plan, entries, PHASE_3[3])[0] == ["counter-tandem-stance"]  # not one leg
    assert given_on(balance_plan(age=70), entries, PHASE_3[3])[0] == ["counter-single-leg-stance"]


def test_b4b_waits_for_a_clinician_after_a_new_symptom():
    plan = balance_plan(age=70)
    entries = [L.symptom(PHASE_2[0]), *(L.easy(plan, d) for d in PHASE_2[:3])]
    assert given_on(plan, entries, PHASE_2[3])[0] == ["counter-feet-together"]  # PM5


def test_b4b_is_only_for_65_or_a_balance_concern():
    plan = balance_plan(age=50)
    entries = [L.easy(plan, d) for d in PHASE_2[:3]]
    assert given_on(plan, entries, PHASE_2[3])[0] == ["counter-feet-together"]


@pytest.mark.parametrize(
    ("age", "rungs"),
    [(70, {"counter-tandem-stance", "counter-single-leg-stance"}), (80, {"counter-tandem-stance"})],
)
def test_b4b_the_plan_keeps_copies_of_the_rungs_it_may_give(age, rungs):
    from facetcoach.program.copies import plan_copies

    a = answers(age=age)
    program = build_program(a, LIBRARY, START)
    copied = {e.id for e in plan_copies(program, LIBRARY, a)}
    used = {i.exercise_id for w in program.weeks for s in w.sessions for i in s.items}
    assert "counter-feet-together" in used
    assert rungs <= copied - used
    for exercise_id in copied - used:  # only B4b rungs, each allowed for the person
        e = BY_ID[exercise_id]
        assert e.category == "balance" and e.position == "standing", exercise_id
        assert support_allowed(e, profile_of(a)), exercise_id


def balance_days(cli, tmp_path, wobble_on: int | None) -> list[tuple[int, set[str]]]:
    """A 70-year-old's program through the command, every session logged at pain 2 (a wobble
    on session `wobble_on`): each session day's phase and standing balance exercise."""
    data = example_data() | {"age": 70, "start": START, "walking_minutes": 0}
    made = cli("plan", "--answers", str(write_answers(tmp_path, data)), "--json",
               env={"FACETCOACH_TODAY": "2026-12-07"})  # fmt: skip
    assert made.exit_code == 0, made.output
    weeks = json.loads(made.stdout)["weeks"]
    last = next(w for w in weeks if w["phase"] == 2)["number"]
    days = [s["date"] for w in weeks if w["number"] <= last for s in w["sessions"]]
    found = []
    for n, day in enumerate(days):
        env = {"FACETCOACH_TODAY": day, "FACETCOACH_NOW": f"{day}T18:00:00+01:00"}
        shown = json.loads(cli("today", "--json", env=env).stdout)
        found.append((shown["phase"], {i["exercise_id"] for i in shown["items"]} & COUNTER))
        wobble = ["--wobble"] if n == wobble_on else []
        logged = cli("log", "--pain-before", "2", "--pain-after", "2", "--json", *wobble, env=env)
        assert logged.exit_code == 0, logged.output
        assert json.loads(logged.stdout)["wobble"] is bool(wobble)
    return found


COUNTER = {"counter-feet-together", "counter-tandem-stance", "counter-single-leg-stance"}


def test_b4b_through_the_command_good_sessions_earn_less_support_in_phase_2(cli, tmp_path):
    days = balance_days(cli, tmp_path, wobble_on=None)
    assert all(ids == {"counter-feet-together"} for phase, ids in days if phase == 1), days
    phase_2 = [ids for phase, ids in days if phase == 2]
    assert phase_2[0] == {"counter-tandem-stance"}, days
    assert "a wobble in the balance work" not in cli("log", "list").stdout


def test_b4b_through_the_command_a_wobble_keeps_the_support(cli, tmp_path):
    phase_1 = sum(1 for w in range(2) for _ in range(3))  # weeks 1-2, Mon/Wed/Fri
    days = balance_days(cli, tmp_path, wobble_on=phase_1 - 1)  # the last phase-1 session
    phase_2 = [ids for phase, ids in days if phase == 2]
    assert phase_2[:3] == [{"counter-feet-together"}] * 3, days
    assert "a wobble in the balance work" in cli("log", "list").stdout


def test_b4b_a_session_that_was_too_much_at_less_support_goes_back_and_says_so():
    """From review: PM1 and PM2 hold at an earned rung too (a step back, labelled one)."""
    plan = balance_plan(age=70)
    entries = [L.easy(plan, d) for d in PHASE_2[:3]]
    tandem = L.item("counter-tandem-stance", 1, 2, 10)
    entries.append(L.session(plan, PHASE_2[3], 3, 7, 3, items=[tandem]))  # pain after 7 (PM1)
    ids, result = given_on(plan, entries, PHASE_2[4])
    assert ids == ["counter-feet-together"]
    (change,) = result.adjustments
    assert change.action == "regress" and change.steps == -1
    assert "back to more support" in change.reason


def test_b4b_the_step_forward_is_labelled_once_with_its_day():
    plan = balance_plan(age=70)
    entries = [L.easy(plan, d) for d in PHASE_2[:3]]
    _, result = given_on(plan, entries, PHASE_2[3])
    (change,) = result.adjustments
    assert change.action == "progress" and change.steps == 1
    assert "less support from" in change.reason


def test_b4b_less_support_never_takes_the_session_past_its_minutes():
    """From a new user's trial: a rung's first dose is its own, and it may take longer; as
    for any step up, it is not taken when the session would pass the person's minutes."""
    plan = balance_plan(age=70)
    tight = dataclasses.replace(plan, answers=dataclasses.replace(plan.answers, minutes=0))
    entries = [L.easy(tight, d) for d in PHASE_2[:3]]
    ids, result = given_on(tight, entries, PHASE_2[3])
    assert ids == ["counter-feet-together"]
    assert any("less support would make the session longer" in h.reason for h in result.held)
    assert given_on(plan, entries, PHASE_2[3])[0] == ["counter-tandem-stance"]  # with time


def test_b4b_less_support_earned_before_a_painful_session_is_not_given_after_it():
    """The PM3 take-back (a step earned, not yet given, waits after a session that hurt or a
    flare day) has no B4b counterpart: three good sessions at both hands, then a painful session
    that left balance out, and the next session still takes support away."""
    squeeze = L.item("shoulder-blade-squeeze", 1, 10, None)
    plan = L.with_items(L.plan(age=70), {w: [FEET, squeeze] for w in range(1, 7)})
    entries = [L.easy(plan, d) for d in PHASE_2[:3]]
    entries.append(L.session(plan, PHASE_2[3], 3, 7, 3, skip=("counter-feet-together",)))
    ids, result = given_on(plan, entries, PHASE_2[4])
    assert ids == ["counter-feet-together"], (ids, [(h.exercise_id, h.reason) for h in result.held])


import pytest  # noqa: E402
