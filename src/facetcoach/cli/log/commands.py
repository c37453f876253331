"""`facetcoach log`: record a session, and the subcommands that list, fix and move the log.

`log` itself and `log morning` are here; list/undo/delete/edit in corrections.py, export/import
in transfer.py. Each module imports only typer and the standard library at load time.

Its annotations are evaluated when each function is made (no `from __future__ import
annotations`): Typer reads the options of `record` from them, twice per `log`, and evaluating
their text was 4 ms of every session recorded (issue 15).
"""

import datetime as dt
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from facetcoach import clock, paths
from facetcoach.cli import complete
from facetcoach.cli.log.options import (
    IdOption,
    JsonOption,
    already_recorded,
    ask_rating,
    parse_entry_id,
    parse_minutes,
    parse_rating,
    past_day,
    print_entry,
    rating_option,
    say,
)
from facetcoach.cli.main import Subcommand, command_group
from facetcoach.cli.output import stdin_is_interactive
from facetcoach.cli.standing import load
from facetcoach.cli.word_choice import one_of, skip_reason
from facetcoach.coaching.advice import after_session_lines, coached_routine, symptom_notice
from facetcoach.coaching.verdict import in_order
from facetcoach.coaching.walking import gated_walking
from facetcoach.days import day_text
from facetcoach.errors import InputError, RedFlagStop
from facetcoach.library.loading import closest_ids, load_library
from facetcoach.log.entries import (
    SHORT_ID,
    checked_entry,
    latest_session,
    symptom_entry,
    walk_entry,
    with_morning_pain,
)
from facetcoach.log.recording import (
    SessionReport,
    build_entry,
    check_day,
    check_ids,
    check_report,
    first_given,
    ids,
    recorded_for,
    renamed,
    same_day_count,
    skip_over_session,
    walk_only,
)
from facetcoach.log.store import (
    append_entries,
    append_entry,
    load_entries,
    replace_entries,
    update_entry,
)
from facetcoach.models import (
    SYMPTOMS,
    Adjustment,
    Exercise,
    Library,
    LogEntry,
    PlanFile,
    Session,
    Symptom,
)
from facetcoach.paths import user_library_file
from facetcoach.program.routine import flare_items, routine_for
from facetcoach.program.safety import SYMPTOM_WORDS, Notice
from facetcoach.program.schedule import session_on, week_for
from facetcoach.program.store import load_plan, require_plan

HERE, CORRECTIONS, TRANSFER = (
    __name__,
    "facetcoach.cli.log.corrections",
    "facetcoach.cli.log.transfer",
)
app = command_group(
    {
        "checked": Subcommand(HERE, "checked"),
        "morning": Subcommand(HERE, "morning"),
        "list": Subcommand(CORRECTIONS, "list_entries"),
        "undo": Subcommand(CORRECTIONS, "undo"),
        "delete": Subcommand(CORRECTIONS, "delete"),
        "edit": Subcommand(CORRECTIONS, "edit"),
        "export": Subcommand(TRANSFER, "export"),
        "import": Subcommand(TRANSFER, "import_log"),
    }
)


class _Exercises:
    """Exercise ids the user may name: the plan's copies first, then the library."""

    def __init__(self, ctx: typer.Context, plan: PlanFile | None) -> None:
        self.ctx = ctx
        self.known = {exercise.id: exercise for exercise in plan.exercises} if plan else {}
        self._library: Library | None = None

    def library(self) -> Library:
        if self._library is None:
            state = self.ctx.find_root().obj
            self._library = load_library(user_library_file(state.library if state else None))
        return self._library

    def get(self, exercise_id: str) -> Exercise | None:
        return self.known.get(exercise_id) or self.library().get(exercise_id)

    def require(self, option: str, exercise_id: str) -> Exercise:

        exercise = self.get(exercise_id)
        if exercise is None:
            close = closest_ids(self.library(), exercise_id)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            raise InputError(
                f"{option} {exercise_id!r}: there is no exercise with that id.{hint} "
                "List them with `facetcoach exercises`."
            )
        return exercise


