"""One day of the program: the session, a rest day, the flare routine. Pure functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from facetcoach.days import long_day
from facetcoach.intake.profile import direction_ok_when_sore, profile_of
from facetcoach.models import (
    DayRoutine,
    DayStatus,
    Exercise,
    LogEntry,
    Pause,
    PlanFile,
    PlanItem,
    Program,
    Screen,
    Session,
)
from facetcoach.program.dose import estimate_seconds
from facetcoach.program.path import pause_on
from facetcoach.program.safety import posture_breaks
from facetcoach.program.schedule import (
    next_session,
    program_end,
    session_on,
    sessions,
    week_for,
    weeks_in_block,
)
from facetcoach.program.walking import day_target, walking_words

# How many exercises a flare routine holds: a short, gentle session (rule FL1).
FLARE_ITEMS = 5
# The directions a trigger word provokes, for choosing flare exercises.
TRIGGER_DIRECTIONS = {"extension", "flexion", "rotation"}


def routine_for(
    plan: PlanFile,
    day: dt.date,
    *,
    flare: bool = False,
    today: dt.date | None = None,
    entries: Sequence[LogEntry] = (),
) -> DayRoutine:
    """The routine for `day`: its session (or the flare routine), or what to do instead.

    `plan` is the plan as it stands (program/path.py), `today` the day the person asks on (an
    open pause lasts up to it), `entries` the log (a missed session offered on a rest day)."""
    program = plan.program
    today = today or day
    week = week_for(program, day)
    session = session_on(program, day)
    following = next_session(program, day)
    next_day = following[1].date if following else None
    pause = pause_on(plan.pauses, day, today)
    moved_from = None
    status: DayStatus
    notes: list[str]
    if suspension(plan, day) is not None:  # before a pause: the hold's action comes first
        session, next_day, pause = None, None, None  # RS1: no next session until a check
        status, notes = "suspended", suspension_lines(plan, day)
    elif pause is not None:
        session = None
        status, notes = "paused", [pause_words(pause, today), _breaks(plan)]
        if pause.end is None:
            next_day = None  # it depends on when the person resumes
    else:
        status, notes = _status_and_notes(plan, day, week is not None, session is not None)
        if status == "rest":
            missed = missed_session(program, entries, day)
            if missed is not None:
                session, moved_from = missed, missed.date
                status = "moved"
                notes = [
                    f"You missed the session of {long_day(missed.date)}: it is offered today "
                    "instead. Recording it today counts it for that day."
                ]
    items = list(session.items) if session else []
    minutes = session.minutes if session else 0.0
    if flare and status in ("session", "moved"):
        items = flare_items(plan, items)
        minutes = session_minutes(items)
    maintenance = maintenance_items(plan) if status == "after" else []
    # A1: the week's walking target, halved in a flare-up; none while a red flag stands (RS1).
    walking = day_target(week.walking_minutes, flare=flare) if week else None
    if status == "suspended":
        walking = None
    if walking:
        notes = [*notes, walking_words(plan.answers, walking, flare=flare)]  # A1
    held = week.held if week is not None and status in ("session", "rest", "moved") else None
    return DayRoutine(
        date=day,
        status=status,
        rest_day=session is None or moved_from is not None,
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
        phase_held=held,
        moved_from=moved_from,
        pause=pause,
        program_weeks=weeks_in_block(program, week) if week is not None else None,
    )


# A session missed in the last 3 days may be done on a rest day (docs/coaching.md, "Late
# sessions").
MOVE_WINDOW_DAYS = 3


def missed_session(program: Program, entries: Sequence[LogEntry], day: dt.date) -> Session | None:
    """The most recent planned session of the last 3 days before `day` with nothing recorded
    for it (no session, no skip, not already done late)."""
    recorded = {
        entry.moved_from or entry.date for entry in entries if entry.kind in ("session", "skipped")
    }
    for back in range(1, MOVE_WINDOW_DAYS + 1):
        earlier = session_on(program, day - dt.timedelta(days=back))
        if earlier is not None:
            return None if earlier.date in recorded else earlier
    return None


def pause_words(pause: Pause, today: dt.date) -> str:
    why = {"travel": "travel", "sick": "illness", "flare": "a flare-up", "other": "a break"}
    until = (
        f"It ends on {long_day(pause.end - dt.timedelta(days=1))}; your program carries on the "
        "day after."
        if pause.end is not None
        else "It lasts until you resume with `facetcoach plan resume`."
    )
    return (
        f"Your program is paused for {why[pause.reason]}: no session today, and nothing is "
        f"missed. {until}"
    )


def suspension(plan: PlanFile, day: dt.date) -> Screen | None:
    """RS1: the latest red-flag screen on or before `day`, when it had a yes. By date, the
    later of one day's screens last, as program/path.hold_spans reads them (found by review:
    a check recorded with an earlier --date put the screens out of date order)."""
    latest = latest_screen([s for s in plan.screens if s.date <= day])
    return latest if latest is not None and latest.flagged else None


def latest_screen(screens: Sequence[Screen]) -> Screen | None:
    """The screen in force: the last by date (a stable sort: the later-recorded of one day)."""
    ordered = sorted(screens, key=lambda screen: screen.date)
    return ordered[-1] if ordered else None


def suspension_lines(plan: PlanFile, day: dt.date) -> list[str]:
    """What to do instead of exercising, while a red flag stands (RS1)."""
    # Here, not at the top: only a held program needs the screen's words (intake/screen.py
    # was about 0.5 ms of every `today`).
    from facetcoach.intake.screen import red_flag_stop, red_flags_of

    screen = suspension(plan, day)
    assert screen is not None
    stop = red_flag_stop(red_flags_of(screen.flagged), started=day >= plan.program.start)
    assert stop is not None
    return [
        stop.message,
        *stop.details[:-1],
        "Your program is on hold. When a clinician has checked you, answer the safety "
        "questions again with `facetcoach plan screen`.",
    ]


def screen_answered(plan: PlanFile) -> bool:
    """RS2: whether the red-flag screen has been answered (not assumed "no" by `plan --yes`)."""
    return plan.screen == "answered" or bool(plan.screens)


def _breaks(plan: PlanFile) -> str:
    """P3's breaks as the plan's advice says them (only on the days that show them)."""
    return posture_breaks(profile_of(plan.answers).triggers)


def _status_and_notes(
    plan: PlanFile, day: dt.date, in_program: bool, has_session: bool
) -> tuple[DayStatus, list[str]]:
    program = plan.program
    if day < program.start:
        return "before", [
            f"Your program starts on {long_day(program.start)}. Until then, keep gently active "
            "with a daily walk at an easy pace.",
            _breaks(plan),
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
            _breaks(plan),
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
    end-range extension; nothing that loads a direction the user said makes the pain worse,
    and nothing their pattern says provokes it (E1b: no prone extension stages for the
    extension-sensitive, no forward bending for the flexion-sensitive).
    Exercises of the usual session that qualify come first, then other entry-level ones.
    """
    answers = plan.answers
    profile = profile_of(answers)
    provoking = TRIGGER_DIRECTIONS & set(answers.worse_with)
    easing = TRIGGER_DIRECTIONS & set(answers.better_with)
    have = set(answers.equipment)
    by_id = {exercise.id: exercise for exercise in plan.exercises}

    def gentle(exercise: Exercise) -> bool:
        return (
            exercise.kind in ("mobility", "stretch")
            and not exercise.end_range_extension
            and not provoking & set(exercise.loads)
            and direction_ok_when_sore(exercise, profile)  # E1b
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
    return [flare_item(e) for e in chosen[:FLARE_ITEMS]]


def flare_item(exercise: Exercise) -> PlanItem:
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
