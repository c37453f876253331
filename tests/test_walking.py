"""Rule A1: a daily walking target, from what the person can walk now, about 10% more a week,
halved in a flare-up; shorter walks with sit-downs for the extension-sensitive; for the
flexion-sensitive, walking is a position of ease. Shown by `today`, recorded by
`log --walked`, counted by `progress`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from itertools import pairwise

from facetcoach.intake.answers import default_answers
from facetcoach.library.loading import load_library
from facetcoach.program.planner import build_program
from facetcoach.program.walking import day_target, walking_target, walking_words
from helpers.answers_data import example_data, write_answers

START = dt.date(2026, 12, 7)  # a Monday


def answers(**changes):
    return dataclasses.replace(default_answers(START), **changes)


def test_a1_the_target_starts_at_what_they_walk_now_and_grows_about_10_percent_a_week():
    a = answers(walking_minutes=10)
    targets = [walking_target(a, week) for week in range(1, 9)]
    assert targets[0] == 10
    assert targets == sorted(targets) and targets[-1] > targets[0]
    for before, after in pairwise(targets):
        assert after - before <= max(1, round(before * 0.15))  # about 10%, never a jump
    assert targets[-1] == round(10 * 1.1**7)
    # A small start still grows; a long one is kept, not cut to the ceiling.
    assert walking_target(answers(walking_minutes=3), 8) > 3
    assert walking_target(answers(walking_minutes=90), 8) == 90
    assert walking_target(answers(walking_minutes=50), 16) == 60


def test_a1_no_target_for_someone_not_walking_now_or_not_asked():
    assert walking_target(answers(walking_minutes=0), 3) is None
    assert walking_target(answers(walking_minutes=None), 3) is None


def test_a1_a_flare_up_halves_the_target():
    a = answers(walking_minutes=20)
    assert walking_target(a, 1, flare=True) == 10
    assert day_target(1, flare=True) == 1
    assert day_target(None, flare=True) is None


def test_a1_the_planner_fills_each_week_and_the_same_answers_give_the_same_targets():
    a = answers(walking_minutes=12)
    program = build_program(a, load_library(), START)
    assert [w.walking_minutes for w in program.weeks] == [
        walking_target(a, w.number) for w in program.weeks
    ]
    assert program.weeks[0].walking_minutes == 12
    none = build_program(answers(walking_minutes=0), load_library(), START)
    assert all(w.walking_minutes is None for w in none.weeks)


def test_a1_extension_sensitive_walk_in_short_spells_flexion_sensitive_walk_for_ease():
    extension = walking_words(answers(worse_with=["standing", "extension"]), 12)
    assert "sit-down" in extension and "up to 6 minutes" in extension
    flexion = walking_words(answers(worse_with=["sitting", "flexion"]), 12)
    assert "position of ease" in flexion
    plain = walking_words(answers(), 12)
    assert "sit-down" not in plain and "position of ease" not in plain
    assert "(half your usual" in walking_words(answers(), 6, flare=True)


# --- Through the CLI ---------------------------------------------------------------------------


def _plan(cli, tmp_path, **changes):
    data = {**example_data(), "start": START, **changes}
    path = write_answers(tmp_path, data)
    result = cli("plan", "--answers", str(path), env={"FACETCOACH_TODAY": "2026-12-07"})
    assert result.exit_code == 0, result.output


def _json(cli, *args, day="2026-12-08"):
    result = cli(*args, "--json", env={"FACETCOACH_TODAY": day})
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a1_today_shows_the_day_target_on_session_and_rest_days_and_halves_it_in_a_flare(
    cli, tmp_path
):
    _plan(cli, tmp_path, walking_minutes=16, worse_with=[], better_with=[])
    assert _json(cli, "today", day="2026-12-07")["walking_minutes"] == 16
    assert _json(cli, "today", day="2026-12-08")["walking_minutes"] == 16  # a rest day
    assert _json(cli, "today", "--flare", day="2026-12-07")["walking_minutes"] == 8
    assert _json(cli, "today", day="2026-12-14")["walking_minutes"] == 18  # week 2
    text = cli("today", env={"FACETCOACH_TODAY": "2026-12-08"}).stdout
    assert "Walk 16 minutes in all" in text
    plan = _json(cli, "plan", "show")
    assert [w["walking_minutes"] for w in plan["weeks"]][:2] == [16, 18]


def test_a1_log_walked_alone_records_a_walk_on_a_rest_day_and_with_a_session_adds_to_it(
    cli, tmp_path
):
    _plan(cli, tmp_path, walking_minutes=10)
    walk = _json(cli, "log", "--walked", "20", "--note", "to the shop", day="2026-12-08")
    assert (walk["kind"], walk["walked_minutes"], walk["note"]) == ("walk", 20, "to the shop")
    assert walk["done"] == [] and walk["planned"] == []
    session = _json(cli, "log", "--pain-before", "3", "--walked", "15", day="2026-12-09")
    assert session["kind"] == "session" and session["walked_minutes"] == 15 and session["done"]
    # On a session day, a walk alone is only a walk, and `log` says the session is not recorded.
    said = cli("log", "--walked", "5", env={"FACETCOACH_TODAY": "2026-12-11"}).stdout
    assert "Logged a walk of 5 minutes" in said and "not recorded" in said
    listed = cli("log", "list", env={"FACETCOACH_TODAY": "2026-12-11"}).stdout
    assert "walk: 20 min" in listed
    progress = _json(cli, "progress", day="2026-12-13")
    week = progress["weeks"][0]
    assert (week["walked_minutes"], week["walking_days"], week["walking_target"]) == (40, 3, 10)
    assert week["sessions_done"] == 1  # a walk is not a session
    text = cli("progress", env={"FACETCOACH_TODAY": "2026-12-13"}).stdout
    assert "Walking this week: 40 minutes on 3 days; your target is 10 minutes a day." in text
    assert "target a day" in text and "40 min" in text  # the Walking table, week by week


def test_a1_bad_walked_minutes_are_one_sentence_and_exit_2(cli, tmp_path):
    _plan(cli, tmp_path)
    result = cli("log", "--walked", "0", env={"FACETCOACH_TODAY": "2026-12-08"})
    assert result.exit_code == 2 and "whole number from 1 to 600" in result.stderr
    result = cli("log", "--symptom", "numbness", "--walked", "5")
    assert result.exit_code == 2 and "--walked does not fit" in result.stderr


def test_a1_walking_minutes_in_the_answers_file_is_checked(cli, tmp_path):
    path = write_answers(tmp_path, {**example_data(), "walking_minutes": 200})
    result = cli("plan", "--answers", str(path))
    assert result.exit_code == 2
    assert "walking_minutes" in result.stderr and "0 to 180" in result.stderr


def test_a1_an_old_plan_without_walking_targets_still_loads(cli, tmp_path, home):
    _plan(cli, tmp_path)
    path = home / "plan.json"
    data = json.loads(path.read_text())
    for week in data["program"]["weeks"]:
        del week["walking_minutes"]
    del data["answers"]["walking_minutes"]
    path.write_text(json.dumps(data))
    assert _json(cli, "today", day="2026-12-07")["walking_minutes"] is None


def test_a1_the_plan_s_advice_says_where_walking_starts_and_where_it_gets_to():
    program = build_program(answers(walking_minutes=10), load_library(), START)
    line = next(line for line in program.advice if line.startswith("Walk every day"))
    assert "10 minutes a day to start" in line and "to 19 in week 8" in line
    sensitive = build_program(answers(worse_with=["standing"]), load_library(), START)
    assert any("sit-down" in line for line in sensitive.advice)
    none = build_program(answers(walking_minutes=0), load_library(), START)
    assert not any(line.startswith("Walk every day") for line in none.advice)


def test_a1_walked_goes_on_a_flare_session_and_a_walk_never_takes_a_late_session(cli, tmp_path):
    _plan(cli, tmp_path, walking_minutes=10)
    flare = _json(cli, "log", "--flare", "--walked", "5", day="2026-12-07")
    assert flare["kind"] == "session" and flare["flare"] and flare["walked_minutes"] == 5
    # Wed 9 Dec missed; on Thu 10 Dec (a rest day) it is offered late: a walk leaves it offered.
    walk = _json(cli, "log", "--walked", "15", day="2026-12-10")
    assert walk["kind"] == "walk" and walk["moved_from"] is None
    assert _json(cli, "today", day="2026-12-10")["status"] == "moved"


def test_a_walk_retried_with_the_same_id_is_recorded_once(cli, monkeypatch):
    """DS9 for walks too: a script that retries with --id adds nothing twice."""
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-08")
    walk = "4b8f6a10-6b2e-4f6b-9d0e-2f7c1a9e5b01"
    first = cli("log", "--walked", "20", "--id", walk)
    assert first.exit_code == 0, first.output
    again = cli("log", "--walked", "20", "--id", walk)
    assert again.exit_code == 0 and "Already recorded" in again.output
    listed = json.loads(cli("log", "list", "--json").stdout)
    assert [e["id"] for e in listed if e["kind"] == "walk"] == [walk]


def test_progress_says_today_s_walking_target_as_today_does(cli, home):
    """Found by a new user's trial: `today` said "Walk 14 minutes" (a step easier after a hard
    session, A1 with PM1) and `progress` "your target is 16 minutes a day"."""
    env = {"FACETCOACH_TODAY": "2026-12-07"}
    assert cli("plan", "--yes", env=env).exit_code == 0  # a walking target of 10 minutes
    assert cli("log", "--pain-before", "3", "--pain-after", "7", env=env).exit_code == 0
    later = {"FACETCOACH_TODAY": "2026-12-08"}
    today = json.loads(cli("today", "--json", env=later).stdout)
    progress = json.loads(cli("progress", "--json", env=later).stdout)
    assert progress["walking_today"]["minutes"] == today["walking_minutes"]
    assert progress["walking_today"]["why"] == today["walking_reason"]
    text = " ".join(cli("progress", env=later).stdout.split())
    assert f"and {today['walking_minutes']} today: a step easier after the session" in text
