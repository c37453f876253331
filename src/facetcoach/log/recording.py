"""What `facetcoach log` records: the rules that turn what the person said into one entry. Pure.

The CLI parses the options and asks for pain in a terminal; here the options are checked
against each other, against the day's planned session, and the entry is built. No clock and no
files: the plan, the day's (adjusted) session, `now` and a way to look up exercise ids come in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from facetcoach.days import day_text
from facetcoach.errors import DataError, InputError
from facetcoach.log.entries import (
    check_walked,
    done_item,
    session_entry,
    skipped_entry,
    walk_entry,
)
from facetcoach.models import EntryKind, Exercise, LogEntry, PlanFile, Session
from facetcoach.program.schedule import program_end

if TYPE_CHECKING:
    from facetcoach.log.held import EntryHead


@dataclass(slots=True)
class SessionReport:
    """What the person said about a day's session (the options of `facetcoach log`)."""

    skip: list[str] = field(default_factory=list)
    only: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    pain_before: int | None = None
    pain_after: int | None = None
    effort: int | None = None
    note: str | None = None
    skipped: bool = False
    reason: str | None = None
    flare: bool = False  # the flare routine was done (rule FL1)
    walked: int | None = None  # rule A1: minutes walked that day
    wobble: bool = False  # rule B4b: a wobble or near-fall during the balance work


def walk_only(report: SessionReport) -> bool:
    """`--walked` with no session option records a walk on its own, on any day (A1)."""
    given = [*_session_details(report), ("--skipped", report.skipped), ("--flare", report.flare)]
    return report.walked is not None and not first_given(given)


def _session_details(report: SessionReport) -> list[tuple[str, object]]:
    """The options that describe a session done, by their names."""
    return [
        ("--skip", report.skip),
        ("--only", report.only),
        ("--extra", report.extra),
        ("--pain-before", report.pain_before),
        ("--pain-after", report.pain_after),
        ("--effort", report.effort),
        ("--wobble", report.wobble),
    ]


def ids(words: Sequence[str] | None) -> list[str]:
    """Exercise ids as typed: trimmed and lower-cased."""
    return [word.strip().lower() for word in words or []]


def first_given(options: Sequence[tuple[str, object]]) -> str | None:
    """The first option in `options` that was given (not None, not an empty list)."""
    return next((name for name, value in options if value not in (None, [], False)), None)


def check_report(report: SessionReport) -> None:
    """The options that do not go together, each with its own sentence (exit 2)."""
    if report.skip and report.only:
        raise InputError("Use --skip or --only, not both.")
    if report.reason is not None and not report.skipped:
        raise InputError("--reason goes with --skipped (a planned session you did not do).")
    if report.skipped:
        given = first_given([*_session_details(report), ("--flare", report.flare)])
        if given:
            raise InputError(f"--skipped records a session not done; {given} does not fit.")
        if report.reason is None:
            raise InputError("--skipped needs --reason: flare, sick, travel or other.")


def no_session_sentence(plan: PlanFile, day: dt.date) -> str:
    """Why nothing was planned on `day`: before the start, after the end, or a rest day."""
    program = plan.program
    if day < program.start:
        why = f"your program starts on {day_text(program.start)}"
    elif day > program_end(program):
        why = f"your program ended on {day_text(program_end(program))}"
    else:
        why = "a rest day"
    return f"No session was planned on {day_text(day)} ({why})."


def check_day(
    plan: PlanFile | None, session: Session | None, day: dt.date, report: SessionReport
) -> None:
    """Whether there is something to record on `day`: a planned session, or extra exercises."""
    if plan is None and not walk_only(report) and (report.skipped or not report.extra):
        raise DataError(
            "There is no plan yet, so there is no planned session to record. Build one with "
            "`facetcoach plan`, or record what you did with --extra ID (repeatable)."
        )
    if walk_only(report) or plan is None or session is not None:
        return  # a walk alone goes on any day, with or without a plan (A1)
    if report.flare:
        raise InputError(
            f"{no_session_sentence(plan, day)} The flare routine goes with a planned session; "
            "give its day with --date."
        )
    if report.skipped:
        raise InputError(f"{no_session_sentence(plan, day)} There is nothing to skip.")
    if not report.extra:
        raise InputError(
            f"{no_session_sentence(plan, day)} Say what you did with --extra ID (repeatable), "
            "or give the day of a planned session with --date."
        )


def renamed(report: SessionReport, given_ids: dict[str, str]) -> None:
    """A planned exercise given at another level may be named by either id."""
    report.skip = [given_ids.get(i, i) for i in report.skip]
    report.only = [given_ids.get(i, i) for i in report.only]


