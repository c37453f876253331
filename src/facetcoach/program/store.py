"""plan.json on disk: load fast (strict checks on any doubt), save with the old plan archived."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from facetcoach import paths
from facetcoach.errors import DataError
from facetcoach.files import (
    check_private,
    locked,
    note_saved,
    read_bytes,
    real_path,
    remove_orphan_temps,
    remove_orphans_in,
    write_atomic,
)
from facetcoach.models import SCHEMA_VERSION, PlanFile


def load_plan() -> PlanFile | None:
    """The saved plan, or None when there is none yet. A damaged file is a DataError.

    Read once per process while the file stays the same (its inode, size and times): `plan
    --answers` asks three times, whether to replace, how to go on and what it replaces, and
    each read was 4 ms (issue 15). The plan is a value: nobody changes it in place."""
    path = paths.plan_file()
    real = real_path(path, "the plan")
    check_private(path.parent, real.parent)
    try:
        info = os.stat(real)
        key = (str(real), info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    except OSError:
        key = None  # (missing or unreadable: read_bytes says which)
    if key is not None and key in _read:
        return _read[key]
    raw = read_bytes(real)
    if raw is None:
        return None
    plan = parse_plan(raw, path)
    if key is not None:
        _read.clear()
        _read[key] = plan
    return plan


# The plan last read by load_plan, by the identity of its file.
_read: dict[tuple[str, int, int, int, int], PlanFile] = {}


def require_plan() -> PlanFile:
    plan = load_plan()
    if plan is None:
        raise DataError(
            "There is no plan yet. Build one with `facetcoach plan` (or `facetcoach plan --yes` "
            "for the defaults)."
        )
    return plan


def parse_plan(raw: bytes, path: Path) -> PlanFile:
    from facetcoach.model_json import load_trusted, parse_json

    try:
        parsed = parse_json(raw)  # once: its version, then the plan (a second parse was 2 ms)
    except (ValueError, RecursionError):
        parsed = None
    version = _schema_version(raw) if parsed is None else _version_of(parsed)
    if isinstance(version, int) and version > SCHEMA_VERSION:
        raise DataError(
            f"{path} was written by a newer version of facetcoach (schema {version}); "
            "upgrade facetcoach to read it. The file was not changed."
        )
    try:
        return load_trusted(PlanFile, raw, parsed)
    except ValueError as error:
        reason = _first_problem(error)
        raise DataError(
            f"The plan file {path} is damaged ({reason}), so it was not used or changed. "
            "Build a new plan with `facetcoach plan --force`: the damaged file is kept in "
            f"{paths.plan_archive_dir()}."
        ) from None


def save_plan(plan: PlanFile, *, label: str | None = None) -> Path | None:
    """Write plan.json atomically; an existing plan (even a damaged one) is archived first.

    Returns where the old plan was archived, if there was one. The session log is never touched.
    A linked plan.json is followed: its target is replaced, the link stays (promise 7).
    The plan is checked strictly first, as every write is: a ValidationError writes nothing.
    """
    from facetcoach.model_json import check_strictly, dumps

    path = paths.plan_file()
    text = dumps(plan)
    check_strictly(PlanFile, text)
    data = (text + "\n").encode("utf-8")
    real = real_path(path, "the plan")
    with locked(real):
        for beside in {path, real}:
            remove_orphan_temps(beside)
        archives = paths.plan_archive_dir()
        if archives.is_dir():
            remove_orphans_in(archives)
        old = read_bytes(real)
        archived = None
        if old is not None:
            archived = _archive(old, label)
        write_atomic(real, data)
        note_saved(real, "facetcoach plan show")
    return archived


def update_plan(change: Callable[[PlanFile], PlanFile]) -> PlanFile:
    """Read, change and write plan.json under its lock (a pause, a screen, a revision), so that
    two commands at once never lose one's change. The plan stays the same plan: no archive.
    `change` may raise (an InputError): then nothing is written. A linked plan.json is
    followed (promise 7)."""
    from facetcoach.model_json import check_strictly, dumps

    path = paths.plan_file()
    real = real_path(path, "the plan")
    if not real.exists():
        # Said before the lock, so that no data folder is made for nothing (found by a new
        # user's trial: `plan pause` before any plan left a folder with only a lock file).
        require_plan()
    with locked(real):
        for beside in {path, real}:
            remove_orphan_temps(beside)
        raw = read_bytes(real)
        if raw is None:
            require_plan()  # says there is no plan yet
        assert raw is not None
        new = change(parse_plan(raw, path))
        text = dumps(new)
        check_strictly(PlanFile, text)  # every write is checked strictly first
        write_atomic(real, (text + "\n").encode("utf-8"))
        note_saved(real, "facetcoach plan show")
    return new


PlanChoice = Callable[[PlanFile | None, list[PlanFile]], tuple[PlanFile | None, Sequence[PlanFile]]]


def read_plans() -> tuple[PlanFile | None, list[tuple[str, PlanFile]], list[str]]:
    """plan.json and the archived plans, checked strictly (an export reads them so): the plan
    (None when there is none), each good archived plan with its file name, and the names of
    the archived files that are damaged (left out). A damaged plan.json is a DataError.
    Hold `locked(paths.plan_file())` for a consistent view."""
    path = paths.plan_file()
    raw = read_bytes(path)
    plan = None if raw is None else strict_plan(raw, path)
    good: list[tuple[str, PlanFile]] = []
    damaged: list[str] = []
    for name, archived in _archived_files():
        try:
            good.append((name, strict_plan(archived, paths.plan_archive_dir() / name)))
        except DataError:
            damaged.append(name)
    return plan, good, damaged


def strict_plan(raw: bytes, path: Path) -> PlanFile:
    """A plan file checked by the strict validators (every bound), for a plan that leaves
    this folder (an export) or replaces plan.json; a DataError when it is damaged."""
    from pydantic import ValidationError

    from facetcoach.validation import validate_json

    parse_plan(raw, path)  # the newer-version and damage messages
    try:
        return validate_json(PlanFile, raw)
    except ValidationError as error:
        raise DataError(
            f"The plan file {path} is damaged ({_first_problem(error)}), so it was not used "
            "or changed."
        ) from None


def import_plans(choose: PlanChoice) -> list[Path]:
    """Under the plan's lock: read plan.json (strictly) and the archived plans, and write what
    `choose(plan, archived)` returns (`facetcoach import`): the plans to archive, each named
    by its created_at as save_plan names them, then the new plan.json (None: unchanged).

    `choose` must leave out a plan the archive holds already (by content), so that an import
    interrupted and run again writes no archive twice. Returns the archive files written."""
    from facetcoach.model_json import check_strictly, dumps

    path = paths.plan_file()
    with locked(path):
        remove_orphan_temps(path)
        folder = paths.plan_archive_dir()
        if folder.is_dir():
            remove_orphans_in(folder)  # an archive interrupted, its writer gone (promise 7)
        raw = read_bytes(path)
        ours = None if raw is None else strict_plan(raw, path)
        archived = []
        for name, data in _archived_files():
            # A damaged archive is never equal to a plan: it stays, never overwritten.
            with contextlib.suppress(DataError):
                archived.append(parse_plan(data, folder / name))
        new, to_archive = choose(ours, archived)
        written = []
        for plan in to_archive:
            data = (dumps(plan) + "\n").encode("utf-8")
            written.append(_archive(data, None))
        if new is not None:
            text = dumps(new)
            check_strictly(PlanFile, text)  # every write is checked strictly first
            write_atomic(path, (text + "\n").encode("utf-8"))
            note_saved(real_path(path), "facetcoach plan show")
    return written


def _archived_files() -> list[tuple[str, bytes]]:
    folder = paths.plan_archive_dir()
    if not folder.is_dir():
        return []
    found = []
    for file in sorted(folder.iterdir()):
        if file.name.startswith(".") or file.suffix != ".json" or not file.is_file():
            continue
        data = read_bytes(file)
        if data is not None:
            found.append((file.name, data))
    return found


def _archive(old: bytes, label: str | None) -> Path:
    """Where `old` is archived: written once per plan (promise 11), so a replacement that was
    interrupted and run again finds its archive there and does not write it a second time."""
    target = _archive_path(old, label)
    if not target.exists():
        write_atomic(target, old)
    return target


def _archive_path(old: bytes, label: str | None) -> Path:
    """A new name in the archive for `old`, or the name of an archive with the same bytes."""
    folder = paths.plan_archive_dir()
    stamp = label or "plan"
    try:
        created = json.loads(old).get("created_at", "")
        stamp = "plan-" + "".join(ch for ch in str(created)[:19] if ch.isdigit())
    except (ValueError, AttributeError, RecursionError):
        stamp = "plan-damaged"
    candidate = folder / f"{stamp}.json"
    number = 2
    while candidate.exists():
        if read_bytes(candidate) == old:
            return candidate
        candidate = folder / f"{stamp}-{number}.json"
        number += 1
    return candidate


def _schema_version(raw: bytes) -> object:
    try:
        data = json.loads(raw)  # (NaN taken: a newer plan is named newer even with one)
    except (ValueError, RecursionError):
        return None
    return _version_of(data)


def _version_of(data: object) -> object:
    return data.get("schema_version") if isinstance(data, dict) else None


def _first_problem(error: ValueError) -> str:
    from pydantic import ValidationError

    if isinstance(error, ValidationError):
        from facetcoach.validation import problems_of

        problems = problems_of(error)
        extra = f", and {len(problems) - 1} more" if len(problems) > 1 else ""
        return problems[0] + extra
    return str(error) or "not valid JSON"
