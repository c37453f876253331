"""No stale words (issue 16, item 8): a back-dated `log` does not say "Tomorrow morning";
`log list --since` a day ahead lists nothing without "only what is done can be recorded";
the report has no row that changes nothing ("2 × 12 → 2 × 12, back to the program's dose")."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from typer.testing import CliRunner

from facetcoach.cli.main import app
from helpers.logtools import a_session, saved_plan, write_log
from test_docs import TODAY, build_history, environment


@pytest.fixture
def plan(monkeypatch):
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-09")  # a Wednesday
    return saved_plan()


def test_todays_session_points_to_tomorrow_morning(cli, plan):
    out = cli("log", "--pain-before", "3", "--pain-after", "3").stdout
    assert "Tomorrow morning, `facetcoach log morning N` records how your back feels" in out


def test_yesterdays_session_points_to_this_morning(cli, plan):
    out = cli("log", "--date", "yesterday", "--extra", "cat-camel").stdout
    assert "Tomorrow" not in out
    assert "How is your back this morning? `facetcoach log morning N` records it" in out


def test_an_older_session_names_its_day_and_the_command_works(cli, plan):
    out = cli("log", "--date", "mon", "--pain-before", "4", "--pain-after", "3").stdout
    assert "Tomorrow" not in out and "this morning" not in out
    said = re.search(r"`(facetcoach log morning N --date 2026-12-07)` records it", out)
    assert said, out
    result = cli(*said[1].replace("N", "2").split()[1:])
    assert result.exit_code == 0, result.output
    assert "Next-morning pain 2 recorded for the session of Mon 7 Dec 2026" in result.stdout


def test_log_list_since_a_day_ahead_lists_nothing_and_says_so(cli, plan):
    write_log([a_session(dt.date(2026, 12, 7))])
    result = cli("log", "list", "--since", "tomorrow")
    assert result.exit_code == 0, result.output
    assert result.stdout == "No entries on or after Thu 10 Dec 2026 (that is after today).\n"
    assert "only what is done" not in result.output
    # Recording a day ahead is still refused, with that reason.
    refused = cli("log", "--date", "tomorrow")
    assert refused.exit_code == 2 and "only what is done can be recorded" in refused.stderr


def test_the_report_has_no_row_that_changes_nothing(tmp_path):
    # The shared history: a step up on 11 Dec (2 × 10 → 2 × 12), a painful 11 Dec, then the
    # flare skip of 14 Dec. The program's own week-2 step reaches 2 × 12: PM2 still makes the
    # next session a step below the 2 × 12 done on Friday (found by a second trial: it gave
    # 2 × 12 again, under "the next session will be a step easier").
    home, _ = build_history(tmp_path)
    result = CliRunner().invoke(app, ["report", "--format", "md"], env=environment(home, TODAY))
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if re.match(r"\| \d+ \w{3} \|", line)]
    assert any("2 × 10 → 2 × 12" in row for row in rows)
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        if "→" in cells[2] and cells[2].count("→") == 1:
            before, after = (part.strip() for part in cells[2].split("→"))
            assert before != after, row
    assert any("2 × 12 → 12 reps" in row and "left pain at 6" in row for row in rows)
