"""Shared helpers for plain-text bounces: cut the error section, split it per recipient."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..addresses import ADDRESS_PATTERN, is_plausible, is_robot
from ..message_view import MessageView
from .base import Finding

#: Lines that start the returned original message in plain-text bounces.  The
#: leading run of blanks, quote marks and dashes is taken possessively (a long
#: line of dashes would otherwise cost quadratic backtracking); the markers
#: that need dashes before them check for them behind.
_AFTER_DASHES = (
    r"This is a copy of (?:the|your) message|"
    r"Below this line is a copy of the message|"
    r"Original message -+|"
    r"Message header follows|"
    r"Unsent message follows|"
    r"Original message follows|"
    r"Returned message|"
    r"Message text follows|"
    r"Original message headers|"
    r"Original Message|"
    r"Headers of the original message|"
    r"Partial message follows|"
    r"The header of the original message is following|"
    r"Ursprüngliche Nachricht|"
    r"Kopfzeilen der Nachricht"
)
_PLAIN = (
    r"Below is a copy of the original message|"
    r"Message headers follow|"
    r"Original message header:|"
    r"Original message headers:|"
    r"Content-Type: message/rfc822"
)
ORIGINAL_MESSAGE_MARKERS = re.compile(
    rf"^[ \t|>-]*+(?:(?:(?<=-)|(?<=- ))(?:{_AFTER_DASHES})|{_PLAIN})",
    re.IGNORECASE | re.MULTILINE,
)

ADDRESS = ADDRESS_PATTERN
_DELAY_SUBJECTS = ("delayed", "delay", "delivery warning", "verzögert", "still being retried")
_DELAY_PHRASES = (
    "this is a warning", "has not yet been delivered", "will be retried", "has been postponed",
    "will continue to try", "delivery attempts will continue",
)


@dataclass(frozen=True)
class Block:
    """One recipient line and the lines that follow it up to the next recipient."""

    address: str
    text: str


def error_section(text: str, start: re.Pattern[str] | None = None) -> str:
    """The text after ``start`` (or from the top) up to the returned original message."""
    begin = 0
    if start is not None:
        match = start.search(text)
        if match is None:
            return ""
        begin = match.end()
    stop = ORIGINAL_MESSAGE_MARKERS.search(text, begin)
    return text[begin : stop.start() if stop else begin + 16384]


def split_blocks(section: str, address_line: re.Pattern[str], limit: int = 200) -> list[Block]:
    """Split ``section`` at lines matching ``address_line`` (which has a group ``addr``)."""
    blocks: list[Block] = []
    current: str | None = None
    lines: list[str] = []
    for line in section.split("\n"):
        match = address_line.match(line)
        if match and len(blocks) < limit:
            if current is not None:
                blocks.append(Block(current, "\n".join(lines)))
            current = match.group("addr")
            lines = [line[match.end() :]]
        elif current is not None:
            lines.append(line)
    if current is not None:
        blocks.append(Block(current, "\n".join(lines)))
    return merge_duplicates(blocks)


def merge_duplicates(blocks: list[Block]) -> list[Block]:
    """Join blocks naming the same address (case-insensitive), keeping first order."""
    merged: dict[str, Block] = {}
    for block in blocks:
        key = block.address.lower()
        if key in merged:
            merged[key] = Block(merged[key].address, f"{merged[key].text}\n{block.text}")
        else:
            merged[key] = block
    return list(merged.values())


def findings_from_blocks(blocks: list[Block], action: str | None = None) -> tuple[Finding, ...]:
    """One :class:`Finding` per block, skipping mailer-daemon style addresses."""
    return tuple(
        Finding(address=block.address, diagnostic=block.text, action=action)
        for block in blocks
        if not is_robot(block.address) and is_plausible(block.address)
    )


def looks_delayed(view: MessageView) -> bool:
    """True when subject or text say the message is only delayed, not failed."""
    subject = view.subject.lower()
    if any(word in subject for word in _DELAY_SUBJECTS):
        return True
    head = view.text[:3000].lower()
    return any(phrase in head for phrase in _DELAY_PHRASES)
