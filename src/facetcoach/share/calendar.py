"""The program as a calendar: one iCalendar event per session. Pure: plan and options in, bytes out.

Decisions, so that calendar apps behave:

- Times are *floating* local times by default (`DTSTART:20261207T180000`, no zone): 18:00 stays
  18:00 in whatever zone the calendar shows, across daylight-saving changes and when travelling,
  which is what an exercise habit wants. A fixed UTC offset would shift by an hour at the next
  clock change. `zone` (an IANA name, `--tz Europe/Paris`) pins the events to that zone instead,
  with its VTIMEZONE, for calendar apps that handle floating times poorly.
- Event UIDs come from the program's start date and the session's date only: exporting again,
  or after the plan was rebuilt or adjusted with the same start, gives the same UIDs, so a
  calendar updates its events instead of adding copies. DTSTAMP is the moment of the export,
  so a re-import is seen as the newer version.
- An event lasts the session's estimate, rounded up to a whole minute.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from dataclasses import dataclass

from icalendar import Alarm, Calendar, Event

from facetcoach import __version__
from facetcoach.errors import InputError
from facetcoach.models import PlanFile, PlanItem, Session, Week
from facetcoach.program.dose import dose_text, whole_minutes
from facetcoach.program.safety import STOP_NOW_LINE
from facetcoach.program.schedule import program_end, sessions

DEFAULT_AT = dt.time(18, 0)
DEFAULT_REMIND_MINUTES = 15
MAX_REMIND_MINUTES = 7 * 24 * 60
# A fixed namespace: the same program start and session date give the same UID everywhere.
UID_NAMESPACE = uuid.UUID("0f5e8d3c-6a1b-5c47-9e2d-8b7a4c1f3e60")
CALENDAR_NAME = "facetcoach: back exercises"
# Rules PM1 and PM2, said the way the routine says them.
PAIN_RULE = (
    "Pain during the exercises up to 5 out of 10 is acceptable; it should settle by the next "
    "morning."
)


@dataclass(frozen=True)
class ExportOptions:
    """How to write the events: the time of day, the reminder, and an optional zone."""

    at: dt.time = DEFAULT_AT
    remind_minutes: int = DEFAULT_REMIND_MINUTES
    zone: dt.tzinfo | None = None  # None: floating local time
    first: dt.date | None = None  # `--from`: the sessions before this day are left out


def parse_time_of_day(text: str) -> dt.time:
    """'07:30', '7:30' or '18:00' as a time; anything else is an InputError."""
    found = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text)
    if found:
        hour, minute = int(found[1]), int(found[2])
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise InputError(f"--at {text!r} is not a time of day; use 24-hour HH:MM, like 07:30 or 18:00.")


def check_remind(minutes: int) -> int:
    if not 0 <= minutes <= MAX_REMIND_MINUTES:
        raise InputError(
            f"--remind must be a number of minutes from 0 (no reminder) to "
            f"{MAX_REMIND_MINUTES} (a week); got {minutes}."
        )
    return minutes


def zone_named(name: str) -> dt.tzinfo:
    """An IANA time zone ('Europe/Paris'); an unknown name is an InputError."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"--tz {name!r} is not a time zone name; use one like Europe/Paris or "
            "America/New_York (leave --tz out for your calendar's own zone)."
        ) from None


def event_uid(start: dt.date, day: dt.date) -> str:
    return f"{uuid.uuid5(UID_NAMESPACE, f'{start.isoformat()}/{day.isoformat()}')}@facetcoach"


def session_length(session: Session) -> dt.timedelta:
    return dt.timedelta(minutes=whole_minutes(session.minutes))


def build_calendar(plan: PlanFile, options: ExportOptions, stamp: dt.datetime) -> Calendar:
    """Every session of the program as an event; `stamp` (an aware time) is the export moment."""
    program = plan.program
    names = {exercise.id: exercise.name for exercise in plan.exercises}
    calendar = Calendar()
    calendar.add("prodid", f"-//facetcoach//facetcoach {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    stamp_utc = stamp.astimezone(dt.timezone.utc)
    total = len(program.weeks)
    for week, session in exported_sessions(plan, options):
        calendar.add_component(_event(program.start, week, total, session, names, options))
    for event in calendar.walk("VEVENT"):
        event.add("dtstamp", stamp_utc)
    if options.zone is not None:
        calendar.add_missing_timezones(
            first_date=program.start - dt.timedelta(days=1),
            last_date=program_end(program) + dt.timedelta(days=2),
        )
    return calendar


def exported_sessions(plan: PlanFile, options: ExportOptions) -> list[tuple[Week, Session]]:
    """The sessions the calendar holds: every one, or those from `options.first` on."""
    return [
        (week, session)
        for week, session in sessions(plan.program)
        if options.first is None or session.date >= options.first
    ]


def calendar_bytes(plan: PlanFile, options: ExportOptions, stamp: dt.datetime) -> bytes:
    ical: bytes = build_calendar(plan, options, stamp).to_ical()  # icalendar leaves it untyped
    return ical


def _event(
    start: dt.date,
    week: Week,
    weeks: int,
    session: Session,
    names: dict[str, str],
    options: ExportOptions,
) -> Event:
    begins = dt.datetime.combine(session.date, options.at)
    if options.zone is not None:
        begins = begins.replace(tzinfo=options.zone)
    minutes = math.ceil(session_length(session).total_seconds() / 60)
    event = Event()
    event.add("uid", event_uid(start, session.date))
    event.add("summary", f"Back exercises, week {week.number} of {weeks} ({minutes} min)")
    event.add("dtstart", begins)
    event.add("dtend", begins + session_length(session))
    event.add("description", session_description(week, weeks, session, names))
    event.add("categories", ["facetcoach"])
    event.add("transp", "OPAQUE")
    if options.remind_minutes:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Back exercises in {options.remind_minutes} minutes")
        alarm.add("trigger", dt.timedelta(minutes=-options.remind_minutes))
        event.add_component(alarm)
    return event


def session_description(week: Week, weeks: int, session: Session, names: dict[str, str]) -> str:
    """The routine in plain words: each exercise and its dose, the pain rule, the stop-now line."""
    minutes = math.ceil(session_length(session).total_seconds() / 60)
    lines = [
        f"Week {week.number} of {weeks}, phase {week.phase} ({week.phase_name}), "
        f"about {minutes} minutes.",
        "",
    ]
    for number, item in enumerate(session.items, start=1):
        lines.append(f"{number}. {names.get(item.exercise_id, item.exercise_id)}: {_dose(item)}")
    lines += [
        "",
        "Step by step: facetcoach today --guided. Or record it afterwards: facetcoach log.",
        PAIN_RULE,
        "",
        STOP_NOW_LINE,
    ]
    return "\n".join(lines)


def _dose(item: PlanItem) -> str:
    return dose_text(item.kind, item.sets, item.reps, item.hold_seconds, item.per_side)
