"""The journal beside a large log.json (`log.json.journal`): an append writes only the new
entries, not the whole log (issue 15; docs/data-safety.md, "The journal").

Rewriting an 80 MB log.json for each session logged costs most of a second (reading,
checksumming, writing and syncing it all), however fast the rest is. So once log.json is
JOURNAL_FROM bytes or more, an append of entries whose ids were just made (random uuid4s:
none can be in the log already) goes to this small file instead, and log.json is left as it
is. The journal is a data file like log.json, not a cache:

- It is written as log.json is (DS1, DS2): under the log's lock, a temp file in the same
  folder, fsync, rename, fsync of the folder, mode 0600. A crash leaves the old journal or
  the new one, never a third.
- It is a log in log.json's own format (its digest, its strict checks: a damaged journal is
  refused, DS4), after one line that names the log.json it extends: that file's digest and
  size. Its entries come after log.json's, in file order.
- It holds at most FOLD_AT entries. Any other write of the log (an edit, a delete, an import,
  an append that finds the journal full, or an append to a log.json that is not the one
  recorded) folds it in: log.json is written with the journal's entries, then the journal is
  removed.
- Reconciled by id, so that a crash between those two steps, a log.json restored from a copy
  or carried by a sync tool without its journal never doubles, drops or brings back an entry:
  a journal entry counts only while log.json holds no entry with its id and no tombstone for it
  (DS13). When log.json is the very file the journal names, none of them can be there, and
  nothing needs checking; otherwise the whole log is read strictly first.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from facetcoach import paths
from facetcoach.errors import FacetcoachError
from facetcoach.files import fsync_folder, read_bytes, read_import
from facetcoach.log.file_format import (
    TOMBSTONES,
    DamagedLog,
    ImportSource,
    NewerLog,
    Source,
    checked_header,
    decode_for_display,
    decode_small,
    encode_log,
)
from facetcoach.models import SCHEMA_VERSION, LogEntry

# log.json from this size on gets its appends journaled: below it, a rewrite costs a few ms.
JOURNAL_FROM = 1 << 20
# The journal holds at most this many entries: the next append folds them into log.json, so
# that one append in FOLD_AT pays for a rewrite of log.json, and a read of the journal stays
# small (under 64 KB of entries).
FOLD_AT = 64

FORMAT = 1  # of the first line; a journal of a later one is a newer facetcoach's
# Patterns, compiled by `re` at their first use (its cache), not at import: `today` imports
# this module and most logs have no journal.
_FIRST_LINE = (
    rb"facetcoach-journal (\d{1,9}) extends (crc32:[0-9a-f]{8}|sha256:[0-9a-f]{64}) (\d{1,15})\n"
)
_NEWER_LINE = rb"facetcoach-journal (\d{1,9}) "


def journal_path(real: Path) -> Path:
    """The journal beside the log's real file: `log.json.journal` (a linked log's beside its
    target, DS7). Not hidden: it holds entries, and a copy of the data folder must take it."""
    return paths.journal_beside(real)


class Journal:
    """A journal read: the log.json it extends (its digest and size), and its entries as
    decoded and as stored (`pieces`: None when not laid out as facetcoach writes them)."""

    __slots__ = ("digest", "entries", "pieces", "size")

    def __init__(
        self, digest: bytes, size: int, entries: list[LogEntry], pieces: list[bytes] | None
    ) -> None:
        self.digest, self.size = digest, size
        self.entries, self.pieces = entries, pieces

    def extends(self, digest: bytes, size: int) -> bool:
        """Whether it was written beside this log.json (its digest and size): then none of
        its entries can be in the log yet."""
        return self.digest == digest and self.size == size


class JournalSource(Source):
    """The journal of this data folder's log."""

    def damaged(self, reason: str, details: Sequence[str] = ()) -> FacetcoachError:
        return DamagedLog(
            f"The journal of your log, {self.path}, is damaged ({reason}), so facetcoach did "
            "not use or change the log. It holds the entries logged since log.json was last "
            f"rewritten. Keep it aside (mv '{self.path}' '{self.path}.damaged') to go on "
            "without them, or repair it by hand.",
            details=list(details),
        )

    def newer(self, version: int) -> FacetcoachError:
        return NewerLog(
            f"The journal of your log, {self.path}, was written by a newer version of "
            f"facetcoach (schema {version}; this one knows {SCHEMA_VERSION}), so the log was "
            "not used or changed. Upgrade facetcoach to use it."
        )


def read(real: Path, *, strict: bool) -> Journal | None:
    """The journal beside `real`, or None when there is none. `strict`: every check a write
    makes (the validators, no key twice), for a write; else the checks of a read for display.
    A damaged or newer journal raises, as log.json would (DS4)."""
    path = journal_path(real)
    raw = read_bytes(path)
    return None if raw is None else decode(raw, JournalSource(path), strict=strict)


def read_beside_import(file: Path) -> Journal | None:
    """The journal beside a log.json given to `log import` (another machine's), if any,
    checked strictly: that machine's latest entries are there."""
    path = journal_path(file)
    if not path.is_file():
        return None
    raw = read_import(path, kind="a log's journal to import", give="the journal file")
    return decode(raw, ImportSource(path), strict=True)


def decode(raw: bytes, source: Source, *, strict: bool) -> Journal:
    """A journal's bytes, checked (`read`)."""
    first = re.match(_FIRST_LINE, raw)
    if first is None or int(first[1]) != FORMAT:
        newer = re.match(_NEWER_LINE, raw)
        if newer is not None and int(newer[1]) > FORMAT:
            raise source.newer(int(newer[1]))
        raise source.damaged("its first line does not name the log it extends")
    body = raw[first.end() :]
    head = checked_header(body, source)
    if head is None:
        raise source.damaged("it has no digest")
    if TOMBSTONES in body:  # (no text can hold it: file_format.TOMBSTONES)
        raise source.damaged("it holds tombstones, which only log.json holds")
    if strict:
        decoded = decode_small(body, source, head)
        entries, pieces = decoded.entries, decoded.pieces
    else:
        entries, pieces = decode_for_display(body, source, head=head), None
    return Journal(first[2], int(first[3]), entries, pieces)


def encode(digest: bytes, size: int, pieces: Sequence[bytes]) -> bytes:
    """A journal's bytes: the line naming the log.json it extends, then its entries as a log."""
    return b"facetcoach-journal %d extends %s %d\n%s" % (FORMAT, digest, size, encode_log(pieces))


def remove(real: Path) -> None:
    """No journal beside `real` any more (its entries are in log.json now). A failure leaves a
    journal that no longer extends log.json: its entries, all there, then count for nothing."""
    with contextlib.suppress(OSError):
        os.unlink(journal_path(real))
    with contextlib.suppress(OSError):
        fsync_folder(real.parent)


def new_in(
    journal: Journal, ids: Callable[[str], bool]
) -> tuple[list[LogEntry], list[bytes] | None]:
    """The journal's entries (and their stored bytes) for which `ids(id)` is False: those
    log.json does not hold, neither as an entry nor as a tombstone (module docstring)."""
    keep = [i for i, entry in enumerate(journal.entries) if not ids(entry.id)]
    entries = [journal.entries[i] for i in keep]
    pieces = None if journal.pieces is None else [journal.pieces[i] for i in keep]
    return entries, pieces
