"""log.json as bytes: its format, the digest, and the checks that decide a file is good.

The file is one line of compact JSON:

    {"schema_version":1,"digest":"crc32:<8 hex>","entries":[{"id":"…",…},{"id":"…",…}]}

and, once an entry has been deleted, its tombstone after the entries (data-safety.md DS13):

    {"schema_version":1,"digest":"…","entries":[…],"tombstones":[{"id":"…","deleted_at":"…"}]}

A log without tombstones is written exactly as before they existed, so every older file is
read as it was, and an older facetcoach reads a log that has none.

The digest covers the version and every byte after `"entries":` (the tombstones too), and
names its algorithm:
"crc32:" is written (CRC-32, as zlib computes it, over b"1:" and those bytes); "sha256:",
written before, is still read and verified. It is there to catch accidental damage (a
flipped bit, a file cut short, a partial edit by hand), not forgery, and CRC-32 does that at
a small fraction of SHA-256's cost (no OpenSSL to load, ~7 GB/s). When it matches, the file
is what facetcoach wrote, so display commands decode it quickly and only the entries they
show, and a write reuses the bytes of the entries it does not change. When it does not
match, the file was damaged or edited: it is refused, and the message says how to recover.
A file without a digest (a person who edited the log and deleted the key, an import from
another tool) gets the thorough checks: UTF-8, no byte-order mark, no duplicate keys, no
NaN, the strict validators. Whether a write may skip the strict validators of the entries
it keeps is decided in log_store.py (only for a file it checked and wrote itself).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import re
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from facetcoach import paths
from facetcoach.errors import DataError, FacetcoachError, InputError
from facetcoach.model_json import NOT_THE_MODEL, passes_strict_check, strict_data
from facetcoach.models import SCHEMA_VERSION, LogEntry, LogFile, Tombstone

if TYPE_CHECKING:

    class _Hasher(Protocol):
        """What the digest code uses of a SHA-256 object (hashlib's, or CPython's own)."""

        def update(self, data: bytes | memoryview, /) -> None: ...
        def hexdigest(self) -> str: ...


HEADER = re.compile(
    rb'\{"schema_version":(\d{1,9}),"digest":"(crc32:[0-9a-f]{8}|sha256:[0-9a-f]{64})","entries":'
)
ENTRY_START = b'{"id":"'
TAIL = b"]}\n"
# Between the entries and the tombstones, in a log that has any. No text can hold it: quotes
# inside a JSON string are escaped, and no entry has a "tombstones" key.
TOMBSTONES = b'],"tombstones":['

# Upgrades of older files, applied in memory in turn: MIGRATIONS[n] turns the data of a
# version-n file into version n + 1. Version 1 is the first, so there is none yet; a write
# that migrates first keeps the old file as log.json.v<n>-<time>.bak.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class DamagedLog(DataError):
    """The log (or its backup) does not parse or validate: it is never used nor overwritten."""


class NewerLog(DataError):
    """The log was written by a newer facetcoach (a higher schema_version)."""


def decode_latest(
    raw: bytes, source: Source, count: int, *, head: Header | None = None, by_layout: bool = False
) -> tuple[list[LogEntry], int]:
    """At least the `count` latest entries by date (every entry of their earliest day, so
    that a display order by date and time can take its last `count`), and how many entries
    the log holds. For a file facetcoach wrote, the other entries are never decoded: their
    dates are read from the layout (entry_starts), so `log list` on thirty years of entries
    costs little more than on one. `head`: the file's checked_header, when the caller has it
    already. `by_layout`: the file is one this facetcoach wrote (its record, log/store.py),
    so that its layout may be read; otherwise every entry is decoded."""
    head = head or checked_header(raw, source)
    if by_layout and head is not None and head.version == SCHEMA_VERSION:
        found = entry_starts(raw, head.body_start)
        if found is not None and len(found[1]) > count:
            dates = found[1]
            first = dt.date.fromisoformat(sorted(dates)[-count].decode("ascii"))
            entries = _decode_trusted(raw, head, first, by_layout=True)
            if entries is not None:
                return entries, len(dates)
    entries = decode_for_display(raw, source, head=head)
    return entries, len(entries)


def decode_for_display(
    raw: bytes,
    source: Source,
    since: dt.date | None = None,
    *,
    head: Header | None = None,
    by_layout: bool = False,
) -> list[LogEntry]:
    """The entries dated `since` or later, for reading only.

    A file with an intact digest is decoded without pydantic, and only the entries asked for;
    any other file gets the thorough checks, and the same error a write would raise. `head`:
    the file's checked_header, when the caller has it already. `by_layout`: as for
    decode_latest (the entries before `since` are then not even decoded).
    """
    head = head or checked_header(raw, source)
    if head is not None and head.version == SCHEMA_VERSION:
        entries = _decode_trusted(raw, head, since, by_layout=by_layout)
        if entries is not None:
            return entries
    entries = decode_thoroughly(raw, source).entries
    if since is not None:
        entries = [entry for entry in entries if entry.date >= since]
    return entries


def _decode_trusted(
    raw: bytes, head: Header, since: dt.date | None, *, by_layout: bool
) -> list[LogEntry] | None:
    """The entries dated `since` or later of a file whose digest matched, without pydantic;
    None when they are not what facetcoach writes (then the thorough checks say why)."""
    from facetcoach.model_json import from_data

    chosen = _pieces_since(raw, head.body_start, since) if since and by_layout else None
    if chosen is not None:
        # Only the entries asked for are parsed: `today` reads a few weeks of a log that
        # may hold ten years, in time that grows with the few weeks.
        return decode_pieces(chosen)
    try:
        with gc_paused():
            # A file this facetcoach did not record may repeat a key: refused, as a write
            # refuses it (decode_checked), so that a read never shows what a write refuses.
            hook = None if by_layout else _unique_keys
            items = json.loads(raw, object_pairs_hook=hook)["entries"]
            if since is not None:
                first = since.isoformat()  # ISO dates sort as text
                items = [item for item in items if item["date"] >= first]
            return [from_data(LogEntry, item) for item in items]
    except (*NOT_THE_MODEL, _DuplicateKey):
        return None


def decode_pieces(pieces: Sequence[bytes]) -> list[LogEntry] | None:
    """Entries as stored by facetcoach (`entry_bytes`), decoded without pydantic; None when
    they are not what facetcoach writes."""
    from facetcoach.model_json import from_data

    try:
        with gc_paused():
            items = json.loads(b"[" + b",".join(pieces) + b"]")
            return [from_data(LogEntry, item) for item in items]
    except NOT_THE_MODEL:
        return None


def entry_bytes(entry: LogEntry) -> bytes:
    """One entry as stored: compact JSON, keys in model order (so "id" comes first)."""
    from facetcoach.model_json import to_data

    try:
        text = json.dumps(
            to_data(entry), ensure_ascii=False, allow_nan=False, separators=(",", ":")
        )
        return text.encode("utf-8")
    except (ValueError, UnicodeEncodeError) as error:
        raise InputError(f"The entry cannot be saved: {error}.") from None


def encode_log(pieces: Sequence[bytes], tombstones: Sequence[bytes] = ()) -> bytes:
    """The file's bytes for entries already encoded (see entry_bytes) and tombstones (see
    tombstone_bytes), with the digest."""
    return _with_header([b"[", b",".join(pieces), tombstones_tail(tombstones)])


def tombstones_tail(tombstones: Sequence[bytes]) -> bytes:
    """What follows the entries: just the end, or the tombstones and the end."""
    if not tombstones:
        return TAIL
    return TOMBSTONES + b",".join(tombstones) + TAIL


def entries_end(raw: bytes, start: int) -> int:
    """Where the list of entries ends (its "]") in a file facetcoach wrote, its body at
    `start`: before the tombstones, if there are any, else before the file's TAIL.

    The tombstones hold no list, so the last "[" of the file opens them, if there are any:
    found from the end, past at most the last entry's lists, whatever the log's size."""
    last = raw.rfind(b"[", start)
    mark = last + 1 - len(TOMBSTONES)
    if mark > start and raw[mark : last + 1] == TOMBSTONES:
        return mark
    return len(raw) - len(TAIL)


def appended_log(raw: bytes, head: Header, pieces: Sequence[bytes]) -> list[bytes | memoryview]:
    """A file facetcoach wrote (`raw`, its header `head`, see entries_span) with `pieces`
    added after its entries, in parts (the header first) that write_atomic writes in turn:
    the stored entries (and tombstones) are kept byte for byte, not parsed, and not even
    copied (a copy of 80 MB was a tenth of an append to 100,000 entries). The new digest
    carries on the CRC of the entries kept that the check of `head` computed, so that they are
    read once, not twice."""
    start = head.body_start
    end = entries_end(raw, start)
    view = memoryview(raw)
    kept = view[start:end]  # "[" and the stored entries (none: just "[")
    joint = b"," if end > start + 1 and pieces else b""
    after: list[bytes | memoryview] = [joint, b",".join(pieces), view[end:]]
    if head.entries_crc is not None and head.entries_end == end and head.version == SCHEMA_VERSION:
        crc = head.entries_crc
        for part in after:
            crc = zlib.crc32(part, crc)
        digest = b"crc32:%08x" % crc
    else:
        digest = _crc32_digest(SCHEMA_VERSION, [kept, *after])
    return [_header_line(digest), kept, *after]


def _with_header(body: Sequence[bytes | memoryview]) -> bytes:
    return b"".join([_header(body), *body])  # one copy of the (maybe megabytes of) entries


def _header(body: Sequence[bytes | memoryview]) -> bytes:
    return _header_line(_crc32_digest(SCHEMA_VERSION, body))


def _header_line(digest: bytes) -> bytes:
    return b'{"schema_version":%d,"digest":"%s","entries":' % (SCHEMA_VERSION, digest)


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


# Plain classes: a @dataclass costs a few tenths of a millisecond at import, paid by `today`.
class Decoded:
    __slots__ = ("entries", "pieces", "tombstones", "version")

    def __init__(
        self,
        version: int,
        entries: list[LogEntry],
        pieces: list[bytes] | None,
        tombstones: list[Tombstone] | None = None,
    ) -> None:
        self.version = version  # as found in the file (older ones are migrated in memory)
        self.entries = entries
        self.pieces = pieces  # each entry's stored bytes, when the file is as we wrote it
        self.tombstones = tombstones or []  # the deleted entries (DS13), in file order


class Header:
    __slots__ = ("body_start", "digest", "entries_crc", "entries_end", "intact", "version")

    def __init__(
        self,
        version: int,
        digest: bytes,
        intact: bool,
        body_start: int,
        entries_crc: int | None = None,
        entries_end: int = -1,
    ) -> None:
        self.version = version
        self.digest = digest  # as stored: b"crc32:<hex>" or b"sha256:<hex>"
        self.intact = intact  # the digest matches the bytes
        self.body_start = body_start
        # The CRC-32 of the digest's text up to the entries' end, `entries_end` (its "]"),
        # on the way to the digest: an append carries it on (appended_log).
        self.entries_crc = entries_crc
        self.entries_end = entries_end


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
    stored = match[2]
    start = match.end()
    body = memoryview(raw)[start:]
    if not stored.startswith(b"crc32:"):  # written by facetcoach before it switched to CRC-32
        computed = b"sha256:" + _sha256_hex(version, body).encode("ascii")
        return Header(version, stored, computed == stored, start)
    end = entries_end(raw, start)
    split = end - start if start <= end <= len(raw) else 0
    entries_crc = zlib.crc32(body[:split], zlib.crc32(b"%d:" % version))
    computed = b"crc32:%08x" % zlib.crc32(body[split:], entries_crc)
    return Header(version, stored, computed == stored, start, entries_crc, start + split)


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


def _crc32_digest(version: int, body: Sequence[bytes | memoryview]) -> bytes:
    """b"crc32:<8 hex>" over b"<version>:" and the body's parts in turn."""
    crc = zlib.crc32(b"%d:" % version)
    for part in body:
        crc = zlib.crc32(part, crc)
    return b"crc32:%08x" % crc


