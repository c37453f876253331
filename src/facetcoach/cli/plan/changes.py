"""`facetcoach plan change`, `pause`, `resume` and `screen`: the plan bends to life and keeps
its history (program/changes.py holds the rules; program/path.py lays them on the calendar)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from facetcoach import clock
from facetcoach.cli.answers_file import read_answers_text
from facetcoach.cli.dates import parse_day
from facetcoach.cli.output import console, print_json, questions, stdin_is_interactive
from facetcoach.cli.standing import load, recorded_on
from facetcoach.cli.word_choice import skip_reason, words
from facetcoach.days import day_text, long_day_month
from facetcoach.errors import InputError, RedFlagStop
from facetcoach.intake.answers import parse_answers, parse_days
from facetcoach.intake.screen import (
    NOT_NOW,
    NOT_YET,
    red_flag_stop,
    red_flags_from_data,
    screen_saved,
)
from facetcoach.library.loading import load_library
from facetcoach.model_json import to_data
from facetcoach.models import (
    EQUIPMENT,
    Library,
    Pause,
    PlanFile,
    RedFlags,
    ScreenOccasion,
)
from facetcoach.paths import user_library_file
from facetcoach.program.changes import (
    answer_changes,
    moved_pause,
    paused,
    resumed,
    revised,
    running_pause,
    screened,
)
from facetcoach.program.copies import plan_copies
from facetcoach.program.path import break_start, long_breaks
from facetcoach.program.planner import build_program
from facetcoach.program.schedule import next_session, session_on, week_for
from facetcoach.program.store import require_plan, update_plan
from facetcoach.toml_text import parse_answers_file_text

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON for scripts.")]


# --- facetcoach plan change -------------------------------------------------------------------


def change_command(
    ctx: typer.Context,
    days: Annotated[
        str | None,
        typer.Option(metavar="DAYS", help="Your training days, e.g. mon,wed,fri."),
    ] = None,
    minutes: Annotated[
        int | None, typer.Option(metavar="MINUTES", help="Minutes a session, 10 to 60.")
    ] = None,
    equipment: Annotated[
        str | None,
        typer.Option(metavar="ITEMS", help="What you have, e.g. mat,chair (none for nothing)."),
    ] = None,
    weeks: Annotated[
        int | None, typer.Option(metavar="WEEKS", help="The program's length, 6 to 16 weeks.")
    ] = None,
    answers_file: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE.toml",
            help="Other intake answers to change, as keys of the answers file.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Change your plan without starting over: the week, the phase, each exercise's dose and
    every log entry are kept; the change applies from today and is dated in the plan.

    \b
    Examples:
      facetcoach plan change --days tue,thu,sat
      facetcoach plan change --minutes 30 --equipment mat,chair,band
      facetcoach plan change --answers changes.toml
    """
    today = clock.today()
    state = ctx.find_root().obj
    library = load_library(user_library_file(state.library if state else None))
    # A day already recorded keeps the plan it was recorded under: the change starts tomorrow.
    loaded = load(require_plan(), today)
    start = today + dt.timedelta(days=1) if recorded_on(loaded.entries, today) else today
    before: list[PlanFile] = []

    def change(plan: PlanFile) -> PlanFile:
        before.append(plan)
        return _changed(plan, library, start, days, minutes, equipment, weeks, answers_file)

    new = update_plan(change)
    # From the answers, not the last revision: a change on the plan's first day replaces the
    # plan in force for no day, and leaves no revision (program/changes.py).
    changed = answer_changes(before[-1].answers, new.answers)
    if as_json:
        print_json({"date": start.isoformat(), "changed": changed})
        return
    words_said = ", ".join(f"{key} → {_value(value)}" for key, value in changed.items())
    typer.echo(f"Your plan is changed from {day_text(start)}: {words_said}.")
    typer.echo(
        "Your week, phase, doses and log carry on. See it with `facetcoach plan show`; today's "
        "session with `facetcoach today`."
    )


