"""What `today`, `plan show` and `progress` say beyond the program: the doses adjusted to the
log (progression.py), flare mode suggested, a check-in due, and the safety prompts. Pure.

- FL1 (suggest the flare routine for the next session): the latest session before the day
  started at pain 7 or more, or pain rose 3 or more within a day (before → after, or before →
  next morning); or the latest planned session was skipped for a flare.
- FL3: a flare-up not settled within 2 weeks, or 3 or more flare-ups in the program: advise a
  physiotherapy review. A flare-up begins with a flare sign (a flare session, a skip for a
  flare, or one of the FL1 signs) and settles with the first session without any.
- PM5: a new neurological symptom logged: progression stops (progression.py) and the red-flag
  advice is shown, until a new plan (which asks the safety questions again).
- PM6: the check-ins say the back is clearly worse, or not better after 6 weeks (checkins.py).
- Check-ins: due at the start and then every 2 weeks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from facetcoach.coaching.verdict import open_symptom
from facetcoach.days import long_day
from facetcoach.models import (
    Adjustment,
    Answers,
    CheckinScore,
    DayRoutine,
    Exercise,
    Held,
    LogEntry,
    Pause,
    PlanFile,
    PlanItem,
    Prompt,
)
from facetcoach.program.path import HELD_REVIEW_WEEKS
from facetcoach.program.routine import suspension
from facetcoach.program.safety import SYMPTOM_WORDS, Notice
from facetcoach.program.schedule import week_for
from facetcoach.program.strength_groups import done_each_day, rested, strength_families

# progression.py and checkins.py (and the planner behind them) are imported inside the
# functions: with nothing logged yet, `today` needs none of them.

FLARE_REVIEW_DAYS = 14  # FL3: a flare not settling in 1-2 weeks
RECURRING_FLARES = 3  # FL3: flares that keep coming back
MORNING_TIP_DAYS = 2  # remind about next-morning pain for a session this recent
SEVERE_DAYS = 2  # PM1, FL1: the severe-pain advice stays this long after its session


class Coaching:
    """Everything the adaptive coaching says about one day (a plain class: see progression)."""

    __slots__ = (
        "adjustments",
        "checkin_due",
        "day",
        "eased",
        "flare_reason",
        "flare_step",
        "held",
        "items",
        "last_checkin",
        "morning_missing",
        "next_checkin",
        "progression_stopped",
        "prompts",
        "rested",
        "walking",
    )

    def __init__(
        self,
        day: dt.date,
        items: list[PlanItem],
        adjustments: list[Adjustment] | None = None,
        held: list[Held] | None = None,
    ) -> None:
        self.day = day
        self.items = items
        self.adjustments = adjustments or []
        self.held = held or []
        self.flare_reason: str | None = None
        self.flare_step: float | None = None  # FL1: the share of the planned volume given
        self.checkin_due = False
        self.last_checkin: dt.date | None = None
        self.next_checkin: dt.date | None = None
        self.prompts: list[Prompt] = []
        self.progression_stopped = False
        self.morning_missing: dt.date | None = None
        # W7: strength exercises left out because the log has them done the day before.
        self.rested: list[Held] = []
        self.eased: list[Adjustment] = []  # back to the plan's dose by a step down
        # A1: the day's walking target (coaching/walking.py) and why it is not the plan's.
        self.walking: tuple[int | None, str | None] = (None, None)


def rest_strength(
    entries: Sequence[LogEntry],
    day: dt.date,
    items: list[PlanItem],
    exercises: Iterable[Exercise] = (),
) -> tuple[list[PlanItem], list[Held]]:
    """W7: the day's items without the strength exercises a session of the day before did
    (as the log has it), and why each was left out. Found by a new user's trial: a change of
    days (Mon-Wed-Fri to Tue-Thu-Sat, the day after a Monday session) gave the bridge on two
    days in a row, under its own caution "not on two days in a row". Another level of an
    exercise of `exercises` is that exercise (strength_groups.strength_families)."""
    done = done_each_day(entries).get(day - dt.timedelta(days=1), set())
    kept, out = rested(items, done, strength_families(exercises))
    reason = "you did it yesterday, and strength work needs a day to recover"
    return kept, [Held(exercise_id=item.exercise_id, reason=reason) for item in out]


def entries_from(plan: PlanFile) -> dt.date:
    """The first day whose entries the coaching reads: the program's start, or the day the plan
    was made when that came first (a baseline check-in before the start counts)."""
    first = plan.revisions[0].program.start if plan.revisions else plan.program.start
    return min(first, plan.created_at.date())


def coach(
    plan: PlanFile,
    entries: Sequence[LogEntry],
    day: dt.date,
    items: Sequence[PlanItem],
    *,
    flare: bool = False,
) -> Coaching:
    """The coaching for `day`, whose planned session holds `items` (none on a rest day)."""
    from facetcoach.coaching.walking import gated_walking

    if not entries:
        # Nothing logged: the plan's doses, and the first check-in is due.
        result = Coaching(day=day, items=list(items))
        result.checkin_due, result.next_checkin = True, plan.program.start
        result.prompts += hold_prompt(plan, day) + held_prompt(plan, day)
        result.walking = gated_walking(plan, [], day, flare=flare)
        return result
    from facetcoach.checkin.history import checkin_due
    from facetcoach.coaching.flare import flare_step, scaled_items
    from facetcoach.coaching.progression import adjust_items
    from facetcoach.coaching.verdict import in_order
    from facetcoach.intake.profile import profile_of

    ordered = in_order(entries)
    if flare or not items:
        result = Coaching(day=day, items=list(items))
    else:
        adjusted = adjust_items(plan, ordered, day, items)
        result = Coaching(
            day=day, items=adjusted.items, adjustments=adjusted.adjustments, held=adjusted.held
        )
        result.eased = adjusted.eased
        result.flare_reason = flare_suggestion(ordered, day, plan.answers)
        result.items, result.rested = rest_strength(ordered, day, result.items, plan.exercises)
    result.checkin_due, result.last_checkin, result.next_checkin = checkin_due(
        ordered, day, plan.program.start
    )
    result.progression_stopped = open_symptom(ordered, day) is not None
    result.prompts += safety_prompts(plan, ordered, day)
    result.morning_missing = morning_missing(ordered, day)
    result.walking = gated_walking(plan, ordered, day, flare=flare)
    if items and not flare:
        result.flare_step = flare_step(ordered, plan.answers, day)
        if result.flare_step is not None:
            stepper = profile_of(plan.answers)
            exercises = {e.id: e for e in plan.exercises}
            result.items = scaled_items(result.items, result.flare_step, exercises, stepper)
    return result


def _as_scaled(
    adjustments: list[Adjustment], items: Sequence[PlanItem], planned: Sequence[PlanItem]
) -> list[Adjustment]:
    """The adjustments with the dose given after FL1's graded return scaled the items (found
    by a new user's trial: "→ 3 × 25 s hold" in the list, "3 × 20 s hold" in the routine),
    and a dose scaled below the plan's called "regress" (found by review: "progress")."""
    from facetcoach.coaching.dose_steps import item_words
    from facetcoach.coaching.flare import item_work  # the measure the scaling used

    given = {item.exercise_id: item for item in items}
    plan_items = {item.exercise_id: item for item in planned}
    result = []
    for change in adjustments:
        item = given.get(change.given_id)
        dose = item_words(item) if item is not None else change.to_dose
        if item is not None and dose != change.to_dose:
            if dose == change.from_dose and change.given_id == change.exercise_id:
                continue  # scaled back to the plan's own dose: no change to list
            why = f"{change.reason}; less today, building back up after the flare-up"
            change = replace(change, to_dose=dose, reason=why)
            base = plan_items.get(change.exercise_id)
            if base is not None and item_work(item) < item_work(base):
                change = replace(change, action="regress")
        result.append(change)
    return result


