"""Dates typed by a user: 2026-12-07, today, yesterday, tomorrow."""

from __future__ import annotations

import datetime as dt

from facetcoach.errors import InputError

RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}


def parse_day(option: str, text: str, today: dt.date) -> dt.date:
    word = text.strip().lower()
    if word in RELATIVE:
        return today + dt.timedelta(days=RELATIVE[word])
    try:
        return dt.date.fromisoformat(word)
    except ValueError:
        raise InputError(
            f"{option} {text!r} is not a date; use the form 2026-12-07, or today, yesterday "
            "or tomorrow."
        ) from None
