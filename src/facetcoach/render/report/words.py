"""The therapist report's words, shared by the Markdown and HTML renderers. Pure; no markup.

Every function returns plain text (user text untouched): each renderer escapes it for its
own format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from facetcoach.days import day_text, day_words, short_day, span_text
from facetcoach.intake.answers import TRIGGER_WORDS
from facetcoach.models import FlareKind
from facetcoach.program.wording import category_words
from facetcoach.share.progress_data import WeekProgress
from facetcoach.share.report_data import CheckinScores, Report, ReportAdjustment, ScoreChange

TITLE = "Home exercise report"
MEASURES = {
    "nprs": "Pain (NPRS, 0–10)",
    "odi": "Disability (ODI %)",
    "psfs": "Function (PSFS mean, 0–10)",
}
SYMPTOM_WORDS = {
    "numbness": "new numbness",
    "weakness": "new weakness",
    "leg-pain": "pain spreading down the leg",
}
NOTE_KINDS = {
    "session": "session",
    "skipped": "skipped session",
    "checkin": "check-in",
    "symptom": "symptom",
    "walk": "walk",
}
READING_NOTE = (
    "All scores are self-reported. Pain is rated 0–10 (NPRS) before and after each session and "
    "the next morning. ODI % approximates the Oswestry Disability Index (10 sections, 0–5 each, "
    "in facetcoach's own words); PSFS is the Patient-Specific Functional Scale (0 = unable, "
    "10 = as before the problem). Clinically important changes: NPRS 2 points or 30%, ODI 10 "
    "points, PSFS 2 points on the average."
)


day = day_text
list_day = day_words  # in lists, where the report's period gives the year


def number(value: float | None, unit: str = "") -> str:
    return "–" if value is None else f"{value:.1f}{unit}"


def words(keys: list[str], table: dict[str, str] | None = None, empty: str = "none") -> str:
    if not keys:
        return empty
    return ", ".join((table or {}).get(key, key.replace("_", " ")) for key in keys)


def subtitle(report: Report) -> str:
    return (
        f"For a physical therapist, from facetcoach. Covers {day(report.first_day)} to "
        f"{day(report.today)}."
    )


def screen_text(report: Report) -> tuple[str, bool]:
    """The red-flag screen in words, and whether it needs attention (not answered)."""
    intake = report.intake
    when = f" on {day(intake.screened_on)}" if intake.screened_on else ""
    if report.on_hold is not None:
        return f"{on_hold_text(report)}.", True
    if report.screens:
        from facetcoach.intake.screen import flag_words

        first = (
            "not answered at intake (plan --yes)"
            if intake.screen == "assumed-no"
            else f"answered{when}: no warning signs"
        )
        later = [
            f"a yes on {day(s.date)} ({'; '.join(flag_words(s.flagged))})"
            if s.flagged
            else f"no warning signs on {day(s.date)}"
            for s in report.screens
        ]
        return "; then ".join([first, *later]) + ".", False
    if intake.screen == "assumed-no":
        return (
            f'NOT answered: every question was taken as "no" (plan --yes){when}. '
            "Please go through the red flags with the patient.",
            True,
        )
    return f"answered{when}: no warning signs.", False


def on_hold_text(report: Report) -> str:
    """RS1: the later screen with a yes that holds the program (report.on_hold set)."""
    from facetcoach.intake.screen import flag_words

    held = report.on_hold
    assert held is not None
    return (
        f"answered yes on {day(held.date)} ({'; '.join(flag_words(held.flagged))}): the "
        "program is on hold until a clinician has checked the patient"
    )


def attention(report: Report) -> list[str]:
    """What a therapist must not miss, for the top of the report."""
    lines = []
    if report.on_hold is not None:
        lines.append(f"Red-flag screen {on_hold_text(report)}.")
    if report.symptoms:
        found = "; ".join(
            f"{symptom_text(s.symptom)} ({short_day(s.date)})" for s in report.symptoms
        )
        lines.append(f"Warning symptoms reported: {found}.")
    if report.intake.screen == "assumed-no" and not report.screens:
        lines.append("The red-flag screen was not answered (plan --yes).")
    if report.triage is not None and report.triage.risk == "high":
        t = report.triage
        lines.append(
            f"STarT Back-style triage: high risk ({t.total} of 9 yes, {t.psychosocial} of 5 "
            "psychosocial). Care supported by a clinician is recommended alongside the program."
        )  # ST1
    return lines


def triage_text(report: Report) -> str:
    """'medium risk, 5 of 9 yes, 2 of 5 psychosocial; check-in of 21 Dec' (rule ST1)."""
    t = report.triage
    if t is None:
        return "not answered"
    when = f"check-in of {short_day(t.date)}" if t.date else "at intake"
    return f"{t.risk} risk, {t.total} of 9 yes, {t.psychosocial} of 5 psychosocial; {when}"


def intake_rows(report: Report) -> list[tuple[str, str]]:
    intake = report.intake
    balance = (
        "a fall or unsteadiness in the past year"
        if intake.balance_concern
        else "no fall or unsteadiness in the past year"
    )
    rows = []
    if intake.screen == "assumed-no":
        # `plan --yes` takes the defaults for every answer as well as for the screen.
        rows.append(("Answers", "the defaults of plan --yes, not the patient's own"))
    return [
        *rows,
        ("Pain", f"{intake.pain_now}/10 now, {intake.pain_worst}/10 at worst in the past week"),
        ("Worse with", words(intake.worse_with, TRIGGER_WORDS, "nothing named")),
        ("Eased by", words(intake.better_with, TRIGGER_WORDS, "nothing named")),
        ("About", f"age {intake.age}, {intake.activity}; {balance}"),
        (
            "Can exercise",
            f"{words([d.capitalize() for d in intake.days])}, up to {intake.minutes} min",
        ),
        ("Equipment", words(intake.equipment)),
        ("Walking", walking_text(intake.walking_minutes)),
        ("Triage (approximates STarT Back)", triage_text(report)),
        ("Red-flag screen", screen_text(report)[0]),
    ]


def walking_text(minutes: int | None) -> str:
    """Rule A1: what the daily walking target started from."""
    if minutes is None:
        return "not asked"
    if minutes == 0:
        return "not walking for exercise at intake: no walking target"
    return f"{minutes} min a day without a flare-up; the target grows about 10% a week"


def program_rows(report: Report) -> list[tuple[str, str]]:
    program = report.program
    rows = [("Length", f"{program.weeks} weeks, {day(program.start)} to {day(program.end)}")]
    if program.status == "before":
        rows.append(("Now", f"not started; starts on {day(program.start)}"))
    elif program.status == "after":
        rows.append(("Now", f"ended on {day(program.end)}"))
    else:
        rows.append(
            (
                "Now",
                f"week {program.current_week} of {program.weeks}, phase "
                f"{program.current_phase} ({program.current_phase_name})",
            )
        )
    if program.next_session is not None:
        rows.append(("Next session", day(program.next_session)))
    if program.history:  # the plan's changes and pauses since the intake
        rows.append(("Changes", " ".join(program.history)))
    return rows


def phase_text(report: Report) -> list[tuple[str, str, str]]:
    """(phase, weeks, focus) for each phase."""
    rows = []
    for phase in report.program.phases:
        span = (
            f"week {phase.first_week}"
            if phase.first_week == phase.last_week
            else f"weeks {phase.first_week}–{phase.last_week}"
        )
        rows.append((f"{phase.phase}. {phase.name}", span, phase.focus))
    return rows


def exercises_title(report: Report) -> str:
    program = report.program
    if program.exercises_week is None:
        return "Exercises"
    which = "this week" if program.status == "during" else f"week {program.exercises_week}"
    return f"Exercises {which} (week {program.exercises_week})"


def category_word(category: str, no_extension: bool = False) -> str:
    return category_words(category, no_extension)


def category_title(category: str, no_extension: bool = False) -> str:
    # plan_words' words, not render/exercises' titles: those would import Rich.
    return category_word(category, no_extension).capitalize()


def adherence_text(report: Report) -> str:
    progress = report.progress
    if progress.status == "before":
        return f"The program starts on {day(progress.program_start)}: nothing is due yet."
    totals = progress.totals
    if not totals.sessions_planned:
        return "No session is due yet."
    parts = [f"Sessions due so far: {totals.sessions_done} of {totals.sessions_planned} done"]
    if totals.sessions_excused:
        parts.append(f"{totals.sessions_excused} skipped with a reason")
    if totals.sessions_missed:
        parts.append(f"{totals.sessions_missed} missed")
    text = ", ".join(parts) + "."
    if totals.adherence_percent is not None:
        text += (
            f" Exercises: {totals.exercises_done} of {totals.exercises_planned} done "
            f"({totals.adherence_percent}%)."
        )
    streak = progress.streak
    text += f" Sessions done in a row: {streak.current} (best {streak.best})."
    return text


def week_dates(week: WeekProgress) -> str:
    return span_text(week.start, week.end)


def week_pain(week: WeekProgress) -> str:
    if week.pain_before is None and week.pain_after is None:
        return "–"
    return f"{number(week.pain_before)} → {number(week.pain_after)}"


def week_sessions(week: WeekProgress) -> str:
    return f"{week.sessions_done}/{week.sessions_planned}"


def week_exercises(week: WeekProgress) -> str:
    text = f"{week.exercises_done}/{week.exercises_planned}"
    if week.adherence_percent is not None:
        text += f" ({week.adherence_percent}%)"
    if week.extra_exercises:
        text += f" +{week.extra_exercises} extra"
    return text


def week_excused(week: WeekProgress) -> str:
    if not week.sessions_excused:
        return "–"
    reasons = ", ".join(dict.fromkeys(week.skip_reasons))
    return f"{week.sessions_excused} ({reasons})" if reasons else str(week.sessions_excused)


def percent(value: int | None) -> str:
    return "–" if value is None else f"{value}%"


def checkin_day(row: CheckinScores) -> str:
    return f"{short_day(row.date)} {row.date.year}" + (" (baseline)" if row.baseline else "")


def odi_text(row: CheckinScores) -> str:
    if row.odi_percent is None:
        return "–"
    sections = "" if row.odi_sections == 10 else f" ({row.odi_sections}/10 answered)"
    return f"{row.odi_percent:.1f}%{sections}"


def psfs_text(row: CheckinScores) -> str:
    return ", ".join(f"{activity} {score}" for activity, score in row.psfs.items()) or "–"


def score(measure: str, value: float) -> str:
    if measure == "nprs":
        return f"{value:g}"
    return f"{value:.1f}%" if measure == "odi" else f"{value:.1f}"


def change_parts(change: ScoreChange) -> tuple[str, str]:
    """('6 → 3 (−3, 7 Dec to 21 Dec)', 'a clinically important improvement')."""
    sign = "+" if change.change > 0 else "−" if change.change < 0 else "±"
    size = f"{abs(change.change):g}" if change.measure == "nprs" else f"{abs(change.change):.1f}"
    unit = " points" if change.measure == "odi" else ""
    moved = (
        f"{score(change.measure, change.first)} → {score(change.measure, change.latest)} "
        f"({sign}{size}{unit}, {short_day(change.first_date)} to "
        f"{short_day(change.latest_date)})"
    )
    if not change.important:
        verdict = "not a clinically important change"
    elif change.better:
        verdict = "a clinically important improvement"
    else:
        verdict = "a clinically important worsening"
    return moved, verdict


def change_text(change: ScoreChange) -> str:
    """'6 → 3 (−3, ...): a clinically important improvement (threshold 2 points or 30%).'"""
    moved, verdict = change_parts(change)
    return f"{moved}: {verdict} (threshold {change.threshold})."


def flare_text(kind: FlareKind) -> str:
    return "gentle flare routine done" if kind == "session" else "session skipped"


def reason_text(reason: str | None) -> str:
    return reason or "no reason given"


def symptom_text(symptom: str) -> str:
    return SYMPTOM_WORDS.get(symptom, symptom)


def note_kind(kind: str) -> str:
    return NOTE_KINDS.get(kind, kind)


def skipped_exercise_text(name: str, exercise_id: str, times: int, dates: list[dt.date]) -> str:
    when = ", ".join(short_day(value) for value in dates)
    noun = "time" if times == 1 else "times"
    return f"{name} ({exercise_id}): {times} {noun} ({when})"


WEEK_COLUMNS = [
    "week",
    "dates",
    "phase",
    "sessions",
    "exercises",
    "skipped",
    "pain before → after",
    "next morning",
    "walked (min)",
]


def week_row(week: WeekProgress) -> list[str]:
    """One row of the week-by-week table, in WEEK_COLUMNS order (both formats)."""
    return [
        str(week.week),
        week_dates(week),
        str(week.phase),
        week_sessions(week),
        week_exercises(week),
        week_excused(week),
        week_pain(week),
        number(week.pain_morning),
        week_walked(week),
    ]


def week_walked(week: WeekProgress) -> str:
    """'47 on 3 days (target 10/day)': the week's walking (rule A1)."""
    days = "1 day" if week.walking_days == 1 else f"{week.walking_days} days"
    text = f"{week.walked_minutes} on {days}" if week.walking_days else "–"
    return text + (f" (target {week.walking_target}/day)" if week.walking_target else "")


