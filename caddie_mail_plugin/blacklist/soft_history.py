"""Soft bounces of one address, and when a later delivery wipes them out.

A club sends through its own mail server, which accepts a mail first and
bounces it later (for a full mailbox often only after days of retries).  So
"the server accepted it" is not yet "it was delivered": a send counts as a
successful delivery once it is older than the policy's grace period and no
bounce was tied to it.  A bounce is tied to a send by the mail's short id
(from its Message-ID or its signed bounce address); a bounce without one is
tied to the oldest send before it that has none yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from .policy import BouncePolicy

MAX_BOUNCES = 100
MAX_SENDS = 20


@dataclass(frozen=True)
class MailEvent:
    """A soft bounce or an accepted send: when, and for which mail."""

    at: datetime
    mail_id: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {"at": self.at.astimezone(timezone.utc).isoformat(timespec="seconds"), "mail_id": self.mail_id}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> MailEvent:
        at = datetime.fromisoformat(str(record["at"]))
        return cls(at if at.tzinfo else at.replace(tzinfo=timezone.utc), record.get("mail_id") or None)


@dataclass(frozen=True)
class SoftHistory:
    """The counted soft bounces of one address and the sends accepted since."""

    address: str
    bounces: tuple[MailEvent, ...] = ()
    sends: tuple[MailEvent, ...] = ()

    @property
    def count(self) -> int:
        return len(self.bounces)

    def with_bounce(self, bounce: MailEvent, policy: BouncePolicy, now: datetime) -> SoftHistory:
        """Count ``bounce``; older bounces outside the window or before a delivery drop out."""
        return SoftHistory(self.address, (*self.bounces, bounce), self.sends).current(policy, now)

    def with_send(self, send: MailEvent) -> SoftHistory:
        return SoftHistory(self.address, self.bounces, (*self.sends, send)[-MAX_SENDS:])

    def current(self, policy: BouncePolicy, now: datetime) -> SoftHistory:
        """Only the bounces inside the window and after the last confirmed delivery."""
        cut = now - timedelta(days=policy.soft_window_days)
        delivered = self.last_delivery(now - timedelta(days=policy.delivery_grace_days))
        if delivered is not None and delivered > cut:
            cut = delivered
        bounces = tuple(b for b in self.bounces if b.at > cut)[-MAX_BOUNCES:]
        sends = tuple(s for s in self.sends if delivered is None or s.at > delivered)
        return SoftHistory(self.address, bounces, sends)

    def last_delivery(self, accepted_before: datetime) -> datetime | None:
        """The latest send accepted before ``accepted_before`` that no bounce is tied to."""
        explained: set[int] = set()
        for bounce in sorted(self.bounces, key=lambda b: b.at):
            tied = [i for i, s in enumerate(self.sends) if bounce.mail_id and s.mail_id == bounce.mail_id]
            if not tied and bounce.mail_id is None:
                tied = [i for i, s in enumerate(self.sends) if i not in explained and s.at <= bounce.at][:1]
            explained.update(tied)
        delivered = [s.at for i, s in enumerate(self.sends) if i not in explained and s.at <= accepted_before]
        return max(delivered) if delivered else None

    def to_record(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "bounces": [b.to_record() for b in self.bounces],
            "sends": [s.to_record() for s in self.sends],
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> SoftHistory:
        return cls(
            address=str(record.get("address", "")),
            bounces=tuple(MailEvent.from_record(b) for b in record.get("bounces", ())),
            sends=tuple(MailEvent.from_record(s) for s in record.get("sends", ())),
        )
