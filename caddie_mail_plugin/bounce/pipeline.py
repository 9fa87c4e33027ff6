"""``parse_bounce``: view the message once, run the detectors, classify the result."""

from __future__ import annotations

import email.message

from .addresses import find_addresses, find_message_id
from .classify import build_recipient
from .detectors import DETECTORS
from .detectors.base import Detection
from .message_view import MessageView, build_view
from .model import BounceReport, ReportKind

MAX_RECIPIENTS = 500
_BOUNCE_KINDS = (ReportKind.FAILURE, ReportKind.DELAYED)
_NO_RECIPIENT = "could not parse: recognised as a bounce but no recipient address was found"
#: Headers naming where the bounce itself was delivered.
_ENVELOPE_HEADERS = frozenset({"x-original-to", "delivered-to", "envelope-to", "x-envelope-to", "x-rcpt-to", "to"})
MAX_ENVELOPE_RECIPIENTS = 10


def original_message_id(view: MessageView) -> str | None:
    """Message-ID of the returned original, else In-Reply-To / References."""
    original = view.original_header("message-id")
    found = find_message_id(f"message-id: {original}") if original is not None else None
    found = found or find_message_id(view.text)
    if found:
        return found
    for name in ("in-reply-to", "references"):
        ids = view.header(name).split()
        if ids:
            return find_message_id(f"message-id: {ids[-1]}")
    return None


def envelope_recipients(view: MessageView) -> tuple[str, ...]:
    """Addresses the bounce was delivered to, from its own delivery headers."""
    text = "\n".join(value for name, value in view.headers if name in _ENVELOPE_HEADERS)
    return tuple(find_addresses(text[:4000], MAX_ENVELOPE_RECIPIENTS))


def _report(view: MessageView, detection: Detection) -> BounceReport:
    recipients = tuple(build_recipient(f, detection.kind) for f in detection.findings[:MAX_RECIPIENTS])
    return BounceReport(
        kind=detection.kind,
        recipients=recipients,
        original_message_id=original_message_id(view),
        reporting_mta=detection.reporting_mta,
        detector=detection.detector,
        error=None if recipients or detection.kind not in _BOUNCE_KINDS else _NO_RECIPIENT,
        envelope_recipients=envelope_recipients(view),
    )


def parse_view(view: MessageView) -> BounceReport:
    """Run the detectors over an already built view."""
    for _name, detector in DETECTORS:
        detection = detector(view)
        if detection is not None:
            return _report(view, detection)
    return BounceReport(
        kind=ReportKind.NOT_A_BOUNCE,
        original_message_id=original_message_id(view),
        error="not a bounce: no delivery-status part and no known bounce, report or auto-reply format",
        envelope_recipients=envelope_recipients(view),
    )


def parse_bounce(raw: bytes | email.message.Message) -> BounceReport:
    """Parse a bounce, delay warning, success DSN, feedback report or auto-reply.

    Never raises: unusable input gives a report of kind NOT_A_BOUNCE with ``error`` set.
    """
    try:
        if not isinstance(raw, (bytes, bytearray, memoryview, email.message.Message)):
            return BounceReport(kind=ReportKind.NOT_A_BOUNCE, error=f"could not parse: expected bytes, got {type(raw).__name__}")
        data = raw if isinstance(raw, email.message.Message) else bytes(raw)
        if isinstance(data, bytes) and not data.strip():
            return BounceReport(kind=ReportKind.NOT_A_BOUNCE, error="not a bounce: the message is empty")
        return parse_view(build_view(data))
    except Exception as exc:  # noqa: BLE001 - the contract is to never raise
        return BounceReport(kind=ReportKind.NOT_A_BOUNCE, error=f"could not parse: {type(exc).__name__}: {exc}"[:300])
