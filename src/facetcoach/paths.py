"""Where facetcoach keeps its files.

Resolved on every call (never at import time) so that tests and users can point
FACETCOACH_HOME elsewhere. Nothing here creates a folder: folders are made on
the first write, by the store, never on a read.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "FACETCOACH_HOME"
LIBRARY_ENV = "FACETCOACH_LIBRARY"


def data_dir() -> Path:
    """The user data folder: $FACETCOACH_HOME, or the platform's user data dir."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs  # only when needed: most runs in tests and scripts set the override

    return Path(platformdirs.user_data_dir("facetcoach", appauthor=False))


def plan_file() -> Path:
    return data_dir() / "plan.json"


def plan_archive_dir() -> Path:
    return data_dir() / "plans"


def log_file() -> Path:
    return data_dir() / "log.json"


def log_backup_file() -> Path:
    return data_dir() / "log.json.bak"


def pending_dir() -> Path:
    """Notes of the temp files of reports and exports being written (files.write_output)."""
    return data_dir() / ".pending"


def lock_file(target: Path) -> Path:
    """The separate lock file guarding writes to `target`."""
    return target.with_name(target.name + ".lock")


def user_library_file(option: str | Path | None = None) -> Path | None:
    """The user's own exercise library: --library, else $FACETCOACH_LIBRARY, else none."""
    if option:
        return Path(option).expanduser()
    from_env = os.environ.get(LIBRARY_ENV)
    return Path(from_env).expanduser() if from_env else None
