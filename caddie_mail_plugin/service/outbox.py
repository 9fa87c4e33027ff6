"""The outbox in the data directory: queue, inspect, retry, cancel, purge.

Shared by the host (queues), the service (delivers) and the admin tools.
Every change is a journal record; :meth:`Outbox.refresh` replays what other
processes wrote since the last look.  See :mod:`.journal` for why.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..exceptions import ConfigurationError
from .journal import Journal, Record
from .spool import Spool
from .state import OutboxState, OutboxStatus, QueuedMail

DEFAULT_LIFETIME = 5 * 24 * 3600.0  # maximum queue lifetime: 5 days
SPOOL_GRACE = 3600.0


@dataclass(frozen=True)
class NewMail:
    """A mail to queue; copies of a newsletter share one ``payload`` object
    and differ in ``prefix`` (their own To and Message-ID lines)."""

    server: str
    envelope_from: str
    recipients: tuple[str, ...]
    payload: bytes
    prefix: str = ""
    subject: str = ""
    message_id: str | None = None
    category: str = "transactional"
    for_real: bool = False


class Outbox:
    def __init__(self, data_dir: Path, lifetime: float = DEFAULT_LIFETIME) -> None:
        self.directory = data_dir / "outbox"
        self.directory.mkdir(parents=True, exist_ok=True)
        self.journal = Journal(self.directory / "journal.jsonl")
        self.spool = Spool(self.directory / "spool")
        self.lifetime = lifetime
        self.state = OutboxState()
        self._offset = 0
        self._identity: int | None = None

    # --- reading ----------------------------------------------------------

    def refresh(self) -> list[QueuedMail]:
        """Apply what was written since the last call; returns changed mails."""
        identity = self.journal.identity()
        if identity != self._identity:
            self.state, self._offset, self._identity = OutboxState(), 0, identity
        records, self._offset = self.journal.read_from(self._offset)
        changed = [self.state.apply(r) for r in records]
        return [m for m in changed if m is not None]

    def mails(self, status: OutboxStatus | None = None) -> list[QueuedMail]:
        self.refresh()
        found = [m for m in self.state.mails.values() if status is None or m.status is status]
        return sorted(found, key=lambda m: m.created)

    def get(self, mail_id: str) -> QueuedMail:
        self.refresh()
        mail = self.state.mails.get(mail_id)
        if mail is None:
            raise ConfigurationError(
                f"There is no mail {mail_id!r} in the outbox; list them with 'caddie-mail outbox list'."
            )
        return mail

    def payload(self, mail: QueuedMail) -> bytes:
        return mail.prefix.encode("utf-8") + self.spool.read(mail.spool)

    # --- writing ----------------------------------------------------------

    def enqueue(self, mails: Sequence[NewMail]) -> list[str]:
        """Put mails durably into the outbox; returns their ids."""
        if not mails:
            return []
        unique: dict[int, bytes] = {}
        for mail in mails:
            unique.setdefault(id(mail.payload), mail.payload)
        refs = dict(zip(unique, self.spool.write(list(unique.values()))))
        now = time.time()
        records, ids = [], []
        batch = uuid.uuid4().hex[:14]  # 56 random bits per batch, then a counter
        for number, mail in enumerate(mails):
            mail_id = f"{batch}{number:06x}"
            ref = refs[id(mail.payload)]
            records.append({
                "t": "q", "id": mail_id, "srv": mail.server, "from": mail.envelope_from,
                "to": list(mail.recipients), "seg": ref.segment, "off": ref.offset, "len": ref.length,
                "pre": mail.prefix, "at": now, "exp": now + self.lifetime, "subj": mail.subject[:200],
                "mid": mail.message_id, "cat": mail.category, "real": mail.for_real,
            })
            ids.append(mail_id)
        self.journal.append(records)
        return ids

    def write(self, records: Sequence[Record]) -> None:
        self.journal.append(records)

    def retry(self, mail_id: str) -> None:
        self._require_queued(mail_id)
        self.write([{"t": "r", "id": mail_id, "at": time.time()}])

    def cancel(self, mail_id: str, why: str = "cancelled by the admin") -> None:
        self._require_queued(mail_id)
        self.write([{"t": "c", "id": mail_id, "at": time.time(), "why": why}])

    def _require_queued(self, mail_id: str) -> None:
        mail = self.get(mail_id)
        if mail.status is not OutboxStatus.QUEUED:
            raise ConfigurationError(f"The mail {mail_id} is {mail.status.value}, not queued; nothing to do.")

    def purge(self, older_than: float = 0.0) -> int:
        """Drop finished mails (older than ``older_than`` seconds) and compact
        the journal; returns how many were dropped."""
        cutoff = time.time() - older_than
        with self.journal.lock:
            state = OutboxState()
            for record in self.journal.read_from(0)[0]:
                state.apply(record)
            keep = [m for m in state.mails.values()
                    if m.status is OutboxStatus.QUEUED or m.created > cutoff]
            self.journal.rewrite(m.to_record() for m in keep)
            used = {m.spool.segment for m in keep}
            # A segment just written by a host that has not journaled it yet is
            # young and unreferenced: only old segments are removed.
            self.spool.remove(self.spool.segments(older_than=SPOOL_GRACE) - used)
        self.refresh()
        return len(state.mails) - len(keep)
