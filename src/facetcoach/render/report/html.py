"""The therapist report as one self-contained HTML page that prints on A4.

Inline CSS and an inline SVG chart; no script, no external font, image or stylesheet, and a
Content-Security-Policy that forbids loading anything. Every piece of user text goes through
html.escape. The markup is also well-formed XML (void elements closed, no named entities but
XML's own), so a strict parser can check it.

Each section is one function in SECTIONS: a new section is one more function there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Set
from html import escape

from facetcoach.days import short_day
from facetcoach.program.safety import NOT_A_MEDICAL_DEVICE
from facetcoach.render.report import words as w
from facetcoach.render.report.chart import SERIES, pain_chart_svg
from facetcoach.share.report_data import Report

CSS = """
@page { size: A4; margin: 12mm 12mm 13mm; }
:root { --ink: #1f2933; --muted: #5f6b76; --line: #d5dbe1; --soft: #f1f4f7;
        --accent: #1d4ed8; --warn: #b42318; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 186mm; padding: 10mm 6mm; color: var(--ink);
       font: 10pt/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue",
             "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
header { border-bottom: 2pt solid var(--ink); margin-bottom: 8pt; padding-bottom: 4pt; }
h1 { font-size: 17pt; margin: 0; letter-spacing: -0.01em; }
h2 { font-size: 11pt; margin: 0 0 4pt; padding-bottom: 1.5pt;
     border-bottom: 0.75pt solid var(--line); }
h3 { font-size: 9.5pt; margin: 6pt 0 2pt; color: var(--muted); font-weight: 600; }
p { margin: 0 0 4pt; }
.sub { color: var(--muted); margin: 2pt 0 0; }
section { margin: 0 0 9pt; }
.keep { break-inside: avoid; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 0 7mm; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 1.5pt 8pt; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 1.8pt 5pt 1.8pt 0; border-bottom: 0.5pt solid var(--line);
         text-align: left; vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 8.5pt;
     border-bottom: 0.9pt solid var(--ink); }
th.n, td.n { text-align: right; white-space: nowrap; }
th.nowrap, td.nowrap { white-space: nowrap; }
tr { break-inside: avoid; }
table.checkins td:last-child { width: 45%; }
ul { margin: 0; padding-left: 12pt; }
li { margin: 0 0 1.5pt; }
.alert { border: 1.2pt solid var(--warn); color: var(--warn); border-radius: 3pt;
         padding: 3pt 7pt; margin: 0 0 8pt; font-weight: 600; }
.warn { color: var(--warn); font-weight: 600; }
.good { color: #166534; font-weight: 600; }
.muted { color: var(--muted); }
.meter { display: inline-block; width: 20mm; height: 6pt; background: var(--soft);
         border-radius: 2pt; vertical-align: middle; margin-right: 4pt; overflow: hidden; }
.meter span { display: block; height: 100%; background: var(--accent); }
figure { margin: 2pt 0 0; }
svg { display: block; width: 100%; height: auto; }
.note { font-style: italic; }
footer { color: var(--muted); font-size: 8pt; border-top: 0.75pt solid var(--line);
         padding-top: 4pt; margin-top: 6pt; }
footer p { margin: 0 0 2pt; }
.detail ul { columns: 2; column-gap: 7mm; font-size: 9pt; }
.detail li { break-inside: avoid; }
.detail h3 { margin-top: 4pt; }
.nowrap { white-space: nowrap; }
/* Printed: an eight-week program on two A4 pages (tests/test_report_layout.py measures). */
@media print {
  body { max-width: none; padding: 0; font-size: 8.6pt; line-height: 1.3; }
  section { margin-bottom: 6pt; }
  h2 { font-size: 10pt; margin-bottom: 2.5pt; }
  th, td { padding-top: 1pt; padding-bottom: 1pt; }
  figure svg { max-height: 52mm; }
  .detail ul { font-size: 7.8pt; }
}
/* A phone (400 px): the columns stack and the tables fit, so the page never scrolls sideways. */
@media screen and (max-width: 640px) {
  body { padding: 4mm 3mm; font-size: 9.5pt; }
  .cols, dl { grid-template-columns: 1fr; }
  .cols { row-gap: 9pt; }
  dt { margin-top: 3pt; }
  table { font-size: 8pt; }
  th, td { padding-right: 3pt; }
  td { overflow-wrap: anywhere; }
  th { font-size: 7pt; }
  th.n, td.n, th.nowrap, td.nowrap { white-space: normal; }
  table.checkins td:last-child { width: auto; }
  .meter { width: 12mm; }
  .detail ul { columns: 1; }
}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'"


# Control characters that neither HTML nor XML may carry (a note typed with a stray one).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def e(text: object) -> str:
    """Text for HTML: escaped, and control characters shown as U+FFFD."""
    return escape(_CONTROL.sub("\ufffd", str(text)), quote=True)


def _table(
    header: list[str],
    rows: list[list[str]],
    numeric: Set[int] = frozenset(),
    raw: bool = False,
    nowrap: Set[int] = frozenset(),
    klass: str = "",
) -> str:
    """A table; cells are escaped unless `raw` (then the caller escaped them).

    Columns in `numeric` are right-aligned, those in `nowrap` kept on one line."""

    def cell(tag: str, index: int, text: str) -> str:
        klass = ' class="n"' if index in numeric else ' class="nowrap"' if index in nowrap else ""
        return f"<{tag}{klass}>{text if raw and tag == 'td' else e(text)}</{tag}>"

    head = "".join(cell("th", i, text) for i, text in enumerate(header))
    body = "".join(
        "<tr>" + "".join(cell("td", i, text) for i, text in enumerate(row)) + "</tr>"
        for row in rows
    )
    table = f'<table class="{klass}">' if klass else "<table>"
    return f"{table}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fields(rows: list[tuple[str, str]], warn: Set[str] = frozenset()) -> str:
    warn_class = ' class="warn"'
    items = "".join(
        f"<dt>{e(label)}</dt><dd{warn_class if label in warn else ''}>{e(value)}</dd>"
        for label, value in rows
    )
    return f"<dl>{items}</dl>"


def _intake_and_program(report: Report) -> str:
    _, screen_warn = w.screen_text(report)
    intake = (
        f"<div><h2>At intake ({e(w.day(report.intake.plan_created))})</h2>"
        + _fields(w.intake_rows(report), {"Red-flag screen", "Answers"} if screen_warn else set())
        + "</div>"
    )
    phases = "".join(
        f"<li><b>{e(name)}</b>, {e(span)}: {e(focus)}</li>"
        for name, span, focus in w.phase_text(report)
    )
    program = (
        "<div><h2>Program</h2>"
        + _fields(w.program_rows(report))
        + f"<h3>Phases</h3><ul>{phases}</ul></div>"
    )
    return f'<section class="cols keep">{intake}{program}</section>'


def _weeks(report: Report) -> str:
    parts = ["<h2>Adherence and pain, week by week</h2>", f"<p>{e(w.adherence_text(report))}</p>"]
    weeks = report.progress.weeks
    if weeks:
        parts.append(
            _table(
                w.WEEK_COLUMNS,
                [w.week_row(week) for week in weeks],
                numeric={0, 2, 3, 4, 6, 7},
            )
        )
    return "<section>" + "".join(parts) + "</section>"


def _chart(report: Report) -> str:
    svg = pain_chart_svg(report)
    if svg is None:
        body = '<p class="muted">No pain ratings recorded in this period.</p>'
    else:
        labels = ", ".join(label for _, label, *_ in SERIES)
        body = (
            f"<figure>{svg}</figure>"
            f'<p class="muted">Each session\'s ratings, 0–10: {e(labels)} (drawn on the '
            "morning it was rated). Weeks of the program alternate in shade.</p>"
        )
    return f'<section class="keep"><h2>Pain over time</h2>{body}</section>'


def _categories_and_exercises(report: Report) -> str:
    rows = []
    for row in report.progress.categories:
        percent = row.adherence_percent or 0
        meter = f'<span class="meter"><span style="width: {percent}%"></span></span>'
        rows.append(
            [
                e(w.category_title(row.category, report.progress.no_extension)),
                f"{row.done}/{row.planned}",
                meter + e(w.percent(row.adherence_percent)),
            ]
        )
    left = "<div><h2>By category, program so far</h2>"
    left += (
        _table(["category", "done", "adherence"], rows, numeric={1}, raw=True, nowrap={2})
        if rows
        else '<p class="muted">Nothing due yet.</p>'
    )
    left += "</div>"
    right = f"<div><h2>{e(w.exercises_title(report))}</h2>"
    right += _table(
        ["exercise", "dose", "sessions"],
        [[ex.name, ex.dose, str(ex.sessions)] for ex in report.program.exercises],
        numeric={2},
    )
    right += "</div>"
    return f'<section class="cols keep">{left}{right}</section>'


def _checkins(report: Report) -> str:
    parts = ["<h2>Check-ins</h2>"]
    if not report.checkins:
        parts.append('<p class="muted">No check-ins recorded yet.</p>')
    else:
        parts.append(
            _table(
                ["date", "pain (NPRS)", "ODI %", "PSFS mean", "PSFS activities"],
                [
                    [
                        w.checkin_day(row),
                        str(row.nprs),
                        w.odi_text(row),
                        w.number(row.psfs_mean),
                        w.psfs_text(row),
                    ]
                    for row in report.checkins
                ],
                numeric={1, 2, 3},
                nowrap={0},
                klass="checkins",
            )
        )
    if report.changes:
        items = []
        for change in report.changes:
            moved, verdict = w.change_parts(change)
            klass = "good" if change.better else "warn"
            shown = f'<span class="{klass}">{e(verdict)}</span>' if change.important else e(verdict)
            items.append(
                f"<li><b>{e(w.MEASURES[change.measure])}</b>: {e(moved)}: {shown} "
                f"(threshold {e(change.threshold)}).</li>"
            )
        parts.append(f"<h3>Change from the baseline</h3><ul>{''.join(items)}</ul>")
    return "<section>" + "".join(parts) + "</section>"  # rows never break; the section may


def _adjustments(report: Report) -> str:
    """The coaching's decisions in a few lines, one per decision; each dose is in the detail
    at the end of the report (a row per exercise, with its reason, made a page of its own)."""
    title = "<h2>Adjustments made by the coaching</h2>"
    if not report.adjustments:
        return (
            f'<section class="keep">{title}<p class="muted">None: every exercise was given at '
            "the program's dose.</p></section>"
        )
    lines = "".join(
        f"<li>{e(w.adjustment_summary(group))}</li>"
        for group in w.adjustment_groups(report.adjustments)
    )
    more = '<p class="muted">Each dose: <a href="#adjustments">the detail</a> at the end.</p>'
    return f'<section class="keep">{title}<ul>{lines}</ul>{more}</section>'


def _adjustment_detail(report: Report) -> str:
    """Each dose the coaching changed, by decision: the reason once, then its exercises."""
    if not report.adjustments:
        return ""
    parts = ['<section id="adjustments" class="detail"><h2>Adjustments in detail</h2>']
    for group in w.adjustment_groups(report.adjustments):
        parts.append(f"<h3>{e(group[0].reason[0].upper() + group[0].reason[1:])}</h3><ul>")
        parts += [
            f'<li><span class="nowrap">{e(short_day(a.date))}</span> {e(a.name)}: '
            f"{e(a.from_dose)} → {e(a.to_dose)}</li>"
            for a in group
        ]
        parts.append("</ul>")
    parts.append("</section>")
    return "".join(parts)


def _flares_skips_symptoms_notes(report: Report) -> str:
    flares = "; ".join(f"{w.list_day(f.date)} ({w.flare_text(f.kind)})" for f in report.flare_days)
    skipped = "; ".join(
        f"{w.list_day(s.date)} ({w.reason_text(s.reason)})" for s in report.skipped_sessions
    )
    missed = "; ".join(w.list_day(day) for day in report.missed_sessions)
    left = [
        "<div><h2>Flare-ups, skips and missed sessions</h2><dl>",
        f"<dt>Flare days</dt><dd>{e(flares or 'none')}</dd>",
        f"<dt>Skipped</dt><dd>{e(skipped or 'none')}</dd>",
        f"<dt>Missed</dt><dd>{e(missed or 'none')}</dd>",
        "</dl><h3>Exercises left out of sessions</h3>",
    ]
    if report.skipped_exercises:
        left.append(
            "<ul>"
            + "".join(
                f"<li>{e(w.skipped_exercise_text(x.name, x.exercise_id, x.times, x.dates))}</li>"
                for x in report.skipped_exercises
            )
            + "</ul>"
        )
    else:
        left.append("<p>None.</p>")
    left.append("</div>")
    right = ["<div><h2>Warning symptoms reported</h2>"]
    if report.symptoms:
        right.append(
            "<ul>"
            + "".join(
                f'<li><span class="warn">{e(w.symptom_text(s.symptom))}</span>, '
                f"{e(w.day(s.date))}</li>"
                for s in report.symptoms
            )
            + "</ul>"
        )
    else:
        right.append("<p>None reported.</p>")
    right.append('<h2 style="margin-top: 8pt">Notes</h2>')
    if report.notes:
        right.append(
            "<ul>"
            + "".join(
                f"<li>{e(short_day(n.date))} ({e(w.note_kind(n.kind))}): "
                f'<span class="note">{e(n.text)}</span></li>'
                for n in report.notes
            )
            + "</ul>"
        )
    else:
        right.append('<p class="muted">No notes.</p>')
    right.append("</div>")
    return f'<section class="cols">{"".join(left)}{"".join(right)}</section>'


SECTIONS: list[Callable[[Report], str]] = [
    _intake_and_program,
    _chart,
    _weeks,
    _checkins,
    _adjustments,
    _categories_and_exercises,
    _flares_skips_symptoms_notes,
    _adjustment_detail,
]


def report_html(report: Report) -> str:
    alerts = "".join(f'<p class="alert">{e(text)}</p>' for text in w.attention(report))
    body = "\n".join(section(report) for section in SECTIONS)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8"/>\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}"/>\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>\n'
        f"<title>{e(w.TITLE)}, {e(w.day(report.today))}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n"
        f'<header><h1>{e(w.TITLE)}</h1><p class="sub">{e(w.subtitle(report))}</p></header>\n'
        f"{alerts}\n{body}\n"
        f"<footer><p>{e(w.READING_NOTE)}</p><p>{e(NOT_A_MEDICAL_DEVICE)}</p></footer>\n"
        "</body>\n</html>\n"
    )
