"""The acceptable-pain rule in force for each person (PM1, PM1b), and the words that say it.

PM1: pain up to 5 out of 10 is acceptable. PM1b: from a usual pain (pain_now) of 5 on, up to 2
points above that usual level, back to it by the next morning. Checked once: with
`relative_pain` returning False for everyone (PM1b removed), every PM1b test below fails.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from facetcoach.coaching.verdict import (
    EASY,
    HARD,
    HOLD,
    exercises_in_your_terms,
    flare_sign,
    in_your_terms,
    pain_limit,
    pain_rule,
    session_verdict,
)
from facetcoach.program.planner import build_program
from facetcoach.share.calendar import ExportOptions, calendar_bytes
from helpers import adaptive_log as L
from helpers.answers_data import example_data, write_answers
from helpers.plan_factory import answers, load_library

TODAY = {"FACETCOACH_TODAY": "2026-12-07"}


@pytest.mark.parametrize(
    ("usual", "limit"), [(0, 5), (3, 5), (4, 5), (5, 7), (6, 8), (7, 9), (8, 10), (10, 10)]
)
def test_pm1_pm1b_the_limit_is_5_or_two_above_a_usual_pain_of_5_or_more(usual, limit):
    assert pain_limit(answers(pain_now=usual, pain_worst=10)) == limit


def test_pm1_the_sentence_for_a_usual_pain_below_5():
    text = pain_rule(answers(pain_now=4))
    assert "pain up to 5 out of 10" in text and "next morning" in text


@pytest.mark.parametrize("usual", [5, 6, 8])
def test_pm1b_the_sentence_for_a_usual_pain_of_5_or_more_is_relative(usual):
    text = pain_rule(answers(pain_now=usual, pain_worst=10))
    assert f"Your usual pain is {usual} out of 10" in text
    assert "2 points above it" in text
    assert f"back to {usual} by the next morning" in text
    assert "up to 5" not in text


# before, after, morning -> verdict, for a usual pain of 6 (PM1b: limit 8, back to 6)
PM1B_VERDICTS = [
    (6, 8, 6, EASY),  # 2 above the usual: acceptable (PM1 would call it hard)
    (6, 9, 6, HARD),  # 3 above: too much
    (5, 7, 5, EASY),
    (7, 7, 7, HOLD),  # PM2 is met (not above the 7 before), but not back to the usual 6
    (6, 7, 7, HARD),  # PM2: the next morning above the pain before
    (8, 6, 6, HOLD),  # a session started at the top of the limit is a flare sign
]


@pytest.mark.parametrize(("before", "after", "morning", "verdict"), PM1B_VERDICTS)
def test_pm1b_the_verdict_measures_against_the_usual_pain(before, after, morning, verdict):
    plan = L.plan(pain_now=6, pain_worst=8)
    entry = L.session(plan, L.MON, before, after, morning)
    assert session_verdict(entry, plan.answers).kind == verdict


def test_pm1_the_same_session_is_hard_for_a_usual_pain_below_5():
    plan = L.plan(pain_now=3, pain_worst=5)
    assert session_verdict(L.session(plan, L.MON, 3, 8, 3), plan.answers).kind == HARD


def test_pm1b_a_usual_pain_of_8_is_not_a_flare_sign_every_session():
    """Pain 8 before the session is a flare sign for most people (FL1), but not for someone
    whose usual pain is 8: otherwise no session of theirs could ever count as easy."""
    high = L.plan(pain_now=8, pain_worst=9)
    entry = L.session(high, L.MON, 8, 8, 8)
    assert flare_sign(entry, high.answers) is None
    assert session_verdict(entry, high.answers).kind == EASY
    assert flare_sign(entry) is not None  # without the answers: the fixed threshold of 7
    assert flare_sign(L.session(high, L.MON, 10, 10, 10), high.answers) is not None


def test_pm1b_the_cautions_say_the_limit_in_force():
    text = "Stop if your pain goes above 5 out of 10, or if it is still worse the next morning."
    assert in_your_terms(text, answers(pain_now=3)) == text
    personal = in_your_terms(text, answers(pain_now=7, pain_worst=9))
    assert personal == (
        "Stop if your pain goes more than 2 points above your usual pain, or if it is still "
        "worse the next morning."
    )
    library = load_library().exercises
    for exercise in exercises_in_your_terms(library, answers(pain_now=7, pain_worst=9)).values():
        assert not any("above 5 out of 10" in c for c in exercise.cautions), exercise.id


@pytest.mark.parametrize("usual", [3, 7])
def test_fl1_the_flare_cautions_measure_from_the_pain_begun_at(usual):
    """Found by a new user's trial: at 7 out of 10, the flare routine said "stop above 5"."""
    text = "Stop if your pain goes above 5 out of 10, or if it is still worse the next morning."
    assert in_your_terms(text, answers(pain_now=usual, pain_worst=9), flare=True) == (
        "Stop if your pain goes more than 2 points above where it was when you began, or if it "
        "is still worse the next morning."
    )
    library = load_library().exercises
    for exercise in exercises_in_your_terms(library, answers(pain_now=3), flare=True).values():
        assert not any("above 5 out of 10" in c for c in exercise.cautions), exercise.id


