"""The facetcoach command: global options, the command list, and error handling.

The root group is lazy (Click's documented pattern: `list_commands` and `get_command`), so a
command's module is imported only when that command runs, and `--help` and `--version` load
none of them: each command's one-line help is written here, beside its module's name.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import typer
from typer.core import TyperGroup

from facetcoach import __version__
from facetcoach.cli.output import print_error
from facetcoach.errors import FacetcoachError, InputError


class Command(NamedTuple):
    """Where a command lives: its module, the attribute to register, and its one-line help."""

    module: str
    attribute: str  # a Typer sub-app (a group of subcommands) or a function (one command)
    summary: str


# In the order `--help` lists them: the order a person meets them.
COMMANDS: dict[str, Command] = {
    "plan": Command(
        "facetcoach.cli.plan.commands", "app", "Build your program (or show or export it)."
    ),
    "today": Command("facetcoach.cli.today", "today_command", "Show the day's routine."),
    "log": Command(
        "facetcoach.cli.log.commands", "app", "Record a session, or look through the log."
    ),
    "progress": Command(
        "facetcoach.cli.progress", "progress_command", "Adherence and pain, week by week."
    ),
    "checkin": Command(
        "facetcoach.cli.checkin", "checkin_command", "Answer the check-in questions (3 minutes)."
    ),
    "report": Command("facetcoach.cli.report", "report_command", "A report for your therapist."),
    "exercises": Command("facetcoach.cli.exercises", "app", "Browse the exercise library."),
    "learn": Command("facetcoach.cli.learn", "learn_command", "Short lessons about your back."),
    "paths": Command("facetcoach.cli.paths", "paths_command", "Show where your data is kept."),
    "export": Command(
        "facetcoach.cli.bundle", "export_command", "Everything in one file, for another computer."
    ),
    "import": Command(
        "facetcoach.cli.bundle", "import_command", "Restore or merge a file from `export`."
    ),
    "help": Command("facetcoach.cli.main", "help_command", "Show the help of a command."),
}
HELP = (
    "A home exercise coach for facet joint pain and low back pain.\n\n"
    "facetcoach is not a medical device: it does not diagnose or treat. "
    "Follow your clinician's advice.\n\n"
    "\b\nStart here:\n  facetcoach           what to do now\n"
    "  facetcoach plan      build your program\n"
    "  facetcoach today     today's routine"
)


def load_command(name: str) -> Any:
    """The Click command for `name`, built from its module (imported now, not at start-up)."""
    import importlib

    entry = COMMANDS[name]
    target = getattr(importlib.import_module(entry.module), entry.attribute)
    if not isinstance(target, typer.Typer):
        # A plain function: one command of a throwaway app. Plain help (no Rich) throughout.
        single = typer.Typer(rich_markup_mode=None, add_completion=False)
        single.command(name=name)(target)
        target = single
    command = typer.main.get_command(target)
    command.name = name
    _plain_metavars(command)
    return command


def _plain_metavars(command: Any) -> None:
    """Arguments written as their metavar (`N`, `ENTRY_ID`), as docs/commands.md writes them,
    not Typer's `{N}`."""
    for param in command.params:
        if param.param_type_name == "argument" and param.metavar:
            param.make_metavar = lambda *args, _name=param.metavar, **kwargs: _name
    for sub in getattr(command, "commands", {}).values():
        _plain_metavars(sub)


class CommandGroup(TyperGroup):
    """A group whose command list gives each command's first sentence whole, wrapped, never
    cut at Click's 45 characters with "..."."""

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.short_help or first_sentence(command.help or "")))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def first_sentence(text: str) -> str:
    """The first sentence of a docstring (up to its first full stop), on one line."""
    paragraph = " ".join(text.strip().split("\n\n", 1)[0].split())
    end = paragraph.find(". ")
    return paragraph if end < 0 else paragraph[: end + 1]


class FacetcoachGroup(CommandGroup):
    """The root group: commands loaded on demand, and facetcoach's errors turned into one
    clear message and the documented exit code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._loaded: dict[str, Any] = {}

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self._loaded:
            self._loaded[cmd_name] = load_command(cmd_name)
        return self._loaded[cmd_name]

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        # The summaries written above: listing the commands imports none of them.
        with formatter.section("Commands"):
            formatter.write_dl([(name, entry.summary) for name, entry in COMMANDS.items()])

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except FacetcoachError as error:
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


def help_command(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[COMMAND]...",
            help="A command, and a subcommand: plan export.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show the help of facetcoach, or of one command (the same as COMMAND --help).

    \b
    Examples:
      facetcoach help
      facetcoach help log
      facetcoach help plan export
    """
    root = ctx.find_root()
    command, context = root.command, root
    for name in names or []:
        found = command.get_command(context, name) if hasattr(command, "get_command") else None
        if found is None:
            said = " ".join(names or [])
            raise InputError(f"There is no command `{said}`; `facetcoach help` lists them.")
        command = found
        context = typer.Context(command, info_name=name, parent=context)
    typer.echo(command.get_help(context))


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"facetcoach {__version__}")
        raise typer.Exit()


app = typer.Typer(
    cls=FacetcoachGroup,
    name="facetcoach",
    help=HELP,
    rich_markup_mode=None,  # plain help: no Rich import for --help
    pretty_exceptions_enable=False,
    invoke_without_command=True,  # bare `facetcoach`: a short status (cli/status.py)
    context_settings={"help_option_names": ["-h", "--help"]},
)


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
            "--version",
            "-V",
            callback=_show_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """A home exercise coach for facet joint pain and low back pain."""
    ctx.obj = AppState(library=library)
    if ctx.invoked_subcommand is None:
        from facetcoach.cli.status import show_status

        show_status()


def run() -> None:
    """Console-script entry point."""
    import gc

    # A short-lived command makes few reference cycles, and the collector's passes over the
    # objects of start-up cost ~3 ms of every run (benchmarks/README.md). Refcounting still
    # frees everything else; the log reader pauses the collector while decoding anyway.
    gc.disable()
    app(prog_name="facetcoach")
