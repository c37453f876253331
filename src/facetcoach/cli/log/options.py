"""What the `log` commands share: 0-10 ratings, days, questions, and plain output."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from facetcoach.cli.dates import parse_day
from facetcoach.cli.output import print_json, stdin_is_interactive
from facetcoach.errors import InputError
from facetcoach.log.entries import UNSET, check_walked
from facetcoach.model_json import to_data
from facetcoach.ratings import out_of_ten
from facetcoach.safe_text import shown

if TYPE_CHECKING:
    import datetime as dt

    from facetcoach.models import LogEntry

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
YesOption = Annotated[
    bool, typer.Option("--yes", "-y", help="Do it without asking (needed when not in a terminal).")
]
IdOption = Annotated[
    str | None,
    typer.Option(
        "--id",
        metavar="UUID",
        help="The new entry's id (for scripts: run again with the same id, nothing is added "
        "twice).",
    ),
]


def rating_option(what: str) -> Any:
    return typer.Option(metavar="0-10", help=what, show_default=False)


def parse_rating(option: str, text: str | None, *, clear: bool = False) -> Any:
    """A 0-10 rating typed by the user; None when not given ('none' clears, for `edit`)."""
    if text is None:
        return UNSET if clear else None
    word = out_of_ten(text).strip().lower()
    if clear and word in ("none", ""):
        return None
    if word.isdecimal() and 0 <= int(word) <= 10:  # not isdigit(): int("²") fails
        return int(word)
    allowed = "a whole number from 0 to 10" + (", or none to clear it" if clear else "")
    raise InputError(f"{option} must be {allowed} (got {text!r}).")


def parse_minutes(text: str | None) -> int | None:
    """--walked as typed: whole minutes, checked by the entry's rule (A1); None when not given."""
    if text is None:
        return None
    word = text.strip()
    if not word.isdecimal():  # "15.5", "ten": the same sentence as a number out of range
        return check_walked(0)
    return check_walked(int(word))


def parse_entry_id(text: str | None) -> str | None:
    """An entry id given with --id: a uuid, kept in the log's form (lowercase, with dashes)."""
    if text is None:
        return None
    import uuid

    try:
        return str(uuid.UUID(text.strip()))
    except ValueError:
        raise InputError(
            f"--id {text!r} is not an entry id: give a uuid (from `uuidgen`, say), the same "
            "one each time the command is run again."
        ) from None


def already_recorded(entry_id: str, as_json: bool) -> LogEntry:
    """What a command run again with the same --id says: the entry is there, nothing added."""
    from facetcoach.log.entries import find_entry
    from facetcoach.log.store import load_entries

    stored = find_entry(load_entries(), entry_id)
    if as_json:
        print_entry(stored)
    else:
        from facetcoach.render.log import entry_summary

        say([f"Already recorded: {entry_summary(stored)}; nothing was added (the same --id)."])
    return stored


def past_day(option: str, text: str, today: dt.date) -> dt.date:

    day = parse_day(option, text, today, "past")
    if day > today:
        raise InputError(
            f"{option} {day.isoformat()} is in the future; only what is done can be recorded."
        )
    return day


def ask_rating(label: str) -> int | None:
    """Ask for a 0-10 rating in a terminal; Enter leaves it empty. The end of the input
    (Ctrl-D) stops with nothing saved, as in `plan` and `checkin` (found by a new user: it
    left the rating empty and saved the session)."""
    while True:
        typer.echo(f"{label} (0-10, Enter to leave empty): ", nl=False, err=True)
        line = sys.stdin.readline()
        if not line:
            typer.echo("", err=True)
            raise InputError(
                f'The input ended at "{label}", so nothing was saved. Press Enter to leave '
                "a rating empty, or give --pain-before and --pain-after."
            )
        word = line.strip()
        if not word:
            return None
        if word.isdecimal() and 0 <= int(word) <= 10:
            return int(word)
        typer.echo("Type a whole number from 0 to 10, or press Enter.", err=True)


def confirm(question: str, yes: bool, command: str) -> bool:

    if yes:
        return True
    if not stdin_is_interactive():
        raise InputError(
            f"`facetcoach log {command}` asks before removing anything; add --yes to do it "
            "without asking."
        )
    # Wrapped at spaces (found by a new user's trial: at 80 columns the terminal broke the
    # line before its "?", which stood alone on the next line).
    import textwrap

    from facetcoach.render.plain_text import output_width

    # (A no-break space keeps "[y/N]" beside the question's end.)
    asked = textwrap.fill(f"{question}\u00a0[y/N]", width=max(20, output_width(sys.stderr) - 1))
    typer.echo(f"{asked} ", nl=False, err=True)
    answer = sys.stdin.readline().strip().lower()
    if answer in ("y", "yes"):
        return True
    typer.echo("Nothing was removed.", err=True)
    return False


def say(lines: list[str]) -> None:
    # Plain sentences, no Rich, and no control character from a stored text (promise 12). A
    # terminal gets them wrapped at its width (not mid-word, as the terminal itself would); a
    # pipe or a file, one line each.
    if _is_terminal(sys.stdout):
        from facetcoach.render.plain_text import PlainWriter

        out = PlainWriter()
        for line in lines:
            out.line(shown(line), hang=2)
        out.flush()
        return
    for line in lines:
        typer.echo(shown(line))


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def print_entry(entry: LogEntry) -> None:

    print_json(to_data(entry))
