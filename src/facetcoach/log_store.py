"""log.json on disk: every write follows shared/data-safety.md; reads for display are fast.

Writing (`modify_log` and the helpers over it): take the lock → read the file → check it
strictly (any doubt stops here: a 0-byte, truncated or unparseable file is damaged, never
"empty") → apply the change → check the new entries → temp file, fsync, rename, fsync of the
folder → the version just replaced becomes log.json.bak. A missing log is created by the first
write, unless its backup is there (then something is wrong, and nothing is written).

The file is one line of compact JSON:

    {"schema_version":1,"digest":"sha256:<hex>","entries":[{"id":"…",…},{"id":"…",…}]}

The digest covers the version and every byte after `"entries":`. When it matches, the file is
exactly what facetcoach wrote after checking it, so display commands decode it quickly and
only the entries they show, and a write reuses the bytes of the entries it does not change.
When it does not match, the file was damaged (a flipped bit, a cut-off write by another tool)
or edited: it is refused, and the message says how to recover. A file without a digest (a
person who edited the log and deleted the key, an import from another tool) gets the
thorough checks: UTF-8, no byte-order mark, no duplicate keys, no NaN, the strict validators.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
import os
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facetcoach import paths
from facetcoach.errors import DataError, FacetcoachError, InputError
from facetcoach.log_entries import find_entry, merge_entries
from facetcoach.models import SCHEMA_VERSION, LogEntry, LogFile, MergeReport
from facetcoach.storage import (
    TEMP_SUFFIX,
    fsync_folder,
    locked,
    read_bytes,
    remove_orphan_temps,
    write_atomic,
)

HEADER = re.compile(rb'\{"schema_version":(\d{1,9}),"digest":"sha256:([0-9a-f]{64})","entries":')
ENTRY_START = b'{"id":"'
TAIL = b"]}\n"

# Upgrades of older files, applied in memory in turn: MIGRATIONS[n] turns the data of a
# version-n file into version n + 1. Version 1 is the first, so there is none yet; a write
# that migrates first keeps the old file as log.json.v<n>-<time>.bak.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

Change = Callable[[list[LogEntry]], Sequence[LogEntry]]
Select = str | Callable[[list[LogEntry]], LogEntry]


class DamagedLog(DataError):
    """The log (or its backup) does not parse or validate: it is never used nor overwritten."""


class NewerLog(DataError):
    """The log was written by a newer facetcoach (a higher schema_version)."""


# --- Reading ------------------------------------------------------------------------------


def load_log() -> LogFile:
    """The whole log, for display and reports; empty when there is none yet. Never writes."""
    return LogFile(schema_version=SCHEMA_VERSION, entries=load_entries())


def load_entries(since: dt.date | None = None) -> list[LogEntry]:
    """The entries dated `since` or later (all when None), in file order. Never writes.

    Fast for a file facetcoach wrote (its digest matches): entries before `since` are not
    even decoded. A damaged or newer file raises the same DataError as a write would.
    """
    path = paths.log_file()
    real, raw = _read_current(path)
    if raw is None:
        return []
    return decode_for_display(raw, _LogSource(real), since)


def decode_for_display(raw: bytes, source: _Source, since: dt.date | None = None) -> list:
    head = _checked_header(raw, source)
    if head is not None and head.version == SCHEMA_VERSION:
        from facetcoach.codec import from_data

        try:
            with _gc_paused():
                items = json.loads(raw)["entries"]
                if since is not None:
                    first = since.isoformat()  # ISO dates sort as text
                    items = [item for item in items if item["date"] >= first]
                return [from_data(LogEntry, item) for item in items]
        except (ValueError, TypeError, KeyError, RecursionError):
            pass  # the thorough checks below say exactly what is wrong
    entries = _decode_thoroughly(raw, source).entries
    if since is not None:
        entries = [entry for entry in entries if entry.date >= since]
    return entries


def read_import_file(file: Path) -> list[LogEntry]:
    """The entries of a log export (or another machine's log.json), checked strictly."""
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"There is no file {file}.") from None
    except IsADirectoryError:
        raise InputError(f"{file} is a folder; give the exported file.") from None
    except OSError as error:
        raise InputError(f"Could not read {file}: {error.strerror}.") from None
    return _decode_checked(raw, _ImportSource(file)).entries


# --- Writing ------------------------------------------------------------------------------


