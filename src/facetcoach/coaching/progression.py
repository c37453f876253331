"""Pain-monitored progression: before each session, each exercise's dose. Pure.

A function of the plan (its program, its exercise copies, the answers), the log entries and
the day: no clock, no files. The saved program keeps its doses; the changes are computed here,
the same way from the same log each time, and the dose actually given is what the log records
in each session's `done` items. So the history of adjustments is the log itself, and nothing
else is stored.

The rules (docs/clinical-rules.md), as applied. Whether a session was *easy*, *hard* or
neither is verdict.py's (PM1, PM1b, PM2); what a step is, dose_steps.py's.

- Each planned exercise keeps a count of steps ahead of (+) or behind (-) the plan, replayed
  from the log in date order. Two easy sessions in a row that include it: one step up (PM3),
  and the count of easy sessions starts again. A hard session that included it: one step
  down. A flare day ends every run; the way back from it is graded by volume instead
  (coaching/flare.py, FL1). Any session that is not easy ends every run of easy sessions,
  and one known not to have gone well (hard, or a firm hold), or a flare day, takes back a step
  up earned but not yet given (no session with the exercise since): PM3's two sessions in a
  row that went well hold when the step is given;
  excused skips for other reasons change nothing. The count stays within -3..+3, and within what the
  exercise can do.
- A step is one variable by one notch inside the kind's range (ladder.step_up/step_down); when
  the volume has no room left, the next level (`progression`) or the easier exercise
  (`regression`), if the plan holds a copy of it and it suits the user and the phase. Never a
  step up into extension when extension hurts (E1), nor in phase 1 into a direction the intake
  says provokes the pain.
- Hold ("stable: repeat"): after a session known not to be easy (a flare sign, or under
  PM1b next-morning pain not back to the usual level), an exercise gets no more than the dose
  it was given then, even where the plan steps up. A session with pain left unrecorded says
  nothing. (Next-morning pain above the pain before is a hard session: PM2.)
- PM5: from the day a new neurological symptom is logged until a clinician's check is
  recorded (`log checked`), no step up: the counts stop rising, and each exercise keeps the
  plan's dose of that day (an exercise that comes later, its first dose).
- A step up that would make the session longer than the user's minutes is not taken.
- B4b: at 65+ or with a balance concern, standing balance never loses support by a dose step;
  after 3 good sessions at one rung the next session gives the next rung (balance_steps.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from facetcoach.coaching.balance_steps import Rung
from facetcoach.coaching.balance_steps import rungs as balance_rungs
from facetcoach.coaching.dose_steps import Reached, Stepper, dose_of, item_words
from facetcoach.coaching.verdict import (
    EASY,
    HARD,
    frozen_on,
    in_order,
    is_flare,
    session_verdict,
    symptom_spans,
)
from facetcoach.days import day_words
from facetcoach.intake.profile import Profile
from facetcoach.models import (
    Adjustment,
    DoneItem,
    Exercise,
    Held,
    LogEntry,
    PlanFile,
    PlanItem,
)
from facetcoach.program.dose_ladder import item_seconds, plan_item, start_dose, work_seconds
from facetcoach.program.path import ended_holds, long_breaks
from facetcoach.program.safety import SYMPTOM_WORDS
from facetcoach.program.schedule import next_session, session_on, sessions, week_for

STEP_LIMIT = 3  # at most this many steps ahead of or behind the plan

# --- Replaying the log ----------------------------------------------------------------------


class Track:
    """One planned exercise's standing, replayed from the log."""

    __slots__ = (
        "blocked",
        "eased",
        "event",
        "event_sign",
        "kept",
        "last_done",
        "pending",
        "run",
        "steps",
        "voided",
    )

    def __init__(self) -> None:
        self.steps = 0
        self.run: list[dt.date] = []  # easy sessions in a row with it
        self.event = ""  # why the latest step was taken ("after two easy sessions (...)")
        self.event_sign = 0
        self.blocked: str | None = None  # why the latest step up earned was not taken
        # A step up earned but not yet given (no session with the exercise since): the
        # standing before it, to go back to if a session or a flare day in between goes badly.
        self.pending: tuple[int, str, int] | None = None
        self.voided = False  # `blocked` says why a step earned was taken back (PM3)
        # After a firm hold (PM2, "stable: repeat"): the dose given then, and why.
        self.kept: tuple[DoneItem, str] | None = None
        # Why its latest step down came, until a session does it again: said when the step
        # brings it back to the plan's own dose, where no adjustment shows it.
        self.eased: str | None = None
        self.last_done: DoneItem | None = None  # its dose at the latest session that did it


