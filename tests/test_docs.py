"""The reference in docs/ matches the real program.

- docs/commands.md: every command and subcommand has a heading with its full name in
  backticks, like "### `facetcoach log morning`", and every option of it (its long name,
  like `--pain-before`) appears in that section.
- docs/json.md: every ```json example is preceded by a marker naming the command line that
  produced it, like "<!-- json: FACETCOACH_TODAY=2026-12-11 facetcoach today --json -->". The
  command is run on a copy of one shared data folder (HISTORY below, built once per module)
  and every key of the example must be in the real output. docs/json.md says which
  placeholders a marker may use.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from facetcoach.cli.main import app as _app
from helpers.answers_data import SCREEN_CLEAR

DOCS = Path(__file__).resolve().parents[1] / "docs"
COMMANDS_MD = DOCS / "commands.md"
JSON_MD = DOCS / "json.md"

# --- The real command tree -------------------------------------------------------------------


def command_tree() -> Iterator[tuple[str, Any]]:
    """Every command and subcommand of the app, as ("facetcoach log morning", command).

    Walks with list_commands()/get_command() on a context, as Click does for its help, so a
    lazily loaded group is walked the same way as one holding its commands."""
    root = typer.main.get_command(_app)

    def walk(command: Any, name: str, parent: Any) -> Iterator[tuple[str, Any]]:
        ctx = typer.Context(command, info_name=name.rsplit(" ", 1)[-1], parent=parent)
        yield name, command
        if hasattr(command, "list_commands"):
            for sub in command.list_commands(ctx):
                child = command.get_command(ctx, sub)
                if child is not None and not getattr(child, "hidden", False):
                    yield from walk(child, f"{name} {sub}", ctx)

    yield from walk(root, "facetcoach", None)


def long_options(command: Any) -> list[str]:
    """The long names of a command's options (--help itself is not a parameter)."""
    names = []
    for param in command.params:
        if param.param_type_name != "option" or getattr(param, "hidden", False):
            continue
        names += [opt for opt in [*param.opts, *param.secondary_opts] if opt.startswith("--")]
    return names


COMMANDS = dict(command_tree())

# --- docs/commands.md ------------------------------------------------------------------------

HEADING = re.compile(r"^(#{1,6}) `(facetcoach[^`]*)`\s*$")


def command_sections(text: str) -> dict[str, str]:
    """Each command heading's full name and its section: up to the next heading of the same
    or a higher level."""
    lines = text.splitlines()
    sections = {}
    for index, line in enumerate(lines):
        found = HEADING.match(line)
        if not found:
            continue
        level = len(found.group(1))
        end = len(lines)
        for later in range(index + 1, len(lines)):
            other = re.match(r"^(#{1,6}) ", lines[later])
            if other and len(other.group(1)) <= level:
                end = later
                break
        sections[found.group(2)] = "\n".join(lines[index + 1 : end])
    return sections


