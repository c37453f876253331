"""`facetcoach today --guided`: the terminal side of a guided session.

The key source (cbreak mode and select on stdin), the clock (time.monotonic), the Rich
display, the pain questions and the recording. The timing itself is
program/guided_session.py's runner. Imported only when --guided is given, so plain
`facetcoach today` stays fast; tests replace make_clock(), open_keys() and save_entry() to
run a session instantly.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import select
import sys
import time
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import typer

from facetcoach import clock
from facetcoach.cli.output import console, stdin_is_interactive
from facetcoach.days import day_text, long_day, long_day_month
from facetcoach.errors import InputError
from facetcoach.log.store import append_entry

# This module is imported only for --guided (see cli/today.py), so the small pure core may
# come in at module level; Rich and the log store still wait inside the functions.
from facetcoach.program.guided_session import (
    Clock,
    GuidedOutcome,
    KeySource,
    SessionView,
    Step,
    guided_entry,
    parse_pain,
    run_guided,
    session_steps,
    total_seconds,
)
from facetcoach.program.safety import FLARE_ADVICE, STOP_NOW_LINE
from facetcoach.program.schedule import program_end
from facetcoach.render.today import PROMPT_STYLES, adjustment_line, day_heading

if TYPE_CHECKING:
    from facetcoach.coaching.advice import Coaching
    from facetcoach.models import DayRoutine, LogEntry, PlanFile


def require_terminal() -> None:
    """Refuse early when nobody can press keys (a pipe, a file, a CI runner)."""
    if not stdin_is_interactive():
        raise InputError(
            "The guided session reads your key presses, so it needs a terminal, and stdin "
            "is not one. Run it in a terminal, or use `facetcoach today` to see the routine."
        )


# --- The real clock and keys (tests replace these two factories) --------------------------


class MonotonicClock:
    def now(self) -> float:
        return time.monotonic()


def make_clock() -> Clock:
    return MonotonicClock()


class TerminalKeys:
    """Single key presses from a terminal in cbreak mode, read without waiting for Enter."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.pending: deque[str] = deque()

    def poll(self, timeout: float | None) -> str | None:
        if self.pending:
            return self.pending.popleft()
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return None
        data = os.read(self.fd, 64)
        if not data:
            raise EOFError  # the terminal went away
        if data.startswith(b"\x1b"):
            return None  # arrow and function keys: escape sequences, not our letters
        self.pending.extend(data.decode("utf-8", errors="ignore"))
        return self.pending.popleft() if self.pending else None


@contextlib.contextmanager
def open_keys() -> Iterator[KeySource]:
    """The terminal in cbreak mode for the session, restored on any exit (Ctrl-C too)."""
    import termios
    import tty

    try:
        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd)
    except (AttributeError, ValueError, OSError, termios.error):
        raise InputError(
            "The guided session needs a terminal to read your key presses; stdin is not one."
        ) from None
    tty.setcbreak(fd)  # keys arrive one by one, unechoed; Ctrl-C still interrupts
    try:
        yield TerminalKeys(fd)
    finally:
        # TCSAFLUSH also drops keys pressed but not read, so they do not answer the questions.
        termios.tcsetattr(fd, termios.TCSAFLUSH, saved)


# --- Recording ----------------------------------------------------------------------------


def save_entry(entry: LogEntry) -> None:
    """Append the session to the log through the log store."""
    append_entry(entry)


# --- The display --------------------------------------------------------------------------


class RichView(SessionView):
    """Shows each exercise as a card that stays on screen, and a live countdown under it."""

    def __init__(self, out: Any, routine: DayRoutine, exercises: dict[str, Any]) -> None:
        from rich.live import Live

        self.out = out
        self.items = routine.items
        self.exercises = exercises
        self.live = Live(console=out, auto_refresh=False, transient=True)

    def __enter__(self) -> RichView:
        self.live.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.live.stop()

    def _show(self, step: Step, elapsed: float, mode: str) -> None:
        from facetcoach.render.guided import step_status

        self.live.update(step_status(step, elapsed, mode), refresh=True)  # type: ignore[arg-type]

    def exercise_started(self, step: Step) -> None:
        from facetcoach.render.guided import exercise_card

        item = self.items[step.exercise]
        card = exercise_card(
            step.exercise + 1, len(self.items), item, self.exercises.get(item.exercise_id)
        )
        self.live.console.print(card)

    def step_started(self, step: Step) -> None:
        self._show(step, 0.0, "running")

    def tick(self, step: Step, elapsed: float) -> None:
        self._show(step, elapsed, "running")

    def paused(self, step: Step, elapsed: float) -> None:
        self._show(step, elapsed, "paused")

    def confirm_quit(self, step: Step, elapsed: float) -> None:
        self._show(step, elapsed, "confirm")

    def resumed(self, step: Step, elapsed: float) -> None:
        self._show(step, elapsed, "running")

    def bell(self) -> None:
        if self.out.is_terminal:
            self.out.bell()

    def exercise_finished(self, step: Step, skipped: bool) -> None:
        from facetcoach.render.guided import finished_line

        item = self.items[step.exercise]
        line = finished_line(item, self.exercises.get(item.exercise_id), skipped)
        self.live.console.print(line)


# --- The command ----------------------------------------------------------------------------