def safety_prompts(
    plan: PlanFile,
    ordered: Sequence[LogEntry],
    day: dt.date,
    checkins: Sequence[CheckinScore] | None = None,
) -> list[Prompt]:
    """The safety prompts of `day`, in the order `today` and `progress` both give them: a red
    flag holding the program (RS1), a new symptom (PM5), severe pain (PM1), a flare not
    easing (FL4, the early FL3) or not settled (FL3), what the check-ins say (PM6), weeks held
    at one phase (PH1). One list for both:
    found in a read of the code, `progress` built its own and had neither FL4 nor PH1's.
    `ordered`: the entries in order (verdict.in_order); `checkins`: their scores, when the
    caller has them already."""
    from facetcoach.checkin.history import review_prompts, score_checkins
    from facetcoach.coaching.flare import flare_not_easing

    symptom = open_symptom(ordered, day)
    prompts = hold_prompt(plan, day)
    prompts += [symptom_prompt([symptom])] if symptom is not None else []
    severe = severe_pain_prompt(ordered, day, plan.answers)
    prompts += [severe] if severe is not None else []
    early = flare_not_easing(ordered, day)
    prompts += (
        [early] if early is not None else flare_prompts(ordered, day, plan.answers, plan.pauses)
    )
    prompts += review_prompts(score_checkins(ordered, day) if checkins is None else checkins)
    return prompts + held_prompt(plan, day)


