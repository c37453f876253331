"""The planner: every clinical rule, for table-driven personas and for random valid answers.

`assert_rules` checks one program against every rule of docs/clinical-rules.md that a
program can break; the personas and the hypothesis properties all go through it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from functools import cache

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from facetcoach.errors import InputError
from facetcoach.intake.answers import default_answers, parse_answers_toml
from facetcoach.intake.profile import profile_of, supported_start
from facetcoach.intake.screen import no_red_flags
from facetcoach.library.doses import dose_problems
from facetcoach.library.loading import load_library
from facetcoach.model_json import dumps
from facetcoach.models import (
    CATEGORIES,
    EQUIPMENT,
    TRIGGERS,
    WEEKDAYS,
    Answers,
    Library,
    Program,
)
from facetcoach.program.dose import estimate_seconds
from facetcoach.program.dose_ladder import week_load
from facetcoach.program.planner import (
    ALWAYS_THERE,
    EQ1_NOTE,
    PHASE_NAMES,
    build_program,
    phase_lengths,
    suits,
)
from facetcoach.program.strength_groups import ANKLE_STRENGTH, HIP_STRENGTH
from facetcoach.program.weekly_steps import growth_factors, item_work, lower_rungs
from helpers.answers_data import to_toml
from helpers.profiles import examples

# PH2: the planned weekly step, as docs/coaching.md states it (a quarter more at most).
PLANNED_STEP = 1.25
START = dt.date(2026, 12, 7)  # a Monday


@cache
def library() -> Library:
    return load_library()


def answers(**changes: object) -> Answers:
    return dataclasses.replace(default_answers(START), **changes)


# --- The rules, checked on a whole program ---------------------------------------------------


def assert_rules(a: Answers, program: Program, lib: Library) -> None:
    by_id = lib.by_id()
    older = a.age >= 65
    worse_dirs = {w for w in a.worse_with if w in ("extension", "flexion", "rotation")}
    high_pain = max(a.pain_now, a.pain_worst) >= 7
    # EQ1: a bed or a carpet and a wall are in every home.
    have = set(a.equipment) | {"wall"}
    start = a.start or program.start

    # W10 + phases: the weeks asked for, three phases in order, scaled.
    assert program.start == start
    assert [w.number for w in program.weeks] == list(range(1, a.weeks + 1))
    counts = Counter(w.phase for w in program.weeks)
    assert (counts[1], counts[2], counts[3]) == phase_lengths(a.weeks)
    assert [w.phase for w in program.weeks] == sorted(w.phase for w in program.weeks)
    assert all(w.phase_name == PHASE_NAMES[w.phase] for w in program.weeks)
    assert all(n >= 1 for n in phase_lengths(a.weeks))

    all_sessions = [s for w in program.weeks for s in w.sessions]
    by_date = {s.date: s for s in all_sessions}
    assert len(by_date) == len(all_sessions), "one session a day at most"
    for week in program.weeks:
        window_start = start + dt.timedelta(days=7 * (week.number - 1))
        # Sessions only on the chosen days, every chosen day, inside the week's window.
        assert [s.date for s in week.sessions] == sorted(s.date for s in week.sessions)
        assert {WEEKDAYS[s.date.weekday()] for s in week.sessions} == set(a.days)
        assert len(week.sessions) == len(a.days)
        for session in week.sessions:
            assert window_start <= session.date < window_start + dt.timedelta(days=7)

        # W3: every category on at least 2 days a week; with 2 days, on both.
        days_with = Counter(c for s in week.sessions for c in {i.category for i in s.items})
        for category in CATEGORIES:
            assert days_with[category] >= 2, (week.number, category)
            if len(a.days) == 2:
                assert days_with[category] == 2
        # W5/W6: balance 2-3 days a week; 3 for 65+ or a balance concern when 3+ days.
        assert days_with["balance"] <= 3
        if (older or a.balance_concern) and len(a.days) >= 3:
            assert days_with["balance"] == 3, week.number

        for session in week.sessions:
            seconds = 0
            ids = [i.exercise_id for i in session.items]
            assert len(ids) == len(set(ids)), "an exercise once per session"
            for item in session.items:
                e = by_id[item.exercise_id]
                # The item is the library's exercise, with its dose changed only.
                assert (item.category, item.kind, item.level) == (e.category, e.kind, e.level)
                assert (item.per_side, item.rest_seconds) == (e.per_side, e.rest_seconds)
                # Only the user's equipment.
                assert set(e.equipment) <= have, (item.exercise_id, have)
                # Doses inside the kind ranges (F1-F3, F5, C1-C3, C5-C6, B2, E4); 65+ F1.
                dosed = dataclasses.replace(
                    e, sets=item.sets, reps=item.reps, hold_seconds=item.hold_seconds
                )
                assert dose_problems(dosed, older_adult=older) == [], item
                if e.kind == "stretch" and e.extension_stage is None:
                    low, high = (30, 60) if older else (10, 30)
                    assert low <= (item.hold_seconds or 0) <= high, item
                # E1, strictly: extension hurts -> nothing that loads extension, any phase.
                if "extension" in a.worse_with:
                    assert "extension" not in e.loads and not e.end_range_extension, item
                # Directional preference: never a direction that makes it worse (phase 1 by
                # the issue; the planner keeps it for the whole program).
                assert not set(e.loads) & worse_dirs, (item.exercise_id, worse_dirs)
                # Phase 1: entry levels only.
                if week.phase == 1:
                    assert item.level == 1, item
                # E4: stages in order; the end-range press-up only for extension-easers.
                if e.extension_stage is not None:
                    assert e.extension_stage <= min(week.phase, 3)
                if e.end_range_extension:
                    assert week.phase == 3 and "extension" in a.better_with and not high_pain
                # B4: standing balance only next to a counter or a wall.
                if e.category == "balance" and e.position == "standing":
                    assert {"counter", "wall"} & set(e.equipment)
                # Every item explains itself in one line.
                assert item.why.strip() and "\n" not in item.why and len(item.why) <= 100
                seconds += estimate_seconds(
                    item.kind, item.sets, item.reps, item.hold_seconds, item.per_side,
                    item.rest_seconds,
                )  # fmt: skip
            # The session fits the minutes, and shows the estimate.
            assert seconds <= a.minutes * 60
            assert session.minutes == round(seconds / 60, 1)

    # B4: week-1 balance at the most supported level (level 1, seated or held support).
    for session in program.weeks[0].sessions:
        for item in session.items:
            if item.category == "balance":
                e = by_id[item.exercise_id]
                assert e.level == 1
                assert e.position == "seated" or {"counter", "wall"} & set(e.equipment)

    # W7: the same strength exercise never on two days in a row.
    for session in all_sessions:
        before = by_date.get(session.date - dt.timedelta(days=1))
        if before is None:
            continue
        strong = {i.exercise_id for i in session.items if i.kind == "strength"}
        strong_before = {i.exercise_id for i in before.items if i.kind == "strength"}
        assert not strong & strong_before, (session.date, strong & strong_before)

    # PM3 (made precise in the second round: it was checked inside a phase only): week to
    # week, across phase changes too, one variable at a time and never down; and a family's
    # next level comes with no more sets and no more work time than the level before.
    assert_pm3(program, lib)
    # LV1: families climbed one rung at a time.
    assert_lv1(a, program, lib)
    # PH2: no week's volume grows by more than the planned weekly step, phase changes included.
    for number, _, factor in growth_factors(program):
        assert factor <= PLANNED_STEP + 1e-9, (number, factor)
    # C8: hip and glute strength in the core work of every week of phases 2-3; B5: for people
    # 65+, from week 1, with calf and ankle strength on balance days when the minutes allow.
    for week in program.weeks:
        core_ids = {i.exercise_id for s in week.sessions for i in s.items if i.category == "core"}
        if week.phase >= 2 or older:
            assert core_ids & HIP_STRENGTH, (week.number, core_ids)
        # (A high-pain start may leave it out where it would pass PH2's graded step.)
        if older and a.minutes >= 20 and not high_pain:
            for session in week.sessions:
                if any(i.category == "balance" for i in session.items):
                    ids = {i.exercise_id for i in session.items}
                    assert ids & ANKLE_STRENGTH, (week.number, ids)
        if not older:
            assert not {i.exercise_id for s in week.sessions for i in s.items} & ANKLE_STRENGTH
    # EQ1: the plan says what it takes as always there.
    assert (EQ1_NOTE in program.advice) == (not {"mat", "wall"} <= set(a.equipment))
    # PM3: the last week is harder than the first (the volume/difficulty measure).
    assert week_load(program.weeks[-1]) > week_load(program.weeks[0])
    assert program.advice and any("every" in line and "minutes" in line for line in program.advice)


def assert_pm3(program: Program, lib: Library) -> None:
    by_id = lib.by_id()
    for before, after in zip(program.weeks, program.weeks[1:], strict=False):
        doses_before, items_before = _doses(before), _items(before)
        for exercise_id, dose in _doses(after).items():
            if exercise_id in doses_before:
                old = doses_before[exercise_id]
                changed = [i for i in range(3) if old[i] != dose[i]]
                assert len(changed) <= 1, (after.number, exercise_id, old, dose)
                assert all((dose[i] or 0) >= (old[i] or 0) for i in changed)
                continue
            new = _items(after)[exercise_id]
            for below in lower_rungs(by_id[exercise_id], lib.exercises) & set(items_before):
                old_item = items_before[below]
                assert new.sets <= old_item.sets, (after.number, below, exercise_id)
                assert item_work(new) <= item_work(old_item), (after.number, below, exercise_id)


def assert_lv1(a: Answers, program: Program, lib: Library) -> None:
    """A level-n exercise only after a rung below it (its regression, or an exercise whose
    progression it is) was given in an earlier week; a family with no rung below it that the
    person could be given starts at most one level above its category's highest so far."""
    by_id = lib.by_id()
    profile = profile_of(a)
    given: set[str] = set()
    top: dict[str, int] = {}
    for week in program.weeks:
        ids = {i.exercise_id for s in week.sessions for i in s.items}
        for exercise_id in sorted(ids):
            e = by_id[exercise_id]
            below = {
                r
                for r in lower_rungs(e, lib.exercises)
                if suits(by_id[r], profile, week.phase) and supported_start(by_id[r], profile)
            }
            if below:
                assert below & given, (week.number, exercise_id, "no rung below given before")
            else:
                assert e.level <= top.get(e.category, 0) + 1, (week.number, exercise_id)
        given |= ids
        for exercise_id in ids:
            e = by_id[exercise_id]
            top[e.category] = max(top.get(e.category, 0), e.level)