# Files written before the switch to CRC-32 carry a SHA-256 digest, verified as before.
# Below this size it uses CPython's own SHA-256 module: loading OpenSSL for hashlib costs
# about 2.4 ms at start-up, more than hashing a small log takes. Above it, OpenSSL's faster
# hashing wins. The digest is the same either way.
SMALL_LOG = 512 * 1024


def _sha256(size: int) -> Callable[[bytes], _Hasher]:
    if size <= SMALL_LOG:
        try:
            from _sha2 import sha256 as small  # Python 3.12+
        except ImportError:
            try:
                from _sha256 import sha256 as small  # Python 3.10, 3.11
            except ImportError:
                from hashlib import sha256 as small
        # CPython's own modules have no stubs (Any to the checker): their sha256 is hashlib's.
        sha256: Callable[[bytes], _Hasher] = small
        return sha256
    from hashlib import sha256 as big

    return big


def _sha256_hex(version: int, body: bytes | memoryview) -> str:
    hasher = _sha256(len(body))(b"%d:" % version)
    hasher.update(body)
    return hasher.hexdigest()


def decode_checked(
    raw: bytes, source: Source, *, recorded: bool = False, head: Header | None = None
) -> Decoded:
    """Strict decoding for a write (or an import): the validators always run, and a key given
    twice in one object is refused, as decode_thoroughly refuses it. Found by a second
    review: pydantic keeps a repeated key's last value and never checks the first, so under a
    recomputed digest the first could hold text laid out as an entry's head, which the fast
    paths, reading the layout, took for an entry (a retry of its id was "already recorded").
    `recorded`: the file is the one this facetcoach checked and wrote (log/store.py), which
    repeats no key: that check (about 100 ms on ten years) is not made again. `head`: the
    file's checked_header, when the caller has it already (its CRC is one pass over the file)."""
    head = head or checked_header(raw, source)
    if head is not None and head.version == SCHEMA_VERSION:
        if not recorded:
            strict_json(raw, source, "a log")
        log = _validate(raw, source)
        check_ids(log, source)
        pieces = _split(raw, head.body_start, log.entries)
        return Decoded(SCHEMA_VERSION, log.entries, pieces, log.tombstones)
    return decode_thoroughly(raw, source)


