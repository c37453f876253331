"""answers + library + start date -> Program. Pure and deterministic.

No clock, no files, no randomness: the same input gives the same program, byte for byte.
The rules applied are those of ../shared/clinical-rules.md, cited by ID where applied.

How a program is made, in one pass:
1. The weeks are split into three phases (settle and move, stabilise, strengthen), W10.
2. Session dates are the user's weekdays in each 7-day window from the start.
3. For each phase, every category gets its best-ranked exercise the user can safely do
   (equipment, directions, level); more exercises are added while the session still fits
   the minutes at the phase's last, hardest week.
4. Each exercise's dose climbs a ladder, one variable per week (PM3), inside the dose
   ranges of its kind (library.dose_problems, which the library itself is checked with).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from facetcoach.dose import SECONDS_PER_REP, estimate_seconds, reps_per_set
from facetcoach.errors import InputError
from facetcoach.library import dose_problems
from facetcoach.models import (
    CATEGORIES,
    EQUIPMENT,
    SCHEMA_VERSION,
    WEEKDAYS,
    Answers,
    Exercise,
    Library,
    PlanItem,
    Program,
    Session,
    Week,
)

PHASE_NAMES = {1: "Settle and move", 2: "Stabilise", 3: "Strengthen and prevent"}
PHASE_FOCUS = {
    1: "gentle movement in a pain-free range, positions of ease, entry levels only",
    2: "core endurance, stretching, balance and posture control",
    3: "stronger, more everyday movements, harder balance, and a routine to keep",
}
CATEGORY_WORDS = {
    "core": "core",
    "rom": "range of motion",
    "posture": "posture",
    "balance": "balance",
    "extension": "back extension and hip flexors",
}

# The order within a session: gentle movement first, stretches to finish.
SESSION_ORDER = ("rom", "core", "balance", "posture", "extension")
# Further exercises, in this order, while the session fits the minutes.
EXTRA_SLOTS = ("core", "rom", "posture", "extension", "core", "rom", "posture", "extension")
DIRECTION_TRIGGERS = ("extension", "flexion", "rotation")


# At most this many exercises a session: a home program a person can remember and finish.
def max_items(minutes: int) -> int:
    return 4 + minutes // 10  # 10 min: 5 (one per category), 20 min: 6, 60 min: 10


HIGH_PAIN = 7  # pain_now or pain_worst at or above this starts at a lower volume
OLDER_AGE = 65  # F1 (longer stretch holds), W6 and B4 (balance)
# Total stretch time per side a ladder may reach (F2: about 60 s; a little more as it grows).
STRETCH_TOTAL_CAP = {False: 90, True: 120}
BALANCE_HOLD_CAP = 30
BALANCE_TOTAL_CAP = 90


def _library_total(e: Exercise) -> int:
    return (e.reps or 1) * e.sets * (e.hold_seconds or 0)


@dataclass(frozen=True, slots=True)
class Profile:
    """What the planner needs to know about the user, read once from the answers."""

    worse: frozenset[str]  # loads directions the user said make it worse
    better: frozenset[str]  # loads directions that ease it (directional preference, E1)
    triggers: frozenset[str]  # every worse_with word (sitting, lifting, ...)
    easers: frozenset[str]
    no_extension: bool  # E1: extension hurts, so nothing that loads extension at all
    older: bool  # 65+
    balance_focus: bool  # 65+ or a fall / unsteadiness (W6, B4)
    high_pain: bool
    novice: bool  # sedentary: 1 set of strength work to begin with (C6)
    equipment: frozenset[str]


def profile_of(answers: Answers) -> Profile:
    worse = frozenset(w for w in answers.worse_with if w in DIRECTION_TRIGGERS)
    return Profile(
        worse=worse,
        better=frozenset(w for w in answers.better_with if w in DIRECTION_TRIGGERS) - worse,
        triggers=frozenset(answers.worse_with),
        easers=frozenset(answers.better_with),
        no_extension="extension" in worse,
        older=answers.age >= OLDER_AGE,
        balance_focus=answers.age >= OLDER_AGE or answers.balance_concern,
        high_pain=max(answers.pain_now, answers.pain_worst) >= HIGH_PAIN,
        novice=answers.activity == "sedentary",
        equipment=frozenset(answers.equipment),
    )


# --- Phases and dates --------------------------------------------------------------------


def phase_lengths(weeks: int) -> tuple[int, int, int]:
    """Weeks per phase: 8 -> (2, 3, 3), i.e. weeks 1-2, 3-5 and 6-8; scaled for 6-16."""
    first = max(1, (weeks + 2) // 4)
    second = max(1, (3 * weeks + 4) // 8)
    return first, second, weeks - first - second


def phase_ranges(weeks: int) -> list[tuple[int, int, int]]:
    """(phase, first week, last week) for each phase."""
    ranges, first = [], 1
    for phase, length in enumerate(phase_lengths(weeks), start=1):
        ranges.append((phase, first, first + length - 1))
        first += length
    return ranges


def phase_of(week: int, weeks: int) -> int:
    return next(p for p, first, last in phase_ranges(weeks) if first <= week <= last)


def session_dates(start: dt.date, weeks: int, days: list[str]) -> list[list[dt.date]]:
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


def _rank_key(e: Exercise, profile: Profile, phase: int, order: int) -> tuple:
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


def ranked(library: Library, profile: Profile, phase: int, category: str) -> list[Exercise]:
    chosen = [
        (index, e)
        for index, e in enumerate(library.exercises)
        if e.category == category and suits(e, profile, phase)
    ]
    chosen.sort(key=lambda pair: _rank_key(pair[1], profile, phase, pair[0]))
    return [e for _, e in chosen]


def missing_categories(library: Library, profile: Profile) -> list[str]:
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
            and ranked(library, replace(profile, equipment=profile.equipment | {item}), 1, category)
        ]
        need = (
            f"add one of: {', '.join(helpers)}" if helpers else "no exercise in the library suits"
        )
        parts.append(f"{CATEGORY_WORDS[category]} ({need})")
    have = ", ".join(sorted(profile.equipment, key=EQUIPMENT.index)) or "none"
    raise InputError(
        f"With your equipment ({have}) and answers, there is no entry-level exercise for "
        f"{'; '.join(parts)}. Change `equipment` (most homes have a chair and a wall) and "
        "try again."
    )


# --- Doses ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Dose:
    sets: int
    reps: int | None
    hold: int | None


class _DoseView:
    """An exercise seen with another dose: the fields dose_problems() reads, without the
    cost of copying the whole Exercise for each of the planner's many trial doses."""

    __slots__ = ("extension_stage", "hold_seconds", "kind", "level", "reps", "sets")

    def __init__(self, exercise: Exercise, dose: Dose) -> None:
        self.kind, self.level = exercise.kind, exercise.level
        self.extension_stage = exercise.extension_stage
        self.sets, self.reps, self.hold_seconds = dose.sets, dose.reps, dose.hold


