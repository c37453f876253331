"""A day typed on the command line, with the one sentence every option says when it is not
one. The parsing itself is days.py's, shared with the intake's prompts."""

from __future__ import annotations

import datetime as dt

from facetcoach.days import DAY_FORMS, day_from_words
from facetcoach.errors import InputError


def parse_day(option: str, text: str, today: dt.date, toward: str = "any") -> dt.date:
    day = day_from_words(text, today, toward)
    if day is None:
        raise InputError(f"{option} {text!r} is not a day; use {DAY_FORMS}.")
    return day
