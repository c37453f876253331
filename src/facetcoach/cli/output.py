"""Printing for the CLI: JSON for scripts, errors to stderr, Rich consoles made on demand.

Rich is imported only by the commands that render with it, so that `--help`, `--json`
and errors stay as cheap as Typer itself.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

import typer

from facetcoach.errors import FacetcoachError, InputError
from facetcoach.safe_text import shown

if TYPE_CHECKING:
    from rich.console import Console


def print_json(data: Any) -> None:
    """JSON on stdout for scripts: UTF-8, indented, never NaN."""
    import json  # (here: `--help` needs no JSON, and json is 2 ms of its start)

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n")


# At most this many lines under an error: an answers file of 100,000 unknown keys is said in a
# few lines and a count, not 35 MB.
MAX_DETAILS = 20


def print_error(error: FacetcoachError) -> None:
    notice = getattr(error, "notice", None)
    if notice is not None:
        # Safety advice (the red-flag stop) is no error: a heading and short lines, wrapped.
        from facetcoach.render.plain_text import PlainWriter

        out = PlainWriter(sys.stderr)
        out.notice(notice.heading, notice.lines, "bold", "red")
        out.flush()
        return
    details = error.details
    if len(details) > MAX_DETAILS:
        more = len(details) - MAX_DETAILS + 1
        details = [*details[: MAX_DETAILS - 1], f"… and {more:,} more problems"]
    lines = [f"Error: {error.message}"] + [f"  - {line}" for line in details]
    # A path or a value quoted from a file may hold control characters: never to the terminal.
    text = shown("\n".join(lines))
    if _is_terminal(sys.stderr):
        text = _wrapped(text)  # (a script gets each problem on one line, to grep)
    sys.stderr.write(text + "\n")


def _wrapped(text: str) -> str:
    """Each line wrapped to the terminal at spaces, never inside a word, an id or a path
    (found by a new user: the terminal broke "Did you me / an", "futur / e"). A quoted or
    backquoted span (a path, a command to copy) and the data folder's path stay whole, even
    with spaces in them (found by a second review: macOS's "Application Support")."""
    import re
    import textwrap

    from facetcoach import paths
    from facetcoach.render.plain_text import MAX_WIDTH, output_width

    # At least 20 columns: a terminal whose size was never set says 0 (a second review).
    width = max(min(output_width(sys.stderr), MAX_WIDTH), 20)
    try:
        folder = str(paths.data_dir())
    except Exception:  # (an error about the folder itself is being said: say it whole)
        folder = ""
    out: list[str] = []
    for line in text.split("\n"):
        kept = line.replace(folder, folder.replace(" ", _SPACE)) if " " in folder else line
        kept = re.sub(r"'[^'\n]*'|`[^`\n]*`", lambda m: m[0].replace(" ", _SPACE), kept)
        indent = "    " if line.startswith("  - ") else "  "
        wrapped = textwrap.wrap(
            kept, width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
        )
        out.extend(part.replace(_SPACE, " ") for part in wrapped or [""])
    return "\n".join(out)


_SPACE = "\ue000"  # a space that is no place to break (a private-use character)


def console(stderr: bool = False) -> Console:
    """A Rich console: colour only on a terminal, and never when NO_COLOR is set."""
    from rich.console import Console

    from facetcoach.render.plain_text import output_width

    stream = sys.stderr if stderr else sys.stdout
    # Rich honours NO_COLOR, non-terminal output and COLUMNS itself, and follows a terminal's
    # resizing; a pipe gets the width plain_text.py gives it, as `today` does.
    width = None if _is_terminal(stream) else output_width(stream)
    return Console(stderr=stderr, highlight=False, soft_wrap=False, width=width)


@contextlib.contextmanager
def questions(out: Console, command: str) -> Iterator[None]:
    """Around a command's questions: Ctrl-C stops it (exit 130), the end of the input is an
    error (exit 2) saying how to answer instead; nothing is saved either way."""
    try:
        yield
    except KeyboardInterrupt:
        out.print("\nStopped: nothing was saved.")
        raise typer.Exit(130) from None
    except EOFError:
        raise InputError(
            "The input ended before the last question, so nothing was saved. Run `facetcoach "
            f"{command}` in a terminal, or give --answers FILE.toml."
        ) from None


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def stdin_is_interactive() -> bool:
    """True when a person can answer prompts (not a pipe, file or CI runner)."""
    if os.environ.get("FACETCOACH_ASSUME_TTY") == "1":  # lets tests drive prompts
        return True
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False
