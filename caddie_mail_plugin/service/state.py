"""The outbox's state, rebuilt by replaying journal records.

Record types (``t``): ``q`` queued, ``s`` a whole entry (written when the
journal is compacted), ``a`` a delivery attempt, ``x`` given up (expired),
``c`` cancelled, ``r`` retry now.  Records for unknown ids are ignored, so a
record that outlived a compaction does no harm.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from .spool import SpoolRef

Record = dict[str, Any]


class OutboxStatus(str, enum.Enum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Attempt:
    at: float
    server: str
    answer: str  # the server's last answer, or the connection error
    delivered: tuple[str, ...] = ()


@dataclass
class QueuedMail:
    id: str
    server: str
    envelope_from: str
    pending: list[str]
    spool: SpoolRef
    created: float
    expires: float
    prefix: str = ""
    subject: str = ""
    message_id: str | None = None
    category: str = "transactional"
    for_real: bool = False
    next_at: float = 0.0
    delivered: list[str] = field(default_factory=list)
    failed: list[tuple[str, int | None, str]] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)
    status: OutboxStatus = OutboxStatus.QUEUED

    def to_record(self, kind: str = "s") -> Record:
        return {
            "t": kind, "id": self.id, "srv": self.server, "from": self.envelope_from,
            "to": self.pending, "seg": self.spool.segment, "off": self.spool.offset,
            "len": self.spool.length, "pre": self.prefix, "at": self.created, "exp": self.expires,
            "subj": self.subject, "mid": self.message_id, "cat": self.category, "real": self.for_real,
            "next": self.next_at, "ok": self.delivered, "fail": [list(f) for f in self.failed],
            "att": [[a.at, a.server, a.answer, list(a.delivered)] for a in self.attempts],
            "st": self.status.value,
        }

    @classmethod
    def from_record(cls, r: Record) -> QueuedMail:
        return cls(
            id=r["id"], server=r["srv"], envelope_from=r["from"], pending=list(r["to"]),
            spool=SpoolRef(r["seg"], r["off"], r["len"]), created=r["at"], expires=r["exp"],
            prefix=r.get("pre", ""), subject=r.get("subj", ""), message_id=r.get("mid"),
            category=r.get("cat", "transactional"), for_real=bool(r.get("real")),
            next_at=float(r.get("next", 0.0)), delivered=list(r.get("ok", [])),
            failed=[(f[0], f[1], f[2]) for f in r.get("fail", [])],
            attempts=[Attempt(a[0], a[1], a[2], tuple(a[3])) for a in r.get("att", [])],
            status=OutboxStatus(r.get("st", "queued")),
        )


class OutboxState:
    def __init__(self) -> None:
        self.mails: dict[str, QueuedMail] = {}

    def apply(self, record: Record) -> QueuedMail | None:
        kind, mail_id = record.get("t"), record.get("id")
        if kind in ("q", "s"):
            new = QueuedMail.from_record(record)
            self.mails[new.id] = new
            return new
        mail = self.mails.get(str(mail_id))
        if mail is None or mail.status is not OutboxStatus.QUEUED:
            return None
        if kind == "a":
            _apply_attempt(mail, record)
        elif kind == "x":
            mail.failed.extend((r, None, str(record.get("why", ""))) for r in mail.pending)
            mail.pending = []
            mail.attempts.append(Attempt(record["at"], mail.server, str(record.get("why", ""))))
            _settle(mail)
        elif kind == "c":
            mail.status = OutboxStatus.CANCELLED
        elif kind == "r":
            mail.next_at = float(record["at"])
        return mail


def _apply_attempt(mail: QueuedMail, record: Record) -> None:
    ok = set(record.get("ok", []))
    perm = {f[0]: f for f in record.get("perm", [])}
    mail.delivered.extend(r for r in mail.pending if r in ok)
    mail.failed.extend((r, perm[r][1], perm[r][2]) for r in mail.pending if r in perm)
    mail.pending = [r for r in mail.pending if r not in ok and r not in perm]
    mail.attempts.append(Attempt(record["at"], record.get("srv", mail.server), record.get("ans", ""), tuple(ok)))
    mail.next_at = float(record.get("next") or 0.0)
    _settle(mail)


def _settle(mail: QueuedMail) -> None:
    if not mail.pending:
        mail.status = OutboxStatus.SENT if mail.delivered else OutboxStatus.FAILED
