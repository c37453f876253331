"""A 0-10 rating as people write it (found by a new user's trial: "7/10" was refused by `log`
and by the check-in). "7/10" and "7 out of 10" are 7; words and other scales still refused."""

from __future__ import annotations

import pytest

from facetcoach.checkin.form import parse_nprs, parse_rating
from facetcoach.errors import InputError
from facetcoach.log.store import load_entries
from facetcoach.ratings import out_of_ten
from helpers.logtools import saved_plan


@pytest.mark.parametrize(
    ("typed", "read"),
    [("7/10", "7"), ("7 / 10", "7"), (" 7 out of 10 ", "7"), ("0 of 10", "0"), ("7", "7"),
     ("/10", "/10"), ("seven", "seven"), ("7/5", "7/5")],
)  # fmt: skip
def test_out_of_ten(typed, read):
    assert out_of_ten(typed).strip() == read.strip()


def test_the_check_in_takes_them_and_still_refuses_the_rest():
    assert parse_nprs("7/10") == 7 and parse_rating("4 out of 10") == 4
    for bad in ("seven", "11/10", "7/5"):
        with pytest.raises(InputError):
            parse_nprs(bad)


def test_log_takes_them(cli, home, monkeypatch):
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-09")
    saved_plan()
    result = cli("log", "--pain-before", "7/10", "--pain-after", "6 out of 10")
    assert result.exit_code == 0, result.output
    [entry] = load_entries()
    assert (entry.pain_before, entry.pain_after) == (7, 6)
    refused = cli("log", "--date", "2026-12-07", "--pain-before", "11/10")
    assert refused.exit_code == 2 and "from 0 to 10 (got '11/10')" in refused.stderr
