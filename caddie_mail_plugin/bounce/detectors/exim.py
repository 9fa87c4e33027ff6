"""Exim's plain-text bounces and delay warnings."""

from __future__ import annotations

import re

from ..addresses import clean_address
from ..message_view import MessageView
from ..model import ReportKind
from .base import Detection, Finding
from .text_sections import ADDRESS, error_section, findings_from_blocks, split_blocks

_SIGNATURE = "This message was created automatically by mail delivery software"
_COPY_MARKER = "is a copy of your message, including all the headers"
_START = re.compile(
    r"(?:address\(es\) failed:|has not yet been delivered is:|not yet been delivered to the following|"
    r"following addresses? failed:|addresses that were\s+incorrectly constructed:|could not be delivered to one or more of its recipients[^\n]*\n)",
    re.IGNORECASE,
)
_ADDRESS_LINE = re.compile(rf"^ {{1,3}}(?:[^\s<>]{{1,200}} <)?(?P<addr>{ADDRESS})>?:?(?=\s|$)")


def detect_exim(view: MessageView) -> Detection | None:
    """Exim bounces start with a fixed sentence and list addresses indented by two spaces."""
    head = view.text[:4000]
    if _SIGNATURE not in head and _COPY_MARKER not in head and not view.header("x-failed-recipients"):
        return None
    section = error_section(view.text, _START)
    blocks = split_blocks(section, _ADDRESS_LINE)
    delayed = "has not yet been delivered" in view.text[:4000]
    action = "delayed" if delayed else "failed"
    findings = findings_from_blocks(blocks, action=action)
    if not findings:
        header = view.header("x-failed-recipients")
        addresses = [clean_address(a) for a in header.split(",")]
        findings = tuple(Finding(a, section, action=action) for a in addresses if a)
    if not findings:
        return None
    return Detection("exim", ReportKind.DELAYED if delayed else ReportKind.FAILURE, findings)
