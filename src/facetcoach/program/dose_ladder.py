"""Dose ladders: an exercise's dose week by week. Pure.

Each step changes one variable by one notch (PM3), inside the dose ranges of the exercise's
kind (library/doses.py, the table the library is checked against; F1 for 65+).
The start is the library's dose, lowered for a short session or for pain 7 or more.
"""

from __future__ import annotations

from typing import NamedTuple

from facetcoach.intake.profile import Profile
from facetcoach.library.doses import dose_problems
from facetcoach.models import Exercise, Kind, PlanItem, Week
from facetcoach.program.dose import SECONDS_PER_REP, estimate_seconds, reps_per_set

# Total stretch time per side a ladder may reach (F2: about 60 s; a little more as it grows).
STRETCH_TOTAL_CAP = {False: 90, True: 120}
BALANCE_HOLD_CAP = 30
BALANCE_TOTAL_CAP = 90


def _library_total(e: Exercise) -> int:
    return (e.reps or 1) * e.sets * (e.hold_seconds or 0)


# A NamedTuple, not a frozen dataclass (about 0.8 ms to create at import, paid by the daily
# `today`), nor a plain slotted class as Profile, Limit and Change now are (a NamedTuple is
# 0.25 ms): the planner keys its caches on doses and compares them by the thousand, which
# a tuple does in C.
class Dose(NamedTuple):
    sets: int
    reps: int | None
    hold: int | None


class _DoseView:
    """An exercise seen with another dose: the fields dose_problems() reads, without the
    cost of copying the whole Exercise for each of the planner's many trial doses."""

    __slots__ = ("extension_stage", "hold_seconds", "kind", "level", "reps", "sets")

    def __init__(self, exercise: Exercise, dose: Dose) -> None:
        self.kind, self.level = exercise.kind, exercise.level
        self.extension_stage = exercise.extension_stage
        self.sets, self.reps, self.hold_seconds = dose.sets, dose.reps, dose.hold


def dose_ok(exercise: Exercise, dose: Dose, profile: Profile) -> bool:
    """Inside the kind's range (the library's own check, F1 for 65+) and the ladder caps."""
    trial = _DoseView(exercise, dose)
    if dose_problems(trial, older_adult=profile.older):
        return False
    if exercise.kind == "stretch" and exercise.extension_stage is None:
        # F2: about 60 s of stretching per side; let it grow a little, not without end.
        return (dose.reps or 1) * (dose.hold or 0) <= STRETCH_TOTAL_CAP[profile.older]
    if exercise.kind == "balance":
        # B2 sets the floor; the ceiling keeps practice short and fresh: holds up to 30 s,
        # about 90 s in all per side, then harder balance comes from the next level instead.
        hold = dose.hold or 0
        return hold <= max(BALANCE_HOLD_CAP, exercise.hold_seconds or 0) and (
            (dose.reps or 1) * dose.sets * hold <= max(BALANCE_TOTAL_CAP, _library_total(exercise))
        )
    return True


# Start volumes: the library's dose; shorter, for a session short of time; gentle, for
# pain 7 or more. Gentle is never above short, and short never above full.
FULL, SHORT, GENTLE = 0, 1, 2


def start_dose(exercise: Exercise, profile: Profile, volume: int = FULL) -> Dose:
    """The first week's dose: the library's, adjusted for age and novices, then lowered."""
    e = exercise
    dose = Dose(e.sets, e.reps, e.hold_seconds)
    if e.kind == "stretch" and e.extension_stage is None and profile.older:
        # F1/F2 for 65+: 2 holds of 30 s, about 60 s in all.
        dose = Dose(1, 2, min(60, max(30, e.hold_seconds or 30)))
    if e.kind == "strength" and profile.novice:
        dose = dose._replace(sets=1)  # C6: 1 set for novices
    lowered = _lower(e, dose, volume == GENTLE, profile.older) if volume != FULL else dose
    for candidate in (lowered, dose, Dose(e.sets, e.reps, e.hold_seconds)):
        if dose_ok(e, candidate, profile):
            return candidate
    return dose


