"""RFC 3464 delivery status notifications (``multipart/report; report-type=delivery-status``)."""

from __future__ import annotations

import re

from ..addresses import ADDRESS_PATTERN, clean_address
from ..dsn_fields import DsnFields, read_dsn_fields, strip_type
from ..message_view import MessageView
from ..reasons import reason_from_text
from ..model import ReportKind
from ..smtp_status import reply_code, status_from_field
from .base import Detection, Finding

_INLINE_DSN = re.compile(r"^(?:reporting-mta|final-recipient|original-recipient)[ \t]*:", re.IGNORECASE | re.MULTILINE)
_FAILED_ACTIONS = ("failed", "failure", "bounced", "undeliverable")
_OTHER_ADDRESS = re.compile(rf"^[ \t<]*(?P<addr>{ADDRESS_PATTERN})", re.MULTILINE)
_DELIVERED_ACTIONS = ("delivered", "deliverable", "relayed", "expanded")
_LOCAL_MAILER = "mailererror"
_DIAGNOSTIC_FIELDS = ("diagnostic-code", "x-supplementary-info", "x-postfix-sender")


def _dsn_text(view: MessageView) -> str | None:
    if view.delivery_status:
        return view.delivery_status
    match = _INLINE_DSN.search(view.text)
    if match is None:
        return None
    return view.text[match.start() :]


def _text_near(address: str, view: MessageView) -> str:
    """The human-readable explanation that follows ``address`` in the text part."""
    text = view.text
    index = view.text_lower.find(address.lower())
    if index < 0:
        return ""
    chunk = text[index + len(address) : index + len(address) + 800]
    for match in _OTHER_ADDRESS.finditer(chunk):
        if match.group("addr").lower() != address.lower():
            chunk = chunk[: match.start()]
            break
    end = chunk.find("\n\n", 1)
    return chunk[: end if end >= 0 else len(chunk)].strip(" >:\n")


def _is_local_mailer(field: str, diagnostic: str) -> bool:
    """A local delivery program (``X-Unix;`` diagnostic) failed, not the mailbox's owner."""
    if not field.strip().lower().startswith("x-unix"):
        return False
    return reason_from_text(diagnostic) not in ("mailboxfull", "mesgtoobig")


def _lines_naming(address: str, text: str) -> str:
    """Every line of the text part that names ``address``, with the line before it."""
    head = text[:16384]
    lowered = head.lower()  # one call; lower() never adds or drops a line break
    wanted = address.lower()
    if wanted not in lowered:
        return ""
    lines = head.split("\n")
    picked = [f"{lines[i - 1] if i else ''}\n{lines[i]}" for i, low in enumerate(lowered.split("\n")) if wanted in low]
    return "\n".join(picked[:10])


def _finding(fields: dict[str, str], view: MessageView) -> Finding | None:
    address = None
    for name in ("final-recipient", "original-recipient", "x-actual-recipient"):
        if name in fields:
            address = clean_address(fields[name])
            if address:
                break
    if address is None:
        return None
    diagnostic = next((strip_type(fields[n]) for n in _DIAGNOSTIC_FIELDS if fields.get(n)), "")
    status = status_from_field(fields.get("status", ""))
    near = _text_near(address, view)
    naming = _lines_naming(address, view.text)
    if not diagnostic:
        diagnostic = near or naming
    action_words = fields.get("action", "").strip().lower().split()
    action = action_words[0] if action_words else None
    if action is None and status:
        action = "delivered" if status.startswith("2") else "failed"
    if action in _FAILED_ACTIONS:
        action = "failed"
    elif action in _DELIVERED_ACTIONS:
        action = "delivered"
    code = reply_code(strip_type(fields.get("diagnostic-code", "")))
    reason = _LOCAL_MAILER if _is_local_mailer(fields.get("diagnostic-code", ""), diagnostic) else None
    context = f"{naming}\n{near}"
    original = clean_address(fields.get("original-recipient", ""))
    if original and original.lower() == address.lower():
        original = None
    return Finding(address, diagnostic, status, code, action, reason, context, original)


def kind_from_actions(findings: tuple[Finding, ...]) -> ReportKind:
    """FAILURE if anything failed, DELAYED if only delays, DELIVERED if only successes."""
    actions = {f.action or "failed" for f in findings}
    if actions & {"failed"} or not actions <= {"delayed", "delivered", "relayed", "expanded"}:
        return ReportKind.FAILURE
    if "delayed" in actions:
        return ReportKind.DELAYED
    return ReportKind.DELIVERED


def findings_from_dsn(fields: DsnFields, view: MessageView) -> tuple[Finding, ...]:
    """One finding per recipient block that names an address."""
    found = (_finding(block, view) for block in fields.recipients)
    return tuple(f for f in found if f is not None)


def detect_rfc3464(view: MessageView) -> Detection | None:
    """Read the machine-readable delivery-status part, if the message has one."""
    text = _dsn_text(view)
    if text is None:
        return None
    fields = read_dsn_fields(text)
    findings = findings_from_dsn(fields, view)
    if not findings:
        return None
    mta = strip_type(fields.per_message.get("reporting-mta", "")) or None
    return Detection("rfc3464", kind_from_actions(findings), findings, mta)
