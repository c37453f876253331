"""What an append tells of the entries the log held before it: whether an id was there
already (a retried command), and which entries a day had ("That day now has 3 entries").

Asked, not listed (issue 15): on a file facetcoach checked and wrote, the answers come from
its stored bytes (the set of its ids, found by one regular expression that also refuses a
head laid out otherwise; bytes.find for an entry and for a day), so that an append to
100,000 entries does not build 100,000 objects to answer two questions about one id and one
day. It also tells whether an id is that of a deleted entry (its tombstone, DS13).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence

from facetcoach.log.file_format import ENTRY_HEAD

# Every `{"id":"` of the entries, and the id when it opens an entry's head laid out as
# facetcoach writes it (b"" when it does not: then the fast path gives way, see stored_ids).
# (Compiled at its first use, by an append, through `re`'s cache: `today` imports this module.)
ENTRY_ID = (
    rb'\{"id":"(?:(?<=[\[,]\{"id":")([0-9a-f-]{36})","kind":"[a-z]+","date":"\d{4}-\d\d-\d\d")?'
)


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

    def __init__(self, heads: Sequence[EntryHead], buried: Collection[str] = ()) -> None:
        self._heads = {head.id: head for head in heads}
        self._buried = set(buried)

    def __len__(self) -> int:
        return len(self._heads)

    def get(self, entry_id: str) -> EntryHead | None:
        """The entry with this id, if the log held one."""
        return self._heads.get(entry_id)

    def buried(self, entry_id: str) -> bool:
        """Whether an entry with this id was deleted from the log (it has a tombstone, DS13)."""
        return entry_id in self._buried

    def on(self, day: dt.date) -> list[EntryHead]:
        """The entries dated `day`, in file order."""
        return [head for head in self._heads.values() if head.date == day]

    def ids(self) -> set[str]:
        return set(self._heads)


class HeldWith(Held):
    """The entries of `held` and, after them, `also` (a journal's, log/journal.py): one log."""

    def __init__(self, held: Held, also: Sequence[EntryHead]) -> None:
        self._held = held
        self._also = {head.id: head for head in also}

    def __len__(self) -> int:
        return len(self._held) + len(self._also)

    def get(self, entry_id: str) -> EntryHead | None:
        return self._also.get(entry_id) or self._held.get(entry_id)

    def buried(self, entry_id: str) -> bool:
        return self._held.buried(entry_id)

    def on(self, day: dt.date) -> list[EntryHead]:
        return [*self._held.on(day), *(head for head in self._also.values() if head.date == day)]

    def ids(self) -> set[str]:
        return self._held.ids() | set(self._also)


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

    def buried(self, entry_id: str) -> bool:
        try:
            key = b'{"id":"%s","deleted_at":"' % entry_id.encode("ascii")
        except UnicodeEncodeError:
            return False
        return self._raw.find(key, self._end) >= 0  # (the tombstones follow the entries)

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
    """The ids of the entries stored between `first` and `end` (one regular expression over
    the bytes), when each opens a head that HeldBytes can read and none is used twice; None
    otherwise (then the strict checks decide, and name a duplicate). Found by review: an id
    whose head a tool laid out otherwise (a space after a comma, under a recomputed digest,
    kept byte for byte by a strict write) was in the set but its head unreadable, so a retry
    with its id was taken for a new entry and written twice."""
    found = re.compile(ENTRY_ID).findall(raw, first, end)
    ids = set(found)
    return ids if len(ids) == len(found) and b"" not in ids else None
