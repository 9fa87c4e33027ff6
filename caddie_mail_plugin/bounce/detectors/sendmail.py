"""Sendmail (also V5 sendmail) texts: the error list and the session transcript."""

from __future__ import annotations

import re

from ..message_view import MessageView
from ..model import ReportKind
from .base import Detection
from .text_sections import ADDRESS, Block, error_section, findings_from_blocks, merge_duplicates

_SIGNATURE = re.compile(
    r"(?<!-)-++ ?(?:The following addresses had (?:permanent fatal errors|transient non-fatal errors|delivery problems)|"
    r"Transcript of session follows) ?-+",
    re.IGNORECASE,
)
_TRANSCRIPT_LINE = re.compile(rf"^[>\s]*(?:\d{{3}}[ -](?:\d\.\d{{1,3}}\.\d{{1,3}} )?)?<?(?P<addr>{ADDRESS})>?\.\.\.[ \t]*(?P<rest>.*)$")
_LISTED = re.compile(rf"^[>\s]*<(?P<addr>{ADDRESS})>[ \t]*(?P<rest>.*)$")
_SERVER_LINE = re.compile(r"^[>\s]*(?:<<<|\.\.\. while talking|While talking)", re.IGNORECASE)


def _blocks(section: str) -> list[Block]:
    blocks: list[Block] = []
    pending: list[str] = []
    for line in section.split("\n"):
        match = _TRANSCRIPT_LINE.match(line) or _LISTED.match(line)
        if match:
            blocks.append(Block(match.group("addr"), "\n".join([*pending, line])))
            pending = []
        elif _SERVER_LINE.match(line):
            if line.lstrip("> ").lower().startswith(("while talking", "... while talking")):
                pending = []
            pending.append(line)
        elif blocks and line.strip().startswith("(") and not pending:
            last = blocks[-1]
            blocks[-1] = Block(last.address, f"{last.text}\n{line}")
    return merge_duplicates(blocks)


def detect_sendmail(view: MessageView) -> Detection | None:
    """Collect addresses from ``<addr>`` list lines and ``addr... reason`` transcript lines."""
    match = _SIGNATURE.search(view.text[:8000])
    if match is None:
        return None
    section = error_section(view.text[match.start() :])
    findings = findings_from_blocks(_blocks(section))
    if not findings:
        return None
    delayed = "transient non-fatal" in section and "permanent fatal" not in section
    return Detection("sendmail", ReportKind.DELAYED if delayed else ReportKind.FAILURE, findings)
