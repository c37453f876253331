"""End to end: the wheel installs into a fresh venv and the installed command finds its library.

Building the wheel and the venv is `slow_e2e`, left to .ci/run; the default run keeps the
development install's command, run from another folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def installed_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding facetcoach installed from a freshly built wheel (not editable)."""
    work = tmp_path_factory.mktemp("wheel")
    built = run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(work / "dist"),
            str(ROOT),
        ],
        cwd=work,
    )
    assert built.returncode == 0, built.stderr
    wheel = next((work / "dist").glob("facetcoach-*.whl"))
    venv = work / "venv"
    made = run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=work)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    installed = run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        cwd=work,
    )
    assert installed.returncode == 0, installed.stderr
    # The dependencies come from the test environment, so the test needs no network.
    site = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], work
    )
    Path(site.stdout.strip(), "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


@pytest.mark.slow_e2e
def test_installed_command_finds_the_packaged_library(installed_venv: Path, tmp_path: Path):
    env = {**os.environ, "FACETCOACH_HOME": str(tmp_path / "home")}
    result = run([str(installed_venv / "bin" / "facetcoach"), "exercises", "--json"], tmp_path, env)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) >= 40

    where = run([str(installed_venv / "bin" / "facetcoach"), "paths", "--json"], tmp_path, env)
    library = Path(json.loads(where.stdout)["builtin_library"])
    assert installed_venv in library.parents, "the wheel must carry its own library"


@pytest.mark.slow_e2e
def test_python_dash_m_runs(installed_venv: Path, tmp_path: Path):
    result = run(
        [str(installed_venv / "bin" / "python"), "-m", "facetcoach", "--version"], tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("facetcoach ")


def test_the_development_install_runs_from_another_folder(tmp_path: Path):
    env = {**os.environ, "FACETCOACH_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    result = run([sys.executable, "-m", "facetcoach", "exercises"], tmp_path, env)
    assert result.returncode == 0, result.stderr
    assert "Core stabilisation" in result.stdout
    assert "\x1b[" not in result.stdout, "no colour codes on a pipe"
