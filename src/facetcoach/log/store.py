"""log.json on disk: every write follows docs/data-safety.md; reads for display are fast.

Writing (`modify_log`, `append_entries` and the helpers over them): take the lock → read the
file → check it (any doubt stops here: a 0-byte, truncated or unparseable file is damaged,
never "empty") → apply the change → check the new entries strictly → temp file, fsync,
rename, fsync of the folder → the version just replaced becomes log.json.bak. A deletion
leaves a tombstone in the file (DS13), and an entry leaves the log only with one. A missing log
is created by the first write, unless its backup is there (then something is wrong, and
nothing is written). The file's format and the checks themselves are in log_format.py.

How a write checks the file it read. The strict validators run on every entry, unless the file
is, byte for byte, the one facetcoach itself last checked and wrote: after each write,
`.log.json.checked` records the digest and size of the file written (and which facetcoach wrote
it). When an append (`log`, `checkin`, a guided session) finds the log's digest intact AND
equal to that record, the entries it keeps were validated when they were written and nothing
has touched them since, so it checks only the file's layout (where the entries start and end;
their ids unique), keeps their bytes unparsed and uncopied (log/held.py answers what the caller
asks of them), and validates the new entries strictly. On any doubt (no record, another digest,
a file restored from a backup or edited and given a fresh digest by a tool, an older schema, an
unexpected layout) it falls back to the strict validation of every entry, with the same
refusals and messages. The record is a cache: losing it costs one strict write, never data.
Edits, deletes and imports decode every entry anyway, and always validate strictly.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from facetcoach import __version__, paths
from facetcoach.errors import DataError, InputError
from facetcoach.files import (
    check_private,
    fsync_folder,
    locked,
    note_saved,
    read_bytes,
    read_import,
    real_path,
    remove_orphan_temps,
    temp_path,
    write_atomic,
    write_cache,
)
from facetcoach.log import journal, offsets
from facetcoach.log.file_format import (
    HEADER,
    TAIL,
    DamagedLog,
    Decoded,
    Header,
    ImportSource,
    LogSource,
    NewerLog,
    appended_log,
    checked_bytes,
    checked_header,
    decode_checked,
    decode_for_display,
    decode_latest,
    decode_pieces,
    decode_thoroughly,
    encode_log,
    encode_tombstone,
    entries_end,
    entries_span,
    entry_bytes,
    entry_starts,
    header,
    tombstone_bytes,
)
from facetcoach.log.held import EntryHead, Held, HeldBytes, HeldWith, stored_ids
from facetcoach.models import SCHEMA_VERSION, LogEntry, LogFile, MergeReport, Tombstone
from facetcoach.safe_text import NOTE_CHARACTERS, text_problem

# Re-exported: the store is where the other modules look for these.
__all__ = [
    "DamagedLog",
    "EntryHead",
    "Held",
    "NewerLog",
    "append_entries",
    "append_entry",
    "delete_entry",
    "encode_log",
    "entry_bytes",
    "import_entries",
    "imported_text_problem",
    "load_entries",
    "load_latest",
    "load_log",
    "log_to_import",
    "modify_log",
    "read_import_file",
    "read_import_log",
    "update_entry",
]

Change = Callable[[list[LogEntry]], Sequence[LogEntry]]
Select = str | Callable[[list[LogEntry]], LogEntry]
# A change of the entries and the tombstones together (a delete, an import).
WholeChange = Callable[
    [list[LogEntry], list[Tombstone]], tuple[Sequence[LogEntry], Sequence[Tombstone]]
]


# --- Reading ------------------------------------------------------------------------------


def load_log() -> LogFile:
    """The whole log, for display and reports; empty when there is none yet. Never writes."""
    return LogFile(schema_version=SCHEMA_VERSION, entries=load_entries())


def load_whole_log() -> Decoded:
    """The entries and the tombstones, in file order, checked strictly (an export reads it
    so), the journal's included. Empty when there is no log yet. Never writes."""
    path = paths.log_file()
    real = _real_log(path)
    pending = journal.read(real, strict=True)  # (first: see _load)
    return _with_journal(_decode_strictly(real, _read_real(path, real)), pending)


def load_entries(since: dt.date | None = None) -> list[LogEntry]:
    """The entries dated `since` or later (all when None), in file order. Never writes.

    Fast for a file facetcoach wrote (its digest matches): entries before `since` are not
    even decoded. A damaged or newer file raises the same DataError as a write would.
    """
    return _load(since, None)[0]


