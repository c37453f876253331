"""Typer's CliRunner turns the Typer app into its click command on every invoke: ~30 ms of
signature and type-hint reading for facetcoach's whole app, a third of an in-process CLI
test's time. The command is the same every time (tests never change the app), so it is
converted once per app object and reused.

The installed command builds its app once per process too (cli.main.run); the subprocess
tests still run it that way.
"""

from __future__ import annotations

import weakref

import typer.main
import typer.testing

_commands: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _cached_command(app: typer.Typer):
    try:
        return _commands[app]
    except KeyError:
        command = _commands[app] = typer.main.get_command(app)
        return command


def install() -> None:
    """Make typer.testing.CliRunner.invoke convert each app once (from conftest)."""
    # typer.testing imports get_command as _get_command (0.26-0.28, the versions allowed).
    assert typer.testing._get_command is typer.main.get_command
    typer.testing._get_command = _cached_command
