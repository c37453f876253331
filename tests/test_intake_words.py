"""The interactive intake takes what a person types and speaks in its own words (issue 16,
item 3): yes/no in any case, the app's own sentence for a number, the plain words its hint
shows, no key of the answers file, a start like "tomorrow" or "mon", bullets that wrap under
their text, and the not-a-medical-device note before the first question."""

from __future__ import annotations

import json
import re

import pytest

from facetcoach.intake.screen import RED_FLAG_GROUPS
from helpers.answers_data import thin_library

# Wednesday 9 Dec 2026, in a "terminal" (the prompts are asked from the test's input).
TTY = {"FACETCOACH_TODAY": "2026-12-09", "FACETCOACH_ASSUME_TTY": "1"}
# The answers after the screen, in order; "" takes the default. The fifth is E1b's arching
# question (asked because the default words, none, leave the direction open); the walking
# minutes (A1) come after the fall question, and "n" at the end leaves the triage questions
# (ST1) for later.
REST = ["", "", "", "", "", "", "", "", "", "", "", "", "", "", "n"]
START = 12  # where the start date is asked in REST


def intake(
    cli, screen: list[str], rest: list[str] | None = None, columns: str = "100", *library: str
):
    lines = screen + (REST if rest is None else rest)
    env = {**TTY, "COLUMNS": columns}
    return cli(*library, "plan", input="\n".join(lines) + "\n", env=env)


def saved(home):
    return json.loads((home / "plan.json").read_text())["answers"]


@pytest.mark.parametrize("no", ["n", "N", "no", "No", "NO", " no "])
def test_the_screen_takes_no_in_any_case(cli, home, no):
    result = intake(cli, [no] * len(RED_FLAG_GROUPS))
    assert result.exit_code == 0, result.output
    assert "Please enter Y or N" not in result.stdout
    assert saved(home)["red_flags"]["saddle_numbness"] is False


@pytest.mark.parametrize("yes", ["y", "Y", "yes", "Yes", "YES"])
def test_the_screen_takes_yes_in_any_case(cli, home, yes):
    result = intake(cli, [yes, yes, "n", "n", "n"], rest=[])  # the group, then its 4 signs
    assert result.exit_code == 3
    assert result.stderr.startswith(RED_FLAG_GROUPS[0].action)


def test_enter_and_other_words_are_asked_again_in_the_apps_words(cli, home):
    result = intake(cli, ["", "perhaps", *["n"] * len(RED_FLAG_GROUPS)])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Answer yes or no (y or n). Please try again.") == 2


def test_a_number_that_is_not_one_gets_the_apps_sentence(cli, home):
    rest = ["abc", "4.5", "11", "4", *REST[1:]]
    result = intake(cli, ["n"] * len(RED_FLAG_GROUPS), rest)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.count("Give a whole number from 0 to 10. Please try again.") == 3
    assert "valid integer" not in out
    assert saved(home)["pain_now"] == 4


def test_the_plain_words_of_the_hint_are_taken(cli, home):
    # The words settle the direction: no arching question (REST's fifth answer).
    rest = ["", "", "bending backward, twisting", "Bending forward", *REST[5:]]
    result = intake(cli, ["n"] * len(RED_FLAG_GROUPS), rest)
    assert result.exit_code == 0, result.output
    answers = saved(home)
    assert answers["worse_with"] == ["extension", "rotation"]
    assert answers["better_with"] == ["flexion"]


def test_no_internal_name_is_shown(cli, home):
    rest = [
        "", "",
        "bending backward, cycling", "bending backward",  # worse with
        "bending backward", "",                            # eases: the same word, then none
        "", "", "yes",                                     # age, activity, a fall: yes
        "",                                                # a fall in the past year? (B4b)
        "",                                                # walking minutes (A1)
        "", "",                                            # days, minutes
        "mat", "mat, foam roller, chair, counter",        # a mat alone is not enough
        "", "", "n",                                       # start, weeks, no triage now
    ]  # fmt: skip
    # EQ1: the built-in library serves a mat alone; a library without its posture work does not.
    thin = str(thin_library(home.parent))
    result = intake(cli, ["n"] * len(RED_FLAG_GROUPS), rest, "100", "--library", thin)
    assert result.exit_code == 0, result.output
    asked = " ".join(result.stdout.split("Your 8-week program")[0].split())  # unwrapped
    for internal in ("worse_with", "better_with", "`equipment`", "foam_roller", "extension"):
        assert internal not in asked, internal
    assert "'cycling' is not one of: bending backward, bending forward, twisting" in asked
    assert "You said 'bending backward' makes your pain worse: it cannot also ease it." in asked
    assert "Add some of it to your equipment (most homes have a chair and a wall)." in asked
    answers = saved(home)
    assert answers["balance_concern"] is True
    assert answers["equipment"] == ["mat", "foam_roller", "chair", "counter"]


