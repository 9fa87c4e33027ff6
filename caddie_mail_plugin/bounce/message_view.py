"""Parse a message once into the small normalized view every detector reads."""

from __future__ import annotations

import email.message
import html
import re
from dataclasses import dataclass
from functools import cached_property

from .header_values import Headers, clean_str, header_pairs, last_header
from .mime_scan import headers_only, scan_message

MAX_INPUT_BYTES = 2 * 1024 * 1024
MAX_TEXT_CHARS = 64 * 1024
MAX_PARTS = 64
MAX_DEPTH = 6

_DS_TYPES = frozenset({"message/delivery-status", "message/global-delivery-status"})
_HEADER_PART_TYPES = frozenset(
    {"text/rfc822-headers", "message/rfc822-headers", "message/global-headers"}
)
_MESSAGE_TYPES = frozenset({"message/rfc822", "message/global", "message/partial"})
_TAG = re.compile(r"<[^<>]{0,2000}>")
_BLANK_RUNS = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class MessageView:
    """Headers, readable text and machine-readable parts of one message."""

    headers: Headers
    text: str
    delivery_status: str | None
    feedback_report: str | None
    original_message: email.message.Message | None
    content_types: tuple[str, ...]
    report_type: str | None

    @cached_property
    def text_lower(self) -> str:
        """``text`` lower-cased, computed once."""
        return self.text.lower()

    def original_header(self, name: str) -> str | None:
        """One header of the returned original (its last value), decoded; None if absent."""
        return last_header(self.original_message, name) if self.original_message is not None else None

    def header(self, name: str) -> str:
        """The first value of header ``name`` (case-insensitive), or ``""``."""
        wanted = name.lower()
        for key, value in self.headers:
            if key == wanted:
                return value
        return ""

    def header_all(self, name: str) -> tuple[str, ...]:
        """Every value of header ``name`` in order."""
        wanted = name.lower()
        return tuple(value for key, value in self.headers if key == wanted)

    @property
    def subject(self) -> str:
        """The decoded Subject header."""
        return self.header("subject")

    @property
    def sender(self) -> str:
        """The decoded From header."""
        return self.header("from")


def prepare_bytes(raw: bytes) -> bytes:
    """Bound the input, unify line endings to LF and drop an mbox ``From`` line."""
    data = raw[:MAX_INPUT_BYTES]
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if data.startswith(b"From "):
        newline = data.find(b"\n")
        data = data[newline + 1 :] if newline >= 0 else b""
    return data.lstrip(b"\n")


def part_text(part: email.message.Message, ctype: str = "") -> str:
    """The decoded text of a non-multipart part, bounded, with LF line endings."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        inner = part.get_payload()
        return clean_str(inner)[:MAX_TEXT_CHARS] if isinstance(inner, str) else ""
    payload = payload[: MAX_TEXT_CHARS * 4]
    charset = clean_str(part.get_content_charset() or "utf-8")
    try:
        text = payload.decode(charset, "replace")
    except (LookupError, ValueError):
        text = payload.decode("utf-8", "replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")[:MAX_TEXT_CHARS]
    if (ctype or part.get_content_type()).endswith("/html"):
        text = html.unescape(_TAG.sub(" ", text.replace("<br", "\n<br")))
    return _BLANK_RUNS.sub("\n\n", text)


def _delivery_status_text(part: email.message.Message) -> str:
    payload = part.get_payload()
    if isinstance(payload, list):
        blocks: list[str] = []
        for block in payload[:MAX_PARTS]:
            if not isinstance(block, email.message.Message):
                continue
            lines = [f"{clean_str(k)}: {clean_str(v)}" for k, v in block.items()]
            rest = block.get_payload()
            if isinstance(rest, str) and rest.strip():
                lines.append(clean_str(rest))
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)[:MAX_TEXT_CHARS]
    return part_text(part)


def _parse_headers_text(text: str) -> email.message.Message:
    return headers_only(text[:MAX_TEXT_CHARS])


class _Collector:
    def __init__(self) -> None:
        self.texts: list[str] = []
        self.html: list[tuple[email.message.Message, str]] = []  # decoded only without plain text
        self.delivery_status: list[str] = []
        self.feedback: str | None = None
        self.original: email.message.Message | None = None
        self.types: list[str] = []
        self.top_type = ""

    def walk(self, part: email.message.Message, depth: int) -> None:
        if len(self.types) >= MAX_PARTS or depth > MAX_DEPTH:
            return
        ctype = clean_str(part.get_content_type()).lower()
        self.types.append(ctype)
        if depth == 0:
            self.top_type = ctype
        payload = part.get_payload()
        if ctype in _DS_TYPES:
            self.delivery_status.append(_delivery_status_text(part))
        elif ctype == "message/feedback-report":
            self.feedback = _delivery_status_text(part)
        elif ctype in _MESSAGE_TYPES or (depth > 0 and isinstance(payload, list) and ctype.startswith("message/")):
            inner = payload[0] if isinstance(payload, list) and payload else None
            if isinstance(inner, email.message.Message) and self.original is None:
                self.original = inner
            elif isinstance(payload, str) and self.original is None:
                self.original = _parse_headers_text(clean_str(payload))
        elif ctype in _HEADER_PART_TYPES:
            if self.original is None:
                self.original = _parse_headers_text(part_text(part, ctype))
        elif isinstance(payload, list):
            for sub in payload:
                if isinstance(sub, email.message.Message):
                    self.walk(sub, depth + 1)
        elif ctype.startswith("text/") or ctype == "multipart/report" or depth == 0:
            if ctype.endswith("/html"):
                self.html.append((part, ctype))
            else:
                self.texts.append(part_text(part, ctype))


def build_view(raw: bytes | email.message.Message) -> MessageView:
    """Parse ``raw`` into a :class:`MessageView`; may raise on broken input."""
    if isinstance(raw, email.message.Message):
        message = raw
    else:  # the bytes as the email package reads them (ASCII, other bytes as surrogates)
        message = scan_message(prepare_bytes(raw).decode("ascii", "surrogateescape"))
    collector = _Collector()
    collector.walk(message, 0)
    texts = collector.texts or [part_text(part, ctype) for part, ctype in collector.html]
    report_type = message.get_param("report-type") if collector.top_type == "multipart/report" else None
    return MessageView(
        headers=header_pairs(message),
        text="\n".join(texts)[:MAX_TEXT_CHARS],
        delivery_status="\n\n".join(collector.delivery_status) or None,
        feedback_report=collector.feedback,
        original_message=collector.original,
        content_types=tuple(collector.types),
        report_type=clean_str(report_type).lower() if isinstance(report_type, str) else None,
    )
