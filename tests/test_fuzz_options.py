"""Every command with random options: a result, or one clear error, never a traceback; and a
command that fails changes no data file.

The commands and their options are read from the app itself (Typer's click commands), so a
command added to cli/main.py's COMMANDS is fuzzed too, with no change here. Values are the
words, numbers, dates and text people type; paths are files prepared for each example in a
scratch folder (which is also the working directory, so nothing is written elsewhere).
Each example runs on one of several data folders: none, a plan, a plan and a log, a plan
and a damaged log, a log without a plan.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import event, given, settings
from hypothesis import strategies as st
from typer import Context
from typer.core import TyperGroup

from facetcoach import paths
from facetcoach.cli.main import app
from facetcoach.log.entries import checkin_entry, skipped_entry, symptom_entry
from facetcoach.log.store import append_entries, read_import_file
from facetcoach.models import Checkin
from helpers import plan_factory
from helpers.fuzztools import FUZZ, check_outcome, files_in, fresh_home, invoke, option_values
from helpers.logtools import CET, a_session, saved_plan
from helpers.profiles import examples

ROOT = typer.main.get_command(app)
# Options that change the user's shell set-up, not facetcoach: never run them.
NEVER = {"--install-completion", "--show-completion"}
DAYS = ["2026-12-09", "2026-12-06", "2026-12-13", "2027-02-01"]


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    if isinstance(command, TyperGroup):
        ctx = Context(command)
        for name in command.list_commands(ctx):
            yield from _commands(command.get_command(ctx, name), (*path, name))


COMMANDS = [(path, command) for path, command in _commands(ROOT) if path]
ROOT_OPTIONS = [p for p in ROOT.params if not set(p.opts) & NEVER]


# --- The data folders ---------------------------------------------------------------------------


# Fixed ids, so that the command lines can name them (a prefix names one for edit, delete).
KNOWN_IDS = [
    "0a1b2c3d-0000-4000-8000-000000000001",
    "0a1b2c3d-0000-4000-8000-000000000002",
    "7f000000-0000-4000-8000-000000000003",
    "c0ffee00-0000-4000-8000-000000000004",
]
IDS = st.sampled_from(
    [*KNOWN_IDS, "0a1b", "0a1b2c", "7f00", "c0ff", "C0FFEE", "deadbeef", "00000000-0000"]
)


def _entries() -> list:
    day = dt.date(2026, 12, 7)
    moment = dt.datetime(2026, 12, 8, 20, 0, tzinfo=CET)
    session = plan_factory.plan().program.weeks[0].sessions[0]
    first, second, third, fourth = KNOWN_IDS
    return [
        a_session(day, pain_before=3, pain_after=2, note="première ✓", entry_id=first),
        skipped_entry(session, dt.date(2026, 12, 9), moment, "travel", entry_id=second),
        checkin_entry(day, moment, Checkin(nprs=4, odi=[1, 2, 0, -1] * 2 + [1, 0]), entry_id=third),
        symptom_entry(day, moment, "numbness", entry_id=fourth),
    ]


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The data folders the examples start from, built once through the store."""
    base = tmp_path_factory.mktemp("templates")
    made: dict[str, Path] = {"none": base / "none"}
    saved = os.environ.get("FACETCOACH_HOME")
    try:
        for name in ("plan", "plan and log", "damaged log", "log, no plan"):
            home = base / name.replace(" ", "-").replace(",", "")
            os.environ["FACETCOACH_HOME"] = str(home)
            if name != "log, no plan":
                saved_plan()
            if name != "plan":
                append_entries(_entries())
            if name == "damaged log":
                raw = paths.log_file().read_bytes()
                paths.log_file().write_bytes(raw[: len(raw) // 2])
            made[name] = home
    finally:
        os.environ["FACETCOACH_HOME"] = saved or ""
    return made


def _prepare_files(folder: Path) -> dict[str, str]:
    """The files a path option may be given (all inside `folder`)."""
    from helpers.answers_data import EXAMPLE

    (folder / "answers.toml").write_bytes(EXAMPLE.read_bytes())
    flagged = EXAMPLE.read_text().replace("major_trauma = false", "major_trauma = true")
    (folder / "red-flag.toml").write_text(flagged)
    (folder / "not-toml.toml").write_text("pain_now = \n[[")
    (folder / "noise.bin").write_bytes(bytes(range(256)))
    (folder / "empty").write_bytes(b"")
    (folder / "a-folder").mkdir()
    library = (
        'schema_version = 1\n[[exercises]]\nid = "my-stretch"\nname = "My stretch"\n'
        'category = "rom"\nlevel = 1\nkind = "stretch"\nsets = 1\nreps = 3\n'
        'hold_seconds = 20\nrest_seconds = 15\nper_side = true\nequipment = ["mat"]\n'
        'position = "lying"\nloads = ["flexion"]\nend_range_extension = false\n'
        'steps = ["Lie down."]\ncues = ["Gently."]\ncautions = ["Stop if it hurts."]\n'
    )
    (folder / "library.toml").write_text(library)
    export = paths.log_file()
    if export.exists():
        shutil.copyfile(export, folder / "export.json")
    names = [
        "answers.toml",
        "red-flag.toml",
        "not-toml.toml",
        "noise.bin",
        "empty",
        "a-folder",
        "library.toml",
        "export.json",
        "missing.toml",
        "no-folder/out.csv",
        "out.csv",
    ]
    return {name: str(folder / name) for name in names}


# --- Command lines ------------------------------------------------------------------------------


PATH_WORDS = ("file", "path", "output", "dir", "folder")
PATH_OPTIONS = {"-o", "--output", "--ics", "--answers", "--library"}


def _is_path(param: Any) -> bool:
    """A file or folder option: only ever given a path inside the example's scratch folder
    (a command added later with a text-typed path option must not write elsewhere)."""
    if type(param.type).__name__ in ("TyperPath", "Path") or set(param.opts) & PATH_OPTIONS:
        return True
    names = f"{param.name} {getattr(param, 'metavar', None) or ''}".lower()
    return any(word in names for word in PATH_WORDS)


@st.composite
def command_lines(draw: Any, files: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """`facetcoach [global options] COMMAND [options] [arguments]` with random values."""
    path, command = draw(st.sampled_from(COMMANDS))
    args: list[str] = []

    def value_for(param: Any) -> str:
        if _is_path(param):
            return draw(st.sampled_from(files))
        return draw(option_values | IDS)

    for param in draw(st.lists(st.sampled_from(ROOT_OPTIONS), max_size=1)):
        args += [param.opts[0]] if param.is_flag else [param.opts[0], value_for(param)]
    args += list(path)
    options = [p for p in command.params if p.param_type_name == "option"]
    options = [p for p in options if not set(p.opts) & NEVER]
    for param in draw(st.lists(st.sampled_from(options), max_size=5)) if options else []:
        name = draw(st.sampled_from(param.opts))
        args += [name] if param.is_flag else [name, value_for(param)]
    for param in command.params:
        if param.param_type_name == "argument" and draw(st.integers(0, 9)):
            args.append(value_for(param))
    if draw(st.integers(0, 19)) == 0:
        args.append(draw(option_values))  # a stray word
    return path, args


@contextlib.contextmanager
def _in_folder(folder: Path) -> Iterator[None]:
    here = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


def check_command_line(templates: dict[str, Path], data: Any) -> None:
    state = data.draw(st.sampled_from(list(templates)), label="data folder")
    today = data.draw(st.sampled_from(DAYS), label="today")
    with (
        fresh_home(templates[state], FACETCOACH_TODAY=today) as home,
        tempfile.TemporaryDirectory(prefix="facetcoach-files-") as folder,
    ):
        files = _prepare_files(Path(folder))
        path, args = data.draw(command_lines(list(files.values())), label="command line")
        before = files_in(home)
        with _in_folder(Path(folder)):
            result = invoke(args)
        code = check_outcome(result, args, codes=(0, 1, 2, 3))
        event(f"{' '.join(path)}: exit {code}")
        after = files_in(home)
        if code == 3 and after != before:
            # RS1: a yes at a later screen puts the saved program on hold, and so the one
            # change a red-flag stop may make is a flagged screen added to plan.json.
            _only_a_flagged_screen_added(before, after, args)
        elif code != 0:
            assert after == before, f"{args!r} failed with {code} but changed the data"
        elif after.get("log.json") != before.get("log.json") and "log.json" in after:
            read_import_file(paths.log_file())  # a write leaves a log that checks strictly


def _only_a_flagged_screen_added(before: dict, after: dict, args: Any) -> None:
    import json

    assert set(after) == set(before), args
    assert {k for k in after if after[k] != before[k]} == {"plan.json"}, args
    old, new = json.loads(before["plan.json"]), json.loads(after["plan.json"])
    added = new.pop("screens")[len(old.pop("screens")) :]
    assert new == old and len(added) == 1 and added[0]["flagged"], args


@settings(FUZZ, max_examples=examples(200, slow=2000))
@given(data=st.data())
def test_any_options_of_any_command_give_a_result_or_one_clear_error(templates, data):
    check_command_line(templates, data)


def test_every_command_is_fuzzed():
    """The fuzzer reads the commands from the app: all of cli/main.py's COMMANDS are there."""
    from facetcoach.cli.main import COMMANDS as REGISTERED

    assert {path[0] for path, _ in COMMANDS} == set(REGISTERED)
    assert ("log", "edit") in {path for path, _ in COMMANDS}
