"""The exercise library: TOML files in, one validated Library out.

The built-in library ships inside the package (data/exercises.toml in the repository);
a user's own library (--library or FACETCOACH_LIBRARY) is merged over it: the same id
replaces, a new id adds. Every problem in every file is collected and reported
together, each naming the file, the exercise and the field.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from facetcoach.errors import DataError
from facetcoach.library.doses import dose_problems
from facetcoach.library.twin import twin_data
from facetcoach.model_json import strict_data, toml_as_json
from facetcoach.models import Category, Equipment, Exercise, Library, LibraryFile, Position
from facetcoach.toml_text import TOMLDecodeError, TooManyDigits, parse_toml

# Rule E3: the stop rule every extension exercise carries, in the words users see.
# "Extension exercise" means every exercise that loads extension, whatever its category
# (see loads_extension): the foam-roller upper-back extension is a rom exercise.
E3_STOP_RULE = (
    "Stop if pain spreads further down your leg, or if new numbness or weakness appears. "
    "Pain that moves toward the middle of your back, or eases, is a good sign: carry on."
)

BUILTIN_LABEL = "built-in library"


def builtin_library_path() -> Path:
    """Where the built-in library is: inside the installed package, or the source checkout."""
    package = Path(__file__).resolve().parents[1]
    # A wheel installs it as a plain file beside the modules; looked for there first, without
    # importlib.resources (whose import is 5 ms of every `plan`).
    if (package / "data" / "exercises.toml").is_file():
        return package / "data" / "exercises.toml"
    from importlib import resources

    # One step at a time: Python 3.10's Traversable.joinpath takes a single name.
    packaged = resources.files("facetcoach").joinpath("data").joinpath("exercises.toml")
    if packaged.is_file():
        return Path(str(packaged))
    # An editable install runs from src/: the file is at the repository root.
    return package.parents[1] / "data" / "exercises.toml"


def load_library(user_path: Path | None = None) -> Library:
    """The built-in library with the user's library (if any) merged over it."""
    builtin = builtin_library_path()
    problems: list[str] = []
    exercises, origin = _read_file(builtin, BUILTIN_LABEL, problems, twin=True)
    # The built-in file carries the stop rule itself (a test checks it); adding it here too
    # keeps a built-in exercise written without it from ever reaching a user without it.
    merged = {exercise.id: _with_stop_rule(exercise) for exercise in exercises}
    sources = [str(builtin)]
    if user_path is not None:
        user_exercises, user_origin = _read_file(user_path, str(user_path), problems)
        for exercise in user_exercises:
            merged[exercise.id] = _with_stop_rule(exercise)
        origin.update(user_origin)
        sources.append(str(user_path))
    if not problems:
        problems.extend(check_library(list(merged.values()), origin))
    if problems:
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        raise DataError(
            f"The exercise library has {count} {noun}; fix the file and run the command again.",
            details=problems,
        )
    return Library(exercises=tuple(merged.values()), sources=tuple(sources))


def _read_file(
    path: Path, label: str, problems: list[str], *, twin: bool = False
) -> tuple[list[Exercise], dict[str, str]]:
    """Parse and validate one library file; problems are appended, not raised. With `twin`,
    its JSON twin is read instead of parsing the TOML, when it is the TOML's (library/twin.py)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.append(f"{label}: the file does not exist ({path})")
        return [], {}
    except OSError as error:
        problems.append(f"{label}: cannot be read ({error.strerror})")
        return [], {}
    twinned = twin_data(path, raw) if twin else None
    if twinned is not None:
        quick = strict_data(LibraryFile, twinned) if not _duplicate_ids(twinned, label) else None
        if quick is not None:
            return list(quick.exercises), {exercise.id: label for exercise in quick.exercises}
        # A doubt: the TOML itself is read, and its own data says what is wrong.
    try:
        data = _parsed(raw.decode("utf-8"))
    except UnicodeDecodeError:
        problems.append(f"{label}: is not UTF-8 text")
        return [], {}
    except TOMLDecodeError as error:
        problems.append(f"{label}: is not valid TOML ({error})")
        return [], {}
    except TooManyDigits as error:
        problems.append(f"{label}: {error}")
        return [], {}

    duplicates = _duplicate_ids(data, label)
    problems.extend(duplicates)
    # The standard library's strict check first (model_json.strict_data): no pydantic for a
    # library that is right, as the built-in one is. On a doubt, pydantic says what is wrong.
    quick = strict_data(LibraryFile, toml_as_json(data)) if not duplicates else None
    if quick is not None:
        return list(quick.exercises), {exercise.id: label for exercise in quick.exercises}
    from pydantic import ValidationError

    from facetcoach.validation import problems_of, validate_toml_data

    try:
        parsed = validate_toml_data(LibraryFile, data)
    except ValidationError as error:
        problems.extend(problems_of(error, lambda loc: _where(label, data, loc)))
        return [], {}
    except ValueError as error:
        problems.append(f"{label}: {error}")
        return [], {}
    return list(parsed.exercises), {exercise.id: label for exercise in parsed.exercises}


@functools.lru_cache(maxsize=4)
def _parsed(text: str) -> dict[str, Any]:
    # The same text parses to the same data: a process that loads the library more than once
    # (the tests, `plan` after `exercises`) parses it once. The data is only read after this.
    return parse_toml(text)


def _duplicate_ids(data: dict[str, Any], label: str) -> list[str]:
    seen: set[str] = set()
    found = []
    for entry in data.get("exercises", []) if isinstance(data.get("exercises"), list) else []:
        ident = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(ident, str):
            if ident in seen:
                found.append(f"{label}: exercise '{ident}': id is used more than once")
            seen.add(ident)
    return found


def _where(label: str, data: dict[str, Any], loc: Sequence[Any]) -> str:
    """Name a problem's place: the file, the exercise (by id when it has one), the field."""
    if len(loc) >= 2 and loc[0] == "exercises" and isinstance(loc[1], int):
        entries = data.get("exercises")
        entry = entries[loc[1]] if isinstance(entries, list) and loc[1] < len(entries) else None
        ident = entry.get("id") if isinstance(entry, dict) else None
        name = f"exercise '{ident}'" if isinstance(ident, str) else f"exercise #{loc[1] + 1}"
        field = ".".join(
            str(part) if not isinstance(part, int) else f"[{part}]" for part in loc[2:]
        )
        return f"{label}: {name}" + (f", field '{field.replace('.[', '[')}'" if field else "")
    from facetcoach.validation import dotted

    return f"{label}: {dotted(loc)}"


