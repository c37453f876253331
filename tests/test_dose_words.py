"""A dose's notation said in words (found by a new user's trial: "5-3 × 7 s holds" was not
understood): program/dose.dose_words, the "How:" line of `today` and the plan's "How to read a
dose" list. C2 is the descending pyramid the notation writes."""

from __future__ import annotations

import datetime as dt

import pytest

from facetcoach.program.dose import dose_text, dose_words
from facetcoach.program.store import save_plan
from helpers.plan_factory import plan

MONDAY = dt.date(2026, 12, 7)

WORDS = [
    # kind, sets, reps, hold, per side -> words
    ("isometric", 2, 5, 7, False, "Hold for 7 s, 5 times; rest, then 3 times."),
    ("isometric", 3, 6, 8, True, "Hold for 8 s, 6 times; rest, then 4 times; rest, then 2 times. "
     "Do this on each side."),
    ("isometric", 2, 3, 7, False, "Hold for 7 s, 3 times; rest, then once."),
    ("strength", 2, 12, 3, False, "2 sets of 12 slow repetitions, pausing 3 s at the end of each."),
    ("mobility", 1, 5, 5, False, "5 slow repetitions, pausing 5 s at the end of each."),
    # Plain enough already: the numbers say it.
    ("mobility", 2, 10, None, False, None),
    ("balance", 3, 1, 10, False, None),
    ("isometric", 1, 5, 7, False, None),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "sets", "reps", "hold", "side", "expected"), WORDS)
def test_the_words_of_each_notation(kind, sets, reps, hold, side, expected):
    assert dose_words(kind, sets, reps, hold, side) == expected


def test_the_pyramid_said_in_words_is_the_one_the_notation_writes():
    """C2: the counts in the words are those of the notation, set by set."""
    text = dose_text("isometric", 3, 6, 8, False)
    said = dose_words("isometric", 3, 6, 8, False)
    assert text.startswith("6-4-2") and said is not None
    assert [w for w in said.replace(",", " ").split() if w.isdigit()] == ["8", "6", "4", "2"]


@pytest.fixture
def saved_plan():
    built = plan(MONDAY)
    save_plan(built)
    return built


def test_today_says_how_to_do_a_pyramid_under_its_dose(cli, saved_plan):
    out = cli("today", env={"FACETCOACH_TODAY": "2026-12-09"}).stdout
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "× 7 s holds" in line or "× 8 s holds" in line)
    assert lines[at + 1].startswith("   How: Hold for ")


def test_the_plan_says_how_to_read_each_kind_of_dose_once(cli, home):
    assert cli("plan", "--yes", env={"FACETCOACH_TODAY": "2026-12-01"}).exit_code == 0
    out = cli("plan", "show", env={"FACETCOACH_TODAY": "2026-12-01"}).stdout
    legend = out.split("How to read a dose")[1].split("Good to know")[0]
    rows = [line.strip(" •") for line in legend.strip().splitlines()]
    assert "5-3 × 7 s holds: hold for 7 s, 5 times; rest, then 3 times." in rows
    assert "2 × 10: 2 sets of 10 slow repetitions, a rest between sets." in rows
    # One of each form: sets of repetitions, a pyramid, a pyramid on each side, a pause.
    assert len(rows) == 4, rows
