"""The standard library's strict check (model_json.passes_strict_check) against pydantic's
strict validator, which it stands in for on every append, plan write, answers file and library
(issue 15; DS14: a write is checked strictly). It may doubt what pydantic takes (then pydantic
decides), never the reverse."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from facetcoach.errors import InputError
from facetcoach.library.loading import load_library
from facetcoach.log.file_format import checked_bytes
from facetcoach.model_json import passes_strict_check, to_data
from facetcoach.models import (
    ENTRY_KINDS,
    SCHEMA_VERSION,
    SKIP_REASONS,
    SYMPTOMS,
    Answers,
    LibraryFile,
    LogEntry,
    LogFile,
    PlanFile,
)
from facetcoach.validation import validate_json
from helpers import plan_factory
from helpers.logtools import a_session
from helpers.profiles import examples

VALID = to_data(a_session(dt.date(2026, 12, 9), pain_before=3, pain_after=4, note="fine"))

# Odd values of every kind, to put anywhere: wrong types, edges of the bounds, text a pattern
# may or may not take (a final newline, control characters, lone surrogates, other spaces).
ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=12),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "",
            " ",
            "bird-dog",
            "bird-dog\n",
            "Bird-Dog",
            "bird--dog",
            "-bird",
            "a",
            "\u00a0",
            "\u2028",
            "ok\u202e",
            "x\x1f",
            "\ud800",
            "9f1c2a3b-0000-4000-8000-00000000000a",
            "9F1C2A3B-0000-4000-8000-00000000000A",
            "9f1c2a3b-0000-4000-8000-00000000000a\n",
            "2026-12-09",
            "2026-12-9",
            "20261209",
            "2026-W49-3",
            "2026-12-09T18:30:00+01:00",
            "2026-12-09T18:30:00",
            "2026-12-09 18:30:00+01:00",
            "2026-12-09T18:30:00Z",
            "2026-12-09T18:30:00.5+01:00",
            "2026-12-09T18:30:00.000001+01:00",
            "2026-12-09T18:30:00+01:00:30",
            "0001-01-01",
            "2026-02-30",
            *ENTRY_KINDS,
            *SKIP_REASONS,
            *SYMPTOMS,
        ]
    ),
    st.text(max_size=8),
    st.lists(st.sampled_from(["bird-dog", "Bird", "", "cat-camel\n"]), max_size=3),
    st.dictionaries(st.sampled_from(["exercise_id", "sets", "reps", "x"]), st.integers(0, 6)),
)
FIELDS = [*VALID, "checkin", "reason", "symptom", "moved_from", "walked_minutes", "unknown"]


@st.composite
def entries(draw: st.DrawFn) -> dict:
    """A valid entry with a few fields replaced, removed or added."""
    data = json.loads(json.dumps(VALID))
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(FIELDS))
        if draw(st.integers(0, 5)) == 0:
            data.pop(name, None)
        else:
            data[name] = draw(ODD)
    done = data.get("done")
    if draw(st.booleans()) and isinstance(done, list) and done and isinstance(done[0], dict):
        done[0][draw(st.sampled_from(["sets", "reps", "hold_seconds", "extra"]))] = draw(ODD)
    return data


def pydantic_takes(data: dict) -> bool:
    try:
        text = json.dumps(data, ensure_ascii=True)
        wrapped = f'{{"schema_version":{SCHEMA_VERSION},"entries":[{text}]}}'
        validate_json(LogFile, wrapped)
    except ValidationError:
        return False
    return True


@settings(max_examples=examples(1000, slow=20000))
@given(entries())
def test_what_the_quick_check_passes_pydantic_takes(data):
    if passes_strict_check(LogEntry, data):
        assert pydantic_takes(data), data


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("id", "9F1C2A3B-0000-4000-8000-00000000000A"),  # UUID: lowercase only
        ("id", "9f1c2a3b-0000-4000-8000-00000000000a\n"),  # `$` is the very end
        ("planned", ["Bird-Dog"]),  # KEBAB
        ("date", "2026-W49-3"),  # a form fromisoformat takes and pydantic does not
        ("pain_before", 11),  # Range
        ("pain_before", True),  # a bool is not a number
        ("kind", "nap"),  # a Literal
        ("unknown", 1),  # extra="forbid"
    ],
)
def test_each_rule_of_the_strict_validator_is_in_the_quick_check(name, value):
    """Each of these is refused by pydantic: the quick check must doubt it too (take one of
    its checks out and a row fails)."""
    data = {**VALID, name: value}
    assert not pydantic_takes(data)
    assert not passes_strict_check(LogEntry, data)


def test_the_entries_facetcoach_writes_pass_the_quick_check():
    """Else every append would import pydantic again (and be slow, not wrong)."""
    assert passes_strict_check(LogEntry, VALID)
    walk = {**VALID, "kind": "walk", "walked_minutes": 30, "planned": [], "done": []}
    assert passes_strict_check(LogEntry, walk)


def test_an_entry_the_quick_check_doubts_is_refused_in_pydantics_words():
    entry = a_session(dt.date(2026, 12, 9))
    entry.planned = ["Not Kebab"]  # a value no command builds: only a bug would
    said = r"The entry cannot be saved: planned\[0\]: must be kebab-case"
    with pytest.raises(InputError, match=said):
        checked_bytes(entry)


# --- Every other model the quick check stands in for: a valid document, mutated anywhere ---

PLAN = to_data(plan_factory.plan())
DOCUMENTS = {
    "plan": (PlanFile, PLAN),
    "answers": (Answers, PLAN["answers"]),
    "library": (
        LibraryFile,
        {"schema_version": 1, "exercises": [to_data(e) for e in load_library().exercises[:4]]},
    ),
}


def _places(data: object, path: tuple = ()) -> list[tuple]:
    """Every place in a JSON document: the path of each value."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(_places(value, (*path, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_places(value, (*path, index)))
    return found


@st.composite
def mutated(draw: st.DrawFn, document: object) -> object:
    data = json.loads(json.dumps(document))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_places(data)))
        if not path:
            continue
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.integers(0, 5))
        if action == 0 and isinstance(parent, dict):
            parent.pop(path[-1])
        elif action == 1 and isinstance(parent, dict):
            parent["unknown"] = draw(ODD)
        else:
            parent[path[-1]] = draw(ODD)
    return data


def pydantic_takes_document(cls: type, data: object) -> bool:
    try:
        validate_json(cls, json.dumps(data, ensure_ascii=True))
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_valid_documents_pass_the_quick_check(name):
    cls, document = DOCUMENTS[name]
    assert passes_strict_check(cls, document) and pydantic_takes_document(cls, document)


@settings(max_examples=examples(300, slow=5000))
@given(data=st.data(), name=st.sampled_from(sorted(DOCUMENTS)))
def test_what_the_quick_check_passes_in_any_document_pydantic_takes(data, name):
    cls, document = DOCUMENTS[name]
    changed = data.draw(mutated(document))
    if passes_strict_check(cls, changed):
        assert pydantic_takes_document(cls, changed), changed