def test_fl1_today_flare_says_no_fixed_limit_of_5(cli, tmp_path):
    made = cli("plan", "--answers", str(write_answers(tmp_path, example_data())), env=TODAY)
    assert made.exit_code == 0, made.output
    assert "above 5 out of 10" in cli("today", env=TODAY).output  # PM1 on a usual day
    flare = cli("today", "--flare", env=TODAY)
    assert flare.exit_code == 0, flare.output
    assert "above 5 out of 10" not in flare.output
    assert "more than 2 points above where it was when you began" in " ".join(flare.output.split())


@pytest.mark.parametrize(("usual", "severe"), [(3, 8), (5, 8), (6, 9), (7, 10), (8, 10), (10, 10)])
def test_pm1b_severe_pain_is_past_the_persons_own_limit(usual, severe):
    """Found by a new user's trial: for a usual pain of 6, an 8 was "acceptable" in the plan
    and "far more than exercise should cause" in `log`."""
    from facetcoach.coaching.verdict import severe_from, severe_pain

    person = answers(pain_now=usual, pain_worst=10)
    assert severe_from(person) == severe
    plan = L.plan(pain_now=usual, pain_worst=10)
    assert severe_pain(L.session(plan, L.MON, usual, severe, None), person) is not None
    if severe > 8:
        assert severe_pain(L.session(plan, L.MON, usual, severe - 1, None), person) is None


def test_pm1b_log_calls_an_acceptable_pain_acceptable(cli, tmp_path):
    data = {**example_data(), "pain_now": 6, "pain_worst": 9}
    assert cli("plan", "--answers", str(write_answers(tmp_path, data)), env=TODAY).exit_code == 0
    logged = cli("log", "--pain-before", "7", "--pain-after", "8", env=TODAY)
    assert logged.exit_code == 0, logged.output
    assert "far more than exercise should cause" not in logged.stdout
    worse = cli("log", "--pain-before", "7", "--pain-after", "9", "--replace", env=TODAY)
    assert "far more than exercise should cause" in " ".join(worse.stdout.split())


def test_pm1b_the_program_advice_and_the_calendar_say_the_rule_in_force():
    sore = answers(pain_now=8, pain_worst=9)
    program = build_program(sore, load_library(), dt.date(2026, 12, 7))
    assert pain_rule(sore) in program.advice
    assert not any("up to 5" in line for line in program.advice)
    plan = dataclasses.replace(L.plan(pain_now=8, pain_worst=9))
    ics = calendar_bytes(
        plan, ExportOptions(), dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
    ).decode()
    assert "Your usual pain is 8 out of 10" in ics.replace("\r\n ", "")
    assert "up to 5 out of 10" not in ics.replace("\r\n ", "")


def test_pm1b_today_shows_no_fixed_limit_of_5_to_a_usual_pain_of_8(cli, tmp_path):
    data = {**example_data(), "pain_now": 8, "pain_worst": 9}
    made = cli("plan", "--answers", str(write_answers(tmp_path, data)), env=TODAY)
    assert made.exit_code == 0, made.output
    shown = cli("today", env=TODAY)
    assert shown.exit_code == 0, shown.output
    assert "above 5 out of 10" not in shown.output
    assert "more than 2 points above your usual pain" in shown.output
    plan_shown = cli("plan", "show", env=TODAY)
    assert "Your usual pain is 8" in " ".join(plan_shown.output.split())


def test_pm1b_the_phase_gate_and_the_flare_step_read_a_usual_8_as_usual():
    """PH1's gate and FL1's graded return see a flare sign where the verdict does: for a
    usual pain of 8, sessions at 8 are not a flare-up (they held the phase every time)."""
    from facetcoach.coaching.flare import flare_step
    from facetcoach.program.path import gate

    for usual, held in ((8, False), (3, True)):
        plan = L.plan(pain_now=usual, pain_worst=max(usual, 6))
        entries = [L.session(plan, day, 8, 8, 8) for day in (L.MON, L.WED, L.FRI)]
        assert (gate(entries, plan.answers, L.MON2) is not None) is held, usual
    sore = L.plan(pain_now=8, pain_worst=9)
    flare_day = L.skip(sore, L.MON, "flare")
    well = [L.session(sore, day, 8, 8, 8) for day in (L.WED, L.FRI)]
    assert flare_step([flare_day, *well], sore.answers, L.MON2) is None  # both went well


def test_pm1b_today_json_says_the_rule_in_force(cli, tmp_path):
    data = {**example_data(), "pain_now": 6, "pain_worst": 8}
    assert cli("plan", "--answers", str(write_answers(tmp_path, data)), env=TODAY).exit_code == 0
    shown = cli("today", "--json", env=TODAY)
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["pain_rule"].startswith("Your usual pain is 6 out of 10")