def dose_ok(exercise: Exercise, dose: Dose, profile: Profile) -> bool:
    """Inside the kind's range (the library's own check, F1 for 65+) and the ladder caps."""
    trial = _DoseView(exercise, dose)
    if dose_problems(trial, older_adult=profile.older):  # type: ignore[arg-type]
        return False
    if exercise.kind == "stretch" and exercise.extension_stage is None:
        # F2: about 60 s of stretching per side; let it grow a little, not without end.
        return (dose.reps or 1) * (dose.hold or 0) <= STRETCH_TOTAL_CAP[profile.older]
    if exercise.kind == "balance":
        # B2 sets the floor; the ceiling keeps practice short and fresh: holds up to 30 s,
        # about 90 s in all per side, then harder balance comes from the next level instead.
        hold = dose.hold or 0
        return hold <= max(BALANCE_HOLD_CAP, exercise.hold_seconds or 0) and (
            (dose.reps or 1) * dose.sets * hold <= max(BALANCE_TOTAL_CAP, _library_total(exercise))
        )
    return True


# Start volumes: the library's dose; shorter, for a session short of time; gentle, for
# pain 7 or more. Gentle is never above short, and short never above full.
FULL, SHORT, GENTLE = 0, 1, 2


def start_dose(exercise: Exercise, profile: Profile, volume: int = FULL) -> Dose:
    """The first week's dose: the library's, adjusted for age and novices, then lowered."""
    e = exercise
    dose = Dose(e.sets, e.reps, e.hold_seconds)
    if e.kind == "stretch" and e.extension_stage is None and profile.older:
        # F1/F2 for 65+: 2 holds of 30 s, about 60 s in all.
        dose = Dose(1, 2, min(60, max(30, e.hold_seconds or 30)))
    if e.kind == "strength" and profile.novice:
        dose = replace(dose, sets=1)  # C6: 1 set for novices
    lowered = _lower(e, dose, volume == GENTLE, profile.older) if volume != FULL else dose
    for candidate in (lowered, dose, Dose(e.sets, e.reps, e.hold_seconds)):
        if dose_ok(e, candidate, profile):
            return candidate
    return dose


