"""Time the installed `facetcoach` command on histories of every size, beside Watson.

    python benchmarks/run.py                  # empty, 10 y, 30 y, 100,000 entries; 21 runs
    python benchmarks/run.py --peers          # the same, and Watson's commands beside them
    python benchmarks/run.py --quick          # a smoke check: small histories, 3 runs
    python benchmarks/run.py --runs 31 --only today,log,progress

Run it with the Python of the environment facetcoach is installed in (the `facetcoach`
script next to sys.executable is what is timed). It prints the median wall time and the
median peak memory of every command on every history, beside the baseline
`python -c "import typer"`, all measured in the same rounds: each round runs every command
on every history (and the baseline twice) in a shuffled order, so that machine noise hits
them all alike. Ratios are computed within the run. Then it prints every goal of issue 15
with its figure and a verdict.

The histories are built by make_history.py (10 and 30 years; 100,000 entries: the 30 years
and copies of them further back) and cached in the work folder (--work), keyed by their
years, entries, seed, day, facetcoach version, make_history.py and the modules of the stored
formats (STORED_BY), so that reruns start at once. The empty history is a folder holding
only the same plan.json, so all differ by the history alone. Commands that write run in a
scratch copy of the folder, made before the clock starts and removed after it stops; those
that add to the log (`log`, `checkin`, `watson add`) in one copy kept for the whole run, as a
person's folder is, so that each round adds its entry to the last round's log.

--peers installs Watson (td-watson, a time tracker on click with its frames in one JSON
file) into a virtual environment of its own in the work folder, never into this one, gives
it a frames file with as many frames as each facetcoach history has entries, and times
`watson status`, `add`, `log` and `report` in the same rounds.

Peak memory is the child's maximum resident set size from wait4(). Linux counts into it
the memory of the process that started the child, so the children are started by a small
launcher process (a bare Python with nothing imported), whose own size is printed as the
floor of the measure; the runner itself may grow without touching the figures.

Python writes no .pyc files when PYTHONDONTWRITEBYTECODE is set (some sandboxes and CI
images set it), and then recompiles every module on every start, which no installed
program does. The children run without it, and every command runs once untimed first so
that the .pyc files exist.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import marshal
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
WATSON = "td-watson==2.1.0"
DEFAULT_TODAY = dt.date(
    2027, 3, 3
)  # fixed, so that every run (and a saved one) measures the same data
SIZES = ("empty", "mid", "long", "big")  # roles; their labels come from --years and --entries
SLOWER_TOLERANCE = 1.10  # --baseline: "slower" beyond this ratio, for the noise of one run


@dataclass(frozen=True)
class Case:
    """One facetcoach command line to time. `args` follow `facetcoach`; {answers}, {checkin}
    and {scratch} are filled in. `writes`: run it in a scratch copy of the data folder.
    `appends`: it adds an entry to the log, so its copy is made once and kept for the run, as
    a person's folder is kept from one day to the next (each round adds one entry, 22 in all);
    a new copy each round would time only the first append after a copy, which reads and
    rewrites the whole log (docs/data-safety.md, "The journal").
    `reads`: it reads the data folder, so it is timed on every history (else on the empty
    one only). `peer`: the Watson command it is compared with (--peers)."""

    name: str
    args: tuple[str, ...]
    writes: bool = False
    appends: bool = False
    reads: bool = True
    peer: tuple[str, ...] | None = None
    shown: str = ""  # the label, when the command line is another case's too

    @property
    def label(self) -> str:
        return self.shown or " ".join(arg for arg in self.args if "{" not in arg)

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
    Case("--version", ("--version",), reads=False),
    Case("--help", ("--help",), reads=False),
    Case("today", ("today",), peer=("status",)),
    Case("today --json", ("today", "--json")),
    Case(
        "log",
        ("log", "--pain-before", "3", "--pain-after", "2"),
        writes=True,
        appends=True,
        peer=("add", "-f", "{day} 06:00", "-t", "{day} 06:25", "exercises", "+cat-camel"),
    ),
    # The first append after a copy of the folder: a whole rewrite, as when it folds the
    # journal (one append in 64 on a large log). No goal; the cost the journal spreads out.
    Case(
        "log, after a copy",
        ("log", "--pain-before", "3", "--pain-after", "2"),
        writes=True,
        shown="log --pain-before 3 --pain-after 2, after a copy",
    ),
    Case("log list", ("log", "list"), peer=("log", "--no-pager")),
    Case("progress", ("progress",), peer=("report", "--no-pager")),
    Case("progress --json", ("progress", "--json")),
    Case("report", ("report",)),
    Case(
        "report --format html",
        ("report", "--format", "html", "-o", "{scratch}/report.html"),
        writes=True,
    ),
    Case("plan show", ("plan", "show")),
    Case("plan --answers", ("plan", "--answers", "{answers}", "--force"), writes=True),
    Case("checkin --answers", ("checkin", "--answers", "{checkin}"), writes=True, appends=True),
    Case("plan export --ics", ("plan", "export", "--ics", "{scratch}/plan.ics"), writes=True),
]


@dataclass(frozen=True)
class Goal:
    """One goal of issue 15. `kind`: "typer" (time ÷ `import typer`), "peer" (time ÷ the
    Watson command), "time" or "memory" (on `sizes` ÷ on the empty history)."""

    case: str
    kind: str
    limit: float
    sizes: tuple[str, ...]


GOALS = [
    Goal("today", "peer", 1.0, ("empty", "mid", "long")),
    Goal("today", "typer", 1.3, ("empty", "mid", "long")),
    Goal("log", "typer", 2.0, ("empty", "mid")),
    Goal("log", "peer", 1.0, ("empty", "mid", "long")),
    *(
        Goal(case, kind, 1.2, ("long",))
        for case in ("log list", "progress", "report", "plan show")
        for kind in ("time", "memory")
    ),
    Goal("log", "time", 1.5, ("big",)),
    Goal("today", "time", 1.3, ("big",)),
    Goal("progress", "time", 1.3, ("big",)),
    Goal("--version", "typer", 1.1, ("empty",)),
    Goal("--help", "typer", 1.1, ("empty",)),
    Goal("plan --answers", "typer", 3.0, ("empty", "mid", "long")),
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


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, help="timed runs of each (default 21; --quick 3)")
    parser.add_argument(
        "--years",
        help="the two histories, in years, comma-separated (default 10,30; --quick 1,3)",
    )
    parser.add_argument(
        "--entries",
        type=int,
        help="entries of the largest history, grown from the longer one "
        "(default 100000; --quick 10000; 0: leave it out)",
    )
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=DEFAULT_TODAY,
        help=f"the day facetcoach runs on, YYYY-MM-DD (default {DEFAULT_TODAY})",
    )
    parser.add_argument("--seed", type=int, default=2026, help="for the histories and the order")
    parser.add_argument(
        "--only", help="commands to time, comma-separated: today,log (or a row's full label)"
    )
    parser.add_argument("--peers", action="store_true", help="time Watson's commands beside")
    parser.add_argument(
        "--quick", action="store_true", help="a smoke check: small histories, 3 runs"
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        / "facetcoach-bench",
        help="where histories and Watson are kept between runs (default ~/.cache/facetcoach-bench)",
    )
    parser.add_argument("--rebuild", action="store_true", help="build the histories again")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument("--save", type=Path, help="write the figures to this JSON file")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a file written by --save: say which commands got slower since (× import typer)",
    )
    args = parser.parse_args(argv)
    years = args.years or ("1,3" if args.quick else "10,30")
    args.year_sizes = tuple(float(y) for y in years.split(","))
    if len(args.year_sizes) != 2 or not 0 < args.year_sizes[0] <= args.year_sizes[1]:
        parser.error("--years takes two lengths, shorter first: 10,30")
    if args.entries is None:
        args.entries = 10_000 if args.quick else 100_000
    if args.runs is None:
        args.runs = 3 if args.quick else 21
    return args


# --- Running commands -------------------------------------------------------------------------

# Starts each command and waits for it with wait4(), for its peak memory. A child's maximum
# resident set size counts the memory of the process that started it (Linux keeps the
# high-water mark of the memory it replaces at exec), so the starter is this small process:
# a bare interpreter (-I -S) with only built-in modules. Requests and answers are marshal
# data after an 8-byte length.
LAUNCHER = r"""
import marshal, os, sys, time
read, write = sys.stdin.buffer.read, sys.stdout.buffer
while True:
    size = read(8)
    if len(size) < 8:
        break
    argv, env, err = marshal.loads(read(int.from_bytes(size, "little")))
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
    ]
    started = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime
    answer = marshal.dumps((elapsed, cpu, usage.ru_maxrss, os.waitstatus_to_exitcode(status)))
    write.write(len(answer).to_bytes(8, "little") + answer)
    write.flush()
