"""Tables that fold instead of cutting: a table when it fits the width, else each row stacked
as a heading and "label  value" lines. Ids and numbers are never cut (issue 16, item 2).

Rich shrinks a table that is too wide by wrapping its wrappable columns and then cutting the
others with "…": the ids a person has to type and the figures they came for. So the width
a table needs is measured first, with its text columns at their narrowest (their longest
word), and when even that does not fit, the rows are stacked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

Cell = str | Text
EMPTY = ("", "–")  # left out of a stacked row: a line saying nothing


@dataclass(frozen=True)
class Column:
    header: str
    justify: Literal["left", "right", "center"] = "left"
    wrap: bool = False  # prose (a note, what was done): may wrap; every other cell stays whole
    style: str = ""
    stacked: bool = True  # shown in a stacked row (False: already in the row's heading)
    # Where a wrapped cell may break, when only there: " → " keeps "2 × 10 → 2 × 12" from
    # becoming "2 × 10 → 2 ×" over "12" (found by a new user's trial). Implies wrap.
    breaks_at: str = ""


def _plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def _widest(cell: Cell) -> int:
    return max((cell_len(line) for line in _plain(cell).split("\n")), default=0)


def _narrowest(cell: Cell) -> int:
    """A wrappable cell's narrowest: its longest word (Rich never breaks inside one)."""
    return max((cell_len(word) for word in _plain(cell).split()), default=0)


def _broken(cell: Cell, at: str) -> Cell:
    """`cell` with a line break after each `at` (the places it may break)."""
    if isinstance(cell, Text):
        return cell  # (no Text cell has a break point yet)
    return cell.replace(at, at.rstrip() + "\n")


def _ranges(columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> list[tuple[int, int]]:
    """Each column's narrowest and widest, nothing cut."""
    found = []
    for index, column in enumerate(columns):
        cells = [column.header, *(row[index] for row in rows)]
        widest = max(_widest(cell) for cell in cells)
        if column.breaks_at:
            narrowest = max(_widest(_broken(cell, column.breaks_at)) for cell in cells[1:])
            found.append((max(narrowest, _narrowest(column.header)), widest))
        else:
            found.append((max(_narrowest(c) for c in cells) if column.wrap else widest, widest))
    return found


# Each column has a space either side and a border after it, and the table one more border
# (Rich's default box and padding).
def _overhead(count: int) -> int:
    return 3 * count + 1


def needed_width(columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> int:
    """The narrowest a table can be drawn with nothing cut."""
    return sum(low for low, _ in _ranges(columns, rows)) + _overhead(len(columns))


def _widths(ranges: list[tuple[int, int]], room: int) -> list[int]:
    """Column widths within `room`: the text columns share what is left above their
    narrowest, in proportion to how much more they could use (Rich's own shrinking can take
    a column below its longest word, and then cuts it)."""
    lows = [low for low, _ in ranges]
    spare = room - sum(lows)
    wants = [high - low for low, high in ranges]
    if spare >= sum(wants):
        return [high for _, high in ranges]
    total = sum(wants) or 1
    widths = [low + want * spare // total for low, want in zip(lows, wants, strict=True)]
    return widths


def fitted_table(
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    width: int,
    *,
    caption: str | None = None,
    heading: int = 1,
    headings: Sequence[Cell] | None = None,
) -> RenderableType:
    """A table when it fits `width`, else the rows stacked: the first `heading` cells of each
    row make its heading (or `headings`, one per row), the others a "label  value" line each
    (empty ones left out)."""
    ranges = _ranges(columns, rows)
    if sum(low for low, _ in ranges) + _overhead(len(columns)) <= width:
        sizes = _widths(ranges, width - _overhead(len(columns)))
        table = Table(
            title=title,
            title_justify="left",
            title_style="bold",
            caption=caption,
            caption_justify="left",
        )
        for column, size in zip(columns, sizes, strict=True):
            table.add_column(
                column.header,
                justify=column.justify,
                no_wrap=not (column.wrap or column.breaks_at),
                style=column.style or None,
                width=size,
            )
        for row in rows:
            table.add_row(
                *(
                    _broken(cell, column.breaks_at)
                    if column.breaks_at and _widest(cell) > size
                    else cell
                    for column, cell, size in zip(columns, row, sizes, strict=True)
                )
            )
        return table
    return stacked(
        title, columns, rows, caption=caption, heading=heading, headings=headings, width=width
    )


def stacked(
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    *,
    caption: str | None = None,
    heading: int = 1,
    headings: Sequence[Cell] | None = None,
    width: int | None = None,
) -> Group:
    parts: list[RenderableType] = [Text(title, style="bold")]
    labels = [column.header for column in columns[heading:] if column.stacked]
    label_width = max((cell_len(label) for label in labels), default=0)
    for number, row in enumerate(rows):
        given = [headings[number]] if headings is not None else row[:heading]
        head = Text(" · ").join(
            cell.copy() if isinstance(cell, Text) else Text(cell) for cell in given if cell
        )
        head.stylize("bold")
        parts.append(head)
        grid = _grid(label_width)
        for column, cell in zip(columns[heading:], row[heading:], strict=True):
            if not column.stacked or _plain(cell).strip() in EMPTY:
                continue
            if column.breaks_at and width is not None and _widest(cell) > width - label_width - 4:
                cell = _broken(cell, column.breaks_at)  # (found by review: "4-2 ×" ended a line)
            if width is not None and not column.wrap and _widest(cell) > width - label_width - 4:
                # No room beside its label (a long id at 40 columns): under it, whole.
                grid.add_row(f"  {column.header}", "")
                parts += [grid, Text.assemble("    ", cell)]
                grid = _grid(label_width)
            else:
                grid.add_row(f"  {column.header}", cell)
        parts.append(grid)
    if caption:
        parts.append(Text(caption))
    return Group(*parts)


def _grid(label_width: int) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="dim", width=label_width + 2, justify="left")
    grid.add_column(overflow="fold")
    return grid
