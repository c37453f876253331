"""What the fuzz tests (test_fuzz_*.py) share: a fresh data folder per example, TOML written
from any data, hypothesis strategies for the values people type, and the one check every
case must pass: success, or the project's own clear error, never a traceback."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from facetcoach.cli.main import app

# A fuzz property's settings; max_examples comes from the profile (helpers/profiles.py:
# 25 in dev, 150 in ci, 2,000 in slow).
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@contextlib.contextmanager
def fresh_home(template: Path | None = None, **env: str) -> Iterator[Path]:
    """A new FACETCOACH_HOME for one example (hypothesis reuses function fixtures), copied
    from `template` if given, with `env` set for the example's duration."""
    saved = {key: os.environ.get(key) for key in ["FACETCOACH_HOME", *env]}
    with tempfile.TemporaryDirectory(prefix="facetcoach-fuzz-") as folder:
        home = Path(folder) / "home"
        if template is not None and template.exists():
            shutil.copytree(template, home, symlinks=True)
        os.environ["FACETCOACH_HOME"] = str(home)
        os.environ.update(env)
        try:
            yield home
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def invoke(args: list[str], input: str | None = "") -> Result:
    return CliRunner().invoke(app, args, input=input)


def files_in(folder: Path) -> dict[str, bytes]:
    """Every data file under `folder` (lock files hold no data). The offsets index is given
    without the size, times and inode of the log it describes (log/offsets.py): they differ
    from one run of the same write to the next."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): _stable(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix != ".lock"
    }


def _stable(path: Path) -> bytes:
    data = path.read_bytes()
    if not path.name.endswith(".index"):
        return data
    from facetcoach.log.offsets import HEAD_SIZE

    words = data[:HEAD_SIZE].split()
    if len(words) != 9 or data[HEAD_SIZE - 1 : HEAD_SIZE] != b"\n":
        return data  # (already without them: a folder restored from this dict)
    return b" ".join(words[:2] + words[6:]) + b"\n" + data[HEAD_SIZE:]  # (digest, count, end)


def check_outcome(result: Result, args: list[str], codes: tuple[int, ...] = (0, 1, 2)) -> int:
    """Success, or the project's own error: "Error: <sentence>" on stderr and exit 1 or 2; or
    the red-flag screen's advice with exit 3 (a heading and bullets: advice, not an error).
    Typer's usage errors (an option's value of the wrong type) come as "Usage: ... Error: ..."
    with exit 2. Never a traceback: tests set FACETCOACH_DEBUG=1, so a bug escapes as
    result.exception."""
    exception = result.exception
    if exception is not None and not isinstance(exception, SystemExit):
        raise AssertionError(f"{args!r} raised {type(exception).__name__}") from exception
    code = result.exit_code
    event(f"exit {code}")
    assert code in codes, (args, code, result.output)
    assert "Traceback" not in result.output, (args, result.output)
    if code == 3:
        event("the red-flag screen's advice")
        assert result.stderr.strip() and "Error" not in result.stderr, (args, result.stderr)
        return code
    if code != 0:
        stderr = result.stderr
        usage = code == 2 and stderr.startswith("Usage: ") and "\nError: " in stderr
        assert stderr.startswith("Error: ") or usage, (args, code, stderr)
        first = stderr.split("\n", 1)[0]
        assert first.strip() != "Error:", (args, stderr)
        if usage:
            event("usage error (Typer)")
    return code


# --- Values people type ------------------------------------------------------------------------

# Text without lone surrogates (no file or terminal can hold them).
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
WORDS = [
    "today",
    "yesterday",
    "tomorrow",
    "none",
    "mat",
    "core",
    "flare",
    "sick",
    "bird-dog",
    "cat-camel",
    "prone-lying",
    "PRONE-LYING",
    "lying",
    "standing",
    "extension",
    "mon",
    "md",
    "html",
    "json",
    "2026-12-07",
    "2026-12-09",
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
    "-",
    "--",
    "",
    " ",
    "nan",
    "inf",
    "1e9",
    "0x10",
    "١٢",  # Arabic-Indic digits: str.isdigit() is True for them
    "²",
    "½",
]
option_values = st.one_of(
    st.integers(-5, 20).map(str),
    st.integers().map(str),
    st.sampled_from(WORDS),
    texts,
)


# --- TOML from any data -------------------------------------------------------------------------


def toml_key(key: str) -> str:
    bare = key and all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in key)
    return key if bare else toml_string(key)


def toml_string(text: str) -> str:
    # JSON's escapes are TOML's too; TOML also forbids a raw DEL.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        pairs = ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{" + pairs + "}"
    raise TypeError(type(value))


def to_toml(data: dict[str, Any], tables: tuple[str, ...] = ()) -> str:
    """`data` as a TOML document: the keys named in `tables` (when they hold a dict) become
    [tables], and a list of dicts under those names an [[array of tables]]."""
    lines = []
    later = []
    for key, value in data.items():
        if key in tables and isinstance(value, dict):
            later.append(f"\n[{toml_key(key)}]")
            later += [f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()]
        elif (
            key in tables
            and isinstance(value, list)
            and value
            and all(isinstance(item, dict) for item in value)
        ):
            for item in value:
                later.append(f"\n[[{toml_key(key)}]]")
                later += [f"{toml_key(k)} = {toml_value(v)}" for k, v in item.items()]
        else:
            lines.append(f"{toml_key(key)} = {toml_value(value)}")
    return "\n".join(lines + later) + "\n"


scalars = st.one_of(
    st.booleans(),
    st.integers(),
    st.integers(-3, 120),
    st.floats(allow_nan=True, allow_infinity=True),
    texts,
    st.dates(),
    st.times(),
)
toml_keys = st.one_of(st.sampled_from(["id", "name", "x", "schema_version"]), texts)
any_toml = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(toml_keys, inner, max_size=4)
    ),
    max_leaves=12,
)


def raw_file_bytes(valid: st.SearchStrategy[str], weight: int = 3) -> st.SearchStrategy[bytes]:
    """Bytes for a file: a valid-looking text (`weight` times as often as each other kind),
    damaged in some way, or noise."""
    whole = valid.map(lambda text: text.encode("utf-8"))
    return st.one_of(
        *[whole] * weight,
        st.tuples(valid, st.integers(0, 10_000)).map(lambda p: p[0].encode()[: p[1]]),
        st.tuples(valid, st.binary(min_size=1, max_size=8), st.integers(0, 10_000)).map(
            lambda p: p[0].encode()[: p[2]] + p[1] + p[0].encode()[p[2] :]
        ),
        texts.map(lambda text: text.encode("utf-8")),
        st.binary(max_size=200),
        st.just(b"\xef\xbb\xbf" + b"a = 1\n"),
    )


def draw_keys(draw: Any, right: dict[str, Any], careless: bool, choices: Any) -> dict[str, Any]:
    """A table with each key of `right` drawn right, or (when `careless`) sometimes given a
    wrong value or left out, as `choices` ("right", "wrong", "missing") says."""
    data: dict[str, Any] = {}
    for key, strategy in right.items():
        choice = draw(choices) if careless else "right"
        if choice == "right":
            data[key] = draw(strategy)
        elif choice == "wrong":
            data[key] = draw(any_toml)
    return data
