"""Where soft bounces are counted: ``soft_bounces.json``, one small record per address.

Only addresses with a soft bounce inside the policy's window have a record;
each record keeps its bounces trimmed to the window and at most
``MAX_SENDS`` accepted sends.  Records that fall out of the window are pruned
whenever the file is written, so the file does not grow with the mail volume.

:meth:`SoftBounceCounts.note_delivered` is on the send path: it costs one
``stat`` and a set lookup per recipient unless a recipient has a record.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from ..addresses import parse_address
from ..exceptions import InvalidMessageError
from ..storage.file_watch import FileSignature, FileWatch
from ..storage.blacklist_store import BlacklistStore, require_reason
from ..storage.json_db import JsonDatabase
from .bounce_address import mail_id_for
from .entry import ChangeAction
from .policy import BouncePolicy
from .session import utc_now
from .soft_history import MailEvent, SoftHistory

TABLE = "addresses"


class SoftSession:
    """Records of one loaded file; dict access by address key."""

    def __init__(self, db: TinyDB) -> None:
        self._storage = db.storage
        self._tables: dict[str, dict[str, Any]] = self._storage.read() or {}
        self._records = self._tables.setdefault(TABLE, {})
        self.changed = False

    def get(self, key: str) -> SoftHistory | None:
        record = self._records.get(key)
        return SoftHistory.from_record(record) if record is not None else None

    def put(self, key: str, history: SoftHistory) -> None:
        if not history.bounces:
            self.delete(key)
            return
        self._records[key] = history.to_record()
        self.changed = True

    def delete(self, key: str) -> SoftHistory | None:
        found = self.get(key)
        if found is not None:
            del self._records[key]
            self.changed = True
        return found

    def keys(self) -> list[str]:
        return list(self._records)

    def histories(self) -> list[tuple[str, SoftHistory]]:
        return [(key, SoftHistory.from_record(r)) for key, r in self._records.items()]

    def prune(self, policy: BouncePolicy, now: datetime) -> None:
        """Drop the records whose last bounce is older than the window."""
        cut = now - timedelta(days=policy.soft_window_days)
        for key, history in self.histories():
            if not history.bounces or max(b.at for b in history.bounces) <= cut:
                self.delete(key)

    def commit(self) -> None:
        if self.changed:
            self._storage.write(self._tables)


class SoftBounceCounts:
    def __init__(self, data_dir: Path) -> None:
        self.db = JsonDatabase(data_dir / "soft_bounces.json")
        self._watch = FileWatch(self.db.path)
        self._signature: FileSignature | None = None
        self._keys: frozenset[str] = frozenset()

    @contextmanager
    def session(self) -> Iterator[SoftSession]:
        with self.db.transaction() as db:
            session = SoftSession(db)
            yield session
            session.commit()

    def snapshot(self) -> SoftSession:
        return SoftSession(self.db.snapshot())

    def get(self, address: str) -> SoftHistory | None:
        return self.snapshot().get(parse_address(address).key)

    def known_keys(self) -> frozenset[str]:
        """Keys with a record; re-read only when the file changed."""
        signature = self._watch.signature()
        if signature != self._signature:
            self._keys = frozenset(self.snapshot().keys()) if signature else frozenset()
            self._signature = signature
        return self._keys

    def note_delivered(
        self, addresses: Iterable[str], *, message_id: str | None = None, now: datetime | None = None
    ) -> int:
        """Record that the server accepted a mail for ``addresses`` (call after every send).

        Only addresses with soft bounces are recorded; returns how many."""
        known = self.known_keys()
        if not known:
            return 0
        keys = {k for k in (_key_or_none(a) for a in addresses) if k in known}
        if not keys:
            return 0
        event = MailEvent(now or utc_now(), mail_id_for(message_id) if message_id else None)
        with self.session() as session:
            for key in keys:
                history = session.get(key)
                if history is not None:
                    session.put(key, history.with_send(event))
        return len(keys)


def reset_soft_count(
    blacklist: BlacklistStore, counts: SoftBounceCounts, address: str, *, reason: str, who: str = "admin"
) -> int:
    """The admin resets an address's soft-bounce count (audited); returns the count it had."""
    parsed = parse_address(address)
    reason = require_reason(reason, "reset the soft-bounce count of")
    with counts.session() as soft, blacklist.session() as session:
        removed = soft.delete(parsed.key)
        count = removed.count if removed is not None else 0
        session.note(parsed.key, ChangeAction.RESET_COUNT, who=who, why=f"{reason} (soft bounces: {count})")
    return count


def _key_or_none(address: str) -> str | None:
    try:
        return parse_address(address).key
    except InvalidMessageError:
        return None