class Replay:
    """The log, replayed in date order, up to (not including) the day of the session."""

    def __init__(self, plan: PlanFile, entries: Sequence[LogEntry], day: dt.date) -> None:
        self.plan = plan
        self.day = day
        self.stepper = Stepper(plan)
        self.tracks: dict[str, Track] = {}
        self.ordered = ordered = in_order(entries)
        # PM5: frozen from a new symptom until a clinician's check is recorded (`log checked`).
        self.spans = symptom_spans([e for e in ordered if e.date <= day])
        self.symptom = frozen_on(self.spans, day)
        # Detraining: after a pause of more than two weeks, one step easier to start again.
        # Pauses back to back, and the days on hold after a red flag (RS1), are one break.
        holds = ended_holds(plan.screens)
        self.hold_ends = {end for _, end in holds}
        returns = long_breaks(plan.pauses, day, holds)
        # The planned exercises each day's sessions did, in any part of the day (found by
        # review: the order of two parts decided whether a step given was taken back).
        # Each session's stand-ins, found once for both (_session reads them again).
        self.done_on: dict[dt.date, set[str]] = {}
        self.pairs: dict[int, list[tuple[str, DoneItem]]] = {}  # by the entry object
        for entry in ordered:
            if (
                entry.kind == "session"
                and not entry.flare
                and plan.program.start <= entry.date < day
            ):
                found = stand_ins(self.stepper.exercises, self._planned(entry.date), entry)
                self.pairs[id(entry)] = found
                self.done_on.setdefault(entry.date, set()).update(i for i, _ in found)
        for entry in ordered:
            while returns and returns[0] <= entry.date:
                self._back_from_pause(returns.pop(0))
            if entry.date >= day or entry.date < plan.program.start:
                continue
            if is_flare(entry):
                self._flare(entry)
            elif entry.kind == "session":
                self._session(entry)
        for back in returns:
            self._back_from_pause(back)

    def _back_from_pause(self, back: dt.date) -> None:
        """After a long break: every exercise of the first session back, and every one done
        before the break at its own first session back, one step below what it had. A step
        earned before the break and not yet given is taken back first (found by a new user's
        trial: "one step easier" gave the dose last done, and an exercise of a later session
        came back at its full dose)."""
        away = "the time on hold" if back in self.hold_ends else "your pause"
        self._take_back(f"of {away}, which ended on {day_words(back)}")
        for track in self.tracks.values():
            track.run = []
        reason = f"after {away}, which ended on {day_words(back)}: one step easier to start"
        done_before = set(self.tracks)
        first = True
        for _, session in sessions(self.plan.program):
            if session.date < back:
                continue
            for item in session.items:
                if first or item.exercise_id in done_before:
                    done_before.discard(item.exercise_id)
                    self._step(session.date, item, -1, reason)
            first = False
            if not done_before:
                break

    def _track(self, exercise_id: str) -> Track:
        track = self.tracks.get(exercise_id)
        if track is None:
            track = self.tracks[exercise_id] = Track()
        return track

    def _planned(self, day: dt.date) -> dict[str, PlanItem]:
        session = session_on(self.plan.program, day)
        return {item.exercise_id: item for item in session.items} if session else {}

    def _phase(self, day: dt.date) -> int:
        week = week_for(self.plan.program, day)
        return week.phase if week else 1

    def _session(self, entry: LogEntry) -> None:
        planned = self._planned(entry.date)
        verdict = session_verdict(entry, self.plan.answers)
        pairs = self.pairs[id(entry)]
        included = [exercise_id for exercise_id, _ in pairs]
        for exercise_id in included:
            track = self._track(exercise_id)
            track.voided = False  # done again: "waits" is said no more
            track.eased = None  # the step down was given
        for exercise_id in self.done_on.get(entry.date, ()):
            self._track(exercise_id).pending = None  # the step earned was given that day
        if verdict.kind != EASY:
            for track in self.tracks.values():
                track.run = []
        if verdict.kind == HARD or verdict.firm:  # known not to have gone well
            self._take_back(f"the session on {day_words(entry.date)} did not go well")
        for exercise_id, done in pairs:
            track = self._track(exercise_id)
            track.kept = (done, verdict.reason) if verdict.firm else None
            track.last_done = done
        if verdict.kind == HARD:
            for exercise_id in included:
                self._step(entry.date, planned[exercise_id], -1, f"after {verdict.reason}")
        elif verdict.kind == EASY:
            for exercise_id in included:
                track = self._track(exercise_id)
                track.run.append(entry.date)
                if len(track.run) == 2:
                    first, second = track.run
                    track.run = []
                    reason = f"after two easy sessions ({day_words(first)} and {day_words(second)})"
                    self._step(entry.date, planned[exercise_id], +1, reason)

    def _flare(self, entry: LogEntry) -> None:
        # A flare day ends every run of easy sessions; the return to the planned dose after it
        # is graded by volume (coaching/flare.py, FL1), not by steps here.
        for track in self.tracks.values():
            track.run = []
        self._take_back(f"of the flare-up on {day_words(entry.date)}")

    def _take_back(self, why: str) -> None:
        """PM3: a step up is given only after two sessions in a row that went well. One earned
        but not yet given when a later session (or a flare day) goes badly is taken back
        (found by a new user's trial: an exercise left out of a painful Friday climbed on
        Monday, under `log`'s "the next session will be a step easier")."""
        for track in self.tracks.values():
            if track.pending is None:
                continue
            track.steps, track.event, track.event_sign = track.pending
            track.pending, track.voided = None, True
            track.blocked = f"the step up it had earned waits, because {why}"

    def _given_on(self, day: dt.date) -> dt.date:
        """The day a step earned by the session of `day` is first given: the next session (or
        the day asked about, when sooner). PM5 blocks a step given on or after a symptom's day,
        even one earned before it: found by a new user's trial, the session of the symptom's
        own day climbed under "until then your exercises will not get harder"."""
        following = next_session(self.plan.program, day)
        given = following[1].date if following else day + dt.timedelta(days=1)
        return max(day, min(given, self.day))

    def _step(self, day: dt.date, item: PlanItem, sign: int, reason: str) -> None:
        track = self._track(item.exercise_id)
        exercise = self.stepper.exercises.get(item.exercise_id)
        if exercise is None:
            return
        frozen = frozen_on(self.spans, self._given_on(day)) if sign > 0 and self.spans else None
        if frozen is not None:
            track.blocked = symptom_hold(frozen)
            return
        wanted = max(-STEP_LIMIT, min(STEP_LIMIT, track.steps + sign))
        reached = self.stepper.reach(exercise, dose_of(item), wanted, self._phase(day))
        if reached.steps == track.steps:
            if sign > 0:
                track.blocked = reached.blocked or "at the limit of its steps"
            return
        if sign < 0:
            track.pending = None
        elif track.pending is None:  # the standing before the first step not yet given
            track.pending = (track.steps, track.event, track.event_sign)
        track.steps = reached.steps
        track.event = reason
        track.event_sign = sign
        track.blocked, track.voided = None, False
        track.eased = reason if sign < 0 else None


