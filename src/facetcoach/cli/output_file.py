"""Writing a file the user asked for (`plan export --ics FILE`, `report -o FILE`,
`log export -o FILE`).

Only where asked, never over an existing file without --force, never over one of facetcoach's
own files, and atomically (a temp file beside it, then a rename), so that an interrupted export
leaves the old file or the new one, and its temp file is removed by the next command
(data-safety.md promise 11). `-` is the screen.
"""

from __future__ import annotations

import os
from pathlib import Path

from facetcoach import paths
from facetcoach.errors import InputError
from facetcoach.files import note_saved, write_output

STDOUT = "-"


def to_screen(path: Path | None) -> bool:
    return path is not None and str(path) == STDOUT


def check_target(path: Path, force: bool) -> Path:
    """The path to write, checked before any work is done; problems are InputErrors (exit 2)."""
    try:
        path = path.expanduser()
    except RuntimeError:  # ~someone who does not exist
        raise InputError(
            f"{path}: there is no such user's home folder; write the path in full."
        ) from None
    if _facetcoach_owns(path):
        raise InputError(
            f"{path} is one of facetcoach's own files (its data folder is {paths.data_dir()}), "
            "so nothing was written; choose another place."
        )
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a file name inside it.")
    if not force and (path.exists() or path.is_symlink()):
        raise InputError(
            f"{path} already exists, so nothing was written; add --force to replace it."
        )
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"The folder {folder} does not exist; create it or choose another place.")
    if not os.access(folder, os.W_OK):
        raise InputError(f"facetcoach may not write to the folder {folder}; choose another place.")
    return path


def write_file(path: Path, data: bytes) -> None:
    """Write `data` to a path from check_target(), atomically (private to the user, 0600)."""
    write_output(path, data, paths.pending_dir())
    note_saved(path)


def _facetcoach_owns(path: Path) -> bool:
    """True for the log, the plan, their backups, locks and records (where their links lead,
    too), and the archived plans."""
    target = path.resolve()
    folder = paths.data_dir().resolve()
    if target.parent == folder and target.name.startswith(("log.json", "plan.json", ".")):
        return True
    if target.parent in (paths.plan_archive_dir().resolve(), paths.pending_dir().resolve()):
        return True
    for data in (paths.log_file(), paths.plan_file()):
        real = data.resolve()
        records = (real.with_name(f".{real.name}.{what}") for what in ("checked", "index"))
        journal = real.with_name(f"{real.name}.journal")  # (log/journal.py)
        if target in (real, paths.lock_file(real), journal, *records):
            return True
    return False
