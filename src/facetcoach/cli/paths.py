"""`facetcoach paths`: every location facetcoach uses."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from facetcoach import paths
from facetcoach.cli.output import print_json
from facetcoach.library.loading import builtin_library_path


def paths_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show where facetcoach keeps your plan, your log and its library.

    Set FACETCOACH_HOME to keep your data somewhere else.

    \b
    Examples:
      facetcoach paths
      FACETCOACH_HOME=~/back-program facetcoach paths --json
    """
    state = ctx.find_root().obj
    user_library = paths.user_library_file(state.library if state else None)
    locations = {
        "data_dir": paths.data_dir(),
        "plan": paths.plan_file(),
        "plan_archive": paths.plan_archive_dir(),
        "log": paths.log_file(),
        "log_backup": paths.log_backup_file(),
        "log_journal": paths.journal_beside(paths.log_file().resolve()),
        "builtin_library": builtin_library_path(),
        "user_library": user_library,
    }
    if as_json:
        print_json({key: str(value) if value else None for key, value in locations.items()})
        return
    labels = {
        "data_dir": "data folder",
        "plan": "plan",
        "plan_archive": "old plans",
        "log": "session log",
        "log_backup": "log backup",
        "log_journal": "log journal",
        "builtin_library": "built-in library",
        "user_library": "your library",
    }
    width = max(len(label) for label in labels.values())
    for key, value in locations.items():
        shown = str(value) if value else "none (use --library or FACETCOACH_LIBRARY)"
        exists = "" if not value or value.exists() else "  (not created yet)"
        if key == "log_journal" and exists:
            exists = "  (none now: a log over 1 MB saves new entries here first)"
        typer.echo(f"{labels[key]:<{width}}  {shown}{exists}")
    if paths.home_is_relative():
        typer.echo(
            f"{paths.HOME_ENV}={os.environ[paths.HOME_ENV]} is relative: it is "
            f"{paths.data_dir()}, from the folder this command ran in; give it in full to use "
            "the same data folder from anywhere."
        )
