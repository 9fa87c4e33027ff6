"""Tolerant reader of RFC 3464 delivery-status fields (also found inline in text)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FIELD = re.compile(r"([A-Za-z][A-Za-z0-9-]{0,40})[ \t]*:[ \t]*(.*)")
_RECIPIENT_FIELDS = frozenset({"final-recipient", "original-recipient", "x-actual-recipient"})
MAX_RECIPIENTS = 500


@dataclass(frozen=True)
class DsnFields:
    """Per-message fields and one field mapping per recipient, in order."""

    per_message: dict[str, str]
    recipients: tuple[dict[str, str], ...]


def iter_fields(text: str) -> list[tuple[str, str]]:
    """Split ``text`` into (lower-cased name, unfolded value) pairs."""
    fields: list[tuple[str, str]] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if line[0] in " \t" and fields:
            name, value = fields[-1]
            fields[-1] = (name, f"{value} {line.strip()}")
            continue
        match = _FIELD.match(line)
        if match:
            fields.append((match.group(1).lower(), match.group(2).strip()))
    return fields


def _starts_recipient(name: str, current: dict[str, str] | None) -> bool:
    if current is None:
        return True
    if name == "final-recipient":
        return "final-recipient" in current
    if name == "original-recipient":
        complete = "action" in current or "status" in current
        return "original-recipient" in current or ("final-recipient" in current and complete)
    return False


def read_dsn_fields(text: str) -> DsnFields:
    """Group delivery-status fields into per-message and per-recipient sets.

    Blank lines between recipient blocks are not required: a new recipient
    starts whenever a recipient field repeats.
    """
    per_message: dict[str, str] = {}
    recipients: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for name, value in iter_fields(text):
        if name in _RECIPIENT_FIELDS and _starts_recipient(name, current):
            if len(recipients) >= MAX_RECIPIENTS:
                break
            current = {}
            recipients.append(current)
        if current is None:
            per_message.setdefault(name, value)
        else:
            current.setdefault(name, value)
    return DsnFields(per_message=per_message, recipients=tuple(recipients))


def strip_type(value: str) -> str:
    """Drop an RFC 3464 type prefix such as ``rfc822;`` or ``dns;``."""
    head, semicolon, rest = value.partition(";")
    if semicolon and " " not in head.strip() and len(head) < 20:
        return rest.strip()
    return value.strip()