# --- The coaching's adjustments, summed up ----------------------------------------------------

ACTION_WORDS = {
    "progress": "a step up",
    "regress": "a step down",
    "hold": "held",
    "back to plan": "back to the program's dose",
}


def adjustment_groups(adjustments: Sequence[ReportAdjustment]) -> list[list[ReportAdjustment]]:
    """The adjustments by decision: the same action for the same reason, in the order they
    were first made (a reason names its cause and its day, so it tells one decision)."""
    groups: dict[tuple[str, str], list[ReportAdjustment]] = {}
    for adjustment in adjustments:
        groups.setdefault((adjustment.action, adjustment.reason), []).append(adjustment)
    return list(groups.values())


def adjustment_summary(group: Sequence[ReportAdjustment]) -> str:
    """One line for a decision: '11–14 Dec: 5 exercises a step up (Single knee to chest,
    Chin tuck, …), after two easy sessions (Mon 7 Dec and Wed 9 Dec).'"""
    first, last = group[0].date, group[-1].date
    when = short_day(first) if first == last else span_text(first, last)
    names = list(dict.fromkeys(a.name for a in group))
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    count = f"{len(names)} exercise{'' if len(names) == 1 else 's'}"
    action = ACTION_WORDS.get(group[0].action, group[0].action)
    return f"{when}: {count} {action} ({shown}), {group[0].reason}."
