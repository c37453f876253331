"""Writing a file the user asked for (`plan export --ics FILE`, `report -o FILE`).

Only where asked, never over an existing file without --force, and atomically (a temp file
beside it, then a rename), so that an interrupted export leaves the old file or the new one.
"""

from __future__ import annotations

import os
from pathlib import Path

from facetcoach.errors import InputError
from facetcoach.files import note_saved, write_atomic

STDOUT = "-"


def check_target(path: Path, force: bool) -> Path:
    """The path to write, checked before any work is done; problems are InputErrors (exit 2)."""
    path = path.expanduser()
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
    """Write `data` to a path from check_target(), atomically (new files are private, 0600)."""
    write_atomic(path, data)
    note_saved(path)
