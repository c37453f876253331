"""The planned steps from one week of a program to the next. Pure.

- PM3: from one week to the next an exercise changes one variable by one notch (its ladder,
  dose_ladder.step_up), never two at once, and never comes down. The next level of a family
  is a change of its own: it comes with no more sets and no more work time than the level
  before it in the week before (rung_start).
- PH2: a week's *volume* is its work time: the sum, over every item of every session, of
  dose_ladder.work_seconds (the holds and repetitions, both sides of one-sided work; no rests
  and no set-up). It grows by at most WEEKLY_GROWTH from one week to the next, inside a phase
  and at a phase change alike; for a start with high pain (pain 7 or more), a phase change
  grows no faster than it does for the same person with low pain (a change that does not
  grow at all is always allowed), except for the hip (C8) and ankle (B5) work a phase must
  hold, which comes at its gentlest start within WEEKLY_GROWTH when nothing else fits.
- The level of an exercise is not part of the volume: LV1 and PM3 govern it (one level at a
  time, and with no more work than the level before); week_load (level x work) stays the
  measure of difficulty.
"""

from __future__ import annotations

from collections.abc import Iterable

from facetcoach.intake.profile import Profile
from facetcoach.models import Exercise, PlanItem, Program, Week
from facetcoach.program.dose_ladder import Dose, step_down, work_seconds

# PH2: the most a week's volume grows over the week before (a quarter more).
WEEKLY_GROWTH = 1.25


def dose_work(e: Exercise, dose: Dose) -> int:
    return work_seconds(e.kind, dose.sets, dose.reps, dose.hold, e.per_side)


def item_work(item: PlanItem) -> int:
    return work_seconds(item.kind, item.sets, item.reps, item.hold_seconds, item.per_side)


def week_volume(week: Week) -> int:
    """PH2's volume of a week: its work seconds, every item of every session."""
    return sum(item_work(item) for session in week.sessions for item in session.items)


def growth_factors(program: Program) -> list[tuple[int, bool, float]]:
    """(week number, a phase change?, volume over the week before's) for weeks 2 on."""
    found = []
    for before, after in zip(program.weeks, program.weeks[1:], strict=False):
        factor = week_volume(after) / max(1, week_volume(before))
        found.append((after.number, after.phase != before.phase, factor))
    return found


def lower_rungs(exercise: Exercise, library: Iterable[Exercise]) -> set[str]:
    """The rungs just below an exercise on its progression paths: its `regression`, and any
    exercise whose `progression` it is (two level-1 exercises may lead to the same one)."""
    found = {exercise.regression} if exercise.regression else set()
    found |= {e.id for e in library if e.progression == exercise.id}
    return found


def rung_start(
    e: Exercise, start: Dose, below: Exercise, below_dose: Dose, profile: Profile
) -> Dose | None:
    """PM3 at a level change: the next rung's first dose, stepped down from `start` until it
    has no more sets and no more work time than the rung below had; None when it cannot."""
    limit = dose_work(below, below_dose)
    dose: Dose | None = start
    while dose is not None:
        if dose.sets <= below_dose.sets and dose_work(e, dose) <= limit:
            return dose
        dose = step_down(e, dose, profile)
    return None
