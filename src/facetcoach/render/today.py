"""The day's routine as plain, styled text (see render/plain.py for why not Rich)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from facetcoach.days import day_words, long_day, long_day_month
from facetcoach.models import Adjustment, DayRoutine, Exercise, LogEntry, PlanItem, Prompt
from facetcoach.program.dose import dose_text, dose_words
from facetcoach.program.safety import FLARE_ADVICE, STOP_NOW_LINE
from facetcoach.render.plain_text import PlainWriter
from facetcoach.safe_text import one_line, shown_exercise

if TYPE_CHECKING:
    from facetcoach.coaching.advice import Coaching
    from facetcoach.education.lessons import Lesson


RS2_REMINDER = (
    "Reminder: the safety questions were not answered (the plan was made with --yes). "
    "Answer them with `facetcoach plan screen`."
)


def share_words(share: float) -> str:
    return {0.5: "about half", 0.75: "about three quarters"}.get(share, f"{round(share * 100)}%")


def recorded_line(entry: LogEntry) -> str:
    """What is already recorded for the day: 'Recorded: 6 of 6 exercises, pain 4 → 3.'"""
    if entry.kind == "skipped":
        return f"Recorded: the session was skipped ({entry.reason})."
    return f"Recorded: {session_words(entry)}."


def session_words(entry: LogEntry) -> str:
    """A recorded session in a few words: '6 of 6 exercises, pain 4 → 3'."""
    planned = len(entry.planned) or len(entry.done)
    done = sum(1 for item in entry.done if item.exercise_id not in entry.extra)
    pain = ""
    if entry.pain_before is not None and entry.pain_after is not None:
        pain = f", pain {entry.pain_before} → {entry.pain_after}"
    late = f" (moved from {day_words(entry.moved_from)})" if entry.moved_from else ""
    return f"{done} of {planned} exercises{pain}{late}"


def day_heading(routine: DayRoutine, total_weeks: int, today: dt.date) -> str:
    relative = {0: "Today, ", 1: "Tomorrow, ", -1: "Yesterday, "}
    when = relative.get((routine.date - today).days, "")
    heading = f"{when}{long_day(routine.date)}"
    if routine.week is not None:
        heading += (
            f" · week {routine.week} of {total_weeks}, phase {routine.phase}: {routine.phase_name}"
        )
    return heading


FLARE_NO_SESSION = (
    "No session is planned today, so there is no flare routine to do: rest from the exercises "
    "and keep gently moving (an easy walk, changing position often). If your back still needs "
    "it on your next session day, use `facetcoach today --flare` then."
)


def write_routine(
    out: PlainWriter,
    routine: DayRoutine,
    exercises: dict[str, Exercise],
    total_weeks: int,
    today: dt.date,
    coaching: Coaching | None = None,
    log_problem: str | None = None,
    *,
    recorded: LogEntry | None = None,
    screen_answered: bool = True,
    details: bool = False,
    lesson: Lesson | None = None,
) -> None:
    out.line(day_heading(routine, total_weeks, today), "bold")
    if not screen_answered:
        out.line(RS2_REMINDER, "yellow")  # rule RS2: one line, every day, until answered
    if routine.status == "suspended":
        for number, note in enumerate(routine.notes):
            out.line(note, *(("bold", "red") if number == 0 else ()))
        out.line()
        out.line(STOP_NOW_LINE, "bold", "red")
        return  # RS1: the action instead of a routine
    if log_problem:
        out.line(f"Your log could not be read, so the doses are as planned: {log_problem}", "red")
    if recorded is not None:
        out.line(recorded_line(recorded), "green")
    if routine.phase_held:
        out.line(
            f"Phase {routine.phase} goes on for now: {routine.phase_held}. The next phase "
            "starts with a new week, once your last two sessions have gone well, with no "
            "symptom waiting for a check and no flare-up.",  # PH1
            "yellow",
        )
    if routine.flare_step is not None:
        out.line(
            f"Building back up after the flare-up: {share_words(routine.flare_step)} of your "
            "planned work today; more as sessions go well.",  # FL1
            "yellow",
        )
    if coaching:
        for prompt in coaching.prompts:
            write_prompt(out, prompt, routine.date, details)
    if routine.flare and routine.items:
        out.line("Flare-up routine: gentle movement only.", "bold", "yellow")
        for advice in FLARE_ADVICE:
            out.line(advice, indent=2)
    elif routine.flare:
        # Found by a new user's trial: a rest day's `--flare` gave the routine's heading and
        # no routine, and `log --flare` then refused the day.
        out.line(FLARE_NO_SESSION, "yellow")
        for advice in FLARE_ADVICE[1:]:  # the first says what the routine holds
            out.line(advice, indent=2)
    for note in routine.notes:
        out.line(note)
    if routine.next_session and routine.status in ("rest", "before", "paused"):
        day = routine.next_session
        out.line(f"Next session: {long_day_month(day)}.", "bold")
    if coaching:
        write_coaching(out, coaching, exercises)
    items = routine.items or routine.maintenance
    if items:
        label = "Your session" if routine.items else "Maintenance routine"
        out.line()
        out.line(f"{label}: {len(items)} exercises, about {_minutes(routine, items)}.", "bold")
        for number, item in enumerate(items, start=1):
            write_item(out, number, item, exercises.get(item.exercise_id))
    if lesson is not None:  # ED1: one short lesson a session day
        out.line()
        out.line(f"Today's lesson: {lesson.title}", "bold")
        out.line(lesson.text)
        out.line("All the lessons: `facetcoach learn`.", "dim")
    out.line()
    out.line(STOP_NOW_LINE, "bold", "red")


PROMPT_STYLES = {"urgent": ("bold", "red"), "warning": ("bold", "yellow"), "info": ()}


def prompt_in_full(prompt: Prompt, day: dt.date, details: bool) -> bool:
    """Safety advice is said in full on the day it began (or with --details); on the days
    after, its one-line summary stands for it, so it does not head every view for weeks."""
    return details or prompt.summary is None or prompt.since is None or prompt.since >= day


def write_prompt(out: PlainWriter, prompt: Prompt, day: dt.date, details: bool = False) -> None:
    styles = PROMPT_STYLES.get(prompt.level, ())
    if not prompt_in_full(prompt, day, details):
        out.line(prompt.summary or prompt.text, *styles)
    elif prompt.heading:
        out.notice(prompt.heading, prompt.lines, *styles)
    else:
        out.line(prompt.text, *styles)


def write_coaching(out: PlainWriter, coaching: Coaching, exercises: dict[str, Exercise]) -> None:
    """The flare suggestion, a check-in due, the morning-pain reminder, the adjusted doses."""
    severe = any(prompt.rule == "PM1" for prompt in coaching.prompts)
    if coaching.flare_reason and not severe:  # PM1's advice says it already, more firmly
        out.line(
            f"Consider the flare routine today: {coaching.flare_reason}. If your back still "
            "feels like that, run `facetcoach today --flare` (about half the work).",
            "yellow",
        )
    if coaching.morning_missing:
        day = coaching.morning_missing
        out.line(
            f"How did your back feel the morning after your session on {long_day_month(day)}?"
            f" Record it with `facetcoach log morning N`: your next doses depend on it."
        )
    if coaching.checkin_due:
        last = coaching.last_checkin
        out.line(
            "A check-in is due: run `facetcoach checkin` (about 3 minutes). "
            + (
                "Your first one is the baseline your progress is measured against."
                if last is None
                else f"The last one was on {long_day_month(last)}."
            )
        )
    if coaching.adjustments or coaching.held or coaching.eased:
        out.line()
        out.line("Adjusted to how your back has answered:", "bold")
    for change in coaching.adjustments:
        out.line(f"- {adjustment_line(change, exercises)}", indent=2, hang=2)
    for eased in coaching.eased:
        out.line(f"- {eased_line(eased, exercises)}", indent=2, hang=2)
    for held in coaching.held:
        name = _name(held.exercise_id, exercises)
        out.line(f"- {name} goes no further: {held.reason}.", indent=2, hang=2)
    for rested in coaching.rested:
        name = _name(rested.exercise_id, exercises)
        out.line(f"{name} is left out today: {rested.reason}.")  # W7


def eased_line(eased: Adjustment, exercises: dict[str, Exercise]) -> str:
    """'Bird dog: 5-3 × 8 s holds → 5-3 × 7 s holds, back to your plan's dose, after ...'."""
    name = _name(eased.exercise_id, exercises)
    return f"{name}: {eased.from_dose} → {eased.to_dose}, back to your plan's dose, {eased.reason}."


