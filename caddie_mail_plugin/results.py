"""The outcome of a send: one frozen result per mail."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class SendStatus(str, enum.Enum):
    SENT = "sent"  # every remaining recipient accepted
    PARTIAL = "partial"  # some recipients accepted, some refused
    SUPPRESSED = "suppressed"  # every recipient blacklisted: nothing sent
    REFUSED = "refused"  # refused before or by the server: nothing delivered
    FAILED = "failed"  # delivery failed (connection, timeout, temporary error)
    QUEUED = "queued"  # safely in the service's outbox


@dataclass(frozen=True)
class RecipientOutcome:
    """What the server answered for one recipient."""

    address: str
    code: int | None = None
    text: str = ""

    @property
    def is_permanent(self) -> bool:
        return self.code is not None and 500 <= self.code < 600


@dataclass(frozen=True)
class TestRedirect:
    """Test mode sent the mail to ``test_address`` instead of these recipients."""

    __test__ = False  # not a pytest test class
    test_address: str
    original_recipients: tuple[str, ...]


@dataclass(frozen=True)
class SendResult:
    status: SendStatus
    message_id: str | None = None
    server: str | None = None
    route_reason: str = ""
    accepted: tuple[RecipientOutcome, ...] = ()
    refused: tuple[RecipientOutcome, ...] = ()
    suppressed: tuple[str, ...] = ()
    test_redirect: TestRedirect | None = None
    reason: str = ""
    error_code: str | None = None
    queue_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def ok(self) -> bool:
        return self.status in (SendStatus.SENT, SendStatus.QUEUED)

    def summary(self) -> str:
        """One line for the CLI and logs."""
        parts = [self.status.value]
        if self.server:
            parts.append(f"via {self.server}")
        if self.accepted:
            parts.append("to " + ", ".join(r.address for r in self.accepted))
        if self.refused:
            parts.append(
                "refused "
                + ", ".join(f"{r.address} ({r.code} {r.text})" for r in self.refused)
            )
        if self.suppressed:
            parts.append("blacklisted " + ", ".join(self.suppressed))
        if self.test_redirect:
            parts.append(
                f"test mode: redirected from {', '.join(self.test_redirect.original_recipients)}"
            )
        if self.reason:
            parts.append(self.reason)
        return "; ".join(parts)
