"""days.py: a day in words, and the one parser of the days a person types (docs/commands.md,
"Dates"), through itself and through every option and prompt that takes a day."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facetcoach import paths
from facetcoach.days import day_from_words
from helpers.logtools import a_session, log_data, saved_plan, write_log

MONDAY = dt.date(2026, 12, 21)
WEDNESDAY = dt.date(2026, 12, 9)


@pytest.mark.parametrize(
    ("text", "toward", "day"),
    [
        ("2026-12-07", "any", dt.date(2026, 12, 7)),
        (" 2026-12-07 ", "past", dt.date(2026, 12, 7)),
        ("today", "any", WEDNESDAY),
        ("Yesterday", "any", dt.date(2026, 12, 8)),
        ("TOMORROW", "any", dt.date(2026, 12, 10)),
        # A bare weekday: the most recent for an option that records, the next for a start.
        ("mon", "past", dt.date(2026, 12, 7)),
        ("monday", "future", dt.date(2026, 12, 14)),
        ("fri", "any", dt.date(2026, 12, 11)),
        ("fri", "past", dt.date(2026, 12, 4)),
        ("wed", "past", WEDNESDAY),  # today is the most recent Wednesday
        ("wed", "future", WEDNESDAY),
        ("thurs", "future", dt.date(2026, 12, 10)),
        # last/next: never today.
        ("last wed", "any", dt.date(2026, 12, 2)),
        ("next wed", "any", dt.date(2026, 12, 16)),
        ("last monday", "future", dt.date(2026, 12, 7)),
        ("-2", "any", dt.date(2026, 12, 7)),
        ("+3", "any", dt.date(2026, 12, 12)),
        ("2 days ago", "any", dt.date(2026, 12, 7)),
        ("1 day ago", "any", dt.date(2026, 12, 8)),
        ("in 3 days", "any", dt.date(2026, 12, 12)),
        ("2 weeks ago", "any", dt.date(2026, 11, 25)),
        ("in 1 week", "any", dt.date(2026, 12, 16)),
    ],
)
def test_a_typed_day(text, toward, day):
    assert day_from_words(text, WEDNESDAY, toward) == day


@pytest.mark.parametrize(
    "text",
    ["", "soon", "2", "20261207", "2026-W50-3", "2026-13-01", "12/07/2026", "last", "mon tue",
     "in days", "2 days", "3 fortnights ago", "-99999999999", "in 99999999 days", "+-2", "²"],
)  # fmt: skip
def test_not_a_day(text):
    assert day_from_words(text, WEDNESDAY) is None


@given(st.text(max_size=20), st.dates(), st.sampled_from(["past", "future", "any"]))
def test_any_text_is_a_day_or_none_never_an_error(text, today, toward):
    day = day_from_words(text, today, toward)
    assert day is None or isinstance(day, dt.date)


@given(st.dates(min_value=dt.date(2, 1, 1), max_value=dt.date(9998, 1, 1)), st.integers(0, 6))
def test_weekday_names_land_within_a_week_on_that_weekday(today, weekday):
    name = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[weekday]
    back, ahead = day_from_words(name, today, "past"), day_from_words(name, today, "future")
    assert back.weekday() == ahead.weekday() == weekday
    assert 0 <= (today - back).days <= 6 and 0 <= (ahead - today).days <= 6
    assert 1 <= (today - day_from_words(f"last {name}", today)).days <= 7


# --- Through the CLI: every option that takes a day ----------------------------------------


@pytest.fixture
def plan(monkeypatch):
    """The six-week test plan (Mon/Wed/Fri from Mon 7 Dec 2026); today is Wed 9 Dec."""
    monkeypatch.setenv("FACETCOACH_TODAY", WEDNESDAY.isoformat())
    return saved_plan()


def test_log_date_takes_words(cli, plan):
    result = cli("log", "--date", "mon", "--pain-before", "3", "--pain-after", "3")
    assert result.exit_code == 0, result.output
    assert log_data()["entries"][0]["date"] == "2026-12-07"  # the Monday just gone
    result = cli("log", "--date", "1 day ago", "--extra", "cat-camel")
    assert result.exit_code == 0, result.output
    assert log_data()["entries"][1]["date"] == "2026-12-08"


def test_log_date_in_the_future_is_refused_with_the_day_named(cli, plan):
    result = cli("log", "--date", "in 2 days")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --date 2026-12-11 is in the future; only what is done can be recorded.\n"
    )


def test_a_word_that_is_not_a_day_lists_the_forms_once_for_every_option(cli, plan):
    write_log([a_session()])
    for args in (
        ("today", "--date", "soon"),
        ("log", "--date", "soon"),
        ("log", "morning", "3", "--date", "soon"),
        ("log", "list", "--since", "soon"),
        ("checkin", "--date", "soon"),
        ("report", "--since", "soon"),
        ("plan", "export", "--ics", "-", "--from", "soon"),
    ):
        result = cli(*args)
        assert result.exit_code == 2, (args, result.output)
        option = args[-2]
        assert result.stderr == (
            f"Error: {option} 'soon' is not a day; use 2026-12-07, today, yesterday, tomorrow, "
            "mon, last mon, next mon, -2, 2 days ago or in 3 days.\n"
        ), args


def test_today_date_looks_ahead_for_a_weekday_and_back_with_last(cli, plan):
    assert cli("today", "--date", "fri").stdout.startswith("Friday 11 December 2026")
    assert cli("today", "--date", "last fri").stdout.startswith("Friday 4 December 2026")
    assert cli("today", "--date", "-1").stdout.startswith("Yesterday, Tuesday 8 December")
    assert cli("today", "--date", "+1").stdout.startswith("Tomorrow, Thursday 10 December")


def test_log_morning_and_list_and_report_take_words(cli, plan):
    write_log([a_session(dt.date(2026, 12, 7))])
    result = cli("log", "morning", "2", "--date", "mon")
    assert result.exit_code == 0, result.output
    assert "session of Mon 7 Dec 2026" in result.stdout
    listed = json.loads(cli("log", "list", "--since", "last mon", "--json").stdout)
    assert [entry["date"] for entry in listed] == ["2026-12-07"]
    assert json.loads(cli("log", "list", "--since", "yesterday", "--json").stdout) == []
    report = json.loads(cli("report", "--since", "mon", "--json").stdout)
    assert report["since"] == "2026-12-07"


def test_checkin_date_takes_words(cli, plan, write_toml):
    answers = write_toml("c.toml", "nprs = 4\nodi = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n")
    result = cli("checkin", "--answers", str(answers), "--date", "yesterday", "--json")
    assert result.exit_code == 0, result.output
    assert log_data()["entries"][0]["date"] == "2026-12-08"


def test_plan_export_from_today_leaves_out_the_sessions_before(cli, plan, tmp_path):
    result = cli("plan", "export", "--ics", str(tmp_path / "all.ics"), "--json")
    assert json.loads(result.stdout)["events"] == 18
    result = cli("plan", "export", "--ics", str(tmp_path / "rest.ics"), "--from", "today", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["events"], summary["first"]) == (17, "2026-12-09")
    assert summary["from"] == "2026-12-09"
    assert (tmp_path / "rest.ics").read_text().count("BEGIN:VEVENT") == 17
    # A bare weekday looks ahead here: the next Monday.
    result = cli("plan", "export", "--ics", "-", "--from", "mon")
    assert result.stdout.count("BEGIN:VEVENT") == 15
    result = cli("plan", "export", "--ics", str(tmp_path / "none.ics"), "--from", "in 9 weeks")
    assert result.exit_code == 0
    assert result.stdout.startswith("There is no session from Wed 10 Feb 2027 on;")
    assert not paths.log_file().exists()
