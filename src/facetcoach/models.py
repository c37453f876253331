"""The data facetcoach works with: the plan, the log, the day's routine and its advice.

Plain dataclasses, so that reading a saved plan costs no pydantic import:
`facetcoach today` runs every day and must start about as fast as Typer itself.
`validation.py` builds strict pydantic validators from these same classes for the
edges where files and user input come in; the `Range` and `Matches` markers of
constraints.py carry the bounds into those validators without importing pydantic here.
The shapes that only `progress`, `report` and the bundle show are models of the same kind
in share/progress_data.py, share/report_data.py and bundle/contents.py: `today` and `log`
never build those classes (2 of this module's 6 ms, issue 15).

Its annotations are evaluated when each class is made (no `from __future__ import
annotations` here): a reader of plan.json then needs the types as objects, and evaluating
each annotation's text at the first read of a plan was 3 of its 9 ms (issue 15).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import MISSING, dataclass, field, fields
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeGuard, TypeVar, get_args

from facetcoach.constraints import KEBAB, NONEMPTY, UUID, Range

# Python 3.11 compiles every generated dataclass method separately at import, and the daily
# `today` pays for each: so the models share the comparison and repr of Model below, and each
# compiles its __init__ only once it has made many instances (_keyword_init, _Filler):
# dataclasses would compile all 50 at import (models.py 28 -> 9 ms), and `today` builds a dozen
# kinds, most of them a few times. They are
# not frozen (frozen __init__ is slower, and reading ten years of log builds thousands of
# them): treat them as values and change them with dataclasses.replace(), never in place.
# The classes @model made. Their __init__ only sets each field from its keyword, its default
# or its default factory: model_json.py builds the models it reads without calling it.
MADE_BY_MODEL: set[type] = set()

if TYPE_CHECKING:
    # For the type checker only: `model` is a dataclass decorator (keyword-only fields;
    # the comparison comes from Model). typing_extensions is imported by the checker, never at
    # run time (it is not a dependency; typing.dataclass_transform is Python 3.11+).
    from dataclasses import Field
    from typing import ClassVar

    from typing_extensions import dataclass_transform

    _T = TypeVar("_T")

    @dataclass_transform(kw_only_default=True, eq_default=False, field_specifiers=(field,))
    def model(cls: type[_T], /) -> type[_T]: ...

else:
    _dataclass = dataclass(slots=True, kw_only=True, eq=False, repr=False, init=False)

    def model(cls):
        if cls.__doc__ is None:
            # Else dataclasses writes one from inspect.signature(cls), which parses the text
            # signature of object.__init__ for each class: 12 of models.py's 25 ms.
            cls.__doc__ = f"{cls.__name__}: see its fields."
        made = _dataclass(cls)
        made.__init__ = _init_until_compiled  # its own, not one inherited from another model
        MADE_BY_MODEL.add(made)
        return made

    def _init_until_compiled(self, **values):
        cls = type(self)
        filler = _fillers.get(cls)
        if filler is None:
            filler = _fillers[cls] = _Filler(cls)
        if not filler.fill(self, values):
            _keyword_init(cls)(self, **values)


# A model's first instances are filled in from a table of its fields (_Filler); its __init__
# is compiled at the next one (_keyword_init). Compiling is 0.1-0.35 ms a kind, a table 1-3 us
# slower an instance than the compiled __init__: `today` made five kinds (a week, 48 sessions,
# the program, the plan, the day's routine) and compiled each, about 1 ms of every start that
# reads the plan (issue 15), while a kind made by the thousand still gets its compiled __init__.
_COMPILE_AFTER = 50
_fillers: dict[type, "_Filler"] = {}


class _Filler:
    """What a model's __init__ does, from a table of its fields: each field from its keyword,
    its default or its default factory."""

    __slots__ = ("defaults", "factories", "names", "required", "uses")

    def __init__(self, cls: type) -> None:
        specs = fields(cls)
        self.names = frozenset(spec.name for spec in specs)
        self.required = frozenset(
            spec.name
            for spec in specs
            if spec.default is MISSING and spec.default_factory is MISSING
        )
        self.defaults = [(spec.name, spec.default) for spec in specs if spec.default is not MISSING]
        self.factories = [
            (spec.name, spec.default_factory)
            for spec in specs
            if spec.default_factory is not MISSING
        ]
        # A field(init=False) is refused by _keyword_init, at the first instance.
        self.uses = 0 if all(spec.init for spec in specs) else _COMPILE_AFTER

    def fill(self, made: Any, values: dict[str, Any]) -> bool:
        """Set the fields of `made`, a new instance, from `values`; False when the compiled
        __init__ is due instead: after _COMPILE_AFTER instances, or to say what is wrong with
        `values` (a keyword missing or unknown) in its own words."""
        self.uses += 1
        keys = values.keys()
        if self.uses > _COMPILE_AFTER or not (keys <= self.names and self.required <= keys):
            return False
        for name, value in values.items():
            setattr(made, name, value)
        for name, default in self.defaults:
            if name not in values:
                setattr(made, name, default)
        for name, factory in self.factories:
            if values.get(name, MISSING) is MISSING:  # (as the compiled one: MISSING given)
                setattr(made, name, factory())
        return True


class Model:
    """Value equality and a readable repr for every model, written once."""

    __slots__ = ()

    if TYPE_CHECKING:
        # Set on every subclass by @model (this base itself is not a dataclass).
        __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(
            getattr(self, name) == getattr(other, name) for name in self.__dataclass_fields__
        )

    __hash__ = None  # type: ignore[assignment]  # equal by value and mutable lists inside

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__dataclass_fields__)
        return f"{type(self).__name__}({values})"


def _keyword_init(cls: type) -> Any:
    """The __init__ that @dataclass(kw_only=True) would write for `cls`, compiled and set on
    it (tests/test_models.py compares the two)."""
    params: list[str] = []
    body: list[str] = []
    scope: dict[str, Any] = {"MISSING": MISSING}
    for spec in fields(cls):
        name = spec.name
        if not spec.init:
            raise TypeError(f"{cls.__name__}.{name}: field(init=False) is not for models")
        if spec.default is not MISSING:
            scope[f"d_{name}"] = spec.default
            params.append(f"{name}=d_{name}")
            body.append(f"self.{name} = {name}")
        elif spec.default_factory is not MISSING:
            scope[f"f_{name}"] = spec.default_factory
            params.append(f"{name}=MISSING")
            body.append(f"self.{name} = f_{name}() if {name} is MISSING else {name}")
        else:
            params.append(name)
            body.append(f"self.{name} = {name}")
    signature = ", ".join(["self", "*", *params] if params else ["self"])
    source = f"def __init__({signature}):\n    " + "\n    ".join(body or ["pass"])
    exec(source, scope)  # (the names are field names: identifiers, checked by dataclasses)
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[misc]
    return init


SCHEMA_VERSION: Literal[1] = 1

Category = Literal["core", "rom", "posture", "balance", "extension"]
Kind = Literal["stretch", "mobility", "isometric", "strength", "balance"]
Equipment = Literal["mat", "chair", "wall", "counter", "band", "ball", "towel", "foam_roller"]
Position = Literal["lying", "kneeling", "seated", "standing"]
Direction = Literal["extension", "flexion", "rotation", "side_bend", "neutral"]
Trigger = Literal["extension", "flexion", "rotation", "sitting", "standing", "walking", "lifting"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Activity = Literal["sedentary", "moderate", "active"]
SkipReason = Literal["flare", "sick", "travel", "other"]
Symptom = Literal["numbness", "weakness", "leg-pain"]
# "walk" (rule A1): minutes walked on a day, recorded on their own (`log --walked` alone).
Risk = Literal["low", "medium", "high"]  # rule ST1
PromptLevel = Literal["urgent", "warning", "info"]
EntryKind = Literal["session", "skipped", "checkin", "symptom", "checked", "walk"]
Support = Literal["both-hands", "one-hand", "fingertips", "hovering", "none"]
# How the red-flag screen was done: the user answered it (interactively or in an answers
# file), or `plan --yes` assumed "no" to every question.
ScreenMethod = Literal["answered", "assumed-no"]
Phase = Literal[1, 2, 3]
# What a day holds: a session or rest day of the program, a day before or after it, a paused
# or suspended (red flag) program, or a missed session offered on a rest day.
DayStatus = Literal["session", "rest", "before", "after", "paused", "suspended", "moved"]
ProgramStatus = Literal["before", "during", "after"]
# The outcome measures of a check-in: pain (NPRS), function (ODI) and activities (PSFS).
Measure = Literal["nprs", "odi", "psfs"]
# A flare day of the therapist report: a (gentle) session done, or the session skipped.
FlareKind = Literal["session", "skipped"]
# When a later red-flag screen was taken: `plan screen`, a re-plan, or `log checked`.
ScreenOccasion = Literal["screen", "replan", "checked"]
# How a plan was revised (Revision below).
RevisionKind = Literal["change", "continue", "restart"]
# What `import` did with an entry both logs hold in different versions (Conflict below).
ConflictDecision = Literal["taken", "kept", "refused", "deleted", "restored"]

# The same words as tuples, in the order written above (menus, help texts, sorting).
CATEGORIES: tuple[Category, ...] = get_args(Category)
KINDS: tuple[Kind, ...] = get_args(Kind)
EQUIPMENT: tuple[Equipment, ...] = get_args(Equipment)
POSITIONS: tuple[Position, ...] = get_args(Position)
DIRECTIONS: tuple[Direction, ...] = get_args(Direction)
TRIGGERS: tuple[Trigger, ...] = get_args(Trigger)
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)
ACTIVITY_LEVELS: tuple[Activity, ...] = get_args(Activity)
SKIP_REASONS: tuple[SkipReason, ...] = get_args(SkipReason)
SYMPTOMS: tuple[Symptom, ...] = get_args(Symptom)
ENTRY_KINDS: tuple[EntryKind, ...] = get_args(EntryKind)
SCREEN_METHODS: tuple[ScreenMethod, ...] = get_args(ScreenMethod)
PHASES: tuple[Phase, ...] = get_args(Phase)
# How much a standing balance exercise holds on (B4b), from the most support to the least.
SUPPORTS: tuple[Support, ...] = get_args(Support)
FLARE_KINDS: tuple[FlareKind, ...] = get_args(FlareKind)

W = TypeVar("W", bound=str)


def is_one_of(word: str, words: Sequence[W]) -> TypeGuard[W]:
    """`word in words`, said so that the type checker knows `word` is one of them after."""
    return word in words


ExerciseId = Annotated[str, KEBAB]
Text = Annotated[str, NONEMPTY]
Pain = Annotated[int, Range(0, 10)]
Count = Annotated[int, Range(1, 20)]
Seconds = Annotated[int, Range(1, 300)]

# Pydantic reads this on each dataclass: unknown keys are errors, and stored values
# are never coerced ("7" is not 7). A plain dict, so this module needs no pydantic.
STRICT = {"extra": "forbid", "strict": True, "allow_inf_nan": False}


# --- The exercise library (data/exercises.toml) -------------------------------------


@model
class Exercise(Model):
    id: ExerciseId
    name: Text
    category: Category
    level: Literal[1, 2, 3]
    kind: Kind
    sets: Annotated[int, Range(1, 5)]
    rest_seconds: Annotated[int, Range(0, 180)]
    per_side: bool
    equipment: list[Equipment]
    position: Position
    loads: list[Direction]
    end_range_extension: bool
    steps: list[Text]
    cues: list[Text]
    cautions: list[Text]
    summary: str = ""
    reps: Count | None = None
    hold_seconds: Seconds | None = None
    extension_stage: Literal[1, 2, 3] | None = None
    progression: ExerciseId | None = None
    regression: ExerciseId | None = None
    # Added in the second round (B4b), for balance work: how much the hands hold on (standing
    # balance; None when not said, which counts as "none"), and whether the eyes are closed.
    support: Support | None = None
    eyes_closed: bool = False
    # The plan's one line on why the exercise is there (wording.why); "" for the category's.
    why: str = ""

    __pydantic_config__ = STRICT


@model
class LibraryFile(Model):
    """One library file as written: a schema version and its exercises."""

    schema_version: Literal[1]
    exercises: list[Exercise]

    __pydantic_config__ = STRICT


@dataclass(slots=True)
class Library:
    """The validated, merged library: the built-in exercises with the user's over them."""

    exercises: tuple[Exercise, ...]
    sources: tuple[str, ...] = ()

    def get(self, exercise_id: str) -> Exercise | None:
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        return None

    def by_id(self) -> dict[str, Exercise]:
        return {exercise.id: exercise for exercise in self.exercises}