def _items(week) -> dict[str, object]:
    return {i.exercise_id: i for s in week.sessions for i in s.items}


def _doses(week) -> dict[str, tuple]:
    found: dict[str, tuple] = {}
    for session in week.sessions:
        for item in session.items:
            dose = (item.sets, item.reps, item.hold_seconds)
            assert found.setdefault(item.exercise_id, dose) == dose, "one dose per exercise a week"
    return found


# --- Personas ------------------------------------------------------------------------------

PERSONAS = {
    "extension-sensitive office worker": dict(
        pain_now=4,
        pain_worst=6,
        worse_with=["extension", "sitting"],
        better_with=["flexion", "walking"],
        age=42,
        activity="sedentary",
        equipment=["mat", "chair"],
    ),
    "flexion-sensitive lifter": dict(
        worse_with=["flexion", "lifting"],
        better_with=["extension"],
        age=35,
        activity="active",
        days=["mon", "tue", "thu", "fri"],
        equipment=["mat", "band", "wall", "counter"],
    ),
    "70-year-old with a fall": dict(
        age=70,
        balance_concern=True,
        days=["mon", "tue", "thu"],
        equipment=["mat", "chair", "counter"],
    ),
    "high pain, 2 days a week": dict(pain_now=7, pain_worst=9, days=["tue", "sat"], minutes=15),
    "60-minute active person": dict(
        activity="active",
        minutes=60,
        days=list(WEEKDAYS),
        equipment=list(EQUIPMENT),
        weeks=12,
    ),
    "short of time at 80, three directions hurt": dict(
        age=80,
        minutes=10,
        worse_with=["extension", "flexion", "rotation"],
        equipment=["chair", "wall"],
        weeks=6,
    ),
    "16 weeks, starting on a Thursday": dict(weeks=16, days=["sun", "mon"], minutes=25),
}