def decode_small(raw: bytes, source: Source, head: Header) -> Decoded:
    """decode_checked for a small file facetcoach wrote (a journal, log/journal.py), its
    digest `head` checked: every check of the strict validator, by the standard library
    (model_json.strict_data, which accepts only what pydantic accepts), so that an append to
    the journal need not import pydantic (~160 ms); pydantic only on a doubt, to say what is
    wrong."""
    if head.version == SCHEMA_VERSION:
        _, data = strict_json(raw, source, "a log")
        log = strict_data(LogFile, data)
        if log is not None:
            check_ids(log, source)
            pieces = _split(raw, head.body_start, log.entries)
            return Decoded(SCHEMA_VERSION, log.entries, pieces, log.tombstones)
    return decode_checked(raw, source, head=head)


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


def strict_json(raw: bytes, source: Source, what: str) -> tuple[str, Any]:
    """The text and data of a JSON file, refused (source.damaged) when it is not strictly
    JSON: not UTF-8, empty, a byte-order mark, a key twice in one object, NaN, or nested too
    deeply (`what` names the file's kind: "a log")."""
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
    except ValueError:  # int() of a number longer than Python reads (sys.int_info)
        raise source.damaged(f"a number in it has more than {max_digits()} digits") from None
    except RecursionError:
        raise source.damaged(f"it is nested too deeply to be {what}") from None
    return text, data


