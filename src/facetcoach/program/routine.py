"""One day of the program: the session, a rest day, the flare routine. Pure functions."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from facetcoach.days import long_day
from facetcoach.models import DayRoutine, Exercise, PlanFile, PlanItem
from facetcoach.program.dose import estimate_seconds
from facetcoach.program.safety import POSTURE_BREAKS
from facetcoach.program.schedule import next_session, program_end, session_on, sessions, week_for
from facetcoach.program.walking import day_target, walking_words

# How many exercises a flare routine holds: a short, gentle session (rule FL1).
FLARE_ITEMS = 5
# The directions a trigger word provokes, for choosing flare exercises.
TRIGGER_DIRECTIONS = {"extension", "flexion", "rotation"}


def routine_for(plan: PlanFile, day: dt.date, *, flare: bool = False) -> DayRoutine:
    """The routine for `day`: its session (or the flare routine), or what to do instead."""
    program = plan.program
    week = week_for(program, day)
    session = session_on(program, day)
    following = next_session(program, day)
    next_day = following[1].date if following else None
    status, notes = _status_and_notes(plan, day, week is not None, session is not None)
    items = list(session.items) if session else []
    minutes = session.minutes if session else 0.0
    if flare:
        items = flare_items(plan, items)
        minutes = session_minutes(items)
    maintenance = maintenance_items(plan) if status == "after" else []
    walking = day_target(week.walking_minutes, flare=flare) if week else None
    if walking:
        notes = [*notes, walking_words(plan.answers, walking, flare=flare)]  # A1
    return DayRoutine(
        date=day,
        status=status,
        rest_day=session is None,
        week=week.number if week else None,
        phase=week.phase if week else None,
        phase_name=week.phase_name if week else None,
        minutes=minutes,
        items=items,
        flare=flare,
        next_session=next_day,
        maintenance=maintenance,
        notes=notes,
        walking_minutes=walking,
    )


def _status_and_notes(
    plan: PlanFile, day: dt.date, in_program: bool, has_session: bool
) -> tuple[str, list[str]]:
    program = plan.program
    if day < program.start:
        return "before", [
            f"Your program starts on {long_day(program.start)}. Until then, keep gently active "
            "with a daily walk at an easy pace.",
            POSTURE_BREAKS,
        ]
    if not in_program:
        return "after", [
            f"Your program ended on {long_day(program_end(program))}. Keep the maintenance "
            "routine below two or three times a week, and build your next block with "
            "`facetcoach plan`.",
        ]
    if not has_session:
        return "rest", [
            "A rest day. A walk at an easy pace is good for your back today.",
            POSTURE_BREAKS,
        ]
    return "session", []


def session_minutes(items: list[PlanItem]) -> float:
    seconds = sum(
        estimate_seconds(i.kind, i.sets, i.reps, i.hold_seconds, i.per_side, i.rest_seconds)
        for i in items
    )
    return round(seconds / 60, 1)


def flare_items(plan: PlanFile, usual: list[PlanItem]) -> list[PlanItem]:
    """A gentle routine for a bad day (rule FL1).

    Mobility and positions of ease only, about half the volume, no strength work and no
    end-range extension; nothing that loads a direction the user said makes the pain worse.
    Exercises of the usual session that qualify come first, then other entry-level ones.
    """
    answers = plan.answers
    provoking = TRIGGER_DIRECTIONS & set(answers.worse_with)
    easing = TRIGGER_DIRECTIONS & set(answers.better_with)
    have = set(answers.equipment)
    by_id = {exercise.id: exercise for exercise in plan.exercises}

    def gentle(exercise: Exercise) -> bool:
        return (
            exercise.kind in ("mobility", "stretch")
            and not exercise.end_range_extension
            and not provoking & set(exercise.loads)
            and set(exercise.equipment) <= have
            and exercise.position in ("lying", "seated")
        )

    chosen: list[Exercise] = []
    for item in usual:
        exercise = by_id.get(item.exercise_id)
        if exercise and gentle(exercise) and exercise.level == 1:
            chosen.append(exercise)
    # Then entry-level options, those moving in the user's easing direction first.
    others = sorted(
        (e for e in plan.exercises if e.level == 1 and gentle(e) and e not in chosen),
        key=lambda e: (not easing & set(e.loads), e.category, e.id),
    )
    for exercise in others:
        if len(chosen) >= FLARE_ITEMS:
            break
        if sum(1 for c in chosen if c.category == exercise.category) < 2:
            chosen.append(exercise)
    return [_halved(e) for e in chosen[:FLARE_ITEMS]]


def _halved(exercise: Exercise) -> PlanItem:
    """About half the usual volume, kept inside the kind's dose range (rules FL1, F2, F5)."""
    sets = 1
    reps = exercise.reps
    if exercise.kind == "mobility" and reps is not None:
        reps = max(5, (reps * exercise.sets) // 2)  # F5: at least 5 controlled reps
        reps = min(reps, 8)
    elif exercise.kind == "stretch" and exercise.extension_stage is None:
        reps = 2  # F2: the fewest holds that still count
    return PlanItem(
        exercise_id=exercise.id,
        category=exercise.category,
        kind=exercise.kind,
        level=exercise.level,
        sets=sets,
        reps=reps,
        hold_seconds=exercise.hold_seconds,
        per_side=exercise.per_side,
        rest_seconds=min(exercise.rest_seconds, 30),
        why="gentle movement for a flare: about half your usual work, in a position of ease",
    )


def maintenance_items(plan: PlanFile) -> list[PlanItem]:
    """After the program: its last session, one set of each, to keep two or three times a week."""
    every = sessions(plan.program)
    if not every:
        return []
    last = every[-1][1]
    return [replace(item, sets=1, why="maintenance: keep what you built") for item in last.items]
