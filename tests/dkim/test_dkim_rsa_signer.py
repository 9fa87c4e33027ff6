"""The OpenSSL RSA step gives exactly dkimpy's signature, and dkimpy verifies it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from email import policy
from email.message import EmailMessage

import dkim
import pytest

from caddie_mail_plugin.dkim import DkimKey, DkimKeyStore, add_list_unsubscribe, sign_message, verify_message
from caddie_mail_plugin.dkim.rsa_signer import OpenSslRsaDkim, openssl_rsa_dkim

Dns = Callable[[Mapping[str, str]], Callable[[bytes], "bytes | None"]]
INCLUDE = [b"from", b"to", b"subject", b"list-unsubscribe", b"list-unsubscribe-post", b"from"]


@pytest.fixture(scope="module")
def key(tmp_path_factory: pytest.TempPathFactory) -> DkimKey:
    return DkimKeyStore(tmp_path_factory.mktemp("data")).generate("golfclub-example.de", "rsa1", "rsa")


def message(linesep: str = "\r\n") -> bytes:
    msg = EmailMessage()
    msg["From"] = "Sekretariat <sekretariat@golfclub-example.de>"
    msg["To"] = "mitglied@example.org"
    msg["Subject"] = "Ergebnisse des Monatsbechers"
    add_list_unsubscribe(msg, url="https://golfclub-example.de/ab?t=1")
    msg.set_content("Liebe Mitglieder,\n\nhier die Ergebnisse.\n" * 20)
    return msg.as_bytes(policy=policy.SMTP.clone(linesep=linesep))


@pytest.mark.parametrize("canon", [(b"relaxed", b"relaxed"), (b"simple", b"simple"), (b"relaxed", b"simple")])
@pytest.mark.parametrize("linesep", ["\r\n", "\n"])
def test_signature_is_byte_for_byte_dkimpys(
    key: DkimKey, monkeypatch: pytest.MonkeyPatch, canon: tuple[bytes, bytes], linesep: str
) -> None:
    monkeypatch.setattr(dkim.time, "time", lambda: 1_746_432_000)  # t= must match
    raw, sep = message(linesep), linesep.encode()
    by_dkimpy = dkim.DKIM(raw, signature_algorithm=b"rsa-sha256", linesep=sep).sign(
        b"rsa1", b"golfclub-example.de", key.private_key, canonicalize=canon, include_headers=INCLUDE
    )
    signer = openssl_rsa_dkim(raw, key.private_key, linesep=sep)
    assert isinstance(signer, OpenSslRsaDkim)
    by_openssl = signer.sign(b"rsa1", b"golfclub-example.de", key.private_key, canonicalize=canon, include_headers=INCLUDE)
    assert by_openssl == by_dkimpy
    assert b"a=rsa-sha256" in by_openssl


def test_sign_message_uses_openssl_and_verifies(key: DkimKey, make_dns: Dns) -> None:
    signed = sign_message(message(), key)
    assert verify_message(signed, make_dns({key.dns_name: key.txt_record}))
    assert not verify_message(signed.replace(b"Ergebnisse.", b"Ergebnisse!"), make_dns({key.dns_name: key.txt_record}))


def test_a_key_openssl_cannot_read_falls_back_to_dkimpy() -> None:
    signer = openssl_rsa_dkim(message(), b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", linesep=b"\r\n")
    assert type(signer) is dkim.DKIM
