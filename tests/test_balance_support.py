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

import pytest
from hypothesis import HealthCheck, given, settings

from facetcoach.coaching.progression import adjust_items
from facetcoach.intake.profile import HELD_SUPPORTS, profile_of, support_allowed
from facetcoach.library.loading import load_library
from facetcoach.models import SUPPORTS
from facetcoach.program.planner import build_program, suits
from helpers import adaptive_log as L
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
