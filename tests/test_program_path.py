"""program/path.py: the program as it stands (rules PH1, PM5, FL1, W7; pauses, revisions).

The hand-built plan (tests/plan_factory.py) runs 6 weeks from Mon 7 Dec 2026 on Mon, Wed and
Fri: phase 1 is weeks 1-2, phase 2 weeks 3-4, phase 3 weeks 5-6. Each rule's test was seen to
fail with the rule removed (the gate returning None; the pause check skipped).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from facetcoach.log.entries import checked_entry
from facetcoach.model_json import to_data
from facetcoach.models import Pause, Revision, Session, Week
from facetcoach.program.path import stand
from facetcoach.program.schedule import program_end, session_on, week_for
from facetcoach.share.progress import compute_progress
from helpers import adaptive_log as L
from helpers import plan_factory

PLAN = L.plan()
WEEK3 = L.day(14)  # Mon 21 Dec: the first day of phase 2 on the calendar
LAST_OF_PHASE_1 = L.day(11)  # Fri 18 Dec


def _dates(program) -> list[dt.date]:
    return [s.date for w in program.weeks for s in w.sessions]


def test_with_nothing_recorded_the_path_is_the_plan() -> None:
    standing = stand(PLAN, [], L.START)
    assert _dates(standing.program) == _dates(PLAN.program)
    assert [w.phase for w in standing.program.weeks] == [w.phase for w in PLAN.program.weeks]
    assert program_end(standing.program) == program_end(PLAN.program)
    assert standing.program.weeks[2].start == WEEK3
    for ours, planned in zip(standing.program.weeks, PLAN.program.weeks, strict=True):
        assert to_data(ours.sessions) == to_data(planned.sessions)


def test_ph1_a_bad_last_phase_1_session_holds_the_phase_and_moves_the_end() -> None:
    bad = L.session(PLAN, LAST_OF_PHASE_1, 4, 8, 7)  # pain 4 -> 8, next morning 7
    standing = stand(PLAN, [L.easy(PLAN, L.WED2), bad], WEEK3)
    week = week_for(standing.program, WEEK3)
    assert week is not None
    assert (week.number, week.phase, week.planned_week) == (3, 1, 2)
    assert week.held is not None and "Fri 18 Dec" in week.held
    assert standing.held_weeks == 1
    assert len(standing.program.weeks) == 7
    assert program_end(standing.program) == program_end(PLAN.program) + dt.timedelta(days=7)
    # The held week gives the last planned week of phase 1 again, on its own dates.
    given = session_on(standing.program, WEEK3)
    assert given is not None
    assert given.items == PLAN.program.weeks[1].sessions[0].items


def test_ph1_two_good_sessions_in_the_held_week_open_the_next_phase() -> None:
    bad = L.session(PLAN, LAST_OF_PHASE_1, 4, 8, 7)
    held_wed, held_fri = L.day(16), L.day(18)
    log = [bad, L.easy(PLAN, L.WED2), L.easy(PLAN, L.WED2)]  # the easy ones come before Friday
    log = [
        bad,
        *[replace(L.easy(PLAN, L.WED2), date=d, created_at=L.at(d)) for d in (held_wed, held_fri)],
    ]
    standing = stand(PLAN, log, L.day(21))
    week4 = week_for(standing.program, L.day(21))
    assert week4 is not None
    assert (week4.number, week4.phase, week4.planned_week, week4.held) == (4, 2, 3, None)


def test_ph1_the_gate_is_not_applied_to_weeks_not_begun() -> None:
    bad = L.session(PLAN, LAST_OF_PHASE_1, 4, 8, 7)
    # Asked on the Friday itself: week 3 has not begun, so it is shown as planned.
    standing = stand(PLAN, [bad], LAST_OF_PHASE_1)
    assert [w.phase for w in standing.program.weeks] == [1, 1, 2, 2, 3, 3]


def test_pm5_an_open_symptom_holds_the_phase_until_a_clinician_has_checked() -> None:
    easy = [L.easy(PLAN, d) for d in (L.MON2, L.WED2, LAST_OF_PHASE_1)]
    log = [L.symptom(L.WED), *easy]
    held = stand(PLAN, log, WEEK3)
    week = week_for(held.program, WEEK3)
    assert week is not None and week.phase == 1 and "clinician" in (week.held or "")
    checked = checked_entry(L.day(12), L.at(L.day(12)), "the GP says carry on")
    cleared = stand(PLAN, [*log, checked], WEEK3)
    week = week_for(cleared.program, WEEK3)
    assert week is not None and (week.phase, week.held) == (2, None)


def test_fl1_a_running_flare_holds_the_phase() -> None:
    flare = L.session(PLAN, LAST_OF_PHASE_1, 5, 5, 5, flare=True)
    standing = stand(PLAN, [L.easy(PLAN, L.WED2), flare], WEEK3)
    week = week_for(standing.program, WEEK3)
    assert week is not None and week.phase == 1 and week.held


def test_a_two_week_pause_moves_the_end_by_two_weeks_and_nothing_is_missed() -> None:
    pause = Pause(start=L.day(9), end=L.day(23), reason="travel")  # Wed 16 to Tue 29 Dec
    plan = replace(PLAN, pauses=[pause])
    standing = stand(plan, [], L.day(30))
    assert program_end(standing.program) == program_end(PLAN.program) + dt.timedelta(days=14)
    paused_days = {L.day(9) + dt.timedelta(days=n) for n in range(14)}
    assert not paused_days & set(_dates(standing.program))
    # The sessions after the pause are the ones that were due when it began.
    assert session_on(standing.program, L.day(23)).items == PLAN.program.weeks[1].sessions[1].items
    progress = compute_progress(standing.program, [], L.day(30))
    assert progress.totals.sessions_planned == len(
        [d for d in _dates(standing.program) if d < L.day(30)]
    )
    assert not any(d in paused_days for d in _dates(standing.program))


def test_an_open_pause_lasts_up_to_today() -> None:
    plan = replace(PLAN, pauses=[Pause(start=L.day(2), end=None, reason="sick")])
    standing = stand(plan, [], L.day(5))
    assert not {L.day(n) for n in range(2, 6)} & set(_dates(standing.program))
    assert L.day(7) in _dates(standing.program)  # shown as if resumed tomorrow


def test_a_revision_changes_the_days_from_its_date_and_keeps_the_week_and_phase() -> None:
    new_answers = replace(PLAN.answers, days=["tue", "thu"])
    new_plan = plan_factory.plan(days=["tue", "thu"])
    revised = replace(
        new_plan,
        revisions=[
            Revision(
                date=L.day(9),
                kind="change",
                changed={"days": ["tue", "thu"]},
                answers=PLAN.answers,
                program=PLAN.program,
            )
        ],
        answers=new_answers,
    )
    standing = stand(revised, [], L.day(9))
    dates = _dates(standing.program)
    assert [d for d in dates if d < L.day(9)] == [L.MON, L.WED, L.FRI, L.MON2]
    after = [d for d in dates if d >= L.day(9)]
    assert after and all(d.strftime("%a") in ("Tue", "Thu") for d in after)
    assert week_for(standing.program, L.day(10)).number == 2  # the same week goes on
    assert len(standing.program.weeks) == len(PLAN.program.weeks)


def test_w7_a_strength_exercise_is_not_given_on_two_days_in_a_row() -> None:
    from facetcoach.program.path import _keep_strength_apart

    bridge = L.item("glute-bridge", 1, 10, None)
    other = L.item("cat-camel", 1, 8, None)
    a = Session(date=L.day(0), minutes=5, items=[bridge])
    b = Session(date=L.day(1), minutes=5, items=[bridge])
    c = Session(date=L.day(3), minutes=5, items=[other])
    weeks = [Week(number=1, phase=1, phase_name="x", sessions=[a, b, c])]
    _keep_strength_apart(weeks)
    assert weeks[0].sessions[1].items == [other] and weeks[0].sessions[1].date == L.day(1)
