"""The exercise library: the built-in file meets the planner's needs; broken files are explained."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from facetcoach.errors import DataError
from facetcoach.library.doses import dose_problems
from facetcoach.library.loading import (
    E3_STOP_RULE,
    builtin_library_path,
    check_library,
    filter_exercises,
    load_library,
    progression_path,
)
from facetcoach.models import CATEGORIES

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib


def exercise_toml(ident: str = "my-stretch", **overrides: object) -> str:
    """One valid [[exercises]] table, with fields replaced by `overrides` (TOML literals)."""
    fields = {
        "id": f'"{ident}"',
        "name": '"My stretch"',
        "category": '"rom"',
        "level": "1",
        "kind": '"stretch"',
        "sets": "1",
        "reps": "3",
        "hold_seconds": "20",
        "rest_seconds": "15",
        "per_side": "true",
        "equipment": '["mat"]',
        "position": '"lying"',
        "loads": '["flexion"]',
        "end_range_extension": "false",
        "steps": '["Lie down.", "Hug one knee."]',
        "cues": '["A gentle pull."]',
        "cautions": '["Stop if it hurts."]',
    }
    for key, value in overrides.items():
        if value is None:
            fields.pop(key, None)
        else:
            fields[key] = str(value)
    body = "\n".join(f"{key} = {value}" for key, value in fields.items())
    return f"[[exercises]]\n{body}\n"


def user_library(tmp_path: Path, *tables: str, header: str = "schema_version = 1\n") -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(header + "\n".join(tables), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def library():
    return load_library()


# --- the built-in library -------------------------------------------------------------


def test_builtin_library_loads_with_enough_exercises(library):
    assert len(library.exercises) >= 40
    for category in CATEGORIES:
        assert len([e for e in library.exercises if e.category == category]) >= 6, category


def test_every_category_has_entry_options_needing_at_most_a_mat_and_chair(library):
    for category in CATEGORIES:
        entry = [
            e
            for e in library.exercises
            if e.category == category and e.level == 1 and set(e.equipment) <= {"mat", "chair"}
        ]
        assert len(entry) >= 2, category


def test_extension_category_serves_people_whom_extension_hurts(library):
    # Rule E1: at least 2 extension-category exercises that load no extension at all.
    no_extension = [
        e for e in library.exercises if e.category == "extension" and "extension" not in e.loads
    ]
    assert len(no_extension) >= 2


def test_staged_extension_path(library):
    # Rule E4: prone lying -> prone on elbows -> press-up, linked in that order.
    stages = {e.extension_stage: e for e in library.exercises if e.extension_stage}
    assert set(stages) == {1, 2, 3}
    assert stages[1].progression == stages[2].id
    assert stages[2].progression == stages[3].id
    assert stages[3].regression == stages[2].id
    assert stages[3].end_range_extension


def test_no_end_range_extension_with_rotation_or_side_bend(library):
    # Rule E2.
    for e in library.exercises:
        if e.end_range_extension:
            assert not {"rotation", "side_bend"} & set(e.loads), e.id


def test_every_extension_exercise_carries_the_stop_rule_in_the_file_itself():
    """Rule E3, checked on the shipped text, not on what the loader adds: every exercise that
    loads extension, in any category (foam-roller-upper-back-extension, a rom exercise, once
    escaped a check of the category alone; so did pelvic-tilt-lying, cat-camel and
    seated-pelvic-clock)."""
    data = tomllib.loads(builtin_library_path().read_text(encoding="utf-8"))
    checked = []
    for entry in data["exercises"]:
        if entry["category"] == "extension" or "extension" in entry["loads"]:
            assert E3_STOP_RULE in entry["cautions"], entry["id"]
            checked.append(entry["id"])
    assert "foam-roller-upper-back-extension" in checked


def test_e3_every_exercise_loading_extension_gets_the_stop_rule_once(library):
    """Rule E3 on the loaded library: each exercise loading extension carries the stop rule,
    exactly once. Removing the loader's rule for built-in exercises and the four lines in the
    file (checked once) makes this test and the one above fail on the foam roller."""
    for e in library.exercises:
        if "extension" in e.loads or e.category == "extension":
            assert e.cautions.count(E3_STOP_RULE) == 1, e.id


def test_balance_has_supported_progressions_at_counter_and_wall(library):
    # Rule B4: next to a stable support, starting with the most support; never a chair.
    for support in ("counter", "wall"):
        family = [
            e for e in library.exercises if e.category == "balance" and support in e.equipment
        ]
        assert {e.level for e in family} >= {1, 2}, support
        linked = [e for e in family if e.progression]
        assert linked, support
    for e in library.exercises:
        if e.category == "balance" and e.position == "standing":
            assert "chair" not in e.equipment, e.id


def test_core_has_the_mcgill_families_with_regressions(library):
    ids = {e.id for e in library.exercises}
    for family in ("curl-up", "side-bridge", "bird-dog"):
        members = [i for i in ids if family in i]
        assert members, family
        paths = [progression_path(library, i) for i in members]
        assert max(len(p) for p in paths) >= 2, family
        assert any(p[0].level == 1 for p in paths), family


def test_enough_strength_exercises(library):
    assert len([e for e in library.exercises if e.kind == "strength"]) >= 3


def test_every_builtin_dose_fits_its_kind(library):
    for e in library.exercises:
        assert dose_problems(e) == [], e.id


def test_filters(library):
    core_1 = filter_exercises(library, category="core", level=1)
    assert core_1 and all(e.category == "core" and e.level == 1 for e in core_1)
    bare = filter_exercises(library, equipment=[])
    assert bare and all(e.equipment == [] for e in bare)
    seated = filter_exercises(library, position="seated")
    assert seated and all(e.position == "seated" for e in seated)


# --- a user's own library -----------------------------------------------------------------


def test_user_library_adds_and_replaces(tmp_path: Path, library):
    replaced_id = library.exercises[0].id
    path = user_library(
        tmp_path,
        exercise_toml("my-stretch"),
        exercise_toml(
            replaced_id, name='"Replaced"', category=f'"{library.exercises[0].category}"'
        ),
    )
    merged = load_library(path)
    assert merged.get("my-stretch") is not None
    assert merged.get(replaced_id).name == "Replaced"
    assert len(merged.exercises) == len(library.exercises) + 1


def test_user_extension_exercise_gets_the_stop_rule(tmp_path: Path):
    path = user_library(tmp_path, exercise_toml("my-ext", category='"extension"'))
    added = load_library(path).get("my-ext")
    assert E3_STOP_RULE in added.cautions


def test_e3_a_user_exercise_loading_extension_in_another_category_gets_the_stop_rule(
    tmp_path: Path,
):
    # Rule E3: the category does not matter, the loading does.
    path = user_library(tmp_path, exercise_toml("my-arch", loads='["extension"]'))
    added = load_library(path).get("my-arch")
    assert added.category != "extension"
    assert E3_STOP_RULE in added.cautions


def test_broken_library_lists_every_problem_with_file_id_and_field(tmp_path: Path):
    path = user_library(
        tmp_path,
        exercise_toml("bad-sets", sets='"three"'),
        exercise_toml("bad-key", colour='"red"'),
        exercise_toml("no-name", name=None),
        exercise_toml("bad-level", level="7"),
    )
    with pytest.raises(DataError) as caught:
        load_library(path)
    details = "\n".join(caught.value.details)
    assert len(caught.value.details) == 4, details
    assert f"{path}: exercise 'bad-sets', field 'sets': must be a whole number" in details
    assert "exercise 'bad-key', field 'colour': is not a known key" in details
    assert "exercise 'no-name', field 'name': is missing" in details
    assert "exercise 'bad-level', field 'level': must be one of 1, 2 or 3" in details
    assert "4 problems" in caught.value.message


def test_dangling_links_and_wrong_levels_are_reported(tmp_path: Path):
    path = user_library(
        tmp_path,
        exercise_toml("a-one", progression='"nowhere"'),
        exercise_toml("a-two", level="2", regression='"a-three"'),
        exercise_toml("a-three", level="3"),
    )
    with pytest.raises(DataError) as caught:
        load_library(path)
    details = caught.value.details
    assert any(
        "'a-one', field 'progression': no exercise has the id 'nowhere'" in d for d in details
    )
    assert any("'a-two', field 'regression': 'a-three' is level 3" in d for d in details)


def test_toml_syntax_error_names_the_file(tmp_path: Path):
    path = user_library(tmp_path, "[[exercises]\nid = ")
    with pytest.raises(DataError) as caught:
        load_library(path)
    assert f"{path}: is not valid TOML" in caught.value.details[0]


def test_missing_user_library_is_reported(tmp_path: Path):
    with pytest.raises(DataError) as caught:
        load_library(tmp_path / "nope.toml")
    assert "does not exist" in caught.value.details[0]


def test_duplicate_ids_in_one_file(tmp_path: Path):
    path = user_library(tmp_path, exercise_toml("twice"), exercise_toml("twice"))
    with pytest.raises(DataError) as caught:
        load_library(path)
    assert any("'twice': id is used more than once" in d for d in caught.value.details)


def test_wrong_schema_version(tmp_path: Path):
    path = user_library(tmp_path, exercise_toml(), header="schema_version = 2\n")
    with pytest.raises(DataError) as caught:
        load_library(path)
    assert any("schema_version: must be one of 1" in d for d in caught.value.details)


def test_cross_checks_catch_cycles_e2_and_bad_doses(library):
    from dataclasses import replace

    base = library.exercises[0]
    a = replace(base, id="cy-a", level=1, progression="cy-b", regression=None)
    b = replace(base, id="cy-b", level=2, progression="cy-a", regression=None)
    risky = replace(
        base,
        id="risky",
        end_range_extension=True,
        loads=["extension", "rotation"],
        progression=None,
        regression=None,
    )
    problems = check_library([a, b, risky], {})
    assert any("'cy-a'" in p and "comes back" in p for p in problems)
    assert any("'risky'" in p and "rotation" in p for p in problems)


@pytest.mark.parametrize(
    ("kind", "sets", "reps", "hold", "ok"),
    [
        ("stretch", 1, 3, 20, True),
        ("stretch", 1, 3, 45, False),  # F1: 10-30 s
        ("stretch", 2, 3, 20, False),
        ("mobility", 2, 10, None, True),
        ("mobility", 2, 20, None, False),  # F5: 5-15 reps
        ("isometric", 3, 6, 8, True),  # 6-4-2
        ("isometric", 3, 4, 8, False),  # 4-2-0 does not end at 1 or more
        ("isometric", 3, 6, 15, False),  # C1: at most 10 s
        ("strength", 2, 10, None, True),
        ("strength", 2, 14, None, False),  # between the strength and endurance ranges
        ("strength", 1, 18, None, True),
        ("balance", 2, 3, 20, True),
        ("balance", 2, 1, 20, False),  # B2: repeated 2+ times
    ],
)
def test_dose_ranges_by_kind(library, kind, sets, reps, hold, ok):
    from dataclasses import replace

    e = replace(
        library.exercises[0],
        kind=kind,
        sets=sets,
        reps=reps,
        hold_seconds=hold,
        level=2,
        extension_stage=None,
    )
    assert (dose_problems(e) == []) is ok


# --- The JSON twin of the built-in library (library/twin.py) ---------------------------------


def test_the_built_in_librarys_twin_is_that_of_its_toml():
    from facetcoach.library.twin import twin_data, twin_path, twin_text

    toml = builtin_library_path()
    raw = toml.read_bytes()
    assert twin_path(toml).read_text(encoding="utf-8") == twin_text(raw), (
        "data/exercises.json is not the parse of data/exercises.toml: run "
        "`python -m facetcoach.library.twin`"
    )
    assert twin_data(toml, raw) == tomllib.loads(raw.decode("utf-8"))


@pytest.fixture
def built_in_copy(tmp_path, monkeypatch):
    """The built-in library and its twin, copied where load_library takes them from."""
    from facetcoach.library import loading
    from facetcoach.library.twin import twin_path

    toml = tmp_path / "exercises.toml"
    toml.write_bytes(builtin_library_path().read_bytes())
    twin_path(toml).write_bytes(twin_path(builtin_library_path()).read_bytes())
    monkeypatch.setattr(loading, "builtin_library_path", lambda: toml)
    loading._parsed.cache_clear()
    return toml


def test_the_twin_is_read_instead_of_the_toml(built_in_copy, monkeypatch):
    from facetcoach.library import loading
    from facetcoach.library.twin import twin_path

    with_twin = load_library()
    twin_path(built_in_copy).unlink()
    from_toml = load_library()
    assert with_twin == from_toml and with_twin.exercises
    twin_path(built_in_copy).write_bytes(twin_path(builtin_library_path()).read_bytes())
    monkeypatch.setattr(loading, "_parsed", lambda text: pytest.fail("the TOML was parsed"))
    assert load_library() == from_toml


def test_after_an_edit_of_the_toml_its_old_twin_is_ignored(built_in_copy):
    text = built_in_copy.read_text(encoding="utf-8")
    first = text.index('\nname = "') + len('\nname = "')  # (not the one in a comment)
    built_in_copy.write_text(text[:first] + "Edited " + text[first:], encoding="utf-8")
    assert any(exercise.name.startswith("Edited ") for exercise in load_library().exercises)


def _twin_with(toml: Path, change, *, sign: bool) -> None:
    """The twin of `toml` with its data changed by `change`; with `sign`, the CRC-32 of the
    data made again too (as if the twin had been made from that data)."""
    import json
    import zlib

    from facetcoach.library.twin import twin_path

    head, body = twin_path(toml).read_text(encoding="utf-8").split("\n", 1)
    data = json.loads(body)
    change(data)
    body = json.dumps(data) + "\n"
    made = json.loads(head)
    if sign:
        made["data_crc32"] = zlib.crc32(body.encode("utf-8"))
    twin_path(toml).write_text(json.dumps(made) + "\n" + body, encoding="utf-8")


def _three_sets(data: dict) -> None:
    data["exercises"][0]["sets"] = 3 if data["exercises"][0]["sets"] != 3 else 2


def test_an_edited_twin_is_ignored(built_in_copy):
    """Found by review: a twin changed by hand (a valid dose, say) was served while the TOML
    was intact; the twin names the CRC-32 of its data too."""
    expected = load_library().exercises[0].sets
    _twin_with(built_in_copy, _three_sets, sign=False)
    assert load_library().exercises[0].sets == expected


def test_a_twin_with_a_doubt_gives_way_to_the_toml(built_in_copy):
    """Its data (signed) fails the quick check (99 sets): the TOML is read, and it is the
    TOML's own problems, if any, that are reported."""
    expected = load_library().exercises[0].sets
    _twin_with(built_in_copy, lambda data: data["exercises"][0].update(sets=99), sign=True)
    assert load_library().exercises[0].sets == expected
    _twin_with(built_in_copy, lambda data: data["exercises"][0].update(sets=99), sign=False)
    assert load_library().exercises[0].sets == expected
