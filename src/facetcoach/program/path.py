"""The program as it stands: the plan's weeks laid on the calendar as the person lived them. Pure.

The plan made at intake (and each revision of it) is the intended path, week by week. What a
given day holds comes from that path, the log and the rules (docs/clinical-rules.md):

- Paused days (`plan pause`) are not program days: the rest of the program moves back by the
  paused time, and no session on them is missed or done.
- A new phase starts only when the calendar reaches it AND the pain gate is passed (rule PH1):
  the last 2 sessions recorded met PM1-PM2, no new symptom is open (PM5) and no flare is
  running (FL1). Otherwise the last week of the current phase is given again (its doses held,
  or reduced by the coaching after a bad session) and the program's end moves back a week.
  The gate is checked on the first day of the week that would start the new phase, from what
  was recorded before that day; a week not begun yet is assumed to pass (the projection).
- A revision (`plan change`, `plan --force`) gives, from its date, the sessions of the new
  plan at the same program week (or week 1 again, for a restart).

Every view (today, log, plan show, progress, report, the calendar) reads this one path, and the
coaching replays the log against it. Nothing here is stored: the same plan, log and day always
give the same path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from facetcoach.coaching.verdict import (
    HARD,
    flare_sign,
    in_order,
    is_flare,
    open_symptom,
    session_verdict,
)
from facetcoach.days import day_words
from facetcoach.models import (
    WEEKDAYS,
    Answers,
    LogEntry,
    Pause,
    PlanFile,
    Program,
    Screen,
    Session,
    Week,
)

GATE_SESSIONS = 2  # PH1: the last 2 sessions recorded must have met PM1-PM2
HELD_REVIEW_WEEKS = 3  # PH1: after 3 weeks held at one phase, the PM6 advice


class Segment:
    """A stretch of the program under one plan: from `start`, these answers and this path. A
    plain slotted class: a NamedTuple costs every `today` 0.2 ms (issue 15)."""

    __slots__ = ("answers", "program", "restart", "start")

    def __init__(self, start: dt.date, answers: Answers, program: Program, restart: bool) -> None:
        self.start = start
        self.answers = answers
        self.program = program
        self.restart = restart  # the path starts again at its week 1 on `start`


def segments(plan: PlanFile) -> list[Segment]:
    """The plans in force over time, oldest first: each revision's earlier plan, then the
    current one."""
    found: list[Segment] = []
    start, restart = plan.revisions[0].program.start if plan.revisions else plan.program.start, True
    for revision in plan.revisions:
        found.append(Segment(start, revision.answers, revision.program, restart))
        start, restart = revision.date, revision.kind == "restart"
    found.append(Segment(start, plan.answers, plan.program, restart))
    return found


def hold_spans(screens: Sequence[Screen], today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """RS1: the days a red flag held the program, as (first day, day it carries on). A hold
    starts on the day of a screen with a yes and ends on the day of the next with none; one
    still running lasts up to `today`, as an open pause does. Found by a new user's trial:
    the sessions `log` refused on hold were counted as missed."""
    return [
        (start, end if end is not None else max(today, start) + dt.timedelta(1))
        for start, end in _holds(screens)
    ]


def ended_holds(screens: Sequence[Screen]) -> list[tuple[dt.date, dt.date]]:
    """The holds a clear screen has ended (detraining counts them as breaks)."""
    return [(start, end) for start, end in _holds(screens) if end is not None]


def _holds(screens: Sequence[Screen]) -> list[tuple[dt.date, dt.date | None]]:
    spans: list[tuple[dt.date, dt.date | None]] = []
    start = None
    for screen in sorted(screens, key=lambda s: s.date):
        if screen.flagged and start is None:
            start = screen.date
        elif not screen.flagged and start is not None:
            if screen.date > start:
                spans.append((start, screen.date))
            start = None
    if start is not None:
        spans.append((start, None))
    return spans


def pause_on(pauses: Sequence[Pause], day: dt.date, today: dt.date) -> Pause | None:
    """The pause that holds `day`, if any. An open pause lasts up to `today` (the day a
    projection is made from): the days after it are shown as if the person resumed."""
    for pause in pauses:
        end = pause.end if pause.end is not None else max(today, pause.start) + dt.timedelta(1)
        if pause.start <= day < end:
            return pause
    return None


def flare_running(
    entries: Sequence[LogEntry], before: dt.date, answers: Answers | None = None
) -> str | None:
    """FL1: why a flare-up is still running on `before`: the latest session or skip before it
    was a flare, or showed a flare sign (with `answers`, at the person's PM1b limit). None when
    it has settled."""
    latest = None
    for entry in entries:
        if entry.date >= before:
            break
        if entry.kind == "session" or (entry.kind == "skipped" and is_flare(entry)):
            latest = entry
    if latest is None:
        return None
    if is_flare(latest):
        # As of the week's first day (PH1 checks the gate then), like the symptom's reason.
        return f"the flare-up of {day_words(latest.date)} had not settled when the week began"
    return flare_sign(latest, answers)


def gate(entries: Sequence[LogEntry], answers: Answers, day: dt.date) -> str | None:
    """PH1: why the next phase may not start on `day`, or None when the gate is passed."""
    symptom = open_symptom(entries, day)
    if symptom is not None:
        # Said as of the week's first day, so that it stays true after a check later in the
        # week (found by a new user's trial: it said no check was recorded, after one).
        return (
            f"the new symptom you reported on {day_words(symptom.date)} had not been checked by "
            "a clinician when the week began (`facetcoach log checked` records a check)"
        )
    flare = flare_running(entries, day, answers)
    if flare is not None:
        return flare
    done = [e for e in entries if e.date < day and e.kind == "session" and not e.flare]
    for entry in done[-GATE_SESSIONS:]:
        verdict = session_verdict(entry, answers)
        if verdict.kind == HARD:
            return verdict.reason
    return None


class Standing:
    """The program as it stands on `today`: the plan with its program re-dated (`plan`), and
    what each of its weeks gives (`weeks[i].planned_week`, `weeks[i].held`)."""

    __slots__ = ("held_weeks", "original", "plan", "today")

    def __init__(self, original: PlanFile, plan: PlanFile, today: dt.date, held: int) -> None:
        self.original = original
        self.plan = plan
        self.today = today
        self.held_weeks = held  # weeks given again so far because the gate was not passed

    @property
    def program(self) -> Program:
        return self.plan.program


def stand(plan: PlanFile, entries: Sequence[LogEntry], today: dt.date) -> Standing:
    """The program as it stands on `today` (see the module's docstring)."""
    ordered = in_order(entries)
    parts = segments(plan)
    weeks: list[Week] = []
    part = 0
    planned = -1  # index in the segment's weeks of the week in force
    days_in_week = 7  # program days into the current week (7: a new week starts)
    held_total = 0
    day = parts[0].start
    # Paused days and held weeks push the end back; this bound only guards against a loop.
    holds = hold_spans(plan.screens, today)
    away = sum(_pause_days(p, today) for p in plan.pauses) + sum((e - s).days for s, e in holds)
    limit = day + dt.timedelta(days=7 * 60 + away)
    block_start = 0  # index of the first week since the last restart: weeks count from it
    while day <= limit:
        while part + 1 < len(parts) and parts[part + 1].start <= day:
            part += 1
            if parts[part].restart:
                planned, days_in_week, block_start = -1, 7, len(weeks)
        segment = parts[part]
        # Paused days and days on hold (RS1) are not program days.
        if pause_on(plan.pauses, day, today) is not None or any(
            first <= day < end for first, end in holds
        ):
            day += dt.timedelta(days=1)
            continue
        if days_in_week == 7:
            path = segment.program.weeks
            following = planned + 1
            held = None
            if (
                0 <= planned < len(path)
                and following < len(path)
                and path[following].phase > path[planned].phase
                and day <= today
            ):
                held = gate(ordered, segment.answers, day)
                if held is not None:
                    following = planned
                    held_total += 1
            if following >= len(path):
                if part + 1 < len(parts):  # a later plan takes over on its own start
                    day = parts[part + 1].start
                    continue
                break
            planned = following
            source = path[planned]
            weeks.append(
                Week(
                    number=len(weeks) - block_start + 1,
                    phase=source.phase,
                    phase_name=source.phase_name,
                    sessions=[],
                    start=day,
                    end=day,
                    planned_week=source.number,
                    held=held,
                    walking_minutes=source.walking_minutes,
                )
            )
            days_in_week = 0
        week = weeks[-1]
        session = _session_for(segment.program.weeks[planned], day, segment.answers.days)
        if session is not None:
            week.sessions.append(session)
        week.end = day
        days_in_week += 1
        day += dt.timedelta(days=1)
    _keep_strength_apart(weeks)
    program = replace(plan.program, start=parts[0].start, weeks=weeks)
    return Standing(plan, replace(plan, program=program), today, held_total)


# The breaks that detrain (the coaching steps the doses back after one): here, beside the
# pauses, not in program/changes.py, which `today` would import for them alone (issue 15).
LONG_PAUSE_DAYS = 14  # a pause longer than this resumes one step easier (detraining)


def break_start(pauses: Sequence[Pause], end: dt.date) -> dt.date | None:
    """The first day of the break that ends on `end`: pauses that follow each other without a
    program day between them are one break (found by review: a pause split by a new reason
    was two short ones to detraining). None when no ended pause ends on `end`."""
    by_end = {p.end: p.start for p in pauses if p.end is not None}
    if end not in by_end:
        return None
    start = by_end[end]
    while start in by_end and by_end[start] < start:
        start = by_end[start]
    return start


def long_breaks(
    pauses: Sequence[Pause], day: dt.date, holds: Sequence[tuple[dt.date, dt.date]] = ()
) -> list[dt.date]:
    """The days, up to `day`, on which the program carries on after a break of more than two
    weeks (detraining), in order. A break is the pauses and the ended red-flag holds (`holds`,
    RS1: found by review, 18 days on hold came back at full dose) that follow or overlap each
    other with no program day between them; one still open has not ended."""
    spans: list[tuple[dt.date, dt.date | None]] = [(p.start, p.end) for p in pauses]
    spans += list(holds)
    merged: list[tuple[dt.date, dt.date | None]] = []
    for start, end in sorted(spans, key=lambda span: span[0]):
        if merged:
            first, last = merged[-1]
            if last is None or start <= last:  # touching or overlapping: one break
                merged[-1] = (first, None if last is None or end is None else max(last, end))
                continue
        merged.append((start, end))
    return [
        end
        for start, end in merged
        if end is not None and end <= day and (end - start).days > LONG_PAUSE_DAYS
    ]


def _pause_days(pause: Pause, today: dt.date) -> int:
    end = pause.end if pause.end is not None else max(today, pause.start) + dt.timedelta(1)
    return max(0, (end - pause.start).days)


def _session_for(week: Week, day: dt.date, days: Sequence[str]) -> Session | None:
    """The planned week's session for `day`'s weekday, dated `day`; None on a rest day."""
    name = WEEKDAYS[day.weekday()]
    if name not in days:
        return None
    for session in week.sessions:
        if session.date.weekday() == day.weekday():
            return replace(session, date=day)
    # A weekday the planned week has no session for (days changed mid-week): the week's first.
    return replace(week.sessions[0], date=day) if week.sessions else None


def _keep_strength_apart(weeks: list[Week]) -> None:
    """W7: a pause or a held week can bring two sessions with the same strength exercise onto
    consecutive days; give the second the week's other variant when there is one."""
    previous: Session | None = None
    for week in weeks:
        for index, session in enumerate(week.sessions):
            if previous is not None and session.date - previous.date == dt.timedelta(days=1):
                clash = _strength(session) & _strength(previous)
                if clash:
                    other = next(
                        (
                            s
                            for s in week.sessions
                            if not _strength(s) & _strength(previous) and s.items
                        ),
                        None,
                    )
                    if other is not None:
                        session = week.sessions[index] = replace(other, date=session.date)
            previous = session


def _strength(session: Session) -> set[str]:
    return {item.exercise_id for item in session.items if item.kind == "strength"}
