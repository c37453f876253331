"""Time the installed `facetcoach` command on an empty history and on a long one.

    python benchmarks/run.py                  # builds both folders, 15 runs of each command
    python benchmarks/run.py --runs 31 --only today,log,progress
    python benchmarks/run.py --home DIR --today 2027-03-03   # a folder you built already

Run it with the Python of the environment facetcoach is installed in (the `facetcoach`
script next to sys.executable is what is timed). It prints the median wall time of every
command beside the baseline `python -c "import typer"`, measured in the same rounds: each
round runs every command on both histories and the baseline in a shuffled order, so that
machine noise hits them all alike. Then it checks the targets of issue 8.

The long history is built by make_history.py; the empty one is a folder holding only the
same plan.json, so the two differ by the history alone. Commands that write run in a
scratch copy of the folder, made before the clock starts and removed after it stops.

Python writes no .pyc files when PYTHONDONTWRITEBYTECODE is set (some sandboxes and CI
images set it), and then recompiles every module on every start, which no installed
program does. The children run without it, and every command runs once untimed first so
that the .pyc files exist.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Case:
    """One command line to time. `args` follow `facetcoach`; {answers}, {checkin} and
    {scratch} are filled in. `writes`: run it in a scratch copy of the data folder."""

    args: tuple[str, ...]
    writes: bool = False
    typer_max: float | None = None  # target: at most this many times `import typer`
    scale_max: float | None = None  # target: long history at most this many times empty
    seconds_max: float | None = None  # target: under this many seconds

    @property
    def label(self) -> str:
        return " ".join(arg for arg in self.args if "{" not in arg)

    @property
    def command_words(self) -> tuple[str, ...]:
        """The subcommand path (`plan export`), to ask `--help` whether this build has it."""
        words = []
        for arg in self.args:
            if arg.startswith("-") or "{" in arg:
                break
            words.append(arg)
        return tuple(words)


# One line per command. Those not in the build being measured are listed as absent.
CASES = [
    Case(("--help",)),
    Case(("today",), typer_max=1.5, scale_max=1.3),
    Case(("today", "--json")),
    Case(("log", "--pain-before", "3", "--pain-after", "2"), writes=True, scale_max=1.3),
    Case(("progress",), scale_max=1.3),
    Case(("progress", "--json")),
    Case(("log", "list")),
    Case(("plan", "--answers", "{answers}", "--force"), writes=True, seconds_max=0.5),
    # Issue 6 (adaptive coaching) and issue 7 (share): timed once they are merged.
    Case(("checkin", "--answers", "{checkin}"), writes=True),
    Case(("report",)),
    Case(("report", "--format", "html", "-o", "{scratch}/report.html"), writes=True),
    Case(("plan", "export", "--ics", "{scratch}/plan.ics"), writes=True),
]

# The README's example answers file (plan --answers) and issue 6's check-in answers file.
ANSWERS = """\
pain_now = 4
pain_worst = 6
worse_with = ["extension", "rotation"]
better_with = ["flexion"]
age = 52
activity = "sedentary"
balance_concern = false
days = ["mon", "wed", "fri"]
minutes = 20
equipment = ["mat", "chair", "counter"]
weeks = 8

[red_flags]
saddle_numbness = false
bladder_bowel_change = false
sexual_function_change = false
both_legs = false
worsening_weakness = false
spreading_numbness = false
fever_or_unwell = false
weakened_immunity = false
recent_infection_or_injection = false
cancer_history = false
unexplained_weight_loss = false
constant_night_pain = false
major_trauma = false
minor_trauma_osteoporosis = false
"""
CHECKIN = """\
nprs = 4
odi = [1, 2, 1, 0, 2, 1, -1, 1, 0, 1]