def stand_ins(
    exercises: dict[str, Exercise], planned: dict[str, PlanItem], entry: LogEntry
) -> list[tuple[str, DoneItem]]:
    """Each planned exercise the session did, with the item done for it: the same exercise,
    or one of its levels (a step to the next or previous level gives another in its place).
    Extra exercises stand for nothing."""
    found: dict[str, DoneItem] = {}
    for done in entry.done:
        if done.exercise_id in entry.extra:
            continue
        target = (
            done.exercise_id
            if done.exercise_id in planned
            else _planned_relative(exercises, planned, done.exercise_id)
        )
        if target is not None and target not in found:
            found[target] = done
    return list(found.items())


def _planned_relative(
    exercises: dict[str, Exercise], planned: dict[str, PlanItem], exercise_id: str
) -> str | None:
    for link in ("progression", "regression"):
        current = exercises.get(exercise_id)
        for _ in range(STEP_LIMIT + 2):
            next_id: str | None = getattr(current, link) if current else None
            if next_id is None:
                break
            if next_id in planned:
                return next_id
            current = exercises.get(next_id)
    return None


def symptom_hold(symptom: LogEntry) -> str:
    words = SYMPTOM_WORDS.get(symptom.symptom or "", "a new symptom")
    return (
        f"you reported {words} on {day_words(symptom.date)}, so nothing gets harder until a "
        "clinician has checked you (PM5)"
    )