# --- facetcoach log -----------------------------------------------------------------------


@app.callback()
def record(
    ctx: typer.Context,
    date: Annotated[
        str,
        typer.Option(
            metavar="DAY",
            help="The day: 2026-12-07, today, yesterday, mon (the last one), 2 days ago.",
            show_default=True,
        ),
    ] = "today",
    skip: Annotated[
        list[str] | None,
        typer.Option(
            metavar="ID",
            help="A planned exercise you did not do (repeatable).",
            autocompletion=complete.exercise_ids,
        ),
    ] = None,
    only: Annotated[
        list[str] | None,
        typer.Option(
            metavar="ID",
            help="Only these planned exercises were done (repeatable).",
            autocompletion=complete.exercise_ids,
        ),
    ] = None,
    extra: Annotated[
        list[str] | None,
        typer.Option(
            metavar="ID",
            help="An exercise you did that was not planned (repeatable).",
            autocompletion=complete.exercise_ids,
        ),
    ] = None,
    pain_before: Annotated[str | None, rating_option("Pain before the session, 0-10.")] = None,
    pain_after: Annotated[str | None, rating_option("Pain after the session, 0-10.")] = None,
    effort: Annotated[str | None, rating_option("How hard it felt, 0-10.")] = None,
    note: Annotated[
        str | None, typer.Option(metavar="TEXT", help="A note, in your own words.")
    ] = None,
    skipped: Annotated[
        bool, typer.Option("--skipped", help="The planned session was not done (needs --reason).")
    ] = False,
    reason: Annotated[
        str | None,
        typer.Option(
            metavar="REASON",
            help="Why it was skipped: flare, sick, travel or other.",
            autocompletion=complete.reasons,
        ),
    ] = None,
    replace_skip: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Record the session as done in place of a skip already recorded for that day.",
        ),
    ] = False,
    flare: Annotated[
        bool,
        typer.Option(
            "--flare",
            help="You did the flare routine (`today --flare`) instead of the planned session.",
        ),
    ] = False,
    symptom: Annotated[
        str | None,
        typer.Option(
            metavar="SYMPTOM",
            autocompletion=complete.symptoms,
            help="Record a new symptom instead of a session: numbness, weakness or leg-pain "
            "(pain spreading below the knee). Progression stops until you are checked.",
        ),
    ] = None,
    entry_id: IdOption = None,
    walked: Annotated[
        str | None,
        typer.Option(
            "--walked",
            metavar="MINUTES",
            help="Minutes you walked that day. Alone, it records only the walk (any day, rest "
            "days too); with session options, it is added to the session.",
        ),
    ] = None,
    wobble: Annotated[
        bool,
        typer.Option(
            "--wobble",
            help="You wobbled or nearly fell during the balance work: it keeps its support.",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Record a session: by default, today's planned session, all of it, done, at the doses
    `facetcoach today` gives (adjusted to how your back has answered).

    Pain you leave out is asked for in a terminal (Enter leaves it empty).

    \b
    Examples:
      facetcoach log --pain-before 4 --pain-after 3 --effort 5
      facetcoach log --date yesterday --skip bird-dog --note "short on time"
      facetcoach log --only cat-camel --only pelvic-tilt-lying
      facetcoach log --date 2026-12-08 --extra cat-camel
      facetcoach log --skipped --reason flare
      facetcoach log --symptom numbness
      facetcoach log --walked 20
      facetcoach log --pain-after 3 --wobble
      facetcoach log morning 3
      facetcoach log list --since 2026-12-01
    """
    if ctx.invoked_subcommand is not None:
        return

    given_id = parse_entry_id(entry_id)
    today = clock.today()
    day = past_day("--date", date, today)
    if symptom is not None:
        given = first_given(
            [
                ("--skip", skip),
                ("--only", only),
                ("--extra", extra),
                ("--pain-before", pain_before),
                ("--pain-after", pain_after),
                ("--effort", effort),
                ("--skipped", skipped),
                ("--reason", reason),
                ("--flare", flare),
                ("--walked", walked),
                ("--wobble", wobble),
            ]
        )
        if given:
            raise InputError(f"--symptom records a symptom, not a session; {given} does not fit.")
        _record_symptom(one_of("--symptom", symptom, SYMPTOMS), day, note, as_json, given_id)
        return
    report = SessionReport(
        skip=ids(skip),
        only=ids(only),
        extra=ids(extra),
        pain_before=parse_rating("--pain-before", pain_before),
        pain_after=parse_rating("--pain-after", pain_after),
        effort=parse_rating("--effort", effort),
        note=note,
        skipped=skipped,
        reason=reason,
        flare=flare,
        walked=parse_minutes(walked),
        wobble=wobble,
    )
    check_report(report)
    if report.reason is not None:
        report.reason = skip_reason("--reason", report.reason)
    if walk_only(report):
        _record_walk(report, day, as_json, given_id)
        return

    saved = load_plan()
    loaded = load(saved, today) if saved is not None else None
    plan = loaded.standing.plan if loaded is not None else None  # the program as it stands
    entries = loaded.entries if loaded is not None else []
    routine = routine_for(plan, day, today=today, entries=entries) if plan else None
    if routine is not None and routine.status == "suspended":
        # Rule RS1: advice, wrapped as `today` shows it, not an "Error:" line.
        notice = Notice(routine.notes[0], tuple(routine.notes[1:]))
        raise RedFlagStop(routine.notes[0], details=routine.notes[1:], notice=notice)
    if routine is not None and routine.status == "paused" and not report.extra:
        raise InputError(
            f"{routine.notes[0]} Resume it first with `facetcoach plan resume`, or record "
            "what you did with --extra ID."
        )
    session = session_on(plan.program, day) if plan else None
    moved_from = None
    if (
        session is None
        and plan is not None  # always, when routine is (said for the type checker)
        and routine is not None
        and routine.moved_from
        and not report.extra
    ):
        session, moved_from = session_on(plan.program, routine.moved_from), routine.moved_from
    week = week_for(plan.program, moved_from or day) if plan else None
    check_day(plan, session, day, report)

    adjustments: list[Adjustment] = []
    if session is not None and plan is not None and flare:
        session = replace(session, items=flare_items(plan, session.items))  # rule FL1
    elif session is not None and plan is not None and not skipped:
        session, adjustments = _adjusted(plan, entries, session, day)
        renamed(report, {a.exercise_id: a.given_id for a in adjustments})
    exercises = _Exercises(ctx, plan)
    if not skipped:
        check_ids(session, day, report, exercises.require)  # before asking anything
    if not skipped and stdin_is_interactive():
        _said_if_recorded(entries, moved_from or day)
        if report.pain_before is None:
            report.pain_before = ask_rating("Pain before the session")
        if report.pain_after is None:
            report.pain_after = ask_rating("Pain after the session")
    recorded = build_entry(
        plan, session, day, clock.now(), report, exercises.require, moved_from=moved_from
    )
    entry = recorded.entry
    if given_id is not None:
        entry = replace(entry, id=given_id)
    planned_day = moved_from or day
    skips = recorded_for(entries, planned_day, "skipped") if entry.kind == "session" else []
    if entry.kind == "skipped" and recorded_for(entries, planned_day, "session"):
        raise skip_over_session(recorded_for(entries, planned_day, "session"), planned_day)
    if skips and not replace_skip and not _confirm_replace(skips[-1], planned_day):
        raise InputError(
            f"The session of {day_text(planned_day)} is recorded as skipped ({skips[-1].reason})"
            "; to record it as done instead, add --replace. Nothing was saved."
        )
    if skips:
        replace_entries([e.id for e in skips], entry)
        same_day = 0
        recorded.planned_note = (recorded.planned_note or "") + (
            f" It replaces the skip recorded for {day_text(planned_day)}."
        )
    else:
        held = append_entries([entry], once=True, new_ids=given_id is None)
        if held.get(entry.id) is not None:  # run again with the same --id
            already_recorded(entry.id, as_json)
            return
        same_day = same_day_count(held.on(entry.date), entry)
    if as_json:
        print_entry(entry)
        return
    from facetcoach.render.log import recorded_lines

    lines = recorded_lines(
        entry,
        week=week.number if week else None,
        same_day=same_day,
        planned_note=recorded.planned_note,
        today=today,
    )
    if plan is not None:
        lines[-1:-1] = after_session_lines(entry, plan.answers, len(adjustments))
    say(lines)


def _confirm_replace(skip: LogEntry, day: dt.date) -> bool:
    """In a terminal: ask whether the session replaces the skip recorded for that day."""
    if not stdin_is_interactive():
        return False
    typer.echo(
        f"The session of {day_text(day)} is recorded as skipped ({skip.reason}). Record it as "
        "done instead? [Y/n] ",
        nl=False,
        err=True,
    )
    return sys.stdin.readline().strip().lower() in ("", "y", "yes")


def _said_if_recorded(entries: Sequence[LogEntry], day: dt.date) -> None:
    """Before the questions: a session already recorded for the day, so that a second one is
    no surprise (found by a new user: "That day now has 2 entries", said only after)."""
    done = recorded_for(entries, day, "session")
    if done:
        from facetcoach.render.today import session_words

        typer.echo(
            f"{day_text(day)} has a session recorded already ({session_words(done[-1])}): "
            "this one is added as a second part. Ctrl-C stops with nothing saved.",
            err=True,
        )


def _adjusted(
    plan: PlanFile, entries: Sequence[LogEntry], session: Session, day: dt.date
) -> tuple[Session, list[Adjustment]]:
    """The session of `day` at the doses the log earns it (what `today` shows): the dose
    recorded as done is the dose given."""
    routine = routine_for(plan, day, entries=entries)
    routine = replace(routine, items=session.items)
    routine, coaching = coached_routine(plan, entries, routine)
    if not coaching.adjustments and routine.items == session.items:
        return session, []
    return replace(session, items=routine.items), coaching.adjustments


def _record_walk(report: SessionReport, day: dt.date, as_json: bool, entry_id: str | None) -> None:
    """A1: minutes walked, on their own entry; a planned session that day is not recorded."""
    assert report.walked is not None
    entry = walk_entry(day, clock.now(), report.walked, note=report.note, entry_id=entry_id)
    if append_entries([entry], once=True, new_ids=entry_id is None).get(entry.id) is not None:
        already_recorded(entry.id, as_json)  # a retry with the same --id adds nothing
        return
    if as_json:
        print_entry(entry)
        return
    lines = [f"Logged a walk of {entry.walked_minutes} minutes on {day_text(day)}."]
    saved = load_plan()
    loaded = load(saved, clock.today()) if saved is not None else None
    plan = loaded.standing.plan if loaded is not None else None
    if loaded is not None and plan is not None:
        # The day's target as `today` gives it: gated by the pain rules (coaching/walking.py).
        minutes, why = gated_walking(plan, in_order(loaded.entries), day)
        if minutes:
            because = f", {why}" if why else ""
            lines.append(f"Your walking target that day: {minutes} minutes{because}.")
    if plan is not None and session_on(plan.program, day) is not None:
        lines.append(
            "Your session that day is not recorded by this: record it with `facetcoach log` "
            "(add --walked there next time to record both at once)."
        )
    lines.append(f"Entry id {entry.id[:SHORT_ID]}.")
    say(lines)


def _record_symptom(
    symptom: Symptom, day: dt.date, note: str | None, as_json: bool, entry_id: str | None
) -> None:
    """PM5: a new neurological symptom, saved; the red-flag advice, shown."""
    entry = symptom_entry(day, clock.now(), symptom, note=note, entry_id=entry_id)
    if append_entries([entry], once=True, new_ids=entry_id is None).get(entry.id) is not None:
        already_recorded(entry.id, as_json)
        return
    if as_json:
        print_entry(entry)
        return
    from facetcoach.render.plain_text import PlainWriter

    words = SYMPTOM_WORDS[symptom]
    notice = symptom_notice(words, day)
    out = PlainWriter()
    out.notice(notice.heading, notice.lines, "bold", "red")  # it names the symptom and day
    out.line(f"Recorded in your log for {day_text(day)} (entry id {entry.id[:SHORT_ID]}).")
    out.flush()


# --- facetcoach log checked ---------------------------------------------------------------


def checked(
    note: Annotated[
        str,
        typer.Option(
            metavar="TEXT", help="What the clinician said, in your words (and who they were)."
        ),
    ],
    date: Annotated[
        str, typer.Option(metavar="DAY", help="The day you were checked (default: today).")
    ] = "today",
    answers_file: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE.toml",
            help="The safety questions' answers from a file ([red_flags]) instead of asking.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Record that a clinician has checked you after a new symptom: the safety questions come
    again, and then your exercises can progress once more (rule PM5).

    \b
    Examples:
      facetcoach log checked --note "GP, 14 Dec: no nerve problem, carry on"
      facetcoach log checked --note "physio says fine" --answers screen.toml
    """
    from facetcoach.cli.plan.changes import ask_or_read_screen, record_screen

    today = clock.today()
    day = past_day("--date", date, today)
    require_plan()
    entry = checked_entry(day, clock.now(), note)  # the note is checked before any question
    red_flags = ask_or_read_screen(answers_file, as_json, "log checked")
    append_entry(entry, new_id=True)
    record_screen(day, "checked", red_flags)  # a yes: the action, exit 3 (RS1)
    if as_json:
        print_entry(entry)
        return
    say(
        [
            f"Recorded: a clinician's check on {day_text(day)} ({entry.note}).",
            "The safety questions are answered with no sign that needs a clinician first: your "
            "exercises can progress again from your next sessions that go well.",
            f"Entry id {entry.id[:SHORT_ID]}.",
        ]
    )


# --- facetcoach log morning ---------------------------------------------------------------


def morning(
    pain: Annotated[str, typer.Argument(metavar="N", help="Pain this morning, 0-10.")],
    date: Annotated[
        str | None,
        typer.Option(
            metavar="DAY", help="The session's day (default: the latest session before today)."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Record the next-morning pain for your latest session (the 24-hour check).

    Pain should settle by the next morning; if it is worse than before the session, the next
    one should be easier.

    \b
    Examples:
      facetcoach log morning 3
      facetcoach log morning 2 --date 2026-12-07
    """
    from facetcoach.render.log import pain_text

    value = parse_rating("Morning pain N", pain)
    today = clock.today()
    on = past_day("--date", date, today) if date else None
    now = clock.now()

    def pick(entries: list[LogEntry]) -> LogEntry:
        found = latest_session(entries, until=on or today - dt.timedelta(days=1), on=on)
        if found is None:
            where = f"on {day_text(on)}" if on else "before today"
            raise InputError(
                f"There is no session {where} in the log; record one with `facetcoach log`."
            )
        return found

    if stdin_is_interactive():
        earlier = pick(load_entries(since=(on or today) - dt.timedelta(days=60)))
        if earlier.pain_morning is not None and earlier.pain_morning != value:
            typer.echo(
                f"Next-morning pain {earlier.pain_morning} is already recorded for the session of "
                f"{day_text(earlier.date)}. Replace it with {value}? [Y/n] ",
                nl=False,
                err=True,
            )
            if sys.stdin.readline().strip().lower() not in ("", "y", "yes"):
                typer.echo("Nothing was changed.", err=True)
                return
    if not paths.log_file().exists() and not paths.journal_beside(paths.log_file()).exists():
        pick([])  # no log: said before any lock, so no folder is made for nothing
    old, new = update_entry(pick, lambda entry: with_morning_pain(entry, value, now))
    if as_json:
        print_entry(new)
        return
    was = f" (it was {old.pain_morning})" if old.pain_morning is not None else ""
    rated = pain_text(new.pain_before, new.pain_after)
    session_pain = f"; session pain {rated}" if rated else ""
    lines = [
        f"Next-morning pain {value} recorded for the session of {day_text(new.date)}"
        f"{was}{session_pain}."
    ]
    plan = load_plan()
    if plan is not None:
        lines += after_session_lines(new, plan.answers)
    say(lines)
