"""`facetcoach log list`, `undo`, `delete` and `edit`: look through and correct the log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from facetcoach import clock
from facetcoach.cli import complete
from facetcoach.cli.dates import parse_day
from facetcoach.cli.log.options import (
    JsonOption,
    YesOption,
    confirm,
    parse_rating,
    past_day,
    print_entry,
    rating_option,
    say,
)
from facetcoach.cli.output import console, print_json
from facetcoach.cli.word_choice import skip_reason
from facetcoach.days import day_text
from facetcoach.errors import InputError
from facetcoach.log.entries import (
    UNSET,
    done_item,
    edited_entry,
    find_entry,
    in_display_order,
    last_written,
)
from facetcoach.log.store import delete_entry, load_entries, load_latest, update_entry
from facetcoach.model_json import to_data
from facetcoach.models import DoneItem

if TYPE_CHECKING:
    from facetcoach.models import LogEntry


# --- facetcoach log list ------------------------------------------------------------------

TABLE_ROWS = 30


def list_entries(
    since: Annotated[
        str | None,
        typer.Option(
            metavar="DAY", help="Only entries on or after this day: 2026-12-01, last mon, -7."
        ),
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
    today = clock.today()
    # A day ahead is no mistake here, just an empty list (unlike the options that record).
    first = parse_day("--since", since, today, "past") if since else None
    if as_json or first is not None or show_all:
        entries = in_display_order(load_entries(since=first))
        total = len(entries)
    else:
        # The table shows the latest TABLE_ROWS: only those are decoded (store.load_latest).
        latest, total = load_latest(TABLE_ROWS)
        entries = in_display_order(latest)
    if as_json:
        print_json([to_data(entry) for entry in entries])
        return
    from facetcoach.render.log_table import entries_table

    out = console()
    if not entries:
        if first is None:
            out.print("No entries yet: record a session with `facetcoach log`.")
        else:
            ahead = " (that is after today)" if first > today else ""
            out.print(f"No entries on or after {day_text(first)}{ahead}.")
        return
    shown = entries if first or show_all else entries[-TABLE_ROWS:]
    out.print(entries_table(shown, out.width))
    if len(shown) < total:
        out.print(
            f"The latest {len(shown)} of {total} entries; see more with --since DATE or --all.",
            style="dim",
        )


# --- facetcoach log undo / delete / edit --------------------------------------------------


def undo(yes: YesOption = False, as_json: JsonOption = False) -> None:
    """Remove the last entry written (by write order, whatever its day), after asking.

    \b
    Examples:
      facetcoach log undo
      facetcoach log undo --yes
    """
    from facetcoach.render.log import entry_summary

    last = last_written(load_entries())
    if last is None:
        raise InputError("The log is empty: there is nothing to undo.")
    if not confirm(f"Remove the last entry written, {entry_summary(last)}?", yes, "undo"):
        return
    _finish_delete(delete_entry(last.id, now=clock.now()), as_json)


def delete(
    entry_id: Annotated[
        str,
        typer.Argument(
            metavar="ENTRY_ID",
            help="The entry's id, or its first characters.",
            autocompletion=complete.entry_ids,
        ),
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
    from facetcoach.render.log import entry_summary

    entry = find_entry(load_entries(), entry_id)
    if not confirm(f"Remove {entry_summary(entry)}?", yes, "delete"):
        return
    _finish_delete(delete_entry(entry.id, now=clock.now()), as_json)


def _finish_delete(gone: LogEntry, as_json: bool) -> None:
    if as_json:
        print_entry(gone)
        return
    from facetcoach.render.log import entry_summary

    say([f"Removed {entry_summary(gone)}."])


def edit(
    entry_id: Annotated[
        str,
        typer.Argument(
            metavar="ENTRY_ID",
            help="The entry's id, or its first characters.",
            autocompletion=complete.entry_ids,
        ),
    ],
    pain_before: Annotated[str | None, rating_option("Pain before, 0-10 (none clears).")] = None,
    pain_after: Annotated[str | None, rating_option("Pain after, 0-10 (none clears).")] = None,
    pain_morning: Annotated[
        str | None, rating_option("Next-morning pain, 0-10 (none clears).")
    ] = None,
    effort: Annotated[str | None, rating_option("Effort, 0-10 (none clears).")] = None,
    note: Annotated[
        str | None, typer.Option(metavar="TEXT", help='A new note ("" clears it).')
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(
            metavar="REASON",
            help="For a skipped session: flare, sick, travel or other.",
            autocompletion=complete.reasons,
        ),
    ] = None,
    date: Annotated[
        str | None, typer.Option(metavar="DAY", help="Move the entry to another (past) day.")
    ] = None,
    done: Annotated[
        list[str] | None,
        typer.Option(metavar="ID", help="A planned exercise left out that was done (repeatable)."),
    ] = None,
    skip: Annotated[
        list[str] | None,
        typer.Option(metavar="ID", help="A planned exercise recorded as done that was not."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Change the pain, effort, note, skip reason, day or exercises done of an entry.

    \b
    Examples:
      facetcoach log edit 3f2a9c1e --pain-after 2
      facetcoach log edit 3f2a --note "knee sore, not the back" --effort none
      facetcoach log edit 3f2a --date yesterday
      facetcoach log edit 3f2a --done bird-dog --skip prone-lying
    """
    from facetcoach.render.log import entry_summary

    changes = {
        "pain_before": parse_rating("--pain-before", pain_before, clear=True),
        "pain_after": parse_rating("--pain-after", pain_after, clear=True),
        "pain_morning": parse_rating("--pain-morning", pain_morning, clear=True),
        "effort": parse_rating("--effort", effort, clear=True),
        "note": UNSET if note is None else note,
        "reason": UNSET if reason is None else skip_reason("--reason", reason),
        "date": UNSET if date is None else past_day("--date", date, clock.today()),
        "done": UNSET if not done else [word.strip().lower() for word in done],
        "skipped": UNSET if not skip else [word.strip().lower() for word in skip],
    }
    if changes["done"] is not UNSET:
        changes["done"] = _doses(entry_id, changes["done"])
    now = clock.now()
    old, new = update_entry(entry_id, lambda entry: edited_entry(entry, now, **changes))
    if as_json:
        print_entry(new)
        return
    changed = [
        f"{name.replace('_', ' ')} {_shown(getattr(old, name))} → {_shown(getattr(new, name))}"
        for name, value in changes.items()
        if value is not UNSET
    ]
    say([f"Changed {entry_summary(new)}: " + "; ".join(changed) + "."])


def _doses(entry_id: str, ids: list[str]) -> list[DoneItem]:
    """The dose each exercise was given that day: the plan's for the entry's session, or the
    plan's copy of the exercise (its library dose)."""
    from facetcoach.cli.standing import load
    from facetcoach.program.schedule import session_on
    from facetcoach.program.store import require_plan

    entry = find_entry(load_entries(), entry_id)
    plan = require_plan()
    stood = load(plan, clock.today()).standing.plan
    session = session_on(stood.program, entry.moved_from or entry.date)
    given = {item.exercise_id: item for item in session.items} if session else {}
    copies = {e.id: e for e in plan.exercises}
    found = []
    for exercise_id in ids:
        source = given.get(exercise_id) or copies.get(exercise_id)
        if source is None:
            raise InputError(f"--done {exercise_id}: it is not an exercise of your plan.")
        found.append(done_item(source))
    return found


def _shown(value: object) -> str:
    return "empty" if value is None else repr(value) if isinstance(value, str) else str(value)
