"""Progress as tables a user and their therapist can read at a glance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text

from facetcoach.days import day_text, span_text
from facetcoach.models import CheckinScore, Progress, Prompt, WeekProgress
from facetcoach.render.checkin import checkins_table, prompt_lines
from facetcoach.render.exercises import CATEGORY_TITLES

BAR_CELLS = 10


def bar(value: float, high: float = 10, cells: int = BAR_CELLS) -> str:
    """A horizontal bar: `cells` characters for `high`, half cells drawn as ▌."""
    halves = round(2 * cells * max(0.0, min(value, high)) / high)
    return "█" * (halves // 2) + ("▌" if halves % 2 else "")


def meter(percent: int | None, cells: int = BAR_CELLS) -> str:
    """'████████░░ 80%' for adherence."""
    if percent is None:
        return "–"
    filled = round(cells * percent / 100)
    return "█" * filled + "░" * (cells - filled) + f" {percent}%"


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _dates(week: WeekProgress) -> str:
    return span_text(week.start, week.end)


def _excused(week: WeekProgress) -> str:
    if not week.sessions_excused:
        return "–"
    reasons = ", ".join(dict.fromkeys(week.skip_reasons))
    return f"{week.sessions_excused} ({reasons})" if reasons else str(week.sessions_excused)


def headline(progress: Progress) -> str:
    if progress.status == "before":
        return f"Your program starts on {day_text(progress.program_start)}: nothing to show yet."
    if progress.current_week:
        week = progress.weeks[-1] if progress.weeks else None
        phase = f" (phase {week.phase}, {week.phase_name})" if week else ""
        where = f"week {progress.current_week} of {progress.program_weeks}{phase}"
    else:
        where = f"the program ended on {day_text(progress.program_end)}"
    totals = progress.totals
    streak = progress.streak
    lines = [
        f"Progress on {day_text(progress.today)}: {where}.",
        f"Sessions: {totals.sessions_done} of {totals.sessions_planned} done"
        + (f", {totals.sessions_excused} excused" if totals.sessions_excused else "")
        + (f", {totals.sessions_missed} missed" if totals.sessions_missed else "")
        + f". Exercises: {totals.exercises_done} of {totals.exercises_planned}"
        + (f" ({totals.adherence_percent}%)" if totals.adherence_percent is not None else "")
        + ".",
        f"Streak: {streak.current} planned session{'' if streak.current == 1 else 's'} done in a "
        f"row (best {streak.best}).",
    ]
    week = progress.weeks[-1] if progress.weeks and progress.current_week else None
    if week is not None and (week.walking_target or week.walking_days):
        target = (
            f"; your target is {week.walking_target} minutes a day" if week.walking_target else ""
        )
        lines.append(
            f"Walking this week: {week.walked_minutes} minutes on {week.walking_days} "
            f"day{'' if week.walking_days == 1 else 's'}{target}."
        )  # A1
    return "\n".join(lines)


def _exercises(week: WeekProgress) -> str:
    text = f"{week.exercises_done}/{week.exercises_planned}"
    if week.adherence_percent is not None:
        text += f" {week.adherence_percent}%"
    return text + (f" +{week.extra_exercises}" if week.extra_exercises else "")


def _pain(week: WeekProgress) -> str:
    if week.pain_before is None and week.pain_after is None:
        return "–"
    return f"{_number(week.pain_before)} → {_number(week.pain_after)}"


def weeks_table(progress: Progress) -> Table:
    """Sessions done/planned, exercises done/planned with adherence (+extra), excused skips,
    average pain before → after, and next morning."""
    table = Table(title="Week by week", title_justify="left", title_style="bold")
    table.add_column("week", justify="right", no_wrap=True)
    table.add_column("dates", no_wrap=True)
    table.add_column("sessions", justify="right", no_wrap=True)
    table.add_column("exercises", justify="right", no_wrap=True)
    table.add_column("excused", no_wrap=True)
    table.add_column("pain", justify="right", no_wrap=True)
    table.add_column("morning", justify="right", no_wrap=True)
    walking = any(w.walking_target or w.walked_minutes for w in progress.weeks)
    if walking:
        table.add_column("walked", justify="right", no_wrap=True)  # A1
    for week in progress.weeks:
        walked = [_walked(week)] if walking else []
        table.add_row(
            str(week.week),
            _dates(week),
            f"{week.sessions_done}/{week.sessions_planned}",
            _exercises(week),
            _excused(week),
            _pain(week),
            _number(week.pain_morning),
            *walked,
        )
    return table


def _walked(week: WeekProgress) -> str:
    """The minutes walked in the week (rule A1); the headline says they are minutes."""
    return str(week.walked_minutes) if week.walking_days else "–"


def categories_table(progress: Progress) -> Table:
    table = Table(title="By category, program so far", title_justify="left", title_style="bold")
    table.add_column("category")
    table.add_column("exercises", justify="right", no_wrap=True)
    table.add_column("adherence", no_wrap=True)
    for row in progress.categories:
        table.add_row(
            CATEGORY_TITLES[row.category],
            f"{row.done}/{row.planned}",
            meter(row.adherence_percent),
        )
    return table


def pain_chart(progress: Progress) -> Table:
    """One bar per week: average pain before and after sessions, 0 to 10 (rule PM1)."""
    table = Table(
        title="Pain trend (average per week, 0–10)", title_justify="left", title_style="bold"
    )
    table.add_column("week", no_wrap=True)
    table.add_column("before sessions", no_wrap=True)
    table.add_column("after sessions", no_wrap=True)
    table.add_column("next morning", no_wrap=True)
    for week in progress.weeks:
        cells = []
        for value in (week.pain_before, week.pain_after, week.pain_morning):
            text = Text(f"{bar(value):<{BAR_CELLS}} " if value is not None else "")
            text.append(_number(value), style="bold" if value is not None else "dim")
            cells.append(text)
        table.add_row(str(week.week), *cells)
    return table


def progress_view(
    progress: Progress,
    checkins: Sequence[CheckinScore] = (),
    checkin_due: bool = False,
    next_checkin: dt.date | None = None,
    prompts: Sequence[Prompt] = (),
) -> Group:
    parts: list[object] = [Text(headline(progress))]
    parts += prompt_lines(prompts)
    if progress.weeks:
        parts += [Text(""), weeks_table(progress)]
        if progress.categories:
            parts += [Text(""), categories_table(progress)]
        if any(
            value is not None
            for week in progress.weeks
            for value in (week.pain_before, week.pain_after, week.pain_morning)
        ):
            parts += [Text(""), pain_chart(progress)]
    if checkins:
        parts += [Text(""), checkins_table(checkins)]
    if checkin_due:
        parts.append(Text("A check-in is due: run `facetcoach checkin` (about 3 minutes)."))
    elif next_checkin is not None:
        parts.append(Text(f"Next check-in: {day_text(next_checkin)}."))
    return Group(*parts)
