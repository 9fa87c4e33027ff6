"""The objects the hooks receive: the mail on its way, and the send's context."""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .models import ServerConfig, Settings
from .results import RecipientOutcome, SendResult, SendStatus, TestRedirect

if TYPE_CHECKING:
    from .storage.blacklist_index import BlacklistIndex
    from .storage.config_store import ConfigStore
    from .service.writer import OutboxWriter
    from .storage.delivery_log import DeliveryLog
    from .transport.connection_pool import ConnectionPool

NEWSLETTER = "newsletter"
TRANSACTIONAL = "transactional"


@dataclass
class OutgoingMail:
    """A mail between the host and the SMTP server.

    ``before_send`` implementations may change any field or the message's
    headers.  ``recipients`` is the SMTP envelope (``RCPT TO``); it is filled
    from To, Cc and Bcc by the validation plugin when the host leaves it empty.
    ``unsubscribe_url`` / ``unsubscribe_mailto`` are the host's one-click
    unsubscribe targets for a newsletter (RFC 8058).
    """

    message: EmailMessage
    category: str = TRANSACTIONAL
    sender: str | None = None
    envelope_from: str | None = None
    recipients: list[str] = field(default_factory=list)
    server: ServerConfig | None = None
    route_reason: str = ""
    suppressed: list[str] = field(default_factory=list)
    test_redirect: TestRedirect | None = None
    validated: bool = False
    queue_id: str | None = None
    unsubscribe_url: str | None = None
    unsubscribe_mailto: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_message(cls, message: EmailMessage, *, category: str = TRANSACTIONAL) -> OutgoingMail:
        """Wrap the host's message.  Headers are copied, so rewriting them
        (blacklist, test mode) never changes the host's object; the body is
        shared and never changed."""
        working = message.__class__.__new__(message.__class__)
        working.__dict__.update(message.__dict__)  # copy.copy, without its slow path
        setattr(working, "_headers", list(getattr(message, "_headers")))
        return cls(message=working, category=category)

    @property
    def message_id(self) -> str | None:
        value = self.message.get("Message-ID")
        return str(value).strip() if value else None

    def result(
        self,
        status: SendStatus,
        *,
        accepted: tuple[RecipientOutcome, ...] = (),
        refused: tuple[RecipientOutcome, ...] = (),
        reason: str = "",
        error_code: str | None = None,
        message_id: str | None = None,
    ) -> SendResult:
        """The frozen result of this mail in its current state (``message_id``:
        the Message-ID when the caller has just read it)."""
        return SendResult(
            status=status,
            message_id=message_id or self.message_id,
            server=self.server.name if self.server else None,
            route_reason=self.route_reason,
            accepted=accepted,
            refused=refused,
            suppressed=tuple(self.suppressed),
            test_redirect=self.test_redirect,
            reason=reason,
            error_code=error_code,
            queue_id=self.queue_id,
        )


@dataclass
class SendContext:
    """What a send (or a batch of sends) shares: storage, settings, answers."""

    data_dir: Path
    config: ConfigStore
    blacklist: BlacklistIndex
    settings: Settings
    hook: Any
    connections: ConnectionPool
    log: DeliveryLog
    send_for_real: bool = False
    outbox: OutboxWriter | None = None  # set in service mode
    extra: dict[str, Any] = field(default_factory=dict)
