"""`facetcoach plan`: the intake (or an answers file, or the defaults), the red-flag screen,
the program, saved; `facetcoach plan show`: the saved plan."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from facetcoach import clock, paths
from facetcoach.cli.answers_file import AnswersFileOption, read_answers_text
from facetcoach.cli.main import Subcommand, command_group
from facetcoach.cli.output import console, print_json, questions, stdin_is_interactive
from facetcoach.cli.output_file import STDOUT, check_target, write_file
from facetcoach.cli.standing import Loaded, load
from facetcoach.coaching.advice import Coaching, adjustment_data, coach
from facetcoach.days import day_text
from facetcoach.errors import DataError, InputError, RedFlagStop
from facetcoach.intake.answers import default_answers, parse_answers_toml
from facetcoach.intake.screen import no_red_flags, red_flag_stop, screen_saved
from facetcoach.intake.triage import advice as triage_advice
from facetcoach.intake.triage import score as score_triage
from facetcoach.library.loading import load_library
from facetcoach.model_json import to_data
from facetcoach.models import (
    SCHEMA_VERSION,
    Answers,
    Library,
    LogEntry,
    PlanFile,
    RedFlags,
    ScreenMethod,
)
from facetcoach.paths import user_library_file
from facetcoach.program.changes import revised, screened
from facetcoach.program.copies import plan_copies
from facetcoach.program.path import stand
from facetcoach.program.planner import PHASE_FOCUS, build_program
from facetcoach.program.routine import session_minutes, suspension
from facetcoach.program.schedule import (
    next_session,
    phase_groups,
    program_end,
    session_on,
)
from facetcoach.program.store import load_plan, require_plan, save_plan, update_plan

HERE, CHANGES = __name__, "facetcoach.cli.plan.changes"
app = command_group(
    {
        "show": Subcommand(HERE, "show_command"),
        "export": Subcommand(HERE, "export_command"),
        "change": Subcommand(CHANGES, "change_command"),
        "pause": Subcommand(CHANGES, "pause_command"),
        "resume": Subcommand(CHANGES, "resume_command"),
        "screen": Subcommand(CHANGES, "screen_command"),
    }
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print the plan as JSON for scripts.")]
# How a new plan follows a saved one: the same week and phase, or week 1 again.
GoOn = Literal["continue", "restart"]


@app.callback()
def plan_command(
    ctx: typer.Context,
    answers_file: AnswersFileOption = None,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            "-y",
            help="Ask nothing: use the defaults, and take the red-flag screen as answered "
            "'no' (answer it yourself as soon as you can).",
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace a saved plan without asking (it is archived)."),
    ] = False,
    carry_on: Annotated[
        bool,
        typer.Option(
            "--continue",
            help="With a saved plan: the new plan carries on at your current week and phase.",
        ),
    ] = False,
    start_over: Annotated[
        bool,
        typer.Option("--start-over", help="With a saved plan: the new plan starts at week 1."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Build your exercise program: safety questions, a short intake, a phased weekly plan.

    The plan is saved in your data folder; an older plan is archived, your log is kept.

    \b
    Examples:
      facetcoach plan                          answer the questions
      facetcoach plan --yes                    use the defaults
      facetcoach plan --answers answers.toml   read the answers from a file
      facetcoach plan show                     show the saved plan
    """
    if ctx.invoked_subcommand is not None:
        return

    if answers_file is not None and yes:
        raise InputError("Give either --answers FILE.toml or --yes, not both.")
    if carry_on and start_over:
        raise InputError("Give either --continue or --start-over, not both.")
    interactive = answers_file is None and not yes
    if interactive and not stdin_is_interactive():
        raise InputError(
            "facetcoach plan asks you questions, but its input is not a terminal. Run it in a "
            "terminal, or give --answers FILE.toml, or --yes for the defaults."
        )
    today = clock.today()
    library = _library(ctx)
    if not _may_replace(force, interactive, as_json, yes=yes):
        return
    try:
        if answers_file is not None:
            answers = _read_answers(answers_file)
        elif yes:
            answers = default_answers(today)
        else:
            answers = _interview(library, today, as_json)
        stop = red_flag_stop(answers.red_flags)
        if stop is not None:
            stop.red_flags = answers.red_flags
            raise stop
    except RedFlagStop as stop:
        _suspend_current(stop, today)
        raise
    mode = _how_to_go_on(carry_on, start_over, interactive, as_json, today)
    answers, start_note = _confirm_start(answers, today, interactive, as_json)
    _build_and_save(
        answers,
        library,
        today,
        screen="assumed-no" if yes else "answered",
        as_json=as_json,
        note_shown=interactive,
        mode=mode,
        start_note=start_note,
    )


