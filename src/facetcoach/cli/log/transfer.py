"""`facetcoach log export` and `log import`: the log to a file, and another log merged in."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from facetcoach.cli.log.options import JsonOption, say
from facetcoach.cli.output import print_json
from facetcoach.cli.output_file import check_target, to_screen, write_file
from facetcoach.cli.word_choice import one_of
from facetcoach.errors import InputError
from facetcoach.log.entries import in_display_order
from facetcoach.log.export import csv_text
from facetcoach.log.store import import_entries, load_entries, log_to_import
from facetcoach.model_json import to_data
from facetcoach.models import SCHEMA_VERSION

# --- facetcoach log export / import -------------------------------------------------------

EXPORT_FORMATS = ("csv", "json")


def export(
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV, for a spreadsheet.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON, every detail (the default; import takes it).")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (- for the screen)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="csv|json",
            help="The same as --csv or --json. With -o and neither, taken from the file's "
            "ending (.csv, else json).",
        ),
    ] = None,
) -> None:
    """Export the whole log as JSON (the default) or CSV, to the screen or a file.

    \b
    Examples:
      facetcoach log export -o back-log.csv
      facetcoach log export --json > log-laptop.json
    """
    chosen = {"csv"} if as_csv else set()
    chosen |= {"json"} if as_json else set()
    if fmt is not None:
        chosen.add(one_of("--format", fmt, EXPORT_FORMATS))
    if len(chosen) > 1:
        raise InputError("Choose one format: --csv or --json.")
    if to_screen(output):
        output = None
    if not chosen:
        # As `report` does: back-log.csv gets CSV, not JSON (found by a new user's trial).
        csv_file = output is not None and output.suffix.lower() == ".csv"
        chosen = {"csv" if csv_file else "json"}
    target = check_target(output, force) if output is not None else None
    if chosen == {"csv"}:
        entries = in_display_order(load_entries())
        text = csv_text(entries)
    else:
        import json

        from facetcoach.log.store import load_whole_log

        whole = load_whole_log()
        entries = in_display_order(whole.entries)
        data = {
            "schema_version": SCHEMA_VERSION,
            "entries": [to_data(e) for e in entries],
            # The deletions too (DS13): importing this file never brings them back.
            "tombstones": [to_data(t) for t in whole.tombstones],
        }
        text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    if target is None:
        sys.stdout.write(text)
        return

    write_file(target, text.encode("utf-8"))
    noun = "entry" if len(entries) == 1 else "entries"
    typer.echo(f"Exported {len(entries)} {noun} to {target}.", err=True)


def import_log(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A JSON export, or another machine's log.json.")
    ],
    as_json: JsonOption = False,
) -> None:
    """Merge another log into this one, by entry id: nothing is added twice.

    An entry in both logs with different content keeps the copy changed last; an entry
    deleted here is not brought back by an older copy; a time ahead of this computer's
    clock never wins over an edit made here. Every conflict decided is listed.

    \b
    Examples:
      facetcoach log import log-laptop.json
    """
    from facetcoach import clock
    from facetcoach.render.sync import counts_text, merge_lines

    now = clock.now()
    incoming = log_to_import(file)  # (its text checked as any input's: promise 12)
    report = import_entries(incoming.entries, incoming.tombstones, now=now)
    if as_json:
        print_json(to_data(report))
        return
    say([f"Imported {file}: {counts_text(report)}.", *merge_lines(report)])
