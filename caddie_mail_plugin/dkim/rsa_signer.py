"""RSA-SHA256 DKIM signatures with OpenSSL instead of dkimpy's pure-Python RSA.

dkimpy computes the RSA private-key operation in Python (about 6-9 ms for a
2048-bit key, most of a signed mail's cost).  :class:`OpenSslRsaDkim` keeps
everything else of dkimpy — header selection, canonicalisation, body hash,
the header hash and the folding of the DKIM-Signature header — and only
hands the finished SHA-256 digest to ``cryptography`` (OpenSSL) for the
RSASSA-PKCS1-v1_5 step, about ten times faster.  PKCS#1 v1.5 signatures are
deterministic, so the result is byte for byte what dkimpy would produce; the
tests compare both and verify with dkimpy.

How it plugs in: dkimpy's ``DomainSigner.gen_header`` signs an RSA digest with
its own function but asks an Ed25519 key object for ``key.sign(digest)``.
During ``gen_header`` this class presents the RSA key through that second
path (an object with ``sign(digest).signature``); the signature header still
says ``a=rsa-sha256`` because its fields are fixed before ``gen_header`` runs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import dkim
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils

RSA_SHA256 = b"rsa-sha256"
_DIGEST_PATH = b"ed25519-sha256"  # the gen_header branch that calls key.sign(digest)


@dataclass(frozen=True)
class _Signature:
    signature: bytes


class _PrehashedRsaSigner:
    """Signs a SHA-256 digest with RSASSA-PKCS1-v1_5 (OpenSSL)."""

    def __init__(self, key: rsa.RSAPrivateKey) -> None:
        self._key = key

    def sign(self, digest: bytes) -> _Signature:
        return _Signature(
            self._key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
        )


@functools.lru_cache(maxsize=64)
def _openssl_key(private_key_pem: bytes) -> rsa.RSAPrivateKey | None:
    """The PEM key parsed by OpenSSL (cached: parsing costs more than signing)."""
    try:
        key = serialization.load_pem_private_key(
            private_key_pem, password=None, unsafe_skip_rsa_key_validation=True
        )
    except (ValueError, TypeError):
        return None
    return key if isinstance(key, rsa.RSAPrivateKey) else None


class OpenSslRsaDkim(dkim.DKIM):  # type: ignore[misc]  # dkimpy has no type hints
    """A dkimpy signer whose RSA-SHA256 step runs in OpenSSL."""

    def __init__(self, message: bytes, signer: _PrehashedRsaSigner, *, linesep: bytes) -> None:
        super().__init__(message, signature_algorithm=RSA_SHA256, linesep=linesep)
        self._openssl_signer = signer

    def gen_header(
        self,
        fields: list[tuple[bytes, bytes]],
        include_headers: Any,
        canon_policy: Any,
        header_name: bytes,
        pk: Any,
        standardize: bool = False,
    ) -> bytes:
        self.signature_algorithm = _DIGEST_PATH
        try:
            return bytes(
                super().gen_header(
                    fields, include_headers, canon_policy, header_name,
                    self._openssl_signer, standardize,
                )
            )
        finally:
            self.signature_algorithm = RSA_SHA256


def openssl_rsa_dkim(message: bytes, private_key_pem: bytes, *, linesep: bytes) -> dkim.DKIM:
    """A signer for ``message`` using OpenSSL for RSA, or plain dkimpy when
    OpenSSL cannot read the key (dkimpy then reports the key problem)."""
    key = _openssl_key(private_key_pem)
    if key is None:
        return dkim.DKIM(message, signature_algorithm=RSA_SHA256, linesep=linesep)
    return OpenSslRsaDkim(message, _PrehashedRsaSigner(key), linesep=linesep)