@pytest.mark.parametrize(
    ("typed", "start"),
    [("tomorrow", "2026-12-10"), ("mon", "2026-12-14"), ("in 3 days", "2026-12-12"),
     ("", "2026-12-09"), ("2027-01-04", "2027-01-04")],
)  # fmt: skip
def test_the_start_takes_the_words_of_every_day_option(cli, home, typed, start):
    rest = [*REST[:START], typed, *REST[START + 1 :]]
    result = intake(cli, ["n"] * len(RED_FLAG_GROUPS), rest)
    assert result.exit_code == 0, result.output
    assert saved(home)["start"] == start


def test_bullets_wrap_under_their_text_at_40_columns(cli, home):
    result = intake(cli, ["n"] * len(RED_FLAG_GROUPS), columns="40")
    assert result.exit_code == 0, result.output
    lines = result.stdout.split("About your pain")[0].splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  • numbness between"))
    assert lines[at + 1].startswith("    ") and lines[at + 1].strip()  # the hanging indent
    for line in lines:
        assert len(line.rstrip()) <= 40, line


def test_the_medical_device_note_comes_before_the_first_question(cli, home):
    out = intake(cli, ["n"] * len(RED_FLAG_GROUPS)).stdout
    note = out.index("facetcoach is not a medical device")
    assert note < out.index("First, some safety questions")
    # Not the boxed "Please read" twice: the plan under the answers ends with the note's line,
    # as `plan show` does.
    assert len(re.findall("Please read", out)) == 1


def test_words_around_the_answers_are_taken(cli, home):
    """Found by a new user: "20 minutes" was no whole number, "a mat and a chair" gave
    "'a' is not one of", and "3" for the days said only that 3 is not a day."""
    rest = list(REST)
    rest[5] = "64 years"  # the age
    rest[9:12] = ["3", "mon, wed, fri", "20 minutes", "a mat and a chair"]
    result = intake(cli, ["n"] * len(RED_FLAG_GROUPS), rest)
    assert result.exit_code == 0, result.output
    assert "Give the days by name, not how many (for example mon, wed, fri)" in result.stdout
    answers = saved(home)
    assert answers["age"] == 64 and answers["minutes"] == 20
    assert answers["days"] == ["mon", "wed", "fri"]
    assert answers["equipment"] == ["mat", "chair"]


@pytest.mark.parametrize(("said", "kept"), [("holiday", "travel"), ("Illness", "sick")])
def test_a_pause_takes_the_words_people_use_for_its_reason(cli, home, said, kept):
    from helpers.logtools import saved_plan

    saved_plan()
    result = cli("plan", "pause", "--reason", said, env=TTY)
    assert result.exit_code == 0, result.output
    pauses = json.loads((home / "plan.json").read_text())["pauses"]
    assert [pause["reason"] for pause in pauses] == [kept]


def test_equipment_words_with_a_space_are_taken_by_the_options(cli, home):
    """Found by a new user: the intake offers "foam roller", the options wanted foam_roller."""
    result = cli("exercises", "--equipment", "foam roller", "--json")
    assert result.exit_code == 0, result.output
    assert result.stdout == cli("exercises", "--equipment", "foam_roller", "--json").stdout


@pytest.mark.parametrize(("text", "key"), [("some", "equipment"), ("the", "worse_with")])
def test_an_answer_of_only_the_words_left_out_is_asked_again(text, key):
    """Found by a second review: "some" to the equipment question became no equipment."""
    from facetcoach.errors import InputError
    from facetcoach.intake.answers import parse_words
    from facetcoach.models import EQUIPMENT, TRIGGERS

    with pytest.raises(InputError, match=f"'{text}' is not one of"):
        parse_words(text, key, EQUIPMENT if key == "equipment" else TRIGGERS)


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("standing a long time", ["standing"]),  # refused before (a new user's trial)
        ("sitting for long periods", ["sitting"]),
        ("too much walking, bending backwards for a while", ["walking", "extension"]),
    ],
)
def test_how_long_around_a_trigger_says_nothing(said, meant):
    from facetcoach.intake.answers import TRIGGERS, parse_words

    assert parse_words(said, "worse_with", TRIGGERS) == meant


def test_a_word_of_how_long_alone_is_still_asked_again():
    from facetcoach.errors import InputError
    from facetcoach.intake.answers import TRIGGERS, parse_words

    with pytest.raises(InputError, match="'long' is not one of"):
        parse_words("long", "worse_with", TRIGGERS)
