"""Start-up guard: each command imports only the heavy libraries it needs (docs/ARCHITECTURE.md).

Command modules load only when their command runs (the lazy root group in cli/main.py), and
pydantic, Rich, filelock and icalendar are imported only inside the functions that use them;
and `today` imports none of the project's own modules it does not need (NOT_FOR_TODAY).
Each row runs the installed package in a fresh interpreter, the day after a plan and a logged
session, and
reads which modules it imported (`python -X importtime`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pydantic", "rich", "filelock", "icalendar")

# (arguments, the heavy libraries the command may import). A row fails when a command
# imports one more; tighten a row when a command needs less.
ROWS: list[tuple[tuple[str, ...], frozenset[str]]] = [
    (("--help",), frozenset()),
    (("--version",), frozenset()),
    (("-V",), frozenset()),
    (("help",), frozenset()),
    (("help", "log"), frozenset()),
    (("today",), frozenset()),
    (("today", "--json"), frozenset()),
    (("today", "--flare"), frozenset()),
    (("progress", "--json"), frozenset()),
    (("progress",), frozenset({"rich"})),
    (("log", "list", "--json"), frozenset()),
    (("log", "list"), frozenset({"rich"})),
    (("plan", "show", "--json"), frozenset()),
    (("plan", "show"), frozenset({"rich"})),
    (("report", "--format", "md"), frozenset()),
    (("report", "--format", "json"), frozenset()),
    (("paths",), frozenset()),
    (("paths", "--json"), frozenset()),
    (("learn",), frozenset()),
    (("learn", "hurt-not-harm", "--json"), frozenset()),
    (("exercises", "--json"), frozenset({"pydantic"})),  # the library is validated
    (("exercises",), frozenset({"pydantic", "rich"})),
    # An append to a log facetcoach wrote: the new entry checked by model_json, the lock
    # taken with flock, plain lines (issue 15). An edit decodes and checks every entry.
    (("log", "--date", "2026-12-09", "--pain-before", "2", "--pain-after", "3"), frozenset()),
    (("log", "--walked", "20", "--date", "2026-12-08"), frozenset()),
    (("log", "morning", "3"), frozenset({"pydantic", "rich"})),
    (("plan", "export", "--ics", "{home}/x.ics"), frozenset({"icalendar", "rich"})),
    # The bundle: read under the locks, every part checked strictly; no Rich.
    (("export", "-o", "{home}/y.json", "--force"), frozenset({"pydantic", "filelock"})),
    (("import", "{home}/bundle.json"), frozenset({"pydantic", "filelock"})),
]


def _imported(
    home: Path, args: tuple[str, ...], day: str = "2026-12-10"
) -> tuple[set[str], subprocess.CompletedProcess]:
    env = {
        **os.environ,
        "FACETCOACH_HOME": str(home),
        "FACETCOACH_TODAY": day,
        "FACETCOACH_DEBUG": "1",
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    argv = [arg.replace("{home}", str(home)) for arg in args]
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "facetcoach", *argv],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    modules = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    return modules, result


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("startup")
    for args in (
        ("plan", "--yes"),
        ("log", "--pain-before", "3", "--pain-after", "3"),
        ("export", "-o", "{home}/bundle.json"),  # for the import row (it changes nothing)
    ):
        _, result = _imported(folder, args, day="2026-12-09")
        assert result.returncode == 0, result.stderr[-2000:]
    return folder


@pytest.mark.parametrize(("args", "allowed"), ROWS, ids=[" ".join(args) for args, _ in ROWS])
def test_a_command_imports_only_the_heavy_libraries_it_needs(
    home: Path, args: tuple[str, ...], allowed: frozenset[str]
) -> None:
    modules, result = _imported(home, args)
    assert result.returncode == 0, result.stderr[-2000:]
    heavy = {name.split(".")[0] for name in modules} & set(HEAVY)
    assert heavy <= allowed, f"{' '.join(args)} imported {sorted(heavy - allowed)}"
    # Only the command's own modules load: never another command's.
    others = {
        name
        for name in modules
        if name.startswith("facetcoach.cli.")
        and name.split(".")[2] in {"plan", "today", "progress", "report", "exercises", "checkin"}
        and name.split(".")[2] != args[0]
    }
    assert others == set(), others


# Modules of the project that `today` does not need (issue 15), and what needs them: each was
# imported by a top-level import on its path, and the test fails when one comes back. With
# nothing logged, on a session day of a program not on hold:
NOT_FOR_A_FIRST_TODAY = {
    "facetcoach.intake.screen": "the words of a program on hold (RS1)",
    "facetcoach.program.dose_ladder": "doses stepped after a flare-up, or by the progression",
    "facetcoach.library.doses": "the dose ladder's rules",
    "facetcoach.log": "reading or writing a log",
    "facetcoach.log.entries": "building entries (log, checkin, a guided session)",
}
# With a log (the progression reads it, and imports the dose ladder and its rules):
NOT_FOR_TODAY = {
    "facetcoach.intake.screen",
    "facetcoach.log.entries",
    "facetcoach.program.changes",  # the plan's changes (pause, screen, revision): `plan ...`
}


@pytest.fixture(scope="module")
def fresh_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fresh")
    _, result = _imported(folder, ("plan", "--yes"), day="2026-12-02")
    assert result.returncode == 0, result.stderr[-2000:]
    return folder


@pytest.mark.parametrize("args", [("today",), ("today", "--json")], ids=" ".join)
def test_today_with_nothing_logged_imports_none_of_the_modules_it_does_not_need(
    fresh_home: Path, args: tuple[str, ...]
) -> None:
    modules, result = _imported(fresh_home, args, day="2026-12-02")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Your session" in result.stdout or '"items"' in result.stdout  # a session day
    assert modules & set(NOT_FOR_A_FIRST_TODAY) == set(), {
        name: NOT_FOR_A_FIRST_TODAY[name] for name in modules & set(NOT_FOR_A_FIRST_TODAY)
    }


def test_today_with_a_log_imports_neither_the_screen_nor_the_entry_builders(home: Path) -> None:
    modules, result = _imported(home, ("today",))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "facetcoach.log.store" in modules  # the log was read
    assert modules & NOT_FOR_TODAY == set()


def test_help_and_version_load_no_command_module(home: Path) -> None:
    for args in (("--help",), ("--version",)):
        modules, result = _imported(home, args)
        assert result.returncode == 0
        loaded = {m for m in modules if m.startswith("facetcoach.cli.")}
        assert loaded <= {
            "facetcoach.cli.launch",
            "facetcoach.cli.main",
            "facetcoach.cli.output",
        }, loaded


def test_the_version_is_said_without_importing_typer(home: Path, cli) -> None:
    """cli/launch.py answers `-V` and `--version` itself, with the line the app says."""
    for flag in ("-V", "--version"):
        modules, result = _imported(home, (flag,))
        assert result.returncode == 0 and "typer" not in modules, sorted(modules)[:20]
        assert result.stdout == cli(flag).stdout
    modules, result = _imported(home, ("-V", "--help"))  # anything more: the app decides
    assert result.returncode == 0 and "typer" in modules


def _python(code: str, home: Path) -> str:
    """What `python -c code` writes to stderr, with its own data folder."""
    env = {**os.environ, "FACETCOACH_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    return done.stderr


def test_the_console_script_turns_the_collector_off_before_typers_import(tmp_path):
    """Issue 15: Typer's import made the collector pass over its objects, ~6 ms a start."""
    code = (
        "import gc, sys\n"
        "seen = []\n"
        "class Watch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'typer':\n"
        "            seen.append(gc.isenabled())\n"
        "        return None\n"
        "sys.meta_path.insert(0, Watch())\n"
        "sys.argv = ['facetcoach', '--help']\n"
        "from facetcoach.cli.launch import run\n"
        "try:\n"
        "    run()\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(repr(seen))\n"
    )
    stderr = _python(code, tmp_path)
    assert stderr.strip().endswith("[False]"), stderr


def test_the_console_script_leaves_its_objects_to_the_exit_not_to_a_last_collection(tmp_path):
    """Issue 15: the collector's last pass at exit over Typer's objects was ~10 ms a command;
    cli/launch.py freezes them once the command is done, even when it fails."""
    code = (
        "import gc, sys\n"
        "from facetcoach.cli.launch import run\n"
        "frozen = []\n"
        "for argv in (['facetcoach', '--help'], ['facetcoach', 'no-such-command']):\n"
        "    gc.unfreeze()\n"
        "    sys.argv = argv\n"
        "    try:\n"
        "        run()\n"
        "    except SystemExit:\n"
        "        pass\n"
        "    frozen.append(gc.get_freeze_count() > 1000)\n"
        "sys.stderr.write(repr(frozen))\n"
    )
    stderr = _python(code, tmp_path)
    assert stderr.strip().endswith("[True, True]"), stderr