def load_latest(count: int) -> tuple[list[LogEntry], int]:
    """At least the `count` latest entries by date, and how many the log holds (`log list`:
    file_format.decode_latest). Never writes."""
    entries, total = _load(None, count)
    return entries, len(entries) if total is None else total


def _load(since: dt.date | None, latest: int | None) -> tuple[list[LogEntry], int | None]:
    """load_entries (`latest` None) or load_latest: the entries, and how many the log holds
    (None: not counted). Log.json's, then its journal's (log/journal.py)."""
    path = paths.log_file()
    real = _real_log(path)
    # The journal first: a fold between the two reads then shows as a journal that does not
    # extend the log.json read (reconciled by id), never as its entries missing.
    pending = journal.read(real, strict=False)
    windowed = since is not None or latest is not None  # (the whole log: one read is as fast)
    found = _through_index(real, since, latest) if windowed else None
    if found is not None and _extends(pending, found[1].digest, found[1].size):
        return _and_journal(found[0], found[1].total, pending, since)
    raw = _read_real(path, real)
    if raw is None:
        return ([], 0) if pending is None else _reconciled(real, raw, pending, since)
    source = LogSource(real)
    head = checked_header(raw, source)
    if head is None or not _extends(pending, head.digest, len(raw)):
        if pending is not None:
            return _reconciled(real, raw, pending, since)
    elif windowed and head.version == SCHEMA_VERSION:
        found = _through_index(real, since, latest, raw, head.digest)
        if found is not None:
            return _and_journal(found[0], found[1].total, pending, since)
    by_layout = _laid_out_as_written(real, raw, head)
    if latest is not None:
        entries, total = decode_latest(raw, source, latest, head=head, by_layout=by_layout)
        return _and_journal(entries, total, pending, since)
    entries = decode_for_display(raw, source, since, head=head, by_layout=by_layout)
    return _and_journal(entries, None, pending, since)


def _extends(pending: journal.Journal | None, digest: bytes, size: int) -> bool:
    return pending is None or pending.extends(digest, size)


def _and_journal(
    entries: list[LogEntry],
    total: int | None,
    pending: journal.Journal | None,
    since: dt.date | None,
) -> tuple[list[LogEntry], int | None]:
    """The entries of a window of log.json and those of the journal that extends it."""
    if pending is None:
        return entries, total
    added = [entry for entry in pending.entries if since is None or entry.date >= since]
    return [*entries, *added], None if total is None else total + len(pending.entries)


def _reconciled(
    real: Path, raw: bytes | None, pending: journal.Journal, since: dt.date | None
) -> tuple[list[LogEntry], int]:
    """The entries of a journal that does not extend this log.json (a crash while folding it
    in, a log.json restored or carried over without it): the whole log, read strictly, and
    the journal's entries it has no trace of (log/journal.py). Rare; slow on a large log."""
    entries = _with_journal(_decode_strictly(real, raw), pending).entries
    total = len(entries)
    return [e for e in entries if since is None or e.date >= since], total


def _with_journal(decoded: Decoded, pending: journal.Journal | None) -> Decoded:
    """The log `decoded` with the journal's entries it holds no trace of after its own."""
    if pending is None:
        return decoded
    known = {entry.id for entry in decoded.entries} | {tomb.id for tomb in decoded.tombstones}
    entries, pieces = journal.new_in(pending, known.__contains__)
    if not entries:
        return decoded
    stored = None if decoded.pieces is None or pieces is None else [*decoded.pieces, *pieces]
    return Decoded(decoded.version, [*decoded.entries, *entries], stored, decoded.tombstones)


def _through_index(
    real: Path,
    since: dt.date | None,
    latest: int | None,
    raw: bytes | None = None,
    digest: bytes = b"",
) -> tuple[list[LogEntry], offsets.Window] | None:
    """The entries of a window read through the offsets index (log/offsets.py), and the
    window (how many the log holds, the log.json read); with `raw`, the whole file already
    read and its digest `digest` checked (offsets.window_in). None when it cannot be trusted
    (then read the whole file)."""
    if raw is None:
        window = offsets.window(real, since, latest)
    else:
        window = offsets.window_in(real, raw, digest, since, latest)
    if window is None:
        return None
    entries = decode_pieces(window.pieces)
    return None if entries is None else (entries, window)


def read_import_file(file: Path) -> list[LogEntry]:
    """The entries of a log export (or another machine's log.json), checked strictly."""
    return read_import_log(file).entries


