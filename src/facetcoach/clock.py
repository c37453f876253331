"""Today's date and the current time, read at the edge and passed into the core.

FACETCOACH_TODAY (YYYY-MM-DD) and FACETCOACH_NOW (ISO date-time with its UTC offset)
pin them for tests, demos and scripts; the core never reads a clock of its own.
"""

from __future__ import annotations

import datetime as dt
import os

from facetcoach.errors import InputError


def today() -> dt.date:
    pinned = os.environ.get("FACETCOACH_TODAY")
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            raise InputError(
                f"FACETCOACH_TODAY={pinned!r} is not a date; use the form 2026-12-07."
            ) from None
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
