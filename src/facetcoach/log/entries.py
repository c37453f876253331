"""Log entries: building them and finding them. Pure functions, shared by every command.

`facetcoach log`, the guided session (`today`) and the check-ins build their entries here
and save them through log_store. Nothing here reads a clock or a file: `day` and `now`
come in as arguments; only a new entry's id is random (uuid4) unless one is given.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from facetcoach.days import day_text
from facetcoach.errors import InputError
from facetcoach.models import (
    SKIP_REASONS,
    Checkin,
    DoneItem,
    EntryKind,
    Exercise,
    LogEntry,
    MergeReport,
    PlanItem,
    Session,
    Symptom,
    is_one_of,
)
from facetcoach.safe_text import NOTE_CHARACTERS, check_text

# The shortest id prefix `log edit` and `log delete` accept (like git's short hashes).
MIN_PREFIX = 4
SHORT_ID = 8


def new_entry_id() -> str:
    return str(uuid.uuid4())


def stored_time(moment: dt.datetime) -> dt.datetime:
    """`moment` as the log keeps it: the same instant with a fixed UTC offset, in minutes.

    The log stores an offset, not a zone, so a zone (Europe/Paris) becomes its offset at that
    moment; this also keeps times in a daylight-saving fold comparable after a round trip.
    A few historical zones have offsets with seconds, which JSON date-times cannot carry: such
    a moment is kept in UTC.
    """
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError("a log time needs its UTC offset (use clock.now())")
    if offset % dt.timedelta(minutes=1):
        return moment.astimezone(dt.timezone.utc)
    if type(moment.tzinfo) is dt.timezone:
        return moment
    return moment.replace(tzinfo=dt.timezone(offset), fold=0)


def check_pain(option: str, value: int | None) -> int | None:
    """A 0-10 rating (pain on the NPRS, or effort), or None when not given."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise InputError(f"{option} must be a whole number from 0 to 10 (got {value!r}).")
    return value


def clean_note(note: str | None) -> str | None:
    """The note without surrounding blanks; an empty note is no note. A control character
    (but a line break or a tab) or a note over NOTE_CHARACTERS is refused (promise 12)."""
    if note is None:
        return None
    text = note.strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError("The note is not valid text; type it again.") from None
    check_text("The note", text, lines=True, limit=NOTE_CHARACTERS)
    return text or None


def done_item(item: PlanItem | Exercise) -> DoneItem:
    """The dose the user was given for an exercise, as it goes in the log."""
    exercise_id = item.exercise_id if isinstance(item, PlanItem) else item.id
    return DoneItem(
        exercise_id=exercise_id, sets=item.sets, reps=item.reps, hold_seconds=item.hold_seconds
    )


def session_entry(
    session: Session | None,
    day: dt.date,
    now: dt.datetime,
    *,
    skipped: Iterable[str] = (),
    extras: Sequence[DoneItem] = (),
    pain_before: int | None = None,
    pain_after: int | None = None,
    effort: int | None = None,
    note: str | None = None,
    flare: bool = False,
    entry_id: str | None = None,
) -> LogEntry:
    """A session done on `day`: the planned items (minus `skipped`) and any extra exercises.

    `session` is the session planned for `day`, or None on a day with nothing planned (then
    only `extras` can be recorded). Raises InputError for what cannot be recorded.
    """
    planned = [item.exercise_id for item in session.items] if session else []
    skip = list(dict.fromkeys(skipped))
    not_planned = [exercise_id for exercise_id in skip if exercise_id not in planned]
    if not_planned:
        raise InputError(
            f"{', '.join(not_planned)} is not in the session planned for {day_text(day)}; "
            f"planned: {', '.join(planned) or 'nothing'}."
        )
    items = session.items if session else []
    done = [done_item(item) for item in items if item.exercise_id not in skip]
    extra_ids: list[str] = []
    for extra in extras:
        if extra.exercise_id in extra_ids:
            continue
        if extra.exercise_id in planned and extra.exercise_id not in skip:
            raise InputError(
                f"{extra.exercise_id} is already in the session planned for {day_text(day)}; "
                "it is recorded as done without --extra."
            )
        extra_ids.append(extra.exercise_id)
        done.append(extra)
    if not done:
        raise InputError(
            "That leaves no exercise done. To record a planned session you did not do, use "
            "--skipped --reason flare|sick|travel|other."
        )
    return LogEntry(
        id=entry_id or new_entry_id(),
        kind="session",
        date=day,
        created_at=stored_time(now),
        planned=planned,
        done=done,
        skipped=[exercise_id for exercise_id in planned if exercise_id in skip],
        extra=extra_ids,
        pain_before=check_pain("--pain-before", pain_before),
        pain_after=check_pain("--pain-after", pain_after),
        effort=check_pain("--effort", effort),
        note=clean_note(note),
        flare=flare,
    )


