"""DKIM public-key records (``<selector>._domainkey.<domain>`` TXT, RFC 6376 3.6.1).

:func:`parse_dkim_key_record` reads ``v=DKIM1; k=rsa|ed25519; p=...; t=...``
and reports the key type, the key size (RSA modulus bits via
``cryptography``), whether the key is revoked (empty ``p=``) and problems:
unparseable key, RSA under 1024 bits (error) or under 2048 bits (warning),
unknown key type, a service type excluding e-mail, testing mode.
:func:`public_key_matches` compares the published key with the key in use.
"""

from __future__ import annotations

import base64
import binascii
import enum
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from caddie_mail_plugin.dnsauth.problems import Problem, error, has_errors, warning
from caddie_mail_plugin.dnsauth.tag_list import TagListError, parse_tag_list

MIN_RSA_BITS = 1024
RECOMMENDED_RSA_BITS = 2048
ED25519_KEY_BYTES = 32


class DkimKeyType(enum.Enum):
    """Key types of RFC 6376 and RFC 8463."""

    RSA = "rsa"
    ED25519 = "ed25519"


@dataclass(frozen=True)
class DkimKeyRecord:
    """A parsed key record."""

    text: str
    key_type: DkimKeyType | None = None
    key_bits: int | None = None
    revoked: bool = False
    testing: bool = False
    public_key: bytes = b""
    problems: tuple[Problem, ...] = ()

    @property
    def is_usable(self) -> bool:
        """True if receivers can verify signatures with this key."""
        return not self.revoked and not has_errors(self.problems)


def _decode_base64(value: str) -> bytes:
    compact = re.sub(r"\s+", "", value)
    return base64.b64decode(compact, validate=True)


def load_rsa_key(der: bytes) -> rsa.RSAPublicKey:
    """Load SubjectPublicKeyInfo DER (or a bare PKCS#1 key, as some publish)."""
    try:
        key = serialization.load_der_public_key(der)
    except ValueError:
        body = base64.encodebytes(der).decode("ascii")
        pem = f"-----BEGIN RSA PUBLIC KEY-----\n{body}-----END RSA PUBLIC KEY-----\n"
        key = serialization.load_pem_public_key(pem.encode("ascii"))
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("not an RSA public key")
    return key


def _key_size(key_type: DkimKeyType, data: bytes) -> int:
    if key_type is DkimKeyType.RSA:
        return load_rsa_key(data).key_size
    if len(data) != ED25519_KEY_BYTES:
        raise ValueError(f"an Ed25519 key has {ED25519_KEY_BYTES} bytes, not {len(data)}")
    ed25519.Ed25519PublicKey.from_public_bytes(data)
    return 256


def _check_tags(tags: dict[str, str], problems: list[Problem]) -> DkimKeyType | None:
    if "v" in tags and tags["v"] != "DKIM1":
        problems.append(error("dkim-version", f"v={tags['v']}: must be DKIM1"))
    services = [part.strip() for part in tags.get("s", "*").split(":")]
    if "*" not in services and "email" not in services:
        problems.append(error("dkim-service", f"s={tags['s']}: the key is not for e-mail"))
    hashes = [part.strip().lower() for part in tags.get("h", "sha256").split(":")]
    if "sha256" not in hashes:
        problems.append(error("dkim-hash", f"h={tags['h']}: sha256 must be allowed"))
    try:
        return DkimKeyType(tags.get("k", "rsa").lower())
    except ValueError:
        problems.append(error("dkim-key-type", f"k={tags['k']}: unknown key type (use rsa or ed25519)"))
        return None


def parse_dkim_key_record(record: str | bytes) -> DkimKeyRecord:
    """Parse and check one DKIM key record."""
    text = record.decode("utf-8", "replace") if isinstance(record, bytes) else record
    try:
        parsed = parse_tag_list(text)
    except TagListError as problem:
        return DkimKeyRecord(text, problems=(error("dkim-syntax", str(problem)),))
    tags = {tag.name: tag.value for tag in parsed}
    problems: list[Problem] = []
    if "v" in tags and parsed[0].name != "v":
        problems.append(error("dkim-version", "v= must be the first tag"))
    key_type = _check_tags(tags, problems)
    testing = "y" in [flag.strip() for flag in tags.get("t", "").split(":")]
    if testing:
        problems.append(warning("dkim-testing", "t=y: the key is in testing mode"))
    if "p" not in tags:
        problems.append(error("dkim-no-key", "no p= tag with the public key"))
        return DkimKeyRecord(text, key_type, testing=testing, problems=tuple(problems))
    if not re.sub(r"\s+", "", tags["p"]):
        problems.append(error("dkim-revoked", "p= is empty: the key has been revoked"))
        return DkimKeyRecord(text, key_type, revoked=True, testing=testing, problems=tuple(problems))
    try:
        data = _decode_base64(tags["p"])
        bits = _key_size(key_type, data) if key_type is not None else None
    except (binascii.Error, ValueError) as problem:
        problems.append(error("dkim-bad-key", f"the public key cannot be read: {problem}"))
        return DkimKeyRecord(text, key_type, testing=testing, problems=tuple(problems))
    if key_type is DkimKeyType.RSA and bits is not None:
        if bits < MIN_RSA_BITS:
            problems.append(error("dkim-weak-key", f"{bits}-bit RSA key: receivers ignore keys under {MIN_RSA_BITS} bits"))
        elif bits < RECOMMENDED_RSA_BITS:
            problems.append(warning("dkim-short-key", f"{bits}-bit RSA key: {RECOMMENDED_RSA_BITS} bits are recommended"))
    return DkimKeyRecord(text, key_type, bits, False, testing, data, tuple(problems))


def _raw_ed25519(data: bytes) -> bytes:
    if len(data) == ED25519_KEY_BYTES:
        return data
    key = serialization.load_der_public_key(data)
    if not isinstance(key, ed25519.Ed25519PublicKey):
        raise ValueError("not an Ed25519 key")
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_matches(record: DkimKeyRecord, expected_public_key: str) -> bool:
    """True if the published key is ``expected_public_key``.

    ``expected_public_key`` is base64: SubjectPublicKeyInfo DER for RSA, the
    raw 32 bytes (or SPKI DER) for Ed25519.
    """
    if not record.public_key or record.key_type is None:
        return False
    try:
        expected = _decode_base64(expected_public_key)
        if record.key_type is DkimKeyType.ED25519:
            return _raw_ed25519(expected) == _raw_ed25519(record.public_key)
        published = load_rsa_key(record.public_key).public_numbers()
        return load_rsa_key(expected).public_numbers() == published
    except (binascii.Error, ValueError):
        return False
