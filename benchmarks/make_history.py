"""Build a realistic facetcoach data folder: a current plan and years of history before it.

    python benchmarks/make_history.py --years 10 --home /tmp/ten-years [--today 2027-03-01]

Everything goes through the project's own code, as the commands would: the planner builds
each program and plan_store saves it (so the older ones land in plans/, as they do for a
user who builds a new block every few months); log_entries builds every entry and log_store
appends them, one batch per program (about 40 writes for ten years, not 3,600).

What ten years hold (about 3,600 entries): back-to-back programs of 6-16 weeks with 4-6
session days a week; most planned sessions done, with pain before and after, effort and
often the next morning's pain (PM2); some with exercises left out; excused skips with their
reasons; flare-ups of a few days (gentle flare sessions, FL1, and skips for "flare");
extra exercises on many rest days (and a second entry on some days); a check-in (NPRS, ODI
sections, PSFS) every two weeks; now and then a warning symptom; notes in many scripts and
with emoji.

A log of a given size (`--entries 100000`, for measuring how costs grow): the history of
--years, then copies of its own entries moved back in time by whole spans of that history
(see extend_log); `--base` starts from a copy of a folder built already.

Deterministic: the same --seed, --years, --today and --entries give the same files.
Dates are relative to --today (default: the real today): the current program covers it,
and the history ends the day before (today itself is left for `facetcoach log`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import uuid
from pathlib import Path
from typing import Any

# Ages, pains and habits of the imaginary user.
AGE_TODAY = 52
ZONE = "Europe/Berlin"  # a zone with daylight saving, so offsets change twice a year
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ACTIVITIES = ("sedentary", "moderate", "active")
TRIGGERS = ("extension", "flexion", "rotation", "sitting", "standing", "walking", "lifting")
KIT = ["mat", "chair", "wall", "counter"]
MORE_KIT = ["band", "ball", "towel", "foam_roller"]

NOTES = [
    "felt good today 💪",
    "Rücken morgens etwas steif, nach der Übung besser",
    "genou douloureux, pas le dos",
    "短い散歩の後で楽になった",
    "long drive yesterday — stiff on the left",
    "did it after work ✓",
    "slept badly 😴 but the session helped",
    "“the brace felt strong” said the physio",
    "assis 9 h au bureau",
    "слегка болит поясница",
    "كان يوما جيدا",
    "quiet session 🧘‍♀️",
    'a note with "quotes", a back\\slash and a\ttab',
    "ça va mieux qu'hier",
    "Καλή μέρα, λίγος πόνος",
    "हल्का दर्द, पर ठीक",
    "garden work yesterday 🌱🌱",
]
SKIP_NOTES = {
    "flare": ["bent to lift the laundry basket", "flare after the long flight", "bad night 🔥"],
    "sick": ["flu 🤒", "cold, stayed in bed", "Magen-Darm"],
    "travel": ["conference in Lisbon ✈", "visiting family", "road trip — no mat"],
    "other": ["kids' birthday 🎂", "deadline at work", None],
}
PSFS_ACTIVITIES = [
    "gardening",
    "tying shoelaces",
    "jardinería",
    "散歩 30 分",
    "Fahrrad fahren",
    "carrying the shopping",
    "sitting through a film 🎬",
]


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=float, default=10, help="years of history (0: none)")
    parser.add_argument("--home", type=Path, required=True, help="the data folder to create")
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=None,
        help="the day the history leads up to, YYYY-MM-DD (default: the real today)",
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument(
        "--entries",
        type=int,
        default=0,
        help="then grow the log to this many entries, with copies of the history further back",
    )
    parser.add_argument(
        "--base",
        type=Path,
        help="with --entries: copy this folder (built with the same --years, --seed, --today) "
        "instead of building the history again",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    home = args.home.expanduser().resolve()
    if home.exists() and any(home.iterdir()):
        print(f"{home} is not empty: give a new or empty folder.", file=sys.stderr)
        return 2
    # Every path facetcoach uses follows FACETCOACH_HOME, read on each call.
    os.environ["FACETCOACH_HOME"] = str(home)
    today = args.today or dt.date.today()
    if args.base is not None:
        import shutil

        shutil.copytree(args.base, home, symlinks=True, dirs_exist_ok=True)
        summary = f"{home}: a copy of {args.base}"
    else:
        summary = build_history(today, args.years, args.seed)
    if args.entries:
        summary += "; " + extend_log(args.entries, args.seed)
    print(summary)
    return 0


# --- Programs ---------------------------------------------------------------------------------


def _monday_on_or_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _program_spans(
    today: dt.date, years: float, current: random.Random, rng: random.Random
) -> list[tuple[dt.date, int]]:
    """(start, weeks) of each program, oldest first; the last one covers `today`."""
    current_weeks = 8
    current_start = _monday_on_or_before(today) - dt.timedelta(weeks=current.randint(1, 5))
    spans = [(current_start, current_weeks)]
    first_day = today - dt.timedelta(days=round(365.25 * years))
    start = current_start
    while start > first_day:
        weeks = rng.randint(6, 16)
        start -= dt.timedelta(weeks=weeks)
        spans.append((start, weeks))
    return spans[::-1]


def _answers(start: dt.date, weeks: int, today: dt.date, rng: random.Random, must: str | None):
    from facetcoach.intake.screen import no_red_flags
    from facetcoach.models import Answers

    years_ago = (today - start).days // 365
    pain_now = min(8, max(1, rng.randint(2, 5) + (1 if years_ago > 6 else 0)))
    triggers = list(TRIGGERS)
    rng.shuffle(triggers)
    worse = sorted(triggers[: rng.randint(0, 3)])
    better = sorted(triggers[3 : 3 + rng.randint(0, 2)])
    count = rng.choice([4, 5, 5, 6, 6, 6])
    days = set(rng.sample(DAY_NAMES, count))
    if must is not None and must not in days:
        days.discard(next(iter(sorted(days))))
        days.add(must)
    return Answers(
        pain_now=pain_now,
        pain_worst=min(10, pain_now + rng.randint(0, 3)),
        worse_with=worse,
        better_with=better,
        age=AGE_TODAY - years_ago,
        activity=rng.choice(ACTIVITIES),
        balance_concern=rng.random() < 0.1,
        days=[day for day in DAY_NAMES if day in days],
        minutes=rng.choice([15, 20, 20, 25, 30, 40]),
        equipment=KIT + sorted(rng.sample(MORE_KIT, rng.randint(0, 3))),
        red_flags=no_red_flags(),
        start=start,
        weeks=weeks,
    )


def _plan(start: dt.date, weeks: int, today: dt.date, library: Any, rng: random.Random, must):
    """A PlanFile built as `facetcoach plan --answers` builds it (cli/plan/commands.py)."""
    from facetcoach.errors import InputError
    from facetcoach.model_json import dumps
    from facetcoach.models import SCHEMA_VERSION, PlanFile
    from facetcoach.program.planner import build_program
    from facetcoach.validation import validate_json

    for _ in range(20):
        answers = _answers(start, weeks, today, rng, must)
        try:
            program = build_program(answers, library, start)
        except InputError:
            continue  # answers the planner cannot serve: a user would change them
        used = {i.exercise_id for week in program.weeks for s in week.sessions for i in s.items}
        made = _local(start - dt.timedelta(days=1), 20, rng.randint(0, 59))
        plan = PlanFile(
            schema_version=SCHEMA_VERSION,
            created_at=made,
            answers=answers,
            program=program,
            exercises=[e for e in library.exercises if e.id in used],
            screen="answered",
            screened_on=made.date(),
        )
        validate_json(PlanFile, dumps(plan))
        return plan
    raise RuntimeError(f"no feasible answers for a program starting {start}")


# --- Times ------------------------------------------------------------------------------------


def _zone() -> dt.tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(ZONE)
    except Exception:  # no time-zone database: a fixed offset will do
        return dt.timezone(dt.timedelta(hours=1))


TZ = _zone()


def _local(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), TZ)


def _entry_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _clamp(value: int) -> int:
    return max(0, min(10, value))


# --- Entries ----------------------------------------------------------------------------------


def _flare_days(first: dt.date, last: dt.date, rng: random.Random) -> set[dt.date]:
    """About three flare-ups a year, each 3-8 days long."""
    days: set[dt.date] = set()
    span = (last - first).days
    for _ in range(round(3 * span / 365)):
        begin = first + dt.timedelta(days=rng.randrange(max(1, span)))
        days.update(begin + dt.timedelta(days=n) for n in range(rng.randint(3, 8)))
    return days


def _note(rng: random.Random, chance: float) -> str | None:
    return rng.choice(NOTES) if rng.random() < chance else None


class History:
    """The entries of one program's days, built with the log_entries builders."""

    def __init__(self, rng: random.Random, flares: set[dt.date], checkin_every: int) -> None:
        self.rng = rng
        self.flares = flares
        self.checkin_every = checkin_every
        self.base_pain = 4

    def program_entries(self, plan: Any, first: dt.date, last: dt.date, origin: dt.date) -> list:
        from facetcoach.program.schedule import session_on

        rng = self.rng
        self.base_pain = max(1, min(7, plan.answers.pain_now + rng.randint(-1, 1)))
        entries: list = []
        day = first
        while day <= last:
            session = session_on(plan.program, day)
            if session is not None:
                done = self._session_day(plan, session, day)
                entries += done
                if done and done[0].kind == "session" and rng.random() < 0.1:
                    entries.append(self._extras(plan, day))  # a second entry that day
            elif rng.random() < 0.6:
                entries.append(self._extras(plan, day))
            if (day - origin).days % self.checkin_every == 0:
                entries.append(self._checkin(day))
            if rng.random() < 0.003:
                entries.append(self._symptom(day))
            day += dt.timedelta(days=1)
        return entries

    def _pains(self, flare: bool) -> tuple[int, int, int]:
        rng = self.rng
        before = _clamp(self.base_pain + rng.randint(-1, 1) + (3 if flare else 0))
        after = _clamp(before + rng.choice([-2, -1, -1, 0, 0, 1]))
        effort = rng.randint(2, 5) if flare else rng.randint(3, 8)
        return before, after, effort

    def _session_day(self, plan: Any, session: Any, day: dt.date) -> list:
        from facetcoach.log.entries import session_entry, skipped_entry, with_morning_pain
        from facetcoach.models import Session
        from facetcoach.program.routine import routine_for

        rng = self.rng
        flare = day in self.flares
        roll = rng.random()
        evening = _local(day, rng.choice([7, 12, 17, 18, 19, 20, 21]), rng.randint(0, 59))
        if (flare and roll < 0.4) or (not flare and roll < 0.07):
            reason = "flare" if flare else rng.choice(["sick", "travel", "travel", "other"])
            note = rng.choice(SKIP_NOTES[reason])
            return [skipped_entry(session, day, evening, reason, note=note, entry_id=self._id())]
        if not flare and roll > 0.93:
            return []  # not done, not recorded: it happens
        before, after, effort = self._pains(flare)
        if flare:
            routine = routine_for(plan, day, flare=True)  # FL1: the gentle routine
            given = Session(date=day, minutes=routine.minutes, items=routine.items)
            skipped: list[str] = []
        else:
            given = session
            ids = [item.exercise_id for item in session.items]
            skipped = rng.sample(ids, rng.randint(1, 2)) if rng.random() < 0.12 else []
        entry = session_entry(
            given,
            day,
            evening,
            skipped=skipped,
            pain_before=before,
            pain_after=after,
            effort=effort,
            note=_note(rng, 0.25),
            flare=flare,
            entry_id=self._id(),
        )
        if rng.random() < 0.7:  # PM2: the next morning's pain, added the next morning
            morning = _clamp(before + rng.choice([-1, 0, 0, 0, 1, 2]))
            next_morning = _local(day + dt.timedelta(days=1), 7, rng.randint(0, 59))
            entry = with_morning_pain(entry, morning, next_morning)
        return [entry]

    def _extras(self, plan: Any, day: dt.date) -> Any:
        from facetcoach.log.entries import done_item, session_entry

        rng = self.rng
        chosen = rng.sample(plan.exercises, min(len(plan.exercises), rng.randint(1, 3)))
        return session_entry(
            None,
            day,
            _local(day, rng.randint(8, 21), rng.randint(0, 59)),
            extras=[done_item(exercise) for exercise in chosen],
            pain_before=_clamp(self.base_pain + rng.randint(-1, 1)),
            note=_note(self.rng, 0.2),
            entry_id=self._id(),
        )

    def _checkin(self, day: dt.date) -> Any:
        from facetcoach.log.entries import checkin_entry
        from facetcoach.models import Checkin

        rng = self.rng
        odi = [rng.choice([0, 1, 1, 2, 2, 3]) for _ in range(10)]
        if rng.random() < 0.3:
            odi[rng.randrange(10)] = -1  # a section the user skipped
        activities = rng.sample(PSFS_ACTIVITIES, rng.randint(1, 3))
        checkin = Checkin(
            nprs=_clamp(self.base_pain + rng.randint(-1, 1)),
            odi=odi,
            psfs={name: rng.randint(3, 9) for name in activities},
        )
        moment = _local(day, 20, rng.randint(0, 59))
        return checkin_entry(day, moment, checkin, note=_note(rng, 0.1), entry_id=self._id())

    def _symptom(self, day: dt.date) -> Any:
        from facetcoach.log.entries import symptom_entry

        rng = self.rng
        symptom = rng.choice(["numbness", "weakness", "leg-pain"])
        moment = _local(day, rng.randint(8, 21), rng.randint(0, 59))
        note = rng.choice(["tingling in the left foot", "Kribbeln im Bein", None])
        return symptom_entry(day, moment, symptom, note=note, entry_id=self._id())

    def _id(self) -> str:
        return _entry_id(self.rng)


