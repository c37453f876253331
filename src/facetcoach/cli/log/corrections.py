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
    print_entry,
    rating_option,
    say,
)
from facetcoach.cli.output import console, print_json
from facetcoach.cli.word_choice import one_of
from facetcoach.days import day_text
from facetcoach.errors import InputError
from facetcoach.log.entries import UNSET, edited_entry, find_entry, in_display_order, newest_entry
from facetcoach.log.store import delete_entry, load_entries, update_entry
from facetcoach.model_json import to_data
from facetcoach.models import SKIP_REASONS

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
    entries = in_display_order(load_entries(since=first))
    if as_json:
        print_json([to_data(entry) for entry in entries])
        return
    from facetcoach.render.log import entries_table

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
    if len(shown) < len(entries):
        out.print(
            f"The latest {len(shown)} of {len(entries)} entries; see more with --since DATE "
            "or --all.",
            style="dim",
        )


# --- facetcoach log undo / delete / edit --------------------------------------------------


def undo(yes: YesOption = False, as_json: JsonOption = False) -> None:
    """Remove the newest entry (the one recorded last), after asking.

    \b
    Examples:
      facetcoach log undo
      facetcoach log undo --yes
    """
    from facetcoach.render.log import entry_summary

    newest = newest_entry(load_entries())
    if newest is None:
        raise InputError("The log is empty: there is nothing to undo.")
    if not confirm(f"Remove the newest entry, {entry_summary(newest)}?", yes, "undo"):
        return
    _finish_delete(delete_entry(newest.id), as_json)


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
    _finish_delete(delete_entry(entry.id), as_json)


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
    as_json: JsonOption = False,
) -> None:
    """Change the pain, effort, note or skip reason of an entry.

    \b
    Examples:
      facetcoach log edit 3f2a9c1e --pain-after 2
      facetcoach log edit 3f2a --note "knee sore, not the back" --effort none
    """
    from facetcoach.render.log import entry_summary

    changes = {
        "pain_before": parse_rating("--pain-before", pain_before, clear=True),
        "pain_after": parse_rating("--pain-after", pain_after, clear=True),
        "pain_morning": parse_rating("--pain-morning", pain_morning, clear=True),
        "effort": parse_rating("--effort", effort, clear=True),
        "note": UNSET if note is None else note,
        "reason": UNSET if reason is None else one_of("--reason", reason, SKIP_REASONS),
    }
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


def _shown(value: object) -> str:
    return "empty" if value is None else repr(value) if isinstance(value, str) else str(value)
