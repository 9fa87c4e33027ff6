"""The blacklist on disk: entries keyed by address, and every change audited.

``blacklist.json`` has two TinyDB tables: ``entries`` (document id = the
address key, so a lookup is a dict access, not a scan) and ``history`` (who,
when, why and the previous state of every change).  An entry is made of holds,
one per source (see :mod:`caddie_mail_plugin.blacklist.entry`).  Several
changes share one transaction through :meth:`BlacklistStore.session`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from ..addresses import parse_address, refuse_line_breaks
from ..blacklist.entry import (
    BlacklistChange,
    BlacklistEntry,
    BlacklistHold,
    BlacklistScope,
    BlacklistSource,
    ChangeAction,
)
from ..blacklist.session import BlacklistSession
from ..exceptions import ConfigurationError, InvalidMessageError
from .json_db import JsonDatabase

__all__ = [
    "BlacklistChange", "BlacklistEntry", "BlacklistHold", "BlacklistScope", "BlacklistSource",
    "BlacklistStore", "ChangeAction", "require_reason",
]


def require_reason(reason: str, action: str) -> str:
    """The reason stripped; refused when empty or when it holds a line break."""
    reason = reason.strip()
    refuse_line_breaks(reason, "The reason")
    if not reason:
        raise InvalidMessageError(f"To {action} a blacklist entry, give a reason (--reason).")
    return reason


class BlacklistStore:
    def __init__(self, data_dir: Path) -> None:
        self.db = JsonDatabase(data_dir / "blacklist.json")

    @contextmanager
    def session(self, now: datetime | None = None) -> Iterator[BlacklistSession]:
        """One locked transaction for any number of changes; an exception writes nothing."""
        with self.db.transaction() as db:
            session = BlacklistSession(db, now)
            yield session
            session.commit()

    def snapshot(self, now: datetime | None = None) -> BlacklistSession:
        """A session on the file as it is now, never written (for dry runs and reads)."""
        return BlacklistSession(self.db.snapshot(), now)

    def add(
        self,
        address: str,
        *,
        reason: str,
        source: BlacklistSource = BlacklistSource.ADMIN,
        scope: BlacklistScope = BlacklistScope.ALL,
        who: str = "admin",
    ) -> BlacklistEntry:
        """Put a hold of ``source`` on ``address``; refused if it has one already."""
        parsed = parse_address(address)
        reason = require_reason(reason, "add")
        with self.session() as session:
            existing = session.entry(parsed.key)
            held = existing.hold(source) if existing is not None else None
            if existing is not None and held is not None:
                raise ConfigurationError(
                    f"{parsed.display} is on the blacklist already (reason: {held.reason}); "
                    "use 'caddie-mail blacklist edit' to change it.",
                    recipient=parsed.display,
                )
            hold = BlacklistHold(source, scope, reason, session.when)
            return session.put_hold(parsed.display, parsed.key, hold, who=who, why=reason)

    def edit(
        self,
        address: str,
        *,
        reason: str,
        scope: BlacklistScope | None = None,
        source: BlacklistSource | None = None,
        who: str = "admin",
    ) -> BlacklistEntry:
        """Change the reason (and scope) of one hold: ``source``'s, else the primary one."""
        key = parse_address(address).key
        reason = require_reason(reason, "edit")
        with self.session() as session:
            entry = self._require(session, address, key)
            hold = entry.hold(source or entry.source)
            if hold is None:
                raise ConfigurationError(
                    f"{entry.address} has no {source.value if source else ''} hold on the blacklist; "
                    f"its holds are from: {', '.join(h.source.value for h in entry.holds)}.",
                    recipient=entry.address,
                )
            edited = replace(hold, reason=reason, scope=scope or hold.scope)
            holds = [edited if h is hold else h for h in entry.holds]
            current = BlacklistEntry.from_holds(entry.address, key, holds, entry.created_at, session.when)
            session.replace(key, current, who=who, why=reason)
            return current

    def remove(self, address: str, *, reason: str, who: str = "admin") -> BlacklistEntry:
        """Delete the entry with all its holds; a reason is required."""
        key = parse_address(address).key
        reason = require_reason(reason, "remove")
        with self.session() as session:
            entry = self._require(session, address, key)
            session.remove(key, who=who, why=reason)
            return entry

    @staticmethod
    def _require(session: BlacklistSession, address: str, key: str) -> BlacklistEntry:
        found = session.entry(key)
        if found is None:
            raise ConfigurationError(
                f"{address} is not on the blacklist; check the spelling with "
                "'caddie-mail blacklist list'.",
                recipient=address,
            )
        return found

    def get(self, address: str) -> BlacklistEntry | None:
        return self.snapshot().entry(parse_address(address).key)

    def entries(self) -> list[BlacklistEntry]:
        table = self.db.snapshot().storage.read() or {}
        return [BlacklistEntry.from_record(r, k) for k, r in table.get("entries", {}).items()]

    def history(self, address: str) -> list[BlacklistChange]:
        """Every change of ``address``'s entry, oldest first, each with its state before and after."""
        key = parse_address(address).key
        tables = self.db.snapshot().storage.read() or {}
        rows = [(int(i), r) for i, r in tables.get("history", {}).items() if i.isdigit() and r.get("key") == key]
        rows.sort(key=lambda row: row[0])
        changes = [r for _, r in rows]
        states = [r.get("previous") for r in changes if r.get("action") != ChangeAction.RESET_COUNT.value]
        states.append(tables.get("entries", {}).get(key))  # the state after the last change: now
        after = iter(states[1:])
        return [
            BlacklistChange.from_record(r, None if r.get("action") == ChangeAction.RESET_COUNT.value else next(after))
            for r in changes
        ]