def decode_thoroughly(raw: bytes, source: Source) -> Decoded:
    """Every check, for a file that is not byte for byte what facetcoach wrote."""
    text, data = strict_json(raw, source, "a log")
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
    check_ids(log, source)
    return Decoded(version, log.entries, None, log.tombstones)


def max_digits() -> int:
    """The longest whole number Python reads from text (4,300 digits by default)."""
    import sys

    return sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 4300


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


def check_ids(log: LogFile, source: Source) -> None:
    seen: set[str] = set()
    for entry in log.entries:
        if entry.id in seen:
            raise source.damaged(f"the entry id {entry.id} appears twice")
        seen.add(entry.id)
    deleted: set[str] = set()
    for tomb in log.tombstones:
        if tomb.id in seen:
            raise source.damaged(f"the entry {tomb.id} is both in the log and deleted")
        if tomb.id in deleted:
            raise source.damaged(f"the deleted entry {tomb.id} appears twice")
        deleted.add(tomb.id)


def _split(raw: bytes, start: int, entries: Sequence[LogEntry]) -> list[bytes] | None:
    """Each entry's bytes in a file laid out as facetcoach writes it, or None if it is not:
    then a write encodes every entry anew, so that what it writes is laid out so.

    In compact JSON, `,{"id":"` can only start an entry: quotes inside text are escaped and
    no nested object has a text "id" key. Each piece must open with the head of its own
    entry (its id, kind and date, as the fast paths read them), and the last must be one
    object (the tombstones are always written anew). Found by review: under a recomputed
    digest, a space before "tombstones" made the last piece run on into them (the next
    entry was written inside them), and a second "date" key (the last one counts) or a
    space in a head made the fast paths misread the entry.
    """
    if raw[start : start + 1] != b"[" or not raw.endswith(TAIL):
        return None
    inner = raw[start + 1 : entries_end(raw, start)]
    if not inner:
        pieces: list[bytes] = []
    else:
        parts = inner.split(b"," + ENTRY_START)
        pieces = [parts[0]] + [ENTRY_START + part for part in parts[1:]]
    if len(pieces) != len(entries):
        return None
    if pieces and not _one_object(pieces[-1]):
        return None  # (the last one runs on into what follows the entries)
    for piece, entry in zip(pieces, entries, strict=True):
        head = _PIECE_HEAD.match(piece)
        if head is None or head.groups() != _head_of(entry):
            return None
    return pieces