def hold_prompt(plan: PlanFile, day: dt.date) -> list[Prompt]:
    """RS1: a yes at a later screen holds the program; said first wherever advice is shown
    (found by a new user's trial: `progress` and the bare status said nothing of it)."""
    screen = suspension(plan, day)
    if screen is None:
        return []
    # Only for a held program (routine.py says why it is imported here).
    from facetcoach.intake.screen import flag_words, flagged, red_flags_of

    words = "; ".join(flag_words(screen.flagged))
    groups = flagged(red_flags_of(screen.flagged))
    # The most urgent action, in the one line the status gives (found by a new user's
    # trial: "on hold" said nothing of "today (same day)").
    action = groups[0][0].action if groups else "See a clinician first"
    return [
        Prompt(
            rule="RS1",
            level="urgent",
            text=(
                f"Your program is on hold: on {long_day(screen.date)} you said yes to {words}. "
                f"{action}. When you have been checked, answer the safety questions again "
                "with `facetcoach plan screen`."
            ),
            summary=f"Your program is on hold. {action}: `facetcoach today` says why.",
        )
    ]


def held_prompt(plan: PlanFile, day: dt.date) -> list[Prompt]:
    """PH1: after 3 weeks held at one phase, the PM6 advice (see a clinician), with the reason
    this week is held (found by review: it said "the sessions have not yet settled well" to
    someone held by a new symptom, with no session logged)."""
    week = week_for(plan.program, day)
    if week is None:
        return []
    weeks = plan.program.weeks[: plan.program.weeks.index(week) + 1]
    run = 0
    for earlier in reversed(weeks):
        if earlier.held is None:
            break
        run += 1
    if run < HELD_REVIEW_WEEKS:
        return []
    return [
        Prompt(
            rule="PM6",
            level="warning",
            text=(
                f"Your program has waited {run} weeks to move on to phase {week.phase + 1} "
                f"(this week because {week.held}). Please ask a doctor or physical therapist "
                "to review your exercises."
            ),
        )
    ]


def coached_routine(
    plan: PlanFile, entries: Sequence[LogEntry], routine: DayRoutine
) -> tuple[DayRoutine, Coaching]:
    """The day's routine with its doses adjusted, and the coaching that goes with it."""
    coaching = coach(plan, entries, routine.date, routine.items, flare=routine.flare)
    routine = _walking(plan, routine, coaching)
    if coaching.flare_step is not None:
        routine = replace(routine, flare_step=coaching.flare_step)
        # The day's doses as given; the report keeps the coaching's decisions (coach()).
        coaching.adjustments = _as_scaled(coaching.adjustments, coaching.items, routine.items)
        coaching.eased = []  # (the graded return sets the doses: not the plan's)
    if coaching.adjustments or coaching.rested or coaching.flare_step is not None:
        from facetcoach.program.routine import session_minutes

        routine = replace(routine, items=coaching.items, minutes=session_minutes(coaching.items))
    return routine, coaching