def read_import_log(file: Path) -> Decoded:
    """A log export (or another machine's log.json, with its journal if it has one beside
    it), entries and tombstones, checked strictly; a file of at most IMPORT_BYTES."""
    raw = read_import(file, kind="a log to import", give="the exported file")
    # Thoroughly, even under a valid digest: a file from elsewhere may repeat a key (the digest
    # catches accidents, not edits), and the JSON parser would keep the last one silently.
    decoded = decode_thoroughly(raw, ImportSource(file))
    # Another machine's large log.json keeps its latest entries in its journal beside it
    # (found by review: they were left out of the import without a word).
    return _with_journal(decoded, journal.read_beside_import(file))


def log_to_import(file: Path) -> Decoded:
    """read_import_log(), and its text checked as any input's (promise 12): no control
    character (but line breaks and tabs in a note), notes of at most NOTE_CHARACTERS."""
    incoming = read_import_log(file)
    problem = imported_text_problem(incoming.entries)
    if problem is not None:
        raise ImportSource(file).damaged(problem)
    return incoming


def imported_text_problem(entries: Sequence[LogEntry]) -> str | None:
    """What input would refuse in the text of entries from elsewhere, or None (promise 12)."""
    for entry in entries:
        texts = [("the note", entry.note or "", True)]
        if entry.checkin is not None:
            texts += [("a PSFS activity", name, False) for name in entry.checkin.psfs]
        for what, text, lines in texts:
            problem = text_problem(text, lines=lines, limit=NOTE_CHARACTERS)
            if problem is not None:
                return f"entry {entry.id}: {what} {problem}"
    return None


# --- Writing ------------------------------------------------------------------------------


def modify_log(change: Change, *, may_remove: int = 0) -> list[LogEntry]:
    """Apply `change` to the entries under the lock and save the result atomically.

    `change` gets the current entries (a list it may keep or copy) and returns the new ones:
    entries it keeps unchanged are stored byte for byte as before; new or changed ones are
    validated strictly first. It may raise a FacetcoachError to stop: nothing is written.
    At most `may_remove` entries may disappear (an explicit delete); more is a bug and stops.
    Returns the entries as saved.
    """
    return modify_whole_log(
        lambda entries, tombstones: (change(entries), tombstones), may_remove=may_remove
    )[0]


def modify_whole_log(
    change: WholeChange, *, may_remove: int = 0
) -> tuple[list[LogEntry], list[Tombstone]]:
    """modify_log for a change of the entries and the tombstones (a delete, an import).

    An entry may leave the log only with its tombstone (DS13), at most `may_remove` of them;
    a tombstone only when its entry comes back (an import's restored entry)."""
    path = paths.log_file()
    with locked(path):
        real, raw = _read_for_write(path)
        pending = journal.read(real, strict=True)
        in_file = _decode_strictly(real, raw)
        decoded = _with_journal(in_file, pending)  # folded in by this write
        old, old_tombs = decoded.entries, decoded.tombstones
        changed, changed_tombs = change(list(old), list(old_tombs))
        new, new_tombs = list(changed), list(changed_tombs)
        if _same(new, old) and _same(new_tombs, old_tombs):
            return new, new_tombs  # nothing changed, nothing to write
        pieces = _pieces(old, decoded.pieces, new, may_remove)
        _check_deletions(old, new, old_tombs, new_tombs)
        data = encode_log(pieces, _tombstone_pieces(old_tombs, new_tombs))
        before = _before_fold(decoded, in_file)
        ids = {entry.id for entry in old}  # (the backup's: `before`, or `raw` itself)
        folds = pending is not None
        _save(real, raw, decoded.version, lambda: ids, data, folds=folds, before=before)
    return new, new_tombs


def _same(new: Sequence[object], old: Sequence[object]) -> bool:
    return len(new) == len(old) and all(a is b for a, b in zip(new, old, strict=True))


def _check_deletions(
    old: Sequence[LogEntry],
    new: Sequence[LogEntry],
    old_tombs: Sequence[Tombstone],
    new_tombs: Sequence[Tombstone],
) -> None:
    """An entry leaves only with its tombstone; a tombstone only for an entry come back."""
    buried = {tomb.id for tomb in new_tombs}
    present = {entry.id for entry in new}
    if len(buried) != len(new_tombs) or buried & present:
        raise ValueError("an id deleted twice, or both deleted and present; nothing was saved")
    if {entry.id for entry in old} - present - buried:
        raise ValueError("an entry would leave the log without its tombstone; nothing was saved")
    if {tomb.id for tomb in old_tombs} - buried - present:
        raise ValueError("a tombstone would be dropped; nothing was saved")


