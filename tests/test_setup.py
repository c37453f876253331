"""Set-up (issue 16, item 10): the README's one-liner can run twice (`plan --yes` over a plan
that `plan --yes` made keeps it, exit 0); a plan made otherwise is still protected; the README
says how long the set-up and the tests take, and how to install just the command."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from helpers.answers_data import example_data, write_answers

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
DAY1 = {"FACETCOACH_TODAY": "2026-12-07"}
DAY3 = {"FACETCOACH_TODAY": "2026-12-09"}


def test_plan_yes_twice_keeps_the_plan_and_says_so(cli, home):
    assert cli("plan", "--yes", env=DAY1).exit_code == 0
    before = (home / "plan.json").read_bytes()
    result = cli("plan", "--yes", env=DAY3)
    assert result.exit_code == 0, result.output
    assert " ".join(result.stdout.split()) == (
        "You already have a plan made with the defaults (started Mon 7 Dec 2026): it is kept "
        "as it is, and your log too. To build a new one: `facetcoach plan --yes --force` (with "
        "--start-over, from week 1 today)."
    )
    assert (home / "plan.json").read_bytes() == before
    assert not (home / "plans").exists()  # nothing archived: nothing replaced


def test_plan_yes_json_twice_prints_the_kept_plan(cli, home):
    first = json.loads(cli("plan", "--yes", "--json", env=DAY1).stdout)
    again = cli("plan", "--yes", "--json", env=DAY3)
    assert again.exit_code == 0
    assert json.loads(again.stdout) == first
    assert again.stderr.startswith("You already have a plan made with the defaults")


def test_plan_yes_does_not_pass_over_a_plan_made_from_answers(cli, home, tmp_path):
    answers = write_answers(tmp_path, example_data())
    assert cli("plan", "--answers", str(answers), env=DAY1).exit_code == 0
    result = cli("plan", "--yes", env=DAY3)
    assert result.exit_code == 2
    assert "Add --force to replace it" in result.stderr
    # --force still builds the defaults; with --start-over, from today.
    forced = cli("plan", "--yes", "--force", "--start-over", "--json", env=DAY3)
    assert forced.exit_code == 0 and json.loads(forced.stdout)["start"] == "2026-12-09"


def test_the_readme_one_liner_runs_twice(cli, home):
    """The README's set-up line, its facetcoach commands run through the CLI, twice."""
    line = re.search(r"```sh\n(python3 -m venv .venv && .venv/bin/pip install \. .*)\n```", README)
    assert line, "the README's set-up one-liner"
    commands = [
        shlex.split(part.strip())[1:]
        for part in line[1].split("&&")
        if part.strip().startswith(".venv/bin/facetcoach")
    ]
    assert commands == [["plan", "--yes"], ["today"]]
    for env in (DAY1, DAY3):
        for args in commands:
            result = cli(*args, env=env)
            assert result.exit_code == 0, (args, result.output)


def test_the_readme_says_how_long_and_how_to_install_just_the_command():
    assert "about 30 seconds" in README
    assert re.search(r"Run the tests\*\* \(about 2,000 of them: about a minute", README)
    assert "`pipx install .`" in README and "`uv tool install .`" in README


@pytest.mark.slow_e2e  # collects the whole suite again in a subprocess (~13 s): CI runs it
def test_the_readme_test_count_is_about_right(tmp_path):
    """'About 2,000 tests': checked against pytest's own count, so that it stays true."""
    import sys

    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=root, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    found = re.search(r"(\d+)(?:/\d+)? tests? collected", result.stdout)
    assert found, result.stdout[-500:]
    assert 1850 <= int(found[1]) <= 2200