def _head_of(entry: LogEntry) -> tuple[bytes, bytes, bytes]:
    return (
        entry.id.encode("ascii"),
        entry.kind.encode("ascii"),
        entry.date.isoformat().encode("ascii"),
    )


def _one_object(piece: bytes) -> bool:
    try:
        return isinstance(json.loads(piece), dict)
    except ValueError:  # (a JSONDecodeError: "Extra data" after the object, or none at all)
        return False


# What follows an entry's `{"id":"` as facetcoach writes it: its id, kind and date, in order.
_HEAD_FIELDS = rb'([0-9a-f-]{36})","kind":"([a-z]+)","date":"(\d{4}-\d\d-\d\d)"'
# ENTRY_HEAD for one entry's bytes on their own (no "[" or "," before them to look behind).
_PIECE_HEAD = re.compile(rb'\{"id":"' + _HEAD_FIELDS)


# Where entries start in a file facetcoach wrote (compact JSON, keys in model order): every
# `{"id":"` there begins an entry, right after the list's "[" or a "," (quotes inside text are
# escaped, and no nested object has a text "id" key). All but the literal is optional, so that
# a `{"id":"` elsewhere, or without the expected head, is found too (its groups empty): then
# the file is not laid out as facetcoach writes it.
ENTRY_HEAD = re.compile(rb'\{"id":"(?:(?<=[\[,]\{"id":")' + _HEAD_FIELDS + rb")?")


def entries_span(raw: bytes, start: int) -> tuple[int, int] | None:
    """The span of the entries in the body at `start` ("[" + entries + the tombstones, if any,
    and TAIL), when it starts as facetcoach writes it; None otherwise."""
    end = entries_end(raw, start)
    first = start + 1
    if raw[start:first] != b"[" or not raw.endswith(TAIL) or end < first:
        return None
    if end != first and not raw.startswith(ENTRY_START, first):
        return None  # something before the first entry, or a list of something else
    return first, end