def adjustment_line(change: Adjustment, exercises: dict[str, Exercise]) -> str:
    """'Bird dog: 4-2 × 8 s holds → 5-3 × 8 s holds, after two easy sessions (...)'."""
    name = _name(change.exercise_id, exercises)
    if change.given_id != change.exercise_id:
        other = _name(change.given_id, exercises)
        return f"{name} → {other} ({change.to_dose}), {change.reason}"
    return f"{name}: {change.from_dose} → {change.to_dose}, {change.reason}"


def _name(exercise_id: str, exercises: dict[str, Exercise]) -> str:
    exercise = exercises.get(exercise_id)
    return one_line(exercise.name) if exercise else exercise_id


def write_item(out: PlainWriter, number: int, item: PlanItem, exercise: Exercise | None) -> None:
    exercise = shown_exercise(exercise) if exercise else None  # promise 12
    name = exercise.name if exercise else item.exercise_id
    dose = dose_text(item.kind, item.sets, item.reps, item.hold_seconds, item.per_side)
    if item.sets > 1 and item.rest_seconds:
        dose += f", rest {item.rest_seconds} s between sets"
    out.line()
    out.line(f"{number}. {out.style(name, 'bold')}  {out.style(dose, 'cyan')}", hang=3)
    words = dose_words(item.kind, item.sets, item.reps, item.hold_seconds, item.per_side)
    if words:  # found by a new user's trial: "5-3 × 7 s holds" was not understood
        out.line(f"How: {words}", indent=3, hang=5)
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
    from facetcoach.program.dose import whole_minutes

    if routine.items:
        return f"{whole_minutes(routine.minutes)} minutes"
    from facetcoach.program.routine import session_minutes

    return f"{whole_minutes(session_minutes(items))} minutes"
