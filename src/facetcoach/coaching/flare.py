"""After a flare-up: the graded return to the planned dose (rule FL1), and a flare that does
not ease (rule FL4). Pure.

- A flare day (a flare session, `log --flare` or `today --guided --flare`, or a skip for a
  flare) is followed by sessions at about half the planned volume, then three quarters, then
  all of it: each step back up needs a session that went well (not hard, no flare sign).
- More than two flare days in a row (three) with pain not easing: the FL3 advice (see a
  physical therapist) comes early, before the two weeks of FL3.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from facetcoach.coaching.verdict import HARD, flare_sign, is_flare, session_verdict
from facetcoach.days import day_words
from facetcoach.models import Answers, Exercise, LogEntry, PlanItem, Prompt

if TYPE_CHECKING:
    from facetcoach.intake.profile import Profile

RETURN_STEPS = (0.5, 0.75)  # FL1: about 50% -> 75% -> 100% of the planned volume
EARLY_REVIEW_FLARE_DAYS = 2  # FL4: beyond 2 days of flare routine with pain not easing


def flare_step(entries: Sequence[LogEntry], answers: Answers, day: dt.date) -> float | None:
    """The share of the planned volume the session of `day` is given after a flare-up (FL1),
    or None for all of it. Entries in order (coaching.verdict.in_order)."""
    gone_well: int | None = None  # sessions gone well since the latest flare day
    for entry in entries:
        if entry.date >= day:
            break
        if is_flare(entry):
            gone_well = 0
        elif gone_well is not None and entry.kind == "session":
            hard = (
                session_verdict(entry, answers).kind == HARD
                or flare_sign(entry, answers) is not None  # PM1b: at the person's limit
            )
            if not hard:
                gone_well += 1
    if gone_well is None or gone_well >= len(RETURN_STEPS):
        return None
    return RETURN_STEPS[gone_well]


def item_work(item: PlanItem) -> int:
    """An item's work in seconds: the measure FL1's scaling steps doses down by."""
    from facetcoach.program.dose_ladder import work_seconds

    return work_seconds(item.kind, item.sets, item.reps, item.hold_seconds, item.per_side)


def scaled_items(
    items: Sequence[PlanItem], share: float, exercises: dict[str, Exercise], profile: Profile
) -> list[PlanItem]:
    """Each item stepped down, one notch at a time inside its dose range, until its work is
    about `share` of what it was (never below the bottom of the range)."""
    # Here, not at the top: only a return after a flare-up steps doses down, and the dose
    # ladder (with the library's dose rules behind it) was 1 ms of a `today` with nothing
    # logged, which needs only flare_step (walking.py).
    from facetcoach.program.dose_ladder import Dose, step_down

    result = []
    for item in items:
        exercise = exercises.get(item.exercise_id)
        target = item_work(item) * share
        if exercise is None:
            result.append(item)
            continue
        dose = Dose(item.sets, item.reps, item.hold_seconds)
        current = item
        while item_work(current) > target * 1.1:
            lower = step_down(exercise, dose, profile)
            if lower is None:
                break
            dose = lower
            current = replace(item, sets=dose.sets, reps=dose.reps, hold_seconds=dose.hold)
        result.append(current)
    return result


def flare_not_easing(entries: Sequence[LogEntry], day: dt.date) -> Prompt | None:
    """FL4: more than 2 days of flare routine in a row, with pain not easing."""
    run: list[LogEntry] = []
    for entry in entries:
        if entry.date > day:
            break
        if entry.kind == "session" and entry.flare:
            run.append(entry)
        elif entry.kind == "session":
            run = []
    days = sorted({entry.date for entry in run})
    if len(days) <= EARLY_REVIEW_FLARE_DAYS:
        return None
    pains = [e.pain_before for e in run if e.pain_before is not None]
    if len(pains) >= 2 and pains[-1] < pains[0]:
        return None  # easing
    return Prompt(
        rule="FL4",
        level="warning",
        text=(
            f"You have done the flare routine on {len(days)} days since {day_words(days[0])} "
            "and the pain is not easing. Please book a review with a physical therapist now, "
            "rather than waiting for it to pass."
        ),
    )