def modify_log(change: Change, *, may_remove: int = 0) -> list[LogEntry]:
    """Apply `change` to the entries under the lock and save the result atomically.

    `change` gets the current entries (a list it may keep or copy) and returns the new ones:
    entries it keeps unchanged are stored byte for byte as before; new or changed ones are
    validated strictly first. It may raise a FacetcoachError to stop: nothing is written.
    At most `may_remove` entries may disappear (an explicit delete); more is a bug and stops.
    Returns the entries as saved.
    """
    path = paths.log_file()
    backup = paths.log_backup_file()
    with locked(path):
        real, raw = _read_current(path)
        for stale in {path, real, backup}:
            remove_orphan_temps(stale)
        if raw is None:
            decoded = _Decoded(SCHEMA_VERSION, [], [])
        else:
            decoded = _decode_checked(raw, _LogSource(real))
        old = decoded.entries
        new = list(change(list(old)))
        if len(new) == len(old) and all(a is b for a, b in zip(new, old, strict=True)):
            return new  # nothing changed, nothing to write
        data = encode_log(_pieces(old, decoded.pieces, new, may_remove))
        staged = None
        if raw is not None:
            if decoded.version < SCHEMA_VERSION:
                write_atomic(_dated_backup_path(decoded.version), raw)
            staged = _stage_backup(real, raw, len(old), backup)
        try:
            write_atomic(real, data)
        except BaseException:
            _discard(staged)
            raise
        if staged is not None:
            _commit_backup(staged, backup)
    return new


def append_entry(entry: LogEntry) -> LogEntry:
    """Add one entry (a session, a skip, a check-in...). Returns it once it is on disk."""
    append_entries([entry])
    return entry


def append_entries(entries: Sequence[LogEntry]) -> None:
    def add(current: list[LogEntry]) -> list[LogEntry]:
        known = {entry.id for entry in current}
        for entry in entries:
            if entry.id in known:
                raise InputError(f"The entry {entry.id} is already in the log.")
            known.add(entry.id)
        return current + list(entries)

    modify_log(add)


def update_entry(
    select: Select, change: Callable[[LogEntry], LogEntry]
) -> tuple[LogEntry, LogEntry]:
    """Replace one entry by `change(entry)`; `select` is an id or prefix, or picks the entry.

    Returns (before, after).
    """
    found: list[LogEntry] = []

    def apply(current: list[LogEntry]) -> list[LogEntry]:
        old = _select(current, select)
        new = change(old)
        if new.id != old.id:
            raise ValueError("an update must keep the entry's id")
        found[:] = [old, new]
        return [new if entry is old else entry for entry in current]

    modify_log(apply)
    return found[0], found[1]


def delete_entry(select: Select) -> LogEntry:
    """Remove one entry (an explicit delete; log.json.bak keeps the version before it)."""
    found: list[LogEntry] = []

    def apply(current: list[LogEntry]) -> list[LogEntry]:
        gone = _select(current, select)
        found.append(gone)
        return [entry for entry in current if entry is not gone]

    modify_log(apply, may_remove=1)
    return found[0]


def import_entries(entries: Sequence[LogEntry]) -> MergeReport:
    """Merge entries from another log by id: no duplicates, the newer copy of an entry wins."""
    reports: list[MergeReport] = []

    def apply(current: list[LogEntry]) -> list[LogEntry]:
        merged, report = merge_entries(current, entries)
        reports.append(report)
        # An entry replaced by a newer copy is a new object: it is validated before saving.
        return merged

    modify_log(apply)
    return reports[0]


def entry_bytes(entry: LogEntry) -> bytes:
    """One entry as stored: compact JSON, keys in model order (so "id" comes first)."""
    from facetcoach.codec import to_data

    try:
        text = json.dumps(
            to_data(entry), ensure_ascii=False, allow_nan=False, separators=(",", ":")
        )
        return text.encode("utf-8")
    except (ValueError, UnicodeEncodeError) as error:
        raise InputError(f"The entry cannot be saved: {error}.") from None


def encode_log(pieces: Sequence[bytes]) -> bytes:
    """The file's bytes for entries already encoded (see entry_bytes), with the digest."""
    body = b"[" + b",".join(pieces) + TAIL
    digest = _digest(SCHEMA_VERSION, body)
    return (
        b'{"schema_version":%d,"digest":"sha256:%s","entries":'
        % (
            SCHEMA_VERSION,
            digest.encode("ascii"),
        )
        + body
    )


# --- Messages -----------------------------------------------------------------------------


