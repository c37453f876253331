"""Check-ins for people: the scores just saved, and the table of every check-in over time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text

from facetcoach.days import day_text
from facetcoach.models import CheckinScore, Prompt
from facetcoach.safe_text import one_line

STYLES = {"urgent": "bold red", "warning": "bold yellow", "info": ""}


def _number(value: float) -> str:
    return f"{value:g}"


IMPORTANT = "✓"


def change_text(change: float | None, important: bool, lower_is_better: bool) -> str:
    """'−2 ✓ better' (✓: clinically important), '+1', or '–' with nothing to compare."""
    if change is None:
        return "–"
    if change == 0:
        return "0"
    sign = "+" if change > 0 else "−"
    text = f"{sign}{_number(abs(change))}"
    if important:
        better = (change < 0) == lower_is_better
        text += f" {IMPORTANT} {'better' if better else 'worse'}"
    return text


def odi_text(score: CheckinScore) -> str:
    if score.odi_percent is None:
        return "–"
    answered = score.odi_sections_answered
    of = f" ({answered} of 10)" if answered < 10 else ""
    return f"{_number(score.odi_percent)}%{of}"


def psfs_text(score: CheckinScore) -> str:
    return "–" if score.psfs_mean is None else f"{_number(score.psfs_mean)}"


def checkins_table(scores: Sequence[CheckinScore]) -> Table:
    """Each check-in: pain (NPRS), the function score (Oswestry-style %, lower is better) and
    the activities (PSFS average, higher is better), with the change from the first."""
    table = Table(
        title="Check-ins: change from the first, and whether it is clinically important",
        title_justify="left",
        title_style="bold",
        caption=f"{IMPORTANT} a clinically important change. Pain 0–10, lower is better; "
        "function: Oswestry-style %, lower is better; activities: your own, 0–10, higher is "
        "better.",
        caption_justify="left",
    )
    table.add_column("date", no_wrap=True)  # short columns: it fits 80 characters
    table.add_column("pain", justify="right", no_wrap=True)
    table.add_column("change")
    table.add_column("function", justify="right", no_wrap=True)
    table.add_column("change")
    table.add_column("activities", justify="right", no_wrap=True)
    table.add_column("change")
    for index, score in enumerate(scores):
        first = index == 0
        table.add_row(
            f"{score.date.day} {score.date:%b %Y}",
            str(score.nprs),
            "–" if first else change_text(score.nprs_change, score.nprs_important, True),
            odi_text(score),
            "–" if first else change_text(score.odi_change, score.odi_important, True),
            psfs_text(score),
            "–" if first else change_text(score.psfs_change, score.psfs_important, False),
        )
    return table


def prompt_lines(prompts: Sequence[Prompt]) -> list[Text]:
    return [Text(prompt.text, style=STYLES.get(prompt.level, "")) for prompt in prompts]


def checkin_view(
    score: CheckinScore,
    scores: Sequence[CheckinScore],
    next_due: dt.date,
    prompts: Sequence[Prompt],
) -> Group:
    """What `facetcoach checkin` says after saving."""
    parts: list[object] = [Text(f"Check-in saved for {day_text(score.date)}.", style="bold")]
    lines = [f"Pain: {score.nprs} out of 10."]
    if score.odi_percent is not None:
        lines.append(
            f"Daily life (Oswestry-style function score): {odi_text(score)}; 0% means your "
            "back does not limit you, 100% that it limits everything."
        )
    if score.psfs:
        rated = ", ".join(f"{one_line(name)} {value}" for name, value in score.psfs.items())
        lines.append(f"Activities: {rated} (average {psfs_text(score)} out of 10).")
    parts.append(Text("\n".join(lines)))
    if len(scores) > 1:
        parts += [Text(""), checkins_table(scores)]
    else:
        parts.append(Text("This first check-in is your baseline: later ones are compared with it."))
    parts.append(Text(f"Next check-in: {day_text(next_due)}."))
    parts += prompt_lines(prompts)
    return Group(*parts)
