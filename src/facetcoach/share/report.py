"""The therapist report's data: the plan, the log and `today` in, a Report out. Pure.

Adherence and weekly pain are progress.py's figures, unchanged (the report and `facetcoach
progress` must agree); the check-in scores and their clinically important changes are
outcomes.py's. What this module adds is the choosing: which period, which entries, which
week's exercises. The renderers (render/report_md.py, render/report_html.py) only lay it out.

The period runs from `since` (default: the plan's creation or the program's start, whichever
is earlier) to `today`. Week rows are the program weeks that overlap it; the category
adherence and the totals cover the program so far, as in `facetcoach progress`. The first
check-in is always kept as the baseline the changes are counted from, even before `since`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from facetcoach.checkin.scoring import (
    NPRS_IMPORTANT_FRACTION,
    NPRS_IMPORTANT_POINTS,
    ODI_IMPORTANT_POINTS,
    PSFS_IMPORTANT_POINTS,
    Change,
    nprs_change,
    odi_change,
    odi_percent,
    psfs_mean,
    psfs_shared_change,
)
from facetcoach.coaching.advice import entries_from
from facetcoach.coaching.progression import as_planned
from facetcoach.errors import InputError
from facetcoach.intake.profile import profile_of
from facetcoach.intake.triage import INSTRUMENT as TRIAGE_INSTRUMENT
from facetcoach.intake.triage import triage_in_force
from facetcoach.log.entries import in_display_order
from facetcoach.models import (
    FLARE_KINDS,
    LogEntry,
    Measure,
    PlanFile,
    PlanItem,
    Screen,
    Week,
    is_one_of,
)
from facetcoach.program.changes import intake_answers, plan_history
from facetcoach.program.dose import dose_text
from facetcoach.program.planner import PHASE_FOCUS
from facetcoach.program.schedule import next_session, phase_groups, program_end, sessions, week_for
from facetcoach.share.progress import MISSED, compute_progress, session_statuses
from facetcoach.share.progress_data import Progress
from facetcoach.share.report_data import (
    CheckinScores,
    FlareDay,
    PainPoint,
    Report,
    ReportAdjustment,
    ReportExercise,
    ReportIntake,
    ReportNote,
    ReportPhase,
    ReportProgram,
    ReportScreen,
    ReportTriage,
    ScoreChange,
    SkippedExercise,
    SkippedSession,
    SymptomReport,
)

THRESHOLDS: dict[Measure, str] = {
    "nprs": f"{NPRS_IMPORTANT_POINTS} points or {round(100 * NPRS_IMPORTANT_FRACTION)}%",
    "odi": f"{ODI_IMPORTANT_POINTS} points",
    "psfs": f"{PSFS_IMPORTANT_POINTS} points",
}


def report_start(plan: PlanFile, since: dt.date | None = None) -> dt.date:
    """The first day the report covers (and so the first log entry it needs)."""
    if since is not None:
        return since
    return entries_from(plan)


def build_report(
    plan: PlanFile,
    entries: Sequence[LogEntry],
    today: dt.date,
    since: dt.date | None = None,
) -> Report:
    """The report for the period `since` (or the plan's beginning) to `today`.

    `entries` may hold more than the period (the baseline check-in can be older); entries
    dated after `today` are left out.
    """
    if since is not None and since > today:
        raise InputError(
            f"--since {since.isoformat()} is after today ({today.isoformat()}); give an "
            "earlier day."
        )
    first_day = report_start(plan, since)
    known = [entry for entry in in_display_order(entries) if entry.date <= today]
    shown = [entry for entry in known if entry.date >= first_day]
    no_extension = profile_of(plan.answers).no_extension  # E1: how its category is named
    # As `progress` counts: an exercise given at another level (or the flare routine's
    # relative of a planned one) counts as the planned one done. Found by a new user's trial:
    # the report said 7/27 where `progress` said 13/27 for the same week.
    counted = as_planned(plan, known)
    progress = compute_progress(
        plan.program, counted, today, no_extension=no_extension, exercises=plan.exercises
    )
    done_days = {e.moved_from or e.date for e in known if e.kind == "session"}
    progress = dataclasses.replace(
        progress, weeks=[week for week in progress.weeks if week.end >= first_day]
    )
    checkins = _checkins(known, min(first_day, report_start(plan)), first_day)
    from facetcoach.program.routine import suspension

    screens = [_screen(screen) for screen in plan.screens if screen.date <= today]
    held = suspension(plan, today)
    return Report(
        screens=screens,
        on_hold=_screen(held) if held is not None else None,
        today=today,
        since=since,
        first_day=first_day,
        intake=_intake(plan),
        program=_program(plan, progress, today, _recorded(known, today)),
        progress=progress,
        pain=[_pain_point(plan, entry) for entry in shown if entry.kind == "session"],
        checkins=checkins,
        changes=_changes(checkins),
        flare_days=_flare_days(shown),
        # A skip the day's session replaced later (a session recorded for it) is not listed:
        # the same rule as progress (a session counts the day done).
        skipped_sessions=[
            SkippedSession(date=entry.date, reason=entry.reason)
            for entry in shown
            if entry.kind == "skipped" and (entry.moved_from or entry.date) not in done_days
        ],
        missed_sessions=[
            session.date
            for session, status in session_statuses(plan.program, known, today)
            if status == MISSED and session.date >= first_day
        ],
        skipped_exercises=_skipped_exercises(plan, shown),
        symptoms=[
            SymptomReport(date=entry.date, symptom=entry.symptom)
            for entry in shown
            if entry.kind == "symptom" and entry.symptom
        ],
        notes=[
            ReportNote(date=entry.date, kind=entry.kind, text=entry.note)
            for entry in shown
            if entry.note
        ],
        adjustments=_adjustments(plan, known, first_day, today),
        triage=_triage(plan, known),
    )


def _triage(plan: PlanFile, entries: Sequence[LogEntry]) -> ReportTriage | None:
    """Rule ST1: the triage in force, named as the instrument it approximates."""
    found = triage_in_force(plan, entries)
    if found is None:
        return None
    t = found.triage
    return ReportTriage(
        risk=t.risk,
        total=t.total,
        psychosocial=t.psychosocial,
        source=found.source,
        date=found.date,
        instrument=TRIAGE_INSTRUMENT,
    )


def _dose(item: PlanItem) -> str:
    return dose_text(item.kind, item.sets, item.reps, item.hold_seconds, item.per_side)


def _adjustments(
    plan: PlanFile, entries: Sequence[LogEntry], first_day: dt.date, today: dt.date
) -> list[ReportAdjustment]:
    """Each decision of the coaching, listed from the first session it applied to.

    The coaching is replayed for every session day of the period (up to the next one after
    today). A row is kept when an exercise's adjustment starts, changes (another action,
    level or reason) or ends; the dose alone also moves with the program's own weekly steps,
    which is not the coaching's doing.
    """
    from facetcoach.coaching.advice import coach

    names = {exercise.id: exercise.name for exercise in plan.exercises}
    decided: dict[str, tuple[str, str, str] | None] = {}
    last_dose: dict[str, str] = {}
    rows: list[ReportAdjustment] = []
    following = next_session(plan.program, today)
    days = [s for _, s in sessions(plan.program) if s.date <= today]
    days += [following[1]] if following else []
    for session in days:
        earlier = [entry for entry in entries if entry.date < session.date]
        coaching = coach(plan, earlier, session.date, session.items)
        by_id = {a.exercise_id: a for a in coaching.adjustments}
        eased = {a.exercise_id: a.reason for a in coaching.eased}
        for item in session.items:
            exercise_id = item.exercise_id
            made = by_id.get(exercise_id)
            key = (made.action, made.given_id, made.reason) if made else None
            if key == decided.get(exercise_id):
                continue
            if made is not None:
                rows.append(
                    ReportAdjustment(
                        date=session.date,
                        exercise_id=exercise_id,
                        name=names.get(made.given_id, exercise_id),
                        action=made.action,
                        from_dose=made.from_dose,
                        to_dose=made.to_dose,
                        reason=made.reason,
                    )
                )
                last_dose[exercise_id] = made.to_dose
            elif last_dose[exercise_id] != _dose(item):
                # Back to the plan's dose; when the program's own step has met the adjusted
                # dose ("3 × 14 → 3 × 14"), nothing changes for the person: no row.
                rows.append(
                    ReportAdjustment(
                        date=session.date,
                        exercise_id=exercise_id,
                        name=names.get(exercise_id, exercise_id),
                        action="back to plan",
                        from_dose=last_dose[exercise_id],
                        to_dose=_dose(item),
                        reason="back to the program's dose"
                        + (
                            f", a step easier, {eased[exercise_id]}" if exercise_id in eased else ""
                        ),
                    )
                )
            decided[exercise_id] = key
    return [row for row in rows if row.date >= first_day]


def _screen(screen: Screen) -> ReportScreen:
    return ReportScreen(date=screen.date, occasion=screen.occasion, flagged=list(screen.flagged))


def _intake(plan: PlanFile) -> ReportIntake:
    # What was said at the intake, not the answers as `plan change` left them (found by a new
    # user's trial: "At intake ... Can exercise: Tue, Thu, Sat", the days of a later change).
    answers = intake_answers(plan)
    return ReportIntake(
        pain_now=answers.pain_now,
        pain_worst=answers.pain_worst,
        worse_with=list(answers.worse_with),
        better_with=list(answers.better_with),
        age=answers.age,
        activity=answers.activity,
        balance_concern=answers.balance_concern,
        days=list(answers.days),
        minutes=answers.minutes,
        equipment=list(answers.equipment),
        screen=plan.screen,
        screened_on=plan.screened_on,
        plan_created=plan.created_at.date(),
        walking_minutes=answers.walking_minutes,
    )


def _recorded(entries: Sequence[LogEntry], day: dt.date) -> bool:
    return any(entry.date == day and entry.kind in ("session", "skipped") for entry in entries)


def _program(
    plan: PlanFile, progress: Progress, today: dt.date, recorded_today: bool
) -> ReportProgram:
    from facetcoach.program.routine import suspension

    program = plan.program
    week = _week_to_show(plan, today)
    # Today's session is the next one until something is recorded for it.
    following = next_session(program, today if recorded_today else today - dt.timedelta(days=1))
    current = week_for(program, today)
    return ReportProgram(
        start=program.start,
        end=program_end(program),
        weeks=len(program.weeks),
        status=progress.status,
        current_week=current.number if current else None,
        current_phase=current.phase if current else None,
        current_phase_name=current.phase_name if current else None,
        # None on hold (RS1: found by a new user's trial, the report gave one).
        next_session=following[1].date if following and not suspension(plan, today) else None,
        phases=[
            ReportPhase(
                phase=phase,
                name=name,
                first_week=weeks[0].number,
                last_week=weeks[-1].number,
                focus=PHASE_FOCUS.get(phase, ""),
            )
            for phase, name, weeks in phase_groups(program.weeks)
        ],
        exercises_week=week.number if week else None,
        exercises=_week_exercises(plan, week) if week else [],
        history=plan_history(plan),
    )


def _week_to_show(plan: PlanFile, today: dt.date) -> Week | None:
    """This week; the first week before the program, the last one after it."""
    weeks = plan.program.weeks
    if not weeks:
        return None
    if today < plan.program.start:
        return weeks[0]
    return week_for(plan.program, today) or weeks[-1]


def _week_exercises(plan: PlanFile, week: Week) -> list[ReportExercise]:
    names = {exercise.id: exercise.name for exercise in plan.exercises}
    found: dict[str, ReportExercise] = {}
    for session in week.sessions:
        for item in session.items:
            dose = dose_text(item.kind, item.sets, item.reps, item.hold_seconds, item.per_side)
            seen = found.get(item.exercise_id)
            found[item.exercise_id] = ReportExercise(
                exercise_id=item.exercise_id,
                name=names.get(item.exercise_id, item.exercise_id),
                category=item.category,
                dose=dose,  # the latest dose of the week
                sessions=(seen.sessions if seen else 0) + 1,
            )
    return list(found.values())


def _pain_point(plan: PlanFile, entry: LogEntry) -> PainPoint:
    week = week_for(plan.program, entry.date)
    return PainPoint(
        date=entry.date,
        week=week.number if week else None,
        pain_before=entry.pain_before,
        pain_after=entry.pain_after,
        pain_morning=entry.pain_morning,
        effort=entry.effort,
        flare=entry.flare,
    )


def _checkins(
    entries: Sequence[LogEntry], baseline_from: dt.date, first_day: dt.date
) -> list[CheckinScores]:
    """The check-ins of the period, after the baseline: the first one from `baseline_from`."""
    rows: list[CheckinScores] = []
    for entry in entries:
        checkin = entry.checkin
        if entry.kind != "checkin" or checkin is None or entry.date < baseline_from:
            continue
        baseline = not rows
        if not baseline and entry.date < first_day:
            continue
        answered = sum(1 for score in checkin.odi if score >= 0)
        try:
            odi = odi_percent(checkin.odi)
        except InputError:  # every section skipped, or a wrong count: no score to show
            odi = None
        rows.append(
            CheckinScores(
                date=entry.date,
                nprs=checkin.nprs,
                odi_percent=odi,
                odi_sections=answered,
                psfs_mean=psfs_mean(checkin.psfs),
                psfs=dict(checkin.psfs),
                baseline=baseline,
            )
        )
    # A baseline before the period stays only when a check-in in the period follows it.
    if len(rows) == 1 and rows[0].date < first_day:
        return []
    return rows


def _changes(checkins: list[CheckinScores]) -> list[ScoreChange]:
    """Each score from the baseline check-in to the latest one that has it."""
    if len(checkins) < 2:
        return []
    first, latest = checkins[0], checkins[-1]
    changes = [_change("nprs", first, latest, nprs_change(first.nprs, latest.nprs))]
    odi = [row for row in checkins if row.odi_percent is not None]
    if len(odi) >= 2 and odi[0] is first:
        first_odi, latest_odi = first.odi_percent, odi[-1].odi_percent
        assert first_odi is not None and latest_odi is not None  # kept by the filter above
        changes.append(_change("odi", first, odi[-1], odi_change(first_odi, latest_odi)))
    # PSFS: over the activities the baseline and the latest check-in that shares one both rate.
    for row in reversed(checkins[1:]):
        activities = psfs_shared_change(first.psfs, row.psfs)
        if activities is not None:
            changes.append(_change("psfs", first, row, activities))
            break
    return changes


def _change(
    measure: Measure, first: CheckinScores, latest: CheckinScores, change: Change
) -> ScoreChange:
    return ScoreChange(
        measure=measure,
        first_date=first.date,
        latest_date=latest.date,
        first=change.first,
        latest=change.latest,
        change=change.change,
        important=change.important,
        better=change.better,
        threshold=THRESHOLDS[measure],
    )


def _flare_days(entries: Sequence[LogEntry]) -> list[FlareDay]:
    """Days with a flare: a session done as a flare routine, or a session skipped for one."""
    days: dict[dt.date, FlareDay] = {}
    for entry in entries:
        if not entry.flare or not is_one_of(entry.kind, FLARE_KINDS):
            continue
        # A day with both (skipped, then a gentle routine after all) shows the session.
        if entry.date not in days or entry.kind == "session":
            days[entry.date] = FlareDay(date=entry.date, kind=entry.kind)
    return sorted(days.values(), key=lambda day: day.date)


def _skipped_exercises(plan: PlanFile, entries: Sequence[LogEntry]) -> list[SkippedExercise]:
    names = {exercise.id: exercise.name for exercise in plan.exercises}
    # A session in two parts (two entries a day): an exercise skipped in one and done in the
    # other was not left out (found by a new user's trial).
    done_on: dict[dt.date, set[str]] = {}
    for entry in entries:
        if entry.kind == "session":
            done_on.setdefault(entry.date, set()).update(i.exercise_id for i in entry.done)
    dates: dict[str, list[dt.date]] = {}
    for entry in entries:
        if entry.kind == "session":
            for exercise_id in entry.skipped:
                days = dates.setdefault(exercise_id, [])
                if exercise_id not in done_on[entry.date] and entry.date not in days:
                    days.append(entry.date)
    dates = {exercise_id: days for exercise_id, days in dates.items() if days}
    rows = [
        SkippedExercise(
            exercise_id=exercise_id,
            name=names.get(exercise_id, exercise_id),
            times=len(days),
            dates=days,
        )
        for exercise_id, days in dates.items()
    ]
    return sorted(rows, key=lambda row: -row.times)
