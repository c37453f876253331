"""`facetcoach log`: record sessions; list, fix, export and import the session log."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    import datetime as dt

    from facetcoach.models import Exercise, LogEntry, PlanFile

app = typer.Typer(no_args_is_help=False, invoke_without_command=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
YesOption = Annotated[
    bool, typer.Option("--yes", "-y", help="Do it without asking (needed when not in a terminal).")
]


def _rating_option(what: str) -> Any:
    return typer.Option(metavar="0-10", help=what, show_default=False)


# --- Small helpers ------------------------------------------------------------------------


def _parse_rating(option: str, text: str | None, *, clear: bool = False) -> Any:
    """A 0-10 rating typed by the user; None when not given ('none' clears, for `edit`)."""
    from facetcoach.errors import InputError
    from facetcoach.log_entries import UNSET

    if text is None:
        return UNSET if clear else None
    word = text.strip().lower()
    if clear and word in ("none", ""):
        return None
    if word.isdigit() and 0 <= int(word) <= 10:
        return int(word)
    allowed = "a whole number from 0 to 10" + (", or none to clear it" if clear else "")
    raise InputError(f"{option} must be {allowed} (got {text!r}).")


def _past_day(option: str, text: str, today: dt.date) -> dt.date:
    from facetcoach.cli.dates import parse_day
    from facetcoach.errors import InputError

    day = parse_day(option, text, today)
    if day > today:
        raise InputError(
            f"{option} {day.isoformat()} is in the future; only what is done can be recorded."
        )
    return day


def _ask_rating(label: str) -> int | None:
    """Ask for a 0-10 rating in a terminal; Enter (or end of input) leaves it empty."""
    while True:
        typer.echo(f"{label} (0-10, Enter to leave empty): ", nl=False, err=True)
        line = sys.stdin.readline()
        if not line:
            typer.echo("", err=True)
            return None
        word = line.strip()
        if not word:
            return None
        if word.isdigit() and 0 <= int(word) <= 10:
            return int(word)
        typer.echo("Type a whole number from 0 to 10, or press Enter.", err=True)


def _confirm(question: str, yes: bool, command: str) -> bool:
    from facetcoach.cli.output import stdin_is_interactive
    from facetcoach.errors import InputError

    if yes:
        return True
    if not stdin_is_interactive():
        raise InputError(
            f"`facetcoach log {command}` asks before removing anything; add --yes to do it "
            "without asking."
        )
    typer.echo(f"{question} [y/N] ", nl=False, err=True)
    answer = sys.stdin.readline().strip().lower()
    if answer in ("y", "yes"):
        return True
    typer.echo("Nothing was removed.", err=True)
    return False


def _say(lines: list[str]) -> None:
    # Plain sentences: no Rich, so nothing is wrapped mid-sentence in a pipe or a file.
    for line in lines:
        typer.echo(line)


def _print_entry(entry: LogEntry) -> None:
    from facetcoach.cli.output import print_json
    from facetcoach.codec import to_data

    print_json(to_data(entry))


class _Exercises:
    """Exercise ids the user may name: the plan's copies first, then the library."""

    def __init__(self, ctx: typer.Context, plan: PlanFile | None) -> None:
        self.ctx = ctx
        self.known = {exercise.id: exercise for exercise in plan.exercises} if plan else {}
        self._library: Any = None

    def library(self) -> Any:
        if self._library is None:
            from facetcoach.library import load_library
            from facetcoach.paths import user_library_file

            state = self.ctx.find_root().obj
            self._library = load_library(user_library_file(state.library if state else None))
        return self._library

    def get(self, exercise_id: str) -> Exercise | None:
        return self.known.get(exercise_id) or self.library().get(exercise_id)

    def require(self, option: str, exercise_id: str) -> Exercise:
        from facetcoach.errors import InputError
        from facetcoach.library import closest_ids

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
    from facetcoach.render.log import day_text
    from facetcoach.schedule import program_end

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
    from facetcoach.log_store import modify_log

    before: list[int] = []

    def add(current: list[LogEntry]) -> list[LogEntry]:
        before.append(
            sum(1 for e in current if e.date == entry.date and e.kind in ("session", "skipped"))
        )
        return [*current, entry]

    modify_log(add)
    return before[0]


# --- facetcoach log -----------------------------------------------------------------------


