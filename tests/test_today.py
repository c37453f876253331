"""`facetcoach today`: session days, rest days, before and after the program, flare mode."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from facetcoach.program.routine import flare_items, routine_for
from facetcoach.program.store import save_plan
from facetcoach.validation import validate_json
from helpers.plan_factory import SESSION_IDS, plan

MONDAY = dt.date(2026, 12, 7)


@pytest.fixture
def saved_plan():
    built = plan(MONDAY)
    save_plan(built)
    return built


def today_json(cli, day: str) -> dict:
    result = cli("today", "--json", env={"FACETCOACH_TODAY": day})
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_session_day_shows_the_routine(cli, saved_plan):
    result = cli("today", env={"FACETCOACH_TODAY": "2026-12-09"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Today, Wednesday 9 December 2026 · week 1 of 6, phase 1: Settle and move" in out
    assert "5 exercises, about 16 minutes" in out
    assert "1. Pelvic tilt" in out
    assert "Feel:" in out and "Careful:" in out
    assert "Stop exercising now if you get" in out


def test_session_day_json_contract(cli, saved_plan):
    data = today_json(cli, "2026-12-09")
    assert {"date", "rest_day", "week", "phase", "minutes", "items"} <= data.keys()
    assert data["date"] == "2026-12-09" and data["rest_day"] is False
    assert (data["week"], data["phase"]) == (1, 1)
    assert [i["exercise_id"] for i in data["items"]] == SESSION_IDS
    plan_item_keys = {
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
    }
    assert all(plan_item_keys <= item.keys() for item in data["items"])


def test_rest_day_names_the_next_session(cli, saved_plan):
    monday = {"FACETCOACH_TODAY": "2026-12-07"}
    assert cli("log", "--pain-before", "2", "--pain-after", "2", env=monday).exit_code == 0
    result = cli("today", env={"FACETCOACH_TODAY": "2026-12-08"})
    assert result.exit_code == 0, result.output
    assert "A rest day" in result.stdout
    assert "Next session: Wednesday 9 December." in result.stdout
    data = today_json(cli, "2026-12-08")
    assert data["rest_day"] is True and data["items"] == []
    assert data["next_session"] == "2026-12-09"


def test_date_option_accepts_words_and_dates(cli, saved_plan):
    env = {"FACETCOACH_TODAY": "2026-12-08"}
    tomorrow = json.loads(cli("today", "--date", "tomorrow", "--json", env=env).stdout)
    assert tomorrow["date"] == "2026-12-09"
    yesterday = json.loads(cli("today", "--date", "yesterday", "--json", env=env).stdout)
    assert yesterday["date"] == "2026-12-07"
    fixed = json.loads(cli("today", "--date", "2026-12-11", "--json", env=env).stdout)
    assert fixed["week"] == 1 and fixed["rest_day"] is False
    shown = cli("today", "--date", "tomorrow", env=env).stdout
    assert shown.startswith("Tomorrow, Wednesday 9 December 2026")
    shown = cli("today", "--date", "2026-12-11", env=env).stdout
    assert shown.startswith("Friday 11 December 2026 · week 1")


def test_bad_date_is_one_sentence_exit_2(cli, saved_plan):
    result = cli("today", "--date", "some tuesday")
    assert result.exit_code == 2
    assert "--date 'some tuesday' is not a day; use 2026-12-07, today" in result.stderr


def test_before_the_program(cli, saved_plan):
    data = today_json(cli, "2026-12-01")
    assert data["status"] == "before" and data["week"] is None and data["items"] == []
    assert data["next_session"] == "2026-12-07"
    out = cli("today", env={"FACETCOACH_TODAY": "2026-12-01"}).stdout
    assert "Your program starts on Monday 7 December 2026" in out


def test_after_the_program_offers_maintenance_and_a_new_plan(cli, saved_plan):
    data = today_json(cli, "2027-02-01")
    assert data["status"] == "after" and data["items"] == []
    assert [i["exercise_id"] for i in data["maintenance"]] == SESSION_IDS
    assert all(i["sets"] == 1 for i in data["maintenance"])
    out = cli("today", env={"FACETCOACH_TODAY": "2027-02-01"}).stdout
    assert "facetcoach plan" in out and "Maintenance routine" in out


def test_no_plan_points_to_plan_exit_1(cli):
    result = cli("today")
    assert result.exit_code == 1
    assert "There is no plan yet. Build one with `facetcoach plan`" in result.stderr


def test_damaged_plan_is_reported_not_used(cli, saved_plan, home):
    (home / "plan.json").write_text('{"schema_version": 1, "start": ', encoding="utf-8")
    result = cli("today")
    assert result.exit_code == 1
    assert "is damaged" in result.stderr
    assert (home / "plan.json").read_text(encoding="utf-8") == '{"schema_version": 1, "start": '


def test_newer_plan_is_refused(cli, saved_plan, home):
    data = json.loads((home / "plan.json").read_text())
    data["schema_version"] = 9
    (home / "plan.json").write_text(json.dumps(data))
    result = cli("today")
    assert result.exit_code == 1
    assert "newer version of facetcoach" in result.stderr


# --- flare mode (rule FL1) ----------------------------------------------------------------


def test_flare_routine_is_gentle_and_halved():
    built = plan(MONDAY)
    usual = routine_for(built, MONDAY).items
    gentle = flare_items(built, usual)
    by_id = {e.id: e for e in built.exercises}
    assert 1 <= len(gentle) <= 5
    for item in gentle:
        exercise = by_id[item.exercise_id]
        assert item.kind in ("mobility", "stretch")  # no strength, no isometric holds
        assert not exercise.end_range_extension
        assert "extension" not in exercise.loads  # the persona's pain is worse with extension
        assert item.sets == 1
        assert set(exercise.equipment) <= {"mat", "chair", "counter"}
    usual_volume = sum(i.sets * (i.reps or 1) for i in usual)
    assert sum(i.sets * (i.reps or 1) for i in gentle) <= usual_volume / 2 + 5


def test_flare_doses_stay_in_their_kind_ranges():
    from dataclasses import replace

    from facetcoach.library.doses import dose_problems

    built = plan(MONDAY, worse_with=[], better_with=[])
    by_id = {e.id: e for e in built.exercises}
    for item in flare_items(built, routine_for(built, MONDAY).items):
        exercise = replace(by_id[item.exercise_id], sets=item.sets, reps=item.reps)
        assert dose_problems(exercise) == [], item.exercise_id


def test_flare_through_the_cli(cli, saved_plan):
    result = cli("today", "--flare", env={"FACETCOACH_TODAY": "2026-12-09"})
    assert result.exit_code == 0, result.output
    assert "Flare-up routine" in result.stdout
    assert "hurt does not mean harm" in result.stdout
    assert "physical therapist" in result.stdout  # FL3
    data = json.loads(
        cli("today", "--flare", "--json", env={"FACETCOACH_TODAY": "2026-12-09"}).stdout
    )
    assert data["flare"] is True and data["items"]
    assert data["minutes"] < 15.5


def test_routine_json_validates_strictly(saved_plan):
    from facetcoach.model_json import dumps
    from facetcoach.models import DayRoutine

    routine = routine_for(saved_plan, MONDAY)
    assert validate_json(DayRoutine, dumps(routine)) == routine


def test_a_rest_day_after_a_missed_session_offers_it(cli, saved_plan):
    """A session missed in the last 3 days is offered on a rest day (issue 13: late sessions)."""
    data = today_json(cli, "2026-12-08")
    assert data["status"] == "moved" and data["moved_from"] == "2026-12-07"
    assert data["items"] and data["rest_day"] is True
    text = cli("today", env={"FACETCOACH_TODAY": "2026-12-08"}).stdout
    assert "You missed the session of Monday 7 December 2026" in text
    # Four days on, it is no longer offered.
    assert today_json(cli, "2026-12-12")["status"] in ("moved", "rest")
    assert today_json(cli, "2026-12-12")["moved_from"] != "2026-12-07"


def test_p3_today_gives_the_breaks_the_plan_gives(cli, home, tmp_path):
    """Found by a new user's trial: the plan said "every 20-30 minutes" (standing makes the
    pain worse) and `today` "every 30 to 45 minutes"."""
    from helpers.answers_data import example_data, write_answers

    data = example_data()
    data.update(worse_with=["standing"], better_with=[], days=["mon", "wed", "fri"])
    env = {"FACETCOACH_TODAY": "2026-12-07"}
    assert cli("plan", "--answers", str(write_answers(tmp_path, data)), env=env).exit_code == 0
    advice = json.loads(cli("plan", "show", "--json", env=env).stdout)["advice"]
    said = "Standing makes your pain worse: sit down, shift your weight or walk a little every"
    [line] = [a for a in advice if a.startswith(said)]
    assert cli("log", env=env).exit_code == 0  # Monday's session: Tuesday is a rest day
    rest_day = today_json(cli, "2026-12-08")
    assert rest_day["status"] == "rest" and line in rest_day["notes"]
    assert not any("30 to 45" in note for note in rest_day["notes"])
