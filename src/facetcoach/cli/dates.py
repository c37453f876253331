"""Dates typed by a user: 2026-12-07, today, yesterday, tomorrow."""

from __future__ import annotations

import datetime as dt

from facetcoach.clock import EARLIEST_DAY, LATEST_DAY, in_range
from facetcoach.errors import InputError

RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}


def parse_day(option: str, text: str, today: dt.date) -> dt.date:
    word = text.strip().lower()
    try:
        if word in RELATIVE:
            day = today + dt.timedelta(days=RELATIVE[word])
        else:
            day = dt.date.fromisoformat(word)
    except ValueError:
        raise InputError(
            f"{option} {text!r} is not a date; use the form 2026-12-07, or today, yesterday "
            "or tomorrow."
        ) from None
    except OverflowError:
        day = dt.date.max
    if not in_range(day):
        raise InputError(
            f"{option} {text.strip()} is too far from today; give a day from {EARLIEST_DAY} to "
            f"{LATEST_DAY}."
        )
    return day