def _walking(plan: PlanFile, routine: DayRoutine, coaching: Coaching) -> DayRoutine:
    """The routine with the walking target the pain rules give (A1), and its words."""
    from facetcoach.program.walking import walking_words

    minutes, why = coaching.walking
    if not routine.walking_minutes or not minutes or why is None:
        return routine
    old = walking_words(plan.answers, routine.walking_minutes, flare=routine.flare)
    new = walking_words(plan.answers, minutes, flare=routine.flare, why=why)
    notes = [new if note == old else note for note in routine.notes]
    return replace(routine, walking_minutes=minutes, walking_reason=why, notes=notes)


def _sessions_and_flares(entries: Sequence[LogEntry], before: dt.date) -> list[LogEntry]:
    from facetcoach.coaching.verdict import is_flare

    return [
        e
        for e in entries
        if e.date < before and (e.kind == "session" or (e.kind == "skipped" and is_flare(e)))
    ]


def flare_suggestion(
    entries: Sequence[LogEntry], day: dt.date, answers: Answers | None = None
) -> str | None:
    """FL1: why the flare routine may suit the session of `day`, or None."""
    from facetcoach.coaching.verdict import flare_sign
    from facetcoach.days import day_words

    recent = _sessions_and_flares(entries, day)
    if not recent:
        return None
    latest = recent[-1]
    if latest.kind == "skipped":
        return f"you skipped the session on {day_words(latest.date)} for a flare-up"
    # Any part of the latest day's session (a session in two parts: found by review).
    parts = [e for e in recent if e.date == latest.date and e.kind == "session"]
    return next((sign for e in parts if (sign := flare_sign(e, answers)) is not None), None)


def _paused_days(pauses: Sequence[Pause], first: dt.date, last: dt.date) -> int:
    """How many days from `first` up to (not including) `last` a pause holds. A pause taken
    for the flare-up itself is days of the flare (found by review: it hid a flare that had not
    settled, and an open one hid it for good)."""
    found = 0
    for pause in pauses:
        if pause.reason == "flare":
            continue
        end = min(pause.end or last, last)
        found += max(0, (end - max(pause.start, first)).days)
    return found


def flare_prompts(
    entries: Sequence[LogEntry],
    day: dt.date,
    answers: Answers | None = None,
    pauses: Sequence[Pause] = (),
) -> list[Prompt]:
    """FL3: a flare-up not settled within 2 weeks of program days (paused days are not
    counted: found by a new user's trial, a week's holiday made a flare "not settled"), or
    flare-ups that keep coming back."""
    from facetcoach.coaching.verdict import flare_sign, is_flare
    from facetcoach.days import day_words

    episodes: list[dt.date] = []  # the first day of each flare-up
    ongoing: dt.date | None = None
    for entry in _sessions_and_flares(entries, day + dt.timedelta(days=1)):
        if is_flare(entry) or flare_sign(entry, answers) is not None:
            if ongoing is None:
                ongoing = entry.date
                episodes.append(entry.date)
        else:
            ongoing = None
    lasted = (day - ongoing).days - _paused_days(pauses, ongoing, day) if ongoing else 0
    if ongoing is not None and lasted >= FLARE_REVIEW_DAYS:
        return [
            Prompt(
                rule="FL3",
                level="warning",
                text=(
                    f"Your flare-up began on {day_words(ongoing)}, and no session since has "
                    "been free of flare signs. A flare-up that has not settled within two weeks "
                    "needs a review with a physical therapist: please book one."
                ),
            )
        ]
    if len(episodes) >= RECURRING_FLARES:
        return [
            Prompt(
                rule="FL3",
                level="warning",
                text=(
                    f"You have had {len(episodes)} flare-ups since your program started "
                    f"(from {', '.join(day_words(d) for d in episodes)}: each a flare-up "
                    "you recorded, or a session whose pain was high or rose sharply). "
                    "Flare-ups that keep coming back are worth a review with a physical "
                    "therapist: please book one."
                ),
            )
        ]
    return []


