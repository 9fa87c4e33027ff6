"""Audited changes to the blacklist inside one open transaction.

The session works on the tables' dictionaries directly: a lookup is a dict
access by address key, and a change costs the same at 100 entries as at
100,000 (TinyDB's own ``Table.insert`` copies the whole table on every call).
Every change appends one history record with who, when, why and the previous
and new state.  The caller's transaction writes the file once at the end.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from tinydb import TinyDB

from .entry import BlacklistChange, BlacklistEntry, BlacklistHold, BlacklistSource, ChangeAction

_LINE_BREAKS = re.compile(r"[\r\n]+")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def timestamp(when: datetime) -> str:
    return when.astimezone(timezone.utc).isoformat(timespec="seconds")


def one_line(text: str) -> str:
    """Machine-made reasons (bounce diagnostics) on one line."""
    return _LINE_BREAKS.sub(" ", text).strip()


class BlacklistSession:
    """Read and change entries of one loaded blacklist file; see module docstring."""

    def __init__(self, db: TinyDB, now: datetime | None = None) -> None:
        self._storage = db.storage
        tables = self._storage.read() or {}
        self._tables: dict[str, dict[str, Any]] = tables
        self._entries = tables.setdefault("entries", {})
        self._history = tables.setdefault("history", {})
        self._next_id = max((int(k) for k in self._history if k.isdigit()), default=0) + 1
        self.when = timestamp(now or utc_now())
        self.changed = False

    def entry(self, key: str) -> BlacklistEntry | None:
        record = self._entries.get(key)
        return BlacklistEntry.from_record(record, key) if record is not None else None

    def put_hold(self, address: str, key: str, hold: BlacklistHold, *, who: str, why: str) -> BlacklistEntry:
        """Add ``hold`` (replacing one of the same source); create the entry if needed."""
        hold = _clean_hold(hold)
        previous = self.entry(key)
        if previous is None:
            current = BlacklistEntry.from_holds(address, key, (hold,), self.when, self.when)
        else:
            holds = [hold if h.source is hold.source else h for h in previous.holds]
            if previous.hold(hold.source) is None:
                holds.append(hold)
            current = BlacklistEntry.from_holds(previous.address, key, holds, previous.created_at, self.when)
        self._store(key, previous, current, who=who, why=why)
        return current

    def drop_hold(self, key: str, source: BlacklistSource, *, who: str, why: str) -> BlacklistEntry | None:
        """Lift the hold of ``source``; the entry goes when it was the last. Returns what remains."""
        previous = self.entry(key)
        if previous is None or previous.hold(source) is None:
            return previous
        holds = [h for h in previous.holds if h.source is not source]
        if not holds:
            self.remove(key, who=who, why=why)
            return None
        current = BlacklistEntry.from_holds(previous.address, key, holds, previous.created_at, self.when)
        self._store(key, previous, current, who=who, why=why)
        return current

    def replace(self, key: str, current: BlacklistEntry, *, who: str, why: str) -> None:
        """Store ``current`` (an edited version of the entry) for ``key``."""
        self._store(key, self.entry(key), current, who=who, why=why)

    def remove(self, key: str, *, who: str, why: str) -> BlacklistEntry | None:
        previous = self.entry(key)
        if previous is None:
            return None
        del self._entries[key]
        self.note(key, ChangeAction.REMOVE, who=who, why=why, previous=previous.to_record())
        return previous

    def note(
        self, key: str, action: ChangeAction, *, who: str, why: str, previous: dict[str, Any] | None = None
    ) -> None:
        """Append one history record (the state after is not stored: it is the next one's state before)."""
        change = BlacklistChange(key, action, who, self.when, one_line(why), previous)
        self._history[str(self._next_id)] = change.to_record()
        self._next_id += 1
        self.changed = True

    def commit(self) -> None:
        """Hand the changed tables back to the transaction (which writes them once)."""
        if self.changed:
            self._storage.write(self._tables)

    def _store(self, key: str, previous: BlacklistEntry | None, current: BlacklistEntry, *, who: str, why: str) -> None:
        record = current.to_record()
        old = previous.to_record() if previous is not None else None
        if old is not None and {**old, "updated_at": ""} == {**record, "updated_at": ""}:
            return  # nothing changed: no write, no history record
        self._entries[key] = record
        action = ChangeAction.ADD if previous is None else ChangeAction.EDIT
        self.note(key, action, who=who, why=why, previous=old)


def _clean_hold(hold: BlacklistHold) -> BlacklistHold:
    reason = one_line(hold.reason)
    if reason == hold.reason:
        return hold
    return BlacklistHold(hold.source, hold.scope, reason, hold.since, hold.status, hold.suggested_fix)