def skipped_entry(
    session: Session,
    day: dt.date,
    now: dt.datetime,
    reason: str,
    *,
    note: str | None = None,
    entry_id: str | None = None,
) -> LogEntry:
    """An excused skip: the planned session of `day` not done, for a reason."""
    if not is_one_of(reason, SKIP_REASONS):
        raise InputError(f"--reason {reason!r} is not one of: {', '.join(SKIP_REASONS)}.")
    planned = [item.exercise_id for item in session.items]
    return LogEntry(
        id=entry_id or new_entry_id(),
        kind="skipped",
        date=day,
        created_at=stored_time(now),
        planned=planned,
        skipped=list(planned),
        reason=reason,
        flare=reason == "flare",
        note=clean_note(note),
    )


def checkin_entry(
    day: dt.date,
    now: dt.datetime,
    checkin: Checkin,
    *,
    note: str | None = None,
    entry_id: str | None = None,
) -> LogEntry:
    """Outcome measures taken on `day` (for the adaptive coaching and the therapist report)."""
    return LogEntry(
        id=entry_id or new_entry_id(),
        kind="checkin",
        date=day,
        created_at=stored_time(now),
        checkin=checkin,
        note=clean_note(note),
    )


def symptom_entry(
    day: dt.date,
    now: dt.datetime,
    symptom: Symptom,
    *,
    note: str | None = None,
    entry_id: str | None = None,
) -> LogEntry:
    """A warning symptom reported on `day` (rule PM5: stop progressing and re-screen)."""
    return LogEntry(
        id=entry_id or new_entry_id(),
        kind="symptom",
        date=day,
        created_at=stored_time(now),
        symptom=symptom,
        note=clean_note(note),
    )


def walk_entry(
    day: dt.date,
    now: dt.datetime,
    minutes: int,
    *,
    note: str | None = None,
    entry_id: str | None = None,
) -> LogEntry:
    """Minutes walked on `day`, recorded on their own (rule A1), on any day."""
    return LogEntry(
        id=entry_id or new_entry_id(),
        kind="walk",
        date=day,
        created_at=stored_time(now),
        walked_minutes=check_walked(minutes),
        note=clean_note(note),
    )


WALKED_MAX = 600  # minutes in a day: more is a typing slip


def check_walked(minutes: int) -> int:
    if not 1 <= minutes <= WALKED_MAX:
        raise InputError(
            f"--walked: give the minutes walked, a whole number from 1 to {WALKED_MAX}."
        )
    return minutes


def checked_entry(
    day: dt.date, now: dt.datetime, note: str, *, entry_id: str | None = None
) -> LogEntry:
    """A clinician has checked the person after a new symptom (`log checked`, rule PM5): what
    they said, in the person's words. Progression may resume from this day."""
    text = clean_note(note)
    if text is None:
        raise InputError(
            'Say what the clinician said, with --note "...": it goes in your log and your report.'
        )
    return LogEntry(
        id=entry_id or new_entry_id(),
        kind="checked",
        date=day,
        created_at=stored_time(now),
        note=text,
    )


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()

# What `log edit` may change, and on which kinds of entry.
EDITABLE = {
    "pain_before": ("--pain-before", ("session",)),
    "pain_after": ("--pain-after", ("session",)),
    "pain_morning": ("--pain-morning", ("session",)),
    "effort": ("--effort", ("session",)),
    "reason": ("--reason", ("skipped",)),
    "note": ("--note", ("session", "skipped", "checkin", "symptom", "checked", "walk")),
    "date": ("--date", ("session", "skipped", "checkin", "symptom", "checked", "walk")),
    "done": ("--done", ("session",)),
    "skipped": ("--skip", ("session",)),
}


def edited_entry(entry: LogEntry, now: dt.datetime, **changes: Any) -> LogEntry:
    """`entry` with the given fields changed (None clears one) and `updated_at` set.

    Fields left as UNSET are kept. Raises InputError for a field that does not apply.
    """
    given = {name: value for name, value in changes.items() if value is not UNSET}
    if not given:
        raise InputError(
            "Say what to change: --pain-before, --pain-after, --pain-morning, --effort, "
            "--reason, --note, --date, --done or --skip."
        )
    clean: dict[str, Any] = {}
    for name, value in given.items():
        option, kinds = EDITABLE[name]
        if entry.kind not in kinds:
            raise InputError(f"{option} does not apply to a {entry.kind} entry.")
        if name == "note":
            clean[name] = clean_note(value)
        elif name == "date":
            clean[name] = value  # checked by the CLI: a past day
        elif name in ("done", "skipped"):
            continue  # with_exercises() below
        elif name == "reason":
            if value not in SKIP_REASONS:
                raise InputError(f"--reason {value!r} is not one of: {', '.join(SKIP_REASONS)}.")
            clean[name] = value
            clean["flare"] = value == "flare"
        else:
            clean[name] = check_pain(option, value)
    edited = dataclasses.replace(entry, **clean)
    if "done" in given or "skipped" in given:
        edited = with_exercises(edited, given.get("done", ()), given.get("skipped", ()))
    return dataclasses.replace(edited, updated_at=stored_time(now))