def show_command(as_json: JsonOption = False) -> None:
    """Show your saved plan: the phases, the weekly calendar, each exercise and why.

    \b
    Examples:
      facetcoach plan show
      facetcoach plan show --json
    """
    today = clock.today()
    loaded = _loaded(require_plan(), today)
    plan = loaded.standing.plan  # the path as it now stands (program/path.py)
    next_day, coaching = _next_session_coaching(plan, loaded.entries, today)
    if as_json:
        data = plan_data(plan)
        data["planned_end"] = program_end(loaded.plan.program).isoformat()
        data["revisions"] = [
            {"date": r.date.isoformat(), "changed": r.changed} for r in plan.revisions
        ]
        data["pauses"] = to_data(plan.pauses)
        # The program above keeps its doses; these are the next session's, as adjusted.
        data["adjustments"] = [adjustment_data(a) for a in coaching.adjustments] if coaching else []
        data["eased"] = [adjustment_data(a) for a in coaching.eased] if coaching else []
        data["next_session"] = (
            {
                "date": next_day.isoformat(),
                "minutes": session_minutes(coaching.items),
                "items": to_data(coaching.items),
            }
            if coaching and next_day
            else None
        )
        print_json(data)
        return
    from facetcoach.render.plan import adjustments_view, plan_view

    out = console()
    out.print(plan_view(plan, width=out.width))
    if coaching and next_day and (coaching.adjustments or coaching.held or coaching.eased):
        out.print(adjustments_view(next_day, coaching, plan))


def _loaded(plan: PlanFile, today: dt.date) -> Loaded:
    """The plan with the log: a damaged log still lets the plan be shown, as planned."""
    import sys

    loaded = load(plan, today, tolerate_damage=True)
    if loaded.log_problem:
        sys.stderr.write(f"Warning: {loaded.log_problem} The doses shown are as planned.\n")
    return loaded


def _next_session_coaching(
    plan: PlanFile, entries: Sequence[LogEntry], today: dt.date
) -> tuple[dt.date, Coaching] | tuple[None, None]:
    """The next session (today's, or the first after today) and its coaching, or Nones (also
    while a red flag holds the program, RS1: found by a new user's trial, `plan show` gave
    "Adjusted for your next session" on hold)."""
    if suspension(plan, today) is not None:
        return None, None
    session = session_on(plan.program, today)
    if session is None:
        following = next_session(plan.program, today)
        session = following[1] if following else None
    if session is None:
        return None, None
    return session.date, coach(plan, entries, session.date, session.items)