# --- The day's doses ------------------------------------------------------------------------


class Adjusted:
    """A day's items with their doses adjusted, what changed, what was held back, and what
    a step down brought back to the plan's own dose (`eased`: no adjustment shows it)."""

    __slots__ = ("adjustments", "eased", "held", "items")

    def __init__(self, items: list[PlanItem]) -> None:
        self.items = items
        self.adjustments: list[Adjustment] = []
        self.held: list[Held] = []
        self.eased: list[Adjustment] = []


def adjust_items(
    plan: PlanFile, entries: Sequence[LogEntry], day: dt.date, items: Sequence[PlanItem]
) -> Adjusted:
    """The planned `items` of `day`, each at the dose the log earns it (the rules above)."""
    if not items:
        return Adjusted(items=list(items))
    replay = Replay(plan, entries, day)
    stepper = replay.stepper
    week = week_for(plan.program, day)
    phase = week.phase if week else 1
    rungs = balance_rungs(plan, replay.ordered, day, stepper.profile, replay.spans)
    # First where each item's count leads, then fit the steps up into the user's minutes.
    bases: list[PlanItem] = []
    reached: list[Reached | None] = []
    for item in items:
        exercise = stepper.exercises.get(item.exercise_id)
        base = item
        if replay.symptom is not None:
            base = frozen_item(plan, item, replay.symptom.date)
        bases.append(base)
        if exercise is None:
            reached.append(None)
            continue
        steps = replay.tracks[item.exercise_id].steps if item.exercise_id in replay.tracks else 0
        reached.append(stepper.reach(exercise, dose_of(base), steps, phase))
    planned_total = sum(_seconds(stepper, item) for item in items)
    budget = max(plan.answers.minutes * 60, planned_total)
    total = planned_total + sum(
        _change(stepper, item, r)
        for item, r in zip(items, reached, strict=True)
        if r and r.steps <= 0
    )
    result = Adjusted(items=[])
    for item, base, found in zip(items, bases, reached, strict=True):
        if found is None:
            result.items.append(item)
            continue
        track = replay.tracks.get(item.exercise_id) or Track()
        held = _still_held(replay, track, item, base, phase)
        if found.steps > 0:
            exercise = stepper.exercises[item.exercise_id]
            for steps in range(found.steps, -1, -1):
                fitted = stepper.reach(exercise, dose_of(base), steps, phase)
                if steps == 0 or total + _change(stepper, item, fitted) <= budget:
                    break
            if fitted.steps < found.steps:
                held = (
                    f"a step up would make the session longer than your "
                    f"{plan.answers.minutes} minutes"
                )
            total += _change(stepper, item, fitted)
            found = fitted
        if held is not None:
            result.held.append(Held(exercise_id=item.exercise_id, reason=held))
        given = given_item(item, base, found, phase, stepper.profile)
        steps, reason = found.steps, None
        kept = _kept(track, given)
        if kept is not None:
            given, steps, reason = kept
        below = _below_done(stepper, track, item, given, phase)
        if below is not None:
            given, steps, reason = below
        rung = rungs.get(item.exercise_id)
        if rung is not None and rung.current != item.exercise_id:  # B4b
            earned = _rung_item(stepper, rung, phase)
            more = _seconds(stepper, earned[0]) - _seconds(stepper, given)
            if rung.back or more <= 0 or total + more <= budget:
                given, steps, reason = earned
                total += more
            else:  # as for any step up: never past the person's minutes
                result.held.append(
                    Held(
                        exercise_id=item.exercise_id,
                        reason=f"less support would make the session longer than your "
                        f"{plan.answers.minutes} minutes",
                    )
                )
        stepped_back = rung is not None and rung.back and rung.current == item.exercise_id
        if stepped_back and rung is not None:  # B4b: back at the plan's own rung; say why
            steps, reason = -1, rung.reason
        result.items.append(given)
        if given == item and not stepped_back:
            eased = _eased(track, item) if steps == 0 and base == item else None
            if eased is not None:
                # Found by a new user's trial: after a painful session, `log` said "the next
                # session will be a step easier", and an exercise a step up had taken above
                # the plan came back to it with no word in `today`.
                result.eased.append(eased)
            continue
        frozen = symptom_hold(replay.symptom) if replay.symptom and base != item else None
        result.adjustments.append(
            Adjustment(
                exercise_id=item.exercise_id,
                given_id=given.exercise_id,
                action="progress" if steps > 0 else "regress" if steps else "hold",
                steps=steps,
                from_dose=item_words(item),
                to_dose=item_words(given),
                reason=reason or _reason(track, steps, frozen),
            )
        )
    return result


