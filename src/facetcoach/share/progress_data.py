"""The figures of `facetcoach progress` and of the report's weeks: what share/progress.py
computes, render/progress.py lays out and `progress --json` prints (its shape is a contract:
docs/commands.md). Never stored.

Models like those of models.py, kept apart so that the daily commands, which never show
them, do not build their classes at start-up (issue 15).
"""

import datetime as dt
from dataclasses import field

from facetcoach.models import Category, Model, ProgramStatus, model


@model
class WeekProgress(Model):
    """One program week so far. Sessions count once they are due (see progress.py)."""

    week: int
    phase: int
    phase_name: str
    start: dt.date
    end: dt.date
    sessions_scheduled: int
    sessions_planned: int
    sessions_done: int
    sessions_excused: int
    sessions_missed: int
    exercises_planned: int
    exercises_done: int
    extra_exercises: int
    adherence_percent: int | None
    pain_before: float | None
    pain_after: float | None
    pain_morning: float | None
    skip_reasons: list[str] = field(default_factory=list)
    # Rule A1: the week's daily walking target, and what was walked up to today.
    walking_target: int | None = None  # minutes a day; None without a target
    walked_minutes: int = 0  # minutes walked in the week, in all
    walking_days: int = 0  # days with a walk recorded


@model
class CategoryProgress(Model):
    category: Category
    planned: int
    done: int
    adherence_percent: int | None


@model
class Totals(Model):
    sessions_planned: int
    sessions_done: int
    sessions_excused: int
    sessions_missed: int
    exercises_planned: int
    exercises_done: int
    adherence_percent: int | None


@model
class Streak(Model):
    """Planned sessions done in a row; an excused skip neither breaks nor extends it."""

    current: int
    best: int


@model
class Progress(Model):
    today: dt.date
    status: ProgramStatus
    program_start: dt.date
    program_end: dt.date
    program_weeks: int
    current_week: int | None
    weeks: list[WeekProgress]
    categories: list[CategoryProgress]
    totals: Totals
    streak: Streak
    # E1: bending backward hurts, so the extension category holds its alternatives (its rows
    # are named so). Added after the first contract; False in older figures.
    no_extension: bool = False