def _tombstone_pieces(old: Sequence[Tombstone], new: Sequence[Tombstone]) -> list[bytes]:
    # Few and small: each is encoded again; the new ones are checked strictly first.
    known = {id(tomb) for tomb in old}
    return [encode_tombstone(t) if id(t) in known else tombstone_bytes(t) for t in new]


def append_entry(entry: LogEntry, *, new_id: bool = False) -> LogEntry:
    """Add one entry (a session, a skip, a check-in...). Returns it once it is on disk.
    `new_id`: as `new_ids` of append_entries."""
    append_entries([entry], new_ids=new_id)
    return entry


def append_entries(
    entries: Sequence[LogEntry], *, once: bool = False, new_ids: bool = False
) -> Held:
    """Add `entries` after those of the log, each validated strictly first.

    Returns the entries the log held before (read under the lock, so exactly what the
    entries were added to), to ask about an id or a day (log/held.py). Fast on a file
    facetcoach checked and wrote: its entries are kept as bytes, not decoded (module
    docstring). With `once`, an entry whose id the log holds already, for the same kind and
    day, is a retry of the command that added it (an idempotency key, promise 9): it is not
    added again. Otherwise a known id is an InputError. `new_ids`: every id was just made by
    log.entries.new_id (a random uuid4), so none can be in the log, and an append to a large
    log may go to its journal (log/journal.py) without reading log.json; the Held returned
    then holds the entries dated from the first new entry's day on, enough for its questions.
    """
    added = list(entries)
    path = paths.log_file()
    with locked(path):
        if new_ids and added:
            held = _journal_append(_real_log(path), added)
            if held is not None:
                return held
        real, raw = _read_for_write(path)
        pending = journal.read(real, strict=True)
        trusted = None if raw is None else _trusted_heads(real, raw)
        if raw is not None and trusted is not None:
            head, in_file = trusted
            # The journal's entries are folded in as an append of theirs (log/journal.py).
            found = journal.new_in(pending, _known(in_file)) if pending else ([], [])
            carried, carried_pieces = found
            held = HeldWith(in_file, _heads(carried)) if carried else in_file
            added = _new_entries(held, added, once)
            if not added:
                return held
            pieces = [
                *(carried_pieces or [entry_bytes(entry) for entry in carried]),
                *(checked_bytes(entry) for entry in added),
            ]
            parts = appended_log(raw, head, pieces)
            index = _appended_index(
                real, raw, head, len(in_file), parts, pieces, [*carried, *added]
            )
            # The backup keeps the log as read: log.json and the journal's entries (DS8).
            before = b"".join(appended_log(raw, head, pieces[: len(carried)])) if carried else None
            folds = pending is not None
            _save(real, raw, SCHEMA_VERSION, held.ids, parts, index, folds=folds, before=before)
            return held
        in_file_decoded = _decode_strictly(real, raw)
        decoded = _with_journal(in_file_decoded, pending)
        before = _before_fold(decoded, in_file_decoded)
        old = decoded.entries
        ids = {entry.id for entry in old}  # (the backup's: `before`, or `raw` itself)
        known = Held(_heads(old), [tomb.id for tomb in decoded.tombstones])
        added = _new_entries(known, added, once)
        if not added:
            return known
        kept = [encode_tombstone(tomb) for tomb in decoded.tombstones]
        data = encode_log(_pieces(old, decoded.pieces, [*old, *added], 0), kept)
        folds = pending is not None
        _save(real, raw, decoded.version, lambda: ids, data, folds=folds, before=before)
        return known


def _before_fold(decoded: Decoded, in_file: Decoded) -> bytes | None:
    """The log as read, log.json's entries and then the journal's (`decoded`), for the backup
    of a write that folds the journal in (DS8); None when the journal added none to log.json
    as read (`in_file`)."""
    if decoded is in_file:
        return None
    pieces = _pieces(decoded.entries, decoded.pieces, decoded.entries, 0)
    return encode_log(pieces, [encode_tombstone(tomb) for tomb in decoded.tombstones])


def _heads(entries: Sequence[LogEntry]) -> list[EntryHead]:
    return [EntryHead(entry.id, entry.kind, entry.date) for entry in entries]


def _known(held: Held) -> Callable[[str], bool]:
    """Whether the log `held` has a trace of an id: an entry, or its tombstone (DS13)."""
    return lambda entry_id: held.get(entry_id) is not None or held.buried(entry_id)


