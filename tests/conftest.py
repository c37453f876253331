"""Shared fixtures: every test gets its own data folder and a fixed terminal width; and the
size of the run (helpers/profiles.py).

The default run (`python -m pytest`) is the `dev` profile without the `stress`, `slow_e2e`
and `slow` tests. The other runs:

    FACETCOACH_HYPOTHESIS_PROFILE=ci python -m pytest -n0 -m "fuzz or stress or slow_e2e"  # CI's
    FACETCOACH_HYPOTHESIS_PROFILE=slow python -m pytest -n0 -m "fuzz or stress or slow"  # long

Every hypothesis test is marked `fuzz` here, so `-m fuzz` runs all of them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from facetcoach.cli.main import app
from helpers import profiles, typer_cache

# Before any test module is imported: their @settings take their defaults from the profile.
profiles.register()
typer_cache.install()


def pytest_report_header(config: pytest.Config) -> str:
    return f"facetcoach test profile: {profiles.current()} ({profiles.ENV})"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every hypothesis test `fuzz` (before -m deselects): its size is the profile's."""
    from hypothesis import is_hypothesis_test

    for item in items:
        if isinstance(item, pytest.Function) and is_hypothesis_test(item.obj):
            item.add_marker(pytest.mark.fuzz)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """FACETCOACH_HOME in a temporary folder that does not exist yet."""
    folder = tmp_path / "facetcoach-home"
    monkeypatch.setenv("FACETCOACH_HOME", str(folder))
    monkeypatch.delenv("FACETCOACH_LIBRARY", raising=False)
    monkeypatch.delenv("FACETCOACH_ASSUME_TTY", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    # A bug should fail a test loudly, not turn into the friendly internal-error message.
    monkeypatch.setenv("FACETCOACH_DEBUG", "1")
    return folder


@pytest.fixture
def cli() -> Callable[..., object]:
    """Run the facetcoach command in-process: cli("exercises", "--json")."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None):
        return runner.invoke(app, list(args), input=input, env=env)

    return invoke


@pytest.fixture
def write_toml(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a TOML file from a dedented string and return its path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write
