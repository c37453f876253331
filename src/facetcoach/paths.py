"""Where facetcoach keeps its files.

Read on every call (never at import time) so that tests and users can point
FACETCOACH_HOME elsewhere; a relative FACETCOACH_HOME is made absolute once, from the
folder the command started in, so that every path of a run (and every message) names the
same place. Nothing here creates a folder: folders are made on the first write, by the
store, never on a read.
"""

from __future__ import annotations

import os
from pathlib import Path

from facetcoach.errors import InputError

HOME_ENV = "FACETCOACH_HOME"
LIBRARY_ENV = "FACETCOACH_LIBRARY"

_absolute: dict[str, Path] = {}  # a relative FACETCOACH_HOME, resolved once


def data_dir() -> Path:
    """The user data folder: $FACETCOACH_HOME, or the platform's user data dir."""
    override = os.environ.get(HOME_ENV)
    if override:
        folder = _absolute.get(override)
        if folder is None:
            folder = _absolute[override] = Path(os.path.abspath(expanded(HOME_ENV, override)))
        return folder
    import platformdirs  # only when needed: most runs in tests and scripts set the override

    return Path(platformdirs.user_data_dir("facetcoach", appauthor=False))


def home_is_relative() -> bool:
    """True when FACETCOACH_HOME was given relative to the current folder (`paths` says so)."""
    override = os.environ.get(HOME_ENV)
    if not override:
        return False
    try:
        return not Path(override).expanduser().is_absolute()
    except RuntimeError:  # ~someone who does not exist: data_dir() says so
        return False


def expanded(name: str, value: str) -> Path:
    """`value` (of the variable or option `name`) with ~ and ~user expanded, or one sentence."""
    try:
        return Path(value).expanduser()
    except RuntimeError:  # ~someone who has no home folder here
        user = value[1:].split("/", 1)[0].split(os.sep, 1)[0]
        who = f"there is no user {user} on this computer" if user else "no home folder is set"
        raise InputError(
            f"{name}={value!r} starts with ~{user}, but {who}; write the folder in full."
        ) from None


def plan_file() -> Path:
    return data_dir() / "plan.json"


def plan_archive_dir() -> Path:
    return data_dir() / "plans"


def log_file() -> Path:
    return data_dir() / "log.json"


def log_backup_file() -> Path:
    return data_dir() / "log.json.bak"


def journal_beside(real: Path) -> Path:
    """The journal of the log whose real file is `real` (log/journal.py): `log.json.journal`."""
    return real.with_name(f"{real.name}.journal")


def pending_dir() -> Path:
    """Notes of the temp files of reports and exports being written (files.write_output)."""
    return data_dir() / ".pending"


def lock_file(target: Path) -> Path:
    """The separate lock file guarding writes to `target`."""
    return target.with_name(target.name + ".lock")


def user_library_file(option: str | Path | None = None) -> Path | None:
    """The user's own exercise library: --library, else $FACETCOACH_LIBRARY, else none."""
    if option:
        return expanded("--library", str(option))
    from_env = os.environ.get(LIBRARY_ENV)
    return expanded(LIBRARY_ENV, from_env) if from_env else None