@pytest.mark.parametrize("name", PERSONAS)
def test_persona_gets_a_program_that_keeps_every_rule(name):
    a = answers(**PERSONAS[name])
    start = START + dt.timedelta(days=3) if "Thursday" in name else START
    a = dataclasses.replace(a, start=start)
    program = build_program(a, library(), start)
    assert_rules(a, program, library())


def test_extension_sensitive_worker_gets_no_extension_and_flexion_first():
    a = answers(**PERSONAS["extension-sensitive office worker"])
    program = build_program(a, library(), START)
    ids = {i.exercise_id for w in program.weeks for s in w.sessions for i in s.items}
    # E1: the extension category is served by hip-flexor stretches and flexion rest positions.
    assert not ids & {"prone-lying", "prone-on-elbows", "press-up-hips-down", "standing-back-arch"}
    extension_items = [
        i for w in program.weeks for s in w.sessions for i in s.items if i.category == "extension"
    ]
    assert extension_items
    assert any("arching" in i.why or "eases it" in i.why for i in extension_items)
    # Directional preference: a flexion exercise (which eases it) in week 1.
    week1 = {i.exercise_id for s in program.weeks[0].sessions for i in s.items}
    flexion = {e.id for e in library().exercises if "flexion" in e.loads}
    assert week1 & flexion
    assert any("Sitting makes your pain worse" in line for line in program.advice)  # P3


