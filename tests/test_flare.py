"""coaching/flare.py: the graded return after a flare-up (FL1) and a flare not easing (FL4)."""

from __future__ import annotations

from facetcoach.coaching.flare import flare_not_easing, flare_step, scaled_items
from facetcoach.coaching.verdict import in_order
from facetcoach.intake.profile import profile_of
from facetcoach.program.dose_ladder import work_seconds
from facetcoach.program.schedule import session_on
from helpers import adaptive_log as L

PLAN = L.plan()
FLARE = L.session(PLAN, L.MON, 6, 6, 6, flare=True)


def _work(items) -> int:
    return sum(work_seconds(i.kind, i.sets, i.reps, i.hold_seconds, i.per_side) for i in items)


def test_fl1_the_return_is_half_then_three_quarters_then_all() -> None:
    answers = PLAN.answers
    assert flare_step([], answers, L.WED) is None
    assert flare_step([FLARE], answers, L.WED) == 0.5
    assert flare_step(in_order([FLARE, L.easy(PLAN, L.WED)]), answers, L.FRI) == 0.75
    log = in_order([FLARE, L.easy(PLAN, L.WED), L.easy(PLAN, L.FRI)])
    assert flare_step(log, answers, L.MON2) is None


def test_fl1_a_session_that_did_not_go_well_does_not_step_back_up() -> None:
    log = in_order([FLARE, L.hard(PLAN, L.WED)])
    assert flare_step(log, PLAN.answers, L.FRI) == 0.5


def test_fl1_a_skip_for_a_flare_starts_the_return_too() -> None:
    assert flare_step([L.skip(PLAN, L.MON, "flare")], PLAN.answers, L.WED) == 0.5


def test_fl1_scaled_items_are_about_the_share_and_inside_their_ranges() -> None:
    from facetcoach.library.doses import dose_problems

    session = session_on(PLAN.program, L.WED)
    assert session is not None
    exercises = {e.id: e for e in PLAN.exercises}
    profile = profile_of(PLAN.answers)
    half = scaled_items(session.items, 0.5, exercises, profile)
    assert _work(half) < _work(session.items)
    assert _work(half) <= 0.75 * _work(session.items)
    for item in half:
        dosed = type("D", (), {})()
        exercise = exercises[item.exercise_id]
        for name in ("kind", "level", "extension_stage"):
            setattr(dosed, name, getattr(exercise, name))
        dosed.sets, dosed.reps, dosed.hold_seconds = item.sets, item.reps, item.hold_seconds
        assert dose_problems(dosed, older_adult=profile.older) == [], item


def test_fl4_three_flare_days_with_pain_not_easing_bring_the_review_early() -> None:
    days = [L.MON, L.WED, L.FRI]
    log = [L.session(PLAN, d, 6, 6, 6, flare=True) for d in days]
    prompt = flare_not_easing(log, L.FRI)
    assert prompt is not None and prompt.rule == "FL4"
    assert flare_not_easing(log[:2], L.WED) is None  # two days: not yet
    easing = [L.session(PLAN, d, p, p, p, flare=True) for d, p in zip(days, (7, 6, 4), strict=True)]
    assert flare_not_easing(easing, L.FRI) is None
