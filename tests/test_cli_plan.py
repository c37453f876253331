"""`facetcoach plan` and `plan show` through the CLI: answers files, --yes, the interactive
intake, the red-flag stop (exit 3), bad input (exit 2), replacing a plan, JSON, end to end."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from facetcoach.intake.screen import RED_FLAG_GROUPS
from helpers.answers_data import EXAMPLE, example_data, thin_library, write_answers

TODAY = {"FACETCOACH_TODAY": "2026-12-07"}
TTY = {**TODAY, "FACETCOACH_ASSUME_TTY": "1"}
# Enter for every question after the screen: 12, E1b's arching question (asked because the
# default words, none, leave the direction open), the walking minutes (A1), "answer the
# triage questions now?" and its nine questions (ST1).
ENTERS = "\n" * 24
ITEM_KEYS = [
    "exercise_id",
    "category",
    "kind",
    "level",
    "sets",
    "reps",
    "hold_seconds",
    "per_side",
    "rest_seconds",
    "why",
]


def plan_file(home: Path) -> Path:
    return home / "plan.json"


# --- Answers files and --yes -------------------------------------------------------------------


def test_answers_file_builds_and_saves_the_plan(cli, home):
    result = cli("plan", "--answers", str(EXAMPLE), env=TODAY)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Your 8-week program: Mon 7 Dec 2026 to Sun 31 Jan 2027" in out
    for text in ("Phase 1: Settle and move", "Phase 2: Stabilise", "Phase 3: Strengthen"):
        assert text in out
    assert "Weekly calendar" in out
    assert "Stop exercising now if you get" in out and "chest pain" in out
    assert "not a medical device" in out
    assert "Red-flag screen: answered" in out
    saved = json.loads(plan_file(home).read_text())
    assert saved["schema_version"] == 1
    assert saved["screen"] == "answered" and saved["screened_on"] == "2026-12-07"
    assert saved["answers"]["worse_with"] == ["extension", "rotation"]
    assert saved["answers"]["start"] == "2026-12-07"
    used = {i["exercise_id"] for w in saved["program"]["weeks"] for s in w["sessions"]
            for i in s["items"]}  # fmt: skip
    assert used == {e["id"] for e in saved["exercises"]}


def test_the_calendar_dates_each_week_as_progress_does(cli, home):
    """Found by a new user's trial: a program starting on a Tuesday with Mon-Wed-Fri sessions
    had week 1 as "2 Dec – 7 Dec" (its sessions) in the plan and "1–7 Dec" (the week) in
    `progress`. Both now say the week."""
    env = {"FACETCOACH_TODAY": "2026-12-01"}
    assert cli("plan", "--yes", env=env).exit_code == 0
    shown = cli("plan", "show", env=env).stdout
    assert "│    1 │   1   │ 1–7 Dec " in shown and "│    5 │   2   │ 29 Dec–4 Jan " in shown
    assert "2 Dec" not in shown.split("Phase 1")[0]
    assert "│    1 │ 1–7 Dec " in cli("progress", env=env).stdout


def test_json_is_the_documented_shape(cli):
    result = cli("plan", "--answers", str(EXAMPLE), "--json", env=TODAY)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data)[:3] == ["schema_version", "start", "weeks"]
    assert data["schema_version"] == 1 and data["start"] == "2026-12-07"
    week = data["weeks"][0]
    # The contract's keys first; fields are added after them, never renamed or removed.
    assert list(week)[:4] == ["number", "phase", "phase_name", "sessions"]
    assert (week["start"], week["planned_week"], week["held"]) == ("2026-12-07", 1, None)
    assert "walking_minutes" in week  # A1
    assert (week["number"], week["phase"], week["phase_name"]) == (1, 1, "Settle and move")
    session = week["sessions"][0]
    assert list(session) == ["date", "minutes", "items"]
    assert session["date"] == "2026-12-07" and isinstance(session["minutes"], float)
    assert list(session["items"][0]) == ITEM_KEYS
    # Added fields: the end, the phases, and how the screen was done.
    assert data["end"] == "2027-01-31"
    assert [p["first_week"] for p in data["phases"]] == [1, 3, 6]
    assert [p["last_week"] for p in data["phases"]] == [2, 5, 8]
    assert all(p["focus"] for p in data["phases"])
    assert data["screen"] == "answered"
    assert data["advice"]
    assert "Saved to" in result.stderr


def test_the_same_answers_give_byte_identical_json(cli):
    first = cli("plan", "--answers", str(EXAMPLE), "--json", env=TODAY)
    second = cli("plan", "--answers", str(EXAMPLE), "--json", "--force",
                 env={"FACETCOACH_TODAY": "2027-03-01"})  # fmt: skip
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    assert first.stdout == second.stdout
    show = json.loads(cli("plan", "show", "--json", env=TODAY).stdout)
    # `plan show` adds the next session as adjusted to the log (issue 6); the rest is the same.
    assert show.pop("adjustments") == [] and show.pop("eased") == []
    # ...and the path as it now stands: what was planned, revisions and pauses (issue 13).
    assert (show.pop("planned_end"), show.pop("revisions"), show.pop("pauses")) == (
        show["end"],
        [],
        [],
    )
    following = show.pop("next_session")
    assert following["items"] == show["weeks"][0]["sessions"][0]["items"]
    assert show == json.loads(first.stdout)


def test_yes_uses_the_defaults_and_says_the_screen_was_assumed(cli, home):
    result = cli("plan", "--yes", env=TODAY)
    assert result.exit_code == 0, result.output
    assert 'NOT answered: --yes assumed "no"' in result.stdout
    assert "run `facetcoach plan screen` in a terminal" in result.stdout
    saved = json.loads(plan_file(home).read_text())
    assert saved["screen"] == "assumed-no"
    answers = saved["answers"]
    assert answers["days"] == ["mon", "wed", "fri"] and answers["minutes"] == 20
    assert answers["start"] == "2026-12-07" and answers["weeks"] == 8
    json_run = cli("plan", "--yes", "--force", "--json", env=TODAY)
    assert json.loads(json_run.stdout)["screen"] == "assumed-no"
    assert "NOT answered" in json_run.stderr


def test_answers_and_yes_together_is_a_usage_error(cli):
    result = cli("plan", "--yes", "--answers", str(EXAMPLE))
    assert result.exit_code == 2
    assert "either --answers FILE.toml or --yes" in result.stderr


# --- The red-flag screen --------------------------------------------------------------------


@pytest.mark.parametrize("group", RED_FLAG_GROUPS, ids=lambda g: g.key)
def test_a_red_flag_stops_with_exit_3_and_saves_nothing(cli, home, tmp_path, group):
    data = example_data()
    key, sign = group.questions[-1]
    data["red_flags"][key] = True
    result = cli("plan", "--answers", str(write_answers(tmp_path, data)), env=TODAY)
    assert result.exit_code == 3, result.output
    # Safety advice, not an error: the action is its heading (tests/test_notices.py: layout).
    assert result.stderr.startswith(f"{group.action}\n")
    assert sign in " ".join(result.stderr.split())
    assert "not a diagnosis" in result.stderr
    assert "Nothing was saved" in result.stderr
    assert not home.exists(), "nothing written, not even the data folder"
    assert "Traceback" not in result.output


def test_a_red_flag_never_replaces_a_saved_plan(cli, home, tmp_path):
    assert cli("plan", "--yes", env=TODAY).exit_code == 0
    before = plan_file(home).read_bytes()
    data = example_data()
    data["red_flags"]["saddle_numbness"] = True
    result = cli("plan", "--force", "--answers", str(write_answers(tmp_path, data)), env=TODAY)
    assert result.exit_code == 3
    assert "emergency department now" in result.stderr
    assert "Nothing was saved" not in result.stderr and "on hold" in result.stderr
    # RS1: the program is not replaced, but put on hold: the yes is recorded in the plan.
    after = json.loads(plan_file(home).read_text())
    assert after["program"] == json.loads(before)["program"]
    assert after["screens"] == [
        {"date": "2026-12-07", "occasion": "replan", "flagged": ["saddle_numbness"]}
    ]
    assert not (home / "plans").exists()
    today = json.loads(cli("today", "--json", env=TODAY).stdout)
    assert today["status"] == "suspended" and today["items"] == []
    assert "emergency department now" in cli("today", env=TODAY).stdout


# --- Bad answers files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"pain_now": 12}, "pain_now: must be from 0 to 10; allowed: a whole number from 0 to 10"),
        ({"activity": "couch"}, "activity: must be one of 'sedentary', 'moderate' or 'active'"),
        ({"favourite_colour": "blue"}, "favourite_colour: is not a known key; the keys are:"),
        ({"days": ["mon"]}, "days: choose at least 2 days a week (you gave 1)"),
        ({"minutes": "twenty"}, "minutes: must be a whole number (got the text 'twenty')"),
        # Found by fuzzing (test_fuzz_answers.py): both were an OverflowError in the planner.
        ({"start": dt.date(1, 1, 1)}, "start: must be a date from 1900-01-01 to 9000-12-31"),
        ({"start": dt.date(9999, 12, 6)}, "start: must be a date from 1900-01-01 to 9000-12-31"),
    ],
)
def test_a_bad_answers_file_names_the_key_and_exits_2(cli, home, tmp_path, change, expected):
    path = write_answers(tmp_path, {**example_data(), **change})
    result = cli("plan", "--answers", str(path))
    assert result.exit_code == 2, result.output
    assert f"Error: The answers file {path} has 1 problem" in result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.output
    assert not home.exists()


def test_an_unanswered_screen_question_is_exit_2(cli, home, tmp_path):
    data = example_data()
    del data["red_flags"]["fever_or_unwell"]
    result = cli("plan", "--answers", str(write_answers(tmp_path, data)))
    assert result.exit_code == 2
    assert "red_flags.fever_or_unwell: is missing; answer true or false" in result.stderr
    assert not home.exists()


def test_unreadable_answers_files(cli, tmp_path):
    missing = cli("plan", "--answers", str(tmp_path / "nope.toml"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    broken = tmp_path / "broken.toml"
    broken.write_text("pain_now = [", encoding="utf-8")
    result = cli("plan", "--answers", str(broken))
    assert result.exit_code == 2 and "is not valid TOML" in result.stderr
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    assert "not UTF-8" in cli("plan", "--answers", str(binary)).stderr


def test_equipment_that_cannot_cover_every_category_is_exit_2(cli, home, tmp_path):
    # EQ1: the built-in library covers every equipment set; a user's library may not.
    path = write_answers(tmp_path, {**example_data(), "equipment": ["mat"]})
    thin = str(thin_library(tmp_path))
    result = cli("--library", thin, "plan", "--answers", str(path))
    assert result.exit_code == 2
    assert "With your equipment (mat)" in result.stderr
    assert "posture (add one of: chair, band)" in result.stderr
    assert not home.exists()
    assert cli("plan", "--answers", str(path), "--json").exit_code == 0  # built-in: EQ1


# --- Replacing a plan ---------------------------------------------------------------------------


def test_an_existing_plan_needs_force_and_is_archived_with_the_log_untouched(cli, home):
    assert cli("plan", "--yes", env=TODAY).exit_code == 0
    first = plan_file(home).read_bytes()
    log = home / "log.json"
    log.write_text('{"schema_version": 1, "entries": []}\n', encoding="utf-8")

    refused = cli("plan", "--answers", str(EXAMPLE), env=TODAY)
    assert refused.exit_code == 2
    assert "You already have a plan (started Mon 7 Dec 2026). Add --force" in refused.stderr
    assert plan_file(home).read_bytes() == first

    replaced = cli("plan", "--answers", str(EXAMPLE), "--force", env=TODAY)
    assert replaced.exit_code == 0, replaced.output
    assert "Your previous plan was archived to" in replaced.stdout
    archived = list((home / "plans").glob("*.json"))
    assert len(archived) == 1 and archived[0].read_bytes() == first
    assert plan_file(home).read_bytes() != first
    assert log.read_text(encoding="utf-8") == '{"schema_version": 1, "entries": []}\n'


def test_a_damaged_plan_is_refused_but_force_replaces_and_keeps_it(cli, home):
    home.mkdir()
    plan_file(home).write_text("{not json", encoding="utf-8")
    refused = cli("plan", "--yes", env=TODAY)
    assert refused.exit_code == 1 and "is damaged" in refused.stderr
    assert cli("plan", "--yes", "--force", env=TODAY).exit_code == 0
    kept = [p.read_text() for p in (home / "plans").glob("*.json")]
    assert kept == ["{not json"]


# --- plan show -----------------------------------------------------------------------------------


def test_show_without_a_plan_is_exit_1(cli):
    result = cli("plan", "show")
    assert result.exit_code == 1
    assert "There is no plan yet. Build one with `facetcoach plan`" in result.stderr


def test_show_renders_the_saved_plan(cli):
    cli("plan", "--answers", str(EXAMPLE), env=TODAY)
    result = cli("plan", "show", env={"COLUMNS": "240"})  # wide: no wrapping inside cells
    assert result.exit_code == 0, result.output
    assert "Your 8-week program" in result.stdout
    assert "Stop exercising now if you get" in result.stdout
    assert "not a medical device" in result.stdout
    # Each exercise shows why it is there (E1: the answers say extension hurts).
    assert "you said bending backward hurts" in result.stdout


def test_show_on_a_narrow_terminal_keeps_the_reasons(cli):
    cli("plan", "--answers", str(EXAMPLE), env=TODAY)
    result = cli("plan", "show", env={"COLUMNS": "70"})
    assert result.exit_code == 0
    assert "bending backward" in result.stdout  # the reasons go under the names
    assert max(len(line) for line in result.stdout.splitlines()) <= 70


# --- The interactive intake --------------------------------------------------------------------

SCREEN_NO = "n\n" * len(RED_FLAG_GROUPS)


def test_non_terminal_input_fails_at_once(cli, home):
    result = cli("plan", input="")
    assert result.exit_code == 2
    assert "its input is not a terminal" in result.stderr
    assert "--answers FILE.toml, or --yes" in result.stderr
    assert not home.exists()


def test_the_intake_takes_the_defaults_on_enter(cli, home):
    result = cli("plan", input=SCREEN_NO + ENTERS, env=TTY)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "First, some safety questions" in out
    assert "(3)" in out and "(mon,wed,fri)" in out and "(today)" in out  # the defaults
    saved = json.loads(plan_file(home).read_text())
    assert saved["screen"] == "answered"
    assert saved["answers"]["pain_now"] == 3 and saved["answers"]["days"] == ["mon", "wed", "fri"]
    assert saved["answers"]["red_flags"]["both_legs"] is False


def test_the_intake_reasks_with_the_reason(cli, home):
    lines = [
        "", "maybe", "n", "n", "n", "n", "n",  # the screen has no default: Enter is re-asked
        "11", "6",                     # pain now: out of range, then 6
        "3", "7",                      # worst: below now, then 7
        "extension, cycling", "extension, sitting",
        "extension", "flexion",        # eases: overlaps with worse, then flexion
        "12", "70",                    # age
        "lazy", "sedentary",
        "y",                           # a fall or unsteady
        "maybe", "y",                  # B4b: was it a fall in the past year? (a new question)
        "-5", "15",                    # walking minutes (A1): out of range, then 15
        "mon", "mon, tue, thu",
        "5", "25",
        "mat", "mat, chair, counter",  # a mat alone cannot cover posture and balance
        "soon", "2026-12-14",
        "20", "10",
        "n",                           # the triage (ST1): not now
    ]  # fmt: skip
    # A library without the posture work a mat alone allows, so that "mat" is refused (EQ1).
    thin = str(thin_library(home.parent))
    result = cli("--library", thin, "plan", input="\n".join(lines) + "\n", env=TTY)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Answer yes or no (y or n). Please try again." in out
    assert "Give a whole number from 0 to 10. Please try again." in out
    assert "cannot be below now (6)" in out
    assert "'cycling' is not one of: bending backward, bending forward, twisting" in out
    assert "You said 'bending backward' makes your pain worse: it cannot also ease it" in out
    assert "Give a whole number from 18 to 110" in out
    assert "'lazy' is not one of: sedentary, moderate, active" in out
    assert "Choose at least 2 days a week" in out
    assert "Give a whole number from 10 to 60" in out
    assert "With your equipment (mat)" in out
    assert "'soon' is not a day" in out
    assert "Give a whole number from 6 to 16" in out
    assert "Give a whole number from 0 to 180" in out  # A1
    answers = json.loads(plan_file(home).read_text())["answers"]
    assert answers == {
        **answers,
        "pain_now": 6,
        "pain_worst": 7,
        "worse_with": ["extension", "sitting"],
        "better_with": ["flexion"],
        "age": 70,
        "activity": "sedentary",
        "balance_concern": True,
        "fell_last_year": True,
        "days": ["mon", "tue", "thu"],
        "minutes": 25,
        "equipment": ["mat", "chair", "counter"],
        "start": "2026-12-14",
        "weeks": 10,
        "walking_minutes": 15,
        "start_back": None,
    }


def test_a_yes_in_the_interactive_screen_stops_at_once(cli, home):
    # Group 1 "no"; group 2 (worsening nerve signs) "yes", then yes to the first sign.
    result = cli("plan", input="n\ny\ny\nn\n", env=TTY)
    assert result.exit_code == 3
    assert result.stderr.startswith("Get a medical assessment today (same day)\n")
    assert "getting worse" in result.stderr
    assert "About your pain" not in result.stdout  # no further questions
    assert not home.exists()


def test_a_group_yes_with_every_sign_no_goes_on(cli, home):
    result = cli("plan", input="y\nn\nn\nn\nn\n" + "n\n" * 4 + ENTERS, env=TTY)
    assert result.exit_code == 0, result.output
    assert plan_file(home).exists()


def test_interactive_json_keeps_the_questions_off_stdout(cli):
    result = cli("plan", "--json", input=SCREEN_NO + ENTERS, env=TTY)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["screen"] == "answered"
    assert "First, some safety questions" in result.stderr


def test_end_of_input_during_the_intake_writes_nothing(cli, home):
    result = cli("plan", input=SCREEN_NO + "4\n", env=TTY)
    assert result.exit_code == 2
    assert "The input ended before the last question, so nothing was saved" in result.stderr
    assert not home.exists()


def test_interactive_asks_before_replacing(cli, home):
    assert cli("plan", "--yes", env=TODAY).exit_code == 0
    first = plan_file(home).read_bytes()
    kept = cli("plan", input="n\n", env=TTY)
    assert kept.exit_code == 0
    assert "You already have a plan (started Mon 7 Dec 2026)" in kept.stdout
    assert "Nothing changed" in kept.stdout
    assert plan_file(home).read_bytes() == first
    # The last Enter takes the default: carry on from the current week and phase (issue 13).
    replaced = cli("plan", input="y\n" + SCREEN_NO + ENTERS + "\n", env=TTY)
    assert replaced.exit_code == 0, replaced.output
    assert "Keep your place in the program" in replaced.stdout
    saved = json.loads(plan_file(home).read_text())
    assert saved["screen"] == "answered"
    assert [r["kind"] for r in saved["revisions"]] == ["continue"] or saved["revisions"] == []
    assert len(list((home / "plans").glob("*.json"))) == 1


def test_a_plan_not_begun_is_replaced_without_asking_to_keep_a_place(cli, home, tmp_path):
    """Found by a new user: a plan made minutes before, not begun, asked to keep its place."""
    from helpers.answers_data import example_data, write_answers

    data = {**example_data(), "start": "2026-12-14"}
    assert cli("plan", "--answers", str(write_answers(tmp_path, data)), env=TODAY).exit_code == 0
    replaced = cli("plan", input="y\n" + SCREEN_NO + ENTERS + "\n", env=TTY)
    assert replaced.exit_code == 0, replaced.output
    assert "(your week, phase and doses)" not in replaced.stdout


def test_help_has_examples(cli):
    for args in (["plan", "--help"], ["plan", "show", "--help"]):
        result = cli(*args)
        assert result.exit_code == 0
        assert "Example" in result.stdout and "facetcoach plan" in result.stdout


# --- End to end ---------------------------------------------------------------------------------


def test_end_to_end_plan_yes_then_show_json(tmp_path):
    env = {
        **os.environ,
        "FACETCOACH_HOME": str(tmp_path / "home"),
        "FACETCOACH_TODAY": "2026-12-07",
    }
    env.pop("FACETCOACH_ASSUME_TTY", None)
    built = subprocess.run(
        [sys.executable, "-m", "facetcoach", "plan", "--yes"],
        env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    assert "Your 8-week program" in built.stdout
    shown = subprocess.run(
        [sys.executable, "-m", "facetcoach", "plan", "show", "--json"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["start"] == "2026-12-07" and len(data["weeks"]) == 8
    assert data["screen"] == "assumed-no"
    asked = subprocess.run(
        [sys.executable, "-m", "facetcoach", "plan", "--force"],
        env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert asked.returncode == 2 and "not a terminal" in asked.stderr


def test_the_docs_document_the_example_answers_file_and_the_json_keys():
    import re

    from facetcoach.intake.answers import parse_answers_toml
    from helpers.answers_data import example_data

    docs = Path(__file__).parents[1] / "docs"
    commands = (docs / "commands.md").read_text(encoding="utf-8")
    section = commands.split("## The answers file of `facetcoach plan`", 1)[1]
    block = re.search(r"```toml\n(.*?)```", section, re.S)
    assert block is not None
    documented = parse_answers_toml(block.group(1), "docs/commands.md")
    assert documented == parse_answers_toml(EXAMPLE.read_text(encoding="utf-8"), "example")
    assert example_data()["start"].isoformat() == "2026-12-07"
    json_doc = (docs / "json.md").read_text(encoding="utf-8")
    json_part = json_doc.split("## `facetcoach plan --json`", 1)[1]
    for key in ("schema_version", "start", "weeks", "phase_name", "minutes", *ITEM_KEYS):
        assert f'"{key}"' in json_part
    for command in ("facetcoach plan`", "facetcoach plan show`"):
        assert command in commands


def test_dataclass_fields_of_the_contract_keep_their_order():
    from facetcoach.models import PlanItem

    assert [f.name for f in dataclasses.fields(PlanItem)] == ITEM_KEYS
