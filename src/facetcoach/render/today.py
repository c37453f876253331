"""The day's routine as plain, styled text (see render/plain.py for why not Rich)."""

from __future__ import annotations

import datetime as dt

from facetcoach.dose import dose_text
from facetcoach.models import DayRoutine, Exercise, PlanItem
from facetcoach.render.plain import PlainWriter
from facetcoach.safety import FLARE_ADVICE, STOP_NOW_LINE


def day_heading(routine: DayRoutine, total_weeks: int, today: dt.date) -> str:
    relative = {0: "Today, ", 1: "Tomorrow, ", -1: "Yesterday, "}
    when = relative.get((routine.date - today).days, "")
    heading = f"{when}{routine.date:%A} {routine.date.day} {routine.date:%B %Y}"
    if routine.week is not None:
        heading += (
            f" · week {routine.week} of {total_weeks}, phase {routine.phase}: {routine.phase_name}"
        )
    return heading


def write_routine(
    out: PlainWriter,
    routine: DayRoutine,
    exercises: dict[str, Exercise],
    total_weeks: int,
    today: dt.date,
) -> None:
    out.line(day_heading(routine, total_weeks, today), "bold")
    if routine.flare:
        out.line("Flare-up routine: gentle movement only.", "bold", "yellow")
        for advice in FLARE_ADVICE:
            out.line(advice, indent=2)
    for note in routine.notes:
        out.line(note)
    if routine.next_session and routine.status in ("rest", "before"):
        day = routine.next_session
        out.line(f"Next session: {day:%A} {day.day} {day:%B}.", "bold")
    items = routine.items or routine.maintenance
    if items:
        label = "Your session" if routine.items else "Maintenance routine"
        out.line()
        out.line(f"{label}: {len(items)} exercises, about {_minutes(routine, items)}.", "bold")
        for number, item in enumerate(items, start=1):
            write_item(out, number, item, exercises.get(item.exercise_id))
    out.line()
    out.line(STOP_NOW_LINE, "bold", "red")


def write_item(out: PlainWriter, number: int, item: PlanItem, exercise: Exercise | None) -> None:
    name = exercise.name if exercise else item.exercise_id
    dose = dose_text(item.kind, item.sets, item.reps, item.hold_seconds, item.per_side)
    if item.sets > 1 and item.rest_seconds:
        dose += f", rest {item.rest_seconds} s between sets"
    out.line()
    out.line(f"{number}. {out.style(name, 'bold')}  {out.style(dose, 'cyan')}", hang=3)
    if item.why:
        out.line(f"Why: {item.why}", "dim", indent=3, hang=5)
    if exercise is None:
        return
    for step_number, step in enumerate(exercise.steps, start=1):
        out.line(f"{step_number}) {step}", indent=3, hang=3)
    for cue in exercise.cues:
        out.line(f"Feel: {cue}", "green", indent=3, hang=6)
    for caution in exercise.cautions:
        out.line(f"Careful: {caution}", "yellow", indent=3, hang=9)


def _minutes(routine: DayRoutine, items: list[PlanItem]) -> str:
    if routine.items:
        return f"{round(routine.minutes)} minutes"
    from facetcoach.routine import session_minutes

    return f"{round(session_minutes(items))} minutes"
