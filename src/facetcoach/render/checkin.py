"""Check-ins for people: the scores just saved, and the table of every check-in over time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from facetcoach.days import day_text
from facetcoach.models import CheckinScore, Prompt
from facetcoach.render.tables import Cell, Column, fitted_table, needed_width, stacked
from facetcoach.safe_text import one_line

STYLES = {"urgent": "bold red", "warning": "bold yellow", "info": ""}


def _number(value: float) -> str:
    return f"{value:g}"


# A clinically important change: a tick for better, "!" for worse (found by a new user's
# trial: "+3 ✓ worse" read as good news). One character each, for 40-column terminals.
IMPROVED, WORSENED = "✓", "!"


def change_text(change: float | None, important: bool, lower_is_better: bool) -> str:
    """'−2 ✓ better' or '+3 ! worse' (clinically important), '+1', or '–' with nothing to
    compare."""
    if change is None:
        return "–"
    if change == 0:
        return "0"
    sign = "+" if change > 0 else "−"
    text = f"{sign}{_number(abs(change))}"
    if important:
        better = (change < 0) == lower_is_better
        text += f" {IMPROVED} better" if better else f" {WORSENED} worse"
    return text


def odi_text(score: CheckinScore) -> str:
    if score.odi_percent is None:
        return "–"
    answered = score.odi_sections_answered
    of = f" ({answered} of 10)" if answered < 10 else ""
    return f"{_number(score.odi_percent)}%{of}"


def psfs_text(score: CheckinScore) -> str:
    return "–" if score.psfs_mean is None else f"{_number(score.psfs_mean)}"


CHECKINS_TITLE = "Check-ins: change from the first, and whether it is clinically important"
CHECKINS_CAPTION = (
    f"{IMPROVED} better, {WORSENED} worse: a change large enough to matter (clinically "
    "important). Pain 0–10, lower is better; function: Oswestry-style %, lower is better; "
    "activities: your own, 0–10, higher is better."
)


def checkins_table(scores: Sequence[CheckinScore], width: int = 100) -> RenderableType:
    """Each check-in: pain (NPRS), the function score (Oswestry-style %, lower is better) and
    the activities (PSFS average, higher is better), with the change from the first. On a
    narrow terminal each check-in is stacked, each score with its change beside it."""
    changes = []
    for index, score in enumerate(scores):
        first = index == 0
        changes.append(
            (
                "–" if first else change_text(score.nprs_change, score.nprs_important, True),
                "–" if first else change_text(score.odi_change, score.odi_important, True),
                "–" if first else change_text(score.psfs_change, score.psfs_important, False),
            )
        )
    columns = [
        Column("date"),
        Column("pain", "right"),
        Column("change", wrap=True),
        Column("function", "right"),
        Column("change", wrap=True),
        Column("activities", "right"),
        Column("change", wrap=True),
    ]
    rows: list[list[Cell]] = [
        [day_text(score.date)[4:], str(score.nprs), pain, odi_text(score), odi,
         psfs_text(score), psfs]
        for score, (pain, odi, psfs) in zip(scores, changes, strict=True)
    ]  # fmt: skip
    if needed_width(columns, rows) <= width:
        return fitted_table(CHECKINS_TITLE, columns, rows, width, caption=CHECKINS_CAPTION)

    # Stacked: "pain  3, change −2 ✓ better", not a "change" line under each score.
    def beside(value: str, change: str) -> str:
        return value if change == "–" else f"{value}, change {change}"

    columns = [Column("date"), Column("pain"), Column("function"), Column("activities")]
    rows = [
        [day_text(score.date)[4:], beside(str(score.nprs), pain),
         beside(odi_text(score), odi), beside(psfs_text(score), psfs)]
        for score, (pain, odi, psfs) in zip(scores, changes, strict=True)
    ]  # fmt: skip
    return stacked(CHECKINS_TITLE, columns, rows, caption=CHECKINS_CAPTION)


def prompt_lines(
    prompts: Sequence[Prompt], day: dt.date | None = None, width: int = 100
) -> list[Text]:
    """The safety prompts, as `today` writes them (in full on their first day, else one line),
    wrapped to `width` with the bullets' hanging indents."""
    import io

    from facetcoach.render.plain_text import PlainWriter
    from facetcoach.render.today import prompt_in_full

    texts = []
    for prompt in prompts:
        style = STYLES.get(prompt.level, "")
        if day is not None and not prompt_in_full(prompt, day, False):
            texts.append(Text(prompt.summary or prompt.text, style=style))
            continue
        if not prompt.heading:
            texts.append(Text(prompt.text, style=style))
            continue
        out = PlainWriter(io.StringIO(), width=width)  # a string stream: no colour codes
        out.line(prompt.heading)
        heading = len(out.lines)
        out.notice("", prompt.lines)
        texts += [Text(line, style=style) for line in out.lines[:heading]]
        texts += [Text(line) for line in out.lines[heading + 1 :]]
    return texts


def checkin_view(
    score: CheckinScore,
    scores: Sequence[CheckinScore],
    next_due: dt.date,
    prompts: Sequence[Prompt],
    width: int = 100,
) -> Group:
    """What `facetcoach checkin` says after saving."""
    saved = Text(f"Check-in saved for {day_text(score.date)}.", style="bold")
    parts: list[RenderableType] = [saved]
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
        parts += [Text(""), checkins_table(scores, width)]
    else:
        parts.append(Text("This first check-in is your baseline: later ones are compared with it."))
    parts.append(Text(f"Next check-in: {day_text(next_due)}."))
    parts += prompt_lines(prompts, width=width)
    return Group(*parts)