# --- The intake (the answers file of `facetcoach plan --answers`) -------------------


@model
class RedFlags(Model):
    """The red-flag screen: every question answered; any True stops the plan."""

    # possible cauda equina: emergency department now
    saddle_numbness: bool
    bladder_bowel_change: bool
    sexual_function_change: bool
    both_legs: bool
    # progressive neurological loss: same-day medical assessment
    worsening_weakness: bool
    spreading_numbness: bool
    # possible infection: same-day medical assessment
    fever_or_unwell: bool
    weakened_immunity: bool
    recent_infection_or_injection: bool
    # possible cancer: see a doctor promptly
    cancer_history: bool
    unexplained_weight_loss: bool
    constant_night_pain: bool
    # possible fracture: medical assessment before exercising
    major_trauma: bool
    minor_trauma_osteoporosis: bool

    __pydantic_config__ = STRICT


@model
class StartBack(Model):
    """The nine yes/no triage questions of rule ST1 (intake/triage.py has their words)."""

    leg_pain: bool
    shoulder_or_neck_pain: bool
    walks_only_short_distances: bool
    dresses_slowly: bool
    # items 5-9: the psychosocial subscale
    unsafe_to_be_active: bool
    worrying_thoughts: bool
    back_is_terrible: bool
    not_enjoying_things: bool
    very_bothersome: bool

    __pydantic_config__ = STRICT


