"""`facetcoach exercises` through the CLI: tables, filters, JSON, show, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from test_library import exercise_toml, user_library

JSON_FIELDS = {
    "id",
    "name",
    "category",
    "level",
    "kind",
    "sets",
    "reps",
    "hold_seconds",
    "rest_seconds",
    "per_side",
    "equipment",
    "position",
    "loads",
    "end_range_extension",
    "progression",
    "regression",
}


def test_lists_the_library_by_category(cli):
    result = cli("exercises")
    assert result.exit_code == 0, result.output
    for title in ("Core stabilisation", "Range of motion", "Posture drills", "Balance"):
        assert title in result.stdout
    assert "exercises show ID" in result.stdout


def test_json_shape_is_the_documented_contract(cli):
    result = cli("exercises", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data) >= 40
    for item in data:
        assert item.keys() >= JSON_FIELDS
    assert len({item["id"] for item in data}) == len(data)


def test_filters_combine(cli):
    result = cli("exercises", "--category", "balance", "--level", "1", "--json")
    data = json.loads(result.stdout)
    assert data and all(i["category"] == "balance" and i["level"] == 1 for i in data)

    result = cli("exercises", "--equipment", "mat,chair", "--position", "seated", "--json")
    data = json.loads(result.stdout)
    assert data and all(set(i["equipment"]) <= {"mat", "chair"} for i in data)
    assert all(i["position"] == "seated" for i in data)

    result = cli("exercises", "--equipment", "none", "--json")
    assert all(i["equipment"] == [] for i in json.loads(result.stdout))


def test_bad_filter_value_is_one_sentence_and_exit_2(cli):
    result = cli("exercises", "--category", "cardio")
    assert result.exit_code == 2
    assert (
        "--category 'cardio' is not one of: core, rom, posture, balance, extension."
        in result.stderr
    )
    assert "Traceback" not in result.output

    result = cli("exercises", "--equipment", "mat,kettlebell")
    assert result.exit_code == 2
    assert "'kettlebell' is not one of" in result.stderr


def test_level_out_of_range_is_a_usage_error(cli):
    result = cli("exercises", "--level", "4")
    assert result.exit_code == 2


def test_no_match_says_so(cli, write_toml):
    result = cli("exercises", "--category", "balance", "--equipment", "none", "--level", "3")
    assert result.exit_code == 0
    assert "No exercise matches" in result.stdout or "exercises." in result.stdout


def test_show_one_exercise(cli):
    ident = json.loads(cli("exercises", "--json").stdout)[0]["id"]
    result = cli("exercises", "show", ident)
    assert result.exit_code == 0, result.output
    for heading in ("Steps", "How it should feel", "When to stop", "dose"):
        assert heading in result.stdout


def test_show_json_includes_the_family_path(cli):
    result = cli("exercises", "show", "prone-on-elbows", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["id"] == "prone-on-elbows"
    assert data["path"].index("prone-on-elbows") == 1
    assert data.keys() >= JSON_FIELDS


def test_unknown_id_suggests_the_closest(cli):
    result = cli("exercises", "show", "bird-dgo")
    assert result.exit_code == 2
    assert "There is no exercise with the id 'bird-dgo'. Did you mean: bird-dog" in result.stderr


def test_broken_user_library_lists_problems_and_exits_1(cli, tmp_path: Path):
    path = user_library(tmp_path, exercise_toml("bad-one", sets='"2"', reps="99"))
    result = cli("--library", str(path), "exercises")
    assert result.exit_code == 1
    assert "The exercise library has 2 problems" in result.stderr
    assert f"{path}: exercise 'bad-one', field 'sets'" in result.stderr
    assert f"{path}: exercise 'bad-one', field 'reps': must be from 1 to 20" in result.stderr
    assert "Traceback" not in result.output


def test_user_library_from_env_var(cli, tmp_path: Path):
    path = user_library(tmp_path, exercise_toml("my-own-stretch"))
    result = cli("exercises", "show", "my-own-stretch", env={"FACETCOACH_LIBRARY": str(path)})
    assert result.exit_code == 0, result.output
    assert "My stretch" in result.stdout


def test_version_and_help_have_examples(cli):
    assert cli("--version").stdout.startswith("facetcoach ")
    for args in (
        ["--help"],
        ["exercises", "--help"],
        ["exercises", "show", "--help"],
        ["paths", "--help"],
    ):
        result = cli(*args)
        assert result.exit_code == 0, result.output
        assert "facetcoach" in result.stdout
    assert "Example" in cli("exercises", "--help").stdout