def loads_extension(exercise: Exercise) -> bool:
    """Rule E3's "extension exercise": in the extension category, or loading extension in any
    category (it once tested the category alone, and a rom exercise arching the back escaped)."""
    return exercise.category == "extension" or "extension" in exercise.loads


def _with_stop_rule(exercise: Exercise) -> Exercise:
    # Rule E3: an extension exercise gets the stop rule even if its author forgot it.
    if loads_extension(exercise) and E3_STOP_RULE not in exercise.cautions:
        return replace(exercise, cautions=[*exercise.cautions, E3_STOP_RULE])
    return exercise


def check_library(exercises: list[Exercise], origin: dict[str, str]) -> list[str]:
    """Cross-checks a schema cannot express: links, cycles, doses by kind, E2."""
    by_id = {exercise.id: exercise for exercise in exercises}
    problems = []
    for exercise in exercises:
        where = f"{origin.get(exercise.id, BUILTIN_LABEL)}: exercise '{exercise.id}'"
        for reason in _exercise_problems(exercise, by_id):
            problems.append(f"{where}, {reason}")
    return problems


def _exercise_problems(exercise: Exercise, by_id: dict[str, Exercise]) -> list[str]:
    found = []
    for field, wanted in (("progression", "higher"), ("regression", "lower")):
        target_id = getattr(exercise, field)
        if target_id is None:
            continue
        target = by_id.get(target_id)
        if target is None:
            found.append(f"field '{field}': no exercise has the id '{target_id}'")
        elif target.category != exercise.category:
            found.append(
                f"field '{field}': '{target_id}' is in category '{target.category}', "
                f"not '{exercise.category}'"
            )
        elif not (
            target.level > exercise.level if wanted == "higher" else target.level < exercise.level
        ):
            found.append(
                f"field '{field}': '{target_id}' is level {target.level}; "
                f"it must be {wanted} than level {exercise.level}"
            )
    if _has_cycle(exercise, by_id):
        found.append("field 'progression': following the progressions comes back to this exercise")
    found.extend(dose_problems(exercise))
    # Rule E2: never end-range extension with rotation or side-bending.
    if exercise.end_range_extension and {"rotation", "side_bend"} & set(exercise.loads):
        found.append(
            "field 'loads': end-range extension must not be combined with rotation or side-bending"
        )
    if exercise.end_range_extension and "extension" not in exercise.loads:
        found.append("field 'loads': an end-range extension exercise must list 'extension'")
    if (exercise.support is not None or exercise.eyes_closed) and exercise.category != "balance":
        found.append("fields 'support' and 'eyes_closed': only balance exercises have them")
    if exercise.extension_stage is not None and exercise.category != "extension":
        found.append("field 'extension_stage': only extension exercises have a stage")
    if not exercise.loads:
        found.append("field 'loads': list at least one direction (or 'neutral')")
    if not exercise.steps:
        found.append("field 'steps': give at least one step")
    return found


def _has_cycle(exercise: Exercise, by_id: dict[str, Exercise]) -> bool:
    for field in ("progression", "regression"):
        seen = {exercise.id}
        current = by_id.get(getattr(exercise, field) or "")
        while current is not None:
            if current.id in seen:
                return True
            seen.add(current.id)
            current = by_id.get(getattr(current, field) or "")
    return False


def progression_path(library: Library, exercise_id: str) -> list[Exercise]:
    """The exercise's family from easiest to hardest, following regression and progression."""
    by_id = library.by_id()
    start = by_id[exercise_id]
    easier: list[Exercise] = []
    seen = {start.id}
    current = by_id.get(start.regression or "")
    while current is not None and current.id not in seen:
        easier.insert(0, current)
        seen.add(current.id)
        current = by_id.get(current.regression or "")
    harder: list[Exercise] = []
    current = by_id.get(start.progression or "")
    while current is not None and current.id not in seen:
        harder.append(current)
        seen.add(current.id)
        current = by_id.get(current.progression or "")
    return [*easier, start, *harder]


def closest_ids(library: Library, wanted: str, limit: int = 3) -> list[str]:
    """Ids that look like `wanted`, for 'did you mean' suggestions."""
    import difflib

    ids = [exercise.id for exercise in library.exercises]
    close = difflib.get_close_matches(wanted, ids, n=limit, cutoff=0.5)
    return close or [ident for ident in ids if wanted in ident][:limit]


def filter_exercises(
    library: Library,
    *,
    category: Category | None = None,
    level: int | None = None,
    equipment: Sequence[Equipment] | None = None,
    position: Position | None = None,
) -> list[Exercise]:
    """Exercises matching every given filter; `equipment` is what the user has."""
    have = set(equipment) if equipment is not None else None
    return [
        e
        for e in library.exercises
        if (category is None or e.category == category)
        and (level is None or e.level == level)
        and (have is None or set(e.equipment) <= have)
        and (position is None or e.position == position)
    ]
