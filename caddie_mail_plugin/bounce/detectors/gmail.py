"""Gmail's own (pre-DSN) ``Delivery Status Notification`` texts."""

from __future__ import annotations

import re

from ..message_view import MessageView
from ..model import ReportKind
from .base import Detection, Finding
from .text_sections import ADDRESS, error_section

_START = re.compile(
    r"Delivery to the following recipients? (?:failed permanently|has been delayed|failed)[^\n]*\n",
    re.IGNORECASE,
)
_RECIPIENT = re.compile(rf"^[ \t]+(?P<addr>{ADDRESS})[ \t]*$", re.MULTILINE)
_DETAILS = re.compile(r"^Technical details of (?:permanent|temporary) failure:", re.IGNORECASE | re.MULTILINE)


def detect_gmail(view: MessageView) -> Detection | None:
    """Gmail names the recipients indented, then gives shared technical details."""
    section = error_section(view.text, _START)
    if not section:
        return None
    details_match = _DETAILS.search(section)
    listing = section[: details_match.start()] if details_match else section
    details = section[details_match.end() :] if details_match else section
    addresses = list(dict.fromkeys(m.group("addr") for m in _RECIPIENT.finditer(listing)))
    if not addresses:
        return None
    delayed = "has been delayed" in view.text[:4000]
    action = "delayed" if delayed else "failed"
    findings = tuple(Finding(a, details, action=action) for a in addresses)
    return Detection("gmail", ReportKind.DELAYED if delayed else ReportKind.FAILURE, findings)
