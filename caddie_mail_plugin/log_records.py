"""What the delivery log keeps of a send or a bounce: metadata, never bodies."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from .bounce.model import BounceReport
from .mail import OutgoingMail
from .results import SendResult

if TYPE_CHECKING:
    from .service.state import QueuedMail


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def send_record(mail: OutgoingMail | None, result: SendResult) -> dict[str, Any]:
    record: dict[str, Any] = {
        "event": "send",
        "at": _now(),
        "status": result.status.value,
        "message_id": result.message_id,
        "server": result.server,
        "sender": mail.sender if mail else None,
        "category": mail.category if mail else None,
        "accepted": [r.address for r in result.accepted],
        "refused": [{"address": r.address, "code": r.code, "text": r.text} for r in result.refused],
        "suppressed": list(result.suppressed),
    }
    if result.test_redirect:
        record["test_address"] = result.test_redirect.test_address
        record["original_recipients"] = list(result.test_redirect.original_recipients)
    if result.reason:
        record["reason"] = result.reason
    if result.queue_id:
        record["queue_id"] = result.queue_id
    return record


def service_record(mail: QueuedMail) -> dict[str, Any]:
    """A mail the service finished with (sent or failed)."""
    return {
        "event": "send",
        "at": _now(),
        "status": mail.status.value,
        "message_id": mail.message_id,
        "server": mail.server,
        "sender": mail.envelope_from,
        "category": mail.category,
        "accepted": list(mail.delivered),
        "refused": [{"address": a, "code": c, "text": t} for a, c, t in mail.failed],
        "suppressed": [],
        "queue_id": mail.id,
    }


def bounce_record(report: BounceReport) -> dict[str, Any]:
    return {
        "event": "bounce",
        "at": _now(),
        "kind": report.kind.value,
        "detector": report.detector,
        "message_id": report.original_message_id,
        "recipients": [
            {
                "address": r.address,
                "status": r.status,
                "code": r.smtp_code,
                "class": r.bounce_class.value,
                "diagnostic": r.diagnostic[:300],
            }
            for r in report.recipients
        ],
    }