def test_flexion_sensitive_lifter_follows_the_extension_path():
    a = answers(**PERSONAS["flexion-sensitive lifter"])
    program = build_program(a, library(), START)
    stages = {
        w.phase: {library().get(i.exercise_id).extension_stage for s in w.sessions for i in s.items}
        for w in program.weeks
    }
    # E4: prone lying, then prone on elbows, then the press-up (extension eases it).
    assert 1 in stages[1] and 2 in stages[2] and 3 in stages[3]
    ids = {i.exercise_id for w in program.weeks for s in w.sessions for i in s.items}
    flexion = {e.id for e in library().exercises if "flexion" in e.loads}
    assert not ids & flexion
    assert any("hinge" in i for i in ids)  # lifting hurts: hip-hinge practice
    assert any("When you lift" in line for line in program.advice)


def test_older_adult_with_a_fall_balances_three_days_with_full_support_first():
    a = answers(**PERSONAS["70-year-old with a fall"])
    program = build_program(a, library(), START)
    first = program.weeks[0]
    balance = [i for s in first.sessions for i in s.items if i.category == "balance"]
    assert len({i.exercise_id for i in balance}) >= 1 and len(balance) >= 3  # W6
    assert all("supported" in i.why or "support" in i.why for i in balance)  # B4
    # F1 at 65+, on the same person with flexion easing it: since LV1 (double-knee-to-chest only
    # after single-knee-to-chest) the persona's own program has no static stretch to check.
    eased = build_program(dataclasses.replace(a, better_with=["flexion"]), library(), START)
    stretches = [
        i for w in eased.weeks for s in w.sessions for i in s.items
        if i.kind == "stretch" and library().get(i.exercise_id).extension_stage is None
    ]  # fmt: skip
    assert stretches and all(30 <= i.hold_seconds <= 60 for i in stretches)  # F1 at 65+


def test_high_pain_starts_at_a_lower_volume():
    calm = answers(**{**PERSONAS["high pain, 2 days a week"], "pain_now": 3, "pain_worst": 4})
    sore = answers(**PERSONAS["high pain, 2 days a week"])
    calm_program = build_program(calm, library(), START)
    sore_program = build_program(sore, library(), START)
    assert week_load(sore_program.weeks[0]) < week_load(calm_program.weeks[0])
    assert max(s.minutes for s in sore_program.weeks[0].sessions) < max(
        s.minutes for s in calm_program.weeks[0].sessions
    )


