"""`facetcoach export` and `facetcoach import`: everything in one bundle file, and a bundle
restored into an empty data folder or merged into this one (bundle/)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from facetcoach import clock
from facetcoach.cli.output import print_json
from facetcoach.cli.output_file import STDOUT, check_target, write_file
from facetcoach.errors import InputError
from facetcoach.model_json import to_data

JsonOption = Annotated[bool, typer.Option("--json", help="Print what was done as JSON.")]


def export_command(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the bundle to FILE (- or none: the screen).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Export everything in one file: the plan (its changes, pauses and screens), the
    archived plans, and the log with its deletions. `facetcoach import` reads it.

    \b
    Examples:
      facetcoach export -o facetcoach-bundle.json
      facetcoach export > facetcoach-bundle.json
    """
    from facetcoach.bundle.store import export_bundle
    from facetcoach.render.sync import export_lines

    to_screen = output is None or str(output) == STDOUT
    if to_screen and as_json:
        raise InputError(
            "The bundle goes to the screen without -o FILE, so --json has no room there; "
            "give -o FILE with --json."
        )
    target = None if to_screen or output is None else check_target(output, force)
    exported = export_bundle(clock.now())
    if target is None:
        sys.stdout.buffer.write(exported.data)
        sys.stdout.flush()
        return
    write_file(target, exported.data)
    if as_json:
        print_json(
            {
                "file": str(target),
                "plan": exported.plan,
                "archived_plans": exported.archived,
                "entries": exported.entries,
                "tombstones": exported.tombstones,
                "skipped": exported.skipped,
                "digest": exported.digest,
            }
        )
        return
    for line in export_lines(exported, target):
        typer.echo(line, err=True)


def import_command(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A bundle from `facetcoach export`.")
    ],
    as_json: JsonOption = False,
) -> None:
    """Restore a bundle into an empty data folder, or merge it into this one.

    The log is merged entry by entry: nothing twice, the later edit wins, an entry deleted
    here does not come back, a time ahead of this computer's clock never beats an edit made
    here. The plan: taken if there is none here; merged if it is the same plan; otherwise
    yours stays and theirs is archived. Everything decided is listed.

    \b
    Examples:
      facetcoach import facetcoach-bundle.json
    """
    from facetcoach.bundle.store import import_bundle, read_bundle
    from facetcoach.render.sync import import_lines

    bundle = read_bundle(file)
    done = import_bundle(bundle, clock.now())
    if as_json:
        print_json({"file": str(file), "plan": to_data(done.plan), "log": to_data(done.log)})
        return
    for line in import_lines(done.plan, done.log, file):
        typer.echo(line)
