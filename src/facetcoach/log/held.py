"""What an append tells of the entries the log held before it: whether an id was there
already (a retried command), and which entries a day had ("That day now has 3 entries").

Asked, not listed (issue 15): on a file facetcoach checked and wrote, the answers are found
in its stored bytes with bytes.find, so that an append to 100,000 entries does not build
100,000 objects to answer two questions about one id and one day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from facetcoach.log.file_format import ENTRY_HEAD

ENTRY_ID = re.compile(rb'\{"id":"([0-9a-f-]{36})"')


class EntryHead:
    """An entry the log held: its id, kind and date."""

    __slots__ = ("date", "id", "kind")

    def __init__(self, id: str, kind: str, date: dt.date) -> None:
        self.id = id
        self.kind = kind
        self.date = date

    def __repr__(self) -> str:
        return f"EntryHead({self.id!r}, {self.kind!r}, {self.date!r})"


class Held:
    """The entries a log held, from their heads (a log read and decoded whole)."""

    def __init__(self, heads: Sequence[EntryHead]) -> None:
        self._heads = {head.id: head for head in heads}

    def __len__(self) -> int:
        return len(self._heads)

    def get(self, entry_id: str) -> EntryHead | None:
        """The entry with this id, if the log held one."""
        return self._heads.get(entry_id)

    def on(self, day: dt.date) -> list[EntryHead]:
        """The entries dated `day`, in file order."""
        return [head for head in self._heads.values() if head.date == day]

    def ids(self) -> set[str]:
        return set(self._heads)


class HeldBytes(Held):
    """The entries stored in `raw` between `first` and `end` (a file facetcoach checked and
    wrote: each entry starts with its id, kind and date, and `ids` are their ids, unique)."""

    def __init__(self, raw: bytes, first: int, end: int, ids: set[bytes]) -> None:
        self._raw, self._first, self._end, self._ids = raw, first, end, ids

    def __len__(self) -> int:
        return len(self._ids)

    def get(self, entry_id: str) -> EntryHead | None:
        try:
            key = entry_id.encode("ascii")
        except UnicodeEncodeError:
            return None  # (not an id the file can hold: the strict check of the entry says so)
        if key not in self._ids:
            return None  # (the common answer, without reading the megabytes)
        at = self._raw.find(b'{"id":"%s"' % key, self._first, self._end)
        head = ENTRY_HEAD.match(self._raw, at) if at >= 0 else None
        if head is None or head[1] is None:
            return None
        return EntryHead(entry_id, head[2].decode(), dt.date.fromisoformat(head[3].decode()))

    def on(self, day: dt.date) -> list[EntryHead]:
        raw, first, end = self._raw, self._first, self._end
        mark = b'","date":"%s"' % day.isoformat().encode("ascii")
        found = []
        at = raw.find(mark, first, end)
        while at >= 0:
            # The date of an entry's head, or the same text elsewhere? The head it ends, if any.
            start = raw.rfind(b'{"id":"', first, at)
            head = ENTRY_HEAD.match(raw, start) if start >= 0 else None
            if head is not None and head[1] is not None and head.end() == at + len(mark):
                found.append(EntryHead(head[1].decode(), head[2].decode(), day))
            at = raw.find(mark, at + len(mark), end)
        return found

    def ids(self) -> set[str]:
        return {entry_id.decode() for entry_id in self._ids}


def stored_ids(raw: bytes, first: int, end: int) -> set[bytes] | None:
    """The ids of the entries stored between `first` and `end`, when they are unique (one
    regular expression over the bytes); None when two entries share one."""
    found = ENTRY_ID.findall(raw, first, end)
    ids = set(found)
    return ids if len(ids) == len(found) else None
