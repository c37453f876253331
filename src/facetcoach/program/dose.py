"""A dose in plain words, and how long it takes. Pure functions, no I/O."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from facetcoach.models import Kind

# Seconds to get into position and read the next exercise: part of every estimate.
SETUP_SECONDS = 20
# A repetition without a hold: a slow, controlled movement (rules F5, C5).
SECONDS_PER_REP = 4


def pyramid(reps: int, sets: int) -> list[int]:
    """Isometric holds per set as a descending pyramid (rule C2): 6 over 3 sets -> 6-4-2."""
    return [max(1, reps - 2 * step) for step in range(sets)]


def reps_per_set(kind: Kind, sets: int, reps: int | None) -> list[int]:
    if reps is None:
        return [1] * sets
    return pyramid(reps, sets) if kind == "isometric" else [reps] * sets


def dose_text(
    kind: Kind, sets: int, reps: int | None, hold_seconds: int | None, per_side: bool
) -> str:
    """'3 × 20 s hold, each side', '2 × 10', '6-4-2 × 8 s holds, each side', '2 × 10, 3 s pause'."""
    side = ", each side" if per_side else ""
    if kind == "isometric" and reps is not None and sets > 1:
        counts = "-".join(str(n) for n in pyramid(reps, sets))
        hold = f" × {hold_seconds} s holds" if hold_seconds else ""
        return f"{counts}{hold}{side}"
    if hold_seconds and kind in ("mobility", "strength"):
        # Repetitions with a short pause at the end of each: the reps are the dose.
        counted = f"{sets} × {reps or 1}" if sets > 1 else f"{reps or 1} reps"
        return f"{counted}, {hold_seconds} s pause{side}"
    if hold_seconds:
        count = (reps or 1) * sets
        if count == 1:
            return f"{_duration(hold_seconds)} hold, once{side}"
        return f"{count} × {_duration(hold_seconds)} hold{side}"
    return f"{sets} × {reps or 1}{side}" if sets > 1 else f"{reps or 1} reps{side}"


def dose_words(
    kind: Kind, sets: int, reps: int | None, hold_seconds: int | None, per_side: bool
) -> str | None:
    """What a dose's notation means, in a sentence; None when dose_text is plain enough.
    '5-3 × 7 s holds': 'Hold for 7 s, 5 times; rest, then 3 times.' (rule C2)."""
    side = " Do this on each side." if per_side else ""
    if kind == "isometric" and reps is not None and sets > 1 and hold_seconds:
        times = [("once" if n == 1 else f"{n} times") for n in pyramid(reps, sets)]
        return f"Hold for {hold_seconds} s, {'; rest, then '.join(times)}.{side}"
    if hold_seconds and kind in ("mobility", "strength"):
        counted = f"{sets} sets of {reps or 1}" if sets > 1 else f"{reps or 1}"
        return f"{counted} slow repetitions, pausing {hold_seconds} s at the end of each.{side}"
    return None


def _duration(seconds: int) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        minutes = seconds // 60
        return f"{minutes} min"
    if seconds > 60:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds} s"


def whole_minutes(minutes: float) -> int:
    """A session's estimate in whole minutes, rounded up: the one number `today`, the plan,
    the guided session and the calendar's event length all say (issue 16, item 6)."""
    return max(1, math.ceil(minutes - 1e-9))


def estimate_seconds(
    kind: Kind,
    sets: int,
    reps: int | None,
    hold_seconds: int | None,
    per_side: bool,
    rest_seconds: int,
) -> int:
    """Time for one exercise: the work on each side, the rests between sets, and set-up."""
    counts = reps_per_set(kind, sets, reps)
    per_rep = (hold_seconds + 2) if hold_seconds else SECONDS_PER_REP
    sides = 2 if per_side else 1
    work = sum(counts) * per_rep * sides
    rests = rest_seconds * (sets - 1)
    return work + rests + SETUP_SECONDS