def with_exercises(entry: LogEntry, done: Sequence[DoneItem], skip: Sequence[str]) -> LogEntry:
    """A session with planned exercises moved between done and skipped (`log edit --done ID`,
    `--skip ID`); `done` holds the dose each was given (the plan's for that day)."""
    items = list(entry.done)
    skipped = list(entry.skipped)
    for exercise_id in skip:
        planned_done = [d.exercise_id for d in items if d.exercise_id not in entry.extra]
        if exercise_id not in planned_done:
            raise InputError(
                f"--skip {exercise_id}: it is not a planned exercise recorded as done in this "
                f"entry; done: {', '.join(planned_done) or 'none'}."
            )
        items = [d for d in items if d.exercise_id != exercise_id]
        skipped.append(exercise_id)
    for item in done:
        if item.exercise_id not in skipped:
            raise InputError(
                f"--done {item.exercise_id}: it is not a planned exercise left out of this "
                f"entry; left out: {', '.join(skipped) or 'none'}."
            )
        skipped.remove(item.exercise_id)
        items.append(item)
    if not items:
        raise InputError(
            "That leaves no exercise done; to record the session as not done, delete this "
            "entry and use `facetcoach log --skipped --reason ...`."
        )
    order = {exercise_id: n for n, exercise_id in enumerate(entry.planned)}
    items.sort(key=lambda d: order.get(d.exercise_id, len(order)))
    return dataclasses.replace(
        entry, done=items, skipped=[i for i in entry.planned if i in skipped]
    )


def with_morning_pain(entry: LogEntry, pain: int, now: dt.datetime) -> LogEntry:
    """The session `entry` with its next-morning pain (rule PM2's 24-hour check)."""
    if entry.kind != "session":
        raise InputError("Next-morning pain belongs to a session entry.")
    return dataclasses.replace(
        entry, pain_morning=check_pain("Next-morning pain", pain), updated_at=stored_time(now)
    )


# --- Finding entries --------------------------------------------------------------------


def _moment(entry: LogEntry) -> float:
    return instant(entry.created_at)


def instant(moment: dt.datetime) -> float:
    """A stored time as seconds since the epoch, to compare times of any offset."""
    # timestamp() also works for a naive time typed into the file by hand (as local time),
    # except near the ends of the calendar, where local time cannot be worked out (0001-01-01,
    # found by fuzzing the log file): such a time is read as UTC.
    try:
        return moment.timestamp()
    except (ValueError, OverflowError):
        return moment.replace(tzinfo=dt.timezone.utc).timestamp()


def find_entry(entries: Sequence[LogEntry], ref: str) -> LogEntry:
    """The entry whose id is `ref`, or starts with it (at least 4 characters, like git)."""
    wanted = ref.strip().lower()
    for entry in entries:
        if entry.id == wanted:
            return entry
    if len(wanted) < MIN_PREFIX:
        raise InputError(
            f"Give at least {MIN_PREFIX} characters of the entry id (got {ref!r}); "
            "`facetcoach log list` shows them."
        )
    found = [entry for entry in entries if entry.id.startswith(wanted)]
    if not found:
        raise InputError(
            f"There is no entry with the id {ref!r}; `facetcoach log list` shows the ids."
        )
    if len(found) > 1:
        shown = ", ".join(entry.id[:12] for entry in found[:5])
        raise InputError(f"{ref!r} matches {len(found)} entries ({shown}); give more of the id.")
    return found[0]


def last_written(entries: Sequence[LogEntry]) -> LogEntry | None:
    """The entry written last: the last in the file, where every new entry goes (a `log`,
    a check-in, an import), whatever its day or its created_at (`log undo`)."""
    return entries[-1] if entries else None


def latest_session(
    entries: Sequence[LogEntry], *, until: dt.date, on: dt.date | None = None
) -> LogEntry | None:
    """The last session entry on or before `until` (or on the day `on`), newest recorded."""
    candidates = [
        (entry.date, _moment(entry), index, entry)
        for index, entry in enumerate(entries)
        if entry.kind == "session" and entry.date <= until and (on is None or entry.date == on)
    ]
    return max(candidates, key=lambda row: row[:3])[3] if candidates else None


def entries_on(
    entries: Sequence[LogEntry], day: dt.date, kind: EntryKind | None = None
) -> list[LogEntry]:
    return [e for e in entries if e.date == day and (kind is None or e.kind == kind)]


def in_display_order(entries: Iterable[LogEntry]) -> list[LogEntry]:
    """By date, then by when they were recorded."""
    indexed = list(enumerate(entries))
    indexed.sort(key=lambda pair: (pair[1].date, _moment(pair[1]), pair[0]))
    return [entry for _, entry in indexed]


def merge_entries(
    ours: Sequence[LogEntry], theirs: Sequence[LogEntry]
) -> tuple[list[LogEntry], MergeReport]:
    """Combine two logs by entry id, without duplicates, and without tombstones or a clock
    (log/merge.py has the whole rule): a new id is added at the end; the same id with
    different content keeps the copy changed last (updated_at, else created_at); on a tie
    ours is kept."""
    from facetcoach.log.merge import merge_logs

    merged, _tombstones, report = merge_logs(ours, [], theirs, [], None)
    return merged, report