def symptom_prompt(symptoms: Sequence[LogEntry]) -> Prompt:
    """PM5: what was reported, that progression has stopped, and the red-flag advice (FL2)."""
    latest = symptoms[-1]
    words = SYMPTOM_WORDS.get(latest.symptom or "", "a new symptom")
    notice = symptom_notice(words, latest.date)
    return Prompt(
        rule="PM5",
        level="urgent",
        text=symptom_advice(words, latest.date),
        heading=notice.heading,
        lines=list(notice.lines),
        summary=symptom_summary(latest.symptom or ""),
        since=latest.date,
    )


def symptom_notice(words: str, day: dt.date) -> Notice:
    """symptom_advice() as a heading and short bullets, for `log --symptom` and the day after."""
    from facetcoach.days import day_words
    from facetcoach.intake.screen import RED_FLAG_GROUPS

    groups = {group.key: group for group in RED_FLAG_GROUPS}
    lines = [
        "- Until then your exercises will not get harder; stop any exercise that makes it worse."
    ]
    for group in (groups["neurological"], groups["cauda_equina"]):
        lines.append(f"- {group.action} if you have:")
        lines += [f"  - {sign}" for _, sign in group.questions]
    lines.append(
        '- When you have been checked, record it: `facetcoach log checked --note "what they said"`.'
    )
    lines.append(
        "- The safety questions come again then, and your exercises can progress once more."
    )
    heading = (
        f"You reported {words} on {day_words(day)}: get it checked by a doctor or physical "
        "therapist soon"
    )
    return Notice(heading, tuple(lines))


def symptom_summary(symptom: str) -> str:
    """The one line (80 columns) that stands for the advice on the days after its first."""
    short = {"leg-pain": "leg pain"}.get(symptom) or SYMPTOM_WORDS.get(symptom, "new symptom")
    return f"Get your {short} checked soon; see `facetcoach today --details`."


def symptom_advice(words: str, day: dt.date) -> str:
    """The words shown when a new neurological symptom is logged, and after (PM5, FL2)."""
    from facetcoach.days import day_words
    from facetcoach.intake.screen import RED_FLAG_GROUPS

    groups = {group.key: group for group in RED_FLAG_GROUPS}
    urgent, nerves = groups["cauda_equina"], groups["neurological"]
    return (
        f"You reported {words} on {day_words(day)}. Get it checked by a doctor or physical "
        "therapist soon: until then your exercises will not get harder, and stop any exercise "
        f"that makes it worse. {nerves.action} if you have "
        f"{'; or '.join(sign for _, sign in nerves.questions)}. {urgent.action} if you have "
        f"{'; or '.join(sign for _, sign in urgent.questions)}. When you have been checked, "
        'record it with `facetcoach log checked --note "what they said"` (the safety questions '
        "come again then, and your exercises can progress once more)."
    )


def morning_missing(entries: Sequence[LogEntry], day: dt.date) -> dt.date | None:
    """The date of a recent session whose next-morning pain is still to be recorded (PM2)."""
    sessions = [e for e in entries if e.kind == "session" and e.date < day and not e.flare]
    if not sessions:
        return None
    latest = sessions[-1]
    if latest.pain_morning is None and (day - latest.date).days <= MORNING_TIP_DAYS:
        return latest.date
    return None


# --- JSON -----------------------------------------------------------------------------------


def adjustment_data(adjustment: Adjustment) -> dict[str, Any]:
    return {
        "exercise_id": adjustment.exercise_id,
        "from": adjustment.from_dose,
        "to": adjustment.to_dose,
        "reason": adjustment.reason,
        "action": adjustment.action,
        "steps": adjustment.steps,
        "given_id": adjustment.given_id,
    }