def _lower(e: Exercise, dose: Dose, gentle: bool, older: bool) -> Dose:
    """One set, fewer reps; `gentle` (pain 7+) goes to the bottom of the kind's range."""
    reps, hold = dose.reps, dose.hold
    if e.extension_stage == 1:
        return Dose(1, 1, 60)  # E4 stage 1: one minute
    if e.extension_stage == 2:
        return Dose(1, 5, 10) if gentle else Dose(1, max(5, (reps or 5) - 2), hold)  # E4
    if e.kind == "stretch":
        reps = 2  # F2: at least 2 holds
        if gentle and hold is not None:
            hold = max(30 if older else 10, hold - 5)  # F1: shorter holds, 30 s at 65+
    elif e.kind == "mobility" and reps is not None:
        floor = 8 if e.extension_stage == 3 else 5  # F5; E4 press-ups 8-10
        reps = floor if gentle else max(floor, reps - 3)
    elif e.kind == "isometric" and reps is not None:
        reps = min(reps, 3 if gentle else 4)  # C2: a shorter pyramid
        if gentle and hold is not None:
            hold = max(5, hold - 2)  # C1
    elif e.kind == "strength":
        reps = 8 if gentle else reps  # C5: the bottom of 8-12
    elif e.kind == "balance" and reps is not None:
        reps = 2 if gentle else min(reps, 3)  # B2: 2 or more
        if gentle and hold is not None:
            hold = max(5 if e.level == 1 else 10, hold - 5)
    return Dose(1, reps, hold)


def _moves(e: Exercise, profile: Profile) -> tuple[tuple[str, int], ...]:
    """What may grow, one at a time (PM3), by kind."""
    if e.extension_stage == 1:
        return (("hold", 15),)  # E4: prone lying 1-2 minutes
    if e.extension_stage == 2:
        return (("reps", 1), ("hold", 5))
    return {
        "stretch": (("hold", 10 if profile.older else 5), ("reps", 1)),
        "mobility": (("reps", 2), ("sets", 1)),
        "isometric": (("hold", 1), ("reps", 1), ("sets", 1)),
        "strength": (("reps", 2), ("sets", 1)),
        "balance": (("hold", 5), ("reps", 1)),
    }[e.kind]


def dose_ladder(exercise: Exercise, profile: Profile, steps: int, volume: int = FULL) -> list[Dose]:
    """The dose for each week of use: each step changes one variable by one notch (PM3);
    when nothing can grow inside the ranges, the dose stays (a plateau, not a jump)."""
    doses = [start_dose(exercise, profile, volume)]
    moves = _moves(exercise, profile)
    for step in range(steps):
        current = nxt = doses[-1]
        for offset in range(len(moves)):
            field, by = moves[(step + offset) % len(moves)]
            value = getattr(current, field)
            if value is None:
                continue
            candidate = replace(current, **{field: value + by})
            if dose_ok(exercise, candidate, profile):
                nxt = candidate
                break
        doses.append(nxt)
    return doses


def item_seconds(e: Exercise, dose: Dose) -> int:
    return estimate_seconds(e.kind, dose.sets, dose.reps, dose.hold, e.per_side, e.rest_seconds)


def work_seconds(kind: str, sets: int, reps: int | None, hold: int | None, per_side: bool) -> int:
    """Time under work, without rests or set-up: the volume part of the difficulty measure."""
    per_rep = (hold + 2) if hold else SECONDS_PER_REP
    return sum(reps_per_set(kind, sets, reps)) * per_rep * (2 if per_side else 1)


def item_load(item: PlanItem) -> int:
    """Difficulty of one item: its level times its work time."""
    return item.level * work_seconds(
        item.kind, item.sets, item.reps, item.hold_seconds, item.per_side
    )


def week_load(week: Week) -> int:
    """The volume/difficulty measure of a week: the sum of its items' loads (PM3 test)."""
    return sum(item_load(item) for session in week.sessions for item in session.items)


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
                    plan_items.append(_item(e, dose, phase, profile))
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


def _choose(pools: dict[str, list[Exercise]], slots: list[str]) -> list[Exercise]:
    """The best-ranked exercise for each slot, never the same one twice; session order."""
    chosen: list[Exercise] = []
    for category in slots:
        pick = next((e for e in pools[category] if e not in chosen), None)
        if pick is not None:
            chosen.append(pick)
    return sorted(chosen, key=lambda e: SESSION_ORDER.index(e.category))


