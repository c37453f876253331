"""`facetcoach log`: record a session, and the subcommands that list, fix and move the log.

`log` itself and `log morning` are here; list/undo/delete/edit in corrections.py, export/import
in transfer.py. Each module imports only typer and the standard library at load time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from facetcoach import clock
from facetcoach.cli.log import corrections, transfer
from facetcoach.cli.log.options import (
    JsonOption,
    ask_rating,
    parse_rating,
    past_day,
    print_entry,
    rating_option,
    say,
)
from facetcoach.cli.output import stdin_is_interactive
from facetcoach.cli.word_choice import one_of
from facetcoach.coaching.advice import after_session_lines, entries_from, symptom_advice
from facetcoach.coaching.progression import adjust_items
from facetcoach.errors import DataError, InputError
from facetcoach.library.loading import closest_ids, load_library
from facetcoach.log.entries import (
    SHORT_ID,
    done_item,
    latest_session,
    session_entry,
    skipped_entry,
    symptom_entry,
    with_morning_pain,
)
from facetcoach.log.store import append_entries, append_entry, load_entries, update_entry
from facetcoach.models import SKIP_REASONS, SYMPTOMS
from facetcoach.paths import user_library_file
from facetcoach.program.safety import SYMPTOM_WORDS
from facetcoach.program.schedule import program_end, session_on, week_for
from facetcoach.program.store import load_plan

if TYPE_CHECKING:
    import datetime as dt

    from facetcoach.models import Exercise, LogEntry, PlanFile, Session


app = typer.Typer(
    no_args_is_help=False, invoke_without_command=True, add_completion=False, rich_markup_mode=None
)


class _Exercises:
    """Exercise ids the user may name: the plan's copies first, then the library."""

    def __init__(self, ctx: typer.Context, plan: PlanFile | None) -> None:
        self.ctx = ctx
        self.known = {exercise.id: exercise for exercise in plan.exercises} if plan else {}
        self._library: Any = None

    def library(self) -> Any:
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


def _no_session_sentence(plan: PlanFile, day: dt.date) -> str:
    from facetcoach.days import day_text

    program = plan.program
    if day < program.start:
        why = f"your program starts on {day_text(program.start)}"
    elif day > program_end(program):
        why = f"your program ended on {day_text(program_end(program))}"
    else:
        why = "a rest day"
    return f"No session was planned on {day_text(day)} ({why})."


def _save_new(entry: LogEntry) -> int:
    """Append `entry`; returns how many session or skip entries that day had before it."""
    # What the log held under the lock, as ids, kinds and dates: on a log facetcoach wrote,
    # the append keeps the stored entries as bytes and never decodes them (fast on years).
    held = append_entries([entry])
    return sum(1 for e in held if e.date == entry.date and e.kind in ("session", "skipped"))


# --- facetcoach log -----------------------------------------------------------------------