def check_ids(
    session: Session | None,
    day: dt.date,
    report: SessionReport,
    require: Callable[[str, str], Exercise],
) -> list[str]:
    """Every id named is known, and --skip and --only name planned ones; the planned ids."""
    planned = [item.exercise_id for item in session.items] if session else []
    for option, chosen in (("--skip", report.skip), ("--only", report.only)):
        for exercise_id in chosen:
            if exercise_id not in planned:
                require(option, exercise_id)  # an unknown id gets its own sentence
                raise InputError(
                    f"{option} {exercise_id}: it is not in the session planned for "
                    f"{day_text(day)}; planned: {', '.join(planned) or 'nothing'}."
                )
    for exercise_id in report.extra:
        require("--extra", exercise_id)
    return planned


class Recorded:
    """The entry to save, and what to say about a session that was not planned."""

    __slots__ = ("entry", "planned_note")

    def __init__(self, entry: LogEntry, planned_note: str | None) -> None:
        self.entry, self.planned_note = entry, planned_note


def build_entry(
    plan: PlanFile | None,
    session: Session | None,
    day: dt.date,
    now: dt.datetime,
    report: SessionReport,
    require: Callable[[str, str], Exercise],
    *,
    moved_from: dt.date | None = None,
) -> Recorded:
    """The entry for `day`: a skip, or the session as done. `require(option, id)` looks an id
    up (the plan's copies, then the library) and raises a clear error for an unknown one.

    `moved_from`: the planned day of a missed session done (or skipped) late, on a rest day."""
    # "today" only when it is (found by a new user's trial: `--date "last fri"` said it).
    when = "today" if day == now.date() else f"on {day_text(day)}"
    late = (
        f"Recorded for the session planned on {day_text(moved_from)}, done late {when}."
        if moved_from is not None
        else None
    )
    if report.walked is not None and walk_only(report):
        return Recorded(walk_entry(day, now, report.walked, note=report.note), None)
    if report.skipped:
        assert session is not None and report.reason is not None  # check_report, check_day
        entry = skipped_entry(session, day, now, report.reason, note=report.note)
        return Recorded(_with_walk(replace(entry, moved_from=moved_from), report.walked), late)
    planned = check_ids(session, day, report, require)
    skip = report.skip
    if report.only:
        skip = [exercise_id for exercise_id in planned if exercise_id not in report.only]
    extras = [done_item(require("--extra", i)) for i in dict.fromkeys(report.extra)]
    planned_note = None
    if session is None:
        planned_note = (
            f"{no_session_sentence(plan, day)} Recorded as extra exercises."
            if plan
            else "There is no plan yet: recorded as extra exercises."
        )
    entry = session_entry(
        session,
        day,
        now,
        skipped=skip,
        extras=extras,
        pain_before=report.pain_before,
        pain_after=report.pain_after,
        effort=report.effort,
        note=report.note,
        flare=report.flare,
    )
    if report.wobble:
        _check_balance_done(entry, session, require)
    entry = replace(entry, moved_from=moved_from, wobble=report.wobble)
    return Recorded(_with_walk(entry, report.walked), planned_note or late)


def _check_balance_done(
    entry: LogEntry, session: Session | None, require: Callable[[str, str], Exercise]
) -> None:
    """B4b: --wobble tells of the balance work, so the session must have done some."""
    planned = {item.exercise_id: item.category for item in session.items} if session else {}
    for done in entry.done:
        category = planned.get(done.exercise_id) or require("--extra", done.exercise_id).category
        if category == "balance":
            return
    raise InputError(
        "--wobble says you wobbled in the balance work, but no balance exercise is recorded "
        "as done in this session; leave --wobble out, or record the balance exercise too."
    )


def _with_walk(entry: LogEntry, walked: int | None) -> LogEntry:
    return entry if walked is None else replace(entry, walked_minutes=check_walked(walked))


def same_day_count(held: Sequence[LogEntry | EntryHead], entry: LogEntry) -> int:
    """How many session or skip entries the day of `entry` had before it (`held`: the
    entries the log held, or those of that day)."""
    return sum(1 for e in held if e.date == entry.date and e.kind in ("session", "skipped"))


def recorded_for(entries: Sequence[LogEntry], day: dt.date, kind: EntryKind) -> list[LogEntry]:
    """The entries of `kind` (session or skipped) already recorded for the planned day `day`
    (done on it, or done late for it)."""
    return [e for e in entries if e.kind == kind and (e.moved_from or e.date) == day]


def skip_over_session(sessions: Sequence[LogEntry], day: dt.date) -> InputError:
    """A skip for a day whose session is recorded as done: refused, with how to fix it."""
    ids = ", ".join(e.id[:8] for e in sessions)
    return InputError(
        f"A session is already recorded for {day_text(day)} (entry {ids}); if it was not done, "
        "remove it with `facetcoach log delete ID` first."
    )