def _swap_strength(
    pools: dict[str, list[Exercise]], a: list[Exercise], avoid: set[str]
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


def _item(e: Exercise, dose: Dose, phase: int, profile: Profile) -> PlanItem:
    return PlanItem(
        exercise_id=e.id,
        category=e.category,
        kind=e.kind,
        level=e.level,
        sets=dose.sets,
        reps=dose.reps,
        hold_seconds=dose.hold,
        per_side=e.per_side,
        rest_seconds=e.rest_seconds,
        why=why(e, phase, profile),
    )


# --- Words: why each item, and the advice -------------------------------------------------

_KIND_WHY = {
    ("rom", "mobility"): "gentle movement in a pain-free range, to ease stiffness",
    ("rom", "stretch"): "a gentle stretch for the hips and back, to ease tightness",
    ("core", "isometric"): "builds the endurance of the muscles that steady your spine",
    ("core", "mobility"): "gentle core control while lying supported",
    ("core", "strength"): "strengthens hips and trunk with your back in a neutral position",
    ("posture", "mobility"): "a change of position that breaks up long sitting or standing",
    ("posture", "stretch"): "opens the chest and shoulders to make upright positions easier",
    ("posture", "strength"): "strengthens the upper back and hips for everyday positions",
    ("extension", "stretch"): "stretches the front of the hips, which pull on the low back",
    ("extension", "mobility"): "gentle backward bending, built up in stages",
    ("extension", "strength"): "strengthens the back muscles with the spine supported",
}


def why(e: Exercise, phase: int, profile: Profile) -> str:
    """One line saying why this exercise is in the plan."""
    if e.category == "balance":
        if phase == 1 and profile.balance_focus:
            return "balance practice with full support first, as you are 65+ or unsteady"  # B4
        if e.position == "seated":
            return "steadiness practice while sitting safely, to lower the risk of falls"
        return "steadiness practice holding a firm support, to lower the risk of falls"
    if e.extension_stage is not None:
        return (
            f"stage {e.extension_stage} of gentle backward bending; stop if pain spreads "
            "down your leg"  # E3, E4
        )
    if set(e.loads) & profile.better:
        direction = next(d for d in ("flexion", "extension", "rotation") if d in e.loads)
        return f"moves your back into {_direction_words(direction)}, which you said eases it"
    if e.category == "extension" and profile.no_extension:
        return "stretches the front of the hips without arching your back, which you said hurts"
    if e.category == "posture" and "lifting" in profile.triggers and "hinge" in e.id:
        return "practises bending at the hips, to make lifting easier on your back"
    text = _KIND_WHY.get((e.category, e.kind), f"{CATEGORY_WORDS[e.category]} work")
    if "extension" in e.loads and e.category == "extension":
        text += "; stop if pain spreads down your leg"  # E3
    return text


def _direction_words(direction: str) -> str:
    return {"flexion": "bending forward", "extension": "bending backward"}.get(
        direction, "twisting"
    )


def advice(answers: Answers, profile: Profile, per_week: int) -> list[str]:
    """Plain advice that goes with the program (Program.advice)."""
    lines = []
    if "sitting" in profile.triggers:
        lines.append(
            "Sitting makes your pain worse: get up, move or change position every 20-30 minutes."
        )  # P3
    elif "standing" in profile.triggers:
        lines.append(
            "Standing makes your pain worse: sit down, shift your weight or walk a little "
            "every 20-30 minutes."
        )  # P3
    else:
        lines.append(
            "Break up long sitting or standing: change position or move for a minute or two "
            "every 30-45 minutes."
        )  # P3
    avoided = sorted(profile.worse)
    if avoided:
        words = " or ".join(_direction_words(d) for d in avoided)
        lines.append(
            f"Exercises that load your back into {words} are left out, because you said that "
            "makes your pain worse. Ask a physical therapist before adding them back."
        )  # E1
    if "walking" in profile.easers:
        lines.append("Walking eases your pain: short, easy walks on the other days help too.")
    if "walking" in profile.triggers:
        lines.append(
            "Walking makes your pain worse: keep walks short and easy, and rest before it builds."
        )
    if "lifting" in profile.triggers:
        lines.append(
            "When you lift, bend at your hips and knees and keep the load close to your body."
        )
    if profile.balance_focus and per_week < 3:
        lines.append(
            "Balance work is best 3 days a week for you (age 65+ or a fall or unsteadiness); "
            "add a short balance practice on one more day if you can."
        )  # W6
    lines.append(
        "Some discomfort is fine: pain up to 5 out of 10 during an exercise is acceptable if it "
        "settles by the next morning. Above 5, do less."
    )  # PM1, PM2
    lines.append(
        "Move on to the next phase when the calendar says so and your pain allows it; in a "
        "flare-up, keep moving gently with about half the amount, and build back up."
    )  # PH1, FL1
    lines.append(
        "If you are no better after 6 weeks, or clearly worse over 2 weeks, see a clinician."
    )  # PM6
    return lines