@app.callback()
def record(
    ctx: typer.Context,
    date: Annotated[
        str,
        typer.Option(
            metavar="DAY", help="The day: YYYY-MM-DD, today or yesterday.", show_default=True
        ),
    ] = "today",
    skip: Annotated[
        list[str] | None,
        typer.Option(metavar="ID", help="A planned exercise you did not do (repeatable)."),
    ] = None,
    only: Annotated[
        list[str] | None,
        typer.Option(metavar="ID", help="Only these planned exercises were done (repeatable)."),
    ] = None,
    extra: Annotated[
        list[str] | None,
        typer.Option(metavar="ID", help="An exercise you did that was not planned (repeatable)."),
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
        typer.Option(metavar="REASON", help="Why it was skipped: flare, sick, travel or other."),
    ] = None,
    symptom: Annotated[
        str | None,
        typer.Option(
            metavar="SYMPTOM",
            help="Record a new symptom instead of a session: numbness, weakness or leg-pain "
            "(pain spreading below the knee). Progression stops until you are checked.",
        ),
    ] = None,
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
      facetcoach log morning 3
      facetcoach log list --since 2026-12-01
    """
    if ctx.invoked_subcommand is not None:
        return

    today = clock.today()
    day = past_day("--date", date, today)
    if symptom is not None:
        given = [
            name
            for name, value in (
                ("--skip", skip),
                ("--only", only),
                ("--extra", extra),
                ("--pain-before", pain_before),
                ("--pain-after", pain_after),
                ("--effort", effort),
                ("--skipped", skipped or None),
                ("--reason", reason),
            )
            if value not in (None, [])
        ]
        if given:
            raise InputError(
                f"--symptom records a symptom, not a session; {given[0]} does not fit."
            )
        _record_symptom(one_of("--symptom", symptom, SYMPTOMS), day, note, as_json)
        return
    before = parse_rating("--pain-before", pain_before)
    after = parse_rating("--pain-after", pain_after)
    effort_value = parse_rating("--effort", effort)
    skip_ids = [word.strip().lower() for word in skip or []]
    only_ids = [word.strip().lower() for word in only or []]
    extra_ids = [word.strip().lower() for word in extra or []]
    if skip_ids and only_ids:
        raise InputError("Use --skip or --only, not both.")
    if reason is not None and not skipped:
        raise InputError("--reason goes with --skipped (a planned session you did not do).")
    if skipped:
        given = [
            name
            for name, value in (
                ("--skip", skip_ids),
                ("--only", only_ids),
                ("--extra", extra_ids),
                ("--pain-before", before),
                ("--pain-after", after),
                ("--effort", effort_value),
            )
            if value not in (None, [])
        ]
        if given:
            raise InputError(f"--skipped records a session not done; {given[0]} does not fit.")
        if reason is None:
            raise InputError("--skipped needs --reason: flare, sick, travel or other.")
        reason = one_of("--reason", reason, SKIP_REASONS)

    plan = load_plan()
    if plan is None and (skipped or not extra_ids):
        raise DataError(
            "There is no plan yet, so there is no planned session to record. Build one with "
            "`facetcoach plan`, or record what you did with --extra ID (repeatable)."
        )
    session = session_on(plan.program, day) if plan else None
    week = week_for(plan.program, day) if plan else None
    if session is None and plan is not None and skipped:
        raise InputError(f"{_no_session_sentence(plan, day)} There is nothing to skip.")
    if session is None and plan is not None and not extra_ids:
        raise InputError(
            f"{_no_session_sentence(plan, day)} Say what you did with --extra ID (repeatable), "
            "or give the day of a planned session with --date."
        )

    now = clock.now()
    adjustments: list[Any] = []
    if session is not None and plan is not None and not skipped:
        session, adjustments = _adjusted(plan, session, day)
        # A planned exercise given at another level may be named by either id.
        renamed = {a.exercise_id: a.given_id for a in adjustments if a.given_id != a.exercise_id}
        skip_ids = [renamed.get(i, i) for i in skip_ids]
        only_ids = [renamed.get(i, i) for i in only_ids]
    if skipped:
        assert session is not None and reason is not None
        entry = skipped_entry(session, day, now, reason, note=note)
        planned_note = None
    else:
        exercises = _Exercises(ctx, plan)
        planned = [item.exercise_id for item in session.items] if session else []
        for option, ids in (("--skip", skip_ids), ("--only", only_ids)):
            for exercise_id in ids:
                if exercise_id not in planned:
                    exercises.require(option, exercise_id)  # unknown ids get their own sentence
                    raise InputError(
                        f"{option} {exercise_id}: it is not in the session planned for "
                        f"{day.isoformat()}; planned: {', '.join(planned) or 'nothing'}."
                    )
        if only_ids:
            skip_ids = [exercise_id for exercise_id in planned if exercise_id not in only_ids]
        extras = [done_item(exercises.require("--extra", i)) for i in dict.fromkeys(extra_ids)]
        planned_note = None
        if session is None:
            planned_note = (
                f"{_no_session_sentence(plan, day)} Recorded as extra exercises."
                if plan
                else "There is no plan yet: recorded as extra exercises."
            )
        if stdin_is_interactive():
            if before is None:
                before = ask_rating("Pain before the session")
            if after is None:
                after = ask_rating("Pain after the session")
        entry = session_entry(
            session,
            day,
            now,
            skipped=skip_ids,
            extras=extras,
            pain_before=before,
            pain_after=after,
            effort=effort_value,
            note=note,
        )
    same_day = _save_new(entry)
    if as_json:
        print_entry(entry)
        return
    from facetcoach.render.log import recorded_lines

    lines = recorded_lines(
        entry,
        week=week.number if week else None,
        same_day=same_day,
        planned_note=planned_note,
    )
    if plan is not None:
        lines[-1:-1] = after_session_lines(entry, plan.answers, len(adjustments))
    say(lines)


def _adjusted(plan: PlanFile, session: Session, day: dt.date) -> tuple[Session, list[Any]]:
    """The session of `day` at the doses the log earns it (what `today` shows): the dose
    recorded as done is the dose given."""
    from dataclasses import replace

    adjusted = adjust_items(plan, load_entries(since=entries_from(plan)), day, session.items)
    if not adjusted.adjustments:
        return session, []
    return replace(session, items=adjusted.items), adjusted.adjustments


def _record_symptom(symptom: str, day: dt.date, note: str | None, as_json: bool) -> None:
    """PM5: a new neurological symptom, saved; the red-flag advice, shown."""
    from facetcoach.days import day_text

    entry = append_entry(symptom_entry(day, clock.now(), symptom, note=note))
    if as_json:
        print_entry(entry)
        return
    words = SYMPTOM_WORDS[symptom]
    say(
        [
            f"Recorded: {words}, on {day_text(day)}.",
            symptom_advice(words, day),
            f"Entry id {entry.id[:SHORT_ID]}.",
        ]
    )


# --- facetcoach log morning ---------------------------------------------------------------


@app.command("morning")
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
    from facetcoach.days import day_text
    from facetcoach.render.log import pain_text

    value = parse_rating("Morning pain N", pain)
    today = clock.today()
    on = past_day("--date", date, today) if date else None
    now = clock.now()

    def pick(entries: list[LogEntry]) -> LogEntry:
        import datetime as dt

        found = latest_session(entries, until=on or today - dt.timedelta(days=1), on=on)
        if found is None:
            where = f"on {day_text(on)}" if on else "before today"
            raise InputError(
                f"There is no session {where} in the log; record one with `facetcoach log`."
            )
        return found

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


app.command("list")(corrections.list_entries)
app.command("undo")(corrections.undo)
app.command("delete")(corrections.delete)
app.command("edit")(corrections.edit)
app.command("export")(transfer.export)
app.command("import")(transfer.import_log)
