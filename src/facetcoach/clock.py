"""Today's date and the current time, read at the edge and passed into the core.

FACETCOACH_TODAY (YYYY-MM-DD) and FACETCOACH_NOW (ISO date-time with its UTC offset)
pin them for tests, demos and scripts; the core never reads a clock of its own.
"""

from __future__ import annotations

import datetime as dt
import os

from facetcoach.errors import InputError

# The days facetcoach works with: a program (and the weeks around it) stays in the calendar,
# which ends at 9999-12-31 (`today --date 9999-12-31` overflowed computing the next day).
EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(9000, 12, 31)


def in_range(day: dt.date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY


def today() -> dt.date:
    pinned = os.environ.get("FACETCOACH_TODAY")
    if pinned:
        try:
            day = dt.date.fromisoformat(pinned)
        except ValueError:
            raise InputError(
                f"FACETCOACH_TODAY={pinned!r} is not a date; use the form 2026-12-07."
            ) from None
        if not in_range(day):
            raise InputError(
                f"FACETCOACH_TODAY={pinned!r} is too far from today; pin a day from "
                f"{EARLIEST_DAY} to {LATEST_DAY}."
            )
        return day
    return dt.date.today()


def now() -> dt.datetime:
    """The current local time with its UTC offset."""
    pinned = os.environ.get("FACETCOACH_NOW")
    if pinned:
        try:
            moment = dt.datetime.fromisoformat(pinned)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise InputError(
                f"FACETCOACH_NOW={pinned!r} is not a date and time with its UTC offset; "
                "use the form 2026-12-07T18:00:00+01:00."
            )
        return moment
    if os.environ.get("FACETCOACH_TODAY"):
        # A pinned day with no pinned time: noon on that day, local offset.
        return dt.datetime.combine(today(), dt.time(12, 0)).astimezone()
    return dt.datetime.now().astimezone()