def prompt_data(prompt: Prompt) -> dict[str, Any]:
    return {
        "rule": prompt.rule,
        "level": prompt.level,
        "text": prompt.text,
        "heading": prompt.heading,
        "lines": list(prompt.lines),
        "summary": prompt.summary,
        "since": prompt.since.isoformat() if prompt.since else None,
    }


def coaching_data(coaching: Coaching) -> dict[str, Any]:
    """The coaching's part of `today --json` (docs/json.md)."""

    def date(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "adjustments": [adjustment_data(a) for a in coaching.adjustments],
        "held": [{"exercise_id": h.exercise_id, "reason": h.reason} for h in coaching.held],
        "rested": [{"exercise_id": h.exercise_id, "reason": h.reason} for h in coaching.rested],
        "eased": [adjustment_data(a) for a in coaching.eased],
        "flare_suggested": coaching.flare_reason is not None,
        "flare_reason": coaching.flare_reason,
        "checkin": {
            "due": coaching.checkin_due,
            "last": date(coaching.last_checkin),
            "next": date(coaching.next_checkin),
        },
        "progression_stopped": coaching.progression_stopped,
        "morning_pain_missing": date(coaching.morning_missing),
        "prompts": [prompt_data(p) for p in coaching.prompts],
    }


# --- After logging ----------------------------------------------------------------------------


def after_session_lines(entry: LogEntry, answers: Answers, adjusted: int = 0) -> list[str]:
    """What `log` (and `log morning`) add about the next session, in plain words."""
    from facetcoach.coaching.verdict import HARD, flare_sign, session_verdict, severe_pain

    lines = []
    if adjusted:
        noun = "exercise" if adjusted == 1 else "exercises"
        lines.append(
            f"Recorded at today's adjusted doses ({adjusted} {noun} changed from the plan; "
            "`facetcoach today` says why)."
        )
    if entry.kind != "session" or entry.flare:
        return lines
    verdict = session_verdict(entry, answers)
    if verdict.kind == HARD:
        lines.append(
            f"That is more than these exercises should cause: {verdict.reason}, so the next "
            "session will be a step easier."
        )
    severe = severe_pain(entry, answers)
    if severe is not None:
        lines.append(severe_advice(severe))
        return lines
    sign = flare_sign(entry, answers)
    if sign is not None:
        lines.append(
            f"Take it gently: {sign}. If your back feels like that next time, use "
            "`facetcoach today --flare`."
        )
    return lines


def severe_advice(severe: str) -> str:
    """PM1, FL1, FL3: what to do after a session that left severe pain (found by a new user's
    trial: pain 10 after a session, 9 the next morning, got only "a step easier")."""
    return (
        f"Your pain reached {severe}: far more than exercise should cause. Until it eases, do "
        "only the gentle flare routine (`facetcoach today --flare`). If it has not eased within "
        "a day or two, contact your doctor or physical therapist; if it comes with pain "
        "travelling down a leg, numbness or weakness, stop exercising and get checked, as the "
        "stop-now lines say."
    )


def severe_pain_prompt(
    entries: Sequence[LogEntry], day: dt.date, answers: Answers | None = None
) -> Prompt | None:
    """The advice of severe_advice on the days after such a session, until a later session
    (or SEVERE_DAYS) says otherwise."""
    from facetcoach.coaching.verdict import severe_pain

    sessions = [e for e in entries if e.kind == "session" and e.date < day]
    if not sessions or (day - sessions[-1].date).days > SEVERE_DAYS:
        return None
    # Every part of that day's session (found by review: pain 9 after the first of two parts
    # was missed when the second part had no pain recorded).
    latest = [e for e in sessions if e.date == sessions[-1].date]
    severe = next((found for e in latest if (found := severe_pain(e, answers)) is not None), None)
    if severe is None:
        return None
    return Prompt(rule="PM1", level="warning", text=severe_advice(severe))