def _below_done(
    stepper: Stepper, track: Track, item: PlanItem, given: PlanItem, phase: int
) -> tuple[PlanItem, int, str] | None:
    """PM2: the session after one that went badly is a step below the dose done then, also
    where the plan's own step has met the step down from above it (found by a second trial:
    `log` said "the next session will be a step easier", and the next gave the same dose)."""
    done = track.last_done
    if track.eased is None or done is None or done.exercise_id != given.exercise_id:
        return None
    exercise = stepper.exercises.get(item.exercise_id)
    if given.exercise_id != item.exercise_id or exercise is None:
        return None
    last = _at_dose(item, done)
    if _work(given) < _work(last):
        return None
    fitted = stepper.reach(exercise, dose_of(last), -1, phase)
    if fitted.steps == 0:
        return None  # (at the bottom of its range: it stays)
    return given_item(last, last, fitted, phase, stepper.profile), -1, track.eased


def _eased(track: Track, item: PlanItem) -> Adjustment | None:
    """The plan's own dose of `item`, given after a step down from a dose above it (PM2, or
    detraining): from the dose done at the latest session to the plan's. None when the plan's
    own dose is no easier than that (found by a second trial: the plan's week 2 had caught up
    with the step up, and "a step easier" came with the same dose)."""
    done = track.last_done
    if track.eased is None or done is None or done.exercise_id != item.exercise_id:
        return None
    last = _at_dose(item, done)
    if _work(item) >= _work(last):
        return None
    return Adjustment(
        exercise_id=item.exercise_id,
        given_id=item.exercise_id,
        action="regress",
        steps=0,
        from_dose=item_words(last),
        to_dose=item_words(item),
        reason=track.eased,
    )


def _rung_item(stepper: Stepper, rung: Rung, phase: int) -> tuple[PlanItem, int, str]:
    """B4b: the balance rung the good sessions have earned, at its own first dose."""
    from facetcoach.program.wording import why

    e = stepper.exercises[rung.current]
    item = plan_item(e, start_dose(e, stepper.profile), why(e, phase, stepper.profile))
    return item, -1 if rung.back else 1, rung.reason


def _kept(track: Track, given: PlanItem) -> tuple[PlanItem, int, str] | None:
    """PM2, "stable: repeat": after a session that was known not to be easy, an exercise is
    given no more than the dose it had then, even where the plan itself steps up."""
    if track.kept is None:
        return None
    done, why_not = track.kept
    if done.exercise_id != given.exercise_id:
        return None
    item = _at_dose(given, done)
    if _work(given) <= _work(item):
        return None
    return item, 0, f"kept at the dose you were given then, as {why_not}"


def _at_dose(item: PlanItem, done: DoneItem) -> PlanItem:
    """`item` at the dose `done` was given."""
    return replace(item, sets=done.sets, reps=done.reps, hold_seconds=done.hold_seconds)


def _work(item: PlanItem) -> int:
    return work_seconds(item.kind, item.sets, item.reps, item.hold_seconds, item.per_side)


