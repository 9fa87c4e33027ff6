"""The blacklist on disk: entries keyed by address, and every change audited.

``blacklist.json`` has two TinyDB tables: ``entries`` (document id = the
address key, so a lookup inside a transaction is a dict access, not a scan)
and ``history`` (who, when, why and the previous state of every change).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, cast

from tinydb import TinyDB
from tinydb.table import Document, Table

from ..addresses import parse_address, refuse_line_breaks
from ..exceptions import ConfigurationError, InvalidMessageError
from .json_db import JsonDatabase


class BlacklistSource(str, enum.Enum):
    ADMIN = "admin"
    BOUNCE = "bounce"
    CONSENT = "consent"
    IMPORT = "import"


class BlacklistScope(str, enum.Enum):
    ALL = "all"  # no mail at all
    NEWSLETTER = "newsletter"  # newsletters only; invoices and confirmations pass


@dataclass(frozen=True)
class BlacklistEntry:
    address: str
    key: str
    reason: str
    source: BlacklistSource = BlacklistSource.ADMIN
    scope: BlacklistScope = BlacklistScope.ALL
    created_at: str = ""
    updated_at: str = ""

    def to_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["source"] = self.source.value
        record["scope"] = self.scope.value
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> BlacklistEntry:
        return cls(
            address=record["address"],
            key=record["key"],
            reason=record.get("reason", ""),
            source=BlacklistSource(record.get("source", "admin")),
            scope=BlacklistScope(record.get("scope", "all")),
            created_at=record.get("created_at", ""),
            updated_at=record.get("updated_at", ""),
        )


@dataclass(frozen=True)
class BlacklistChange:
    key: str
    action: str  # add, edit, remove
    who: str
    when: str
    why: str
    previous: dict[str, Any] | None
    current: dict[str, Any] | None


class _EntriesTable(Table):
    """Entries keyed by the address key instead of a running number.

    TinyDB types document ids as ``int``; with ``document_id_class = str`` it
    stores any string, so the typed accessors below cast at one place."""

    document_id_class = str  # type: ignore[assignment]

    def entry(self, key: str) -> dict[str, Any] | None:
        found = self.get(doc_id=cast(int, key))
        return dict(found) if found is not None else None

    def put(self, key: str, record: dict[str, Any]) -> None:
        self.insert(Document(record, doc_id=cast(int, key)))

    def change(self, key: str, record: dict[str, Any]) -> None:
        self.update(record, doc_ids=[cast(int, key)])

    def delete(self, key: str) -> None:
        self.remove(doc_ids=[cast(int, key)])


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _require_reason(reason: str, action: str) -> str:
    reason = reason.strip()
    refuse_line_breaks(reason, "The reason")
    if not reason:
        raise InvalidMessageError(f"To {action} a blacklist entry, give a reason (--reason).")
    return reason


class BlacklistStore:
    def __init__(self, data_dir: Path) -> None:
        self.db = JsonDatabase(data_dir / "blacklist.json")

    @staticmethod
    def _entries(db: TinyDB) -> _EntriesTable:
        return _EntriesTable(db.storage, "entries")

    @staticmethod
    def _record(db: TinyDB, change: BlacklistChange) -> None:
        db.table("history").insert(asdict(change))

    def add(
        self,
        address: str,
        *,
        reason: str,
        source: BlacklistSource = BlacklistSource.ADMIN,
        scope: BlacklistScope = BlacklistScope.ALL,
        who: str = "admin",
    ) -> BlacklistEntry:
        parsed = parse_address(address)
        reason = _require_reason(reason, "add")
        now = _now()
        entry = BlacklistEntry(parsed.display, parsed.key, reason, source, scope, now, now)
        with self.db.transaction() as db:
            table = self._entries(db)
            existing = table.entry(parsed.key)
            if existing is not None:
                raise ConfigurationError(
                    f"{parsed.display} is on the blacklist already (reason: "
                    f"{existing.get('reason', '')}); use 'blacklist edit' to change it.",
                    recipient=parsed.display,
                )
            table.put(parsed.key, entry.to_record())
            self._record(db, BlacklistChange(parsed.key, "add", who, now, reason, None, entry.to_record()))
        return entry

    def edit(
        self,
        address: str,
        *,
        reason: str,
        scope: BlacklistScope | None = None,
        who: str = "admin",
    ) -> BlacklistEntry:
        key = parse_address(address).key
        reason = _require_reason(reason, "edit")
        with self.db.transaction() as db:
            table = self._entries(db)
            previous = self._require(table, address, key)
            current = dict(previous, reason=reason, updated_at=_now())
            if scope is not None:
                current["scope"] = scope.value
            table.change(key, current)
            self._record(db, BlacklistChange(key, "edit", who, current["updated_at"], reason, previous, current))
        return BlacklistEntry.from_record(current)

    def remove(self, address: str, *, reason: str, who: str = "admin") -> BlacklistEntry:
        key = parse_address(address).key
        reason = _require_reason(reason, "remove")
        with self.db.transaction() as db:
            table = self._entries(db)
            previous = self._require(table, address, key)
            table.delete(key)
            self._record(db, BlacklistChange(key, "remove", who, _now(), reason, previous, None))
        return BlacklistEntry.from_record(previous)

    @staticmethod
    def _require(table: _EntriesTable, address: str, key: str) -> dict[str, Any]:
        found = table.entry(key)
        if found is None:
            raise ConfigurationError(
                f"{address} is not on the blacklist; check the spelling with "
                "'caddie-mail blacklist list'.",
                recipient=address,
            )
        return found

    def get(self, address: str) -> BlacklistEntry | None:
        key = parse_address(address).key
        found = self._entries(self.db.snapshot()).entry(key)
        return BlacklistEntry.from_record(found) if found else None

    def entries(self) -> list[BlacklistEntry]:
        return [BlacklistEntry.from_record(dict(r)) for r in self._entries(self.db.snapshot()).all()]

    def history(self, address: str) -> list[BlacklistChange]:
        key = parse_address(address).key
        rows: Iterable[dict[str, Any]] = self.db.snapshot().table("history").all()
        return [BlacklistChange(**dict(r)) for r in rows if r.get("key") == key]
