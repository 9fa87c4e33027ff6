"""Signed VERP bounce addresses: ``bounces+TOKEN@domain``.

TOKEN is lower-case base32 (safe in a local part, and still valid when an MTA
changes its case) of: one flags byte, the mail id, the recipient, and an
HMAC-SHA256 tag truncated to 10 bytes over all of that.

When mail id and recipient do not fit into the 64-character local part, the
recipient is replaced by the first 6 bytes of SHA-256 of its lower-cased form
(``VerpToken.recipient`` is then None): the receiver maps ``recipient_digest``
back to an address through its delivery log for that mail id.  Hex mail ids
(UUIDs, hashes) are packed as bytes.  A mail id that does not fit even then is
refused with ``ValueError``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass

MAX_LOCAL_PART = 64
MAX_ADDRESS = 254
TAG_BYTES = 10
DIGEST_BYTES = 6
_COMPACT = 0x01
_HEX_ID = 0x02
_HEX = re.compile(r"(?:[0-9a-f]{2})+")
_TOKEN = re.compile(r"[a-z2-7]{16,}")


@dataclass(frozen=True)
class VerpToken:
    """What a verified bounce address says about the bounced mail."""

    mail_id: str
    recipient: str | None
    recipient_digest: str

    def matches(self, recipient: str) -> bool:
        """True when ``recipient`` is the address this token was made for."""
        return hmac.compare_digest(recipient_digest(recipient), self.recipient_digest)


def recipient_digest(recipient: str) -> str:
    """Hex of the first 6 bytes of SHA-256 of the lower-cased recipient."""
    return hashlib.sha256(recipient.strip().lower().encode("utf-8")).digest()[:DIGEST_BYTES].hex()


def _tag(secret: bytes, body: bytes) -> bytes:
    return hmac.new(secret, b"caddie-verp-v1" + body, hashlib.sha256).digest()[:TAG_BYTES]


def _encode(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=").lower()


def _pack_id(mail_id: str) -> tuple[int, bytes]:
    if _HEX.fullmatch(mail_id):
        return _HEX_ID, bytes.fromhex(mail_id)
    return 0, mail_id.encode("utf-8")


def make_bounce_address(*, domain: str, mail_id: str, recipient: str, secret: bytes, local_part: str = "bounces") -> str:
    """Build ``local_part+TOKEN@domain`` for one mail and one recipient."""
    if not secret:
        raise ValueError("a non-empty secret is needed to sign bounce addresses")
    if not mail_id or not recipient or not domain or "+" in local_part or "@" in local_part:
        raise ValueError("domain, mail_id and recipient are required; local_part may not contain '+' or '@'")
    flags, packed_id = _pack_id(mail_id)
    if len(packed_id) > 255:
        raise ValueError("mail_id is longer than 255 bytes")
    room = MAX_LOCAL_PART - len(local_part) - 1
    for extra, tail in ((0, recipient.encode("utf-8")), (_COMPACT, bytes.fromhex(recipient_digest(recipient)))):
        body = bytes([flags | extra, len(packed_id)]) + packed_id + tail
        token = _encode(body + _tag(secret, body))
        if len(token) <= room:
            address = f"{local_part}+{token}@{domain}"
            if len(address) > MAX_ADDRESS:
                raise ValueError("the bounce address would be longer than 254 characters; use a shorter domain")
            return address
    raise ValueError(f"mail_id too long for a bounce address: at most {(room * 5 // 8) - 2 - DIGEST_BYTES - TAG_BYTES} bytes")


def _decode(token: str) -> bytes | None:
    if not _TOKEN.fullmatch(token):
        return None
    try:
        return base64.b32decode(token.upper() + "=" * (-len(token) % 8))
    except (binascii.Error, ValueError):
        return None


def _unpack(body: bytes) -> VerpToken | None:
    flags, length = body[0], body[1]
    packed_id, tail = body[2 : 2 + length], body[2 + length :]
    if len(packed_id) != length or flags & ~(_COMPACT | _HEX_ID):
        return None
    try:
        mail_id = packed_id.hex() if flags & _HEX_ID else packed_id.decode("utf-8")
        if flags & _COMPACT:
            if len(tail) != DIGEST_BYTES:
                return None
            return VerpToken(mail_id, None, tail.hex())
        recipient = tail.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return VerpToken(mail_id, recipient, recipient_digest(recipient)) if recipient else None


def read_bounce_address(address: str, secret: bytes) -> VerpToken | None:
    """Verify and decode a bounce address; None if it is forged, altered or malformed."""
    if not isinstance(address, str) or not secret or len(address) > MAX_ADDRESS:
        return None
    local = address.strip().strip("<>").rpartition("@")[0]
    if "+" not in local:
        return None
    data = _decode(local.rpartition("+")[2].lower())
    if data is None or len(data) < 2 + TAG_BYTES + 1:
        return None
    body, tag = data[:-TAG_BYTES], data[-TAG_BYTES:]
    if not hmac.compare_digest(tag, _tag(secret, body)):
        return None
    return _unpack(body)