@app.callback()
def record(
    ctx: typer.Context,
    date: Annotated[
        str, typer.Option(help="The day: YYYY-MM-DD, today or yesterday.", show_default=True)
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
    pain_before: Annotated[str | None, _rating_option("Pain before the session, 0-10.")] = None,
    pain_after: Annotated[str | None, _rating_option("Pain after the session, 0-10.")] = None,
    effort: Annotated[str | None, _rating_option("How hard it felt, 0-10.")] = None,
    note: Annotated[str | None, typer.Option(help="A note, in your own words.")] = None,
    skipped: Annotated[
        bool, typer.Option("--skipped", help="The planned session was not done (needs --reason).")
    ] = False,
    reason: Annotated[
        str | None, typer.Option(help="Why it was skipped: flare, sick, travel or other.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Record a session: by default, today's planned session, all of it, done.

    Pain you leave out is asked for in a terminal (Enter leaves it empty).

    \b
    Examples:
      facetcoach log --pain-before 4 --pain-after 3 --effort 5
      facetcoach log --date yesterday --skip bird-dog --note "short on time"
      facetcoach log --only cat-camel --only pelvic-tilt-lying
      facetcoach log --date 2026-12-08 --extra cat-camel
      facetcoach log --skipped --reason flare
      facetcoach log morning 3
      facetcoach log list --since 2026-12-01
    """
    if ctx.invoked_subcommand is not None:
        return
    from facetcoach import clock
    from facetcoach.cli.choices import one_of
    from facetcoach.cli.output import stdin_is_interactive
    from facetcoach.errors import DataError, InputError
    from facetcoach.log_entries import done_item, session_entry, skipped_entry
    from facetcoach.models import SKIP_REASONS
    from facetcoach.plan_store import load_plan
    from facetcoach.schedule import session_on, week_for

    today = clock.today()
    day = _past_day("--date", date, today)
    before = _parse_rating("--pain-before", pain_before)
    after = _parse_rating("--pain-after", pain_after)
    effort_value = _parse_rating("--effort", effort)
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
                before = _ask_rating("Pain before the session")
            if after is None:
                after = _ask_rating("Pain after the session")
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
        _print_entry(entry)
        return
    from facetcoach.render.log import recorded_lines

    _say(
        recorded_lines(
            entry,
            week=week.number if week else None,
            same_day=same_day,
            planned_note=planned_note,
        )
    )


# --- facetcoach log morning ---------------------------------------------------------------


@app.command("morning")
def morning(
    pain: Annotated[str, typer.Argument(metavar="N", help="Pain this morning, 0-10.")],
    date: Annotated[
        str | None,
        typer.Option(help="The session's day (default: the latest session before today)."),
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
    from facetcoach import clock
    from facetcoach.errors import InputError
    from facetcoach.log_entries import latest_session, with_morning_pain
    from facetcoach.log_store import update_entry
    from facetcoach.render.log import day_text, pain_text

    value = _parse_rating("Morning pain N", pain)
    today = clock.today()
    on = _past_day("--date", date, today) if date else None
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
        _print_entry(new)
        return
    was = f" (it was {old.pain_morning})" if old.pain_morning is not None else ""
    rated = pain_text(new.pain_before, new.pain_after)
    session_pain = f"; session pain {rated}" if rated else ""
    _say(
        [
            f"Next-morning pain {value} recorded for the session of {day_text(new.date)}"
            f"{was}{session_pain}."
        ]
    )


# --- facetcoach log list ------------------------------------------------------------------

TABLE_ROWS = 30


@app.command("list")
def list_entries(
    since: Annotated[
        str | None, typer.Option(help="Only entries on or after this day (YYYY-MM-DD).")
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help=f"Every entry, not just the latest {TABLE_ROWS}.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """List the log, oldest first: sessions, skips, check-ins, with short ids.

    The table shows the latest 30 entries unless you give --since or --all; --json prints
    every entry (from --since on).

    \b
    Examples:
      facetcoach log list
      facetcoach log list --since 2026-12-01
      facetcoach log list --json
    """
    from facetcoach import clock
    from facetcoach.log_entries import in_display_order
    from facetcoach.log_store import load_entries

    first = _past_day("--since", since, clock.today()) if since else None
    entries = in_display_order(load_entries(since=first))
    if as_json:
        from facetcoach.cli.output import print_json
        from facetcoach.codec import to_data

        print_json([to_data(entry) for entry in entries])
        return
    from facetcoach.cli.output import console
    from facetcoach.render.log import entries_table

    out = console()
    if not entries:
        out.print(
            "No entries"
            + (" since then." if first else " yet: record a session with `facetcoach log`.")
        )
        return
    shown = entries if first or show_all else entries[-TABLE_ROWS:]
    out.print(entries_table(shown, out.width))
    if len(shown) < len(entries):
        out.print(
            f"The latest {len(shown)} of {len(entries)} entries; see more with --since DATE "
            "or --all.",
            style="dim",
        )


# --- facetcoach log undo / delete / edit --------------------------------------------------


@app.command("undo")
def undo(yes: YesOption = False, as_json: JsonOption = False) -> None:
    """Remove the newest entry (the one recorded last), after asking.

    \b
    Examples:
      facetcoach log undo
      facetcoach log undo --yes
    """
    from facetcoach.errors import InputError
    from facetcoach.log_entries import newest_entry
    from facetcoach.log_store import delete_entry, load_entries
    from facetcoach.render.log import entry_summary

    newest = newest_entry(load_entries())
    if newest is None:
        raise InputError("The log is empty: there is nothing to undo.")
    if not _confirm(f"Remove the newest entry, {entry_summary(newest)}?", yes, "undo"):
        return
    _finish_delete(delete_entry(newest.id), as_json)


@app.command("delete")
def delete(
    entry_id: Annotated[
        str, typer.Argument(metavar="ENTRY_ID", help="The entry's id, or its first characters.")
    ],
    yes: YesOption = False,
    as_json: JsonOption = False,
) -> None:
    """Remove one entry, named by its id (or the first 4+ characters of it), after asking.

    \b
    Examples:
      facetcoach log delete 3f2a9c1e
      facetcoach log delete 3f2a9c1e --yes
    """
    from facetcoach.log_entries import find_entry
    from facetcoach.log_store import delete_entry, load_entries
    from facetcoach.render.log import entry_summary

    entry = find_entry(load_entries(), entry_id)
    if not _confirm(f"Remove {entry_summary(entry)}?", yes, "delete"):
        return
    _finish_delete(delete_entry(entry.id), as_json)


def _finish_delete(gone: LogEntry, as_json: bool) -> None:
    if as_json:
        _print_entry(gone)
        return
    from facetcoach.render.log import entry_summary

    _say([f"Removed {entry_summary(gone)}."])


@app.command("edit")
def edit(
    entry_id: Annotated[
        str, typer.Argument(metavar="ENTRY_ID", help="The entry's id, or its first characters.")
    ],
    pain_before: Annotated[str | None, _rating_option("Pain before, 0-10 (none clears).")] = None,
    pain_after: Annotated[str | None, _rating_option("Pain after, 0-10 (none clears).")] = None,
    pain_morning: Annotated[
        str | None, _rating_option("Next-morning pain, 0-10 (none clears).")
    ] = None,
    effort: Annotated[str | None, _rating_option("Effort, 0-10 (none clears).")] = None,
    note: Annotated[str | None, typer.Option(help='A new note ("" clears it).')] = None,
    reason: Annotated[
        str | None, typer.Option(help="For a skipped session: flare, sick, travel or other.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Change the pain, effort, note or skip reason of an entry.

    \b
    Examples:
      facetcoach log edit 3f2a9c1e --pain-after 2
      facetcoach log edit 3f2a --note "knee sore, not the back" --effort none
    """
    from facetcoach import clock
    from facetcoach.cli.choices import one_of
    from facetcoach.log_entries import UNSET, edited_entry
    from facetcoach.log_store import update_entry
    from facetcoach.models import SKIP_REASONS
    from facetcoach.render.log import entry_summary

    changes = {
        "pain_before": _parse_rating("--pain-before", pain_before, clear=True),
        "pain_after": _parse_rating("--pain-after", pain_after, clear=True),
        "pain_morning": _parse_rating("--pain-morning", pain_morning, clear=True),
        "effort": _parse_rating("--effort", effort, clear=True),
        "note": UNSET if note is None else note,
        "reason": UNSET if reason is None else one_of("--reason", reason, SKIP_REASONS),
    }
    now = clock.now()
    old, new = update_entry(entry_id, lambda entry: edited_entry(entry, now, **changes))
    if as_json:
        _print_entry(new)
        return
    changed = [
        f"{name.replace('_', ' ')} {_shown(getattr(old, name))} → {_shown(getattr(new, name))}"
        for name, value in changes.items()
        if value is not UNSET
    ]
    _say([f"Changed {entry_summary(new)}: " + "; ".join(changed) + "."])


def _shown(value: object) -> str:
    return "empty" if value is None else repr(value) if isinstance(value, str) else str(value)


# --- facetcoach log export / import -------------------------------------------------------

CSV_COLUMNS = [
    "id",
    "date",
    "kind",
    "created_at",
    "updated_at",
    "planned",
    "done",
    "skipped",
    "extra",
    "pain_before",
    "pain_after",
    "pain_morning",
    "effort",
    "reason",
    "flare",
    "symptom",
    "checkin_nprs",
    "checkin_odi",
    "checkin_psfs",
    "note",
]


def csv_text(entries: list[LogEntry]) -> str:
    """One row per entry; exercise ids separated by spaces; empty cells for no value."""
    import csv
    import io
    import json

    def cell(value: object) -> object:
        return "" if value is None else value

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        checkin = e.checkin
        writer.writerow(
            [
                e.id,
                e.date.isoformat(),
                e.kind,
                e.created_at.isoformat(),
                e.updated_at.isoformat() if e.updated_at else "",
                " ".join(e.planned),
                " ".join(item.exercise_id for item in e.done),
                " ".join(e.skipped),
                " ".join(e.extra),
                cell(e.pain_before),
                cell(e.pain_after),
                cell(e.pain_morning),
                cell(e.effort),
                cell(e.reason),
                "yes" if e.flare else "",
                cell(e.symptom),
                cell(checkin.nprs if checkin else None),
                " ".join(str(score) for score in checkin.odi) if checkin else "",
                json.dumps(checkin.psfs, ensure_ascii=False) if checkin and checkin.psfs else "",
                cell(e.note),
            ]
        )
    return buffer.getvalue()


@app.command("export")
def export(
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV, for a spreadsheet.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON, every detail (the default; import takes it).")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to FILE.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Export the whole log as JSON (the default) or CSV, to the screen or a file.

    \b
    Examples:
      facetcoach log export --csv -o back-log.csv
      facetcoach log export --json > log-laptop.json
    """
    from facetcoach.errors import InputError
    from facetcoach.log_entries import in_display_order
    from facetcoach.log_store import load_entries

    if as_csv and as_json:
        raise InputError("Choose one format: --csv or --json.")
    if output is not None and not force and (output.exists() or output.is_symlink()):
        raise InputError(f"{output} already exists; add --force to replace it.")
    if output is not None and not output.parent.is_dir():
        raise InputError(f"The folder {output.parent} does not exist.")
    entries = in_display_order(load_entries())
    if as_csv:
        text = csv_text(entries)
    else:
        import json

        from facetcoach.codec import to_data
        from facetcoach.models import SCHEMA_VERSION

        data = {"schema_version": SCHEMA_VERSION, "entries": [to_data(e) for e in entries]}
        text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    from facetcoach.storage import write_atomic

    write_atomic(output, text.encode("utf-8"))
    noun = "entry" if len(entries) == 1 else "entries"
    typer.echo(f"Exported {len(entries)} {noun} to {output}.", err=True)


@app.command("import")
def import_log(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A JSON export, or another machine's log.json.")
    ],
    as_json: JsonOption = False,
) -> None:
    """Merge another log into this one, by entry id: nothing is added twice.

    An entry in both logs with different content keeps the copy changed last.

    \b
    Examples:
      facetcoach log import log-laptop.json
    """
    from facetcoach.log_store import import_entries, read_import_file

    report = import_entries(read_import_file(file))
    if as_json:
        from dataclasses import asdict

        from facetcoach.cli.output import print_json

        print_json(asdict(report))
        return
    parts = [f"{report.added} added"]
    if report.updated:
        parts.append(f"{report.updated} replaced by a newer copy")
    if report.unchanged:
        parts.append(f"{report.unchanged} already here")
    if report.kept:
        parts.append(f"{report.kept} kept as here (newer here)")
    _say([f"Imported {file}: " + ", ".join(parts) + "."])
