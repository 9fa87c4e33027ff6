"""Find and clean e-mail addresses in bounce text."""

from __future__ import annotations

import re

ADDRESS_PATTERN = r"(?:\"[^\"\n<>@]{1,64}\"|[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64})@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,10}"
_ADDRESS = re.compile(ADDRESS_PATTERN)
_MESSAGE_ID = re.compile(r"^message-id:[ \t]*(<[^<>\s]{1,250}>)", re.IGNORECASE | re.MULTILINE)
_ROBOT_LOCAL_PARTS = ("mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon")


def clean_address(value: str) -> str | None:
    """Pull the addr-spec out of ``value`` (``rfc822;<a@b>``, ``"a@b"``); None if there is none."""
    text = value.strip()
    if ";" in text[:20]:
        text = text.partition(";")[2].strip()
    text = text.strip("<>' \t")
    for match in _ADDRESS.finditer(text[:600]):
        if is_plausible(match.group(0)):
            return match.group(0)
    return None


def is_plausible(address: str) -> bool:
    """Reject unquoted local parts with leading, trailing or doubled dots (``david...@x``)."""
    local = address.rpartition("@")[0]
    if local.startswith('"'):
        return True
    return not (local.startswith(".") or local.endswith(".") or ".." in local)


def find_addresses(text: str, limit: int = 200) -> list[str]:
    """Every address in ``text``, in order, without duplicates (case-insensitive)."""
    seen: set[str] = set()
    found: list[str] = []
    for match in _ADDRESS.finditer(text):
        address = match.group(0)
        if is_plausible(address) and address.lower() not in seen:
            seen.add(address.lower())
            found.append(address)
            if len(found) >= limit:
                break
    return found


def is_robot(address: str) -> bool:
    """True for mailer-daemon / postmaster style addresses."""
    local = address.partition("@")[0].lower()
    return local.startswith(_ROBOT_LOCAL_PARTS)


def find_message_id(text: str) -> str | None:
    """The first ``Message-ID:`` header value found at a line start in ``text``."""
    match = _MESSAGE_ID.search(text)
    return match.group(1) if match else None
