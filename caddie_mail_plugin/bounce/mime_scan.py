"""A lean MIME reader for bounces: the structure the detectors need, nothing more.

``email.message_from_bytes`` feeds every line of a message through its
feedparser - including every line of the returned original message and its
attachments, which a bounce parser never reads.  This module builds the same
``email.message.Message`` objects (same compat32 header values, so
``get_content_type``, ``get_boundary`` and ``get_payload(decode=True)`` behave
exactly as before) by splitting the text with ``str.find``:

* headers end at the first empty line or the first line that is no header,
  as in the feedparser (a first ``From `` line is the mbox envelope);
* a multipart is cut at its boundary lines (``--b``, ``--b--``, trailing
  blanks allowed); the newline before a boundary belongs to the boundary;
* ``message/delivery-status`` becomes one header block per blank-line block;
* any other ``message/*`` part (the returned original) gets only its headers
  parsed; its body stays one unparsed string.

Depth and part counts are bounded, so hostile input cannot recurse deeply.
"""

from __future__ import annotations

import email.message
import re
from collections.abc import Iterator

from .scanned_message import ScannedMessage

MAX_DEPTH = 8
MAX_PARTS = 64

#: The header block: lines the feedparser takes for header lines, up to the first other line.
_HEADER_BLOCK = re.compile(r"(?:(?:From |[\041-\071\073-\176]*+:|[\t ])[^\n]*+(?:\n|\Z))*+")
#: One field: a name (no blank, no colon), its first line after the colon, and its folded lines.
_FIELD = re.compile(r"^([\041-\071\073-\176]++):[ \t]*+([^\n]*+(?:\n[ \t][^\n]*+)*+)", re.MULTILINE)


def split_headers(text: str) -> tuple[list[tuple[str, str]], str]:
    """The (name, value) headers at the top of ``text`` and the rest (the body).

    Values are compat32's: the first line after the colon left-stripped, folded
    lines kept with their line breaks.  A line starting with ``From `` (the mbox
    envelope) is no field, and neither are lines folded onto it."""
    match = _HEADER_BLOCK.match(text)
    end = match.end() if match else 0
    block = text[:end]
    body = text[end + 1 :] if text.startswith("\n", end) else text[end:]
    fields = [(name, value.rstrip("\r\n")) for name, value in _FIELD.findall(block)]
    return fields, body


def headers_only(text: str) -> email.message.Message:
    """A message of the headers of ``text``; the rest stays an unparsed payload."""
    return _headers_and_body(text)[0]


def _headers_and_body(text: str) -> tuple[ScannedMessage, str]:
    headers, body = split_headers(text)
    message = ScannedMessage(headers)
    message.set_payload(body)
    return message, body


def _boundary_lines(body: str, boundary: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end after its newline, is the closing one) of each boundary line."""
    separator = "--" + boundary
    pos, size = 0, len(body)
    while True:
        found = body.find(separator, pos)
        if found < 0:
            return
        if found == 0 or body[found - 1] == "\n":
            tail_start = found + len(separator)
            closing = body.startswith("--", tail_start)
            newline = body.find("\n", tail_start)
            line_end = newline if newline >= 0 else size
            tail = body[tail_start + (2 if closing else 0) : line_end]
            if not tail.strip(" \t"):
                yield found, min(line_end + 1, size), closing
                pos = line_end + 1
                continue
        pos = found + 1


def split_multipart(body: str, boundary: str) -> list[str] | None:
    """The parts between boundary lines; None when no opening boundary line exists."""
    marks: list[tuple[int, int, bool]] = []
    for mark in _boundary_lines(body, boundary):
        marks.append(mark)
        if mark[2] or len(marks) > MAX_PARTS:
            break
    if not marks or marks[0][2]:
        return None
    parts: list[str] = []
    for (_, start, closing), following in zip(marks, [*marks[1:], None]):
        if closing:
            break
        if following is None:
            parts.append(body[start:])
            break
        if following[0] == start:
            continue  # two boundary lines in a row: no part between them
        end = following[0] - 1 if body[following[0] - 1] == "\n" else following[0]  # the newline is the boundary's
        parts.append(body[start:end])
    return parts


def _preamble(body: str, boundary: str) -> str:
    """What a multipart without an opening boundary line keeps: the text before any closing one."""
    for start, _, _ in _boundary_lines(body, boundary):
        return body[:start]
    return body


class _Budget:
    def __init__(self) -> None:
        self.parts = 0


def scan_message(text: str) -> email.message.Message:
    """Build the message tree of ``text`` (decoded as ASCII with surrogate escapes)."""
    return _build(text, "text/plain", 0, _Budget())


def _build(text: str, default_type: str, depth: int, budget: _Budget) -> email.message.Message:
    budget.parts += 1
    message, body = _headers_and_body(text)  # get_payload() would decode surrogates
    if default_type != "text/plain":
        message.set_default_type(default_type)
    ctype = message.get_content_type()
    maintype = ctype.partition("/")[0]
    if depth >= MAX_DEPTH or budget.parts > MAX_PARTS:
        return message
    if ctype == "message/delivery-status":
        blocks = [b for b in body.split("\n\n") if b.strip("\n")][:MAX_PARTS]
        message.set_payload([headers_only(b.strip("\n")) for b in blocks])
    elif maintype == "message":
        message.set_payload([headers_only(body)])
    elif maintype == "multipart":
        boundary = message.get_boundary()
        if boundary is None:
            return message
        parts = split_multipart(body, boundary)
        if parts is None:
            message.set_payload(_preamble(body, boundary))
            return message
        inner = "message/rfc822" if ctype == "multipart/digest" else "text/plain"
        message.set_payload([_build(p, inner, depth + 1, budget) for p in parts[:MAX_PARTS]])
    return message