def test_sixty_minutes_gives_fuller_sessions_than_ten():
    long = build_program(answers(minutes=60), library(), START)
    short = build_program(answers(minutes=10), library(), START)
    assert len(long.weeks[-1].sessions[0].items) > len(short.weeks[-1].sessions[0].items)
    assert all(s.minutes <= 10 for w in short.weeks for s in w.sessions)


# --- EQ1: every equipment set gets a program -------------------------------------------------

EQ1_CASES = {
    "a 75-year-old with only a chair": dict(age=75, equipment=["chair"]),
    "nothing at all": dict(equipment=[]),
    "only a mat": dict(equipment=["mat"]),
    "nothing at all, extension hurts, 2 days, 10 minutes": dict(
        equipment=[], worse_with=["extension", "standing"], days=["tue", "fri"], minutes=10
    ),
    "only a chair at 80, three directions hurt": dict(
        age=80, equipment=["chair"], worse_with=["extension", "flexion", "rotation"]
    ),
}


@pytest.mark.parametrize("name", EQ1_CASES)
def test_eq1_every_equipment_set_gets_a_program_that_keeps_every_rule(name):
    a = answers(**EQ1_CASES[name])
    program = build_program(a, library(), START)
    assert_rules(a, program, library())
    # Week 1 covers every category at the entry level with what the person has (EQ1, W3).
    week1 = [i for s in program.weeks[0].sessions for i in s.items]
    assert {i.category for i in week1} == set(CATEGORIES)
    assert all(i.level == 1 for i in week1)
    assert EQ1_NOTE in program.advice  # the plan says what it takes as always there


def test_eq1_each_category_has_an_entry_level_option_for_nothing_a_chair_and_a_mat():
    # Rule EQ1, on the library itself: standing, bed or floor, and chair-only versions.
    for have in (set(), {"chair"}, {"mat"}):
        for category in CATEGORIES:
            options = [
                e for e in library().exercises
                if e.category == category and e.level == 1
                and set(e.equipment) <= have | ALWAYS_THERE
                and e.extension_stage is None and not e.end_range_extension
                and "extension" not in e.loads
            ]  # fmt: skip
            assert options, (have, category)
    # With nothing at all: a bed or floor version of every category but balance, which sits on
    # the bed edge or stands at the wall.
    for category in CATEGORIES:
        assert any(
            e.category == category and e.level == 1 and e.equipment == []
            for e in library().exercises
        ), category


def test_eq1_a_wall_is_taken_as_always_there():
    program = build_program(answers(equipment=[]), library(), START)
    ids = {i.exercise_id for w in program.weeks for s in w.sessions for i in s.items}
    used = [library().get(exercise_id) for exercise_id in sorted(ids)]
    assert any(e.equipment == ["wall"] for e in used)  # EQ1: the wall is always there
    assert all(set(e.equipment) <= ALWAYS_THERE for e in used)


def test_a_library_that_cannot_cover_a_category_is_refused_with_what_would_help():
    # A user's library can still leave a category uncovered: the refusal names what helps.
    thin = Library(
        exercises=tuple(
            e for e in library().exercises
            if not (e.category == "posture" and set(e.equipment) <= {"mat", "wall"})
        )
    )  # fmt: skip
    with pytest.raises(InputError) as caught:
        build_program(answers(equipment=["mat"]), thin, START)
    message = caught.value.message
    assert "With your equipment (mat)" in message
    assert "posture (add one of: chair" in message
    assert caught.value.exit_code == 2


# --- C8 and B5: hip, glute, calf and ankle strength -----------------------------------------


def test_c8_hip_and_glute_strength_is_in_the_core_work_of_phases_2_and_3():
    for changes in ({}, {"minutes": 10}, {"equipment": []}, {"equipment": ["mat"]}):
        a = answers(**changes)
        program = build_program(a, library(), START)
        for week in program.weeks:
            items = [i for s in week.sessions for i in s.items if i.exercise_id in HIP_STRENGTH]
            if week.phase == 1:
                continue
            assert items, (changes, week.number)
            assert all(i.category == "core" and i.kind == "strength" for i in items)
            assert all("hips" in i.why for i in items)


