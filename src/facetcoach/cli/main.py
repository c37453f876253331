"""The facetcoach command: global options, the command list, and error handling.

The root group is lazy (Click's documented pattern: `list_commands` and `get_command`), so a
command's module is imported only when that command runs, and `--help` and `--version` load
none of them: each command's one-line help is written here, beside its module's name.

No `from __future__ import annotations`: Typer reads the global options from `root`'s
annotations at every start, twice, and evaluating their text was about 3 ms of every command
(issue 15); the Click types, for the type checker only, are quoted.
"""

import contextlib
import errno
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, NoReturn

import typer
from typer.core import TyperGroup

from facetcoach import __version__
from facetcoach.cli.output import print_error
from facetcoach.errors import DataError, FacetcoachError, InputError, RedFlagStop, SavedButFailed

if TYPE_CHECKING:
    # The Click types TyperGroup's methods take: Typer (0.27 and later) carries its own copy
    # of Click as typer._click, and has no public name for them (typer.Context subclasses
    # this Context, so an override cannot narrow to it).
    from typer._click import Command as ClickCommand
    from typer._click import Context as ClickContext
    from typer._click import HelpFormatter


class Command:
    """Where a command lives: its module, the attribute to register, and its one-line help.
    A plain slotted class, as Subcommand: a NamedTuple costs every start 0.2 ms (issue 15)."""

    __slots__ = ("attribute", "module", "summary")

    def __init__(self, module: str, attribute: str, summary: str) -> None:
        self.module = module
        self.attribute = attribute  # a Typer sub-app (a group of subcommands) or a function
        self.summary = summary


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


def load_command(name: str) -> "ClickCommand":
    """The Click command for `name`, built from its module (imported now, not at start-up)."""
    entry = COMMANDS[name]
    target = _imported(entry.module, entry.attribute)
    if not isinstance(target, typer.Typer):
        return single_command(name, target)
    command = typer.main.get_command(target)
    command.name = name
    _plain_metavars(command)
    return command


def _imported(module: str, attribute: str) -> Any:
    import importlib

    return getattr(importlib.import_module(module), attribute)


def single_command(name: str, function: Any) -> "ClickCommand":
    """The Click command of one function: one command of a throwaway app. Plain help (no
    Rich) throughout."""
    single = typer.Typer(rich_markup_mode=None, add_completion=False)
    single.command(name=name)(function)
    command = typer.main.get_command(single)
    command.name = name
    _plain_metavars(command)
    return command


def _plain_metavars(command: "ClickCommand") -> None:
    """Arguments written as their metavar (`N`, `ENTRY_ID`), as docs/commands.md writes them,
    not Typer's `{N}`."""
    for param in command.params:
        if param.param_type_name == "argument" and param.metavar:
            # A patch on this one parameter object, on purpose: its metavar is shown as is.
            param.make_metavar = lambda *args, _name=param.metavar, **kwargs: _name  # type: ignore[method-assign]
    for sub in getattr(command, "commands", {}).values():
        _plain_metavars(sub)


class Subcommand:
    """Where a subcommand's function lives (a group's `lazy` commands)."""

    __slots__ = ("attribute", "module")

    def __init__(self, module: str, attribute: str) -> None:
        self.module, self.attribute = module, attribute


