"""Turning a message into the bytes of the SMTP DATA phase, fast.

The stdlib generator refolds every header through the policy's header parser
(5-10 us each, most of the serialisation time) and writes the body line by
line.  A header whose value is short, printable ASCII serialises correctly as
``Name: value``: its ``str()`` is the policy's own rendering (for address and
parameter headers the normalised one, e.g. without needless quotes).  This
generator writes such lines directly and leaves every other header (long,
non-ASCII, encoded words, comments, groups) to the stdlib; the body is
written by the stdlib's own code except that its line endings are converted
in one call.  The tests check the result against ``as_bytes``.
"""

from __future__ import annotations

import re
from email import headerregistry
from email.generator import BytesGenerator
from email.message import Message
from email.policy import Policy
from email.utils import _has_surrogates  # type: ignore[attr-defined]
from io import BytesIO

# Printable ASCII without a leading or trailing space, and nothing the
# stdlib would render differently: no encoded word ("=?"), no comment or
# escape ("(", ")", "\\").  One expression, checked once per header.
_SIMPLE_VALUE = re.compile(r"(?!.*=\?)[!-'*-\[\]-~](?:[ -'*-\[\]-~]*[!-'*-\[\]-~])?")
MAX_LINE = 78
# Header kinds whose str() is a complete, correct rendering of the value.
_SIMPLE_KINDS = (
    headerregistry.UnstructuredHeader,
    headerregistry.DateHeader,
    headerregistry.MessageIDHeader,
    headerregistry.MIMEVersionHeader,
    headerregistry.ContentTransferEncodingHeader,
    headerregistry.ContentTypeHeader,
    headerregistry.ContentDispositionHeader,
    headerregistry.AddressHeader,
)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the stdlib generator's NLCRE


class _FastHeaderGenerator(BytesGenerator):
    def _write_lines(self, lines: str) -> None:
        # Same output as the stdlib's split-and-write loop, in one call.
        if not lines:
            return
        newline: str = self._NL
        text = lines.replace("\n", newline) if "\r" not in lines else _LINE_BREAK.sub(newline, lines)
        self.write(text)

    def headers_only(self, msg: Message) -> None:
        """The header block (and the empty line after it), set up as
        ``flatten`` would; the caller writes the body."""
        self._NL = self.policy.linesep  # type: ignore[union-attr]
        self._encoded_NL = self._encode(self._NL)  # type: ignore[attr-defined]
        self._EMPTY = ""
        self._encoded_EMPTY = self._encode(self._EMPTY)  # type: ignore[attr-defined]
        self._write_headers(msg)

    def _write_headers(self, msg: Message) -> None:
        newline: str = self._NL
        fold = self.policy.fold_binary  # type: ignore[union-attr]
        lines: list[bytes] = []
        for name, value in msg.raw_items():
            text = str(value)
            # (Header objects subclass str: a plain string has exactly type str.)
            if (
                (type(value) is str or isinstance(value, _SIMPLE_KINDS))
                and len(name) + 2 + len(text) <= MAX_LINE
                and _SIMPLE_VALUE.fullmatch(text)
                and not (isinstance(value, headerregistry.AddressHeader) and not _plain_addresses(value))
            ):
                lines.append(f"{name}: {text}{newline}".encode("ascii", "surrogateescape"))
            else:
                lines.append(fold(name, value))
        lines.append(newline.encode("ascii"))
        self._fp.write(b"".join(lines))  # type: ignore[attr-defined]


def _plain_addresses(header: headerregistry.AddressHeader) -> bool:
    """No groups, and display names whose str() keeps them exactly (str()
    does not quote leading, trailing or doubled spaces)."""
    if any(group.display_name is not None for group in header.groups):
        return False
    return all(
        a.display_name == a.display_name.strip() and "  " not in a.display_name
        for a in header.addresses
    )


def message_bytes(message: Message) -> bytes:
    """The message with CRLF line endings, as ``as_bytes`` would give it."""
    buffer = BytesIO()
    policy = message.policy.clone(linesep="\r\n")
    generator = _FastHeaderGenerator(buffer, mangle_from_=False, policy=policy)
    body = _single_part_body(message, policy)
    if body is None:
        generator.flatten(message, unixfrom=False)
    else:
        generator.headers_only(message)
        buffer.write(body)
    return buffer.getvalue()


def _single_part_body(message: Message, policy: Policy) -> bytes | None:
    """The body of a single-part message as the stdlib generator writes it,
    or ``None`` where the generator must decide (multipart and message/*
    parts, a 7bit policy that may re-encode, text it cannot encode).

    For a part whose payload is a string, ``BytesGenerator`` writes the
    payload line by line with the policy's line separator, each character
    encoded as ASCII with ``surrogateescape`` (how ``set_content`` stores an
    8bit body); that is one replace and one encode here."""
    payload = message._payload  # type: ignore[attr-defined]
    if type(payload) is not str or getattr(policy, "cte_type", "8bit") != "8bit":
        return None
    if message.get_content_maintype() in ("multipart", "message"):
        return None
    if not payload.isascii() and not _has_surrogates(payload):
        return None  # non-ASCII text without an encoding: the generator's own error
    text = payload.replace("\n", "\r\n") if "\r" not in payload else _LINE_BREAK.sub("\r\n", payload)
    try:
        return text.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        return None