@model
class Triage(Model):
    """The triage's result (rule ST1): its risk, the yes count, the psychosocial count."""

    risk: Risk
    total: Annotated[int, Range(0, 9)]
    psychosocial: Annotated[int, Range(0, 5)]

    __pydantic_config__ = STRICT


@model
class Answers(Model):
    pain_now: Pain
    pain_worst: Pain
    worse_with: list[Trigger]
    better_with: list[Trigger]
    age: Annotated[int, Range(18, 110)]
    activity: Activity
    balance_concern: bool
    days: list[Weekday]
    minutes: Annotated[int, Range(10, 60)]
    equipment: list[Equipment]
    red_flags: RedFlags
    start: dt.date | None = None
    weeks: Annotated[int, Range(6, 16)] = 8
    # Added in the second round (optional; older answers files and plans lack them):
    # E1b's question, asked when the words above leave the direction open (None: not asked,
    # or not sure).
    arching_provokes: bool | None = None
    # B4b: a fall in the past year (a yes to balance_concern is asked again, to tell it apart
    # from feeling unsteady).
    fell_last_year: bool = False
    # Rule A1: the minutes the person can walk now without a flare-up; 0 for not walking
    # now; None when not asked (older answers files).
    walking_minutes: Annotated[int, Range(0, 180)] | None = None
    # Rule ST1: the triage questions; None when not asked (`--yes`, older answers files).
    start_back: StartBack | None = None

    __pydantic_config__ = STRICT