class _Source:
    """Where bytes came from, and how to word a problem with them."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def damaged(self, reason: str, details: Sequence[str] = ()) -> FacetcoachError:
        raise NotImplementedError

    def newer(self, version: int) -> FacetcoachError:
        raise NotImplementedError


class _LogSource(_Source):
    def damaged(self, reason: str, details: Sequence[str] = ()) -> FacetcoachError:
        return DamagedLog(
            f"The log {self.path} is damaged ({reason}), so facetcoach did not use or change "
            f"it. {_recovery_hint(self.path)}",
            details=list(details),
        )

    def newer(self, version: int) -> FacetcoachError:
        return NewerLog(
            f"The log {self.path} was written by a newer version of facetcoach (schema "
            f"{version}; this one knows {SCHEMA_VERSION}), so it was not used or changed. "
            "Upgrade facetcoach to use it."
        )


class _ImportSource(_Source):
    def damaged(self, reason: str, details: Sequence[str] = ()) -> FacetcoachError:
        return InputError(
            f"{self.path} is not a facetcoach log that can be imported ({reason}); "
            "nothing was imported.",
            details=list(details),
        )

    def newer(self, version: int) -> FacetcoachError:
        return InputError(
            f"{self.path} was written by a newer version of facetcoach (schema {version}); "
            "upgrade facetcoach to import it. Nothing was imported."
        )


def _recovery_hint(path: Path) -> str:
    backup = paths.log_backup_file()
    if backup == path:
        return "Repair it by hand, or restore a copy you made."
    keep_damaged = f"mv '{path}' '{path}.damaged'"
    if not backup.is_file():
        return (
            f"There is no backup. Keep the damaged file aside ({keep_damaged}) to start a "
            "new log, or repair it by hand."
        )
    try:
        good = _decode_thoroughly(backup.read_bytes(), _LogSource(backup)).entries
    except (FacetcoachError, OSError):
        return (
            f"Its backup {backup} is damaged too: repair the log by hand, or keep it aside "
            f"({keep_damaged}) to start a new one."
        )
    newest = max((entry.date for entry in good), default=None)
    summary = f"{len(good)} entries" + (f", the latest dated {newest}" if newest else "")
    return (
        f"Your previous version is in {backup} ({summary}): to go back to it, run "
        f"{keep_damaged} && cp '{backup}' '{path}'"
    )


def _missing_with_backup(path: Path, backup: Path) -> DataError:
    return DataError(
        f"The log {path} is missing, but its backup {backup} is there, so facetcoach will not "
        f"start an empty log over your history. Restore it with cp '{backup}' '{path}' (or, "
        "to really start over, move the backup away too)."
    )


# --- Decoding -----------------------------------------------------------------------------


@dataclass
class _Decoded:
    version: int  # as found in the file (older ones are migrated in memory)
    entries: list[LogEntry]
    pieces: list[bytes] | None  # each entry's stored bytes, when the file is as we wrote it


@dataclass
class _Header:
    version: int
    intact: bool  # the digest matches the bytes
    body_start: int


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cycle collection while thousands of entries are built: they hold no cycles, and
    the collector would otherwise walk them again and again (about a fifth of the time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _header(raw: bytes) -> _Header | None:
    match = HEADER.match(raw)
    if match is None:
        return None
    version = int(match[1])
    body = memoryview(raw)[match.end() :]
    intact = _digest(version, body) == match[2].decode("ascii")
    return _Header(version, intact, match.end())


HAND_EDIT = (
    'If you edited the file yourself on purpose, delete its "digest" key and run the command '
    "again: facetcoach then checks every entry strictly and accepts the file if it is valid."
)


def _checked_header(raw: bytes, source: _Source) -> _Header | None:
    """The header of a file facetcoach wrote, with its digest verified; None for a file
    without one (written by hand or by another tool: it gets the thorough checks)."""
    head = _header(raw)
    if head is None:
        return None
    if head.version > SCHEMA_VERSION:
        raise source.newer(head.version)
    if not head.intact:
        raise _checksum_error(source)
    return head


def _checksum_error(source: _Source) -> FacetcoachError:
    return source.damaged(
        "its checksum does not match its content: it was changed outside facetcoach, or "
        "damaged on disk",
        [HAND_EDIT],
    )


def _digest(version: int, body: bytes | memoryview) -> str:
    hasher = hashlib.sha256(b"%d:" % version)
    hasher.update(body)
    return hasher.hexdigest()


def _decode_checked(raw: bytes, source: _Source) -> _Decoded:
    """Strict decoding for a write (or an import): the validators always run."""
    head = _checked_header(raw, source)
    if head is not None and head.version == SCHEMA_VERSION:
        log = _validate(raw, source)
        _check_ids(log.entries, source)
        return _Decoded(SCHEMA_VERSION, log.entries, _split(raw, head.body_start, log.entries))
    return _decode_thoroughly(raw, source)


class _DuplicateKey(Exception):
    pass


class _NotANumber(Exception):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return data


def _not_a_number(name: str) -> Any:
    raise _NotANumber(name)


def _decode_thoroughly(raw: bytes, source: _Source) -> _Decoded:
    """Every check, for a file that is not byte for byte what facetcoach wrote."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise source.damaged(f"it is not UTF-8 text, at byte {error.start}") from None
    if not text.strip():
        raise source.damaged("it is empty")
    if text.startswith("\ufeff"):
        raise source.damaged("it starts with a byte-order mark, which JSON does not allow")
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_not_a_number)
    except _DuplicateKey as error:
        raise source.damaged(f'the key "{error}" appears twice in one object') from None
    except _NotANumber as error:
        raise source.damaged(f"{error} is not a JSON number") from None
    except json.JSONDecodeError as error:
        raise source.damaged(
            f"it is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise source.damaged("it is nested too deeply to be a log") from None
    if not isinstance(data, dict):
        raise source.damaged("it is not a JSON object")
    version = data.get("schema_version")
    if type(version) is not int:
        raise source.damaged('"schema_version" is missing or not a whole number')
    if version > SCHEMA_VERSION:
        raise source.newer(version)
    payload: str = text
    if version < SCHEMA_VERSION:
        payload = json.dumps(_migrate(data, version, source), ensure_ascii=False)
    log = _validate(payload, source)
    if log.digest is not None:
        # A digest promises the bytes facetcoach wrote; these are not (reformatted, edited).
        head = _header(raw)
        if head is None or not head.intact:
            raise _checksum_error(source)
    _check_ids(log.entries, source)
    return _Decoded(version, log.entries, None)


def _migrate(data: dict[str, Any], version: int, source: _Source) -> dict[str, Any]:
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise source.damaged(f"schema_version {version} is not one facetcoach can read")
        data = dict(step(data))
        version += 1
        data["schema_version"] = version
    return data


def _validate(payload: bytes | str, source: _Source) -> LogFile:
    from pydantic import ValidationError

    from facetcoach.validation import problems_of, validate_json

    try:
        with _gc_paused():
            return validate_json(LogFile, payload)
    except ValidationError as error:
        invalid = [e for e in error.errors(include_url=False) if e["type"] == "json_invalid"]
        if invalid:
            message = str(invalid[0]["msg"]).removeprefix("Invalid JSON: ")
            raise source.damaged(f"it is not valid JSON: {message}") from None
        problems = problems_of(error)
        more = f", and {len(problems) - 1} more" if len(problems) > 1 else ""
        details = problems[:20] if len(problems) > 1 else []
        raise source.damaged(problems[0] + more, details) from None


def _check_ids(entries: Sequence[LogEntry], source: _Source) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise source.damaged(f"the entry id {entry.id} appears twice")
        seen.add(entry.id)


def _split(raw: bytes, start: int, entries: Sequence[LogEntry]) -> list[bytes] | None:
    """Each entry's bytes in a file facetcoach wrote, or None if it does not look so.

    In compact JSON, `,{"id":"` can only start an entry: quotes inside text are escaped and
    no nested object has a text "id" key.
    """
    body = raw[start:]
    if not body.startswith(b"[") or not body.endswith(TAIL):
        return None
    inner = body[1 : -len(TAIL)]
    if not inner:
        pieces: list[bytes] = []
    else:
        parts = inner.split(b"," + ENTRY_START)
        pieces = [parts[0]] + [ENTRY_START + part for part in parts[1:]]
    if len(pieces) != len(entries):
        return None
    first = len(ENTRY_START)
    for piece, entry in zip(pieces, entries, strict=True):
        if piece[first : first + 36] != entry.id.encode("ascii"):
            return None
    return pieces


# --- Saving ---------------------------------------------------------------------------------


def _select(entries: list[LogEntry], select: Select) -> LogEntry:
    return find_entry(entries, select) if isinstance(select, str) else select(entries)


def _pieces(
    old: list[LogEntry], old_pieces: list[bytes] | None, new: list[LogEntry], may_remove: int
) -> list[bytes]:
    ids = [entry.id for entry in new]
    if len(set(ids)) != len(ids):
        raise ValueError("two entries with the same id; nothing was saved")
    vanished = {entry.id for entry in old} - set(ids)
    if len(vanished) > may_remove:
        # Promise 5 of data-safety.md: no save has fewer entries than it read, but by delete.
        raise ValueError(f"the change would drop {len(vanished)} entries; nothing was saved")
    index = {id(entry): number for number, entry in enumerate(old)}
    pieces = []
    for entry in new:
        number = index.get(id(entry))
        if number is None:
            pieces.append(_checked_bytes(entry))
        elif old_pieces is not None:
            pieces.append(old_pieces[number])
        else:
            pieces.append(entry_bytes(entry))  # read from a hand-edited file: checked already
    return pieces


def _checked_bytes(entry: LogEntry) -> bytes:
    """A new or changed entry as stored, after the same strict checks a read applies."""
    from pydantic import ValidationError

    from facetcoach.validation import dotted, problems_of, validate_json

    if not isinstance(entry.created_at, dt.datetime) or entry.created_at.utcoffset() is None:
        raise InputError("The entry cannot be saved: created_at needs its UTC offset.")
    data = entry_bytes(entry)
    # Through the LogFile validator, which the write has built already (one schema, not two).
    wrapped = b'{"schema_version":%d,"entries":[%s]}' % (SCHEMA_VERSION, data)
    try:
        validate_json(LogFile, wrapped)
    except ValidationError as error:
        problems = problems_of(error, lambda loc: dotted(loc[2:]))
        raise InputError(
            f"The entry cannot be saved: {problems[0]}.", details=problems[1:]
        ) from None
    return data


def _dated_backup_path(version: int) -> Path:
    from facetcoach.clock import now

    stamp = now().strftime("%Y%m%d-%H%M%S")
    folder = paths.data_dir()
    candidate = folder / f"log.json.v{version}-{stamp}.bak"
    number = 2
    while candidate.exists():
        candidate = folder / f"log.json.v{version}-{stamp}-{number}.bak"
        number += 1
    return candidate


def _backup_is_bigger(backup: Path, size: int, count: int) -> bool:
    """True when the backup holds more than the file about to replace it: then it stays.

    So a bigger good backup is never replaced by a smaller file (after a delete, the backup
    keeps the longer history until the log grows past it). A damaged backup is replaced.
    """
    try:
        if backup.stat().st_size <= size:
            return False
        raw = backup.read_bytes()
    except FileNotFoundError:
        return False
    except OSError:
        return True  # cannot judge it: keep it
    head = _header(raw)
    if head is not None and head.version > SCHEMA_VERSION:
        return True
    if head is not None and head.intact:
        held = raw.count(ENTRY_START)  # exact for compact files (see _split)
    else:
        try:
            held = len(_decode_thoroughly(raw, _LogSource(backup)).entries)
        except NewerLog:
            return True
        except DataError:
            return False
    return held > count


def _stage_backup(real: Path, raw: bytes, count: int, backup: Path) -> Path | None:
    """The current file, staged beside the backup; renamed over it once the write succeeds.

    A hard link when the file system allows (no copy), else a copy written and fsynced.
    """
    if _backup_is_bigger(backup, len(raw), count):
        return None
    staged = backup.with_name(f".{backup.name}.{uuid.uuid4().hex[:12]}{TEMP_SUFFIX}")
    try:
        os.link(real, staged)
        return staged
    except OSError:
        pass
    fd = -1
    try:
        fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        view = memoryview(raw)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(staged)
        from facetcoach.storage import _write_failure

        raise DataError(_write_failure(backup, error)) from None
    finally:
        if fd >= 0:
            os.close(fd)
    return staged


def _commit_backup(staged: Path, backup: Path) -> None:
    # The log is saved already: if this rename fails, the older backup simply stays.
    try:
        os.replace(staged, backup)
        fsync_folder(backup.parent)
    except OSError:
        _discard(staged)


def _discard(staged: Path | None) -> None:
    if staged is not None:
        with contextlib.suppress(OSError):
            os.unlink(staged)


def _target(path: Path) -> Path:
    """Where the log really is. A symlinked log is followed: its target is replaced, the link
    stays. A link to nowhere (an unmounted drive?) is an error, never a new empty log."""
    if not path.is_symlink():
        return path
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise DataError(
            f"The log {path} is a link to {os.readlink(path)}, which cannot be found (is a "
            "drive or synced folder missing?). facetcoach will not start a new log there: "
            "reconnect it, or remove the link to keep the log in the data folder."
        ) from None
    return target


def _read_current(path: Path) -> tuple[Path, bytes | None]:
    real = _target(path)
    raw = read_bytes(real)
    if raw is None:
        backup = paths.log_backup_file()
        if backup.is_file():
            raise _missing_with_backup(path, backup)
    return real, raw