@pytest.fixture(scope="module")
def sections() -> dict[str, str]:
    return command_sections(COMMANDS_MD.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_and_option_is_in_commands_md(name, sections):
    assert name in sections, f"docs/commands.md has no heading ### `{name}`"
    section = sections[name]
    missing = [
        option
        for option in long_options(COMMANDS[name])
        if not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", section)
    ]
    assert not missing, f"the section of `{name}` in docs/commands.md does not mention {missing}"


def test_commands_md_documents_no_command_that_does_not_exist(sections):
    assert set(sections) <= set(COMMANDS), set(sections) - set(COMMANDS)


# --- The shared history ----------------------------------------------------------------------

CHECKIN_FIRST = """\
nprs = 5
odi = [2, 2, 2, 2, 2, 2, 2, 1, 1, -1]

[psfs]
"walking" = 4
"tying shoelaces" = 6
"""
CHECKIN_LATER = """\
nprs = 3
odi = [1, 1, 1, 1, 2, 1, 1, 1, 0, -1]

[psfs]
"walking" = 6
"tying shoelaces" = 7

[start_back]
leg_pain = true
shoulder_or_neck_pain = false
walks_only_short_distances = true
dresses_slowly = true
unsafe_to_be_active = false
worrying_thoughts = true
back_is_terrible = false
not_enjoying_things = false
very_bothersome = true
"""
# A plan's answers file with the triage answered (ST1) and a walking start (A1), for the
# examples of `plan --answers ... --json`.
ANSWERS_TRIAGE = """\
[start_back]
leg_pain = false
shoulder_or_neck_pain = true
walks_only_short_distances = true
dresses_slowly = false
unsafe_to_be_active = true
worrying_thoughts = true
back_is_terrible = true
not_enjoying_things = true
very_bothersome = false
"""
TODAY = "2026-12-21"  # the day the examples run on, unless their marker pins another

# An 8-week program from Mon 7 Dec 2026 (Mon, Wed, Fri: `plan --yes`), then two weeks of log:
# two easy sessions (a step up), a hard one (a step down), an extra on a rest day, a skip
# for a flare, a new symptom (PM5), and two check-ins.
HISTORY = [
    ("2026-12-07", "plan --yes"),
    ("2026-12-07", "checkin --answers {files}/checkin.toml"),
    ("2026-12-07", "log --pain-before 4 --pain-after 3 --note 'stiff at first'"),
    ("2026-12-08", "log morning 3"),
    ("2026-12-09", "log --pain-before 3 --pain-after 2 --effort 4"),
    ("2026-12-10", "log morning 2"),
    ("2026-12-11", "log --pain-before 3 --pain-after 6 --effort 7 --skip prone-lying"),
    ("2026-12-12", "log morning 4"),
    ("2026-12-12", "log --extra cat-camel --pain-before 3 --pain-after 3"),
    ("2026-12-14", "log --skipped --reason flare --note 'bad night'"),
    ("2026-12-16", "log --pain-before 4 --pain-after 4 --effort 5 --note 'easier today'"),
    ("2026-12-17", "log morning 3"),
    ("2026-12-17", "log --symptom leg-pain"),
    ("2026-12-19", "log --walked 25 --note 'to the park'"),
    ("2026-12-21", "checkin --answers {files}/checkin-later.toml"),
    # A pause after the program's end (so nothing above moves): for `plan resume`'s example.
    ("2026-12-21", "plan pause --reason travel --from 2027-06-01 --until 2027-06-15"),
]


def environment(home: Path, today: str) -> dict[str, str | None]:
    return {
        "FACETCOACH_HOME": str(home),
        "FACETCOACH_TODAY": today,
        "FACETCOACH_NOW": None,
        "FACETCOACH_LIBRARY": None,
        "FACETCOACH_ASSUME_TTY": None,
        "FACETCOACH_DEBUG": "1",
        "NO_COLOR": "1",
        "COLUMNS": "100",
    }


def run(args: list[str], home: Path, today: str, env: dict[str, str] | None = None) -> Any:
    result = CliRunner().invoke(_app, args, env={**environment(home, today), **(env or {})})
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result


def build_history(folder: Path) -> tuple[Path, Path]:
    """The shared data folder, and a folder of the files its commands read: the check-in
    answers, `export.json` (the log exported, for `log import`), `edited.json` (the same
    with an edit dated ahead) and `bundle.json` (the folder exported, for `import`)."""
    home, files = folder / "home", folder / "files"
    files.mkdir(parents=True)
    (files / "checkin.toml").write_text(CHECKIN_FIRST, encoding="utf-8")
    (files / "checkin-later.toml").write_text(CHECKIN_LATER, encoding="utf-8")
    (files / "screen.toml").write_text(SCREEN_CLEAR, encoding="utf-8")
    example = (Path(__file__).parent / "data" / "answers-example.toml").read_text("utf-8")
    (files / "answers.toml").write_text(example + "\n" + ANSWERS_TRIAGE, encoding="utf-8")
    for day, line in HISTORY:
        run(shlex.split(line.format(files=files)), home, day)
    exported = run(["log", "export", "--json"], home, TODAY).stdout
    (files / "export.json").write_text(exported, encoding="utf-8")
    run(["export", "-o", str(files / "bundle.json")], home, TODAY)
    # The same log, its first session edited on a computer whose clock runs ahead.
    edited = json.loads(exported)
    first = next(entry for entry in edited["entries"] if entry["kind"] == "session")
    first.update(note="edited on the laptop", updated_at="2027-01-04T09:00:00+00:00")
    (files / "edited.json").write_text(json.dumps(edited), encoding="utf-8")
    return home, files


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> tuple[Path, Path]:
    return build_history(tmp_path_factory.mktemp("docs-history"))


# --- docs/json.md ----------------------------------------------------------------------------

MARKER = re.compile(r"<!-- json: ([^\n]+?) -->\n```json\n(.*?)\n```", re.S)


JSON_TEXT = JSON_MD.read_text(encoding="utf-8")
EXAMPLES = MARKER.findall(JSON_TEXT)


def test_every_json_block_has_a_marker():
    assert EXAMPLES, "docs/json.md has no <!-- json: ... --> example"
    assert len(EXAMPLES) == JSON_TEXT.count("```json\n"), (
        "every ```json block in docs/json.md needs a <!-- json: facetcoach ... --> line just "
        "before it"
    )


def missing_keys(example: Any, real: Any, where: str = "") -> list[str]:
    """Where the example has a key the real output lacks. Lists: each element of the example
    against the real element at its index (examples are trimmed from the front), and the keys
    of the first against every real element."""
    if isinstance(example, dict):
        if not isinstance(real, dict):
            return [f"{where or '(top)'}: an object in the example, {type(real).__name__} here"]
        found = []
        for key, value in example.items():
            if key not in real:
                found.append(f"{where}.{key}")
            else:
                found += missing_keys(value, real[key], f"{where}.{key}")
        return found
    if isinstance(example, list) and example:
        if not isinstance(real, list) or len(real) < len(example):
            return [f"{where}: {len(example)} elements in the example, fewer here"]
        found = []
        for index, element in enumerate(example):
            found += missing_keys(element, real[index], f"{where}[{index}]")
        if isinstance(example[0], dict):
            for index, element in enumerate(real):
                lacking = [
                    k for k in example[0] if not isinstance(element, dict) or k not in element
                ]
                found += [f"{where}[{index}].{key}" for key in lacking]
        return list(dict.fromkeys(found))
    return []


def command_line(marker: str, files: Path, tmp: Path, ids: dict[str, str]) -> tuple[dict, list]:
    """The marker's environment and arguments, with {files}, {tmp} and {entry:DAY} filled."""
    words = shlex.split(marker)
    env = {}
    while words and re.match(r"^[A-Z_]+=", words[0]):
        key, value = words.pop(0).split("=", 1)
        env[key] = value
    assert words and words[0] == "facetcoach", marker
    args = []
    for word in words[1:]:
        word = re.sub(r"\{entry:([0-9-]+)\}", lambda m: ids.get(m.group(1), "ID"), word)
        args.append(word.replace("{files}", str(files)).replace("{tmp}", str(tmp)))
    return env, args


@pytest.mark.parametrize(("marker", "block"), EXAMPLES, ids=[m for m, _ in EXAMPLES])
def test_every_json_example_matches_the_real_output(marker, block, history, tmp_path, cli):
    home, files = history
    example = json.loads(block)
    copy = tmp_path / "home"
    shutil.copytree(home, copy)
    entries = json.loads(run(["log", "list", "--json"], copy, TODAY).stdout)
    ids: dict[str, str] = {}
    for entry in entries:
        ids.setdefault(entry["date"], entry["id"])
    env, args = command_line(marker, files, tmp_path, ids)
    result = cli(*args, env={**environment(copy, env.pop("FACETCOACH_TODAY", TODAY)), **env})
    assert result.exit_code == 0, (marker, result.output, result.exception)
    real = json.loads(result.stdout)
    missing = missing_keys(example, real)
    assert not missing, f"{marker}: keys of the example not in the real output: {missing}"


def command_of(args: list[str]) -> str:
    """The command a command line runs: "facetcoach log morning" for `log morning 3 --json`."""
    name = "facetcoach"
    for word in args:
        if f"{name} {word}" not in COMMANDS:
            break
        name = f"{name} {word}"
    return name


def test_every_command_with_json_output_has_an_example():
    shown = {command_of(command_line(marker, Path(), Path(), {})[1]) for marker, _ in EXAMPLES}
    lacking = [
        name
        for name, command in COMMANDS.items()
        if "--json" in long_options(command) and name not in shown
    ]
    assert not lacking, f"docs/json.md has no example for {lacking}"
