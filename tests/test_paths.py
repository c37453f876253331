"""Where facetcoach keeps its files: the env override, per-call resolution, no folder on read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facetcoach import paths


def test_home_override_is_read_on_each_call(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("FACETCOACH_HOME", str(tmp_path / "a"))
    assert paths.log_file() == tmp_path / "a" / "log.json"
    monkeypatch.setenv("FACETCOACH_HOME", str(tmp_path / "b"))
    assert paths.plan_file() == tmp_path / "b" / "plan.json"


def test_platform_default_when_no_override(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("FACETCOACH_HOME")
    import platformdirs

    assert paths.data_dir() == Path(platformdirs.user_data_dir("facetcoach", appauthor=False))


def test_library_option_beats_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("FACETCOACH_LIBRARY", str(tmp_path / "env.toml"))
    assert paths.user_library_file(tmp_path / "opt.toml") == tmp_path / "opt.toml"
    assert paths.user_library_file(None) == tmp_path / "env.toml"
    monkeypatch.delenv("FACETCOACH_LIBRARY")
    assert paths.user_library_file(None) is None


def test_paths_command_lists_every_location_and_creates_nothing(cli, home: Path):
    result = cli("paths")
    assert result.exit_code == 0, result.output
    for label in ("data folder", "plan", "session log", "log backup", "built-in library"):
        assert label in result.stdout
    assert str(home) in result.stdout
    assert not home.exists(), "reading paths must not create the data folder"


def test_paths_json(cli, home: Path, tmp_path: Path):
    result = cli("--library", str(tmp_path / "mine.toml"), "paths", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["data_dir"] == str(home)
    assert data["log"] == str(home / "log.json")
    assert data["user_library"] == str(tmp_path / "mine.toml")
    assert Path(data["builtin_library"]).is_file()


@pytest.mark.parametrize(
    "args",
    [("log", "morning", "3"), ("plan", "pause", "--reason", "travel"), ("today",), ("log", "list")],
)
def test_a_command_with_no_plan_or_log_to_change_makes_no_folder(cli, home, args):
    """Found by a new user's trial: `plan pause` and `log morning` before any plan left a
    data folder holding only a lock file."""
    cli(*args, env={"FACETCOACH_TODAY": "2026-12-09"})  # refused, or "no entries yet"
    assert not home.exists()