def _journal_append(real: Path, added: list[LogEntry]) -> Held | None:
    """Entries with new ids added to the journal of a large log (log/journal.py), when
    log.json is the file this facetcoach last checked and wrote, untouched since (the offsets
    index names its size, times and inode, and the record its digest), and the journal, if
    any, extends it and has room; None when log.json must be read and rewritten instead.

    log.json is not read: a damage on the disk that changes none of its times is found by the
    next rewrite (every FOLD_AT appends at most), which checks it whole, as before."""
    try:
        size = os.stat(real).st_size
    except OSError:
        return None
    if size < journal.JOURNAL_FROM:
        return None
    window = offsets.window(real, min(entry.date for entry in added))
    if window is None or window.size != size:
        return None
    try:
        record = checked_record_path(real).read_bytes()
    except OSError:
        return None
    if record != _checked_record(window.digest, window.size):
        return None
    pending = journal.read(real, strict=True)
    stored: list[bytes] | None = [] if pending is None else pending.pieces
    if stored is None or (pending is not None and not pending.extends(window.digest, size)):
        return None  # (laid out otherwise, or not this log.json's: a rewrite folds it)
    if len(stored) + len(added) > journal.FOLD_AT:
        return None
    in_window = decode_pieces(window.pieces)
    if in_window is None:
        return None
    held = Held(_heads([*in_window, *(pending.entries if pending else [])]))
    added = _new_entries(held, added, once=False)  # (new ids: only a repeat in `added` is)
    pieces = [checked_bytes(entry) for entry in added]
    remove_orphan_temps(real)
    data = journal.encode(window.digest, size, [*stored, *pieces])
    write_atomic(journal.journal_path(real), data)
    note_saved(journal.journal_path(real), "facetcoach log list")
    return held


def _appended_index(
    real: Path,
    raw: bytes,
    head: Header,
    count: int,
    parts: Sequence[bytes | memoryview],
    pieces: Sequence[bytes],
    added: Sequence[LogEntry],
) -> tuple[int, bytes] | None:
    """The offsets index after an append (its entries' end, its records), from the index of
    the file as read (its header `head`) when it describes it: the entries kept stay at their
    offsets, so only the new ones get records. None: build it whole after the write."""
    end = entries_end(raw, head.body_start)
    new_head = HEADER.match(parts[0])
    if new_head is None or new_head.end() != head.body_start:
        return None  # another header length (an older digest): every offset moves
    old = offsets.matching(real, head.digest, count, end)
    if old is None:
        return None
    starts = []
    at = end + (1 if count else 0)  # after the comma that joins them to the entries before
    for piece in pieces:
        starts.append(at)
        at += len(piece) + 1
    dates = [entry.date.isoformat().encode("ascii") for entry in added]
    body = offsets.extended(old, raw, starts, dates, pieces)
    return None if body is None else (at - 1, body)


def _new_entries(held: Held, added: Sequence[LogEntry], once: bool) -> list[LogEntry]:
    batch: dict[str, EntryHead] = {}
    new = []
    for entry in added:
        if held.buried(entry.id):
            # Found by review: written again, the id was both in the log and deleted, and
            # every later read refused the log as damaged.
            raise InputError(
                f"The entry id {entry.id} is that of an entry deleted from this log (`log "
                "undo` or `log delete`); a new entry needs a new id. Nothing was saved."
            )
        there = batch.get(entry.id) or held.get(entry.id)
        if there is None:
            batch[entry.id] = EntryHead(entry.id, entry.kind, entry.date)
            new.append(entry)
        elif not once:
            raise InputError(f"The entry {entry.id} is already in the log.")
        elif (there.kind, there.date) != (entry.kind, entry.date):
            raise InputError(
                f"{entry.id} is already the id of another entry (a {there.kind} on "
                f"{there.date}); give a new id."
            )
    return new


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


def delete_entry(select: Select, *, now: dt.datetime | None = None) -> LogEntry:
    """Remove one entry (an explicit delete; log.json.bak keeps the version before it),
    leaving its tombstone, dated `now` (the clock's when None), so that merging in an older
    copy of the log never brings it back (DS13)."""
    from facetcoach.log.entries import stored_time

    if now is None:
        from facetcoach.clock import now as clock_now

        now = clock_now()
    deleted_at = stored_time(now)
    found: list[LogEntry] = []

    def apply(
        current: list[LogEntry], tombstones: list[Tombstone]
    ) -> tuple[list[LogEntry], list[Tombstone]]:
        gone = _select(current, select)
        found.append(gone)
        kept = [entry for entry in current if entry is not gone]
        return kept, [*tombstones, Tombstone(id=gone.id, deleted_at=deleted_at)]

    modify_whole_log(apply, may_remove=1)
    return found[0]


