"""Pain over time as an inline SVG: before, after and next morning for each session.

The next-morning rating is drawn on the morning it was taken, the day after the session, so
that it does not hide under the after-session line.

Plain markup with no script, no font and no link, so the report stays one self-contained
file. The three series differ in colour, marker shape and line style, so they still read
when printed in black and white. Flare days are shaded; program weeks alternate in tone.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from facetcoach.coaching.verdict import limit_for_usual
from facetcoach.days import day_words
from facetcoach.share.report_data import PainPoint, Report

WIDTH, HEIGHT = 720, 250
LEFT, RIGHT, TOP, BOTTOM = 34, 12, 30, 34
PLOT_W = WIDTH - LEFT - RIGHT
PLOT_H = HEIGHT - TOP - BOTTOM
# (field, label, colour, dash pattern, marker, days after the session it was rated)
SERIES = (
    ("pain_before", "before the session", "#b45309", "", "circle", 0),
    ("pain_after", "after the session", "#1d4ed8", "", "square", 0),
    ("pain_morning", "next morning", "#15803d", "5 3", "triangle", 1),
)


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


class _Scale:
    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.first = first
        self.days = max((last - first).days + 1, 1)

    def x(self, day: dt.date, middle: bool = True) -> float:
        offset = (day - self.first).days + (0.5 if middle else 0.0)
        return LEFT + PLOT_W * offset / self.days

    @staticmethod
    def y(value: float) -> float:
        return TOP + PLOT_H * (1 - value / 10)


def _marker(shape: str, x: float, y: float, colour: str, title: str) -> str:
    tip = f"<title>{escape(title)}</title>"
    if shape == "circle":
        return f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="3.2" fill="{colour}">{tip}</circle>'
    if shape == "square":
        return (
            f'<rect x="{_fmt(x - 3)}" y="{_fmt(y - 3)}" width="6" height="6" fill="{colour}">'
            f"{tip}</rect>"
        )
    points = (
        f"{_fmt(x)},{_fmt(y - 3.8)} {_fmt(x + 3.6)},{_fmt(y + 2.6)} {_fmt(x - 3.6)},{_fmt(y + 2.6)}"
    )
    return f'<polygon points="{points}" fill="{colour}">{tip}</polygon>'


def pain_chart_svg(report: Report) -> str | None:
    """The chart, or None when the period holds no pain rating at all."""
    points = report.pain
    if not any(getattr(point, field) is not None for point in points for field, *_ in SERIES):
        return None
    first = min(report.first_day, points[0].date)
    last = max(report.today, points[-1].date)
    if report.progress.program_end < last and points[-1].date <= report.progress.program_end:
        last = report.progress.program_end
    scale = _Scale(first, last)
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="pain-title" '
        'font-size="11" font-family="inherit">',
        '<title id="pain-title">Pain from 0 to 10 before and after each session and the next '
        "morning</title>",
    ]
    parts += _weeks(report, scale, first, last)
    parts += _flares(report, scale, first, last)
    parts += _grid(limit_for_usual(report.intake.pain_now))
    for field, label, colour, dash, shape, later in SERIES:
        parts += _series(points, field, label, colour, dash, shape, later, scale)
    parts += _legend()
    parts.append("</svg>")
    return "\n".join(parts)


def _weeks(report: Report, scale: _Scale, first: dt.date, last: dt.date) -> list[str]:
    """Alternate shading for program weeks, with their numbers under the axis."""
    parts = []
    for week in report.progress.weeks:
        number = week.week
        week_first = max(week.start, first)
        week_last = min(week.end, last)
        if week_first > week_last:
            continue
        x0 = scale.x(week_first, middle=False)
        x1 = scale.x(week_last + dt.timedelta(days=1), middle=False)
        if number % 2:
            parts.append(
                f'<rect x="{_fmt(x0)}" y="{TOP}" width="{_fmt(x1 - x0)}" height="{PLOT_H}" '
                'fill="#f1f4f7"/>'
            )
        if x1 - x0 >= 24:
            parts.append(
                f'<text x="{_fmt((x0 + x1) / 2)}" y="{HEIGHT - BOTTOM + 14}" '
                f'text-anchor="middle" fill="#5f6b76">wk {number}</text>'
            )
    parts.append(
        f'<text x="{LEFT}" y="{HEIGHT - 4}" fill="#5f6b76">{escape(day_words(first))}</text>'
    )
    parts.append(
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 4}" text-anchor="end" fill="#5f6b76">'
        f"{escape(day_words(last))}</text>"
    )
    return parts


def _flares(report: Report, scale: _Scale, first: dt.date, last: dt.date) -> list[str]:
    parts = []
    for flare in report.flare_days:
        if not first <= flare.date <= last:
            continue
        x0 = scale.x(flare.date, middle=False)
        width = max(scale.x(flare.date + dt.timedelta(days=1), middle=False) - x0, 3)
        parts.append(
            f'<rect x="{_fmt(x0)}" y="{TOP}" width="{_fmt(width)}" height="{PLOT_H}" '
            f'fill="#fde2e1"><title>Flare: {escape(day_words(flare.date))}</title></rect>'
        )
        parts.append(
            f'<text x="{_fmt(x0 + width / 2)}" y="{TOP - 3}" text-anchor="middle" '
            'font-size="9" fill="#b42318">flare</text>'
        )
    return parts


def _grid(acceptable: int) -> list[str]:
    """The 0-10 grid and the acceptable-pain line in force (rules PM1, PM1b)."""
    parts = []
    for value in range(0, 11, 2):
        y = _Scale.y(value)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_fmt(y)}" y2="{_fmt(y)}" '
            'stroke="#d5dbe1" stroke-width="0.6"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{_fmt(y + 4)}" text-anchor="end" fill="#5f6b76">'
            f"{value}</text>"
        )
    y = _Scale.y(acceptable)
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_fmt(y)}" y2="{_fmt(y)}" '
        'stroke="#8a949e" stroke-width="0.8" stroke-dasharray="2 3"/>'
    )
    parts.append(
        f'<text x="{WIDTH - RIGHT - 2}" y="{_fmt(y - 3)}" text-anchor="end" font-size="9" '
        'fill="#5f6b76">acceptable during exercise up to '
        f"{acceptable}</text>"
    )
    return parts


def _series(
    points: list[PainPoint],
    field: str,
    label: str,
    colour: str,
    dash: str,
    shape: str,
    later: int,
    scale: _Scale,
) -> list[str]:
    shift = dt.timedelta(days=later)
    found = [(p.date + shift, getattr(p, field)) for p in points if getattr(p, field) is not None]
    if not found:
        return []
    coords = " ".join(f"{_fmt(scale.x(day))},{_fmt(scale.y(value))}" for day, value in found)
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    parts = [
        f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="1.6" '
        f'stroke-linejoin="round"{dashes}/>'
    ]
    parts += [
        _marker(shape, scale.x(day), scale.y(value), colour, f"{day_words(day)}: {value} {label}")
        for day, value in found
    ]
    return parts


def _legend() -> list[str]:
    parts = []
    x: float = LEFT
    for _, label, colour, dash, shape, _ in SERIES:
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x}" x2="{x + 22}" y1="12" y2="12" stroke="{colour}" '
            f'stroke-width="1.6"{dashes}/>'
        )
        parts.append(_marker(shape, x + 11, 12, colour, label))
        parts.append(f'<text x="{x + 28}" y="16" fill="#1f2933">{escape(label)}</text>')
        x += 40 + 6.2 * len(label)
    parts.append(
        f'<rect x="{_fmt(x)}" y="6" width="10" height="12" fill="#fde2e1"/>'
        f'<text x="{_fmt(x + 15)}" y="16" fill="#1f2933">flare day</text>'
    )
    return parts