class CommandGroup(TyperGroup):
    """A group whose command list gives each command's first sentence whole, wrapped, never
    cut at Click's 45 characters with "...". Its `lazy` subcommands are built (and their
    modules imported) only when one of them runs or the help lists them: Typer builds every
    subcommand of a group with the group, and `log` paid 8 ms at each session recorded for
    eight subcommands it did not run."""

    lazy: ClassVar[dict[str, Subcommand]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Typer suggests a close name among the commands built so far, which in a lazy group
        # are none: the suggestion is made in resolve_command, from every command.
        self.suggest_commands = False

    def resolve_command(
        self, ctx: "ClickContext", args: list[str]
    ) -> "tuple[str | None, ClickCommand | None, list[str]]":
        from typer._click.exceptions import UsageError  # (Typer's own Click, 0.26 and later)

        try:
            return super().resolve_command(ctx, args)
        except UsageError as error:
            from difflib import get_close_matches

            matches = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if matches:
                names = ", ".join(repr(name) for name in matches)
                error.message = f"{error.message.rstrip('.')}. Did you mean {names}?"
            raise

    def list_commands(self, ctx: "ClickContext") -> list[str]:
        # In the same order whichever have been built (a test's app serves many invocations).
        eager = [name for name in super().list_commands(ctx) if name not in self.lazy]
        return [*eager, *self.lazy]

    def get_command(self, ctx: "ClickContext", cmd_name: str) -> "ClickCommand | None":
        if cmd_name not in self.commands and cmd_name in self.lazy:
            sub = self.lazy[cmd_name]
            self.commands[cmd_name] = single_command(cmd_name, _imported(sub.module, sub.attribute))
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: "ClickContext", formatter: "HelpFormatter") -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.short_help or first_sentence(command.help or "")))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def command_group(lazy: dict[str, Subcommand] | None = None) -> typer.Typer:
    """A command with subcommands (`plan`, `log`, `exercises`): it runs itself when given no
    subcommand (`plan` builds a plan, `log` records a session), and its help lists the
    subcommands as the root group's does. `lazy`: its subcommands, by name, in the order the
    help lists them, each built when it is used (CommandGroup)."""
    group = type(
        "LazyCommandGroup", (CommandGroup,), {"lazy": dict(lazy or {}), "__module__": __name__}
    )
    return typer.Typer(
        cls=group,
        no_args_is_help=False,
        invoke_without_command=True,
        add_completion=False,
        rich_markup_mode=None,
    )


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
        self._loaded: dict[str, ClickCommand] = {}

    def list_commands(self, ctx: "ClickContext") -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: "ClickContext", cmd_name: str) -> "ClickCommand | None":
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self._loaded:
            self._loaded[cmd_name] = load_command(cmd_name)
        return self._loaded[cmd_name]

    def format_commands(self, ctx: "ClickContext", formatter: "HelpFormatter") -> None:
        # The summaries written above: listing the commands imports none of them.
        with formatter.section("Commands"):
            formatter.write_dl([(name, entry.summary) for name, entry in COMMANDS.items()])

    def invoke(self, ctx: "ClickContext") -> Any:  # Any: as Click's own signature
        from facetcoach import files

        files.forget_saved()
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # here, not at exit: a full disk or closed pipe is said below
            _clean_up()
            return result
        except FacetcoachError as error:
            # (A red-flag stop after the screen was saved is the command's answer, exit 3.)
            if files.saved() and not isinstance(error, RedFlagStop):
                error = _saved_but(f"Saved, but then: {error.message}", error.details)
            print_error(error)
            raise typer.Exit(error.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt, EOFError):
            raise
        except OSError as error:
            if not _is_output_failure(error):
                _internal_problem(error)
            _quiet_broken_streams()
            reason = error.strerror or type(error).__name__
            failure: FacetcoachError
            if files.saved():
                failure = _saved_but(f"Saved, but the output could not be written ({reason}).")
            else:
                failure = DataError(f"The output could not be written ({reason}).")
            _say(failure)
            raise typer.Exit(failure.exit_code) from None
        except Exception as error:
            _internal_problem(error)


def _clean_up() -> None:
    """Promises 6 and 11: once a command has succeeded, no temp file of a writer that is gone
    is left, in the data folder or anywhere facetcoach wrote a report or an export."""
    from facetcoach import files, paths

    with contextlib.suppress(FacetcoachError, OSError):
        folder = paths.data_dir()
        if not folder.is_dir():
            return
        others = [paths.plan_archive_dir()]
        for data in (paths.log_file(), paths.plan_file()):
            if data.is_symlink():
                others.append(data.resolve().parent)
        files.clean_up(folder, others, paths.pending_dir())


