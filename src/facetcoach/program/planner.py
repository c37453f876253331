"""answers + library + start date -> Program. Pure and deterministic.

No clock, no files, no randomness: the same input gives the same program, byte for byte.
The rules applied are those of docs/clinical-rules.md, cited by ID where applied.

How a program is made, in one pass:
1. The weeks are split into three phases (settle and move, stabilise, strengthen), W10.
2. Session dates are the user's weekdays in each 7-day window from the start.
3. For each phase, every category gets its best-ranked exercise the user can safely do
   (equipment, directions, level); more exercises are added while the session still fits
   the minutes at the phase's last, hardest week.
4. Each exercise's dose climbs a ladder, one variable per week (PM3), inside the dose
   ranges of its kind (ladder.py). profile.py reads the answers; plan_words.py says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from facetcoach.errors import InputError
from facetcoach.intake.profile import Profile, profile_of
from facetcoach.models import (
    CATEGORIES,
    EQUIPMENT,
    PHASES,
    SCHEMA_VERSION,
    WEEKDAYS,
    Answers,
    Category,
    Exercise,
    Library,
    Phase,
    Program,
    Session,
    Week,
    Weekday,
)
from facetcoach.program.dose_ladder import FULL, GENTLE, Dose, dose_ladder, item_seconds, plan_item
from facetcoach.program.wording import CATEGORY_WORDS, advice, why

PHASE_NAMES = {1: "Settle and move", 2: "Stabilise", 3: "Strengthen and prevent"}
PHASE_FOCUS = {
    1: "gentle movement in a pain-free range, positions of ease, entry levels only",
    2: "core endurance, stretching, balance and posture control",
    3: "stronger, more everyday movements, harder balance, and a routine to keep",
}
# The order within a session: gentle movement first, stretches to finish.
SESSION_ORDER: tuple[Category, ...] = ("rom", "core", "balance", "posture", "extension")
# Further exercises, in this order, while the session fits the minutes.
EXTRA_SLOTS: tuple[Category, ...] = (
    "core",
    "rom",
    "posture",
    "extension",
    "core",
    "rom",
    "posture",
    "extension",
)


# At most this many exercises a session: a home program a person can remember and finish.
def max_items(minutes: int) -> int:
    return 4 + minutes // 10  # 10 min: 5 (one per category), 20 min: 6, 60 min: 10


# --- Phases and dates --------------------------------------------------------------------


def phase_lengths(weeks: int) -> tuple[int, int, int]:
    """Weeks per phase: 8 -> (2, 3, 3), i.e. weeks 1-2, 3-5 and 6-8; scaled for 6-16."""
    first = max(1, (weeks + 2) // 4)
    second = max(1, (3 * weeks + 4) // 8)
    return first, second, weeks - first - second


def phase_ranges(weeks: int) -> list[tuple[Phase, int, int]]:
    """(phase, first week, last week) for each phase."""
    ranges: list[tuple[Phase, int, int]] = []
    first = 1
    for phase, length in zip(PHASES, phase_lengths(weeks), strict=True):
        ranges.append((phase, first, first + length - 1))
        first += length
    return ranges


def session_dates(start: dt.date, weeks: int, days: Sequence[Weekday]) -> list[list[dt.date]]:
    """The session dates of each 7-day window from the start: only the user's days."""
    wanted = {WEEKDAYS.index(day) for day in days}
    return [
        [
            start + dt.timedelta(days=7 * week + offset)
            for offset in range(7)
            if (start + dt.timedelta(days=7 * week + offset)).weekday() in wanted
        ]
        for week in range(weeks)
    ]


def balance_days_per_week(profile: Profile, sessions_per_week: int) -> int:
    """W5/W6: balance 2 days a week, 3 for age 65+ or a balance concern; W3: never fewer than 2."""
    return min(sessions_per_week, 3 if profile.balance_focus else 2)


