"""The facetcoach command: global options, the command list, and error handling.

Every command module is imported here, but each keeps its heavy imports (pydantic,
Rich, the planner) inside its functions, so start-up costs about what Typer does.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from facetcoach import __version__
from facetcoach.errors import FacetcoachError


class FacetcoachGroup(TyperGroup):
    """Turns facetcoach's own errors into one clear message and the documented exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except FacetcoachError as error:
            from facetcoach.cli.output import print_error

            print_error(error)
            raise typer.Exit(error.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt, EOFError):
            raise
        except Exception as error:
            # A bug, not the user's fault: one sentence, and the traceback on request.
            if os.environ.get("FACETCOACH_DEBUG") == "1" or type(error).__module__.startswith(
                ("typer", "click")
            ):
                raise
            sys.stderr.write(
                f"Error: facetcoach hit an internal problem ({type(error).__name__}: {error}). "
                "Nothing was changed by the failed step; run again with FACETCOACH_DEBUG=1 "
                "to see the details, and please report it.\n"
            )
            raise typer.Exit(1) from None


@dataclass
class AppState:
    """Options given before the command name, for every command."""

    library: Path | None = None


# Each command: its module and the attribute to register, a Typer sub-app (a group of
# subcommands) or a function (a single command). In the order `--help` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "plan": ("facetcoach.cli.plan", "app"),
    "today": ("facetcoach.cli.today", "today_command"),
    "log": ("facetcoach.cli.log.commands", "app"),
    "checkin": ("facetcoach.cli.checkin", "checkin_command"),
    "progress": ("facetcoach.cli.progress", "progress_command"),
    "report": ("facetcoach.cli.report", "report_command"),
    "exercises": ("facetcoach.cli.exercises", "app"),
    "paths": ("facetcoach.cli.paths", "paths_command"),
}
HELP = (
    "A home exercise coach for facet joint pain and low back pain.\n\n"
    "facetcoach is not a medical device: it does not diagnose or treat. "
    "Follow your clinician's advice.\n\n"
    "\b\nStart here:\n  facetcoach plan      build your program\n"
    "  facetcoach today     today's routine"
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"facetcoach {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    library: Annotated[
        Path | None,
        typer.Option(
            "--library",
            help="Your own exercise library (TOML), merged over the built-in one. "
            "Also: FACETCOACH_LIBRARY.",
            metavar="PATH",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """A home exercise coach for facet joint pain and low back pain."""
    ctx.obj = AppState(library=library)


def build_app(only: str | None = None) -> typer.Typer:
    """The Typer app with every command, or with just `only` (a faster start for one command)."""
    import importlib

    app = typer.Typer(
        cls=FacetcoachGroup,
        name="facetcoach",
        help=HELP,
        rich_markup_mode=None,  # plain help: no Rich import for --help
        pretty_exceptions_enable=False,
        no_args_is_help=True,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(root)
    for name, (module_name, attribute) in COMMANDS.items():
        if only is not None and name != only:
            continue
        target = getattr(importlib.import_module(module_name), attribute)
        if isinstance(target, typer.Typer):
            app.add_typer(target, name=name)
        else:
            app.command(name=name)(target)
    return app


def command_named(args: list[str]) -> str | None:
    """The command a command line asks for, when it is one we know (skipping global options)."""
    rest = iter(args)
    for token in rest:
        if token == "--library":
            next(rest, None)
        elif token.startswith("-"):
            continue
        else:
            return token if token in COMMANDS else None
    return None


def __getattr__(name: str) -> typer.Typer:
    # `from facetcoach.cli.main import app` (tests, tools) gets the whole app.
    if name == "app":
        return build_app()
    raise AttributeError(name)


def run() -> None:
    """Console-script entry point: build only the command asked for, then run it."""
    import gc

    # A short-lived command makes few reference cycles, and the collector's passes over the
    # objects of start-up cost ~3 ms of every run (benchmarks/README.md). Refcounting still
    # frees everything else; the log reader pauses the collector while decoding anyway.
    gc.disable()
    completing = any(key.endswith("_COMPLETE") for key in os.environ)
    only = None if completing else command_named(sys.argv[1:])
    build_app(only)(prog_name="facetcoach")