# --- The program (`facetcoach plan --json`) -------------------------------------------


@model
class PlanItem(Model):
    exercise_id: ExerciseId
    category: Category
    kind: Kind
    level: Literal[1, 2, 3]
    sets: Annotated[int, Range(1, 5)]
    reps: Count | None
    hold_seconds: Seconds | None
    per_side: bool
    rest_seconds: Annotated[int, Range(0, 180)]
    why: str

    __pydantic_config__ = STRICT


@model
class Session(Model):
    date: dt.date
    minutes: Annotated[float, Range(0, 240)]
    items: list[PlanItem]

    __pydantic_config__ = STRICT


@model
class Week(Model):
    number: Annotated[int, Range(1, 52)]
    phase: Phase
    phase_name: str
    sessions: list[Session]
    # Rule A1: the daily walking target of the week, in minutes; None without one. The
    # default keeps older plan files readable.
    walking_minutes: Annotated[int, Range(1, 240)] | None = None
    # Set on the program as it stands (program/path.py), never in plan.json: the week's first
    # and last calendar day, the plan's week it gives, and why the phase was held (PH1).
    start: dt.date | None = None
    end: dt.date | None = None
    planned_week: int | None = None
    held: str | None = None

    __pydantic_config__ = STRICT


@model
class Program(Model):
    schema_version: Literal[1]
    start: dt.date
    weeks: list[Week]
    advice: list[str] = field(default_factory=list)

    __pydantic_config__ = STRICT


@model
class Screen(Model):
    """A red-flag screen after the intake's: `plan screen`, a re-plan, or `log checked`.

    `flagged` holds the questions answered yes (RedFlags field names); any yes suspends the
    program until a later screen has none (RS1)."""

    date: dt.date
    occasion: ScreenOccasion
    flagged: list[str] = field(default_factory=list)

    __pydantic_config__ = STRICT


@model
class Pause(Model):
    """`plan pause`: the days from `start` up to (not including) `end` are not program days;
    an open pause (no end yet) lasts until `plan resume`."""

    start: dt.date
    end: dt.date | None
    reason: SkipReason

    __pydantic_config__ = STRICT