def spread(count: int, among: int) -> set[int]:
    """`count` session indexes spread evenly over `among` sessions: 3 of 7 -> 0, 2, 4."""
    return {i * among // count for i in range(count)}


# --- Which exercises suit the user ----------------------------------------------------------


def max_stage(profile: Profile, phase: int) -> int:
    """E4: the staged extension path, one stage per phase; the end-range press-up (stage 3)
    only for someone whom extension eases and whose pain is not high."""
    if phase == 3 and "extension" in profile.better and not profile.high_pain:
        return 3
    return min(phase, 2)


def suits(exercise: Exercise, profile: Profile, phase: int) -> bool:
    """Whether the exercise may appear in this phase for this user."""
    e = exercise
    if not set(e.equipment) <= profile.equipment:
        return False  # only the user's equipment
    if e.level > phase:
        return False  # phase 1 entry levels only; one level further per phase
    if profile.no_extension and ("extension" in e.loads or e.end_range_extension):
        return False  # E1, read strictly: no extension loading at all, in any phase
    if set(e.loads) & profile.worse:
        # Directional preference: nothing into a direction that makes it worse. The issue asks
        # this of phase 1; we keep it for the whole program (reintroducing a painful direction
        # is a clinician's call) and say so in the advice.
        return False
    if e.extension_stage is not None and e.extension_stage > max_stage(profile, phase):
        return False  # E4: stages in order, new users start at stage 1 or 2
    if e.end_range_extension and max_stage(profile, phase) < 3:
        return False  # E1/E4: end-range extension only at the last stage
    # B4: standing balance next to a counter or wall, never a chair that can move.
    steady = {"counter", "wall"} & set(e.equipment)
    return not (e.category == "balance" and e.position == "standing" and not steady)


def _rank_key(e: Exercise, profile: Profile, phase: int, order: int) -> tuple[int, int, int]:
    # Prefer the phase's own level, then the lower levels (phase 3: 3, 2, 1).
    level_gap = phase - e.level
    score = 0
    if set(e.loads) & profile.better:
        score += 2  # E1: match the directional preference
    if e.category == "extension" and e.extension_stage is not None:
        score += 2 if "extension" in profile.better else 0  # E4 path for extension-easers
    if e.category == "core":
        if phase == 2 and e.kind == "isometric":
            score += 1  # phase 2: core endurance (C1-C3)
        if phase == 3 and e.kind == "strength":
            score += 1  # phase 3: loaded strengthening (C5)
        if "extension" in e.loads:
            score -= 1  # C7: strengthen in neutral or slight flexion
    if e.category == "posture" and "lifting" in profile.triggers and "hinge" in e.id:
        score += 2  # lifting hurts: practise the hip hinge
    if "sitting" in profile.triggers and e.position == "seated" and e.category != "balance":
        score -= 1  # sitting hurts: prefer other positions (P1, variety)
    if "standing" in profile.triggers and e.position == "standing" and e.category != "balance":
        score -= 1
    if profile.balance_focus and e.category == "balance" and e.position == "seated" and phase > 1:
        score -= 1  # after the first weeks, balance work moves on to supported standing
    # Ties keep the library's order: its authors list the usual first choice first.
    return (level_gap, -score, order)


def ranked(library: Library, profile: Profile, phase: int, category: Category) -> list[Exercise]:
    chosen = [
        (index, e)
        for index, e in enumerate(library.exercises)
        if e.category == category and suits(e, profile, phase)
    ]
    chosen.sort(key=lambda pair: _rank_key(pair[1], profile, phase, pair[0]))
    return [e for _, e in chosen]


def missing_categories(library: Library, profile: Profile) -> list[Category]:
    """Categories with no entry-level exercise this user can do (phase 1 is the narrowest)."""
    return [c for c in CATEGORIES if not ranked(library, profile, 1, c)]


def check_feasible(library: Library, profile: Profile) -> None:
    """Every category must be possible (W3); otherwise say which equipment would help."""
    missing = missing_categories(library, profile)
    if not missing:
        return
    parts = []
    for category in missing:
        helpers = [
            item
            for item in EQUIPMENT
            if item not in profile.equipment
            and ranked(library, profile._replace(equipment=profile.equipment | {item}), 1, category)
        ]
        need = (
            f"add one of: {', '.join(helpers)}" if helpers else "no exercise in the library suits"
        )
        parts.append(f"{CATEGORY_WORDS[category]} ({need})")
    have = ", ".join(sorted(profile.equipment, key=EQUIPMENT.index)) or "none"
    raise InputError(
        f"With your equipment ({have}) and answers, there is no entry-level exercise for "
        f"{'; '.join(parts)}. Add some of it to your equipment (most homes have a chair and a "
        "wall)."
    )


# --- Building the program -----------------------------------------------------------------


@dataclass
class _Template:
    """A phase's session: variant A, variant B (its strength exercises swapped, W7)."""

    a: list[Exercise]
    b: list[Exercise]
    cap: int  # how many ladder steps the phase may climb and still fit the minutes
    volume: int  # FULL, SHORT or GENTLE start doses


def build_program(answers: Answers, library: Library, start: dt.date) -> Program:
    """The whole program. Raises InputError when the answers cannot make a safe program."""
    profile = profile_of(answers)
    days = [d for d in WEEKDAYS if d in set(answers.days)]
    if len(days) < 2:
        raise InputError(
            "Choose at least 2 days a week, so that every kind of exercise can come twice a week."
        )  # W3
    check_feasible(library, profile)
    budget = answers.minutes * 60
    dates = session_dates(start, answers.weeks, days)
    per_week = len(days)
    balance_index = spread(balance_days_per_week(profile, per_week), per_week)
    phase_firsts = {dates[first - 1][0] for _, first, _ in phase_ranges(answers.weeks)}
    variants = _variants([d for week in dates for d in week], phase_firsts)
    uses_b = "b" in variants.values()

    weeks: list[Week] = []
    run_start: dict[str, int] = {}  # first week of each exercise's current run of phases
    ladders: dict[tuple[str, int], list[Dose]] = {}
    previous: set[str] = set()
    previous_strength: set[str] = set()
    for phase, first, last in phase_ranges(answers.weeks):
        for e_id in list(run_start):
            if e_id not in previous:
                del run_start[e_id]
        template = _fit_phase(
            library, profile, phase, first, last, budget, uses_b, run_start, ladders, answers,
            previous_strength,
        )  # fmt: skip
        used = {e.id for e in template.a + template.b}
        for e_id in sorted(used):
            run_start.setdefault(e_id, first)
        previous = used
        previous_strength = {e.id for e in template.a + template.b if e.kind == "strength"}
        for number in range(first, last + 1):
            sessions = []
            for index, day in enumerate(dates[number - 1]):
                chosen = template.b if variants[day] == "b" else template.a
                items = [e for e in chosen if e.category != "balance" or index in balance_index]
                plan_items, seconds = [], 0
                for e in items:
                    step = min(number - run_start[e.id], template.cap)
                    dose = _ladder(ladders, e, profile, template.volume)[step]
                    seconds += item_seconds(e, dose)
                    plan_items.append(plan_item(e, dose, why(e, phase, profile)))
                sessions.append(Session(date=day, minutes=round(seconds / 60, 1), items=plan_items))
            weeks.append(
                Week(number=number, phase=phase, phase_name=PHASE_NAMES[phase], sessions=sessions)
            )
    return Program(
        schema_version=SCHEMA_VERSION,
        start=start,
        weeks=weeks,
        advice=advice(answers, profile, per_week),
    )


def _variants(dates: list[dt.date], phase_firsts: set[dt.date]) -> dict[dt.date, str]:
    """W7: a session the day after an "a" session is a "b" (and after "b", an "a"), so the
    same strength exercise never comes on two days in a row. A phase's first session, the
    day after a session of the phase before, is a "b": its B variant avoids every strength
    exercise of the phase before."""
    found: dict[dt.date, str] = {}
    for day in dates:
        before = found.get(day - dt.timedelta(days=1))
        if day in phase_firsts and before is not None:
            found[day] = "b"
        else:
            found[day] = "b" if before == "a" else "a"
    return found


def _ladder(
    ladders: dict[tuple[str, int], list[Dose]], e: Exercise, profile: Profile, volume: int
) -> list[Dose]:
    key = (e.id, volume)
    found = ladders.get(key)
    if found is None:
        found = ladders[key] = dose_ladder(e, profile, 16, volume)
    return found


def _fit_phase(
    library: Library,
    profile: Profile,
    phase: int,
    first: int,
    last: int,
    budget: int,
    uses_b: bool,
    run_start: dict[str, int],
    ladders: dict[tuple[str, int], list[Dose]],
    answers: Answers,
    avoid_in_b: set[str],
) -> _Template:
    """Choose the phase's exercises and how far doses may climb, within the minutes."""
    pools = {c: ranked(library, profile, phase, c) for c in CATEGORIES}
    slots = list(SESSION_ORDER)
    extras = list(EXTRA_SLOTS)
    if profile.balance_focus:
        extras.insert(1, "balance")  # W6: more balance practice when it matters most
    # Pain 7 or more: phase 1 starts gentle, one exercise per category.
    lowest = GENTLE if profile.high_pain and phase == 1 else FULL
    if lowest == GENTLE:
        extras = []

    def steps_needed(chosen: list[Exercise]) -> int:
        return max((last - run_start.get(e.id, first) for e in chosen), default=0)

    def longest(chosen_a: list[Exercise], chosen_b: list[Exercise], cap: int, volume: int) -> int:
        worst = 0
        for chosen in (chosen_a, chosen_b) if uses_b else (chosen_a,):
            total = 0
            for e in chosen:
                step = min(last - run_start.get(e.id, first), cap)
                total += item_seconds(e, _ladder(ladders, e, profile, volume)[step])
            worst = max(worst, total)
        return worst

    a = _choose(pools, slots)
    b = _swap_strength(pools, a, avoid_in_b)
    cap = 0
    for volume in range(lowest, GENTLE + 1):
        # PM3: climb less far rather than overrun the minutes; then start lower.
        cap = steps_needed(a + b)
        while cap > 0 and longest(a, b, cap, volume) > budget:
            cap -= 1
        if longest(a, b, cap, volume) <= budget:
            break
    else:
        raise InputError(
            f"minutes: {answers.minutes} minutes is too short for one exercise of each kind; "
            "choose more minutes (at most 60)."
        )
    for category in extras:
        if len(a) >= max_items(answers.minutes):
            break
        more_a = _choose(pools, [*slots, category])
        if len(more_a) == len(a):
            continue
        more_b = _swap_strength(pools, more_a, avoid_in_b)
        if longest(more_a, more_b, cap, volume) <= budget:
            slots.append(category)
            a, b = more_a, more_b
    return _Template(a=a, b=b, cap=cap, volume=volume)


def _choose(pools: dict[Category, list[Exercise]], slots: list[Category]) -> list[Exercise]:
    """The best-ranked exercise for each slot, never the same one twice; session order."""
    chosen: list[Exercise] = []
    for category in slots:
        pick = next((e for e in pools[category] if e not in chosen), None)
        if pick is not None:
            chosen.append(pick)
    return sorted(chosen, key=lambda e: SESSION_ORDER.index(e.category))


def _swap_strength(
    pools: dict[Category, list[Exercise]], a: list[Exercise], avoid: set[str]
) -> list[Exercise]:
    """Variant B: each strength exercise of A replaced by another of its category, never one
    in `avoid` (the strength work of the phase before), so B can follow A or that phase (W7)."""
    b: list[Exercise] = []
    for e in a:
        if e.kind != "strength":
            b.append(e)
            continue
        other = next(
            (x for x in pools[e.category] if x not in a and x not in b and x.kind != "strength"),
            None,
        ) or next(
            (x for x in pools[e.category] if x not in a and x not in b and x.id not in avoid), None
        )
        if other is not None:
            b.append(other)
    return b