def test_b5_older_people_get_calf_ankle_and_hip_strength_with_their_balance_work():
    a = answers(**PERSONAS["70-year-old with a fall"])
    program = build_program(a, library(), START)
    for week in program.weeks:
        for session in week.sessions:
            ids = {i.exercise_id for i in session.items}
            if any(i.category == "balance" for i in session.items):
                assert ids & ANKLE_STRENGTH, (week.number, ids)  # heel or toe raises
        assert {i.exercise_id for s in week.sessions for i in s.items} & HIP_STRENGTH
    given = {i.exercise_id for w in program.weeks for s in w.sessions for i in s.items}
    assert {"counter-heel-raise", "counter-toe-raise"} & given
    # Under 65 (even with a balance concern): no ankle work, and no hip work in phase 1.
    young = build_program(answers(balance_concern=True), library(), START)
    young_ids = {i.exercise_id for w in young.weeks for s in w.sessions for i in s.items}
    assert not young_ids & ANKLE_STRENGTH
    assert not {i.exercise_id for s in young.weeks[0].sessions for i in s.items} & HIP_STRENGTH


def test_fewer_than_two_days_is_refused():
    with pytest.raises(InputError, match="at least 2 days a week"):
        build_program(answers(days=["mon"]), library(), START)


def _with_first(*extra) -> Library:
    """The built-in library with `extra` exercises listed first (so they would rank first)."""
    return Library(exercises=(*extra, *library().exercises))


def test_b4_standing_balance_holding_only_a_chair_is_never_used():
    chair_stand = dataclasses.replace(
        library().get("counter-feet-together"),
        id="chair-feet-together",
        equipment=["chair"],
        progression=None,
    )
    lib = _with_first(chair_stand)
    a = answers(age=75, equipment=["mat", "chair", "wall"])
    program = build_program(a, lib, START)
    ids = {i.exercise_id for w in program.weeks for s in w.sessions for i in s.items}
    assert "chair-feet-together" not in ids
    assert_rules(a, program, lib)


def test_e4_stages_come_in_order_even_at_a_low_level():
    early_stage_two = dataclasses.replace(
        library().get("prone-on-elbows"), id="early-elbows", level=1, regression=None,
        progression=None,
    )  # fmt: skip
    early_press_up = dataclasses.replace(
        library().get("press-up-hips-down"), id="early-press-up", level=1, regression=None
    )
    end_range_arch = dataclasses.replace(
        library().get("standing-back-arch"), id="deep-arch", level=1, end_range_extension=True
    )
    lib = _with_first(early_stage_two, early_press_up, end_range_arch)
    for better in ([], ["extension"]):
        a = answers(better_with=better)
        program = build_program(a, lib, START)
        for week in program.weeks:
            ids = {i.exercise_id for s in week.sessions for i in s.items}
            if week.phase == 1:
                assert not ids & {"early-elbows", "early-press-up"}
            for end_range in ids & {"early-press-up", "deep-arch"}:
                # E1/E4: end-range extension only at the last stage, for extension-easers.
                assert week.phase == 3 and better == ["extension"], end_range


def test_w7_holds_across_a_phase_boundary_on_consecutive_days():
    # Found by hypothesis: the last day of phase 2 used chair-sit-to-stand and
    # wall-mini-squat, and phase 3's first day (the next day) swapped in wall-mini-squat.
    a = answers(
        pain_now=0, pain_worst=0, age=18, activity="sedentary", days=list(WEEKDAYS),
        minutes=28, equipment=["chair", "wall", "counter"], start=dt.date(2024, 1, 1), weeks=7,
    )  # fmt: skip
    assert_rules(a, build_program(a, library(), a.start), library())


def test_phase_lengths_scale():
    assert phase_lengths(8) == (2, 3, 3)  # weeks 1-2, 3-5, 6-8
    assert phase_lengths(6) == (2, 2, 2)
    assert phase_lengths(16) == (4, 6, 6)
    for weeks in range(6, 17):
        assert sum(phase_lengths(weeks)) == weeks and min(phase_lengths(weeks)) >= 2


def test_same_input_same_program_byte_for_byte():
    a = answers(**PERSONAS["flexion-sensitive lifter"])
    first = dumps(build_program(a, library(), START))
    second = dumps(build_program(dataclasses.replace(a), load_library(), START))
    assert first == second