def replace_entries(gone: Sequence[str], entry: LogEntry) -> LogEntry:
    """Remove the entries with the ids in `gone` and add `entry`, in one write: a session that
    replaces the day's skip (`log --replace`, or yes in a terminal). Each entry removed
    leaves its tombstone, dated when `entry` was recorded (DS13)."""

    def apply(
        current: list[LogEntry], tombstones: list[Tombstone]
    ) -> tuple[list[LogEntry], list[Tombstone]]:
        kept = [e for e in current if e.id not in gone]
        if len(current) - len(kept) != len(gone):
            raise DataError("The entry to replace is no longer in the log; nothing was changed.")
        # Found by review: an id in use, or deleted, reached the store's own guard (an
        # internal problem); it gets the refusal of every other path (exit 2).
        known = Held([EntryHead(e.id, e.kind, e.date) for e in current], [t.id for t in tombstones])
        if not _new_entries(known, [entry], once=True):
            raise InputError(f"The entry {entry.id} is already in the log; nothing was saved.")
        buried = [Tombstone(id=e.id, deleted_at=entry.created_at) for e in current if e.id in gone]
        return [*kept, entry], [*tombstones, *buried]

    modify_whole_log(apply, may_remove=len(gone))
    return entry


def import_entries(
    entries: Sequence[LogEntry],
    tombstones: Sequence[Tombstone] = (),
    *,
    now: dt.datetime | None = None,
) -> MergeReport:
    """Merge another log (its entries and tombstones) by id, by the rules of log/merge.py:
    no duplicates, the later edit wins, a deleted entry does not come back, a time ahead of
    `now` (this computer's clock; None trusts every time) does not beat an edit made here."""
    from facetcoach.log.merge import merge_logs

    reports: list[MergeReport] = []

    def apply(
        current: list[LogEntry], ours: list[Tombstone]
    ) -> tuple[list[LogEntry], list[Tombstone]]:
        merged, buried, report = merge_logs(current, ours, entries, tombstones, now)
        reports.append(report)
        # An entry replaced by a newer copy is a new object: it is validated before saving.
        return merged, buried

    modify_whole_log(apply, may_remove=len(tombstones))
    return reports[0]


def _missing_with_backup(path: Path, backup: Path) -> DataError:
    return DataError(
        f"The log {path} is missing, but its backup {backup} is there, so facetcoach will not "
        f"start an empty log over your history. Restore it with cp '{backup}' '{path}' (or, "
        "to really start over, move the backup away too)."
    )


def _missing_with_journal(path: Path, kept: Path) -> DataError:
    # Found by review: the next `log` made a new log.json of the journal's few entries and
    # removed the journal; with the real log.json put back, those entries were in no file.
    return DataError(
        f"The log {path} is missing, but its journal {kept} is there (the latest entries of a "
        "log of 1 MB or more), so facetcoach will not start a log from those alone. Put "
        f"log.json back beside it (from a copy you made), or, to really start over, move the "
        "journal away too."
    )


# --- Saving ---------------------------------------------------------------------------------


def _read_for_write(path: Path) -> tuple[Path, bytes | None]:
    """The log's real path and bytes, under the lock; temp files of killed writers removed
    (also the record's and the backup's: `.log.json.*.tmp` covers `.log.json.checked.…tmp`)."""
    real, raw = _read_current(path)
    for stale in {path, real, paths.log_backup_file()}:
        remove_orphan_temps(stale)
    return real, raw


def _decode_strictly(real: Path, raw: bytes | None) -> Decoded:
    if raw is None:
        return Decoded(SCHEMA_VERSION, [], [])
    source = LogSource(real)
    head = checked_header(raw, source)
    recorded = _laid_out_as_written(real, raw, head)
    return decode_checked(raw, source, recorded=recorded, head=head)


