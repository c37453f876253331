"""A small hand-built plan for tests that need one without running the planner."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from functools import cache

from facetcoach.library.loading import load_library as _load_library
from facetcoach.models import (
    Answers,
    PlanFile,
    PlanItem,
    Program,
    RedFlags,
    Session,
    Week,
)

load_library = cache(_load_library)

NO_RED_FLAGS = RedFlags(**{f.name: False for f in fields(RedFlags)})


def answers(**overrides: object) -> Answers:
    values: dict[str, object] = {
        "pain_now": 4,
        "pain_worst": 6,
        "worse_with": ["extension"],
        "better_with": ["flexion"],
        "age": 52,
        "activity": "sedentary",
        "balance_concern": False,
        "days": ["mon", "wed", "fri"],
        "minutes": 20,
        "equipment": ["mat", "chair", "counter"],
        "red_flags": NO_RED_FLAGS,
        "start": dt.date(2026, 12, 7),
        "weeks": 6,
    }
    values.update(overrides)
    return Answers(**values)  # type: ignore[arg-type]


def item_for(exercise_id: str, why: str = "test item") -> PlanItem:
    exercise = load_library().get(exercise_id)
    assert exercise is not None, exercise_id
    return PlanItem(
        exercise_id=exercise.id,
        category=exercise.category,
        kind=exercise.kind,
        level=exercise.level,
        sets=exercise.sets,
        reps=exercise.reps,
        hold_seconds=exercise.hold_seconds,
        per_side=exercise.per_side,
        rest_seconds=exercise.rest_seconds,
        why=why,
    )


SESSION_IDS = [
    "pelvic-tilt-lying",
    "abdominal-brace-lying",
    "shoulder-blade-squeeze",
    "counter-feet-together",
    "prone-lying",
]


def plan(start: dt.date = dt.date(2026, 12, 7), weeks: int = 6, **answer_overrides) -> PlanFile:
    """Sessions on Monday, Wednesday and Friday of every week, the same five exercises."""
    assert start.weekday() == 0, "start on a Monday"
    program_weeks = []
    for number in range(1, weeks + 1):
        monday = start + dt.timedelta(days=7 * (number - 1))
        sessions = [
            Session(
                date=monday + dt.timedelta(days=offset),
                minutes=15.5,
                items=[item_for(i) for i in SESSION_IDS],
            )
            for offset in (0, 2, 4)
        ]
        phase = 1 if number <= 2 else 2 if number <= 4 else 3
        names = {1: "Settle and move", 2: "Stabilise", 3: "Strengthen and prevent"}
        program_weeks.append(
            Week(number=number, phase=phase, phase_name=names[phase], sessions=sessions)
        )
    return PlanFile(
        schema_version=1,
        created_at=dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc),
        answers=answers(start=start, weeks=weeks, **answer_overrides),
        program=Program(schema_version=1, start=start, weeks=program_weeks),
        exercises=list(load_library().exercises),
    )