[psfs]
"gardening" = 6
"tying shoelaces" = 8
"""

HISTORIES = ("empty", "long")


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each (default 15)")
    parser.add_argument("--years", type=float, default=10, help="years of history (default 10)")
    parser.add_argument("--home", type=Path, help="use this long-history folder (read-only)")
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=dt.date.today(),
        help="the day to run on, YYYY-MM-DD (default: today); match the folder of --home",
    )
    parser.add_argument("--seed", type=int, default=2026, help="for the history and the order")
    parser.add_argument(
        "--only", help="commands to time, comma-separated: today,log (or a row's full label)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the folders it builds")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args(argv)


# --- Running commands -------------------------------------------------------------------------


def _child_env(home: Path, today: dt.date) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key != "PYTHONDONTWRITEBYTECODE" and not key.startswith("FACETCOACH_")
    }
    env.update(FACETCOACH_HOME=str(home), FACETCOACH_TODAY=today.isoformat())
    return env


class Runner:
    def __init__(self, facetcoach: Path, work: Path, homes: dict[str, Path], today: dt.date):
        self.facetcoach = facetcoach
        self.work = work
        self.homes = homes
        self.today = today
        self.files = {"answers": work / "answers.toml", "checkin": work / "checkin.toml"}
        self.files["answers"].write_text(ANSWERS, encoding="utf-8")
        self.files["checkin"].write_text(CHECKIN, encoding="utf-8")

    def available(self, case: Case) -> bool:
        words = case.command_words
        if not words:
            return True
        found = subprocess.run(
            [str(self.facetcoach), *words, "--help"],
            env=_child_env(self.homes["empty"], self.today),
            stdin=subprocess.DEVNULL,
            capture_output=True,
        )
        return found.returncode == 0

    def time_baseline(self) -> float:
        return self._timed([sys.executable, "-c", "import typer"], dict(os.environ), None)

    def time_case(self, case: Case, history: str) -> float:
        home = self.homes[history]
        scratch = None
        if case.writes:
            scratch = self.work / f"scratch-{history}"
            shutil.rmtree(scratch, ignore_errors=True)
            shutil.copytree(home, scratch, symlinks=True)
            home = scratch
        fill = {**{k: str(v) for k, v in self.files.items()}, "scratch": str(home)}
        argv = [str(self.facetcoach), *(arg.format(**fill) for arg in case.args)]
        try:
            return self._timed(argv, _child_env(home, self.today), case)
        finally:
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)

    @staticmethod
    def _timed(argv: list[str], env: dict[str, str], case: Case | None) -> float:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        started = time.perf_counter()
        done = subprocess.run(
            argv,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(
                f"{' '.join(argv)} exited {done.returncode}; a benchmark of a failure means "
                f"nothing (with --home, give the --today the folder was built for):\n"
                f"{done.stderr.decode(errors='replace')}"
            )
        return elapsed


# --- The folders ------------------------------------------------------------------------------


def _build_homes(args: argparse.Namespace, work: Path) -> tuple[dict[str, Path], str]:
    if args.home is not None:
        long = args.home.expanduser().resolve()
        if not (long / "plan.json").is_file():
            raise SystemExit(f"{long} has no plan.json: build one with make_history.py.")
        summary = f"{long}: given with --home (run on the --today it was built for)"
    else:
        long = work / "long"
        built = subprocess.run(
            [
                sys.executable,
                str(HERE / "make_history.py"),
                f"--years={args.years}",
                f"--home={long}",
                f"--today={args.today.isoformat()}",
                f"--seed={args.seed}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        summary = built.stdout.strip()
    empty = work / "empty"
    empty.mkdir(mode=0o700)
    shutil.copy2(long / "plan.json", empty / "plan.json")  # the same plan, no history
    return {"empty": empty, "long": long}, summary


# --- The report -------------------------------------------------------------------------------


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version

    return (
        f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}; "
        f"{platform.system()} {platform.release()}; "
        f"facetcoach {version('facetcoach')}, typer {version('typer')}"
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def _report(
    cases: list[Case], absent: list[Case], times: dict, baseline: float, years: float
) -> list[str]:
    long_name = f"{years:g} years"
    lines = [
        f'Median wall time in ms; × = ratio to `python -c "import typer"` = {_ms(baseline)} ms.',
        "",
        f"| command | empty | × typer | {long_name} | × typer | {long_name} ÷ empty |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    verdicts: list[str] = []
    for case in cases:
        empty, long = (statistics.median(times[case, h]) for h in HISTORIES)
        lines.append(
            f"| facetcoach {case.label} | {_ms(empty)} | {empty / baseline:.2f} | {_ms(long)} "
            f"| {long / baseline:.2f} | {long / empty:.2f} |"
        )
        name = f"facetcoach {case.label}"
        if case.typer_max is not None:
            worst = max(empty, long) / baseline
            verdicts.append(
                _verdict(
                    worst <= case.typer_max,
                    f"{name} ≤ {case.typer_max}× import typer",
                    f"{empty / baseline:.2f}× empty, {long / baseline:.2f}× {long_name}",
                )
            )
        if case.scale_max is not None:
            verdicts.append(
                _verdict(
                    long / empty <= case.scale_max,
                    f"{name} on {long_name} ≤ {case.scale_max}× on empty",
                    f"{long / empty:.2f}×",
                )
            )
        if case.seconds_max is not None:
            verdicts.append(
                _verdict(
                    max(empty, long) < case.seconds_max,
                    f"{name} < {case.seconds_max} s",
                    f"{empty:.3f} s empty, {long:.3f} s {long_name}",
                )
            )
    for case in absent:
        lines.append(f"| facetcoach {case.label} | not in this build | | | | |")
    return [*lines, "", "Targets:", *verdicts]


def _verdict(ok: bool, target: str, figures: str) -> str:
    return f"  {'met   ' if ok else 'MISSED'}  {target}: {figures}"


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    facetcoach = Path(sys.executable).parent / "facetcoach"
    if not facetcoach.exists():
        print(f"No {facetcoach}: install facetcoach in this environment first.", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="facetcoach-bench-"))
    try:
        homes, summary = _build_homes(args, work)
        runner = Runner(facetcoach, work, homes, args.today)
        only = set(args.only.split(",")) if args.only else None
        wanted = [c for c in CASES if only is None or {c.label, " ".join(c.command_words)} & only]
        cases = [c for c in wanted if runner.available(c)]
        absent = [c for c in wanted if c not in cases]
        jobs = [(case, history) for case in cases for history in HISTORIES]
        for case, history in jobs:  # untimed: writes the .pyc files, fills the disk cache
            runner.time_case(case, history)
        runner.time_baseline()
        times: dict = {job: [] for job in jobs}
        base: list[float] = []
        rng = random.Random(args.seed)
        for _ in range(args.runs):
            order: list = [*jobs, None, None]  # None: the baseline, twice a round
            rng.shuffle(order)
            for job in order:
                if job is None:
                    base.append(runner.time_baseline())
                else:
                    times[job].append(runner.time_case(*job))
        print(f"Machine: {_machine()}")
        print(f"Long history: {summary}")
        print(f"Day: {args.today}; {args.runs} timed runs of each, after one untimed run.\n")
        report = _report(cases, absent, times, statistics.median(base), args.years)
        print("\n".join(report))
        missed = any("MISSED" in line for line in report)
        return 1 if missed and args.check else 0
    finally:
        if args.keep:
            print(f"\nFolders kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
