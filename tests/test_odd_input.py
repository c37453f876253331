"""Odd values from outside, each one clear sentence and never "internal problem" (issue 14's
"also" list): values out of range under a valid digest (DS14), numbers of 5,000 digits, the
last day of the calendar, unusual FACETCOACH_HOME values, an answers file of 100,000 unknown
keys, and duplicate keys in an import that carries a valid digest.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from facetcoach import paths
from facetcoach.log.file_format import encode_log
from facetcoach.log.store import entry_bytes
from helpers.logtools import a_session, plain_log, saved_plan, write_log, write_raw

TODAY = "2026-12-09"


@pytest.fixture
def plan(monkeypatch):
    monkeypatch.setenv("FACETCOACH_TODAY", TODAY)
    return saved_plan()


def _digested(pieces: list[bytes]) -> bytes:
    """A log.json as facetcoach writes it (a valid digest) around entries given as bytes."""
    return encode_log(pieces)


# --- Reads check what writes check (DS14) -------------------------------------------------------


@pytest.mark.parametrize("args", [["log", "list"], ["log", "list", "--json"], ["progress"],
                                  ["report", "--format", "json"], ["today", "--json"]],
                         ids=" ".join)  # fmt: skip
def test_a_value_out_of_range_under_a_valid_digest_is_a_damaged_log(plan, cli, args):
    """DS14. Before: a digest recomputed over pain_before 99 was shown as 99."""
    piece = entry_bytes(a_session(pain_before=3)).replace(b'"pain_before":3', b'"pain_before":99')
    write_raw(_digested([piece]))
    result = cli(*args)
    if args[0] == "today":  # the day's routine is still shown, the log's problem said
        assert result.exit_code == 0, result.output
        problem = json.loads(result.stdout)["log_problem"]
        assert "pain_before: must be from 0 to 10" in problem
        return
    assert result.exit_code == 1, result.output
    assert "is damaged" in result.stderr and "pain_before: must be from 0 to 10" in result.stderr
    assert "99" not in result.stdout


# --- Numbers of 5,000 digits ----------------------------------------------------------------


def _huge(text: str) -> str:
    return text.replace('"pain_before": 3', '"pain_before": ' + "1" * 5000)


def test_a_5000_digit_number_in_the_log_is_a_damaged_log(plan, cli):
    write_raw(_huge(plain_log([a_session(pain_before=3)])))
    result = cli("log", "list")
    assert result.exit_code == 1, result.output
    assert "is damaged (a number in it has more than 4300 digits)" in result.stderr


def test_a_5000_digit_number_in_an_import_is_refused(plan, cli, tmp_path):
    exported = tmp_path / "laptop.json"
    exported.write_text(_huge(plain_log([a_session(pain_before=3)])))
    result = cli("log", "import", str(exported))
    assert result.exit_code == 2, result.output
    assert "a number in it has more than 4300 digits" in result.stderr


def test_a_5000_digit_number_in_an_answers_file_is_refused(cli, tmp_path):
    answers = tmp_path / "answers.toml"
    answers.write_text("pain_now = " + "1" * 5000 + "\n")
    result = cli("plan", "--answers", str(answers))
    assert result.exit_code == 2, result.output
    assert "a number in it has more than 4300 digits" in result.stderr


# --- Days at the edge of the calendar -------------------------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_day_at_the_edge_of_the_calendar_is_refused(plan, cli, day):
    """Before: `today --date 9999-12-31` ended in OverflowError."""
    for args in (["today", "--date", day], ["today", "--json", "--date", day]):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert f"--date {day} is too far from today" in result.stderr


def test_today_pinned_at_the_edge_of_the_calendar_is_refused(plan, cli):
    result = cli("today", env={"FACETCOACH_TODAY": "9999-12-31"})
    assert result.exit_code == 2 and "FACETCOACH_TODAY='9999-12-31'" in result.stderr


# --- FACETCOACH_HOME --------------------------------------------------------------------------


def test_a_home_of_a_user_who_does_not_exist_is_one_sentence(cli, monkeypatch):
    """Before: RuntimeError (Could not determine home directory), an internal problem."""
    monkeypatch.setenv("FACETCOACH_HOME", "~nosuchuser/x")
    for args in (["today"], ["paths"], ["log", "--symptom", "numbness"]):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert "FACETCOACH_HOME='~nosuchuser/x'" in result.stderr
        assert "there is no user nosuchuser" in result.stderr


def test_a_relative_home_is_resolved_once_and_paths_says_so(cli, monkeypatch, tmp_path):
    """Before: a relative FACETCOACH_HOME was used as given, so the messages (cp '…bak' …)
    and the data folder depended on the folder a command was run from."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FACETCOACH_HOME", "rel/data")
    assert paths.data_dir() == tmp_path / "rel" / "data"
    result = cli("paths")
    assert result.exit_code == 0, result.output
    assert f"FACETCOACH_HOME=rel/data is relative: it is {tmp_path / 'rel' / 'data'}" in (
        result.stdout
    )
    data = json.loads(cli("paths", "--json").stdout)
    assert data["data_dir"] == str(tmp_path / "rel" / "data")
    assert cli("log", "--symptom", "numbness").exit_code == 0
    assert (tmp_path / "rel" / "data" / "log.json").exists()


# --- An answers file of 100,000 unknown keys ---------------------------------------------------


@pytest.mark.parametrize(("command", "keys"), [("plan", 100_000), ("checkin", 10_000)])
def test_an_answers_file_of_100000_unknown_keys_names_the_first_few_and_the_count(
    cli, tmp_path, command, keys, plan
):
    """Before: every one was listed (35 MB of messages). (The check-in's with 10,000 keys:
    reading 100,000 TOML keys takes a second and a half.)"""
    answers = tmp_path / "answers.toml"
    answers.write_text("".join(f"k{n}=1\n" for n in range(keys)))
    result = cli(command, "--answers", str(answers), *(["--force"] if command == "plan" else []))
    assert result.exit_code == 2, result.output[:500]
    assert len(result.stderr) < 5_000, len(result.stderr)
    assert "k0: " in result.stderr and "k1: " in result.stderr
    assert re.search(rf"… and {keys // 1000 - 1},9\d\d more problems\n$", result.stderr)


def test_an_answers_file_over_1_mb_is_refused(cli, tmp_path):
    answers = tmp_path / "answers.toml"
    with open(answers, "wb") as sparse:
        sparse.truncate(200 * 1024 * 1024)
    result = cli("plan", "--answers", str(answers))
    assert result.exit_code == 2 and "an answers file is at most 1,048,576" in result.stderr


# --- Duplicate keys under a valid digest ------------------------------------------------------


def test_duplicate_keys_in_an_import_with_a_valid_digest_are_refused(plan, cli, tmp_path):
    """Before: the digest was trusted, and the JSON parser kept the last of two "note" keys."""
    piece = entry_bytes(a_session(note="first"))
    piece = piece.replace(b'"note":"first"', b'"note":"first","note":"second"')
    exported = tmp_path / "laptop.json"
    exported.write_bytes(_digested([piece]))
    result = cli("log", "import", str(exported))
    assert result.exit_code == 2, result.output
    assert 'the key "note" appears twice' in result.stderr
    assert not paths.log_file().exists() or cli("log", "list", "--json").stdout == "[]\n"


def test_an_import_of_this_log_still_works(plan, cli):
    write_log([a_session(), a_session()])
    result = cli("log", "import", str(paths.log_file()))
    assert result.exit_code == 0 and "2 already here" in result.stdout
    assert Path(os.devnull).exists()
