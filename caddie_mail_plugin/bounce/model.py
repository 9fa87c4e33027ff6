"""Result types of the bounce parser: enums and frozen dataclasses."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class BounceClass(enum.Enum):
    """Whether a recipient should be treated as permanently unreachable."""

    HARD = "hard"
    SOFT = "soft"


class ReportKind(enum.Enum):
    """What kind of automatic message was parsed."""

    FAILURE = "failure"
    DELAYED = "delayed"
    DELIVERED = "delivered"
    AUTO_REPLY = "auto_reply"
    FEEDBACK = "feedback"
    NOT_A_BOUNCE = "not_a_bounce"


def normalize_address(address: str) -> str:
    """Return ``address`` with its domain lower-cased (the local part is kept)."""
    local, at, domain = address.strip().rpartition("@")
    if not at:
        return address.strip()
    return f"{local}@{domain.lower()}"


@dataclass(frozen=True)
class BouncedRecipient:
    """One recipient named in a bounce, delay warning, success DSN or report.

    ``address`` is the final recipient as reported; ``original_address`` is the
    DSN's Original-Recipient (the address as the sender gave it) when it differs.
    """

    address: str
    status: str | None
    smtp_code: int | None
    diagnostic: str
    bounce_class: BounceClass
    action: str | None
    reason: str | None
    original_address: str | None = None

    @property
    def normalized(self) -> str:
        """The address with a lower-cased domain."""
        return normalize_address(self.address)

    @property
    def is_hard(self) -> bool:
        """True when the recipient should be treated as unreachable."""
        return self.bounce_class is BounceClass.HARD


@dataclass(frozen=True)
class BounceReport:
    """Everything :func:`parse_bounce` learned from one message."""

    kind: ReportKind
    recipients: tuple[BouncedRecipient, ...] = ()
    original_message_id: str | None = None
    reporting_mta: str | None = None
    detector: str = "none"
    error: str | None = None
    #: Where the bounce itself was delivered (To, Delivered-To, X-Original-To, Envelope-To):
    #: a signed bounce address (VERP) among them ties the bounce to its mail and recipient.
    envelope_recipients: tuple[str, ...] = ()

    @property
    def is_bounce(self) -> bool:
        """True for failures and delay warnings, false for everything else."""
        return self.kind in (ReportKind.FAILURE, ReportKind.DELAYED)

    @property
    def hard_bounces(self) -> tuple[BouncedRecipient, ...]:
        """The recipients of a failure report that bounced hard."""
        if self.kind is not ReportKind.FAILURE:
            return ()
        return tuple(r for r in self.recipients if r.is_hard)
