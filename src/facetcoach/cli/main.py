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


app = typer.Typer(
    cls=FacetcoachGroup,
    name="facetcoach",
    help=(
        "A home exercise coach for facet joint pain and low back pain.\n\n"
        "facetcoach is not a medical device: it does not diagnose or treat. "
        "Follow your clinician's advice.\n\n"
        "\b\nStart here:\n  facetcoach plan      build your program\n"
        "  facetcoach today     today's routine"
    ),
    rich_markup_mode=None,  # plain help: no Rich import for --help
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"facetcoach {__version__}")
        raise typer.Exit()


@app.callback()
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


def _register() -> None:
    from facetcoach.cli import exercises, log, paths, progress

    app.add_typer(exercises.app, name="exercises")
    app.add_typer(log.app, name="log")
    app.command(name="progress")(progress.progress_command)
    app.command(name="paths")(paths.paths_command)


_register()


def run() -> None:
    """Console-script entry point."""
    app(prog_name="facetcoach")
