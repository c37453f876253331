"""Files the user asked for (`report -o`, `plan export --ics`, `log export -o`): never over
facetcoach's own files, `-` for the screen, and no temp file left behind (data-safety.md
promise 11, DS11)."""

from __future__ import annotations

import json
import os
import sys

import pytest

from facetcoach import paths
from facetcoach.cli.main import app
from facetcoach.log.store import append_entry
from helpers.logtools import a_session, saved_plan

TODAY = {"FACETCOACH_TODAY": "2026-12-09"}


@pytest.fixture
def plan(monkeypatch):
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-09")
    plan = saved_plan()
    append_entry(a_session())
    return plan


def _crash_before_the_rename(args: list[str]) -> None:
    """Run facetcoach in a forked child that dies (like a SIGKILL) just before its rename."""
    if not hasattr(os, "fork"):
        pytest.skip("needs os.fork")
    pid = os.fork()
    if pid == 0:
        try:
            sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
            os.replace = lambda *args, **kwargs: os._exit(9)
            app(args, prog_name="facetcoach", standalone_mode=False)
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 9, "the child did not reach the rename"


OUTPUTS = {
    "report": ["report", "-o", "{out}/r.html"],
    "plan export": ["plan", "export", "--ics", "{out}/r.ics"],
    "log export": ["log", "export", "--csv", "-o", "{out}/r.csv"],
}


@pytest.mark.parametrize("name", list(OUTPUTS))
def test_a_crash_before_the_rename_leaves_no_temp_file_after_the_next_command(
    plan, cli, tmp_path, name
):
    """DS11. Before: `.r.html.<random>.tmp` stayed in the user's folder for good (the clean-up
    only looked in the data folder)."""
    out = tmp_path / "out"
    out.mkdir()
    _crash_before_the_rename([a.format(out=out) for a in OUTPUTS[name]])
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")], "no temp file to clean"
    assert cli("log", "list").exit_code == 0  # the next successful command, any command
    assert list(out.iterdir()) == []


def test_the_next_command_also_cleans_the_plan_archive(plan, cli):
    _crash_before_the_rename(["plan", "--yes", "--force"])
    assert cli("today").exit_code == 0
    leftovers = [p for p in paths.data_dir().rglob("*.tmp")]
    assert leftovers == []


def test_log_export_to_dash_writes_the_screen(plan, cli, tmp_path, monkeypatch):
    """Before: `log export -o -` wrote a file named "-"."""
    monkeypatch.chdir(tmp_path)
    result = cli("log", "export", "-o", "-")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["entries"][0]["kind"] == "session"
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("own", ["log.json", "plan.json", "log.json.bak", "log.json.lock"])
def test_facetcoach_never_writes_a_report_over_its_own_files(plan, cli, home, own):
    """Before: `report -o ~/.local/share/facetcoach/log.json --force` replaced the log."""
    append_entry(a_session())  # so that there is a backup
    before = {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()}
    for command in (["report"], ["log", "export"], ["plan", "export", "--ics"]):
        flag = "--ics" if "plan" in command else "-o"
        args = [*command, *([] if flag in command else [flag]), str(home / own), "--force"]
        result = cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "is one of facetcoach's own files" in result.stderr
    assert {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()} == before


def test_nor_through_a_link_to_them(plan, cli, home, tmp_path):
    link = tmp_path / "report.md"
    link.symlink_to(home / "log.json")
    result = cli("report", "-o", str(link), "--force")
    assert result.exit_code == 2 and "is one of facetcoach's own files" in result.stderr


def test_report_to_dash_writes_the_screen(plan, cli, tmp_path, monkeypatch):
    """Before: `report -o -` wrote a file named "-" too."""
    monkeypatch.chdir(tmp_path)
    result = cli("report", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Home exercise report")
    assert not (tmp_path / "-").exists()