def _save(
    real: Path,
    raw: bytes | None,
    version: int,
    ids: Callable[[], set[str]],
    data: bytes | Sequence[bytes | memoryview],
    index: tuple[int, bytes] | None = None,
    *,
    folds: bool = False,
    before: bytes | None = None,
) -> None:
    """Replace the log (`raw`, holding the entries `ids()`, read as `version`) by `data`
    (bytes, or the file in parts, its header first), which has been checked: a dated backup
    before a migration, the old file kept as log.json.bak (unless the backup holds what it
    lacks: promise 8), the record that this facetcoach checked what it wrote, and its
    offsets index (`index`: its entries' end and records, when the caller has them; else it
    is built from `data`). `folds`: `data` holds the journal's entries, so the journal goes
    once log.json is written (log/journal.py). `before`: the log as read, when its journal
    held entries `raw` lacks (log.json and those, `ids()` their ids), which the backup then
    keeps in place of `raw` (DS8; found by review: the entries a fold took in, and an entry
    deleted from the journal by `log undo`, were in no backup)."""
    parts = [data] if isinstance(data, bytes) else data
    backup = paths.log_backup_file()
    staged = None
    if raw is not None:
        if version < SCHEMA_VERSION:
            write_atomic(_dated_backup_path(version), raw)
        staged = _stage_backup(real, before or raw, ids, backup, link=before is None)
    try:
        write_atomic(real, parts)
    except BaseException:
        _discard(staged)
        raise
    note_saved(real, "facetcoach log list")
    if folds:
        journal.remove(real)
    if staged is not None:
        _commit_backup(staged, backup)
    _remember_checked(real, parts)
    _remember_offsets(real, parts, index)


def _remember_offsets(
    real: Path, parts: Sequence[bytes | memoryview], index: tuple[int, bytes] | None
) -> None:
    """The offsets index of the file `parts`, just written to `real` (log/offsets.py): a
    cache."""
    match = HEADER.match(parts[0])
    if match is not None and index is None:
        data = b"".join(parts)  # (one part: bytes, not copied)
        found = entry_starts(data, match.end())
        if found is not None:
            starts, dates = found
            end = entries_end(data, match.end())
            index = end, offsets.records(data, starts, dates, end)
    if match is None or index is None:
        offsets.drop(real)  # not laid out as facetcoach writes it: reads read it whole
        return
    offsets.write_index(real, match[2], *index)


# --- The record of the file last checked and written (module docstring) -----------------------


CHECKED_NAME = ".log.json.checked"  # (beside a log.json that is not a link)


def checked_record_path(real: Path) -> Path:
    """The record beside the log's real file (`.log.json.checked`), under the same lock."""
    return real.with_name(f".{real.name}.checked")


def _checked_record(digest: bytes, size: int) -> bytes:
    # The version: a newer facetcoach (perhaps with stricter checks) checks once for itself.
    # "layout-checked": written since every entry's head is checked as it is kept
    # (file_format._split); a record from before may name a log the scan misreads.
    return b"%s %d facetcoach-%s layout-checked\n" % (digest, size, __version__.encode("ascii"))


def _laid_out_as_written(real: Path, raw: bytes, head: Header | None) -> bool:
    """Whether `raw` is the file this facetcoach last checked and wrote (its record matches),
    so that its layout may be read without parsing it: where each entry starts, its date.
    Any file with an intact digest is decoded without pydantic; only this one is also read
    by its layout. Found by review: a hand edit under a recomputed digest (a space in an
    entry's head, a "date" key given twice) made the window reads leave out an entry."""
    if head is None or not head.intact:
        return False
    try:
        record = checked_record_path(real).read_bytes()
    except OSError:
        return False
    return record == _checked_record(head.digest, len(raw))


def _trusted_heads(real: Path, raw: bytes) -> tuple[Header, HeldBytes] | None:
    """Where the entries start, and what they are, for the file this facetcoach last checked
    and wrote (digest intact and recorded); None on any doubt: then check it strictly."""
    head = checked_header(raw, LogSource(real))  # a bad digest or newer file: refused here
    if head is None or head.version != SCHEMA_VERSION:
        return None
    if not _laid_out_as_written(real, raw, head):
        return None
    span = entries_span(raw, head.body_start)
    ids = None if span is None else stored_ids(raw, *span)
    if span is None or ids is None:
        return None  # (the strict checks name the duplicate id)
    return head, HeldBytes(raw, *span, ids)


def _remember_checked(real: Path, data: Sequence[bytes | memoryview]) -> None:
    """Record that `data` (the parts of the file), just written to `real`, was checked. A
    cache: written without fsync, and a failure is ignored (the next write then checks
    strictly). Replaced by a rename so that it is always a whole record, old or new."""
    match = HEADER.match(data[0])
    if match is not None:
        size = sum(len(part) for part in data)
        write_cache(checked_record_path(real), _checked_record(match[2], size))


def _select(entries: list[LogEntry], select: Select) -> LogEntry:
    from facetcoach.log.entries import find_entry  # (not needed by reads: `today` skips it)

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
            pieces.append(checked_bytes(entry))
        elif old_pieces is not None:
            pieces.append(old_pieces[number])
        else:
            pieces.append(entry_bytes(entry))  # read from a hand-edited file: checked already
    return pieces


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


