"""Progress over the program: adherence, pain, the streak. Pure: data and `today` in, data out.

The rules, so that the numbers can be checked by hand:

- A planned session is *due* once its day has passed; today's session counts once something
  is recorded for it (done or skipped), so an evening session is not "missed" in the morning.
- A due session is *done* when a session entry is dated that day (several entries on one
  day, a session split in two, count once), else *excused* when a skipped entry is dated
  that day, else *missed*.
- Exercises planned are the items of the due sessions (excused ones included: adherence is
  what was done of what was planned); exercises done are planned items that a session entry
  of that day lists as done. Extra exercises are counted apart and never raise adherence.
  A flare day (every session entry of the day a flare routine, FL1) plans the routine given.
- Pain averages take one value a day (rule PM1 reads pain during and after exercise; PM2 the
  next morning): with several session entries on one day, the pain before the first, after
  the last, and the last next-morning pain.
- Walking (rule A1): the minutes of every entry with `walked_minutes` dated in the week, up to
  today, added up; a day counts once for `walking_days` however many walks it holds.
- The streak counts due sessions done in a row, back from the latest; an excused skip neither
  breaks nor extends it; a missed one ends it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

from facetcoach.models import (
    CATEGORIES,
    Exercise,
    LogEntry,
    PlanItem,
    Program,
    ProgramStatus,
    Session,
    Week,
)
from facetcoach.program.routine import flare_item
from facetcoach.program.schedule import program_end, week_dates
from facetcoach.program.strength_groups import done_each_day, rested, strength_families
from facetcoach.share.progress_data import CategoryProgress, Progress, Streak, Totals, WeekProgress

DONE, EXCUSED, MISSED = "done", "excused", "missed"


class _Day:
    """What the log holds for one date."""

    __slots__ = ("done_ids", "reasons", "sessions", "skips")

    def __init__(self) -> None:
        self.sessions: list[LogEntry] = []
        self.skips: list[LogEntry] = []
        self.done_ids: set[str] = set()
        self.reasons: list[str] = []


def _by_day(entries: Sequence[LogEntry], last: dt.date) -> dict[dt.date, _Day]:
    days: dict[dt.date, _Day] = {}
    for entry in entries:
        if entry.date > last or entry.kind not in ("session", "skipped"):
            continue
        # A session done late (`log` on a rest day) counts for the day it was planned.
        day = days.setdefault(entry.moved_from or entry.date, _Day())
        if entry.kind == "session":
            day.sessions.append(entry)
            day.done_ids.update(item.exercise_id for item in entry.done)
        else:
            day.skips.append(entry)
            if entry.reason:
                day.reasons.append(entry.reason)
    return days


def _with_items(program: Program, items_on: Callable[[Session], list[PlanItem] | None]) -> Program:
    """The program with each session's items as `items_on` gives them (None: as they are);
    the weeks no session of changed are kept as they are."""
    weeks, changed = [], False
    for week in program.weeks:
        sessions, here = [], False
        for session in week.sessions:
            items = items_on(session)
            here = here or items is not None
            sessions.append(session if items is None else replace(session, items=items))
        weeks.append(replace(week, sessions=sessions) if here else week)
        changed = changed or here
    return replace(program, weeks=weeks) if changed else program


def _rested(program: Program, entries: Sequence[LogEntry], families: Mapping[str, str]) -> Program:
    """The program with each session as `today` gave it: without the strength exercises a
    session of the day before did (W7). Found by review: the one left out counted as planned
    and not done (13/14 for a week where everything given was done)."""
    done_on = done_each_day(entries)

    def kept(session: Session) -> list[PlanItem] | None:
        before = done_on.get(session.date - dt.timedelta(days=1))
        items, left_out = rested(session.items, before, families) if before else ([], [])
        return items if left_out else None

    return _with_items(program, kept)


def _flare_days(
    program: Program, entries: Sequence[LogEntry], exercises: Iterable[Exercise]
) -> Program:
    """The program with each flare day's session as the flare routine recorded that day (FL1:
    modify, don't stop). Found by a new user's trial: doing the routine the advice gave
    counted as 3 of 6 exercises done, and its other exercises as extras. A day counts as a
    flare day when every session recorded for it is a flare routine."""
    by_id = {exercise.id: exercise for exercise in exercises}
    given: dict[dt.date, list[str]] = {}
    usual: set[dt.date] = set()
    for entry in entries:
        if entry.kind != "session":
            continue
        day = entry.moved_from or entry.date
        if not entry.flare:
            usual.add(day)
        elif day not in usual:
            ids = given.setdefault(day, [])
            ids += [i for i in entry.planned if i not in ids]
    flare_days = {day: ids for day, ids in given.items() if day not in usual}
    if not flare_days or not by_id:
        return program

    def routine(session: Session) -> list[PlanItem] | None:
        ids = flare_days.get(session.date)
        if ids is None:
            return None
        kept = {item.exercise_id: item for item in session.items}
        return [kept.get(i) or flare_item(by_id[i]) for i in ids if i in kept or i in by_id]

    return _with_items(program, routine)


def _is_due(session: Session, today: dt.date, days: dict[dt.date, _Day]) -> bool:
    if session.date < today:
        return True
    return session.date == today and session.date in days


def session_status(session: Session, days: dict[dt.date, _Day]) -> str:
    day = days.get(session.date)
    if day is not None and day.sessions:
        return DONE
    if day is not None and day.skips:
        return EXCUSED
    return MISSED


def _percent(done: int, planned: int) -> int | None:
    return round(100 * done / planned) if planned else None


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _week_progress(
    week: Week,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    days: dict[dt.date, _Day],
    walks: dict[dt.date, int],
) -> WeekProgress:
    walked = {day: minutes for day, minutes in walks.items() if start <= day <= end}
    counts = {DONE: 0, EXCUSED: 0, MISSED: 0}
    planned = done = 0
    reasons: list[str] = []
    due = [session for session in week.sessions if _is_due(session, today, days)]
    for session in due:
        status = session_status(session, days)
        counts[status] += 1
        planned += len(session.items)
        day = days.get(session.date)
        if day is None:  # missed: no entry that day
            continue
        if status == DONE:
            done += sum(1 for item in session.items if item.exercise_id in day.done_ids)
        elif status == EXCUSED:
            reasons.extend(day.reasons)
    planned_by_day = {s.date: {i.exercise_id for i in s.items} for s in week.sessions}
    extra = 0
    before: list[int] = []
    after: list[int] = []
    morning: list[int] = []
    for day_date, day in days.items():
        if not start <= day_date <= end:
            continue
        planned_ids = planned_by_day.get(day_date, set())
        extra += len(day.done_ids - planned_ids)
        # One value a day, however many entries (a session in two parts, or recorded twice):
        # the pain before the first part, after the last, and the next morning after it.
        firsts = [e.pain_before for e in day.sessions if e.pain_before is not None]
        lasts = [e.pain_after for e in day.sessions if e.pain_after is not None]
        mornings = [e.pain_morning for e in day.sessions if e.pain_morning is not None]
        before += firsts[:1]
        after += lasts[-1:]
        morning += mornings[-1:]
    return WeekProgress(
        week=week.number,
        phase=week.phase,
        phase_name=week.phase_name,
        start=start,
        end=end,
        sessions_scheduled=len(week.sessions),
        sessions_planned=len(due),
        sessions_done=counts[DONE],
        sessions_excused=counts[EXCUSED],
        sessions_missed=counts[MISSED],
        exercises_planned=planned,
        exercises_done=done,
        extra_exercises=extra,
        adherence_percent=_percent(done, planned),
        pain_before=_mean(before),
        pain_after=_mean(after),
        pain_morning=_mean(morning),
        skip_reasons=reasons,
        walking_target=week.walking_minutes,
        walked_minutes=sum(walked.values()),
        walking_days=len(walked),
    )


def _walks(entries: Sequence[LogEntry], last: dt.date) -> dict[dt.date, int]:
    """Minutes walked on each day up to `last` (A1), from every entry that records them."""
    found: dict[dt.date, int] = {}
    for entry in entries:
        if entry.walked_minutes and entry.date <= last:
            found[entry.date] = found.get(entry.date, 0) + entry.walked_minutes
    return found


def streak(statuses: Sequence[str]) -> Streak:
    """The current and the best run of sessions done, from statuses in date order."""
    best = run = 0
    for status in statuses:
        if status == DONE:
            run += 1
            best = max(best, run)
        elif status == MISSED:
            run = 0
    return Streak(current=run, best=best)


def compute_progress(
    program: Program,
    entries: Sequence[LogEntry],
    today: dt.date,
    weeks: int | None = None,
    *,
    no_extension: bool = False,
    exercises: Iterable[Exercise] = (),
) -> Progress:
    """Progress of `program` up to `today`; `weeks` limits the table to the latest N weeks.
    `no_extension`: rule E1 holds for the person (profile.no_extension), as Progress says.
    `exercises`: the plan's, for W7's families of levels (strength_groups.strength_families).

    The streak, the categories and the totals cover the program so far, whatever `weeks` is.
    """
    end = program_end(program)
    exercises = list(exercises)
    program = _rested(program, entries, strength_families(exercises))  # W7: as `today` gave it
    program = _flare_days(program, entries, exercises)  # FL1: a flare day, as recorded
    days = _by_day(entries, min(today, end))
    walks = _walks(entries, min(today, end))
    status: ProgramStatus = (
        "before" if today < program.start else "after" if today > end else "during"
    )
    dates = [week_dates(program, index) for index in range(len(program.weeks))]
    shown = [
        _week_progress(week, first, last, today, days, walks)
        for week, (first, last) in zip(program.weeks, dates, strict=True)
        if first <= today
    ]
    current = shown[-1].week if shown and status == "during" else None
    due = [
        session
        for week in program.weeks
        for session in week.sessions
        if _is_due(session, today, days)
    ]
    statuses = [session_status(session, days) for session in due]
    planned_by_category = dict.fromkeys(CATEGORIES, 0)
    done_by_category = dict.fromkeys(CATEGORIES, 0)
    for session, state in zip(due, statuses, strict=True):
        done_ids = days[session.date].done_ids if state == DONE else set()
        for item in session.items:
            planned_by_category[item.category] += 1
            if item.exercise_id in done_ids:
                done_by_category[item.category] += 1
    categories = [
        CategoryProgress(
            category=category,
            planned=planned_by_category[category],
            done=done_by_category[category],
            adherence_percent=_percent(done_by_category[category], planned_by_category[category]),
        )
        for category in CATEGORIES
        if planned_by_category[category]
    ]
    planned_items = sum(week.exercises_planned for week in shown)
    done_items = sum(week.exercises_done for week in shown)
    totals = Totals(
        sessions_planned=len(due),
        sessions_done=statuses.count(DONE),
        sessions_excused=statuses.count(EXCUSED),
        sessions_missed=statuses.count(MISSED),
        exercises_planned=planned_items,
        exercises_done=done_items,
        adherence_percent=_percent(done_items, planned_items),
    )
    if weeks is not None:
        shown = shown[-weeks:] if weeks > 0 else []
    return Progress(
        today=today,
        status=status,
        program_start=program.start,
        program_end=end,
        program_weeks=len(program.weeks),
        current_week=current,
        weeks=shown,
        categories=categories,
        totals=totals,
        streak=streak(statuses),
        no_extension=no_extension,
    )


def session_statuses(
    program: Program, entries: Sequence[LogEntry], today: dt.date
) -> list[tuple[Session, str]]:
    """Each session due by `today`, in date order, with its status: done, excused or missed.

    The same rules as compute_progress (the therapist report lists the dates)."""
    days = _by_day(entries, min(today, program_end(program)))
    return [
        (session, session_status(session, days))
        for week in program.weeks
        for session in week.sessions
        if _is_due(session, today, days)
    ]