def build_history(today: dt.date, years: float, seed: int) -> str:
    """Save the plans and append the entries; returns a one-line summary.

    The current plan has a random stream of its own, so that it is the same whatever
    `years` is: an empty history (years 0) and a long one can be compared fairly.
    """
    from facetcoach import paths
    from facetcoach.library.loading import load_library
    from facetcoach.log.store import append_entries
    from facetcoach.program.schedule import program_end
    from facetcoach.program.store import save_plan

    library = load_library()
    current_rng, rng = random.Random(seed), random.Random(seed + 1)
    spans = _program_spans(today, years, current_rng, rng)
    first_day = today - dt.timedelta(days=round(365.25 * years))
    yesterday = today - dt.timedelta(days=1)
    history = History(rng, _flare_days(first_day, yesterday, rng), checkin_every=14)
    total = 0
    for number, (start, weeks) in enumerate(spans):
        current = number == len(spans) - 1
        must = DAY_NAMES[today.weekday()] if current else None  # `log` has a session today
        plan = _plan(start, weeks, today, library, current_rng if current else rng, must)
        save_plan(plan)  # the previous program goes to plans/, as for a real user
        if years <= 0:
            continue
        first = max(start, first_day)
        last = min(program_end(plan.program), yesterday)
        if first > last:
            continue
        entries = history.program_entries(plan, first, last, first_day)
        if entries:
            append_entries(entries)  # one locked, fsynced write per program
            total += len(entries)
    log = paths.log_file()
    size = log.stat().st_size if log.exists() else 0
    return (
        f"{paths.data_dir()}: {len(spans)} programs (the current one from {spans[-1][0]}), "
        f"{total} log entries from {first_day if years > 0 else '-'} to {yesterday}, "
        f"log.json {size / 1e6:.2f} MB"
    )


