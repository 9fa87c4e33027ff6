"""The blacklist as the wizard's list page needs it: in memory and searchable.

The entries are loaded once through :meth:`BlacklistStore.entries` and kept
until the file changes (one ``stat`` per request compares its signature), so
a page never re-reads 100,000 entries.

A query matches an entry when it is the beginning of the address, of one of
its parts (after ``.``, ``-``, ``_``, ``+`` or ``@``) or of its domain:
``muster`` finds ``max.mustermann@…``, ``example.org`` every address at
``example.org``.  Every such word start is kept in one sorted index, so a
search is a binary search plus the matches it pages through, never a scan.
"""

from __future__ import annotations

import itertools
import re
import threading
from array import array
from bisect import bisect_left
from dataclasses import dataclass

from ..storage.file_watch import FileSignature, file_signature
from ..storage.blacklist_store import BlacklistEntry, BlacklistStore

SEPARATOR = re.compile(r"[.\-_+@](?=.)")  # a separator with something after it
PAGE_SIZE = 50
_AFTER_EVERYTHING = "\U0010ffff"


@dataclass(frozen=True)
class BlacklistPage:
    entries: tuple[BlacklistEntry, ...]
    total: int
    page: int
    pages: int
    query: str


def word_starts(text: str) -> list[int]:
    """Where the address's parts begin: at 0 and after each separator."""
    return [0, *(match.end() for match in SEPARATOR.finditer(text))]


class _Index:
    """Entries sorted by address, and every word start of every address, sorted."""

    def __init__(self, entries: list[BlacklistEntry]) -> None:
        self.entries = tuple(sorted(entries, key=lambda e: e.key))
        self.by_key = {entry.key: entry for entry in self.entries}
        pairs: list[tuple[str, int]] = []
        for number, entry in enumerate(self.entries):
            for text in {entry.key, entry.address.lower()}:  # ASCII and Unicode form of an IDN domain
                pairs.extend((text[offset:], number) for offset in word_starts(text))
        pairs.sort()
        self.starts = [start for start, _ in pairs]
        self.owners = array("i", [number for _, number in pairs])

    def matches(self, query: str) -> dict[int, None]:
        """Entry numbers whose word starts begin with ``query``, each once."""
        lo = bisect_left(self.starts, query)
        hi = bisect_left(self.starts, query + _AFTER_EVERYTHING, lo)
        return dict.fromkeys(self.owners[lo:hi])


class BlacklistView:
    def __init__(self, store: BlacklistStore, page_size: int = PAGE_SIZE) -> None:
        self.store = store
        self.page_size = page_size
        self._index = _Index([])
        self._signature: FileSignature | None = None
        self._lock = threading.Lock()

    def _current(self) -> _Index:
        signature = file_signature(self.store.db.path)
        if signature == self._signature:
            return self._index
        with self._lock:
            signature = file_signature(self.store.db.path)
            if signature != self._signature:
                self._index = _Index(self.store.entries() if signature is not None else [])
                self._signature = signature
            return self._index

    def __len__(self) -> int:
        return len(self._current().entries)

    def entry(self, key: str) -> BlacklistEntry | None:
        return self._current().by_key.get(key)

    def search(self, query: str = "", page: int = 1) -> BlacklistPage:
        index = self._current()
        query = " ".join(query.split()).lower()
        if query:
            found = index.matches(query)
            total = len(found)
        else:
            total = len(index.entries)
        pages = max(1, -(-total // self.page_size))
        page = min(max(1, page), pages)
        start = (page - 1) * self.page_size
        if query:
            numbers = itertools.islice(found, start, start + self.page_size)
            shown = tuple(index.entries[n] for n in numbers)
        else:
            shown = index.entries[start:start + self.page_size]
        return BlacklistPage(shown, total, page, pages, query)
