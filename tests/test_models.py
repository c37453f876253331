"""The models' __init__, compiled after their first instances (models._keyword_init; the first
are filled in from a table, models._Filler), against the one @dataclass(kw_only=True) writes: the
same parameters, defaults and refusals, for every model."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from facetcoach import models
from facetcoach.bundle import contents
from facetcoach.share import progress_data, report_data

# models.py and the modules of models kept apart from it (issue 15: built only when shown).
MODULES = (models, progress_data, report_data, contents)
MODELS = [
    value
    for module in MODULES
    for value in vars(module).values()
    if isinstance(value, type) and issubclass(value, models.Model) and value is not models.Model
]


def _real(cls: type) -> type:
    """`cls` as the dataclasses module itself would build it."""
    namespace = {
        f.name: (
            dataclasses.field(default_factory=f.default_factory)
            if f.default_factory is not dataclasses.MISSING
            else f.default
        )
        for f in dataclasses.fields(cls)
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
    }
    namespace["__annotations__"] = {f.name: f.type for f in dataclasses.fields(cls)}
    return dataclasses.dataclass(kw_only=True)(type(cls.__name__, (), namespace))


def test_every_model_is_found():
    assert len(MODELS) >= 45 and models.LogEntry in MODELS and report_data.Report in MODELS


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_the_init_has_the_parameters_and_defaults_of_a_dataclass(cls):
    ours = models._keyword_init(cls)
    real = _real(cls).__init__
    assert _parameters(ours) == _parameters(real)


def _parameters(init: object) -> list[tuple[str, object, object]]:
    # A default_factory's marker differs (dataclasses' <factory>, ours MISSING): both "factory".
    def default(value: object) -> object:
        factory = value is dataclasses.MISSING or repr(value) == "<factory>"
        return "factory" if factory else value

    signature = inspect.signature(init)  # type: ignore[arg-type]
    return [(p.name, p.kind, default(p.default)) for p in signature.parameters.values()]


def test_an_init_refuses_what_a_dataclass_refuses_and_copies_no_default_list():
    with pytest.raises(TypeError, match="missing"):
        models.DoneItem(sets=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword"):
        models.DoneItem(exercise_id="bird-dog", sets=1, weight=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="positional"):
        models.DoneItem("bird-dog", 1)  # type: ignore[misc]
    one = models.Checkin(nprs=3, odi=[])
    two = models.Checkin(nprs=3, odi=[])
    assert one == two and one.psfs == {} and one.psfs is not two.psfs
    assert models.DoneItem(exercise_id="bird-dog", sets=2).reps is None


def test_replace_and_fields_work_as_on_any_dataclass():
    item = models.DoneItem(exercise_id="bird-dog", sets=2, reps=8)
    assert dataclasses.replace(item, sets=3) == models.DoneItem(
        exercise_id="bird-dog", sets=3, reps=8
    )
    assert [f.name for f in dataclasses.fields(item)] == [
        "exercise_id",
        "sets",
        "reps",
        "hold_seconds",
    ]
    assert not hasattr(item, "__dict__")  # slots: a misspelt attribute is an error, not a field


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_model_json_builds_every_model_without_its_init(cls):
    """model_json.py sets the fields of the models it reads itself (compiling each __init__
    was 1 ms of reading a plan, issue 15): only for the classes @model made."""
    assert cls in models.MADE_BY_MODEL


def test_a_model_read_without_its_init_is_the_one_its_init_makes():
    from facetcoach.model_json import from_data, strict_data

    read = from_data(models.DoneItem, {"exercise_id": "bird-dog", "sets": 2})
    assert read == models.DoneItem(exercise_id="bird-dog", sets=2) and read.reps is None
    one = from_data(models.Checkin, {"nprs": 3, "odi": []})
    two = from_data(models.Checkin, {"nprs": 3, "odi": []})
    assert one == models.Checkin(nprs=3, odi=[]) == two
    assert one.psfs == {} and one.psfs is not two.psfs  # a default factory: a new dict each
    with pytest.raises(TypeError, match="missing"):
        from_data(models.DoneItem, {"sets": 2})
    assert strict_data(models.DoneItem, {"sets": 2}) is None
    with pytest.raises(ValueError, match="unknown keys"):
        from_data(models.DoneItem, {"exercise_id": "bird-dog", "sets": 2, "weight": 3})


def test_reading_a_model_compiles_no_init():
    from facetcoach.model_json import from_data

    @models.model
    class Fresh(models.Model):
        name: str
        tags: list[str] = dataclasses.field(default_factory=list)

    read = from_data(Fresh, {"name": "x"})
    assert (read.name, read.tags) == ("x", [])
    assert vars(Fresh)["__init__"] is models._init_until_compiled  # still not compiled
    assert read == Fresh(name="x")


def test_a_model_compiles_its_init_only_after_its_first_instances():
    """Issue 15: compiling was 0.1-0.35 ms a kind, and `today` makes most kinds a few times."""

    @models.model
    class Fresh(models.Model):
        name: str
        tags: list[str] = dataclasses.field(default_factory=list)

    made = [Fresh(name=str(n)) for n in range(models._COMPILE_AFTER)]
    assert vars(Fresh)["__init__"] is models._init_until_compiled
    assert [m.name for m in made] == [str(n) for n in range(models._COMPILE_AFTER)]
    assert made[0].tags == [] and made[0].tags is not made[1].tags
    assert Fresh(name="late") == Fresh(name="late", tags=[])
    assert vars(Fresh)["__init__"] is not models._init_until_compiled


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_a_model_filled_in_from_its_table_is_the_one_its_compiled_init_makes(cls):
    fields = dataclasses.fields(cls)
    required = {
        f.name: object()
        for f in fields
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    given = {f.name: object() for f in fields}
    for values in (required, given):
        filled, compiled = object.__new__(cls), object.__new__(cls)
        assert models._Filler(cls).fill(filled, dict(values))
        models._keyword_init(cls)(compiled, **values)
        assert filled == compiled
    # What the table cannot take goes to the compiled __init__, which says what is wrong.
    assert not models._Filler(cls).fill(object.__new__(cls), {**given, "not_a_field": 1})
    if required:
        assert not models._Filler(cls).fill(object.__new__(cls), {})


def test_a_first_instance_is_refused_as_the_compiled_init_refuses():
    @models.model
    class Fresh(models.Model):
        name: str

    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'name'"):
        Fresh()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'size'"):
        Fresh(name="x", size=3)  # type: ignore[call-arg]
