"""Find RFC 3463 enhanced status codes and SMTP reply codes in diagnostic text."""

from __future__ import annotations

import re

MAX_DIAGNOSTIC = 1000

_ENHANCED = re.compile(r"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)")
_REPLY = re.compile(r"(?<![\d.\w#-])([245][0-5]\d)(?=[ \-:]|$)")
_SPACE = re.compile(r"\s+")


def collapse(text: str, limit: int = MAX_DIAGNOSTIC) -> str:
    """Collapse whitespace runs to single spaces and bound the length."""
    return _SPACE.sub(" ", text[: limit * 4]).strip()[:limit]


def enhanced_status(text: str) -> str | None:
    """The first plausible enhanced status code (``5.1.1``) in ``text``."""
    for match in _ENHANCED.finditer(text[:4000]):
        klass, subject, detail = match.groups()
        if int(subject) <= 7 and int(detail) < 1000:
            return f"{klass}.{int(subject)}.{int(detail)}"
    return None


def reply_code(text: str) -> int | None:
    """The first SMTP reply code (``550``) in ``text``."""
    match = _REPLY.search(text[:4000])
    return int(match.group(1)) if match else None


_COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("RCPT", ("rcpt to", "rcpt command", "rcpt_to", "smtp:rcpt", "rcpt>", "does not like recipient")),
    ("MAIL", ("mail from", "mail command", "mail_from", "smtp:mail")),
    ("DATA", ("end of data", "data command", ">>> data", "after data", "final data", "end of message", "smtp:data")),
    ("HELO", ("ehlo ", "helo ", "my name was rejected")),
    ("CONN", ("initial connection", "smtp greeting", "connecting to", "connection refused")),
)


def smtp_command(text: str) -> str | None:
    """The SMTP command a failure answered (``RCPT``, ``MAIL``, ``DATA``...), if the text says."""
    lowered = text[:4000].lower()
    best: tuple[int, str] | None = None
    for command, phrases in _COMMANDS:
        for phrase in phrases:
            index = lowered.rfind(phrase)
            if index >= 0 and (best is None or index > best[0]):
                best = (index, command)
    return best[1] if best else None


def status_from_field(value: str) -> str | None:
    """Read a ``Status:`` field value (``5.1.1 (user unknown)``)."""
    return enhanced_status(value.strip()[:40])


def status_class(status: str | None, code: int | None) -> str | None:
    """``"5"``, ``"4"`` or ``"2"`` from the status code, else from the reply code."""
    if status and status[0] in "245":
        return status[0]
    if code is not None:
        return str(code)[0]
    return None
