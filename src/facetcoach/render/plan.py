"""A saved plan as Rich renderables: the phases, a weekly calendar, each phase's exercises
with their doses and reasons, the advice, the stop-now symptoms and the medical note."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from facetcoach.days import DAY_NAMES, day_text, span_text
from facetcoach.intake.screen import flag_words
from facetcoach.models import PlanFile, PlanItem, Program, Week
from facetcoach.program.changes import plan_history
from facetcoach.program.dose import dose_text, dose_words, whole_minutes
from facetcoach.program.planner import PHASE_FOCUS
from facetcoach.program.routine import latest_screen
from facetcoach.program.safety import (
    NOT_A_MEDICAL_DEVICE,
    STOP_NOW_HELP,
    STOP_NOW_SYMPTOMS,
    STOP_NOW_TITLE,
)
from facetcoach.program.schedule import phase_groups, program_end, week_dates
from facetcoach.render.tables import Cell, Column, fitted_table, needed_width
from facetcoach.safe_text import one_line

if TYPE_CHECKING:
    from facetcoach.coaching.advice import Coaching


def item_dose(item: PlanItem) -> str:
    return dose_text(item.kind, item.sets, item.reps, item.hold_seconds, item.per_side)


def screen_text(plan: PlanFile) -> Text:
    """The red-flag screen as it stands: the latest one asked again (`plan screen`) wins over
    the intake's (found by a new user's trial: a later yes still read "no warning signs")."""
    latest = latest_screen(plan.screens)
    if latest is not None and latest.flagged:
        words = "; ".join(flag_words(latest.flagged))
        return Text(
            f"Red-flag screen: on {day_text(latest.date)} you said yes to {words}. Your "
            "program is on hold until a clinician has checked you: then run "  # RS1
            "`facetcoach plan screen` again.",
            style="bold red",
        )
    if latest is not None:
        return Text(f"Red-flag screen: answered on {day_text(latest.date)}, no warning signs.")
    when = f" on {day_text(plan.screened_on)}" if plan.screened_on else ""
    if plan.screen == "assumed-no":
        return Text(
            f'Red-flag screen: NOT ANSWERED, assumed "no" to every question (--yes){when}. '
            "Answer it: run `facetcoach plan screen` and reply to the safety questions.",
            style="bold yellow",
        )
    return Text(f"Red-flag screen: answered, no warning signs{when}.")


def plan_view(plan: PlanFile, *, width: int = 100, first_time: bool = False) -> Group:
    program = plan.program
    names = {e.id: one_line(e.name) for e in plan.exercises}  # promise 12
    end = program_end(program)
    parts: list[RenderableType] = []
    if first_time:
        parts.append(Panel(Text(NOT_A_MEDICAL_DEVICE), title="Please read", border_style="bold"))
    parts.append(
        Text(
            f"Your {len(program.weeks)}-week program: {day_text(program.start)} to {day_text(end)}",
            style="bold",
        )
    )
    parts.append(
        Text(
            f"Sessions on {', '.join(d.capitalize() for d in plan.answers.days)}, "
            f"up to {plan.answers.minutes} minutes each."
        )
    )
    parts.append(screen_text(plan))
    parts += history_lines(plan)
    parts += [Text(""), calendar_table(program, width)]
    for phase, name, weeks in phase_groups(program.weeks):
        parts += [Text(""), phase_table(phase, name, weeks, names, width)]
    legend = dose_legend(program.weeks)
    if legend:
        parts += [Text("\nHow to read a dose", style="bold"), _bullets(legend)]
    if program.advice:
        parts += [Text("\nGood to know", style="bold"), _bullets(program.advice)]
    parts += [Text(""), stop_now_panel()]
    if not first_time:
        parts.append(Text(NOT_A_MEDICAL_DEVICE, style="dim"))
    return Group(*parts)


def dose_legend(weeks: list[Week]) -> list[str]:
    """One example of each way of writing a dose the plan uses, said in words (found by a new
    user's trial: "5-3 × 7 s holds" was not understood)."""
    found: dict[str, str] = {}
    for item in (i for week in weeks for s in week.sessions for i in s.items):
        words = dose_words(item.kind, item.sets, item.reps, item.hold_seconds, item.per_side)
        if words is None and item.sets > 1 and not item.hold_seconds:
            words = f"{item.sets} sets of {item.reps or 1} slow repetitions, a rest between sets."
        pyramid = item.kind == "isometric" and item.sets > 1
        form = f"pyramid {item.per_side}" if pyramid else "pause" if item.hold_seconds else "sets"
        if words and form not in found:
            found[form] = f"{item_dose(item)}: {words[0].lower()}{words[1:]}"
    return list(found.values())


def history_lines(plan: PlanFile) -> list[Text]:
    """How the path as it stands differs from the plan: changes, pauses, weeks held (PH1)."""
    lines = [Text(line) for line in plan_history(plan)]
    for week in plan.program.weeks:
        if week.held:
            lines.append(
                Text(
                    f"Week {week.number} repeats week {week.planned_week} (phase {week.phase} went "
                    f"on): {week.held}.",
                    style="yellow",
                )
            )
    return lines


def calendar_table(program: Program, width: int = 100) -> RenderableType:
    """One row per week: its phase, its dates (the whole week, as `progress` says them) and
    each session's estimated minutes."""
    weeks = program.weeks
    days = {tuple(DAY_NAMES[s.date.weekday()][:3] for s in week.sessions) for week in weeks}
    most = max((len(week.sessions) for week in weeks), default=0)
    # Each column a weekday while every week has the same days; after a change of days, or
    # a week a pause made longer, the sessions in order (found by a new user's trial: the
    # heading said "Mon Wed Fri" over Tue-Thu-Sat weeks, and a fourth column had none).
    same = len(days) == 1
    weekdays = list(next(iter(days))) if same else [_ordinal(n) for n in range(1, most + 1)]
    columns = [
        Column("week", "right", stacked=False),
        Column("phase", "center"),
        Column("dates", stacked=False),
        *(Column(name, "right") for name in weekdays),
    ]
    rows: list[list[Cell]] = []
    headings: list[Cell] = []
    for index, week in enumerate(weeks):
        dates = span_text(*week_dates(program, index))
        cells = [str(whole_minutes(s.minutes)) for s in week.sessions]
        cells += [""] * (len(weekdays) - len(cells))  # a week with fewer sessions
        rows.append([str(week.number), str(week.phase), dates, *cells])
        headings.append(f"Week {week.number} · {dates}")
    title = "Weekly calendar: minutes of each session" + ("" if same else ", in order")
    return fitted_table(title, columns, rows, width, headings=headings)


def _ordinal(n: int) -> str:
    return f"{n}{'st' if n == 1 else 'nd' if n == 2 else 'rd' if n == 3 else 'th'}"


def phase_table(
    phase: int, name: str, weeks: list[Week], names: dict[str, str], width: int
) -> RenderableType:
    """Each exercise of a phase once: its dose in the first and last week, its days, why.

    On a narrow terminal the reason goes under the exercise's name instead of its own column.
    """
    first, last = weeks[0], weeks[-1]
    span = f"week {first.number}" if first is last else f"weeks {first.number}–{last.number}"
    columns = [
        Column("exercise", wrap=True, stacked=False),
        Column("id", style="dim"),
        Column("dose" if first is last else "dose: first → last week", breaks_at=" → "),
        Column("days"),
        Column("why", wrap=True),
    ]
    rows: list[list[Cell]] = []
    for exercise_id, (start_item, end_item, days) in phase_items(weeks).items():
        dose = item_dose(start_item)
        if item_dose(end_item) != dose:
            dose += f" → {item_dose(end_item)}"
        rows.append(
            [names.get(exercise_id, exercise_id), exercise_id, dose, " ".join(days) or "some days",
             start_item.why]
        )  # fmt: skip
    title = f"Phase {phase}: {name} ({span})"
    caption = f"Focus: {PHASE_FOCUS[phase]}." if phase in PHASE_FOCUS else None
    if needed_width(columns, rows) > width:
        # Stacked: "dose  2 × 10 → 2 × 12" says it.
        columns[2] = Column("dose", breaks_at=" → ")
    return fitted_table(title, columns, rows, width, caption=caption)


def phase_items(weeks: list[Week]) -> dict[str, tuple[PlanItem, PlanItem, list[str]]]:
    """Each exercise of the weeks once, in order: its first and last item, and its weekdays
    in the first week it appears."""
    seen: dict[str, tuple[PlanItem, PlanItem, list[str]]] = {}
    first_week: dict[str, int] = {}
    for week in weeks:
        for session in week.sessions:
            day = f"{session.date:%a}"
            for item in session.items:
                found = seen.get(item.exercise_id)
                if found is None:
                    first_week[item.exercise_id] = week.number
                    seen[item.exercise_id] = (item, item, [day])
                    continue
                start_item, _, days = found
                if first_week[item.exercise_id] == week.number and day not in days:
                    days.append(day)
                seen[item.exercise_id] = (start_item, item, days)
    return seen


def stop_now_panel() -> Panel:
    lines = Text()
    for index, symptom in enumerate(STOP_NOW_SYMPTOMS):
        lines.append(("\n" if index else "") + f"• {symptom}")
    lines.append(f"\n{STOP_NOW_HELP}")
    return Panel(lines, title=STOP_NOW_TITLE, title_align="left", border_style="red")


def _bullets(lines: list[str]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for line in lines:
        grid.add_row("  •", line)
    return grid


def adjustments_view(day: dt.date, coaching: Coaching, plan: PlanFile) -> Group:
    """The next session's doses as adjusted to the log (coaching.py), with the reasons."""
    from facetcoach.render.today import adjustment_line, eased_line

    exercises = {e.id: e for e in plan.exercises}
    names = {e.id: one_line(e.name) for e in plan.exercises}  # promise 12
    lines = Text()
    for change in coaching.adjustments:
        lines.append(f"\n• {adjustment_line(change, exercises)}")
    for eased in coaching.eased:
        lines.append(f"\n• {eased_line(eased, exercises)}")
    for held in coaching.held:
        lines.append(f"\n• {names.get(held.exercise_id, held.exercise_id)} goes no further: ")
        lines.append(f"{held.reason}.")
    title = Text(
        f"\nAdjusted for your next session ({day_text(day)}), to how your back has answered:",
        style="bold",
    )
    return Group(title, Text(str(lines).lstrip("\n")))
