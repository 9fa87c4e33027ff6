"""What the delivery log keeps of a send or a bounce: metadata, never bodies."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from .bounce.model import BounceReport
from .mail import OutgoingMail
from .results import SendResult

if TYPE_CHECKING:
    from .service.state import QueuedMail


_second: tuple[int, str] = (-1, "")


def _now() -> str:
    """UTC now as ``datetime.isoformat(timespec="milliseconds")`` writes it.

    Both processes stamp a record per mail; the date and time up to the
    second are formatted once per second, the milliseconds per call."""
    global _second
    now = time.time()
    second = int(now)
    cached, prefix = _second
    if cached != second:
        prefix = datetime.fromtimestamp(second, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
        _second = (second, prefix)
    return f"{prefix}.{int((now - second) * 1000):03d}+00:00"


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
