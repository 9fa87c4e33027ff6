"""DKIM-signing outgoing mail and verifying signatures, with dkimpy.

:func:`sign_message` prepends one ``DKIM-Signature`` header (rsa-sha256 or
ed25519-sha256, relaxed/relaxed by default).  It signs the headers of
:data:`DEFAULT_SIGNED_HEADERS` that the message has, each as often as it
occurs, and ``From`` once more so that a second From cannot be added later.

Cost on a 2 KB mail (dkimpy 1.1.8): dkimpy alone needs about 6-9 ms per
RSA-2048 signature, because it does the RSA arithmetic in pure Python; the
RSA step therefore runs in OpenSSL (:mod:`.rsa_signer`, same bytes as dkimpy),
which brings an RSA signature to about 0.5 ms (bench/dkim_sign.py).  Ed25519
costs about 0.2 ms.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal, cast

import dkim

from .dkim_key import DkimKey
from .errors import DkimSigningError
from .keys import KeyType
from .rsa_signer import openssl_rsa_dkim

Canonicalization = Literal["relaxed", "simple"]
DnsTxtLookup = Callable[[bytes], bytes | str | None]

DEFAULT_SIGNED_HEADERS: tuple[str, ...] = (
    "from", "to", "cc", "subject", "date", "message-id", "reply-to",
    "mime-version", "content-type", "content-transfer-encoding",
    "list-unsubscribe", "list-unsubscribe-post",
)  # fmt: skip

_ALGORITHM = {KeyType.RSA: b"rsa-sha256", KeyType.ED25519: b"ed25519-sha256"}


def sign_message(
    message: bytes,
    key: DkimKey,
    *,
    headers_to_sign: Sequence[str] | None = None,
    canonicalization: tuple[Canonicalization, Canonicalization] = ("relaxed", "relaxed"),
) -> bytes:
    """Return ``message`` with a DKIM-Signature header prepended.

    ``headers_to_sign`` replaces the default list and is signed as given
    (naming an absent header prevents adding it later); From is always
    signed.  The signature header uses the message's own line ending.
    """
    present = _header_names(message)
    from_count = present.count(b"from")
    if from_count != 1:
        problem = "has no From header" if from_count == 0 else f"has {from_count} From headers"
        raise DkimSigningError(
            f"The message {problem}; DKIM signs the From address, so give the "
            "message exactly one From header and send again."
        )
    include = _include_list(present, headers_to_sign)
    linesep = b"\r\n" if _uses_crlf(message) else b"\n"
    try:
        if key.key_type is KeyType.RSA:
            signer = openssl_rsa_dkim(message, key.private_key, linesep=linesep)
        else:
            signer = dkim.DKIM(message, signature_algorithm=_ALGORITHM[key.key_type], linesep=linesep)
        signature = signer.sign(
            key.selector.encode("ascii"),
            key.domain.encode("ascii"),
            key.private_key,
            canonicalize=tuple(c.encode("ascii") for c in canonicalization),
            include_headers=include,
        )
    except dkim.KeyFormatError:
        raise DkimSigningError(
            f"The DKIM key {key.selector} of {key.domain} cannot be used for "
            f"{key.key_type.value} signing; generate a new key for this selector."
        ) from None
    except dkim.DKIMException as exc:
        raise DkimSigningError(
            f"dkimpy refused to sign the message ({type(exc).__name__}: {exc}); "
            "check the headers chosen for signing."
        ) from None
    return cast(bytes, signature) + message


def verify_message(
    message: bytes,
    dns_txt: DnsTxtLookup,
    *,
    signature_index: int = 0,
    min_rsa_bits: int = 1024,
) -> bool:
    """Whether the message's DKIM signature (topmost by default) verifies.

    ``dns_txt`` receives the key's DNS name (``SELECTOR._domainkey.DOMAIN``,
    bytes, no trailing dot) and returns the TXT record text or ``None``.
    Malformed signatures or key records give ``False``; exceptions raised by
    ``dns_txt`` itself propagate.
    """

    def dnsfunc(name: bytes, timeout: float = 5) -> bytes | str | None:
        return dns_txt(name.rstrip(b"."))

    verifier = dkim.DKIM(message, minkey=min_rsa_bits)
    try:
        return bool(verifier.verify(idx=signature_index, dnsfunc=dnsfunc))
    except dkim.DKIMException:
        return False


def _header_names(message: bytes) -> list[bytes]:
    try:
        headers, _body = dkim.rfc822_parse(message)
    except (dkim.DKIMException, IndexError):
        raise DkimSigningError(
            "The message header cannot be parsed (a line is neither a header field "
            "nor its continuation); build the message with the email package."
        ) from None
    return [cast(bytes, name).lower() for name, _value in headers]


def _include_list(present: list[bytes], chosen: Sequence[str] | None) -> list[bytes]:
    if chosen is not None:
        names = [_header_name(h) for h in chosen]
        return names if b"from" in names else [b"from", *names]
    wanted = {h.encode("ascii") for h in DEFAULT_SIGNED_HEADERS}
    # Header instances are signed bottom-up; list each name as often as it occurs.
    return [name for name in present if name in wanted] + [b"from"]


def _header_name(name: str) -> bytes:
    text = name.strip().lower()
    if not text or not all(33 <= ord(c) <= 126 and c != ":" for c in text):
        raise DkimSigningError(
            f"{name!r} is not a header field name; list names such as 'Subject'."
        )
    return text.encode("ascii")


def _uses_crlf(message: bytes) -> bool:
    end = message.find(b"\n")
    return end > 0 and message[end - 1 : end] == b"\r"
