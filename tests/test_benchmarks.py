"""benchmarks/run.py still runs and prints its goals (issue 15).

Not a timed test: the benchmark is the check, by hand (benchmarks/README.md). This one only
runs it at its smallest (two short histories, no large one, no Watson, one timed run of
`today`) so that a change to the commands or to make_history.py that breaks it shows here.
It starts about fifteen processes (two of them build histories): 3.5 s on a quiet 2-core
machine, so it is in the default run (25-35 s when that machine is loaded with other suites).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_benchmark_runs_and_prints_every_goal(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--quick",
            "--runs=1",
            "--only=today",
            "--years=0.1,0.2",
            "--entries=0",
            f"--work={tmp_path}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "| today | " in out
    assert "Load average" in out
    assert "Goals (issue 15)" in out
    assert "`today` ≤ 1.3× `import typer` (empty, 0.1 y, 0.2 y): " in out
    assert "`today` ≤ 1.0× `watson status` (empty, 0.1 y, 0.2 y): not measured" in out
    assert "`plan show` on 0.2 y ≤ 1.2× on empty, in peak memory: not measured" in out
    assert not list(tmp_path.glob("run-*")), "the run's scratch folder is left behind"
