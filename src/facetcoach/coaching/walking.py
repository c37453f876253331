"""Rule A1 with the pain rules: the day's walking target, from the plan's week and the log. Pure.

The plan's weeks hold the intended target (program/walking.py: what the person can walk now,
about 10% more each week). What a given day holds follows the same rules as the exercises:

- After a session that was too much (pain above the limit, PM1/PM1b; next-morning pain above
  the pain before, PM2), the walking is a step easier too: about 10% below the target of that
  session's week (at least a minute), until a session goes well.
- After a session known not to be easy (a flare sign, or next-morning pain not back to the
  usual under PM1b), the target does not grow: it stays at that session's week's.
- While a new symptom waits for a clinician's check (PM5), it does not grow either: it stays
  at the target of the week the symptom was reported in.
- While a red flag holds the program (RS1), there is none.
- In a flare-up it is halved (`today --flare`), and on the way back after a flare day it is
  given at the same share of the planned amount as the exercises (FL1: half, then three
  quarters).

Only the latest session that says how it went counts (one with its pain left unrecorded says
nothing): one that went well lets the target grow again with the weeks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from facetcoach.coaching.flare import flare_step
from facetcoach.coaching.verdict import (
    EASY,
    HARD,
    is_flare,
    open_symptom,
    session_verdict,
)
from facetcoach.days import day_words
from facetcoach.models import LogEntry, PlanFile
from facetcoach.program.routine import suspension
from facetcoach.program.schedule import week_for
from facetcoach.program.walking import GROWTH

FLARE_SHARE = 0.5  # A1: halved in a flare-up


def _week_target(plan: PlanFile, day: dt.date) -> int | None:
    """The planned daily target of `day`'s week; for a day between weeks (paused), of the
    latest week begun by then (the first, before the program)."""
    week = week_for(plan.program, day)
    if week is None:
        begun = [w for w in plan.program.weeks if w.sessions and w.sessions[0].date <= day]
        weeks = begun or plan.program.weeks[:1]
        week = weeks[-1] if weeks else None
    return week.walking_minutes if week is not None else None


def step_easier(minutes: int) -> int:
    """One step below a target: about 10% less (at least a minute less, at least 1)."""
    easier = round(minutes / GROWTH)
    return max(1, easier if easier < minutes else minutes - 1)


def gated_walking(
    plan: PlanFile, entries: Sequence[LogEntry], day: dt.date, *, flare: bool = False
) -> tuple[int | None, str | None]:
    """`day`'s walking target in minutes (None without one) and why it is not the plan's
    (None when it is). Entries in order (verdict.in_order)."""
    planned = _week_target(plan, day)
    if not planned:
        return None, None
    if suspension(plan, day) is not None:  # RS1 (found by a new user's trial: one was given)
        return None, "no walking target while your program is on hold"
    target, why = planned, None
    cap = _pain_cap(plan, entries, day)
    if cap is not None and cap[0] is not None and cap[0] < target:
        target, why = cap[0], cap[1]
    share = FLARE_SHARE if flare else flare_step(entries, plan.answers, day)
    if share is not None:
        target = max(1, round(target * share))
        part = "half" if share == FLARE_SHARE else f"{round(share * 100)}%"
        flare_why = (
            "half, for the flare-up"
            if flare
            else f"{part} of the planned amount, building back up after the flare-up"
        )  # FL1
        why = f"{why}; {flare_why}" if why else flare_why
    return target, why


def _pain_cap(
    plan: PlanFile, entries: Sequence[LogEntry], day: dt.date
) -> tuple[int | None, str] | None:
    """The most the pain rules let the target be on `day`, and why; None for no limit."""
    symptom = open_symptom(entries, day)
    if symptom is not None:
        return (
            _week_target(plan, symptom.date),
            f"held since you reported a new symptom on {day_words(symptom.date)}, until a "
            "clinician has checked you",
        )  # PM5
    for entry in reversed(entries):  # the latest session that says how it went
        if entry.date >= day or entry.kind != "session" or is_flare(entry):
            continue
        if entry.date < plan.program.start:
            return None
        verdict = session_verdict(entry, plan.answers)
        if verdict.kind == HARD:  # PM1, PM2
            then = _week_target(plan, entry.date)
            return (step_easier(then) if then else None), f"a step easier after {verdict.reason}"
        if verdict.firm:  # PM2, PM1b
            return _week_target(plan, entry.date), f"not growing, as {verdict.reason}"
        if verdict.kind == EASY:
            return None
    return None
