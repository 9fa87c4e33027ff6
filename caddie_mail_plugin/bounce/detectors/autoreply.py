"""Auto-replies: vacation notices, out-of-office messages, RFC 3834 auto-responses."""

from __future__ import annotations

import re

from ..addresses import clean_address, is_robot
from ..message_view import MessageView
from ..model import ReportKind
from .base import Detection, Finding

_SUBJECT = re.compile(
    r"(?:out of (?:the )?office|automatic reply|auto[- ]?reply|auto[- ]?response|autoresponse|"
    r"vacation|on holiday|away from (?:my|the) (?:desk|office)|abwesenheit|automatische antwort|"
    r"abwesend|urlaub|nicht im b[üu]ro|au[sß]er haus|r[ée]ponse automatique|absence|^auto:)",
    re.IGNORECASE,
)
_MARKER_HEADERS = ("x-autoreply", "x-autorespond", "x-autoresponder", "x-vacation", "x-mailautoreply")
_PRECEDENCE = ("auto_reply", "auto-reply")


def _auto_submitted(view: MessageView) -> bool:
    value = view.header("auto-submitted").lower()
    return bool(value) and not value.startswith("no")


def is_auto_reply(view: MessageView) -> bool:
    """True for messages that announce themselves (or read) as automatic replies."""
    if is_robot(clean_address(view.sender) or "") and not _SUBJECT.search(view.subject):
        return False
    if any(view.header(name) for name in _MARKER_HEADERS):
        return True
    if view.header("precedence").lower() in _PRECEDENCE or _auto_submitted(view):
        return True
    return bool(_SUBJECT.search(view.subject))


def detect_auto_reply(view: MessageView) -> Detection | None:
    """Name the person who is away; the report is never a bounce."""
    if not is_auto_reply(view):
        return None
    sender = clean_address(view.sender)
    findings = (Finding(sender, view.subject, reason="vacation"),) if sender else ()
    return Detection("auto-reply", ReportKind.AUTO_REPLY, findings)
