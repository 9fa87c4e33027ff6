"""GMX, web.de, T-Online and IONOS / 1&1 bounces (Exim-like texts with own layouts)."""

from __future__ import annotations

import re

from ..message_view import MessageView
from ..model import ReportKind
from .base import Detection
from .text_sections import ADDRESS, error_section, findings_from_blocks, split_blocks

_PROVIDER_HOSTS = ("gmx.", "web.de", "kundenserver.", "1and1.", "1und1.", "ionos.", "t-online.", "mail.com")
_START = re.compile(
    r"(?:following address(?:\(es\))?\s+failed:|Die folgenden Adressen sind fehlgeschlagen:|"
    r"konnte nicht an (?:alle|einen oder mehrere) Empf[^\n]{0,40}zugestellt werden[^\n]*)[ \t]*\n",
    re.IGNORECASE,
)
_ADDRESS_LINE = re.compile(rf"^[\"<]{{0,2}}(?P<addr>{ADDRESS})[\">]{{0,2}}:?[ \t]*(?=$|SMTP|Reason)")


def _from_provider(view: MessageView) -> bool:
    sender = view.sender.lower()
    received = " ".join(view.header_all("received")[:3]).lower()
    return any(host in sender or host in received for host in _PROVIDER_HOSTS)


def detect_german_provider(view: MessageView) -> Detection | None:
    """These providers list recipients unindented (GMX quotes them) after a fixed sentence."""
    if not _from_provider(view):
        return None
    section = error_section(view.text, _START)
    findings = findings_from_blocks(split_blocks(section, _ADDRESS_LINE))
    if not findings:
        return None
    return Detection("german-provider", ReportKind.FAILURE, findings)