def export_command(
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics",
            "-o",
            "--output",
            metavar="FILE",
            # -o and --output as for `report` and `export` (found by a new user's trial).
            help="Write the sessions as an iCalendar file (- for the screen).",
        ),
    ] = None,
    at: Annotated[
        str, typer.Option("--at", metavar="HH:MM", help="The time of day of each session.")
    ] = "18:00",
    remind: Annotated[
        int,
        typer.Option(
            "--remind", metavar="MINUTES", help="A reminder this long before; 0 for none."
        ),
    ] = 15,
    zone: Annotated[
        str | None,
        typer.Option(
            "--tz",
            metavar="ZONE",
            help="Pin the times to a time zone (Europe/Paris). Default: no zone, so the times "
            "are local wherever your calendar is.",
        ),
    ] = None,
    first: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DAY",
            help="Only the sessions from this day on: today, mon, 2026-12-14 (default: all).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print what was written as JSON for scripts.")
    ] = False,
) -> None:
    """Put your sessions in your calendar: one event per session, with the routine and a reminder.

    Each event starts at --at on the session's day, lasts the session's estimated time and
    lists the exercises with their doses. Exporting again gives the same events (the same
    ids), so a calendar app updates them instead of adding copies.

    \b
    Examples:
      facetcoach plan export --ics back-exercises.ics
      facetcoach plan export --ics back-exercises.ics --at 07:30 --remind 0 --force
      facetcoach plan export --ics back-exercises.ics --tz Europe/Paris
      facetcoach plan export --ics rest-of-program.ics --from today
    """
    from facetcoach.cli.dates import parse_day
    from facetcoach.share.calendar import (
        ExportOptions,
        calendar_bytes,
        check_remind,
        exported_sessions,
        parse_time_of_day,
        zone_named,
    )

    if ics is None:
        raise InputError(
            "Say where to write the calendar: facetcoach plan export --ics FILE "
            "(for example back-exercises.ics)."
        )
    options = ExportOptions(
        at=parse_time_of_day(at),
        remind_minutes=check_remind(remind),
        zone=zone_named(zone) if zone is not None else None,
        first=parse_day("--from", first, clock.today(), "future") if first is not None else None,
    )
    to_screen = str(ics) == STDOUT
    target = ics if to_screen else check_target(ics, force)

    plan = load(require_plan(), clock.today()).standing.plan  # the dates as they now stand
    data = calendar_bytes(plan, options, clock.now())
    if to_screen:
        import sys

        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_file(target, data)
    dated = [session.date for _, session in exported_sessions(plan, options)]
    summary = {
        "file": str(target),
        "events": len(dated),
        "first": dated[0].isoformat() if dated else None,
        "last": dated[-1].isoformat() if dated else None,
        "at": options.at.strftime("%H:%M"),
        "remind_minutes": options.remind_minutes,
        "timezone": zone.strip() if zone else None,
        "from": options.first.isoformat() if options.first else None,
    }
    if as_json:
        print_json(summary)
        return
    _say_exported(summary)


def _say_exported(summary: dict[str, Any]) -> None:
    count = summary["events"]
    if not count:
        when = (
            f"from {day_text(dt.date.fromisoformat(summary['from']))} on"
            if summary["from"]
            else "in the plan"
        )
        typer.echo(f"There is no session {when}; wrote an empty calendar to {summary['file']}.")
        return
    first = day_text(dt.date.fromisoformat(summary["first"]))
    last = day_text(dt.date.fromisoformat(summary["last"]))
    zone = f" {summary['timezone']} time" if summary["timezone"] else " your local time"
    remind = (
        f"a reminder {summary['remind_minutes']} minutes before"
        if summary["remind_minutes"]
        else "no reminder"
    )
    typer.echo(
        f"Wrote {count} sessions, {first} to {last}, at {summary['at']}{zone} with {remind}, "
        f"to {summary['file']}."
    )
    typer.echo(
        "Open or import the file in your calendar app. Exporting again updates the same events."
    )


# --- Helpers ------------------------------------------------------------------------------


def _library(ctx: typer.Context) -> Library:

    state = ctx.find_root().obj
    return load_library(user_library_file(state.library if state else None))


def _may_replace(force: bool, interactive: bool, as_json: bool, *, yes: bool = False) -> bool:
    """Whether to go on when a plan is already saved: --force, or the user says yes.

    `plan --yes` over a plan that `plan --yes` made (the same defaults) keeps it and says so
    (exit 0): running the README's set-up line twice is no mistake."""
    try:
        existing = load_plan()
    except DataError:
        if force:
            return True  # a damaged plan: replaced, and kept in the archive by save_plan
        raise
    if existing is None or force:
        return True
    started = day_text(existing.program.start)  # as every other date is said
    if yes and _made_with_the_defaults(existing):
        import sys

        said = (
            f"You already have a plan made with the defaults (started "
            f"{day_text(existing.program.start)}): it is kept as it is, and your log too. To "
            "build a new one: `facetcoach plan --yes --force` (with --start-over, from week 1 "
            "today)."
        )
        if as_json:
            # What the script asked for: the plan, as `plan --json` printed it (as it stands).
            print_json(plan_data(_loaded(existing, clock.today()).standing.plan))
            sys.stderr.write(said + "\n")
        else:
            from facetcoach.render.plain_text import PlainWriter

            writer = PlainWriter()
            writer.line(said)
            writer.flush()
        return False
    if not interactive:
        raise InputError(
            f"You already have a plan (started {started}). Add --force to replace it: the old "
            f"plan is archived in {paths.plan_archive_dir()} and your log is kept."
        )
    from facetcoach.cli.intake_prompts import ask_yes_no

    out = console(stderr=as_json)  # with --json, stdout is for the JSON only
    try:
        replace_it = ask_yes_no(
            out,
            f"You already have a plan (started {started}). Build a new one? "
            "The old plan is archived and your log is kept",
            default=False,
        )
    except EOFError:
        replace_it = False
    except KeyboardInterrupt:
        out.print("\nStopped: nothing was changed.")
        raise typer.Exit(130) from None
    if not replace_it:
        out.print("Nothing changed: your plan is as it was.")
    return replace_it


