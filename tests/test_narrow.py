"""Narrow terminals and pipes (issue 16, item 2): ids and numbers are never cut; a table that
does not fit is stacked, a row a few "label  value" lines; output to a pipe (no COLUMNS, not
a terminal) is laid out at 100 columns and never cut either.

Run on the shared history of tests/test_docs.py (two weeks of log, two check-ins).
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from facetcoach.cli.main import app
from test_docs import TODAY, build_history, environment

# (the command, what its output must hold whole at every width)
VIEWS = [("progress",), ("log", "list"), ("exercises",), ("plan", "show")]
WIDTHS = [40, 80]


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    return build_history(tmp_path_factory.mktemp("narrow"))[0]


def run(home, *args, columns: str | None):
    env = environment(home, TODAY)
    env["COLUMNS"] = columns  # None: unset, as in a pipe from a shell
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def check_layout(text: str, width: int) -> None:
    assert "…" not in text, "something was cut"
    for line in text.splitlines():
        assert len(line.rstrip()) <= width, f"{len(line.rstrip())} > {width}: {line!r}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", VIEWS, ids=" ".join)
def test_nothing_is_cut_and_nothing_is_wider_than_the_terminal(history, args, width):
    check_layout(run(history, *args, columns=str(width)), width)


@pytest.mark.parametrize("args", VIEWS, ids=" ".join)
def test_a_pipe_is_laid_out_at_100_columns_and_nothing_is_cut(history, args):
    check_layout(run(history, *args, columns=None), 100)


@pytest.mark.parametrize("width", [*WIDTHS, None])
def test_log_list_shows_every_id_whole(history, width):
    text = run(history, "log", "list", columns=str(width) if width else None)
    entries = json.loads(run(history, "log", "list", "--json", columns=None))
    for entry in entries:
        assert entry["id"][:8] in text


def test_log_list_at_40_columns_stacks_each_entry_under_its_day_and_id(history):
    text = run(history, "log", "list", columns="40")
    entries = json.loads(run(history, "log", "list", "--json", columns=None))
    flare = next(e for e in entries if e["kind"] == "skipped")
    lines = [line.rstrip() for line in text.splitlines()]
    at = lines.index(f"Mon 14 Dec 2026 · id {flare['id'][:8]}")
    assert lines[at + 1 : at + 3] == ["  what     skipped (flare)", "  note     bad night"]


@pytest.mark.parametrize("width", [*WIDTHS, None])
def test_exercises_shows_every_id_whole(history, width):
    text = run(history, "exercises", columns=str(width) if width else None)
    for exercise in json.loads(run(history, "exercises", "--json", columns=None)):
        assert exercise["id"] in text.split(), exercise["id"]


def test_progress_at_40_columns_keeps_every_figure(history):
    text = run(history, "progress", columns="40")
    lines = [line.rstrip() for line in text.splitlines()]
    at = lines.index("Week 1 · 7–13 Dec")
    assert lines[at + 1 : at + 5] == [
        "  sessions   3/3",
        "  exercises  16/17 94% +1",
        "  pain       3.2 → 3.5",
        "  morning    3.0",
    ]
    # The check-ins keep their pain column and its change, beside each other.
    at = lines.index("21 Dec 2026")
    assert lines[at + 1] == "  pain        3, change −2 ✓ better"
    assert "  before sessions  ███        3.2" in lines


def test_progress_at_80_columns_is_still_a_table(history):
    text = run(history, "progress", columns="80")
    assert "┃ week ┃ dates     ┃ sessions ┃    exercises ┃" in text


@pytest.mark.parametrize("width", [60, 80, 90, 100, 120])
def test_plan_show_never_breaks_a_dose_inside(history, width):
    """Found by a new user's trial: "2 × 10 → 2 ×" on one line and "12" on the next."""
    text = run(history, "plan", "show", columns=str(width))
    cells = [cell.strip() for line in text.splitlines() for cell in line.split("│")]
    assert not [cell for cell in cells if cell.endswith("×") or cell.startswith("× ")]


def test_help_fits_a_40_column_terminal_but_for_its_example_commands(tmp_path):
    """Found by a new user's trial: Click lays help out at 50 columns at the least, so 69
    lines of `log --help` ran past 40. An example command is left whole, to be copied."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "COLUMNS": "40", "FACETCOACH_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "facetcoach", "log", "--help"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    long = [line for line in done.stdout.splitlines() if len(line) > 40]
    assert long and all(line.startswith("    facetcoach ") for line in long), long


@pytest.mark.parametrize("width", [34, 36, 38])
def test_plan_show_stacked_never_breaks_a_dose_inside(history, width):
    """Column.breaks_at is honoured in the table, not in the stacked rows: below 40 columns
    'x → 4-2 ×' ends a line and '9 s holds, each side' starts the next."""
    text = run(history, "plan", "show", columns=str(width))
    broken = [line for line in text.splitlines() if line.rstrip().endswith("×")]
    assert not broken, broken
