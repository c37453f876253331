"""`facetcoach` with no command: a short status, what to do now (exit 0).

A few lines, not the help: the day's session (or the next one), whether it is recorded, a
check-in due; without a plan, how to start. `facetcoach help` lists every command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from facetcoach import clock
from facetcoach.cli.standing import load, recorded_on
from facetcoach.coaching.advice import coached_routine
from facetcoach.days import long_day_month
from facetcoach.program.dose import whole_minutes
from facetcoach.program.routine import routine_for
from facetcoach.program.store import load_plan
from facetcoach.render.plain_text import PlainWriter
from facetcoach.render.today import day_heading

if TYPE_CHECKING:
    from facetcoach.models import PlanFile

NO_PLAN = (
    "You have no program yet. Start here:",
    "  facetcoach plan         a few questions (about 5 minutes), then your program",
    "  facetcoach plan --yes   the defaults, no questions (answer the safety ones later)",
)


def show_status() -> None:
    out = PlainWriter()
    out.line("facetcoach: your home exercise coach for low back pain.", "bold")
    plan = load_plan()
    if plan is None:
        for line in NO_PLAN:
            out.lines.append(line)  # already laid out: no wrapping
    else:
        _plan_status(out, plan)
    out.line("Every command: `facetcoach help`; one in full: `facetcoach help COMMAND`.", "dim")
    out.flush()


def _plan_status(out: PlainWriter, plan: PlanFile) -> None:
    today = clock.today()
    loaded = load(plan, today, tolerate_damage=True)
    standing = loaded.standing.plan
    routine, coaching = coached_routine(
        standing, loaded.entries, routine_for(standing, today, today=today, entries=loaded.entries)
    )
    out.line(day_heading(routine, len(standing.program.weeks), today))
    if loaded.log_problem:
        out.line(f"Your log could not be read: {loaded.log_problem}", "red")
    if routine.status not in ("session", "suspended") and routine.notes:
        out.line(routine.notes[0])  # a moved or paused day, a rest day: what it is
    if routine.items:
        if recorded_on(loaded.entries, today) is not None:
            out.line("Today's session is recorded. Well done.", "green")
        else:
            minutes = whole_minutes(routine.minutes)
            out.line(
                f"Today's session: {len(routine.items)} exercises, about {minutes} minutes.",
                "bold",
            )
            out.line("  facetcoach today            see it")
            out.line("  facetcoach today --guided   do it with timers, then it is recorded")
            out.line("  facetcoach log              record it when you have done it")
    if routine.next_session and not routine.items:
        out.line(f"Next session: {long_day_month(routine.next_session)}.")
    for prompt in coaching.prompts:  # the safety prompts before the reminders
        styles = ("bold", "red") if prompt.level == "urgent" else ("bold", "yellow")
        out.line(prompt.summary or prompt.text, *styles)
    if coaching.checkin_due:
        out.line("A check-in is due: `facetcoach checkin` (about 3 minutes).")
    if coaching.morning_missing:
        day = long_day_month(coaching.morning_missing)
        out.line(f"How was your back the morning after {day}? `facetcoach log morning N`.")