def _made_with_the_defaults(plan: PlanFile) -> bool:
    """A plan that `plan --yes` made: the defaults (its own start), the screen assumed."""
    return plan.screen == "assumed-no" and plan.answers == default_answers(plan.answers.start)


def _read_answers(path: Path) -> Answers:

    return parse_answers_toml(read_answers_text(path), str(path))


def _interview(library: Library, today: dt.date, as_json: bool) -> Answers:
    """The interactive intake; Ctrl-C or the end of input stops it with nothing saved."""
    from rich.panel import Panel
    from rich.text import Text

    from facetcoach.cli.intake_prompts import ask_answers
    from facetcoach.program.safety import NOT_A_MEDICAL_DEVICE

    out = console(stderr=as_json)  # with --json, stdout is for the JSON only
    # Before the first question, not after the last: it bears on whether to answer at all.
    out.print(Panel(Text(NOT_A_MEDICAL_DEVICE), title="Please read", border_style="bold"))
    with questions(out, "plan"):
        return ask_answers(out, library, today)


def _suspend_current(stop: RedFlagStop, today: dt.date) -> None:
    """A yes at a re-plan: the current program (if any) is put on hold at once (rule RS1)."""
    try:
        existing = load_plan()
    except DataError:
        existing = None
    if existing is None or not isinstance(stop.red_flags, RedFlags):
        return
    flags = stop.red_flags
    update_plan(lambda plan: screened(plan, today, "replan", flags))
    on_hold = (
        "Your current program is on hold until then: `facetcoach today` shows this instead of "
        "a routine. When a clinician has checked you, run `facetcoach plan screen`."
    )
    screen_saved(stop, on_hold)


def _how_to_go_on(
    carry_on: bool, start_over: bool, interactive: bool, as_json: bool, today: dt.date
) -> GoOn | None:
    """With a saved plan: "continue" (same week and phase) or "restart"; None without one."""
    try:
        existing = load_plan()
    except DataError:
        return None  # a damaged plan is archived and replaced: nothing to carry on from
    if existing is None:
        return None
    if carry_on or start_over:
        return "continue" if carry_on else "restart"
    if today < existing.program.start:
        return "restart"  # not begun: no place to keep, so nothing to ask (found by a new user)
    ended = today > program_end(stand(existing, [], today).program)
    if not interactive:
        return "restart" if ended else "continue"
    from facetcoach.cli.intake_prompts import ask_yes_no

    out = console(stderr=as_json)
    try:
        keep = ask_yes_no(
            out,
            "Keep your place in the program (your week, phase and doses)? No: start again at "
            "week 1",
            default=not ended,
        )
    except (EOFError, KeyboardInterrupt):
        out.print("\nStopped: nothing was changed.")
        raise typer.Exit(130) from None
    return "continue" if keep else "restart"


def _confirm_start(
    answers: Answers, today: dt.date, interactive: bool, as_json: bool
) -> tuple[Answers, str | None]:
    """A start date in the past is asked about in a terminal; elsewhere it is said, with the
    plan's other notes once it is saved (issue 13)."""
    start = answers.start
    if start is None or start >= today:
        return answers, None
    weeks = (today - start).days // 7
    said = (
        f"The start date {day_text(start)} has passed: the program would begin "
        f"{weeks} week{'s' if weeks != 1 else ''} ago, with the sessions since then counted as "
        "missed."
    )
    if not interactive:
        return answers, f"Note: {said}"
    from facetcoach.cli.intake_prompts import ask_yes_no

    out = console(stderr=as_json)
    try:
        keep = ask_yes_no(out, f"{said} Keep that date? No starts today", default=False)
    except (EOFError, KeyboardInterrupt):
        out.print("\nStopped: nothing was saved.")
        raise typer.Exit(130) from None
    return (answers if keep else dataclasses.replace(answers, start=today)), None