def guided_session(
    plan: PlanFile,
    routine: DayRoutine,
    *,
    quiet: bool,
    today: dt.date,
    coaching: Coaching | None = None,
) -> None:
    """Walk the user through the routine (its doses adjusted to the log, see coaching.py),
    then ask their pain and record the session with the doses given."""
    import gc

    gc.enable()  # a session runs for minutes: collect as usual (run() turns it off for speed)
    out = console()
    if not routine.items:
        _nothing_scheduled(out, plan, routine)
        return
    steps = session_steps(routine.items)
    _intro(out, plan, routine, total_seconds(steps), today)
    if coaching is not None:
        _coaching_lines(out, plan, coaching)
    view = RichView(out, routine, {e.id: e for e in plan.exercises})
    try:
        with open_keys() as keys, view:
            outcome = run_guided(steps, make_clock(), keys, view, bell=not quiet)
    except (KeyboardInterrupt, EOFError):
        out.print("\nStopped. Nothing was recorded.", markup=False)
        raise typer.Exit(130) from None
    if not _wants_record(out, outcome, len(routine.items)):
        return
    pain_before = ask_pain(out, "Your back pain before the session, 0 (none) to 10 (worst)? ")
    pain_after = ask_pain(out, "And now, after it, 0 to 10? ")
    entry = guided_entry(routine, outcome, pain_before, pain_after, clock.now())
    save_entry(entry)
    skipped = f", {len(entry.skipped)} not done" if entry.skipped else ""
    late = f" (the session of {day_text(entry.moved_from)})" if entry.moved_from else ""
    out.print(
        f"Recorded in your log for {day_text(entry.date)}{late}: {len(entry.done)} of "
        f"{len(entry.planned)} exercises done{skipped}, pain {pain_before} before and "
        f"{pain_after} after.",
        markup=False,
    )
    if pain_after > 5 and pain_after > pain_before:
        # Rule PM1: pain up to 5/10 with exercise is acceptable; above that is too much.
        lighter = "" if routine.flare else ", or use `facetcoach today --flare`"
        out.print(
            "Pain above 5 is more than these exercises should cause: next time, do less"
            f"{lighter}. Stop and get checked if pain spreads down a leg or new numbness or "
            "weakness appears.",
            markup=False,
        )


def _intro(out: Any, plan: PlanFile, routine: DayRoutine, seconds: int, today: dt.date) -> None:
    from rich.text import Text

    out.print(
        Text(
            day_heading(routine, routine.program_weeks or len(plan.program.weeks), today),
            style="bold",
        )
    )
    if routine.flare:
        out.print(Text("Flare-up routine: gentle movement only.", style="bold yellow"))
        out.print(FLARE_ADVICE[0] + "\n", markup=False)
    minutes = max(1, round(seconds / 60))
    out.print(
        f"Guided session: {len(routine.items)} exercises, about {minutes} minutes. "
        "Keys: p pause, s skip an exercise, q quit.",
        markup=False,
    )
    out.print(Text(STOP_NOW_LINE, style="red"))


def _coaching_lines(out: Any, plan: PlanFile, coaching: Coaching) -> None:
    """The safety prompts and today's adjusted doses, before the first exercise."""
    from rich.text import Text

    for prompt in coaching.prompts:
        out.print(Text(prompt.text, style=" ".join(PROMPT_STYLES.get(prompt.level, ()))))
    exercises = {e.id: e for e in plan.exercises}
    for change in coaching.adjustments:
        out.print(f"Adjusted: {adjustment_line(change, exercises)}", markup=False)


def _nothing_scheduled(out: Any, plan: PlanFile, routine: DayRoutine) -> None:

    day = routine.date
    lines = [f"Nothing is scheduled for {long_day(day)}, so there is no session."]
    if routine.status == "after":
        end = program_end(plan.program)
        lines.append(
            f"Your program ended on {long_day(end)}. `facetcoach today` shows "
            "the maintenance routine to keep two or three times a week; build your next "
            "block with `facetcoach plan`."
        )
    else:
        lines += routine.notes[:1]
    if routine.next_session and routine.status in ("rest", "before"):
        following = routine.next_session
        lines.append(
            f"Your next session is on {long_day_month(following)}: "
            "run `facetcoach today --guided` then."
        )
    if routine.status != "after":
        lines.append(
            "Having a bad day? `facetcoach today --guided --flare` walks you through a "
            "gentle routine."
        )
    out.print("\n".join(lines), markup=False)


def _wants_record(out: Any, outcome: GuidedOutcome, planned: int) -> bool:
    if not outcome.done:
        out.print("No exercise was finished, so nothing was recorded.", markup=False)
        return False
    done = len(outcome.done)
    if not outcome.quit:
        out.print(f"\nSession finished: {done} of {planned} exercises done.", markup=False)
        return True
    out.print(f"\nYou stopped after {done} of {planned} exercises.", markup=False)
    exercises = "the exercise" if done == 1 else f"the {done} exercises"
    if ask_yes_no(out, f"Record {exercises} you did in your log? [y/n] "):
        return True
    out.print("Not recorded.", markup=False)
    return False


def _answer(out: Any, question: str) -> str:
    try:
        return out.input(question, markup=False)
    except EOFError:
        raise InputError(
            "No answer came (end of input), so the session was not recorded."
        ) from None


def ask_pain(out: Any, question: str) -> int:
    """Ask until the answer is a pain score from 0 to 10, saying why an answer was not."""
    while True:
        try:
            return parse_pain(_answer(out, question))
        except ValueError as problem:
            out.print(str(problem), style="yellow", markup=False)


def ask_yes_no(out: Any, question: str) -> bool:
    while True:
        answer = _answer(out, question).strip().lower()
        if answer in ("y", "yes"):
            return True
        if answer in ("n", "no"):
            return False
        out.print("Please answer y (yes) or n (no).", style="yellow", markup=False)
