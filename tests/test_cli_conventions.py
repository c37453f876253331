"""CLI conventions (issue 16, item 5): -V, a short status for bare `facetcoach` (exit 0),
`facetcoach help [COMMAND]`, the command list in the order a person meets the commands with
whole descriptions, plain placeholders, and cheap shell completion of the values people type.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from facetcoach import __version__
from helpers.logtools import a_session, saved_plan, write_log
from test_docs import COMMANDS
from test_startup_imports import HEAVY, _imported


def test_dash_capital_v_is_the_version(cli):
    for flag in ("-V", "--version"):
        result = cli(flag)
        assert (result.exit_code, result.stdout) == (0, f"facetcoach {__version__}\n")


def test_bare_facetcoach_without_a_plan_says_how_to_start(cli):
    result = cli()
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "You have no program yet. Start here:" in out
    assert "  facetcoach plan " in out and "  facetcoach plan --yes " in out
    assert "Usage:" not in out  # a status, not the help
    assert "`facetcoach help`" in out


def test_bare_facetcoach_gives_the_day_and_what_to_do(cli, monkeypatch):
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-09")
    saved_plan()
    result = cli()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1] == "Today, Wednesday 9 December 2026 · week 1 of 6, phase 1: Settle and move"
    minutes = re.search(r"exercises, about (\d+) minutes", cli("today").stdout)[1]
    assert lines[2] == f"Today's session: 5 exercises, about {minutes} minutes."
    assert "  facetcoach today --guided   do it with timers, then it is recorded" in lines
    assert "A check-in is due: `facetcoach checkin` (about 3 minutes)." in lines
    # Once recorded, it says so; on a rest day, when the next session is.
    write_log([a_session()])
    assert "Today's session is recorded. Well done." in cli().stdout
    rest = cli(env={"FACETCOACH_TODAY": "2026-12-10"}).stdout
    assert "A rest day." in rest and "Next session: Friday 11 December." in rest


def test_help_command_is_the_commands_own_help(cli):
    assert cli("help").stdout == cli("--help").stdout
    assert cli("help", "log").stdout == cli("log", "--help").stdout
    assert cli("help", "plan", "export").stdout == cli("plan", "export", "--help").stdout
    result = cli("help", "plan", "nope")
    assert result.exit_code == 2
    assert (
        result.stderr == "Error: There is no command `plan nope`; `facetcoach help` lists them.\n"
    )


def test_the_command_list_is_in_the_order_a_person_meets_them(cli):
    out = cli("--help", env={"COLUMNS": "80"}).stdout
    listed = re.findall(r"^  (\w+)  ", out.split("Commands:")[1], re.M)
    order = ["plan", "today", "log", "progress", "checkin", "report", "exercises", "learn", "paths"]
    order += ["export", "import"]  # moving to another computer (issue 13)
    assert listed == [*order, "help"]


@pytest.mark.parametrize("width", ["40", "80"])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_cuts_no_description_and_uses_plain_placeholders(cli, name, width):
    args = name.split()[1:]
    out = cli(*args, "--help", env={"COLUMNS": width}).stdout
    assert "..." not in out.replace("[COMMAND]...", "").replace("[ARGS]...", "")
    for odd in ("<str>", "<int", "INTEGER", "[x>=", "<=x<=", "{"):
        assert odd not in out, (name, odd)


def test_bad_level_and_weeks_are_one_sentence(cli, monkeypatch):
    result = cli("exercises", "--level", "4")
    assert result.exit_code == 2
    assert result.stderr == "Error: --level must be 1 (entry), 2 or 3 (hardest), not '4'.\n"
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-09")
    saved_plan()
    result = cli("progress", "--weeks", "0")
    assert (result.exit_code, result.stderr) == (2, "Error: --weeks must be 1 or more (got 0).\n")


# --- Shell completion, through the installed command in a fresh interpreter ---------------


def complete(home, words: str, **env: str) -> tuple[list[str], set[str]]:
    """What bash completion offers for `words` (the last one being typed), and the heavy
    libraries the completion imported."""
    parts = words.split(" ")
    full = {
        **os.environ,
        "FACETCOACH_HOME": str(home),
        "_FACETCOACH_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "facetcoach"],
        env=full, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    modules = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    return result.stdout.split(), {m.split(".")[0] for m in modules} & set(HEAVY)


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("facetcoach exercises show bir", ["bird-dog", "bird-dog-squares"]),
        ("facetcoach log --skip cat", ["cat-camel"]),
        ("facetcoach log --only pelvic-t", ["pelvic-tilt-lying"]),
        ("facetcoach log --extra chin", ["chin-tuck"]),
        ("facetcoach log --reason s", ["sick"]),
        ("facetcoach log edit --reason f", ["flare"]),
        ("facetcoach log --symptom l", ["leg-pain"]),
        ("facetcoach exercises --category r", ["rom"]),
        ("facetcoach exercises --position s", ["seated", "standing"]),
        ("facetcoach exercises --equipment mat,c", ["mat,chair", "mat,counter"]),
    ],
)
def test_completion_offers_the_values_and_imports_nothing_heavy(home, words, offered):
    found, heavy = complete(home, words)
    assert found == offered
    assert heavy == set(), heavy


def test_completion_offers_entry_ids_newest_first(home, monkeypatch):
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-11")
    saved_plan()
    import datetime as dt

    entries = [a_session(dt.date(2026, 12, 7)), a_session(dt.date(2026, 12, 9))]
    write_log(entries)
    for words in ("facetcoach log edit ", "facetcoach log delete "):
        found, heavy = complete(home, words)
        assert found == [e.id[:8] for e in reversed(entries)]
        assert heavy == set()
    found, _ = complete(home, f"facetcoach log edit {entries[0].id[:3]}")
    assert found == [entries[0].id[:8]]


def test_completion_takes_the_user_library_too(home, write_toml):
    library = write_toml("mine.toml", '[[exercises]]\nid = "towel-hamstring-stretch"\n')
    found, _ = complete(home, "facetcoach exercises show towel", FACETCOACH_LIBRARY=str(library))
    assert found == ["towel-hamstring-stretch"]


def test_bare_facetcoach_imports_nothing_heavy(tmp_path):
    modules, result = _imported(tmp_path, ())
    assert result.returncode == 0 and "no program yet" in result.stdout
    assert {m.split(".")[0] for m in modules} & set(HEAVY) == set()


@pytest.mark.parametrize(
    ("words", "suggested"),
    [
        (["tday"], "'today'"),
        (["log", "lst"], "'list'"),
        (["plan", "shw"], "'show'"),
        (["exercises", "shw"], "'show'"),
    ],
)
def test_a_mistyped_command_gets_the_close_name_even_before_it_is_built(cli, words, suggested):
    """The groups build their commands on demand (cli/main.py CommandGroup.lazy), and Typer
    suggests only among the commands built: the suggestion comes from all of them."""
    result = cli(*words)
    assert result.exit_code == 2
    assert f"No such command '{words[-1]}'. Did you mean {suggested}?" in result.output
    assert "Did you mean" not in cli(*words[:-1], "qqqqqq").output  # nothing close: no guess


@pytest.mark.parametrize(
    ("words", "suggested"), [(["tody"], "'today'"), (["plan", "chnge"], "'change'")]
)
def test_help_of_a_mistyped_command_gets_the_close_name(cli, words, suggested):
    """Found by a new user's trial: `facetcoach tody` suggested 'today', `help tody` did not."""
    result = cli("help", *words)
    assert result.exit_code == 2
    assert f"`facetcoach help` lists them. Did you mean {suggested}?" in result.output
    assert "Did you mean" not in cli("help", *words[:-1], "qqqqqq").output


def test_a_groups_help_lists_its_commands_in_one_order_whatever_was_built(cli):
    """Found by review: the app serves many invocations in a process (tests, an embedding);
    a subcommand built first moved to the top of its group's help."""

    def listed(group: str) -> list[str]:
        out = cli(group, "--help").stdout
        rows = out.split("Commands:", 1)[1].splitlines()
        return [row.split()[0] for row in rows if row[:3].strip() and row.startswith("  ")]

    assert cli("log", "export", "--help").exit_code == 0  # built before any list of them
    assert cli("plan", "screen", "--help").exit_code == 0
    assert listed("log") == [
        "checked",
        "morning",
        "list",
        "undo",
        "delete",
        "edit",
        "export",
        "import",
    ]
    assert listed("plan") == ["show", "export", "change", "pause", "resume", "screen"]
