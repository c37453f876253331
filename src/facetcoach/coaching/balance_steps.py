"""Rule B4b, session by session: standing balance moves to less support only after good
sessions at the support it has. Pure.

For someone 65+ or worried about their balance the plan keeps standing balance at the most
support (both hands on a counter, a heavy table or a wall). What takes support away is the log:

- A session is *good* for the rung done in it when its pain after is recorded and within the
  person's limit (PM1, PM1b), the next morning did not rise (PM2), it showed no flare sign, and
  no wobble or near-fall was reported (`log --wobble`).
- After 3 good sessions in a row at one rung, the next session gives the next rung of its
  family (the exercise's `progression`) when it holds on less, is allowed for the person (never
  hands hovering, no hand on the support, or eyes closed at 75+ or after a fall), its level
  is open in the phase in force (LV1), no new symptom is waiting for a clinician (PM5) and no
  flare-up is being built back from (FL1).
- A wobble or near-fall, or a session that was too much (PM1, PM2), goes back one rung,
  towards the plan's; any session that is not good starts the count again. A flare day
  starts it again too.

The rung given starts at its own first dose; the plan's own dose steps (PM3) go on for the
most supported rung only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from facetcoach.coaching.flare import flare_step
from facetcoach.coaching.verdict import HARD, flare_sign, frozen_on, is_flare, session_verdict
from facetcoach.days import day_words
from facetcoach.intake.profile import Profile, less_support, rung_family, standing_balance
from facetcoach.models import Answers, Exercise, LogEntry, PlanFile, PlanItem
from facetcoach.program.schedule import session_on, week_for
from facetcoach.program.suitability import suits

GOOD_SESSIONS = 3  # B4b: sessions at one rung before less support


def good_session(entry: LogEntry, answers: Answers) -> str | None:
    """Why a session was not good for balance (B4b); None when it was."""
    if entry.wobble:
        return f"you reported a wobble or near-fall on {day_words(entry.date)}"
    if entry.pain_after is None:
        return f"no pain after the session on {day_words(entry.date)} was recorded"
    verdict = session_verdict(entry, answers)
    if verdict.kind == HARD:
        return verdict.reason
    return flare_sign(entry, answers)


class Rung:
    """One planned balance exercise's rung, replayed from the log."""

    __slots__ = ("back", "current", "good", "reason")

    def __init__(self, planned_id: str) -> None:
        self.current = planned_id
        self.good: list[dt.date] = []  # good sessions in a row at the current rung
        self.reason = ""
        self.back = False  # the latest change was a step back, not yet done since


def rungs(
    plan: PlanFile,
    entries: Sequence[LogEntry],
    day: dt.date,
    profile: Profile,
    spans: Sequence[tuple[LogEntry, dt.date | None]],
) -> dict[str, Rung]:
    """Each planned standing balance exercise's rung on `day`, by its planned id. Entries in
    order (verdict.in_order); `spans` are the symptom spans of PM5 (verdict.symptom_spans)."""
    if not profile.balance_focus:
        return {}  # B4b is for 65+ or a balance concern; for others the plan's calendar holds
    exercises = {e.id: e for e in plan.exercises}
    found: dict[str, Rung] = {}
    for entry in entries:
        if entry.date >= day:
            break
        if entry.date < plan.program.start:
            continue
        if is_flare(entry):
            for rung in found.values():
                rung.good = []
            continue
        if entry.kind != "session":
            continue
        verdict = session_verdict(entry, plan.answers)
        if verdict.kind == HARD or verdict.firm:
            # As PM3's take-back: less support earned but not yet given waits after a session
            # that went badly without it (found by review: it was given after one).
            done = {d.exercise_id for d in entry.done}
            for rung in found.values():
                if rung.current not in done:
                    rung.good = []
        _settle(plan, entries, exercises, profile, spans, found, entry.date)
        session = session_on(plan.program, entry.date)
        for item in session.items if session else ():
            _count(exercises, profile, found, item, entry, plan.answers)
    _settle(plan, entries, exercises, profile, spans, found, day)
    return found


def _count(
    exercises: Mapping[str, Exercise],
    profile: Profile,
    found: dict[str, Rung],
    item: PlanItem,
    entry: LogEntry,
    answers: Answers,
) -> None:
    planned = exercises.get(item.exercise_id)
    if planned is None or not standing_balance(planned):
        return
    family = rung_family(exercises, planned, profile)
    done = next((d.exercise_id for d in entry.done if d.exercise_id in family), None)
    if done is None or done in entry.extra:
        return
    rung = found.setdefault(item.exercise_id, Rung(item.exercise_id))
    if done != rung.current:
        rung.current, rung.good = done, []
    rung.back = False  # (done at the rung it was given)
    why_not = good_session(entry, answers)
    if why_not is None:
        rung.good.append(entry.date)
        return
    rung.good = []
    too_much = entry.wobble or session_verdict(entry, answers).kind == HARD  # (PM1, PM2)
    if too_much and done != item.exercise_id:
        rung.current = family[family.index(done) - 1]  # one rung back, towards the plan's
        rung.reason = f"back to more support after {why_not} (B4b)"
        rung.back = True


def _settle(
    plan: PlanFile,
    entries: Sequence[LogEntry],
    exercises: Mapping[str, Exercise],
    profile: Profile,
    spans: Sequence[tuple[LogEntry, dt.date | None]],
    found: dict[str, Rung],
    day: dt.date,
) -> None:
    """Before the session of `day`: each rung with its good sessions moves on, if it may."""
    week = week_for(plan.program, day)
    phase = week.phase if week else 1
    for rung in found.values():
        if len(rung.good) < GOOD_SESSIONS:
            continue
        nxt = less_support(exercises, exercises[rung.current], profile)
        if nxt is None or not suits(nxt, profile, phase):
            continue  # the top rung allowed, its level not open yet (LV1), or not for them
        if frozen_on(spans, day) is not None or flare_step(entries, plan.answers, day):
            continue  # PM5, FL1: nothing harder now; the good sessions still count later
        first, last = rung.good[0], rung.good[-1]
        rung.reason = (
            f"after {len(rung.good)} good sessions with more support ({day_words(first)} to "
            f"{day_words(last)}): a little less support from {day_words(day)} (B4b)"
        )
        rung.current, rung.good, rung.back = nxt.id, [], False
