"""Last resort for bounces from unknown MTAs: addresses in the error section."""

from __future__ import annotations

import re

from ..addresses import clean_address, find_addresses, is_robot
from ..message_view import MessageView
from ..model import ReportKind
from .base import Detection, Finding
from .text_sections import error_section, looks_delayed

_BOUNCE_SUBJECT = re.compile(
    r"(?:undeliver|undelivered|returned mail|delivery (?:status|fail|failure|problem|notification)|"
    r"failure notice|failed delivery|delivery failure|mail delivery failed|could not be delivered|"
    r"unzustellbar|nicht zugestellt|zustellung fehlgeschlagen|non remis|non recapitabile|"
    r"mail system error|returned to sender|nondeliverable|non-delivery|rejected|error sending|user unknown)",
    re.IGNORECASE,
)
_ROBOT_NAMES = ("mail delivery", "mailer-daemon", "postmaster", "mail administrator", "mdaemon")
MAX_RECIPIENTS = 20


def _from_mail_system(view: MessageView) -> bool:
    sender = view.sender.lower()
    return any(name in sender for name in _ROBOT_NAMES) or view.header("return-path").strip() == "<>"


def looks_like_bounce(view: MessageView) -> bool:
    """Robot sender, null return path, or a subject that says a delivery failed."""
    if view.delivery_status is not None or _from_mail_system(view):
        return True
    return bool(_BOUNCE_SUBJECT.search(view.subject))


def is_vague_bounce(view: MessageView) -> bool:
    """From a mail system *and* a subject that says a delivery failed, but naming nobody."""
    return _from_mail_system(view) and bool(_BOUNCE_SUBJECT.search(view.subject))


def _excluded(view: MessageView) -> set[str]:
    excluded: set[str] = set()
    for name in ("to", "from", "cc", "reply-to"):
        excluded.update(a.lower() for a in find_addresses(view.header(name)))
    excluded.update(a.lower() for a in find_addresses(view.original_header("from") or ""))
    return excluded


def _findings(section: str, view: MessageView) -> tuple[Finding, ...]:
    excluded = _excluded(view)
    addresses = [a for a in find_addresses(section) if a.lower() not in excluded and not is_robot(a)]
    findings = []
    for address in addresses[:MAX_RECIPIENTS]:
        index = section.find(address)
        findings.append(Finding(address, section[max(0, index - 200) : index + 600]))
    return tuple(findings)


def detect_generic_text(view: MessageView) -> Detection | None:
    """Collect recipient-like addresses from the explanation above the returned message."""
    if not looks_like_bounce(view):
        return None
    section = error_section(view.text)
    findings = _findings(section, view)
    if not findings:
        failed = (clean_address(a) for a in view.header("x-failed-recipients").split(","))
        findings = tuple(Finding(a, section) for a in failed if a)
    kind = ReportKind.DELAYED if looks_delayed(view) else ReportKind.FAILURE
    if not findings:
        # A failure notice that names no recipient: a bounce all the same; a
        # signed bounce address can still tie it to its recipient.
        return Detection("generic-text", kind, ()) if is_vague_bounce(view) else None
    return Detection("generic-text", kind, findings)