def _changed(
    plan: PlanFile,
    library: Library,
    today: dt.date,
    days: str | None,
    minutes: int | None,
    equipment: str | None,
    weeks: int | None,
    answers_file: Path | None,
) -> PlanFile:
    """The plan revised from today with the answers changed (program/changes.py)."""
    data: dict[str, Any] = to_data(plan.answers)
    if answers_file is not None:
        extra = parse_answers_file_text(read_answers_text(answers_file), str(answers_file))
        unknown = [key for key in extra if key not in data or key == "red_flags"]
        if unknown:
            raise InputError(
                f"{answers_file}: {unknown[0]} is not an answer `plan change` can change; "
                "use `facetcoach plan screen` for the safety questions."
            )
        data.update(extra)
    if days is not None:
        # The intake's own reading of days: "Tuesday, Thursday, Saturday" and "thur" too
        # (found by a new user's trial: the intake took them, `plan change` refused them).
        try:
            data["days"] = parse_days(days)
        except InputError as error:
            said = error.message[:1].lower() + error.message[1:]
            raise InputError(f"The plan was not changed: --days: {said}") from None
    if minutes is not None:
        data["minutes"] = minutes
    if equipment is not None:
        data["equipment"] = (
            []
            if equipment.strip().lower() == "none"
            else words("--equipment", [equipment], EQUIPMENT)
        )
    if weeks is not None:
        data["weeks"] = weeks
    given = {"days": days, "minutes": minutes, "equipment": equipment, "weeks": weeks}
    try:
        answers = parse_answers(data, "the changed answers")
    except InputError as error:
        raise _refused(error, [key for key, value in given.items() if value is not None]) from None
    if answers == plan.answers:
        raise InputError(
            "That changes nothing in your plan. Give what is different, e.g. --days tue,thu."
        )
    # The same start: the weeks of the new plan line up with the old, so the program goes on
    # at the same week and phase (program/path.py).
    program = build_program(answers, library, plan.program.start)
    copies = plan_copies(program, library, answers)
    return revised(plan, answers, program, copies, today, "change")


def _refused(error: InputError, options: list[str]) -> InputError:
    """The problems of the changed answers, named by the option that gave each (found by a
    new user: "The answers file the changed answers has 1 problem" for `--days tue`)."""
    named = []
    for problem in error.details or [error.message]:
        key, colon, what = problem.partition(": ")
        what = what.split("; allowed: ")[0]  # (the same bounds, said twice)
        if colon:
            named.append(f"--{key}: {what}" if key in options else f"{key}: {what}")
        else:
            named.append(problem)
    return InputError(
        f"The plan was not changed: {named[0]}.", details=[f"also: {line}" for line in named[1:]]
    )


