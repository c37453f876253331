"""A day typed on the command line, with the one sentence every option says when it is not
one. The parsing itself is days.py's, shared with the intake's prompts."""

from __future__ import annotations

import datetime as dt

from facetcoach.clock import EARLIEST_DAY, LATEST_DAY, in_range
from facetcoach.days import DAY_FORMS, day_from_words
from facetcoach.errors import InputError


def parse_day(option: str, text: str, today: dt.date, toward: str = "any") -> dt.date:
    try:
        day = day_from_words(text, today, toward)
    except OverflowError:  # past the calendar's last day
        day = dt.date.max
    if day is None:
        raise InputError(f"{option} {text!r} is not a day; use {DAY_FORMS}.")
    if not in_range(day):
        raise InputError(
            f"{option} {text.strip()} is too far from today; give a day from {EARLIEST_DAY} to "
            f"{LATEST_DAY}."
        )
    return day