def _build_and_save(
    answers: Answers,
    library: Library,
    today: dt.date,
    *,
    screen: ScreenMethod,
    as_json: bool,
    mode: GoOn | None = None,
    note_shown: bool = False,
    start_note: str | None = None,
) -> None:
    stop = red_flag_stop(answers.red_flags)
    if stop is not None:
        raise stop  # exit 3; nothing is saved
    existing = load_plan() if mode is not None else None
    start = answers.start or today
    if existing is not None and mode == "continue":
        # The same start as the program in force: the new weeks line up with the old, so it
        # carries on at the same week and phase (program/path.py).
        start = existing.program.start
    answers = dataclasses.replace(answers, start=start)
    program = build_program(answers, library, start)
    fresh = PlanFile(
        schema_version=SCHEMA_VERSION,
        created_at=clock.now(),
        answers=answers,
        program=program,
        exercises=plan_copies(program, library, answers),
        screen=screen,
        screened_on=today,
        triage=score_triage(answers.start_back) if answers.start_back else None,  # ST1
    )
    plan = fresh
    if existing is not None:
        kind: GoOn = "continue" if mode == "continue" else "restart"
        plan = revised(
            existing,
            answers,
            program,
            fresh.exercises,
            today if kind == "continue" else start,
            kind,
        )
        plan = dataclasses.replace(
            plan,
            created_at=fresh.created_at,
            screen=screen,
            screened_on=today,
            triage=fresh.triage,  # ST1: the new intake's answer (null when not asked)
        )
        if screen == "answered" and suspension(plan, today) is not None:
            # RS1: the new intake's screen, all "no", ends a hold as `plan screen` would
            # (found by review: the earlier yes still held the new plan).
            plan = screened(plan, today, "replan", no_red_flags())
    archived = save_plan(plan)  # (checked strictly first, as every write is)
    notes = []
    if screen == "assumed-no":
        notes.append(
            'The red-flag screen was NOT answered: --yes assumed "no" to every safety '
            "question. Answer it yourself: run `facetcoach plan screen` in a terminal."
        )
    if start_note:
        notes.append(start_note)
    triage_words = triage_advice(plan.triage)
    if triage_words:
        notes.append(triage_words)  # ST1: said, never a refusal
    notes.append(f"Saved to {paths.plan_file()}.")
    if archived is not None:
        carried = (
            "your new plan carries on at the same week and phase"
            if mode == "continue"
            else "your new plan starts at week 1"
        )
        notes.append(
            f"Your previous plan was archived to {archived}; {carried}, and your log and its "
            "history are kept."
        )
    if as_json:
        import sys

        # The new program alone: the same answers always print the same bytes.
        print_json(plan_data(stand(fresh, [], today).plan))
        sys.stderr.write("\n".join(notes) + "\n")
        return
    from rich.text import Text

    from facetcoach.render.plan import plan_view

    out = console()
    # The note was said before the questions when they were asked (cli/intake_prompts.py).
    out.print(plan_view(plan, width=out.width, first_time=existing is None and not note_shown))
    for note in notes:
        style = "bold yellow" if note.startswith("The red-flag") else ""
        out.print(Text(note, style=style))
    out.print("See it again with `facetcoach plan show`.")


def plan_data(plan: PlanFile) -> dict[str, Any]:
    """The JSON of `plan --json` and `plan show --json`: the Program, plus a few extras.

    Depends only on the answers, the library and the start date (the issue's contract)."""

    program = plan.program
    data: dict[str, Any] = to_data(program)
    end = program_end(program)
    data["end"] = end.isoformat()
    data["phases"] = [
        {
            "phase": phase,
            "name": name,
            "first_week": weeks[0].number,
            "last_week": weeks[-1].number,
            "focus": PHASE_FOCUS.get(phase, ""),
        }
        for phase, name, weeks in phase_groups(program.weeks)
    ]
    # How the screen was done is part of the input; when (and when the plan was made) is in
    # plan.json, not here, so that the same answers always print the same bytes.
    data["screen"] = plan.screen
    # Rule ST1: the intake triage's result, or null when it was not asked.
    data["triage"] = to_data(plan.triage) if plan.triage else None
    return data
