"""The therapist report's data: what share/report.py chooses, render/report/ lays out and
`report --format json` prints (its shape is a contract: docs/commands.md). Never stored.

Models like those of models.py, kept apart so that the daily commands, which never show
them, do not build their classes at start-up (issue 15).
"""

import datetime as dt
from dataclasses import field

from facetcoach.models import FlareKind, Measure, Model, ProgramStatus, model
from facetcoach.share.progress_data import Progress

# A later section (the adjustments of the adaptive
# coaching) is added as one more field on Report with a default, and one renderer function
# per format; the other fields stay as they are (the JSON shape is a contract).


@model
class ReportIntake(Model):
    """What the user said at intake, and how and when the red-flag screen was done."""

    pain_now: int
    pain_worst: int
    worse_with: list[str]
    better_with: list[str]
    age: int
    activity: str
    balance_concern: bool
    days: list[str]
    minutes: int
    equipment: list[str]
    screen: str
    screened_on: dt.date | None
    plan_created: dt.date
    # Added in the second round (rule A1): the minutes walked a day at intake; None if not asked.
    walking_minutes: int | None = None


@model
class ReportScreen(Model):
    """A red-flag screen after the intake's (`plan screen`, a re-plan, `log checked`): the
    questions answered yes (RS1: any yes puts the program on hold)."""

    date: dt.date
    occasion: str
    flagged: list[str]


@model
class ReportTriage(Model):
    """The STarT Back-style triage in force (rule ST1): the latest check-in's, else intake's."""

    risk: str  # low, medium or high
    total: int  # yes answers, of 9
    psychosocial: int  # yes answers to items 5-9, of 5
    source: str  # "intake" or "checkin"
    date: dt.date | None  # the check-in's day; None for the intake
    instrument: str


@model
class ReportPhase(Model):
    phase: int
    name: str
    first_week: int
    last_week: int
    focus: str


@model
class ReportExercise(Model):
    """An exercise of the week shown: its dose in plain words and its sessions that week."""

    exercise_id: str
    name: str
    category: str
    dose: str
    sessions: int


@model
class ReportProgram(Model):
    start: dt.date
    end: dt.date
    weeks: int
    status: ProgramStatus
    current_week: int | None
    current_phase: int | None
    current_phase_name: str | None
    next_session: dt.date | None
    phases: list[ReportPhase]
    exercises_week: int | None  # the week whose exercises are listed
    exercises: list[ReportExercise]
    # Added later: each change of the plan and each pause, in sentences (plan_history).
    history: list[str] = field(default_factory=list)


@model
class PainPoint(Model):
    """One session entry's pain ratings (0-10), for the chart over time."""

    date: dt.date
    week: int | None
    pain_before: int | None
    pain_after: int | None
    pain_morning: int | None
    effort: int | None
    flare: bool


@model
class CheckinScores(Model):
    date: dt.date
    nprs: int
    odi_percent: float | None
    odi_sections: int  # sections answered (of 10)
    psfs_mean: float | None
    psfs: dict[str, int]
    baseline: bool  # the first check-in: the changes are counted from it


@model
class ScoreChange(Model):
    """A score from the first check-in to the latest, and whether the change matters."""

    measure: Measure
    first_date: dt.date
    latest_date: dt.date
    first: float
    latest: float
    change: float
    important: bool
    better: bool
    threshold: str


@model
class FlareDay(Model):
    date: dt.date
    kind: FlareKind


@model
class SkippedSession(Model):
    date: dt.date
    reason: str | None


@model
class SkippedExercise(Model):
    """A planned exercise left out of sessions that were done."""

    exercise_id: str
    name: str
    times: int
    dates: list[dt.date]


@model
class SymptomReport(Model):
    date: dt.date
    symptom: str


@model
class ReportNote(Model):
    date: dt.date
    kind: str  # the entry's kind: session, skipped, checkin or symptom
    text: str


@model
class ReportAdjustment(Model):
    """A change of dose made by the adaptive coaching, from the first session it applied to."""

    date: dt.date
    exercise_id: str
    name: str
    action: str  # progress, regress or hold
    from_dose: str
    to_dose: str
    reason: str


@model
class Report(Model):
    """One page for a physical therapist: `first_day` to `today` (from `since`, if given)."""

    today: dt.date
    since: dt.date | None
    first_day: dt.date
    intake: ReportIntake
    program: ReportProgram
    progress: Progress  # as `progress --json`; weeks limited to those in the period
    pain: list[PainPoint]
    checkins: list[CheckinScores]
    changes: list[ScoreChange]
    flare_days: list[FlareDay]
    skipped_sessions: list[SkippedSession]
    missed_sessions: list[dt.date]
    skipped_exercises: list[SkippedExercise]
    symptoms: list[SymptomReport]
    notes: list[ReportNote]
    # Added after the report's first version: a default keeps the shape additive.
    adjustments: list[ReportAdjustment] = field(default_factory=list)
    # Added in the second round (rule ST1): None when the triage was never answered.
    triage: ReportTriage | None = None
    # Added later (RS1; found by a new user's trial, a later yes was not in the report): the
    # screens after the intake's, and the one that holds the program today (None: not held).
    screens: list[ReportScreen] = field(default_factory=list)
    on_hold: ReportScreen | None = None
