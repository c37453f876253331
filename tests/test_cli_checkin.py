"""`facetcoach checkin` (issue 6): interactive, from an answers file, bad answers, --json."""

from __future__ import annotations

import json

import pytest

from facetcoach.checkin.form import SECTIONS, checkin_from_data, parse_section
from facetcoach.errors import InputError
from facetcoach.log.store import load_entries
from helpers.logtools import saved_plan

TODAY = {"FACETCOACH_TODAY": "2026-12-07"}
TTY = {**TODAY, "FACETCOACH_ASSUME_TTY": "1"}

GOOD = """\
nprs = 5
odi = [2, 2, 2, 2, 2, 2, 2, 1, 1, -1]

[psfs]
"walking" = 4
"tying shoelaces" = 6
"""


def checkins() -> list:
    return [e for e in load_entries() if e.kind == "checkin"]


# --- The answers file -----------------------------------------------------------------------


def test_answers_file_is_saved_and_scored(cli, write_toml):
    saved_plan()
    result = cli("checkin", "--answers", str(write_toml("c.toml", GOOD)), env=TODAY)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Check-in saved for Mon 7 Dec 2026." in out
    assert "Pain: 5 out of 10." in out
    assert "35.6% (9 of 10)" in out  # 16 over 9 sections
    assert "walking 4, tying shoelaces 6 (average 5 out of 10)" in out
    assert "Next check-in: Mon 21 Dec 2026." in out
    [entry] = checkins()
    assert entry.checkin.nprs == 5 and entry.checkin.odi[-1] == -1
    assert entry.checkin.psfs == {"walking": 4, "tying shoelaces": 6}


