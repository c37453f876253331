"""The therapist report as Markdown: readable as plain text, and in any Markdown viewer.

Each section is one function in SECTIONS, in reading order: a new section (the adaptive
coaching's adjustments) is one more function there. User text is escaped, so that a note
cannot become a heading, a link or raw HTML in a viewer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Set

from facetcoach.days import short_day
from facetcoach.program.safety import NOT_A_MEDICAL_DEVICE
from facetcoach.render.report import words as w
from facetcoach.safe_text import one_line
from facetcoach.share.report_data import Report

# What can start inline markup inside a list item or a table cell (CommonMark and GFM).
_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~])")


def escape(text: str) -> str:
    """User text as literal Markdown: control characters removed (promise 12), specials
    backslash-escaped, on one line."""
    return _SPECIAL.sub(r"\\\1", one_line(text))


def _table(header: list[str], rows: list[list[str]], right: Set[int] = frozenset()) -> list[str]:
    align = ["---:" if index in right else "---" for index in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _fields(rows: list[tuple[str, str]]) -> list[str]:
    return [f"- **{label}:** {value}" for label, value in rows]


def _intake(report: Report) -> list[str]:
    _, warn = w.screen_text(report)
    rows = [
        (label, f"**{value}**" if warn and label in ("Answers", "Red-flag screen") else value)
        for label, value in w.intake_rows(report)
    ]
    return [f"## At intake ({w.day(report.intake.plan_created)})", "", *_fields(rows)]


def _program(report: Report) -> list[str]:
    lines = ["## Program", "", *_fields(w.program_rows(report)), ""]
    lines += _table(["phase", "weeks", "focus"], [list(row) for row in w.phase_text(report)])
    if report.program.exercises:
        lines += ["", f"{w.exercises_title(report)}:", ""]
        lines += _table(
            ["exercise", "category", "dose", "sessions"],
            [
                [
                    escape(e.name),
                    w.category_word(e.category, report.progress.no_extension),
                    e.dose,
                    str(e.sessions),
                ]
                for e in report.program.exercises
            ],
            right={3},
        )
    return lines


def _weeks(report: Report) -> list[str]:
    lines = ["## Adherence and pain, week by week", "", w.adherence_text(report)]
    weeks = report.progress.weeks
    if weeks:
        lines += [""]
        lines += _table(
            w.WEEK_COLUMNS,
            [w.week_row(week) for week in weeks],
            right={0, 3, 4, 6, 7},
        )
    if report.progress.categories:
        lines += ["", "By category, program so far:", ""]
        lines += _table(
            ["category", "exercises done", "adherence"],
            [
                [
                    w.category_title(row.category, report.progress.no_extension),
                    f"{row.done}/{row.planned}",
                    w.percent(row.adherence_percent),
                ]
                for row in report.progress.categories
            ],
            right={1, 2},
        )
    return lines


def _checkins(report: Report) -> list[str]:
    lines = ["## Check-ins", ""]
    if not report.checkins:
        return [*lines, "No check-ins recorded yet."]
    lines += _table(
        ["date", "pain (NPRS)", "ODI %", "PSFS mean", "PSFS activities"],
        [
            [
                w.checkin_day(row),
                str(row.nprs),
                w.odi_text(row),
                w.number(row.psfs_mean),
                escape(w.psfs_text(row)),
            ]
            for row in report.checkins
        ],
        right={1, 2, 3},
    )
    if report.changes:
        lines += ["", "Change from the baseline:", ""]
        lines += [f"- {w.MEASURES[c.measure]}: {w.change_text(c)}" for c in report.changes]
    return lines


def _flares_and_skips(report: Report) -> list[str]:
    lines = ["## Flare-ups, skips and missed sessions", ""]
    flares = [f"{w.list_day(f.date)} ({w.flare_text(f.kind)})" for f in report.flare_days]
    lines.append(f"- **Flare days:** {'; '.join(flares) or 'none'}")
    skipped = [f"{w.list_day(s.date)} ({w.reason_text(s.reason)})" for s in report.skipped_sessions]
    lines.append(f"- **Sessions skipped, with the reason:** {'; '.join(skipped) or 'none'}")
    missed = [w.list_day(day) for day in report.missed_sessions]
    lines.append(f"- **Sessions missed (nothing recorded):** {'; '.join(missed) or 'none'}")
    if report.skipped_exercises:
        lines.append("- **Exercises left out of sessions:**")
        lines += [
            "  - " + escape(w.skipped_exercise_text(e.name, e.exercise_id, e.times, e.dates))
            for e in report.skipped_exercises
        ]
    else:
        lines.append("- **Exercises left out of sessions:** none")
    return lines


def _adjustments(report: Report) -> list[str]:
    lines = ["## Adjustments made by the coaching", ""]
    if not report.adjustments:
        return [*lines, "None: every exercise was given at the program's dose."]
    lines += ["| from | exercise | change | why |", "| --- | --- | --- | --- |"]
    for a in report.adjustments:
        change = f"{escape(a.from_dose)} → {escape(a.to_dose)}"
        lines.append(f"| {short_day(a.date)} | {escape(a.name)} | {change} | {escape(a.reason)} |")
    return lines


def _symptoms(report: Report) -> list[str]:
    lines = ["## Warning symptoms reported", ""]
    if not report.symptoms:
        return [*lines, "None reported."]
    return lines + [f"- {w.day(s.date)}: **{w.symptom_text(s.symptom)}**" for s in report.symptoms]


def _notes(report: Report) -> list[str]:
    lines = ["## Notes", ""]
    if not report.notes:
        return [*lines, "No notes."]
    return lines + [
        f"- {w.day(note.date)} ({w.note_kind(note.kind)}): {escape(note.text)}"
        for note in report.notes
    ]


SECTIONS: list[Callable[[Report], list[str]]] = [
    _intake,
    _program,
    _weeks,
    _checkins,
    _adjustments,
    _flares_and_skips,
    _symptoms,
    _notes,
]


def report_markdown(report: Report) -> str:
    lines = [f"# {w.TITLE}", "", w.subtitle(report)]
    lines += [line for text in w.attention(report) for line in ("", f"> **Attention:** {text}")]
    for section in SECTIONS:
        lines += ["", *section(report)]
    lines += ["", "---", "", w.READING_NOTE, "", NOT_A_MEDICAL_DEVICE]
    return "\n".join(lines) + "\n"