@model
class Revision(Model):
    """A change of plan from `date` on, and the plan in force until then.

    "change" (`plan change`) and "continue" (`plan --force`, continuing) keep the program's
    position (its week and phase); "restart" starts again at week 1 on `date`."""

    date: dt.date
    kind: RevisionKind
    changed: dict[str, Any]
    answers: Answers
    program: Program

    __pydantic_config__ = STRICT


@model
class PlanFile(Model):
    """plan.json: the program, the answers it was built from, and the exercises it uses.

    The exercises are a copy, so that the daily commands need not read the library and
    a later change to the library changes the next plan, not this one.
    """

    schema_version: Literal[1]
    created_at: dt.datetime
    answers: Answers
    program: Program
    exercises: list[Exercise]
    # Added after the first contract: how and when the red-flag screen was done (the
    # therapist report shows them). Defaults keep older plan files readable.
    screen: ScreenMethod = "answered"
    screened_on: dt.date | None = None
    # Rule ST1: the intake triage's result; None when it was not asked.
    triage: Triage | None = None
    # Added with the program that follows the person (program/path.py): every later red-flag
    # screen (RS1, RS2), every pause, and every revision of the plan, oldest first.
    screens: list[Screen] = field(default_factory=list)
    pauses: list[Pause] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)

    __pydantic_config__ = STRICT


# --- The session log (log.json) -------------------------------------------------------


@model
class DoneItem(Model):
    """An exercise as it was done: the dose the user was given that day."""

    exercise_id: ExerciseId
    sets: Annotated[int, Range(1, 5)]
    reps: Count | None = None
    hold_seconds: Seconds | None = None

    __pydantic_config__ = STRICT


@model
class Checkin(Model):
    """Outcome measures: pain (NPRS), an Oswestry-style score, and the PSFS."""

    nprs: Pain
    # Ten sections scored 0-5; -1 marks a section the user skipped.
    odi: list[Annotated[int, Range(-1, 5)]]
    psfs: dict[str, Pain] = field(default_factory=dict)
    # Rule ST1: the triage asked again at the check-in; None when not answered.
    start_back: StartBack | None = None

    __pydantic_config__ = STRICT


@model
class LogEntry(Model):
    """One thing recorded on one day: a session, an excused skip, a check-in or a symptom."""

    id: Annotated[str, UUID]
    kind: EntryKind
    date: dt.date
    created_at: dt.datetime
    planned: list[ExerciseId] = field(default_factory=list)
    done: list[DoneItem] = field(default_factory=list)
    skipped: list[ExerciseId] = field(default_factory=list)
    extra: list[ExerciseId] = field(default_factory=list)
    pain_before: Pain | None = None
    pain_after: Pain | None = None
    pain_morning: Pain | None = None
    effort: Pain | None = None
    note: str | None = None
    reason: SkipReason | None = None
    flare: bool = False
    symptom: Symptom | None = None
    checkin: Checkin | None = None
    updated_at: dt.datetime | None = None
    # Rule A1: minutes walked that day (`log --walked`), on a walk entry or with a session.
    walked_minutes: Annotated[int, Range(1, 600)] | None = None
    # A session done on a later day than planned: the planned day (`log` on a rest day).
    moved_from: dt.date | None = None
    # Rule B4b: a wobble or near-fall during the balance work (`log --wobble`); it keeps
    # standing balance at the support it has, or takes it back one rung.
    wobble: bool = False

    __pydantic_config__ = STRICT


@model
class Tombstone(Model):
    """A deleted entry (`log delete`, `log undo`, or a deletion merged in from another copy):
    its id and when it was deleted, so that merging in an older copy of the log never brings
    it back (data-safety.md DS13)."""

    id: Annotated[str, UUID]
    deleted_at: dt.datetime

    __pydantic_config__ = STRICT


@model
class LogFile(Model):
    schema_version: Literal[1]
    entries: list[LogEntry]
    # "crc32:<hex>" (older files: "sha256:<hex>") over the stored bytes (see log_format.py);
    # None in exports and by hand.
    digest: str | None = None
    # Added with sync (DS13): the entries deleted, after the entries in the file; a file
    # without the key (every older one) has none.
    tombstones: list[Tombstone] = field(default_factory=list)

    __pydantic_config__ = STRICT


# --- One day's routine (`facetcoach today --json`) --------------------------------------