def _saved_but(message: str, details: list[str] | None = None) -> SavedButFailed:
    """Promise 9: a failure after a commit says what WAS saved, with its own exit code (4)."""
    from facetcoach import files

    places = files.saved()
    where = ", ".join(dict.fromkeys(str(path) for path, _ in places))
    shown_by = next((command for _, command in places if command), None)
    see = f"; `{shown_by}` shows it" if shown_by else ""
    return SavedButFailed(
        f"{message} Your change is in {where}: do not run it again{see}.", details=details
    )


def _internal_problem(error: BaseException) -> NoReturn:
    """A bug, not the user's fault: one sentence (the truth about what was saved), and the
    traceback on request."""
    from facetcoach import files

    if os.environ.get("FACETCOACH_DEBUG") == "1" or type(error).__module__.startswith(
        ("typer", "click")
    ):
        raise error
    problem = f"facetcoach hit an internal problem ({type(error).__name__}: {error})"
    if files.saved():
        failure: FacetcoachError = _saved_but(f"Saved, but then {problem}; please report it.")
    else:
        failure = DataError(
            f"{problem}. Nothing was changed by the failed step; run again with "
            "FACETCOACH_DEBUG=1 to see the details, and please report it."
        )
    _say(failure)
    raise typer.Exit(failure.exit_code) from None


# Errors of a stdout or stderr that cannot take more: full, closed, gone.
_OUTPUT_ERRNOS = {errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EBADF, errno.EDQUOT, errno.EFBIG}


def _is_output_failure(error: OSError) -> bool:
    if isinstance(error, BrokenPipeError) or error.errno in _OUTPUT_ERRNOS:
        return True
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            return True
    return False


def _quiet_broken_streams() -> None:
    """Point a broken stdout at /dev/null, so that Python's own flush at exit does not fail
    again (it would print a traceback and exit 120 instead of our code)."""
    for stream in (sys.stdout,):
        try:
            stream.flush()
            continue
        except (OSError, ValueError):
            pass
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass  # (no file descriptor: a test's stream, dropped with it)


def _say(error: FacetcoachError) -> None:
    with contextlib.suppress(OSError, ValueError):  # stderr gone too: the exit code tells
        print_error(error)


class AppState:
    """Options given before the command name, for every command (a plain class: a dataclass
    costs half a millisecond at every start)."""

    __slots__ = ("library",)

    def __init__(self, library: Path | None = None) -> None:
        self.library = library


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
            from difflib import get_close_matches

            said = " ".join(names or [])
            known = command.list_commands(context) if hasattr(command, "list_commands") else []
            # As a mistyped command is answered (found by a new user's trial: `help tody`).
            close = get_close_matches(name, known, n=2)
            hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            raise InputError(f"There is no command `{said}`; `facetcoach help` lists them.{hint}")
        command = found
        context = typer.Context(command, info_name=name, parent=context)
    typer.echo(command.get_help(context))


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"facetcoach {__version__}")
        raise typer.Exit()


CONTEXT: dict[str, Any] = {"help_option_names": ["-h", "--help"]}
CLICK_NARROWEST = 50  # click.formatting.HelpFormatter's floor

app = typer.Typer(
    cls=FacetcoachGroup,
    name="facetcoach",
    help=HELP,
    rich_markup_mode=None,  # plain help: no Rich import for --help
    pretty_exceptions_enable=False,
    invoke_without_command=True,  # bare `facetcoach`: a short status (cli/status.py)
    context_settings=CONTEXT,
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
    # (The console script, cli/launch.py, turns it off before Typer's import already.)
    gc.disable()
    import shutil

    columns = shutil.get_terminal_size((100, 24)).columns  # COLUMNS first, as everywhere
    if columns < CLICK_NARROWEST:
        # Click lays help out at 50 columns at the least; below that, at the terminal's width
        # (found by a new user's trial: 69 lines of `log --help` ran past 40 columns).
        CONTEXT["terminal_width"] = max(columns, 20)
    app(prog_name="facetcoach")