def _value(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


# --- facetcoach plan pause / resume -----------------------------------------------------------


def pause_command(
    reason: Annotated[
        str,
        typer.Option(metavar="REASON", help="Why: travel, sick, flare or other."),
    ],
    until: Annotated[
        str | None,
        typer.Option(
            metavar="DAY",
            help=(
                "The day your program carries on (default: when you resume). While paused, "
                "moves that day."
            ),
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--from", metavar="DAY", help="The first paused day (default: today)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Pause your program for a holiday or an illness: paused days are neither missed nor
    done, and the rest of the program moves back by the paused time.

    \b
    Examples:
      facetcoach plan pause --reason travel --until 2026-12-28
      facetcoach plan pause --reason sick
      facetcoach plan pause --reason travel --until 2027-01-04   (while paused: moves it)
      facetcoach plan resume
    """
    today = clock.today()
    why = skip_reason("--reason", reason)
    first = parse_day("--from", start, today) if start is not None else today
    end = parse_day("--until", until, today) if until is not None else None
    made: list[tuple[PlanFile, Pause, bool]] = []

    def pause_it(saved: PlanFile) -> PlanFile:
        running = running_pause(saved, today)
        if start is None and running is not None:  # moves the day it carries on
            plan, pause = moved_pause(saved, running, end, why, today)
            made.append((plan, pause, pause.start == running.start))
            return plan
        plan = paused(saved, first, end, why, today)
        made.append((plan, plan.pauses[-1], False))
        return plan

    update_plan(pause_it)
    plan, pause, moved = made[0]
    if as_json:
        print_json({**to_data(pause), "moved": moved})
        return
    ends = (
        f"up to {day_text(end - dt.timedelta(days=1))}; your program carries on on {day_text(end)}"
        if end is not None
        else "until you run `facetcoach plan resume`"
    )
    if moved:
        typer.echo(f"Your pause from {day_text(pause.start)} now lasts {ends}.")
    else:
        typer.echo(f"Your program is paused from {day_text(pause.start)} {ends}.")
    typer.echo("Paused days are neither missed nor done, and do not break your streak.")
    if end is not None and end in long_breaks(plan.pauses, end):  # all of the break
        typer.echo("After more than two weeks off, the first sessions back are one step easier.")


def resume_command(as_json: JsonOption = False) -> None:
    """End a pause: your program carries on today where it left off."""
    today = clock.today()
    ended: list[tuple[PlanFile, Pause]] = []

    def resume(saved: PlanFile) -> PlanFile:
        plan, pause = resumed(saved, today)
        ended.append((plan, pause))
        return plan

    update_plan(resume)
    plan, pause = ended[0]
    if as_json:
        print_json(to_data(pause))
        return
    assert pause.end is not None
    # The whole break, pauses back to back included (found by a new user's trial: "after 12
    # paused days", then "after more than two weeks off", for a break of 16).
    days = (pause.end - (break_start(plan.pauses, pause.end) or pause.start)).days
    if days == 0:  # ("after 0 paused days", found by a new user)
        typer.echo("The pause is ended before it began: your program carries on today.")
    else:
        typer.echo(
            f"Welcome back: your program carries on today, after {days} paused day"
            f"{'s' if days != 1 else ''}."
        )
    if pause.end in long_breaks(plan.pauses, pause.end):  # with a pause just before it
        typer.echo("After more than two weeks off, the first sessions back are one step easier.")
    # Where it carries on (found by a new user's trial: resume said nothing of it).
    loaded = load(plan, today, tolerate_damage=True)
    program = loaded.standing.plan.program
    session = session_on(program, today)
    following = next_session(program, today)
    first = session or (following[1] if following else None)
    if first is not None:
        week = week_for(program, first.date)
        where = f" (week {week.number}, phase {week.phase})" if week else ""
        when = "today" if first.date == today else long_day_month(first.date)
        typer.echo(f"Your next session: {when}{where}.")


# --- facetcoach plan screen -------------------------------------------------------------------


def screen_command(
    answers_file: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE.toml",
            help="Read the answers from a file with a [red_flags] table instead of asking.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Answer the safety questions again (after a clinician's check, or a plan made with
    --yes). A yes puts your program on hold until a later screen has none (rule RS1).

    \b
    Examples:
      facetcoach plan screen
      facetcoach plan screen --answers screen.toml
    """
    today = clock.today()
    require_plan()  # before any question: there must be a program to screen for
    red_flags = ask_or_read_screen(answers_file, as_json, "plan screen")
    record_screen(today, "screen", red_flags)
    if as_json:
        print_json({"date": today.isoformat(), "flagged": [], "suspended": False})
        return
    from facetcoach.render.plain_text import PlainWriter

    out = PlainWriter()  # wrapped to the terminal, as every other line (a new user's trial)
    out.line(
        f"Thank you: the safety questions are answered ({day_text(today)}), with no sign that "
        "needs a clinician first. Your program carries on."
    )
    out.flush()


def ask_or_read_screen(answers_file: Path | None, as_json: bool, command: str) -> RedFlags:
    """The red-flag screen from a file, or asked in a terminal (never assumed)."""
    if answers_file is not None:
        data = parse_answers_file_text(read_answers_text(answers_file), str(answers_file))
        return red_flags_from_data(data, str(answers_file))
    if not stdin_is_interactive():
        raise InputError(
            "The safety questions need a terminal to be answered; run this in a terminal, or "
            "give --answers FILE.toml with a [red_flags] table (docs/commands.md)."
        )
    from facetcoach.cli.intake_prompts import ask_screen

    out = console(stderr=as_json)
    # Ctrl-C or the end of the input: said, nothing saved (found by a new user's trial: Ctrl-C
    # at `log checked` printed nothing, and the shell's prompt came on the same line).
    with questions(out, command):
        return ask_screen(out)


def record_screen(day: dt.date, occasion: ScreenOccasion, red_flags: RedFlags) -> None:
    """Save the screen in the plan; a yes then stops with the action (exit 3, rule RS1)."""
    started: list[bool] = []

    def record(plan: PlanFile) -> PlanFile:
        started.append(day >= plan.program.start)
        return screened(plan, day, occasion, red_flags)

    update_plan(record)
    # "Do not start the program" only before it starts (found by a new user's trial).
    stop = red_flag_stop(red_flags, started=started[0])
    if stop is not None:
        on_hold = (
            "Your program is on hold until then: `facetcoach today` shows this instead of a "
            "routine. When a clinician has checked you, run `facetcoach plan screen` again."
        )
        # Its notice is what the person reads: advice wrapped as `today` shows it, not an
        # "Error:" line (found by a new user).
        message = stop.message.replace(NOT_YET, "").replace(NOT_NOW, "")
        held = RedFlagStop(f"{message} {on_hold}", details=stop.details, notice=stop.notice)
        raise screen_saved(held, on_hold)