def entry_starts(raw: bytes, start: int) -> tuple[list[int], list[bytes]] | None:
    """Where each entry of a file facetcoach wrote starts (its body at `start`), and its date,
    found without parsing the entries; None when the bytes are not laid out exactly so (then
    the caller parses the file whole). Only for a file whose digest matched.

    One pass of a regular expression over the file: under 2 ms for ten years of entries,
    against 25 ms for json.loads. Plain lists of ints and bytes, no tuple per entry: they
    would be thousands of objects for the garbage collector to walk.
    """
    span = entries_span(raw, start)
    if span is None:
        return None
    starts: list[int] = []
    dates: list[bytes] = []
    for match in ENTRY_HEAD.finditer(raw, *span):
        date = match[3]
        if date is None:
            return None
        starts.append(match.start())
        dates.append(date)
    return starts, dates


def entry_heads(raw: bytes, start: int) -> list[tuple[bytes, bytes, bytes]] | None:
    """The (id, kind, date) of each entry of a file facetcoach wrote, its body at `start`, with
    the layout checks of entry_starts; None when the bytes are not laid out exactly so."""
    span = entries_span(raw, start)
    if span is None:
        return None
    heads = ENTRY_HEAD.findall(raw, *span)  # (no Match object per entry: the write's scan)
    if any(not date for _id, _kind, date in heads):
        return None
    return heads


def _pieces_since(raw: bytes, start: int, since: dt.date) -> list[bytes] | None:
    """The stored bytes of the entries dated `since` or later, in file order, found without
    parsing the others; None when the file does not look exactly as facetcoach writes it
    (then the caller parses it whole). Only for a file whose digest matched."""
    found = entry_starts(raw, start)
    if found is None:
        return None
    starts, dates = found
    starts.append(entries_end(raw, start) + 1)  # where an entry after the last would start
    first = since.isoformat().encode("ascii")  # ISO dates sort as text
    return [
        raw[starts[index] : starts[index + 1] - 1]
        for index, date in enumerate(dates)
        if date >= first
    ]


def encode_tombstone(tomb: Tombstone) -> bytes:
    """One tombstone as stored: compact JSON, its id first (ASCII: a uuid and a time)."""
    return b'{"id":"%s","deleted_at":"%s"}' % (
        tomb.id.encode("ascii"),
        tomb.deleted_at.isoformat().encode("ascii"),
    )


def tombstone_bytes(tomb: Tombstone) -> bytes:
    """A new tombstone as stored, after the strict checks a read applies."""
    from pydantic import ValidationError

    from facetcoach.validation import validate_json

    if not isinstance(tomb.deleted_at, dt.datetime) or tomb.deleted_at.utcoffset() is None:
        raise InputError("The deletion cannot be saved: deleted_at needs its UTC offset.")
    try:
        data = encode_tombstone(tomb)
    except UnicodeEncodeError:
        raise InputError(f"The deletion cannot be saved: {tomb.id!r} is not an id.") from None
    wrapped = b'{"schema_version":%d,"entries":[],"tombstones":[%s]}' % (SCHEMA_VERSION, data)
    try:
        validate_json(LogFile, wrapped)
    except ValidationError as error:
        from facetcoach.validation import problems_of

        raise InputError(f"The deletion cannot be saved: {problems_of(error)[0]}.") from None
    return data


def checked_bytes(entry: LogEntry) -> bytes:
    """A new or changed entry as stored, after the same strict checks a read applies."""
    if not isinstance(entry.created_at, dt.datetime) or entry.created_at.utcoffset() is None:
        raise InputError("The entry cannot be saved: created_at needs its UTC offset.")
    data = entry_bytes(entry)
    # The standard library's check first: when it passes, the strict validator would too
    # (model_json.passes_strict_check), and a `log` need not import pydantic (~160 ms).
    if passes_strict_check(LogEntry, json.loads(data)):
        return data
    from pydantic import ValidationError

    from facetcoach.validation import dotted, problems_of, validate_json

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
