"""Styled, wrapped plain text for the hottest command, without importing Rich.

`facetcoach today` runs every day and its start-up is measured against a bare
`import typer`; Rich's console alone costs about as much again (benchmarks/README.md).
This covers the little `today` needs: bold and colour when the output is a terminal
and NO_COLOR is unset, and wrapping with hanging indents to the terminal's width.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from typing import TextIO

_CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}


def colour_wanted(stream: TextIO) -> bool:
    """Colour only on a terminal, never with NO_COLOR set or TERM=dumb (no-color.org)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class PlainWriter:
    """Collects lines of styled, wrapped text and writes them in one go."""

    def __init__(self, stream: TextIO | None = None, width: int | None = None) -> None:
        self.stream = stream or sys.stdout
        self.colour = colour_wanted(self.stream)
        # shutil honours COLUMNS; keep lines readable on very wide terminals.
        self.width = min(width or shutil.get_terminal_size((80, 24)).columns, 100)
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
        wrapped = textwrap.wrap(
            text,
            width=max(self.width - 1, 20),
            initial_indent=" " * indent,
            subsequent_indent=" " * (indent + hang),
            break_on_hyphens=False,
        )
        self.lines.extend(self.style(part, *styles) for part in wrapped)

    def flush(self) -> None:
        self.stream.write("\n".join(self.lines) + "\n")
        self.lines.clear()