def test_the_start_date_moves_the_program_not_its_contents():
    a = answers()
    later = build_program(a, library(), START + dt.timedelta(days=7))
    now = build_program(a, library(), START)
    assert later.start == START + dt.timedelta(days=7)
    assert [s.items for w in later.weeks for s in w.sessions] == [
        s.items for w in now.weeks for s in w.sessions
    ]


# --- Properties over random valid answers files ------------------------------------------


@st.composite
def answers_files(draw: st.DrawFn, kit: bool = False) -> Answers:
    """A random answers file that the intake accepts, parsed as the CLI would parse it."""
    pain_now = draw(st.integers(0, 10))
    worse = draw(st.lists(st.sampled_from(TRIGGERS), unique=True, max_size=5))
    better = draw(
        st.lists(st.sampled_from([t for t in TRIGGERS if t not in worse]), unique=True, max_size=3)
    )
    days = draw(st.lists(st.sampled_from(WEEKDAYS), unique=True, min_size=2, max_size=7))
    equipment = draw(st.lists(st.sampled_from(EQUIPMENT), unique=True, max_size=8))
    if kit:  # a home with a mat and a wall or a chair: a program is always possible
        equipment = list(
            dict.fromkeys(["mat", draw(st.sampled_from(["wall", "chair"])), *equipment])
        )
    data = {
        "pain_now": pain_now,
        "pain_worst": draw(st.integers(pain_now, 10)),
        "worse_with": worse,
        "better_with": better,
        "age": draw(st.one_of(st.integers(18, 110), st.sampled_from([64, 65]))),
        "activity": draw(st.sampled_from(["sedentary", "moderate", "active"])),
        "balance_concern": draw(st.booleans()),
        "days": days,
        # Spread evenly over 10-60 (st.integers favours the low end); 10 and 60 included.
        "minutes": draw(st.sampled_from(range(10, 61))),
        "equipment": equipment,
        "start": draw(st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31))),
        "weeks": draw(st.integers(6, 16)),
        "red_flags": dataclasses.asdict(no_red_flags()),
    }
    return parse_answers_toml(to_toml(data), "random.toml")


def _entry_level_possible(a: Answers, lib: Library) -> bool:
    """An oracle written apart from the planner: can every category start at level 1?"""
    worse = {w for w in a.worse_with if w in ("extension", "flexion", "rotation")}
    for category in CATEGORIES:
        if not any(
            e.category == category
            and e.level == 1
            and set(e.equipment) <= set(a.equipment) | {"wall"}  # EQ1
            and not set(e.loads) & worse
            and e.extension_stage in (None, 1)
            and not (e.category == "balance" and e.position == "standing"
                     and not {"counter", "wall"} & set(e.equipment))
            # B4b (second round): 65+ or unsteady: standing balance with both hands on it
            and not (e.category == "balance" and e.position == "standing"
                     and (a.age >= 65 or a.balance_concern) and e.support != "both-hands")
            for e in lib.exercises
        ):  # fmt: skip
            return False
    return True


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=answers_files())
def test_any_valid_answers_give_a_rule_keeping_program_or_a_clear_refusal(a):
    lib = library()
    try:
        program = build_program(a, lib, a.start)
    except InputError as error:
        event("refused: equipment cannot cover every category")
        assert not _entry_level_possible(a, lib)
        assert "equipment" in error.message
        return
    event("program built")
    event(f"{len(a.days)} days a week")
    if a.age >= 65 or a.balance_concern:
        event("65+ or balance concern")
    if "extension" in a.worse_with:
        event("extension makes it worse (E1)")
    if max(a.pain_now, a.pain_worst) >= 7:
        event("pain 7+")
    assert _entry_level_possible(a, lib)
    assert_rules(a, program, lib)


