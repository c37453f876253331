"""The guided session: the day's items as timed steps, and a runner that walks through them.

Pure: no printing, no terminal, no real clock. The runner waits only through `keys.poll()`
and reads time only from `clock.now()`, so a fake key source that moves a fake clock runs a
whole session instantly in tests; the terminal versions live in cli/guided.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from facetcoach.models import DayRoutine, LogEntry, PlanItem, Session
from facetcoach.program.dose import SECONDS_PER_REP, reps_per_set

# Time to read the exercise and get into position (lying down, standing at the counter).
# The user can pause for longer; the estimate in dose.py allows a little more for reading.
GET_READY_SECONDS = 10
# A breath between two holds of the same set, as dose.estimate_seconds allows (hold + 2 s).
RELAX_SECONDS = 2
# Turning over or changing legs for per-side work.
SWITCH_SECONDS = 5
# How often the runner wakes up to let the display move while a step runs.
TICK_SECONDS = 0.25

Phase = Literal["ready", "hold", "relax", "reps", "switch", "rest"]
SIDES = ("left", "right")


@dataclass(frozen=True)
class Step:
    """One timed piece of a session. A runtime shape only: never stored or printed as JSON."""

    phase: Phase
    seconds: int
    exercise: int  # the item's position in the day's list
    exercise_id: str
    set_number: int = 1
    sets: int = 1
    side: int | None = None  # 1 or 2 for per-side work ("ready" and "rest": the side to start on)
    number: int = 1  # which hold of this side of this set (1-based)
    count: int = 1  # holds in this side of this set, or reps in a "reps" step

    @property
    def side_name(self) -> str | None:
        return SIDES[self.side - 1] if self.side else None


def session_steps(
    items: Sequence[PlanItem],
    *,
    get_ready: int = GET_READY_SECONDS,
    relax: int = RELAX_SECONDS,
    switch: int = SWITCH_SECONDS,
) -> list[Step]:
    """Every step of the session in order.

    Each exercise: get ready, then each set: the work on one side (holds with a short relax
    between them, or reps at a steady pace), switch sides, the other side; a rest between sets
    (not after the last one). Isometric holds per set follow the descending pyramid (rule C2).
    """
    steps: list[Step] = []
    for index, item in enumerate(items):
        base = {"exercise": index, "exercise_id": item.exercise_id, "sets": item.sets}
        if get_ready > 0:
            first_side = 1 if item.per_side else None
            steps.append(Step(phase="ready", seconds=get_ready, side=first_side, **base))
        counts = reps_per_set(item.kind, item.sets, item.reps)
        for set_number, count in enumerate(counts, start=1):
            for side in (1, 2) if item.per_side else (None,):
                where = {**base, "set_number": set_number, "side": side, "count": count}
                if side == 2 and switch > 0:
                    steps.append(Step(phase="switch", seconds=switch, **where))
                steps.extend(_work(item, count, relax, where))
            if set_number < item.sets and item.rest_seconds > 0:
                rest = {"set_number": set_number, "side": 1 if item.per_side else None}
                steps.append(Step(phase="rest", seconds=item.rest_seconds, **rest, **base))
    return steps


def _work(item: PlanItem, count: int, relax: int, where: dict) -> list[Step]:
    if not item.hold_seconds:
        return [Step(phase="reps", seconds=count * SECONDS_PER_REP, **where)]
    work: list[Step] = []
    for number in range(1, count + 1):
        work.append(Step(phase="hold", seconds=item.hold_seconds, number=number, **where))
        if number < count and relax > 0:
            work.append(Step(phase="relax", seconds=relax, number=number, **where))
    return work


def total_seconds(steps: Sequence[Step]) -> int:
    return sum(step.seconds for step in steps)


# --- The runner ---------------------------------------------------------------------------


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on a monotonic scale."""
        ...


class KeySource(Protocol):
    def poll(self, timeout: float | None) -> str | None:
        """The next key pressed within `timeout` seconds (None: wait for one), else None."""
        ...


class SessionView:
    """What the runner tells the display. Every method does nothing here; override what you show."""

    def exercise_started(self, step: Step) -> None: ...

    def step_started(self, step: Step) -> None: ...

    def tick(self, step: Step, elapsed: float) -> None: ...

    def paused(self, step: Step, elapsed: float) -> None: ...

    def confirm_quit(self, step: Step, elapsed: float) -> None: ...

    def resumed(self, step: Step, elapsed: float) -> None: ...

    def bell(self) -> None: ...

    def exercise_finished(self, step: Step, skipped: bool) -> None: ...


@dataclass(frozen=True)
class GuidedOutcome:
    """How a guided session went, by exercise id in the session's order."""

    done: tuple[str, ...]
    skipped: tuple[str, ...]  # skipped with the s key
    not_reached: tuple[str, ...]  # after quitting: the exercise under way and those after it
    quit: bool


