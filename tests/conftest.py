"""Shared fixtures: every test gets its own data folder and a fixed terminal width."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from facetcoach.cli.main import app


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
