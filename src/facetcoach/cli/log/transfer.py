"""`facetcoach log export` and `log import`: the log to a file, and another log merged in."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from facetcoach.cli.log.options import JsonOption, say
from facetcoach.cli.output import print_json
from facetcoach.cli.output_file import check_target, to_screen, write_file
from facetcoach.errors import InputError
from facetcoach.log.entries import in_display_order
from facetcoach.log.export import csv_text
from facetcoach.log.store import entries_to_import, import_entries, load_entries
from facetcoach.model_json import to_data
from facetcoach.models import SCHEMA_VERSION

# --- facetcoach log export / import -------------------------------------------------------


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
) -> None:
    """Export the whole log as JSON (the default) or CSV, to the screen or a file.

    \b
    Examples:
      facetcoach log export --csv -o back-log.csv
      facetcoach log export --json > log-laptop.json
    """
    if as_csv and as_json:
        raise InputError("Choose one format: --csv or --json.")
    if to_screen(output):
        output = None
    target = check_target(output, force) if output is not None else None
    entries = in_display_order(load_entries())
    if as_csv:
        text = csv_text(entries)
    else:
        import json

        data = {"schema_version": SCHEMA_VERSION, "entries": [to_data(e) for e in entries]}
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

    An entry in both logs with different content keeps the copy changed last.

    \b
    Examples:
      facetcoach log import log-laptop.json
    """
    report = import_entries(entries_to_import(file))
    if as_json:
        from dataclasses import asdict

        print_json(asdict(report))
        return
    parts = [f"{report.added} added"]
    if report.updated:
        parts.append(f"{report.updated} replaced by a newer copy")
    if report.unchanged:
        parts.append(f"{report.unchanged} already here")
    if report.kept:
        parts.append(f"{report.kept} kept as here (newer here)")
    say([f"Imported {file}: " + ", ".join(parts) + "."])
