"""Finding days in a program: which week a date falls in, its session, the next one. Pure."""

from __future__ import annotations

import datetime as dt

from facetcoach.models import Program, Session, Week


def program_end(program: Program) -> dt.date:
    """The last day of the program (the start plus its whole weeks, or, for the program as it
    stands, the last day of its last week)."""
    if program.weeks and program.weeks[-1].end is not None:
        return program.weeks[-1].end
    return program.start + dt.timedelta(days=7 * len(program.weeks) - 1)


def week_dates(program: Program, index: int) -> tuple[dt.date, dt.date]:
    """A week's first and last day: 7 days from the start, or as the program stands (a week
    that spans a pause is longer)."""
    week = program.weeks[index]
    if week.start is not None and week.end is not None:
        return week.start, week.end
    start = program.start + dt.timedelta(days=7 * index)
    return start, start + dt.timedelta(days=6)


def week_for(program: Program, day: dt.date) -> Week | None:
    """The week that holds `day`, or None before the start, after the end, or on a paused day
    between two weeks of the program as it stands (program/path.py dates its weeks)."""
    offset = (day - program.start).days
    if offset < 0:
        return None
    if program.weeks and program.weeks[0].start is not None:
        for week in program.weeks:
            if week.start is not None and week.end is not None and week.start <= day <= week.end:
                return week
        return None
    index = offset // 7
    return program.weeks[index] if index < len(program.weeks) else None


def session_on(program: Program, day: dt.date) -> Session | None:
    week = week_for(program, day)
    if week is None:
        return None
    return next((session for session in week.sessions if session.date == day), None)


def sessions(program: Program) -> list[tuple[Week, Session]]:
    """Every session with its week, in date order."""
    return [(week, session) for week in program.weeks for session in week.sessions]


def next_session(program: Program, after: dt.date) -> tuple[Week, Session] | None:
    """The first session strictly after `after`, or None when the program has ended."""
    return next(((w, s) for w, s in sessions(program) if s.date > after), None)


def sessions_between(program: Program, first: dt.date, last: dt.date) -> list[tuple[Week, Session]]:
    return [(w, s) for w, s in sessions(program) if first <= s.date <= last]


def phase_groups(weeks: list[Week]) -> list[tuple[int, str, list[Week]]]:
    """The weeks grouped by phase, in order: (phase, its name, its weeks)."""
    groups: list[tuple[int, str, list[Week]]] = []
    for week in weeks:
        if groups and groups[-1][0] == week.phase:
            groups[-1][2].append(week)
        else:
            groups.append((week.phase, week.phase_name, [week]))
    return groups


def weeks_in_block(program: Program, week: Week) -> int:
    """How many weeks the program holds from the last start over (`plan --start-over`) to the
    end: the M of "week N of M"."""
    index = next(i for i, w in enumerate(program.weeks) if w is week)
    last = index
    while last + 1 < len(program.weeks) and program.weeks[last + 1].number > 1:
        last += 1
    return week.number + (last - index)