def extend_log(total: int, seed: int) -> str:
    """Grow the log to `total` entries with copies of its own entries; returns a summary.

    Each copy is the whole history moved back by its span (whole weeks, so weekdays stay)
    with new ids; the oldest copy holds the newest part of a span. Nobody logs for three
    centuries: this is a log of the size, layout and mix of a real one, for measuring, and
    the current program's window is the same as in the history it copies. The entries are
    built as models and encoded with the project's own encoder (no CLI call per entry); the
    newest entry is then appended through log_store, which checks the whole file strictly
    (it has no record of it) and leaves the record that a later append trusts.
    """
    import json
    from dataclasses import replace

    from facetcoach import paths
    from facetcoach.files import write_atomic
    from facetcoach.log.file_format import encode_log, entry_bytes
    from facetcoach.log.store import CHECKED_NAME, append_entries
    from facetcoach.model_json import from_data
    from facetcoach.models import LogEntry

    log = paths.log_file()
    raw = log.read_bytes() if log.exists() else b'{"entries":[]}'
    items = json.loads(raw)["entries"]
    if not items:
        raise SystemExit("No history to copy: build one with --years > 0 first.")
    if len(items) >= total:
        return f"the log holds {len(items)} entries already"
    entries = [from_data(LogEntry, item) for item in items]
    days = [entry.date for entry in entries]
    weeks = (max(days) - min(days)).days // 7 + 1
    rng = random.Random(seed + 2)
    copies: list[list[bytes]] = []
    need = total - len(entries)
    while need > 0:
        back = dt.timedelta(weeks=weeks * (len(copies) + 1))
        part = entries[-need:] if need < len(entries) else entries
        copies.insert(0, [entry_bytes(_moved(entry, back, rng, replace)) for entry in part])
        need -= len(part)
    *kept, newest = entries
    pieces = [piece for copy in copies for piece in copy]
    pieces += [entry_bytes(entry) for entry in kept]
    for stale in (paths.log_backup_file(), paths.data_dir() / CHECKED_NAME):
        stale.unlink(missing_ok=True)
    write_atomic(log, encode_log(pieces))
    append_entries([newest])  # the strict check of all of it, and the record
    oldest = min(days) - dt.timedelta(weeks=weeks * len(copies))
    return (
        f"grown to {total} entries: {len(copies)} copies of the history moved back by "
        f"{weeks}-week spans (the oldest from about {oldest}), "
        f"log.json {log.stat().st_size / 1e6:.1f} MB"
    )


def _moved(entry: Any, back: dt.timedelta, rng: random.Random, replace: Any) -> Any:
    """`entry`, moved `back` in time, with a new id."""
    return replace(
        entry,
        id=_entry_id(rng),
        date=entry.date - back,
        created_at=entry.created_at - back,
        updated_at=entry.updated_at and entry.updated_at - back,
        moved_from=entry.moved_from and entry.moved_from - back,
    )


if __name__ == "__main__":
    sys.exit(main())
