"""Hand-built logs for the adaptive-coaching tests (issue 6), on plan_factory's plan.

The plan: six weeks from Monday 7 Dec 2026, sessions Mon/Wed/Fri, five items; the answers say
extension makes the pain worse (so pelvic-tilt-lying and prone-lying never step up: E1) and
pain_now is 4 (the baseline when a session has no pain before).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from facetcoach.log.entries import (
    checkin_entry,
    session_entry,
    skipped_entry,
    symptom_entry,
    with_morning_pain,
)
from facetcoach.models import Checkin, LogEntry, PlanFile, PlanItem
from facetcoach.program.schedule import session_on
from helpers import plan_factory

CET = dt.timezone(dt.timedelta(hours=1))
START = dt.date(2026, 12, 7)


def day(offset: int) -> dt.date:
    """The program's day `offset` (0 = Monday 7 Dec 2026)."""
    return START + dt.timedelta(days=offset)


MON, WED, FRI = day(0), day(2), day(4)
MON2, WED2, FRI2 = day(7), day(9), day(11)
# The session days of the six weeks, in order.
SESSION_DAYS = [day(7 * week + d) for week in range(6) for d in (0, 2, 4)]


def at(when: dt.date, hour: int = 18) -> dt.datetime:
    return dt.datetime.combine(when, dt.time(hour), CET)


def session(
    plan: PlanFile,
    when: dt.date,
    before: int | None = 3,
    after: int | None = 3,
    morning: int | None = 3,
    *,
    skip: tuple[str, ...] = (),
    flare: bool = False,
    items: list[PlanItem] | None = None,
) -> LogEntry:
    """A session of `when`, as planned (or with `items` as given), with its pains."""
    planned = session_on(plan.program, when)
    assert planned is not None, when
    if items is not None:
        planned = replace(planned, items=items)
    entry = session_entry(
        planned, when, at(when), skipped=skip, pain_before=before, pain_after=after, flare=flare
    )
    if morning is not None:
        entry = with_morning_pain(entry, morning, at(when + dt.timedelta(days=1), 8))
    return entry


def easy(plan: PlanFile, when: dt.date) -> LogEntry:
    return session(plan, when, 3, 3, 3)


def hard(plan: PlanFile, when: dt.date) -> LogEntry:
    return session(plan, when, 3, 7, 3)  # PM1: pain after above 5


def skip(plan: PlanFile, when: dt.date, reason: str) -> LogEntry:
    planned = session_on(plan.program, when)
    assert planned is not None
    return skipped_entry(planned, when, at(when, 9), reason)


def checkin(when: dt.date, nprs: int, odi: list[int], psfs: dict[str, int] | None = None):
    return checkin_entry(when, at(when, 10), Checkin(nprs=nprs, odi=odi, psfs=psfs or {}))


def symptom(when: dt.date, what: str = "numbness") -> LogEntry:
    return symptom_entry(when, at(when, 12), what)


def plan(**answers: object) -> PlanFile:
    return plan_factory.plan(**answers)


def with_items(base: PlanFile, weeks: dict[int, list[PlanItem]]) -> PlanFile:
    """`base` with the sessions of the given week numbers holding other items."""
    program_weeks = []
    for week in base.program.weeks:
        if week.number in weeks:
            sessions = [replace(s, items=list(weeks[week.number])) for s in week.sessions]
            week = replace(week, sessions=sessions)
        program_weeks.append(week)
    return replace(base, program=replace(base.program, weeks=program_weeks))


def item(exercise_id: str, sets: int, reps: int | None, hold: int | None) -> PlanItem:
    return replace(plan_factory.item_for(exercise_id), sets=sets, reps=reps, hold_seconds=hold)
