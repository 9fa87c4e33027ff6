"""Amazon SES notifications delivered as JSON (directly or wrapped in an SNS envelope)."""

from __future__ import annotations

import json
from typing import Any

from ..message_view import MessageView
from ..model import ReportKind
from .base import Detection, Finding

_TYPES = {"Bounce": ReportKind.FAILURE, "Complaint": ReportKind.FEEDBACK, "Delivery": ReportKind.DELIVERED}


def _decode(text: str) -> object:
    try:
        return json.JSONDecoder().raw_decode(text)[0]
    except (ValueError, RecursionError):
        return None


def _load_notification(text: str) -> dict[str, Any] | None:
    start = text.find("{")
    if start < 0:
        return None
    data = _decode(text[start:]) or _decode(text[start:].replace("\n", ""))
    if isinstance(data, dict) and isinstance(data.get("Message"), str):
        try:
            data = json.loads(data["Message"])
        except (ValueError, RecursionError):
            return None
    return data if isinstance(data, dict) else None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _bounce(data: dict[str, Any]) -> tuple[Finding, ...]:
    bounce = data.get("bounce") or {}
    transient = _text(bounce.get("bounceType")) == "Transient"
    found = []
    for entry in bounce.get("bouncedRecipients") or []:
        if isinstance(entry, dict) and _text(entry.get("emailAddress")):
            found.append(Finding(
                address=_text(entry.get("emailAddress")),
                diagnostic=_text(entry.get("diagnosticCode")),
                status=_text(entry.get("status")) or None,
                action="delayed" if transient and not entry.get("action") else _text(entry.get("action")) or None,
                reason="suspend" if _text(bounce.get("bounceSubType")) == "Suppressed" else None,
            ))
    return tuple(found)


def _others(data: dict[str, Any], kind: ReportKind) -> tuple[Finding, ...]:
    if kind is ReportKind.FEEDBACK:
        entries = (data.get("complaint") or {}).get("complainedRecipients") or []
        addresses = [_text(e.get("emailAddress")) for e in entries if isinstance(e, dict)]
        return tuple(Finding(a, reason="feedback") for a in addresses if a)
    delivery = data.get("delivery") or {}
    response = _text(delivery.get("smtpResponse"))
    return tuple(Finding(a, response, action="delivered") for a in delivery.get("recipients") or [] if isinstance(a, str))


def detect_amazon_ses(view: MessageView) -> Detection | None:
    """SES sends ``notificationType`` Bounce, Complaint or Delivery as JSON text."""
    if '"notificationType' not in view.text[:20000] and '\\"notificationType' not in view.text[:20000]:
        return None
    data = _load_notification(view.text)
    if data is None:
        return None
    kind = _TYPES.get(_text(data.get("notificationType")))
    if kind is None:
        return None
    findings = _bounce(data) if kind is ReportKind.FAILURE else _others(data, kind)
    if not findings:
        return None
    if kind is ReportKind.FAILURE and all(f.action == "delayed" for f in findings):
        kind = ReportKind.DELAYED
    return Detection("amazon-ses", kind, findings)
