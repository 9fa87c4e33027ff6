"""Microsoft Exchange 2003 and Office 365 / Outlook texts without a usable DSN part."""

from __future__ import annotations

import re

from ..message_view import MessageView
from ..model import ReportKind
from .base import Detection, Finding
from .text_sections import ADDRESS, Block, error_section, findings_from_blocks, split_blocks

_EXCHANGE_START = re.compile(
    r"(?:did not reach the following recipient\(s\):|could not be reached:|"
    r"Did not reach the following recipient:)[ \t]*\n?",
    re.IGNORECASE,
)
_EXCHANGE_LINE = re.compile(rf"^[ \t]*(?:[^\n]{{0,200}}?SMTP=)?(?P<addr>{ADDRESS});?(?= on |[ \t]*$)")
_O365_START = re.compile(
    r"(?:Delivery has failed to these recipients or groups:|"
    r"Die Nachricht konnte an folgende Empf[^\n]{0,20} oder Gruppen nicht [^\n]{0,20}zugestellt werden:)",
    re.IGNORECASE,
)
_O365_LINE = re.compile(rf"^[ \t]*(?P<addr>{ADDRESS})(?:[ \t]*[<(](?:mailto:)?[^>)\n]{{0,300}}[>)])?[ \t]*$")
_REMOTE = re.compile(r"^(?:Remote Server returned|Remoteserver hat) '?(?P<text>[^\n]{1,600})", re.IGNORECASE | re.MULTILINE)


def _office365(view: MessageView) -> tuple[Finding, ...]:
    match = _O365_START.search(view.text)
    if match is None:
        return ()
    section = view.text[match.end() :]
    listing = section.split("Diagnostic information for administrators", 1)[0]
    blocks = split_blocks(listing[:8000], _O365_LINE)
    remote = [m.group("text") for m in _REMOTE.finditer(section[:20000])]
    shared = "\n".join(remote)
    return tuple(Finding(b.address, f"{b.text}\n{shared}") for b in blocks)


def detect_exchange(view: MessageView) -> Detection | None:
    """Exchange lists ``address on date`` lines; Office 365 a ``Delivery has failed`` list."""
    findings = _office365(view)
    if not findings:
        blocks: list[Block] = split_blocks(error_section(view.text, _EXCHANGE_START), _EXCHANGE_LINE)
        findings = findings_from_blocks(blocks)
    if not findings:
        return None
    return Detection("exchange", ReportKind.FAILURE, findings)