def _still_held(
    replay: Replay, track: Track, item: PlanItem, base: PlanItem, phase: int
) -> str | None:
    """Why a step up earned in the log is still not taken on this day, if it is not."""
    if track.blocked is None:
        return None
    if replay.symptom is not None:
        return symptom_hold(replay.symptom)
    if track.voided:
        return track.blocked
    if track.steps >= STEP_LIMIT:
        return f"it is already {STEP_LIMIT} steps ahead of your plan, as far as facetcoach goes"
    exercise = replay.stepper.exercises[item.exercise_id]
    trial = replay.stepper.reach(exercise, dose_of(base), track.steps + 1, phase)
    if trial.steps > track.steps:
        return None  # possible now (a new phase, a new planned dose): two easy sessions away
    return trial.blocked or "it cannot go further"


def _seconds(stepper: Stepper, item: PlanItem) -> int:
    exercise = stepper.exercises.get(item.exercise_id)
    return item_seconds(exercise, dose_of(item)) if exercise else 0


def _change(stepper: Stepper, item: PlanItem, reached: Reached) -> int:
    """How many seconds longer the item is at the dose reached."""
    return item_seconds(reached.exercise, reached.dose) - _seconds(stepper, item)


def _reason(track: Track, steps: int, frozen: str | None) -> str:
    if steps == 0:
        return f"held at an earlier dose: {frozen}" if frozen else "as planned"
    if abs(steps) == 1 and track.event_sign == steps:
        text = track.event
    else:
        side = "ahead of" if steps > 0 else "behind"
        count = f"{abs(steps)} step{'s' if abs(steps) > 1 else ''} {side} your plan"
        direction = "up" if track.event_sign > 0 else "down"
        text = f"{count}; the latest step {direction} {track.event}" if track.event else count
    return f"{text}; {frozen}" if frozen else text


def frozen_item(plan: PlanFile, item: PlanItem, since: dt.date) -> PlanItem:
    """PM5: the plan's dose of this exercise on the latest session on or before `since`; for an
    exercise that first comes later, its first dose (the plan's doses only grow)."""
    latest = first = None
    for week in plan.program.weeks:
        for session in week.sessions:
            for planned in session.items:
                if planned.exercise_id != item.exercise_id:
                    continue
                if first is None:
                    first = planned
                if session.date <= since:
                    latest = planned
    chosen = latest or first or item
    return replace(item, sets=chosen.sets, reps=chosen.reps, hold_seconds=chosen.hold_seconds)


def given_item(
    item: PlanItem, base: PlanItem, reached: Reached, phase: int, profile: Profile
) -> PlanItem:
    """The item as given: the planned one with the dose reached, or the other level."""
    from facetcoach.program.wording import why

    e, dose = reached.exercise, reached.dose
    if e.id == item.exercise_id:
        if reached.steps == 0:
            return base
        return replace(item, sets=dose.sets, reps=dose.reps, hold_seconds=dose.hold)
    return plan_item(e, dose, why(e, phase, profile))


# --- The log as the program sees it -----------------------------------------------------------


def as_planned(plan: PlanFile, entries: Sequence[LogEntry]) -> list[LogEntry]:
    """The entries with each exercise given in place of a planned one (another level) named
    as the planned one, so that adherence counts it as done (progress.py). A flare routine
    is left as done: it is measured against itself (progress.py, FL1), and its gentle levels
    are no stand-ins (found by a new user's trial: in phase 2 they were renamed to the planned
    levels, and a flare routine done in full counted 0 of 3)."""
    exercises = {e.id: e for e in plan.exercises}
    result = []
    for entry in entries:
        session = session_on(plan.program, entry.date) if entry.kind == "session" else None
        if session is None or entry.flare:
            result.append(entry)
            continue
        planned = {item.exercise_id: item for item in session.items}
        renamed, changed = [], False
        for done in entry.done:
            if done.exercise_id in entry.extra:
                renamed.append(done)
                continue
            target = (
                done.exercise_id
                if done.exercise_id in planned
                else _planned_relative(exercises, planned, done.exercise_id)
            )
            if target is not None and target != done.exercise_id:
                done, changed = replace(done, exercise_id=target), True
            renamed.append(done)
        result.append(replace(entry, done=renamed) if changed else entry)
    return result
