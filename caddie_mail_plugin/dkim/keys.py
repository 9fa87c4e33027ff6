"""Generating DKIM private keys and reading them in the form dkimpy signs with.

dkimpy takes an RSA key as PEM (PKCS#1 or PKCS#8; we always write PKCS#8) and
an Ed25519 key as the base64 text of the raw 32-byte seed.  The public half
published in DNS (``p=``) is, for RSA, the base64 DER SubjectPublicKeyInfo and,
for Ed25519, the base64 raw 32-byte public key (RFC 6376 3.6.1, RFC 8463 4.2).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from enum import StrEnum

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from .errors import DkimKeyError

DEFAULT_RSA_BITS = 2048
MIN_RSA_BITS = 1024  # RFC 8301 3.2: verifiers refuse shorter keys


class KeyType(StrEnum):
    """The key types DKIM knows (``k=`` tag)."""

    RSA = "rsa"
    ED25519 = "ed25519"


@dataclass(frozen=True)
class KeyMaterial:
    """A private key in dkimpy's signing form and its published public half."""

    key_type: KeyType
    public_key_b64: str
    private_key: bytes = field(repr=False)


def generate_key(
    key_type: KeyType | str = KeyType.RSA, *, bits: int = DEFAULT_RSA_BITS
) -> KeyMaterial:
    """Create a new key pair; ``bits`` only applies to RSA."""
    kind = parse_key_type(key_type)
    if kind is KeyType.ED25519:
        return _ed25519_material(ed25519.Ed25519PrivateKey.generate())
    if not MIN_RSA_BITS <= bits <= 8192:
        raise DkimKeyError(
            f"An RSA key of {bits} bits is not usable for DKIM; choose 2048 "
            f"(recommended) or any size from {MIN_RSA_BITS} to 8192."
        )
    return _rsa_material(rsa.generate_private_key(public_exponent=65537, key_size=bits))


def load_key(data: bytes, *, trusted: bool = False) -> KeyMaterial:
    """Read a private key: PEM (RSA or Ed25519) or the base64 Ed25519 seed.

    ``trusted`` skips the expensive RSA consistency check (about 25 ms); use
    it only for key files this plugin wrote itself.
    """
    text = data.strip()
    if text.startswith(b"-----BEGIN"):
        return _material_from_pem(text, trusted=trusted)
    try:
        seed = base64.b64decode(b"".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        seed = b""
    if len(seed) != 32:
        raise DkimKeyError(
            "The private key is neither PEM nor a base64 Ed25519 seed; "
            "export it as PEM (PKCS#8 or PKCS#1) and import it again."
        )
    return _ed25519_material(ed25519.Ed25519PrivateKey.from_private_bytes(seed))


def parse_key_type(key_type: KeyType | str) -> KeyType:
    """Return ``key_type`` as :class:`KeyType` or raise a clear error."""
    try:
        return KeyType(str(key_type).strip().lower())
    except ValueError:
        raise DkimKeyError(
            f"Unknown DKIM key type {key_type!r}; use 'rsa' or 'ed25519'."
        ) from None


def _material_from_pem(pem: bytes, *, trusted: bool) -> KeyMaterial:
    try:
        key = serialization.load_pem_private_key(
            pem, password=None, unsafe_skip_rsa_key_validation=trusted
        )
    except TypeError:
        raise DkimKeyError(
            "The private key is protected by a passphrase; export it without "
            "a passphrase and import it again."
        ) from None
    except (ValueError, UnsupportedAlgorithm):
        raise DkimKeyError(
            "The PEM private key cannot be read; check that the file is a "
            "complete, unencrypted RSA or Ed25519 private key."
        ) from None
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return _ed25519_material(key)
    if isinstance(key, rsa.RSAPrivateKey):
        if key.key_size < MIN_RSA_BITS:
            raise DkimKeyError(
                f"The RSA key has only {key.key_size} bits; receivers ignore DKIM "
                f"signatures made with fewer than {MIN_RSA_BITS} bits (RFC 8301). "
                "Generate a new 2048-bit key."
            )
        return _rsa_material(key)
    raise DkimKeyError(
        f"Keys of type {type(key).__name__} cannot sign DKIM mail; "
        "use an RSA or Ed25519 key."
    )


def _rsa_material(key: rsa.RSAPrivateKey) -> KeyMaterial:
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return KeyMaterial(KeyType.RSA, base64.b64encode(public).decode("ascii"), private)


def _ed25519_material(key: ed25519.Ed25519PrivateKey) -> KeyMaterial:
    raw = serialization.Encoding.Raw
    seed = key.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    public = key.public_key().public_bytes(raw, serialization.PublicFormat.Raw)
    return KeyMaterial(
        KeyType.ED25519,
        base64.b64encode(public).decode("ascii"),
        base64.b64encode(seed),
    )
