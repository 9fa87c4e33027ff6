"""Yahoo's ``Failure Notice`` bounces."""

from __future__ import annotations

import re

from ..message_view import MessageView
from ..model import ReportKind
from .base import Detection
from .text_sections import ADDRESS, error_section, findings_from_blocks, split_blocks

_START = re.compile(r"Sorry, we were unable to deliver your message to the following address(?:es)?\.?", re.IGNORECASE)
_ADDRESS_LINE = re.compile(rf"^<(?P<addr>{ADDRESS})>:?")


def detect_yahoo(view: MessageView) -> Detection | None:
    """Yahoo lists each recipient as ``<address>:`` followed by ``Remote host said``."""
    section = error_section(view.text, _START)
    if not section:
        return None
    findings = findings_from_blocks(split_blocks(section, _ADDRESS_LINE))
    if not findings:
        return None
    return Detection("yahoo", ReportKind.FAILURE, findings)
