"""E1b: the directional preference read from the person's own words, and what it keeps out.

Extension-sensitive (worse standing or walking, better sitting or bending forward; or arching
brings on the pain): no prone extension stage (E4) in phase 1 or in the flare routine.
Flexion-sensitive (worse sitting or bending forward, better walking): no knee-to-chest or
forward bending in phase 1 or in the flare routine.

Checked once: with `direction_ok_when_sore` always True (the rule removed) the planner and
flare tests below fail (standing-worse got prone-lying in phase 1 and in the flare routine,
sitting-worse got single-knee-to-chest and pelvic-tilt-lying).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings

from facetcoach.errors import InputError
from facetcoach.intake.answers import parse_yes_no_unsure
from facetcoach.intake.profile import direction_settled, profile_of, sensitivity
from facetcoach.library.loading import load_library
from facetcoach.models import Library, Program
from facetcoach.program.planner import build_program
from facetcoach.program.routine import flare_items
from helpers import plan_factory
from helpers.answers_data import example_data, write_answers
from helpers.profiles import examples
from test_planner import answers, answers_files

START = dt.date(2026, 12, 7)
LIBRARY: Library = load_library()
FLEXION = {e.id for e in LIBRARY.exercises if "flexion" in e.loads}
STAGES = {e.id for e in LIBRARY.exercises if e.extension_stage is not None}

# worse, better, arching -> (extension-sensitive, flexion-sensitive), settled by the words
PATTERNS = [
    (["standing"], ["sitting"], None, (True, False), True),  # the typical facet pattern
    (["walking"], ["flexion"], None, (True, False), True),
    (["sitting"], ["walking"], None, (False, True), True),
    (["flexion"], [], None, (False, True), True),  # said outright
    (["extension"], [], None, (True, False), True),
    (["sitting"], ["walking", "flexion"], None, (False, False), False),  # flexion eases it
    (["standing"], [], None, (True, False), False),  # half a pattern, not asked: to be safe
    (["sitting"], [], None, (False, True), False),
    ([], [], None, (False, False), False),
    ([], [], True, (True, False), False),  # the question settles it
    ([], [], False, (False, False), False),
    (["sitting"], [], False, (False, True), False),  # arching is fine: sitting leads
    (["standing"], [], False, (False, False), False),
    (["sitting"], ["walking"], True, (True, True), True),  # their own answer adds to the words
]


@pytest.mark.parametrize(("worse", "better", "arching", "expected", "settled"), PATTERNS)
def test_e1b_the_pattern_from_the_words_and_the_arching_question(
    worse, better, arching, expected, settled
):
    a = answers(worse_with=worse, better_with=better, arching_provokes=arching)
    assert sensitivity(a) == expected
    assert direction_settled(worse, better) is settled
    profile = profile_of(a)
    assert (profile.extension_sensitive, profile.flexion_sensitive) == expected


def _phase_ids(program: Program, phase: int) -> set[str]:
    return {
        i.exercise_id
        for w in program.weeks
        if w.phase == phase
        for s in w.sessions
        for i in s.items
    }


def test_e1b_standing_worse_sitting_better_gets_no_prone_extension_in_phase_1_or_a_flare():
    a = answers(worse_with=["standing"], better_with=["sitting"])
    program = build_program(a, LIBRARY, START)
    assert not _phase_ids(program, 1) & STAGES  # it had prone-lying
    assert _phase_ids(program, 1)
    plan = plan_factory.plan(worse_with=["standing"], better_with=["sitting"])
    flare = {i.exercise_id for i in flare_items(plan, plan.program.weeks[0].sessions[0].items)}
    assert flare and not flare & STAGES  # it had prone-lying


def test_e1b_sitting_worse_walking_better_gets_no_forward_bending_in_phase_1_or_a_flare():
    a = answers(worse_with=["sitting"], better_with=["walking"])
    program = build_program(a, LIBRARY, START)
    assert not _phase_ids(program, 1) & FLEXION  # it had knee-to-chest and pelvic tilts
    plan = plan_factory.plan(worse_with=["sitting"], better_with=["walking"])
    flare = {i.exercise_id for i in flare_items(plan, plan.program.weeks[0].sessions[0].items)}
    assert flare and not flare & FLEXION


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=answers_files(kit=True))
def test_e1b_holds_in_phase_1_and_the_flare_routine_for_random_answers(a):
    profile = profile_of(a)
    program = build_program(a, LIBRARY, a.start)
    by_id = LIBRARY.by_id()
    plan = dataclasses.replace(plan_factory.plan(), answers=a, program=program)
    first = program.weeks[0].sessions[0].items
    checked = [by_id[i] for i in _phase_ids(program, 1)]
    checked += [by_id[i.exercise_id] for i in flare_items(plan, first)]
    for e in checked:
        if profile.extension_sensitive:
            assert e.extension_stage is None, e.id
        if profile.flexion_sensitive:
            assert "flexion" not in e.loads, e.id


@pytest.mark.parametrize(
    ("text", "value"), [("y", True), ("YES", True), ("n", False), ("", None), ("not sure", None)]
)
def test_the_arching_answer_in_plain_words(text, value):
    assert parse_yes_no_unsure(text) is value


def test_the_arching_answer_refuses_anything_else():
    with pytest.raises(InputError, match="type y, n, or press Enter"):
        parse_yes_no_unsure("sometimes")


def test_the_answers_file_takes_arching_provokes_as_an_optional_true_or_false(cli, tmp_path, home):
    data = {**example_data(), "worse_with": [], "better_with": [], "arching_provokes": True}
    made = cli("plan", "--answers", str(write_answers(tmp_path, data)))
    assert made.exit_code == 0, made.output
    saved = json.loads((home / "plan.json").read_text())
    assert saved["answers"]["arching_provokes"] is True
    wrong = {**data, "arching_provokes": "yes"}
    refused = cli("plan", "--force", "--answers", str(write_answers(tmp_path, wrong, "bad.toml")))
    assert refused.exit_code == 2
    assert "arching_provokes" in refused.stderr


def test_the_intake_asks_about_arching_only_when_the_words_leave_it_open(cli, home):
    from test_cli_plan import SCREEN_NO, TTY

    # Enter for pain, worst, worse and better (none: the direction is open), "y" to the
    # arching question, Enter for the nine questions after it, "n" to the triage for now.
    asked = cli("plan", input=SCREEN_NO + "\n" * 4 + "y\n" + "\n" * 9 + "n\n", env=TTY)
    assert asked.exit_code == 0, asked.output
    assert "Does arching your back, or leaning back, bring on your usual pain?" in asked.stdout
    assert json.loads((home / "plan.json").read_text())["answers"]["arching_provokes"] is True
    # Replacing the plan ("y"), the words settle it; the last Enter: carry on (issue 13).
    settled = "\n\n" + "standing\n" + "sitting\n" + "\n" * 9 + "n\n" + "\n"
    told = cli("plan", input="y\n" + SCREEN_NO + settled, env=TTY)
    assert told.exit_code == 0, told.output
    assert "Does arching your back" not in told.stdout
    assert json.loads((home / "plan.json").read_text())["answers"]["arching_provokes"] is None
