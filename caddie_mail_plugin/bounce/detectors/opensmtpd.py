"""OpenSMTPD's MAILER-DAEMON texts (``address: remote answer``)."""

from __future__ import annotations

import re

from ..message_view import MessageView
from ..model import ReportKind
from .base import Detection
from .text_sections import ADDRESS, error_section, findings_from_blocks, split_blocks

_START = re.compile(r"following list of recipients:?[ \t]*\n|Delivery attempts will continue[^\n]*\n", re.IGNORECASE)
_ADDRESS_LINE = re.compile(rf"^<?(?P<addr>{ADDRESS})>?:")


def detect_opensmtpd(view: MessageView) -> Detection | None:
    """OpenSMTPD lists ``address: diagnostic`` lines after a fixed introduction."""
    if "This is the MAILER-DAEMON, please DO NOT REPLY" not in view.text[:2000]:
        return None
    section = error_section(view.text, _START)
    delayed = "temporary failure" in view.text[:2000].lower() or "delayed" in view.subject.lower()
    action = "delayed" if delayed else "failed"
    findings = findings_from_blocks(split_blocks(section, _ADDRESS_LINE), action=action)
    if not findings:
        return None
    return Detection("opensmtpd", ReportKind.DELAYED if delayed else ReportKind.FAILURE, findings)
