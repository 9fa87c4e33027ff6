"""Courier mail server notifications (human-readable part)."""

from __future__ import annotations

import re

from ..message_view import MessageView
from ..model import ReportKind
from .base import Detection
from .text_sections import ADDRESS, error_section, findings_from_blocks, split_blocks

_START = re.compile(
    r"Your message to the following recipients? (?:cannot be delivered|has been delayed)[^\n]*\n", re.IGNORECASE
)
_ADDRESS_LINE = re.compile(rf"^<(?P<addr>{ADDRESS})>:")


def detect_courier(view: MessageView) -> Detection | None:
    """Courier lists ``<address>:`` with the SMTP dialogue (``>>>`` / ``<<<``) below."""
    if "running the Courier mail server" not in view.text[:3000]:
        return None
    section = error_section(view.text, _START)
    delayed = "has been delayed" in view.text[:3000]
    findings = findings_from_blocks(split_blocks(section, _ADDRESS_LINE), action="delayed" if delayed else None)
    if not findings:
        return None
    return Detection("courier", ReportKind.DELAYED if delayed else ReportKind.FAILURE, findings)