def test_json_prints_the_scores(cli, write_toml):
    path = str(write_toml("c.toml", GOOD))
    cli("checkin", "--answers", path, env=TODAY)
    later = "nprs = 3\nodi = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n[psfs]\nwalking = 7\n"
    result = cli(
        "checkin", "--answers", str(write_toml("l.toml", later)), "--json",
        env={"FACETCOACH_TODAY": "2026-12-21"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["date"] == "2026-12-21" and data["nprs"] == 3
    assert data["odi"] == [1] * 10 and data["odi_percent"] == 20.0
    assert data["odi_sections_answered"] == 10
    assert data["psfs"] == {"walking": 7} and data["psfs_mean"] == 7.0
    assert (data["nprs_change"], data["nprs_important"]) == (-2, True)
    assert (data["odi_change"], data["odi_important"]) == (-15.6, True)
    # Walking, the activity rated both times, 4 -> 7 (the means were 5.0 -> 7.0).
    assert (data["psfs_change"], data["psfs_important"]) == (3.0, True)
    assert data["next_checkin"] == "2027-01-04"
    assert data["prompts"] == [] and len(data["id"]) == 36


def test_without_a_plan_a_checkin_is_still_saved(cli, write_toml):
    result = cli("checkin", "--answers", str(write_toml("c.toml", GOOD)), env=TODAY)
    assert result.exit_code == 0, result.output
    assert len(checkins()) == 1


BAD = [
    ("nprs = 11\nodi = [1,1,1,1,1,1,1,1,1,1]\n", "nprs: 11 is not allowed; allowed: a whole"),
    ("nprs = true\nodi = [1,1,1,1,1,1,1,1,1,1]\n", "nprs: true is not allowed"),
    ('nprs = "5"\nodi = [1,1,1,1,1,1,1,1,1,1]\n', "nprs: '5' is not allowed"),
    ("odi = [1,1,1,1,1,1,1,1,1,1]\n", "nprs: missing"),
    ("nprs = 5\n", "odi: missing; allowed: a list of 10 whole numbers from 0 to 5"),
    ("nprs = 5\nodi = [1,1,1]\n", "odi: has 3 numbers"),
    ("nprs = 5\nodi = 3\n", "odi: 3 is not a list"),
    ("nprs = 5\nodi = [1,1,1,6,1,1,1,1,1,1]\n", "odi[3] (Walking): 6 is not allowed"),
    ("nprs = 5\nodi = [-1,-1,-1,-1,-1,-1,-1,-1,-1,-1]\n", "odi: every section is skipped"),
    ("nprs = 5\nodi = [1,1,1,1,1,1,1,1,1,1]\nmood = 3\n", "mood: unknown key; the keys are"),
    (
        "nprs = 5\nodi = [1,1,1,1,1,1,1,1,1,1]\n[psfs]\na = 1\nb = 2\nc = 3\nd = 4\n",
        "psfs: has 4 activities; allowed: a table of up to 3",
    ),
    ("nprs = 5\nodi = [1,1,1,1,1,1,1,1,1,1]\n[psfs]\nwalking = 11\n", 'psfs."walking": 11'),
    ("nprs = 5\nodi = [1,1,1,1,1,1,1,1,1,1]\npsfs = 4\n", "psfs: 4 is not a table"),
    ('nprs = 5\nodi = [1,1,1,1,1,1,1,1,1,1]\n[psfs]\n" " = 4\n', "an activity needs a name"),
    ("nprs = \n", "is not valid TOML"),
]


@pytest.mark.parametrize(("text", "problem"), BAD, ids=[b[1][:30] for b in BAD])
def test_bad_answers_name_the_key_and_what_is_allowed(cli, write_toml, text, problem):
    result = cli("checkin", "--answers", str(write_toml("bad.toml", text)), env=TODAY)
    assert result.exit_code == 2, result.output
    assert problem in result.stderr
    assert "Traceback" not in result.output
    assert checkins() == []


def test_every_problem_is_listed_at_once():
    with pytest.raises(InputError) as caught:
        checkin_from_data({"nprs": -1, "odi": [9] * 10, "extra": 1}, "x.toml")
    assert "has 12 problems" in caught.value.message
    assert len(caught.value.details) == 12


def test_a_missing_answers_file_and_a_future_date(cli, tmp_path):
    result = cli("checkin", "--answers", str(tmp_path / "none.toml"), env=TODAY)
    assert result.exit_code == 2 and "does not exist" in result.stderr
    result = cli("checkin", "--date", "tomorrow", env=TTY, input="")
    assert result.exit_code == 2 and "in the future" in result.stderr


def test_a_non_terminal_stdin_without_answers_fails_at_once(cli):
    result = cli("checkin", env=TODAY, input="5\n")
    assert result.exit_code == 2
    assert "its input is not a terminal" in result.stderr and "--answers" in result.stderr
    assert checkins() == []


# --- Interactive ------------------------------------------------------------------------------


def typed(
    nprs: str, sections: list[str], activities: list[str], triage: tuple[str, ...] = ("n",)
) -> str:
    """The typed lines; `triage`: the answers to the ST1 part ("n": not now)."""
    return "\n".join([nprs, *sections, *activities, *triage]) + "\n"


def test_interactive_checkin_re_asks_with_the_reason(cli):
    answers = typed(
        "eleven\n12\n4",  # two bad answers, then 4
        ["2", "7", "2", "s", "1", "1", "0", "s", "1", "2", "3"],  # a 7 re-asked
        ["walking", "x", "5", "gardening", "3", ""],
    )
    result = cli("checkin", env=TTY, input=answers)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Type a whole number from 0 to 10. Please try again." in out
    assert "12 is not from 0 to 10" in out
    assert "Type a number from 0 to 5, or s to skip this section." in out
    assert "Oswestry" in out and "1/10 Pain" in out and "10/10 Getting about" in out
    [entry] = checkins()
    assert entry.checkin.nprs == 4
    assert entry.checkin.odi == [2, 2, -1, 1, 1, 0, -1, 1, 2, 3]
    assert entry.checkin.psfs == {"walking": 5, "gardening": 3}


def test_interactive_no_at_another_activity_finishes(cli):
    """Found by a new user's trial: "n" became an activity to rate, with no way out."""
    answers = typed("4", ["2"] * 10, ["walking", "5", "n"])
    result = cli("checkin", env=TTY, input=answers)
    assert result.exit_code == 0, result.output
    [entry] = checkins()
    assert entry.checkin.psfs == {"walking": 5}


def test_interactive_all_sections_skipped_is_asked_again(cli):
    answers = typed("3", ["s"] * 10 + ["1"] * 10, [""])
    result = cli("checkin", env=TTY, input=answers)
    assert result.exit_code == 0, result.output
    assert "Every section of the function questions was skipped" in result.stdout
    [entry] = checkins()
    assert entry.checkin.odi == [1] * 10 and entry.checkin.psfs == {}


def test_interactive_asks_last_time_s_activities_again(cli, write_toml):
    cli("checkin", "--answers", str(write_toml("c.toml", GOOD)), env=TODAY)
    env = {**TTY, "FACETCOACH_TODAY": "2026-12-21"}
    result = cli("checkin", env=env, input=typed("3", ["1"] * 10, ["6", "7", "cycling", "2"]))
    assert result.exit_code == 0, result.output
    assert "Rate the activities you named last time again." in result.stdout
    latest = checkins()[-1]
    assert latest.checkin.psfs == {"walking": 6, "tying shoelaces": 7, "cycling": 2}
    assert "Check-ins: change from the first" in result.stdout  # the table, now two rows


def test_interactive_end_of_input_saves_nothing(cli):
    result = cli("checkin", env=TTY, input="4\n2\n")
    assert result.exit_code == 2
    assert "nothing was saved" in result.stderr
    assert checkins() == []


def test_interactive_json_keeps_questions_off_stdout(cli):
    result = cli("checkin", "--json", env=TTY, input=typed("4", ["1"] * 10, [""]))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["odi_percent"] == 20.0


def test_the_questions_are_ten_sections_of_six_levels():
    assert len(SECTIONS) == 10
    assert all(len(section.levels) == 6 for section in SECTIONS)
    assert parse_section(" S ") == -1 and parse_section("5") == 5


def test_the_documented_example_answers_file_works(cli, tmp_path):
    from pathlib import Path

    commands = Path(__file__).resolve().parents[1] / "docs" / "commands.md"
    text = commands.read_text(encoding="utf-8")
    block = next(b for b in text.split("```toml\n")[1:] if b.startswith("nprs ="))
    path = tmp_path / "checkin.toml"
    path.write_text(block.split("```")[0], encoding="utf-8")
    result = cli("checkin", "--answers", str(path), env=TODAY)
    assert result.exit_code == 0, result.output
    assert "35.6% (9 of 10)" in result.stdout
    assert "### `facetcoach checkin`" in text


@pytest.mark.parametrize(
    ("change", "important", "lower_is_better", "text"),
    [
        (-2, True, True, "−2 ✓ better"),
        (3, True, True, "+3 ! worse"),  # was "+3 ✓ worse" (a new user's trial)
        (-3, True, False, "−3 ! worse"),  # activities: higher is better
        (1, False, True, "+1"),
        (None, False, True, "–"),
    ],
)
def test_a_clinically_important_change_is_marked_by_its_direction(
    change, important, lower_is_better, text
):
    from facetcoach.render.checkin import change_text

    assert change_text(change, important, lower_is_better) == text