PAUSE, SKIP, QUIT = "p", "s", "q"
YES = "y"  # anything else, q included, carries on: a double tap of q does not end a session


def run_guided(
    steps: Sequence[Step],
    clock: Clock,
    keys: KeySource,
    view: SessionView | None = None,
    *,
    bell: bool = True,
    tick: float = TICK_SECONDS,
) -> GuidedOutcome:
    """Walk through `steps` in time: p pauses and resumes, s skips the exercise, q quits.

    Time stands still while paused or while the quit question is asked. A bell marks the
    end of each hold unless `bell` is False.
    """
    view = view or SessionView()
    done: list[str] = []
    skipped: list[str] = []
    position = 0
    while position < len(steps):
        step = steps[position]
        if position == 0 or steps[position - 1].exercise != step.exercise:
            view.exercise_started(step)
        result = _run_step(step, clock, keys, view, tick)
        if result == QUIT:
            reached = {s.exercise: s.exercise_id for s in steps[position:]}
            return GuidedOutcome(tuple(done), tuple(skipped), tuple(reached.values()), True)
        if result == SKIP:
            skipped.append(step.exercise_id)
            view.exercise_finished(step, skipped=True)
            while position < len(steps) and steps[position].exercise == step.exercise:
                position += 1
            continue
        if step.phase == "hold" and bell:
            view.bell()
        position += 1
        if position == len(steps) or steps[position].exercise != step.exercise:
            done.append(step.exercise_id)
            view.exercise_finished(step, skipped=False)
    return GuidedOutcome(tuple(done), tuple(skipped), (), False)


def _run_step(step: Step, clock: Clock, keys: KeySource, view: SessionView, tick: float) -> str:
    """Run one step to its end; returns "" when it ran out, or SKIP or QUIT."""
    start = clock.now()
    frozen = 0.0  # time spent paused or answering the quit question
    view.step_started(step)
    while True:
        elapsed = clock.now() - start - frozen
        if elapsed >= step.seconds:
            view.tick(step, float(step.seconds))
            return ""
        view.tick(step, elapsed)
        key = _normal(keys.poll(min(tick, step.seconds - elapsed)))
        if key == SKIP:
            return SKIP
        if key not in (PAUSE, QUIT):
            continue
        stopped_at = clock.now()
        elapsed = stopped_at - start - frozen  # the moment the key came, for the display
        result = (
            _paused(step, elapsed, keys, view)
            if key == PAUSE
            else _ask_quit(step, elapsed, keys, view)
        )
        if result in (SKIP, QUIT):
            return result
        frozen += clock.now() - stopped_at
        view.resumed(step, elapsed)


def _paused(step: Step, elapsed: float, keys: KeySource, view: SessionView) -> str:
    """Wait for p (carry on), s (skip) or q (quit, after asking)."""
    view.paused(step, elapsed)
    while True:
        key = _normal(keys.poll(None))
        if key in (PAUSE, SKIP):
            return key
        if key == QUIT:
            if _ask_quit(step, elapsed, keys, view) == QUIT:
                return QUIT
            view.paused(step, elapsed)


def _ask_quit(step: Step, elapsed: float, keys: KeySource, view: SessionView) -> str:
    view.confirm_quit(step, elapsed)
    key = None
    while key is None:
        key = _normal(keys.poll(None))
    return QUIT if key == YES else ""


def _normal(key: str | None) -> str | None:
    return key.lower() if key else None


# --- Recording ----------------------------------------------------------------------------


def guided_entry(
    routine: DayRoutine,
    outcome: GuidedOutcome,
    pain_before: int | None,
    pain_after: int | None,
    now: dt.datetime,
    entry_id: str | None = None,
) -> LogEntry:
    """The log entry for a guided session: the dose given for each exercise done."""
    from facetcoach.log.entries import session_entry

    done = set(outcome.done)
    given = Session(date=routine.date, minutes=routine.minutes, items=routine.items)
    entry = session_entry(
        given,
        routine.date,
        now,
        skipped=[item.exercise_id for item in routine.items if item.exercise_id not in done],
        pain_before=pain_before,
        pain_after=pain_after,
        flare=routine.flare,
        entry_id=entry_id,
    )
    # A missed session done late on a rest day counts for the day it was planned.
    return replace(entry, moved_from=routine.moved_from) if routine.moved_from else entry


def parse_pain(text: str) -> int:
    """A pain score typed by the user (NPRS, 0-10); ValueError says what was wrong."""
    answer = text.strip()
    if not answer:
        raise ValueError("Type a number from 0 (no pain) to 10 (the worst pain you can imagine).")
    try:
        score = int(answer)
    except ValueError:
        raise ValueError(f"{answer!r} is not a whole number; type a number from 0 to 10.") from None
    if not 0 <= score <= 10:
        side = "above 10" if score > 10 else "below 0"
        raise ValueError(f"{score} is {side}; type a number from 0 to 10.")
    return score
