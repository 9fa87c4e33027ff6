"""Postfix bounce texts without a machine-readable delivery-status part."""

from __future__ import annotations

import re

from ..message_view import MessageView
from ..model import ReportKind
from .base import Detection
from .text_sections import ADDRESS, error_section, findings_from_blocks, looks_delayed, split_blocks

_SIGNATURES = (
    "This is the Postfix program at host",
    "This is the mail system at host",
    "could not be delivered to one or more destinations",
)
_ADDRESS_LINE = re.compile(rf"^<(?P<addr>{ADDRESS})>(?: \(expanded from <[^>\n]{{0,300}}>\))?:")


def detect_postfix(view: MessageView) -> Detection | None:
    """Postfix reports ``<address>: explanation`` with continuation lines indented."""
    if not any(signature in view.text[:3000] for signature in _SIGNATURES):
        return None
    findings = findings_from_blocks(split_blocks(error_section(view.text), _ADDRESS_LINE))
    if not findings:
        return None
    delayed = looks_delayed(view)
    kind = ReportKind.DELAYED if delayed else ReportKind.FAILURE
    return Detection("postfix", kind, tuple(f for f in findings))