@settings(
    max_examples=examples(200, slow=3000),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(a=answers_files(kit=True))
def test_every_rule_holds_for_random_answers_with_a_basic_kit(a):
    program = build_program(a, library(), a.start)
    event(f"{a.minutes // 10 * 10}-{a.minutes // 10 * 10 + 9} minutes")
    assert_rules(a, program, library())
    # Determinism: the same input again, the same bytes.
    assert dumps(build_program(a, library(), a.start)) == dumps(program)


@settings(max_examples=examples(150), deadline=None)
@given(a=answers_files(kit=True))
def test_pain_7_or_more_starts_lower_than_low_pain(a):
    sore = dataclasses.replace(a, pain_now=min(a.pain_now, 7), pain_worst=max(a.pain_worst, 7))
    calm = dataclasses.replace(a, pain_now=2, pain_worst=3)
    first_sore = build_program(sore, library(), a.start).weeks[0]
    first_calm = build_program(calm, library(), a.start).weeks[0]
    assert week_load(first_sore) < week_load(first_calm)


def test_pm3_a_10_minute_program_at_65_with_nothing_still_grows():
    """PM3 in the tightest case, found by the random test on 2026-12-01: 10 minutes, 4 days,
    65, no equipment, worst pain 7. The hip (C8) and ankle (B5) work fill the minutes from
    week 1 (each phase's cap is 0: not every exercise can climb), and week 6 was lighter than
    week 1 (1642 < 1656). Now a phase with cap 0 still lets an exercise climb a step where
    every later week of the phase has room for it (each climb is measured in all of them)."""
    a = answers(
        pain_now=0, pain_worst=7, worse_with=["flexion", "standing"], better_with=[], age=65,
        days=["mon", "tue", "wed", "thu"], minutes=10, equipment=[], weeks=6,
    )  # fmt: skip
    program = build_program(a, load_library(), dt.date(2024, 1, 1))
    assert week_load(program.weeks[-1]) > week_load(program.weeks[0])


def test_a_climb_fits_every_later_session_of_its_phase():
    """Found by a random search on 2026-12-01, once a last phase with cap 0 could climb: a
    dose that fitted the week it climbed in made a later week's session 13.4 minutes in a
    13-minute program (7 days: the sessions of the later weeks put it beside other work).
    Each climb is now measured in every later week of the phase."""
    a = answers(
        pain_now=6, pain_worst=6, worse_with=["sitting", "rotation", "extension", "flexion",
        "walking"], better_with=["lifting", "standing"], age=64, activity="active",
        balance_concern=True, days=["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        minutes=13, equipment=[], weeks=6, start=dt.date(2024, 6, 1),
    )  # fmt: skip
    program = build_program(a, load_library(), a.start)
    assert max(s.minutes for w in program.weeks for s in w.sessions) <= 13
    assert week_load(program.weeks[-1]) > week_load(program.weeks[0])


def test_a_10_minute_program_at_65_with_a_mat_fits_its_minutes():
    """Pinned from CI's random run on 2026-12-01: a planner change that made room for doses to
    climb gave this program an 11-minute session; every session must fit the 10 minutes."""
    a = answers(
        pain_now=0, pain_worst=7, worse_with=["extension", "flexion", "standing"],
        better_with=[], age=65, activity="sedentary",
        days=["mon", "tue", "wed", "thu", "fri", "sat", "sun"], minutes=10, equipment=["mat"],
        weeks=8, start=dt.date(2024, 1, 1),
    )  # fmt: skip
    program = build_program(a, load_library(), a.start)
    assert max(s.minutes for w in program.weeks for s in w.sessions) <= 10


def test_e1_an_infeasible_plan_names_the_extension_category_by_what_it_would_hold():
    """E1: for someone whom bending backward hurts, the category is never "back extension"."""
    from facetcoach.models import Library
    from facetcoach.program.planner import check_feasible

    full = load_library(None)
    library = Library(
        exercises=tuple(e for e in full.exercises if e.category != "extension"),
        sources=full.sources,
    )
    for worse, words in ((["extension"], "hip-flexor stretches and positions of ease"),
                         (["sitting"], "back extension and hip flexors")):  # fmt: skip
        answers = dataclasses.replace(default_answers(dt.date(2026, 12, 7)), worse_with=worse)
        with pytest.raises(InputError, match=f"no entry-level exercise for {words} "):
            check_feasible(library, profile_of(answers))
