"""Styled, wrapped plain text for the hottest command, without importing Rich.

`facetcoach today` runs every day and its start-up is measured against a bare
`import typer`; Rich's console alone costs about as much again (benchmarks/README.md).
This covers the little `today` needs: bold and colour when the output is a terminal
and NO_COLOR is unset, and wrapping with hanging indents to the terminal's width.
"""

from __future__ import annotations

import os
import re
import sys
import textwrap
from collections.abc import Sequence
from typing import TextIO

# A pipe or a file has no width of its own: lay it out as a terminal this wide (COLUMNS
# overrides). Tables fold rather than cut, so nothing is lost in any width.
PIPE_WIDTH = 100
MAX_WIDTH = 100  # `today` keeps its lines readable on very wide terminals

_CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}


# The spaces inside a dose ("2 × 10", "20 s", "1 min"): a line is never broken there (found
# by a new user's trial: "rest 20" ended one line and "s between sets" began the next).
# textwrap breaks only at ASCII whitespace, so they become no-break spaces while wrapping.
_GLUED = re.compile(r"(?<=\d) (?=×|(?:s|min|minutes?|reps?)\b)|(?<=×) (?=\d)")


def _as_is(text: str) -> bool:
    """Whether textwrap keeps `text`, when it fits the width, as one line unchanged: it
    changes whitespace other than a space (tabs expanded, line breaks made spaces: none of
    them is printable) and a space at either end (dropped at the end). Anything else not
    printable is left to textwrap too."""
    return text[0] != " " and text[-1] != " " and text.isprintable()


def colour_wanted(stream: TextIO) -> bool:
    """Colour only on a terminal, never with NO_COLOR set or TERM=dumb (no-color.org)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def output_width(stream: TextIO) -> int:
    """COLUMNS when set, else the terminal's width, else PIPE_WIDTH (a pipe or a file)."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdecimal() and int(columns) > 0:
        return int(columns)
    try:
        if stream.isatty():
            return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        pass
    return PIPE_WIDTH


class PlainWriter:
    """Collects lines of styled, wrapped text and writes them in one go."""

    def __init__(self, stream: TextIO | None = None, width: int | None = None) -> None:
        self.stream = stream or sys.stdout
        self.colour = colour_wanted(self.stream)
        self.width = min(width or output_width(self.stream), MAX_WIDTH)
        self.lines: list[str] = []

    def style(self, text: str, *styles: str) -> str:
        if not self.colour or not styles:
            return text
        codes = ";".join(_CODES[name] for name in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"

    def line(self, text: str = "", *styles: str, indent: int = 0, hang: int = 0) -> None:
        """Add `text`, wrapped; continuation lines are indented `hang` more than the first."""
        if not text:
            self.lines.append("")
            return
        width = max(self.width - 1, 20)
        if indent + len(text) <= width and _as_is(text):
            # What textwrap gives a line that fits, without it: three lines in four of `today`
            # fit, and textwrap's pass over each was about 1.5 ms of every `today` (issue 15).
            self.lines.append(self.style(" " * indent + text, *styles))
            return
        wrapped = textwrap.wrap(
            _GLUED.sub("\xa0", text),
            width=width,
            initial_indent=" " * indent,
            subsequent_indent=" " * (indent + hang),
            break_on_hyphens=False,
        )
        self.lines.extend(self.style(part.replace("\xa0", " "), *styles) for part in wrapped)

    def notice(self, heading: str, lines: Sequence[str] = (), *styles: str) -> None:
        """Safety advice: a heading in `styles`, then short lines; '- ' starts a bullet and
        '  - ' one under the bullet before (the shape of Prompt.lines and Notice.lines)."""
        self.line(heading, *styles, hang=2)  # a wrapped heading reads on, indented
        for text in lines:
            if text.startswith("  - "):
                self.line(f"– {text[4:]}", indent=4, hang=2)
            elif text.startswith("- "):
                self.line(f"• {text[2:]}", indent=2, hang=2)
            else:
                self.line(text)

    def flush(self) -> None:
        self.stream.write("\n".join(self.lines) + "\n")
        self.lines.clear()