@model
class DayRoutine(Model):
    """What a given day holds: a session, a rest day, or a day before or after the program."""

    date: dt.date
    status: DayStatus
    rest_day: bool
    week: int | None
    phase: int | None
    phase_name: str | None
    minutes: float
    items: list[PlanItem]
    flare: bool = False
    next_session: dt.date | None = None
    maintenance: list[PlanItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Rule A1: the day's walking target in minutes (halved in a flare-up); None without one.
    walking_minutes: int | None = None
    # The program as it stands (program/path.py): why the phase is held (PH1), the planned
    # day of a missed session offered on a rest day, the pause or the red flags in force.
    phase_held: str | None = None
    moved_from: dt.date | None = None
    pause: Pause | None = None
    flare_step: float | None = None
    program_weeks: int | None = None  # the M of "week N of M", as the program stands
    # Rule A1 with the pain rules (coaching/walking.py): why walking_minutes is not the plan's
    # target for the week (a step easier, held, halved); None when it is.
    walking_reason: str | None = None


@model
class Conflict(Model):
    """One id that both copies of a log held differently, and what the merge decided
    (log/merge.py; data-safety.md DS13). `here` and `there` say what each copy held: an
    entry or its deletion, with the time of its last edit (updated_at, else created_at) or
    of the deletion."""

    id: str
    decision: ConflictDecision
    here: Literal["entry", "deleted"]
    here_time: dt.datetime
    there: Literal["entry", "deleted"]
    there_time: dt.datetime
    date: dt.date | None  # the entry's day (None when neither copy holds the entry)
    kind: EntryKind | None
    # The incoming time is ahead of this computer's clock, so it was not trusted.
    clock_ahead: bool = False


@model
class SameDay(Model):
    """A session `log import` added on a day that had one already (`id`: the one added)."""

    id: str
    date: dt.date


@model
class MergeReport(Model):
    """What `log import` did: entries added, replaced by a newer copy, or already there,
    and every conflict decided (DS13)."""

    added: int = 0
    updated: int = 0  # replaced by the incoming copy, edited later
    unchanged: int = 0
    kept: int = 0  # same id, ours is newer (or as new, or theirs is dated ahead): ours kept
    refused: int = 0  # incoming entries deleted here (and not edited there since)
    deleted: int = 0  # entries here deleted there after their last edit here
    restored: int = 0  # entries deleted here, edited there after the deletion: back
    tombstones_added: int = 0  # deletions of entries this log never held, remembered
    ahead: int = 0  # incoming entries or deletions dated ahead of this computer's clock
    conflicts: list[Conflict] = field(default_factory=list)
    # Added later: each incoming session added on a day this log had a session already
    # (another id: perhaps the same session, recorded on both computers).
    same_day: list[SameDay] = field(default_factory=list)


# --- Adaptive coaching (`today`, `plan show`, `checkin`, `progress`) --------------------


@model
class Adjustment(Model):
    """One exercise's dose for a day, changed from the plan's (progression.py).

    `exercise_id` is the planned exercise, `given_id` the one given (the same, or the next or
    previous level); `steps` counts notches ahead of (+) or behind (-) the plan. In JSON,
    `from_dose` and `to_dose` are `from` and `to` (see coaching.adjustment_data)."""

    exercise_id: str
    given_id: str
    action: Literal["progress", "regress", "hold"]
    steps: int
    from_dose: str
    to_dose: str
    reason: str


@model
class Held(Model):
    """A step up that was earned but not taken, and why (E1, phase 1, PM5, the minutes)."""

    exercise_id: str
    reason: str


@model
class Prompt(Model):
    """Advice `today` and `progress` show: a rule's ID, how urgent, and the words."""

    rule: str
    level: PromptLevel
    text: str
    # Added later (additive): the same advice as a heading and short lines (the shape of
    # program.safety.Notice), the one line shown on the days after `since`, and `since`, the
    # day the advice first applied. None and [] where `text` is already short.
    heading: str | None = None
    lines: list[str] = field(default_factory=list)
    summary: str | None = None
    since: dt.date | None = None


@model
class CheckinScore(Model):
    """One check-in scored, with its change from the first check-in (outcomes.py)."""

    id: str
    date: dt.date
    nprs: int
    odi_percent: float | None  # None for a stored check-in that cannot be scored
    odi_sections_answered: int
    psfs: dict[str, int]
    psfs_mean: float | None
    nprs_change: int
    nprs_important: bool
    odi_change: float | None
    odi_important: bool
    psfs_change: float | None
    psfs_important: bool