"""


@dataclass(frozen=True)
class Run:
    seconds: float  # wall time
    cpu: float  # user + system seconds
    peak: int  # bytes


class Launcher:
    def __init__(self, work: Path) -> None:
        self.err = work / "stderr.txt"
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", LAUNCHER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )

    def run(self, argv: list[str], env: dict[str, str]) -> Run:
        assert self.process.stdin is not None and self.process.stdout is not None
        request = marshal.dumps((argv, env, str(self.err)))
        self.process.stdin.write(len(request).to_bytes(8, "little") + request)
        self.process.stdin.flush()
        size = self.process.stdout.read(8)
        if len(size) < 8:
            raise SystemExit(f"The launcher stopped while running {' '.join(argv)}.")
        seconds, cpu, peak_kib, code = marshal.loads(
            self.process.stdout.read(int.from_bytes(size, "little"))
        )
        if code != 0:
            raise SystemExit(
                f"{' '.join(argv)} exited {code}; a benchmark of a failure means nothing "
                f"(--rebuild builds the histories again):\n"
                f"{self.err.read_text(errors='replace')}"
            )
        return Run(seconds, cpu, peak_kib * 1024)

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait()


def _base_env() -> dict[str, str]:
    return {
        key: value
        for key, value in os.environ.items()
        if key != "PYTHONDONTWRITEBYTECODE" and not key.startswith(("FACETCOACH_", "WATSON_"))
    }


class Runner:
    def __init__(self, launcher: Launcher, work: Path, homes: dict[str, Path], today: dt.date):
        self.launcher = launcher
        self.facetcoach = Path(sys.executable).parent / "facetcoach"
        self.work = work
        self.homes = homes
        self.today = today
        self.watson: Path | None = None
        self.watson_dirs: dict[str, Path] = {}
        self.files = {"answers": work / "answers.toml", "checkin": work / "checkin.toml"}
        self.files["answers"].write_text(ANSWERS, encoding="utf-8")
        self.files["checkin"].write_text(CHECKIN, encoding="utf-8")

    def available(self, case: Case) -> bool:
        words = case.command_words
        if not words:
            return True
        found = subprocess.run(
            [str(self.facetcoach), *words, "--help"],
            env={**_base_env(), "FACETCOACH_HOME": str(self.homes["empty"])},
            stdin=subprocess.DEVNULL,
            capture_output=True,
        )
        return found.returncode == 0

    def baseline(self) -> Run:
        return self.launcher.run([sys.executable, "-c", "import typer"], _base_env())

    def floor(self) -> Run:
        return self.launcher.run([shutil.which("true") or "/bin/true"], _base_env())

    def case(self, case: Case, size: str) -> Run:
        kept = f"{case.name.replace(' ', '-')}-{size}" if case.appends else None
        with self._scratch(self.homes[size], case.writes, size, kept) as home:
            fill = {**{k: str(v) for k, v in self.files.items()}, "scratch": str(home)}
            argv = [str(self.facetcoach), *(arg.format(**fill) for arg in case.args)]
            env = {
                **_base_env(),
                "FACETCOACH_HOME": str(home),
                "FACETCOACH_TODAY": self.today.isoformat(),
            }
            return self.launcher.run(argv, env)

    def peer(self, case: Case, size: str) -> Run:
        assert self.watson is not None and case.peer is not None
        writes = case.peer[0] == "add"  # (kept for the run, as facetcoach's `log` is)
        kept = f"watson-add-{size}" if writes else None
        with self._scratch(self.watson_dirs[size], writes, f"watson-{size}", kept) as folder:
            day = dt.date.today().isoformat()  # Watson has no pinned day: its real today
            argv = [str(self.watson), *(arg.format(day=day) for arg in case.peer)]
            return self.launcher.run(argv, {**_base_env(), "WATSON_DIR": str(folder)})

    def _scratch(self, folder: Path, writes: bool, name: str, kept: str | None = None):
        if kept is not None:
            return _Scratch(folder, self.work / f"kept-{kept}", keep=True)
        return _Scratch(folder, self.work / f"scratch-{name}" if writes else None)


class _Scratch:
    """A copy of `folder` at `copy` for a command that writes (removed after), or `folder`.
    `keep`: the copy is made at the first use and kept (the run's folder is removed at its
    end)."""

    def __init__(self, folder: Path, copy: Path | None, *, keep: bool = False) -> None:
        self.folder, self.copy, self.keep = folder, copy, keep

    def __enter__(self) -> Path:
        if self.copy is None:
            return self.folder
        if self.keep and self.copy.exists():
            return self.copy
        shutil.rmtree(self.copy, ignore_errors=True)
        shutil.copytree(self.folder, self.copy, symlinks=True)
        return self.copy

    def __exit__(self, *exc: object) -> None:
        if self.copy is not None and not self.keep:
            shutil.rmtree(self.copy, ignore_errors=True)


# --- The histories ----------------------------------------------------------------------------


def _size_labels(args: argparse.Namespace) -> dict[str, str]:
    short, long = args.year_sizes
    labels = {"empty": "empty", "mid": f"{short:g} y", "long": f"{long:g} y"}
    if args.entries:
        labels["big"] = f"{args.entries:,} entries"
    return labels


# The modules that decide what a data folder holds (the log's layout, its offsets index, the
# models): a history built by another version of them would be read through the fallbacks
# (an index in an older layout is not trusted), not as a user's own folder is.
STORED_BY = ("models.py", "log/file_format.py", "log/offsets.py")


def _fingerprint() -> str:
    import importlib.util
    from importlib.metadata import version

    made = hashlib.sha256((HERE / "make_history.py").read_bytes()).hexdigest()[:10]
    spec = importlib.util.find_spec("facetcoach")
    package = Path(next(iter(spec.submodule_search_locations or []))) if spec else None
    stored = hashlib.sha256()
    for name in STORED_BY if package else ():
        stored.update((package / name).read_bytes())
    return f"fc{version('facetcoach')}-mh{made}-st{stored.hexdigest()[:8]}"


def _cached(cache: Path, key: str, build: list[str], rebuild: bool) -> tuple[Path, str]:
    """The folder `key` in `cache`, built by make_history.py with `build` if it is not there
    (into a temporary name first, so that an interrupted build is never taken for one)."""
    home = cache / key
    summary = home.with_name(key + ".txt")
    if rebuild and home.exists():
        shutil.rmtree(home)
    if not home.exists():
        partial = cache / f".{key}.partial-{os.getpid()}"
        shutil.rmtree(partial, ignore_errors=True)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(HERE / "make_history.py"), f"--home={partial}", *build],
            env=_base_env(),
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            shutil.rmtree(partial, ignore_errors=True)
            raise SystemExit(f"make_history.py {' '.join(build)} failed:\n{done.stderr}")
        took = time.perf_counter() - started
        text = done.stdout.strip().replace(str(partial), str(home))
        summary.write_text(f"{text} (built in {took:.0f} s)\n", encoding="utf-8")
        try:
            partial.rename(home)
        except OSError:  # another run built it meanwhile
            if not home.is_dir():
                raise
            shutil.rmtree(partial, ignore_errors=True)
    os.utime(home)  # in use: see _prune
    return home, summary.read_text(encoding="utf-8").strip()


def _prune(cache: Path, days: int = 14) -> None:
    """Histories unused for `days` (other days, older versions) go."""
    limit = time.time() - days * 86400
    for folder in cache.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)
            folder.with_name(folder.name + ".txt").unlink(missing_ok=True)


def _build_homes(args: argparse.Namespace, work: Path, run_dir: Path) -> tuple[dict, list[str]]:
    cache = work / "histories"
    cache.mkdir(parents=True, exist_ok=True)
    _prune(cache)
    mark = f"s{args.seed}-{args.today}-{_fingerprint()}"
    common = [f"--today={args.today}", f"--seed={args.seed}"]
    homes: dict[str, Path] = {}
    summaries: list[str] = []
    short, long = args.year_sizes
    for size, years in (("mid", short), ("long", long)):
        homes[size], text = _cached(
            cache, f"{years:g}y-{mark}", [f"--years={years}", *common], args.rebuild
        )
        summaries.append(text)
    if args.entries:
        homes["big"], text = _cached(
            cache,
            f"{args.entries}n-{long:g}y-{mark}",
            [f"--years={long}", f"--base={homes['long']}", f"--entries={args.entries}", *common],
            args.rebuild,
        )
        summaries.append(text)
    plan = (homes["long"] / "plan.json").read_bytes()
    for home in homes.values():
        if (home / "plan.json").read_bytes() != plan:
            raise SystemExit(f"{home}: its plan.json is not that of the others (--rebuild).")
    empty = run_dir / "empty"
    empty.mkdir(mode=0o700)
    (empty / "plan.json").write_bytes(plan)  # the same plan, no history
    return {"empty": empty, **homes}, summaries


# --- Watson (--peers) -------------------------------------------------------------------------


def _install_watson(work: Path) -> Path:
    """Watson in a virtual environment of its own (never the one facetcoach runs in)."""
    venv = work / "watson-venv"
    watson = venv / "bin" / "watson"
    version = WATSON.split("==")[1]
    if watson.exists():
        found = subprocess.run([str(watson), "--version"], capture_output=True, text=True)
        if found.returncode == 0 and found.stdout.split()[-1:] == [version]:
            return watson
        shutil.rmtree(venv)
    print(f"Installing {WATSON} into {venv} ...", file=sys.stderr)
    base = getattr(sys, "_base_executable", sys.executable)
    for step in (
        [base, "-m", "venv", str(venv)],
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", WATSON],
    ):
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            shutil.rmtree(venv, ignore_errors=True)
            raise SystemExit(f"{' '.join(step)} failed:\n{done.stdout}{done.stderr}")
    return watson


def _watson_state(history: Path, folder: Path, today: dt.date, now: dt.datetime) -> int:
    """A WATSON_DIR with one frame for each entry of the facetcoach log in `history`, in the
    layout Watson writes (watson/frames.py, Frame.dump; utils.make_json_writer: indent=1):
    [start, stop, project, id, tags, updated_at], Unix seconds; the days of the entries
    moved from facetcoach's `today` to the real one, since Watson reads the real clock. A
    session is a frame of its minutes with up to three exercises as tags. The state file
    holds a frame in progress, so that `watson status` has a line to print. Returns the
    number of frames."""
    log = history / "log.json"
    entries = json.loads(log.read_bytes())["entries"] if log.exists() else []
    moved = dt.timedelta(days=(now.date() - today).days)
    frames = []
    for entry in entries:
        stop = dt.datetime.fromisoformat(entry["created_at"]) + moved
        done = [item["exercise_id"] for item in entry.get("done") or []]
        minutes = 4 * len(done) if done else 5
        tags = [*done[:3], *(["flare"] if entry.get("flare") else [])]
        if entry.get("reason"):
            tags.append(entry["reason"])
        stop_ts = int(stop.timestamp())
        frames.append(
            [
                stop_ts - 60 * minutes,
                stop_ts,
                entry["kind"],
                entry["id"].replace("-", ""),
                tags,
                stop_ts,
            ]
        )
    frames.sort(key=lambda frame: frame[0])
    folder.mkdir(parents=True)
    (folder / "frames").write_text(json.dumps(frames, indent=1, ensure_ascii=False))
    started = int(now.timestamp()) - 20 * 60
    state = {"project": "exercises", "start": started, "tags": ["bird-dog"]}
    (folder / "state").write_text(json.dumps(state, indent=1))
    return len(frames)


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


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def _mib(size: float) -> str:
    return f"{size / 2**20:.1f}"


METRICS = {"wall": "seconds", "cpu": "cpu", "peak": "peak"}  # the fields of Run


class Figures:
    """Medians of the runs, for each metric ("wall", "cpu": seconds; "peak": bytes): of each
    (case name, size) in `fc`, of each Watson command (by its case's name) in `peer`, and of
    the baseline in `typer`."""

    def __init__(self, runs: dict, peer_runs: dict, base: list[Run]) -> None:
        def medians(of: dict) -> dict:
            return {
                metric: {
                    job: statistics.median(getattr(r, field) for r in rs) for job, rs in of.items()
                }
                for metric, field in METRICS.items()
            }

        self.fc = medians(runs)
        self.peer = medians(peer_runs)
        self.typer = {
            metric: statistics.median(getattr(r, field) for r in base)
            for metric, field in METRICS.items()
        }


def _table(cases: list[Case], fig: Figures, labels: dict, metric: str, show) -> list[str]:
    sizes = [s for s in SIZES if s in labels]
    scale = [s for s in ("long", "big") if s in labels]
    head = [labels[s] for s in sizes] + [f"{labels[s]} ÷ empty" for s in scale]
    lines = ["| command | " + " | ".join(head) + " |", "|---|" + "--:|" * len(head)]
    values = fig.fc[metric]
    for case in cases:
        cells = [show(values[case.name, s]) if (case.name, s) in values else "" for s in sizes]
        for size in scale:
            if (case.name, size) in values:
                cells.append(f"{values[case.name, size] / values[case.name, 'empty']:.2f}")
            else:
                cells.append("")
        lines.append(f"| {case.label} | " + " | ".join(cells) + " |")
    return lines


def _tables(cases: list[Case], absent: list[Case], fig: Figures, labels: dict) -> list[str]:
    typer = fig.typer
    lines = [
        f'Median wall time in ms (× `python -c "import typer"` = {_ms(typer["wall"])} ms):',
        "",
        *_table(cases, fig, labels, "wall", lambda t: f"{_ms(t)} ({t / typer['wall']:.2f})"),
        *(f"| {case.label} | not in this build |" for case in absent),
        "",
        f"Median CPU time (user + system) in ms (× `import typer` = {_ms(typer['cpu'])} ms), "
        "less sensitive to the load than wall time, blind to waits for the disk:",
        "",
        *_table(cases, fig, labels, "cpu", lambda t: f"{_ms(t)} ({t / typer['cpu']:.2f})"),
        "",
        f"Median peak memory (max RSS) in MiB (`import typer`: {_mib(typer['peak'])} MiB):",
        "",
        *_table(cases, fig, labels, "peak", _mib),
    ]
    peered = [c for c in cases if c.peer and (c.name, "empty") in fig.peer["wall"]]
    if peered:
        psizes = [s for s in ("empty", "mid", "long") if s in labels]
        cols = " / ".join(labels[s] for s in psizes)
        lines += [
            "",
            f"Beside Watson, in the same rounds ({cols}): Watson's medians, and facetcoach's",
            "÷ Watson's in wall time, in CPU time and in peak memory:",
            "",
            "| facetcoach | Watson | Watson ms | Watson MiB | ÷ Watson, wall | ÷ Watson, CPU "
            "| ÷ Watson, memory |",
            "|---|---|--:|--:|--:|--:|--:|",
        ]
        for case in peered:

            def ratios(metric: str, case: Case = case) -> str:
                return " / ".join(
                    f"{fig.fc[metric][case.name, s] / fig.peer[metric][case.name, s]:.2f}"
                    for s in psizes
                )

            wall = " / ".join(_ms(fig.peer["wall"][case.name, s]) for s in psizes)
            peak = " / ".join(_mib(fig.peer["peak"][case.name, s]) for s in psizes)
            lines.append(
                f"| {case.label} | watson {_peer_label(case)} | {wall} | {peak} "
                f"| {ratios('wall')} | {ratios('cpu')} | {ratios('peak')} |"
            )
    return lines


def _peer_label(case: Case) -> str:
    assert case.peer is not None
    if case.peer[0] == "add":
        return "add -f … -t … exercises +cat-camel"
    return " ".join(case.peer)


def _goals(fig: Figures, labels: dict, measured: set[str], peers: bool) -> list[str]:
    by_name = {case.name: case for case in CASES}
    lines = ["Goals (issue 15), by wall time (CPU time in brackets, for the noise):"]
    for goal in GOALS:
        case = by_name[goal.case]
        sizes = [s for s in goal.sizes if s in labels]
        where = ", ".join(labels[s] for s in sizes)
        if goal.kind == "typer":
            text = f"`{case.name}` ≤ {goal.limit}× `import typer` ({where})"
        elif goal.kind == "peer":
            text = f"`{case.name}` ≤ {goal.limit}× `watson {(case.peer or ('?',))[0]}` ({where})"
        else:
            what = "in time" if goal.kind == "time" else "in peak memory"
            text = f"`{case.name}` on {where} ≤ {goal.limit}× on empty, {what}"
        if not sizes:
            lines.append(f"  ------  {text}: not measured (that history is left out)")
            continue
        if goal.case not in measured:
            lines.append(f"  ------  {text}: not measured (--only, or not in this build)")
            continue
        if goal.kind == "peer" and not peers:
            lines.append(f"  ------  {text}: not measured (run with --peers)")
            continue

        def ratios(metric: str, goal: Goal = goal, sizes: list[str] = sizes) -> list[float]:
            mine = fig.fc[metric]
            if goal.kind == "typer":
                return [mine[goal.case, s] / fig.typer[metric] for s in sizes]
            if goal.kind == "peer":
                return [mine[goal.case, s] / fig.peer[metric][goal.case, s] for s in sizes]
            return [mine[goal.case, s] / mine[goal.case, "empty"] for s in sizes]

        def shown(values: list[float]) -> str:
            return " / ".join(f"{r:.2f}×" for r in values)

        main_metric = "peak" if goal.kind == "memory" else "wall"
        figures = ratios(main_metric)
        ok = max(figures) <= goal.limit
        extra = "" if goal.kind == "memory" else f" ({shown(ratios('cpu'))})"
        lines.append(f"  {'met   ' if ok else 'MISSED'}  {text}: {shown(figures)}{extra}")
    return lines


def _saved(fig: Figures, labels: dict, cases: list[Case]) -> dict:
    return {
        "machine": _machine(),
        "typer_ms": round(fig.typer["wall"] * 1000, 1),
        "typer_cpu_ms": round(fig.typer["cpu"] * 1000, 1),
        "sizes": labels,
        "commands": {
            case.label: {
                labels[size]: {
                    "ms": round(fig.fc["wall"][case.name, size] * 1000, 1),
                    "x_typer": round(fig.fc["wall"][case.name, size] / fig.typer["wall"], 3),
                    "cpu_ms": round(fig.fc["cpu"][case.name, size] * 1000, 1),
                    "cpu_x_typer": round(fig.fc["cpu"][case.name, size] / fig.typer["cpu"], 3),
                    "peak_mib": round(fig.fc["peak"][case.name, size] / 2**20, 1),
                }
                for size in SIZES
                if (case.name, size) in fig.fc["wall"]
            }
            for case in cases
        },
    }


def _slower(now: dict, path: Path) -> list[str]:
    """The issue's last goal: no command slower than in the run saved in `path`."""
    then = json.loads(path.read_text(encoding="utf-8"))
    worse, compared = [], 0
    for label, sizes in now["commands"].items():
        for size, figures in sizes.items():
            old = then.get("commands", {}).get(label, {}).get(size)
            if old is None:
                continue
            compared += 1
            if figures["x_typer"] > old["x_typer"] * SLOWER_TOLERANCE:
                cpu = ""
                if "cpu_x_typer" in old:
                    cpu = f" (CPU {old['cpu_x_typer']:.2f}× → {figures['cpu_x_typer']:.2f}×)"
                worse.append(
                    f"{label} on {size}: {old['x_typer']:.2f}× → {figures['x_typer']:.2f}×{cpu}"
                )
    if compared == 0:
        return [f"  ------  no command slower than in {path.name}: no history in common"]
    ok = not worse
    head = (
        f"  {'met   ' if ok else 'MISSED'}  no command slower than in {path.name} "
        f"(× import typer, {round((SLOWER_TOLERANCE - 1) * 100)} % allowed for noise; "
        f"{compared} figures compared)"
    )
    return [head + (":" if worse else ""), *(f"            {line}" for line in worse)]


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    if not (Path(sys.executable).parent / "facetcoach").exists():
        print(f"No facetcoach next to {sys.executable}: install it there first.", file=sys.stderr)
        return 2
    work = args.work.expanduser().resolve()
    work.mkdir(parents=True, exist_ok=True)
    run_dir = work / f"run-{os.getpid()}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir()
    launcher = Launcher(run_dir)
    try:
        homes, summaries = _build_homes(args, work, run_dir)
        labels = _size_labels(args)
        runner = Runner(launcher, run_dir, homes, args.today)
        only = set(args.only.split(",")) if args.only else None
        wanted = [
            c for c in CASES if only is None or {c.name, c.label, " ".join(c.command_words)} & only
        ]
        cases = [c for c in wanted if runner.available(c)]
        absent = [c for c in wanted if c not in cases]
        jobs = [
            ("case", case, size)
            for case in cases
            for size in (labels if case.reads else ("empty",))
        ]
        watson_sizes = [s for s in ("empty", "mid", "long") if s in labels]
        if args.peers:
            runner.watson = _install_watson(work)
            now = dt.datetime.now().astimezone()
            for size in watson_sizes:
                folder = run_dir / f"watson-{size}"
                count = _watson_state(homes[size], folder, args.today, now)
                size_mb = (folder / "frames").stat().st_size / 1e6
                summaries.append(f"Watson, {labels[size]}: {count} frames ({size_mb:.2f} MB)")
                runner.watson_dirs[size] = folder
            jobs += [("peer", c, s) for c in cases if c.peer for s in watson_sizes]
        load_before = _load()
        for kind, case, size in jobs:  # untimed: writes the .pyc files, fills the disk cache
            (runner.case if kind == "case" else runner.peer)(case, size)
        runner.baseline()
        floor = runner.floor()
        runs: dict = {(c.name, s): [] for k, c, s in jobs if k == "case"}
        peer_runs: dict = {(c.name, s): [] for k, c, s in jobs if k == "peer"}
        base: list[Run] = []
        rng = random.Random(args.seed)
        started = time.perf_counter()
        for _ in range(args.runs):
            order: list = [*jobs, None, None]  # None: the baseline, twice a round
            rng.shuffle(order)
            for job in order:
                if job is None:
                    base.append(runner.baseline())
                elif job[0] == "case":
                    runs[job[1].name, job[2]].append(runner.case(job[1], job[2]))
                else:
                    peer_runs[job[1].name, job[2]].append(runner.peer(job[1], job[2]))
        took = time.perf_counter() - started
        fig = Figures(runs, peer_runs, base)
        print(f"Machine: {_machine()}")
        if args.peers:
            print(f"Peer: {WATSON} in {runner.watson.parent.parent}")
        print("Histories:")
        for summary in summaries:
            print(f"  {summary}")
        print(
            f"Day: {args.today}; {args.runs} timed runs of each, after one untimed run, "
            f"{len(jobs) + 2} a round, in {took:.0f} s."
        )
        print(f"Load average (1, 5, 15 min): {load_before} before, {_load()} after.")
        print(
            f"Peak memory floor: {_mib(floor.peak)} MiB (the launcher's own size: "
            f"a smaller child reads as this).\n"
        )
        report = _tables(cases, absent, fig, labels)
        report += ["", *_goals(fig, labels, {c.name for c in cases}, args.peers)]
        saved = _saved(fig, labels, cases)
        if args.baseline is not None:
            report += _slower(saved, args.baseline)
        if args.quick:
            report.append("(--quick: small histories and few runs; not the issue's figures)")
        print("\n".join(report))
        if args.save is not None:
            saved["load"] = {"before": load_before, "after": _load()}
            args.save.write_text(json.dumps(saved, indent=1, ensure_ascii=False) + "\n")
        missed = any("MISSED" in line for line in report)
        return 1 if missed and args.check else 0
    finally:
        launcher.close()
        shutil.rmtree(run_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
