"""log.json as bytes: its format, the digest, and the checks that decide a file is good.

The file is one line of compact JSON:

    {"schema_version":1,"digest":"sha256:<hex>","entries":[{"id":"…",…},{"id":"…",…}]}

The digest covers the version and every byte after `"entries":`. When it matches, the file is
exactly what facetcoach wrote after checking it, so display commands decode it quickly and
only the entries they show, and a write reuses the bytes of the entries it does not change.
When it does not match, the file was damaged (a flipped bit, a cut-off write by another tool)
or edited: it is refused, and the message says how to recover. A file without a digest (a
person who edited the log and deleted the key, an import from another tool) gets the
thorough checks: UTF-8, no byte-order mark, no duplicate keys, no NaN, the strict validators.
Writes always run the strict validators (see log_store.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facetcoach import paths
from facetcoach.errors import DataError, FacetcoachError, InputError
from facetcoach.models import SCHEMA_VERSION, LogEntry, LogFile

HEADER = re.compile(rb'\{"schema_version":(\d{1,9}),"digest":"sha256:([0-9a-f]{64})","entries":')
ENTRY_START = b'{"id":"'
TAIL = b"]}\n"

# Upgrades of older files, applied in memory in turn: MIGRATIONS[n] turns the data of a
# version-n file into version n + 1. Version 1 is the first, so there is none yet; a write
# that migrates first keeps the old file as log.json.v<n>-<time>.bak.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class DamagedLog(DataError):
    """The log (or its backup) does not parse or validate: it is never used nor overwritten."""


class NewerLog(DataError):
    """The log was written by a newer facetcoach (a higher schema_version)."""


def decode_for_display(raw: bytes, source: Source, since: dt.date | None = None) -> list:
    """The entries dated `since` or later, for reading only.

    A file with an intact digest is decoded without pydantic, and only the entries asked for;
    any other file gets the thorough checks, and the same error a write would raise.
    """
    head = checked_header(raw, source)
    if head is not None and head.version == SCHEMA_VERSION:
        from facetcoach.codec import from_data

        try:
            with gc_paused():
                items = _window(raw, head.body_start, since) if since is not None else None
                if items is None:
                    items = json.loads(raw)["entries"]
                    if since is not None:
                        first = since.isoformat()  # ISO dates sort as text
                        items = [item for item in items if item["date"] >= first]
                return [from_data(LogEntry, item) for item in items]
        except (ValueError, TypeError, KeyError, RecursionError):
            pass  # the thorough checks below say exactly what is wrong
    entries = decode_thoroughly(raw, source).entries
    if since is not None:
        entries = [entry for entry in entries if entry.date >= since]
    return entries


# How every stored entry begins (fields in model order, see entry_bytes): its date is
# found without decoding the rest of it.
ENTRY_HEAD = re.compile(rb'\{"id":"[0-9a-f-]{36}","kind":"[a-z]{1,16}","date":"(\d{4}-\d\d-\d\d)"')


def _window(raw: bytes, body_start: int, since: dt.date) -> list | None:
    """The decoded entries dated `since` or later, decoding only those; None when the file
    is not laid out as entry_bytes writes it (then the caller decodes it whole).

    Reading a long history for a recent window is then about the window, not the history:
    splitting and matching 3,600 entries costs ~2 ms, json.loads of all of them ~25 ms.
    """
    body = raw[body_start:]
    if not body.startswith(b"[") or not body.endswith(TAIL):
        return None
    inner = body[1 : -len(TAIL)]
    if not inner:
        return []
    first = since.isoformat().encode("ascii")
    items = []
    # `,{"id":"` only ever starts an entry in compact JSON (see _split).
    for number, piece in enumerate(inner.split(b"," + ENTRY_START)):
        if number:
            piece = ENTRY_START + piece
        match = ENTRY_HEAD.match(piece)
        if match is None:
            return None
        if match[1] >= first:
            items.append(json.loads(piece))
    return items


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


class Source:
    """Where bytes came from, and how to word a problem with them."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def damaged(self, reason: str, details: Sequence[str] = ()) -> FacetcoachError:
        raise NotImplementedError

    def newer(self, version: int) -> FacetcoachError:
        raise NotImplementedError


class LogSource(Source):
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


class ImportSource(Source):
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
        good = decode_thoroughly(backup.read_bytes(), LogSource(backup)).entries
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


# --- Decoding -----------------------------------------------------------------------------


@dataclass
class Decoded:
    version: int  # as found in the file (older ones are migrated in memory)
    entries: list[LogEntry]
    pieces: list[bytes] | None  # each entry's stored bytes, when the file is as we wrote it


@dataclass
class Header:
    version: int
    intact: bool  # the digest matches the bytes
    body_start: int


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cycle collection while thousands of entries are built: they hold no cycles, and
    the collector would otherwise walk them again and again (about a fifth of the time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def header(raw: bytes) -> Header | None:
    match = HEADER.match(raw)
    if match is None:
        return None
    version = int(match[1])
    body = memoryview(raw)[match.end() :]
    intact = _digest(version, body) == match[2].decode("ascii")
    return Header(version, intact, match.end())


HAND_EDIT = (
    'If you edited the file yourself on purpose, delete its "digest" key and run the command '
    "again: facetcoach then checks every entry strictly and accepts the file if it is valid."
)


def checked_header(raw: bytes, source: Source) -> Header | None:
    """The header of a file facetcoach wrote, with its digest verified; None for a file
    without one (written by hand or by another tool: it gets the thorough checks)."""
    head = header(raw)
    if head is None:
        return None
    if head.version > SCHEMA_VERSION:
        raise source.newer(head.version)
    if not head.intact:
        raise _checksum_error(source)
    return head


def _checksum_error(source: Source) -> FacetcoachError:
    return source.damaged(
        "its checksum does not match its content: it was changed outside facetcoach, or "
        "damaged on disk",
        [HAND_EDIT],
    )


def _digest(version: int, body: bytes | memoryview) -> str:
    hasher = hashlib.sha256(b"%d:" % version)
    hasher.update(body)
    return hasher.hexdigest()


def decode_checked(raw: bytes, source: Source) -> Decoded:
    """Strict decoding for a write (or an import): the validators always run."""
    head = checked_header(raw, source)
    if head is not None and head.version == SCHEMA_VERSION:
        log = _validate(raw, source)
        _check_ids(log.entries, source)
        return Decoded(SCHEMA_VERSION, log.entries, _split(raw, head.body_start, log.entries))
    return decode_thoroughly(raw, source)


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


def decode_thoroughly(raw: bytes, source: Source) -> Decoded:
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
        head = header(raw)
        if head is None or not head.intact:
            raise _checksum_error(source)
    _check_ids(log.entries, source)
    return Decoded(version, log.entries, None)


def _migrate(data: dict[str, Any], version: int, source: Source) -> dict[str, Any]:
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise source.damaged(f"schema_version {version} is not one facetcoach can read")
        data = dict(step(data))
        version += 1
        data["schema_version"] = version
    return data


def _validate(payload: bytes | str, source: Source) -> LogFile:
    from pydantic import ValidationError

    from facetcoach.validation import problems_of, validate_json

    try:
        with gc_paused():
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


def _check_ids(entries: Sequence[LogEntry], source: Source) -> None:
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


def checked_bytes(entry: LogEntry) -> bytes:
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
