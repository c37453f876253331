"""Any user library (`--library FILE`): merged and used, or refused with one clear sentence
listing the problems (exit 1); never a traceback, in the loader, the browser or the planner.

The files are mostly built-in exercises with a few fields changed (to values the field
takes elsewhere in the library, to any TOML value, or left out), under their own id or a
new one, so that many load and go on to the planner; also TOML of the wrong shape, damaged
files and noise."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import event, given
from hypothesis import strategies as st

from facetcoach.errors import DataError
from facetcoach.library.loading import builtin_library_path, load_library
from helpers.fuzztools import FUZZ, any_toml, check_outcome, fresh_home, invoke, raw_file_bytes
from helpers.fuzztools import to_toml as toml_of

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

BUILTIN = tomllib.loads(builtin_library_path().read_text(encoding="utf-8"))["exercises"]
FIELDS = sorted({key for exercise in BUILTIN for key in exercise})
# The values each field takes somewhere in the built-in library: plausible, often valid.
SEEN: dict[str, list[Any]] = {field: [e[field] for e in BUILTIN if field in e] for field in FIELDS}
KEBAB_IDS = ["my-stretch", "my-bridge", "x", "a-b-c", "my-2"]
NEW_IDS = st.sampled_from([*KEBAB_IDS, "Bad_Id", ""])


@st.composite
def exercise_data(draw: Any, careful: bool) -> dict[str, Any]:
    exercise = dict(draw(st.sampled_from(BUILTIN)))
    if draw(st.sampled_from([False, False, True])):
        # A new exercise, not a replacement.
        exercise["id"] = draw(st.sampled_from(KEBAB_IDS) if careful else NEW_IDS)
    if careful:
        return exercise
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=2)):
        how = draw(st.sampled_from(["seen"] * 6 + ["anything", "left out"]))
        if how == "seen":
            exercise[field] = draw(st.sampled_from(SEEN[field]))
        elif how == "anything":
            exercise[field] = draw(any_toml)
        else:
            exercise.pop(field, None)
    if draw(st.integers(0, 9)) == 0:
        exercise[draw(st.text(max_size=6))] = draw(any_toml)
    return exercise


@st.composite
def library_data(draw: Any) -> dict[str, Any]:
    version = draw(st.sampled_from([1] * 20 + [2, 0, "1"]))
    if draw(st.integers(0, 19)) == 0:
        version = draw(any_toml)
    data: dict[str, Any] = {"schema_version": version}
    # Half the libraries take built-in exercises as they are (under their id or a new one):
    # they load, and the planner gets to use them. The others change fields.
    careful = draw(st.booleans())
    unique = draw(st.sampled_from([True] * 9 + [False]))  # sometimes an id used twice
    data["exercises"] = draw(
        st.lists(
            exercise_data(careful),
            min_size=1,
            max_size=4,
            unique_by=(lambda e: repr(e.get("id"))) if unique else None,
        )
    )
    if draw(st.integers(0, 9)) == 0:
        data["exercises"] = draw(any_toml)
    return data


library_texts = st.one_of(
    *[library_data().map(lambda data: toml_of(data, tables=("exercises",)))] * 8,
    st.dictionaries(st.text(max_size=10), any_toml, max_size=4).map(toml_of),
)
library_files = raw_file_bytes(library_texts, weight=8)


def check_library_file(raw: bytes) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_home(FACETCOACH_TODAY="2026-12-07"),
    ):
        path = Path(folder) / "mine.toml"
        path.write_bytes(raw)
        try:
            library = load_library(path)
        except DataError as error:
            assert error.message.startswith("The exercise library has ")
            assert error.details and all(line.strip() for line in error.details)
            library = None
        option = ["--library", str(path)]
        listed = invoke([*option, "exercises", "--json"])
        assert check_outcome(listed, ["exercises"], codes=(0, 1)) == (0 if library else 1)
        if library is None:
            event("library refused")
            return
        event("library loaded")
        mine = [e.id for e in library.exercises if e.id not in BUILTIN_IDS or e.id in _ids(raw)]
        for exercise_id in mine[:2]:
            shown = invoke([*option, "exercises", "show", exercise_id])
            assert check_outcome(shown, ["exercises", "show", exercise_id], codes=(0,)) == 0
        planned = invoke([*option, "plan", "--yes", "--json"])
        if check_outcome(planned, ["plan", "--yes"], codes=(0, 2)) == 0:
            event("a plan was built with it")
            check_outcome(invoke(["today", "--json"]), ["today"], codes=(0,))
            check_outcome(invoke(["today", "--flare"]), ["today", "--flare"], codes=(0,))
            check_outcome(invoke(["plan", "show"]), ["plan", "show"], codes=(0,))


BUILTIN_IDS = {exercise["id"] for exercise in BUILTIN}


def _ids(raw: bytes) -> set[str]:
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return set()
    exercises = data.get("exercises")
    if not isinstance(exercises, list):
        return set()
    return {e.get("id") for e in exercises if isinstance(e, dict) and isinstance(e.get("id"), str)}


@FUZZ
@given(library_files)
def test_any_user_library_is_used_or_refused_with_its_problems(raw):
    check_library_file(raw)
