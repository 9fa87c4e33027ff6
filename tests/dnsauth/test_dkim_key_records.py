"""DKIM key records: dkimpy's key corpus and the checks of the report."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from dnsauth_corpora import CORPORA
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from caddie_mail_plugin.dnsauth.dkim_key import DkimKeyType, parse_dkim_key_record, public_key_matches

CORPUS = CORPORA / "dkimpy-dkim"
KEY_RECORDS = json.loads((CORPUS / "vectors.json").read_text(encoding="utf-8"))["key_records"]
# "only for TLSRPT": the key excludes e-mail (s=tlsrpt), so not usable for mail.
USABLE = {True: True, False: False, "dkimpy accepts": True, "only for TLSRPT": False}


@pytest.mark.parametrize("entry", KEY_RECORDS, ids=[e["file"] for e in KEY_RECORDS])
def test_dkimpy_key_records(entry: dict[str, Any]) -> None:
    record = parse_dkim_key_record((CORPUS / entry["file"]).read_bytes().strip())
    assert record.is_usable == USABLE[entry["valid"]], (entry, record.problems)


def _spki(key: rsa.RSAPrivateKey) -> str:
    der = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode()


def test_rsa_sizes_and_match() -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    record = parse_dkim_key_record(f"v=DKIM1; k=rsa; p={_spki(key)}")
    assert (record.key_type, record.key_bits) == (DkimKeyType.RSA, 1024)
    assert record.is_usable and [p.code for p in record.problems] == ["dkim-short-key"]
    assert public_key_matches(record, _spki(key))
    other = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    assert not public_key_matches(record, _spki(other))


def test_weak_rsa_key_is_an_error() -> None:
    modulus = (1 << 767) | 0x1D  # a 768-bit public modulus (cryptography refuses to generate one)
    public = rsa.RSAPublicNumbers(65537, modulus).public_key()
    der = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    record = parse_dkim_key_record(f"v=DKIM1; p={base64.b64encode(der).decode()}")
    assert record.key_bits == 768 and not record.is_usable


def test_ed25519_raw_key_and_match() -> None:
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    raw = base64.b64encode(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)).decode()
    record = parse_dkim_key_record(f"v=DKIM1; k=ed25519; p={raw}")
    assert (record.key_type, record.key_bits, record.is_usable) == (DkimKeyType.ED25519, 256, True)
    assert public_key_matches(record, raw)
    assert not public_key_matches(record, base64.b64encode(b"\0" * 32).decode())


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("v=DKIM1; k=rsa; p=", "dkim-revoked"),
        ("v=DKIM1; k=rsa", "dkim-no-key"),
        ("v=DKIM1; k=rsa; p=!!notbase64", "dkim-bad-key"),
        ("k=rsa; v=DKIM1; p=AAAA", "dkim-version"),
        ("v=DKIM1; h=sha1; p=AAAA", "dkim-hash"),
        ("v=DKIM1 p=AAAA", "dkim-version"),
        ("v=DKIM1; p", "dkim-syntax"),
    ],
)
def test_broken_records(text: str, code: str) -> None:
    record = parse_dkim_key_record(text)
    assert not record.is_usable
    assert code in [problem.code for problem in record.problems]


def test_revoked_key_is_flagged() -> None:
    assert parse_dkim_key_record("v=DKIM1; p=").revoked