def _lower(e: Exercise, dose: Dose, gentle: bool, older: bool) -> Dose:
    """One set, fewer reps; `gentle` (pain 7+) goes to the bottom of the kind's range."""
    reps, hold = dose.reps, dose.hold
    if e.extension_stage == 1:
        return Dose(1, 1, 60)  # E4 stage 1: one minute
    if e.extension_stage == 2:
        return Dose(1, 5, 10) if gentle else Dose(1, max(5, (reps or 5) - 2), hold)  # E4
    if e.kind == "stretch":
        reps = 2  # F2: at least 2 holds
        if gentle and hold is not None:
            hold = max(30 if older else 10, hold - 5)  # F1: shorter holds, 30 s at 65+
    elif e.kind == "mobility" and reps is not None:
        floor = 8 if e.extension_stage == 3 else 5  # F5; E4 press-ups 8-10
        reps = floor if gentle else max(floor, reps - 3)
    elif e.kind == "isometric" and reps is not None:
        reps = min(reps, 3 if gentle else 4)  # C2: a shorter pyramid
        if gentle and hold is not None:
            hold = max(5, hold - 2)  # C1
    elif e.kind == "strength":
        reps = 8 if gentle else reps  # C5: the bottom of 8-12
    elif e.kind == "balance" and reps is not None:
        reps = 2 if gentle else min(reps, 3)  # B2: 2 or more
        if gentle and hold is not None:
            hold = max(5 if e.level == 1 else 10, hold - 5)
    return Dose(1, reps, hold)


def _moves(e: Exercise, profile: Profile) -> tuple[tuple[str, int], ...]:
    """What may grow, one at a time (PM3), by kind."""
    if e.extension_stage == 1:
        return (("hold", 15),)  # E4: prone lying 1-2 minutes
    if e.extension_stage == 2:
        return (("reps", 1), ("hold", 5))
    return {
        "stretch": (("hold", 10 if profile.older else 5), ("reps", 1)),
        "mobility": (("reps", 2), ("sets", 1)),
        "isometric": (("hold", 1), ("reps", 1), ("sets", 1)),
        "strength": (("reps", 2), ("sets", 1)),
        "balance": (("hold", 5), ("reps", 1)),
    }[e.kind]


def step_up(exercise: Exercise, dose: Dose, profile: Profile, turn: int = 0) -> Dose | None:
    """One variable one notch up inside the ranges (PM3), or None when nothing can grow.

    `turn` rotates which variable is tried first, so that successive steps take turns."""
    moves = _moves(exercise, profile)
    for offset in range(len(moves)):
        field, by = moves[(turn + offset) % len(moves)]
        value = getattr(dose, field)
        if value is None:
            continue
        candidate = dose._replace(**{field: value + by})
        if dose_ok(exercise, candidate, profile):
            return candidate
    return None


def step_down(exercise: Exercise, dose: Dose, profile: Profile) -> Dose | None:
    """One variable one notch down inside the ranges, or None at the bottom of them.

    Fewer sets first, then shorter holds, then fewer reps: the order a regression takes; only
    what the kind's ladder grows comes down (a mobility drill's short pause stays)."""
    notch = dict(_moves(exercise, profile))
    downs = [("sets", 1)] + [(name, notch[name]) for name in ("hold", "reps") if name in notch]
    for field, by in downs:
        value = getattr(dose, field)
        if value is None or value - by < 1:
            continue
        candidate = dose._replace(**{field: value - by})
        if dose_ok(exercise, candidate, profile):
            return candidate
    return None


def plan_item(e: Exercise, dose: Dose, why: str) -> PlanItem:
    """The program's item for exercise `e` at `dose` (the planner's, and the coaching's)."""
    return PlanItem(
        exercise_id=e.id,
        category=e.category,
        kind=e.kind,
        level=e.level,
        sets=dose.sets,
        reps=dose.reps,
        hold_seconds=dose.hold,
        per_side=e.per_side,
        rest_seconds=e.rest_seconds,
        why=why,
    )


def item_seconds(e: Exercise, dose: Dose) -> int:
    return estimate_seconds(e.kind, dose.sets, dose.reps, dose.hold, e.per_side, e.rest_seconds)


def work_seconds(kind: Kind, sets: int, reps: int | None, hold: int | None, per_side: bool) -> int:
    """Time under work, without rests or set-up: the volume part of the difficulty measure."""
    per_rep = (hold + 2) if hold else SECONDS_PER_REP
    return sum(reps_per_set(kind, sets, reps)) * per_rep * (2 if per_side else 1)


def item_load(item: PlanItem) -> int:
    """Difficulty of one item: its level times its work time."""
    return item.level * work_seconds(
        item.kind, item.sets, item.reps, item.hold_seconds, item.per_side
    )


def week_load(week: Week) -> int:
    """The volume/difficulty measure of a week: the sum of its items' loads (PM3 test)."""
    return sum(item_load(item) for session in week.sessions for item in session.items)