# A backup that holds an entry the log no longer has (an explicit delete) stays that long, from
# when it became the backup (its ctime), before a version without that entry replaces it.
KEEP_DELETED_DAYS = 30


def wall_clock() -> float:
    """The file system's clock (as file times are), not the user's pinned day; tests inject it."""
    import time

    return time.time()


def _backup_stays(backup: Path, raw: bytes, ids: Callable[[], set[str]]) -> bool:
    """True when the backup must stay rather than be replaced by `raw` (holding `ids()`:
    asked only when the backup is not the start of `raw`).

    By content (promise 8): it stays while it holds an entry `raw` lacks, for
    KEEP_DELETED_DAYS; and when it is from a newer facetcoach, or cannot be read. A damaged
    backup is replaced.
    """
    try:
        held = backup.read_bytes()
        became_backup = os.stat(backup).st_ctime
    except FileNotFoundError:
        return False
    except OSError:
        return True  # cannot judge it: keep it
    if _entries_extend(raw, held):
        return False  # the common case: entries only added since (one comparison, no parse)
    head = header(held)
    if head is not None and head.version > SCHEMA_VERSION:
        return True
    kept = _stored_ids(held) if head is not None and head.intact else None
    if kept is None:
        try:
            kept = {entry.id for entry in decode_thoroughly(held, LogSource(backup)).entries}
        except NewerLog:
            return True
        except DataError:
            return False
    if kept <= ids():
        return False
    return wall_clock() - became_backup < KEEP_DELETED_DAYS * 86400


def _stored_ids(held: bytes) -> set[str] | None:
    """The ids of the entries of `held`, a file whose digest matched, parsed (no validators);
    None when they are not where a log keeps them. Not read from its layout (entry_heads):
    found by review, an entry whose head a tool laid out otherwise was not seen there, and a
    backup holding a just-deleted entry was replaced at the next write (DS8)."""
    try:
        ids = [entry["id"] for entry in json.loads(held)["entries"]]
    except (ValueError, TypeError, KeyError, RecursionError):
        return None
    return set(ids) if all(isinstance(id_, str) for id_ in ids) else None


def _entries_extend(raw: bytes, held: bytes) -> bool:
    """True when the entries stored in `held` start the entries of `raw`, byte for byte."""
    ours, theirs = HEADER.match(raw), HEADER.match(held)
    if ours is None or theirs is None or not held.endswith(TAIL):
        return False
    kept = memoryview(held)[theirs.end() : entries_end(held, theirs.end())]  # "[" and entries
    start = ours.end()
    if not raw.startswith(kept, start):  # (a slice == memoryview compares byte by byte: 0.3 s)
        return False
    rest = raw[start + len(kept) : start + len(kept) + 1]
    return len(kept) == 1 or rest in (b",", b"]")  # a whole entry ends there


def _stage_backup(
    real: Path, raw: bytes, ids: Callable[[], set[str]], backup: Path, *, link: bool = True
) -> Path | None:
    """The current file (`raw`), staged beside the backup; renamed over it once the write
    succeeds.

    A hard link of `real` when `link` and the file system allows (no copy), else a copy
    written and fsynced (always for a log with its journal: `raw` is not `real`'s bytes).
    """
    if _backup_stays(backup, raw, ids):
        return None
    staged = temp_path(backup)
    if link:
        try:
            os.link(real, staged)
            if os.stat(staged).st_mode & 0o177:
                os.chmod(staged, 0o600)  # a log an older facetcoach kept 0644: its backup is 0600
            return staged
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(staged)
    fd = -1
    try:
        fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        view = memoryview(raw)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        closing, fd = fd, -1  # a failed close still releases the descriptor
        os.close(closing)  # (a full disk may be reported only here)
    except OSError as error:
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(staged)
        from facetcoach.files import _write_failure

        raise DataError(_write_failure(backup, error)) from None
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


def _read_current(path: Path) -> tuple[Path, bytes | None]:
    real = _real_log(path)
    return real, _read_real(path, real)


def _real_log(path: Path) -> Path:
    # A symlinked log is followed: its target is read and replaced, the link stays (DS7).
    real = real_path(path, "the log")
    check_private(path.parent, real.parent)
    return real


def _read_real(path: Path, real: Path) -> bytes | None:
    """The bytes of the log `path` (at `real`); None when there is none, and no backup."""
    raw = read_bytes(real)
    if raw is None:
        backup = paths.log_backup_file()
        if backup.is_file():
            raise _missing_with_backup(path, backup)
        if journal.journal_path(real).is_file():
            raise _missing_with_journal(path, journal.journal_path(real))
    return raw
