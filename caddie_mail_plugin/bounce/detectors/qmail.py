"""qmail's ``failure notice`` bounces (``<address>:`` followed by the remote answer)."""

from __future__ import annotations

import re

from ..message_view import MessageView
from ..model import ReportKind
from .base import Detection
from .text_sections import ADDRESS, error_section, findings_from_blocks, split_blocks

_SIGNATURES = (
    "This is the qmail-send program",
    "wasn't able to deliver your message to the following addresses",
    "was not able to deliver your message to the following addresses",
    "qmail-send program at",
)
_START = re.compile(r"(?:following addresses\.?|Sorry it didn't work out\.|permanent error[^\n]*)\n", re.IGNORECASE)
_ADDRESS_LINE = re.compile(rf"^<(?P<addr>{ADDRESS})>:?")


def detect_qmail(view: MessageView) -> Detection | None:
    """qmail names each failed recipient as ``<address>:`` at the start of a line."""
    head = view.text[:3000]
    if not any(signature in head for signature in _SIGNATURES):
        return None
    section = error_section(view.text, _START) or error_section(view.text)
    findings = findings_from_blocks(split_blocks(section, _ADDRESS_LINE))
    if not findings:
        return None
    return Detection("qmail", ReportKind.FAILURE, findings)
