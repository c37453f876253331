"""A realistic data folder for the therapist report: a planned program and five weeks of log.

Used by the end-to-end report test, and by hand to look at the HTML report:

    FACETCOACH_HOME=/tmp/demo .venv/bin/python tests/helpers/report_demo.py
    FACETCOACH_HOME=/tmp/demo FACETCOACH_TODAY=2027-01-06 .venv/bin/facetcoach report -o r.html

An 8-week program from Monday 7 Dec 2026 (Mon/Wed/Fri); today is Wednesday 6 Jan 2027
(week 5). Sessions with pains and next-morning pains, an exercise left out, a flare (a skip,
then a gentle session), a trip, a missed Monday, a leg-pain symptom, notes with characters
that need escaping, and three check-ins.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from facetcoach.library.loading import load_library
from facetcoach.log.entries import (
    checkin_entry,
    session_entry,
    skipped_entry,
    symptom_entry,
)
from facetcoach.log.store import append_entries
from facetcoach.models import Answers, Checkin, PlanFile, RedFlags
from facetcoach.program.planner import build_program
from facetcoach.program.schedule import session_on
from facetcoach.program.store import save_plan

START = dt.date(2026, 12, 7)
TODAY = dt.date(2027, 1, 6)
CET = dt.timezone(dt.timedelta(hours=1))
NO_RED_FLAGS = RedFlags(**{f.name: False for f in dataclasses.fields(RedFlags)})
TRICKY_NOTE = 'Walked 20 min after: "much easier" <b>than</b> before & no leg pain'


def demo_plan() -> PlanFile:
    answers = Answers(
        pain_now=5,
        pain_worst=7,
        worse_with=["extension", "rotation", "standing"],
        better_with=["flexion", "walking"],
        age=58,
        activity="sedentary",
        balance_concern=False,
        days=["mon", "wed", "fri"],
        minutes=25,
        equipment=["mat", "chair", "counter", "band"],
        red_flags=NO_RED_FLAGS,
        start=START,
        weeks=8,
    )
    library = load_library(None)
    program = build_program(answers, library, START)
    used = {i.exercise_id for w in program.weeks for s in w.sessions for i in s.items}
    return PlanFile(
        schema_version=1,
        created_at=dt.datetime(2026, 12, 6, 20, 15, tzinfo=CET),
        answers=answers,
        program=program,
        exercises=[e for e in library.exercises if e.id in used],
        screen="answered",
        screened_on=dt.date(2026, 12, 6),
    )


def _at(day: dt.date, hour: int = 18) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 30), CET)


def demo_entries(plan: PlanFile) -> list:
    program = plan.program

    def done(day: dt.date, before, after, morning=None, skip=(), note=None, flare=False, effort=4):
        session = session_on(program, day)
        assert session is not None, day
        entry = session_entry(
            session,
            day,
            _at(day),
            skipped=skip,
            pain_before=before,
            pain_after=after,
            effort=effort,
            note=note,
            flare=flare,
        )
        return dataclasses.replace(entry, pain_morning=morning)

    def skip(day: dt.date, reason: str, note=None):
        session = session_on(program, day)
        assert session is not None, day
        return skipped_entry(session, day, _at(day, 9), reason, note=note)

    def d(month: int, number: int) -> dt.date:
        return dt.date(2026 if month == 12 else 2027, month, number)

    def extension_item(day: dt.date) -> str:
        session = session_on(program, day)
        return next(i.exercise_id for i in session.items if i.category == "extension")

    return [
        checkin_entry(
            d(12, 7),
            _at(d(12, 7), 8),
            Checkin(
                nprs=5,
                odi=[2, 1, 2, 1, 2, 2, 1, 1, 2, 2],
                psfs={"sitting 30 min": 4, "walking to the shop": 5, "gardening": 3},
            ),
        ),
        done(d(12, 7), 5, 4, 4, note="Stiff getting down to the floor."),
        done(d(12, 9), 5, 3, 3),
        done(
            d(12, 11),
            4,
            4,
            4,
            skip=[extension_item(d(12, 11))],
            note="The forward lean pinched; left it out.",
        ),
        done(d(12, 14), 4, 3, 3),
        skip(d(12, 16), "flare", note="Back locked after carrying the shopping."),
        symptom_entry(
            d(12, 17),
            _at(d(12, 17), 10),
            "leg-pain",
            note="Pain down the left leg to the calf for an hour.",
        ),
        done(d(12, 18), 6, 5, 5, flare=True, note="Gentle flare routine only."),
        checkin_entry(
            d(12, 21),
            _at(d(12, 21), 8),
            Checkin(
                nprs=4,
                odi=[2, 1, 1, 1, -1, 1, 1, 1, 1, 2],
                psfs={"sitting 30 min": 5, "walking to the shop": 5, "gardening": 4},
            ),
        ),
        done(d(12, 21), 5, 4, 3),
        done(d(12, 23), 4, 3, 3, effort=5),
        skip(d(12, 25), "travel", note="Visiting family."),
        done(d(12, 30), 3, 2, 2, effort=5),
        done(d(1, 1), 3, 2, 2, skip=[extension_item(d(1, 1))]),
        checkin_entry(
            d(1, 4),
            _at(d(1, 4), 8),
            Checkin(
                nprs=3,
                odi=[1, 1, 1, 0, 1, 1, 1, 0, 1, 1],
                psfs={"sitting 30 min": 6, "walking to the shop": 7, "gardening": 5},
            ),
        ),
        done(d(1, 4), 3, 2, 2, note=TRICKY_NOTE),
        done(d(1, 6), 2, 2),
    ]


# The whole eight weeks: the demo, then weeks 5 to 8 (easy sessions, so the coaching steps
# doses up, a skip, a last check-in). "Today" is the program's last day.
EIGHT_WEEKS_TODAY = dt.date(2027, 1, 29)


def eight_weeks_entries(plan: PlanFile) -> list:
    entries = demo_entries(plan)
    last = max(entry.date for entry in entries)
    day = last + dt.timedelta(days=1)
    pains = [(3, 2, 2), (2, 2, 1), (3, 2, 2), (2, 1, 1), (2, 2, 2), (2, 1, 1)]
    number = 0
    while day <= EIGHT_WEEKS_TODAY:
        session = session_on(plan.program, day)
        if session is not None:
            if day == dt.date(2027, 1, 15):
                entries.append(skipped_entry(session, day, _at(day, 9), "sick", note="A cold."))
            else:
                before, after, morning = pains[number % len(pains)]
                entry = session_entry(
                    session, day, _at(day), pain_before=before, pain_after=after, effort=4
                )
                entries.append(dataclasses.replace(entry, pain_morning=morning))
                number += 1
        day += dt.timedelta(days=1)
    entries.append(
        checkin_entry(
            dt.date(2027, 1, 18),
            _at(dt.date(2027, 1, 18), 8),
            Checkin(
                nprs=2,
                odi=[1, 0, 1, 0, 1, 1, 0, 0, 1, 1],
                psfs={"sitting 30 min": 7, "walking to the shop": 8, "gardening": 6},
            ),
        )
    )
    return entries


def build(eight_weeks: bool = False) -> PlanFile:
    """Save the plan and the log in FACETCOACH_HOME (`eight_weeks`: the whole program)."""
    plan = demo_plan()
    save_plan(plan)
    append_entries(eight_weeks_entries(plan) if eight_weeks else demo_entries(plan))
    return plan


if __name__ == "__main__":
    import sys

    whole = "--eight-weeks" in sys.argv
    build(eight_weeks=whole)
    today = EIGHT_WEEKS_TODAY if whole else TODAY
    print(f"Built the demo; run with FACETCOACH_TODAY={today.isoformat()}.")
