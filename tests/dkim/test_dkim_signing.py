"""Signing with freshly generated RSA and Ed25519 keys, checked with dkimpy."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from email import policy
from email.message import EmailMessage

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caddie_mail_plugin.dkim import (
    DkimKey,
    DkimKeyStore,
    DkimSigningError,
    KeyType,
    add_list_unsubscribe,
    sign_message,
    verify_message,
)
from caddie_mail_plugin.exceptions import CaddieMailError, InvalidMessageError

Dns = Callable[[Mapping[str, str]], Callable[[bytes], "bytes | None"]]
FAKE_PEM = b"-----BEGIN PRIVATE KEY-----\nU0VDUkVUU0VDUkVU\n-----END PRIVATE KEY-----\n"
UNSUBSCRIBE_URL = "https://golfclub-example.de/newsletter/abmelden?t=4f2a9c"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[KeyType, DkimKey]:
    store = DkimKeyStore(tmp_path_factory.mktemp("data"))
    return {
        KeyType.RSA: store.generate("golfclub-example.de", "rsa2026", "rsa"),
        KeyType.ED25519: store.generate("golfclub-example.de", "ed2026", "ed25519"),
    }


@pytest.fixture(params=[KeyType.RSA, KeyType.ED25519], ids=str)
def key(request: pytest.FixtureRequest, keys: dict[KeyType, DkimKey]) -> DkimKey:
    return keys[request.param]


def newsletter(subject: str = "Clubnachrichten Mai", body: str = "Liebe Mitglieder,\n") -> bytes:
    msg = EmailMessage()
    msg["From"] = "Golfclub Sekretariat <sekretariat@golfclub-example.de>"
    msg["To"] = "mitglied@example.org"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 05 May 2025 10:00:00 +0200"
    msg["Message-ID"] = "<nl-2025-05@golfclub-example.de>"
    add_list_unsubscribe(msg, url=UNSUBSCRIBE_URL, mailto="abmelden@golfclub-example.de")
    msg.set_content(body)
    return msg.as_bytes(policy=policy.SMTP)


def published(key: DkimKey, make_dns: Dns) -> Callable[[bytes], bytes | None]:
    # Serve the record as a zone file would publish it: its ≤255-char strings joined.
    return make_dns({key.dns_name: "".join(key.txt_strings)})


def signed_header_list(signed: bytes) -> list[str]:
    header = signed.split(b"\r\n\r\n")[0].decode("ascii")
    match = re.search(r"h=([^;]*);", header.replace("\r\n", ""))
    assert match is not None
    return [h.strip() for h in match.group(1).split(":")]


def test_published_record_verifies_signature(key: DkimKey, make_dns: Dns) -> None:
    signed = sign_message(newsletter(), key)
    assert signed.startswith(b"DKIM-Signature: v=1; a=" + key.key_type.value.encode())
    assert verify_message(signed, published(key, make_dns))


def test_simple_canonicalization_verifies(key: DkimKey, make_dns: Dns) -> None:
    signed = sign_message(newsletter(), key, canonicalization=("simple", "simple"))
    assert verify_message(signed, published(key, make_dns))


def test_signs_present_default_headers_and_oversigns_from(key: DkimKey) -> None:
    names = signed_header_list(sign_message(newsletter(), key))
    assert names.count("from") == 2
    for header in ("to", "subject", "date", "message-id", "mime-version", "content-type",
                   "content-transfer-encoding", "list-unsubscribe", "list-unsubscribe-post"):
        assert header in names
    assert "cc" not in names and "reply-to" not in names


def test_tampered_body_fails(key: DkimKey, make_dns: Dns) -> None:
    signed = sign_message(newsletter(), key)
    forged = signed.replace(b"Liebe Mitglieder", b"Liebe Freunde")
    assert forged != signed
    assert not verify_message(forged, published(key, make_dns))


def test_tampered_list_unsubscribe_fails(key: DkimKey, make_dns: Dns) -> None:
    signed = sign_message(newsletter(), key)
    forged = signed.replace(b"https://golfclub-example.de/", b"https://evil.example/")
    assert forged != signed
    assert not verify_message(forged, published(key, make_dns))


def test_removed_one_click_header_fails(key: DkimKey, make_dns: Dns) -> None:
    signed = sign_message(newsletter(), key)
    stripped = signed.replace(b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n", b"")
    assert stripped != signed
    assert not verify_message(stripped, published(key, make_dns))


def test_wrong_published_key_fails(keys: dict[KeyType, DkimKey], make_dns: Dns) -> None:
    rsa, ed = keys[KeyType.RSA], keys[KeyType.ED25519]
    signed = sign_message(newsletter(), ed)
    assert not verify_message(signed, make_dns({ed.dns_name: rsa.txt_record}))
    assert not verify_message(signed, make_dns({}))


def test_message_without_from_is_refused(key: DkimKey) -> None:
    message = b"To: mitglied@example.org\r\nSubject: ohne Absender\r\n\r\nText\r\n"
    with pytest.raises(DkimSigningError, match="no From header") as caught:
        sign_message(message, key)
    assert isinstance(caught.value, CaddieMailError)
    assert isinstance(caught.value, InvalidMessageError)


def test_message_with_two_from_headers_is_refused(key: DkimKey) -> None:
    message = b"From: a@golfclub-example.de\r\nFrom: b@example.org\r\n\r\nText\r\n"
    with pytest.raises(DkimSigningError, match="2 From headers"):
        sign_message(message, key)


def test_lf_message_keeps_lf_line_endings(key: DkimKey, make_dns: Dns) -> None:
    message = newsletter().replace(b"\r\n", b"\n")
    signed = sign_message(message, key)
    assert b"\r" not in signed
    assert verify_message(signed, published(key, make_dns))


def test_explicit_header_list_always_includes_from(key: DkimKey, make_dns: Dns) -> None:
    signed = sign_message(newsletter(), key, headers_to_sign=["Subject", "X-Absent"])
    assert signed_header_list(signed) == ["from", "subject", "x-absent"]
    assert verify_message(signed, published(key, make_dns))


@pytest.mark.parametrize("bad", ["Received", "Bcc", "Sub ject", ""])
def test_unsuitable_header_names_are_refused(key: DkimKey, bad: str) -> None:
    with pytest.raises(DkimSigningError):
        sign_message(newsletter(), key, headers_to_sign=["From", bad])


def test_unusable_private_key_is_refused_without_echoing_it(key: DkimKey) -> None:
    garbage = FAKE_PEM if key.key_type is KeyType.RSA else b"U0VDUkVUU0VDUkVU"
    broken = DkimKey.build(key.domain, key.selector, key.key_type, key.public_key_b64, garbage)
    with pytest.raises(DkimSigningError) as caught:
        sign_message(newsletter(), broken)
    assert "U0VDUkVU" not in str(caught.value) and "U0VDUkVU" not in repr(caught.value)


def test_private_key_never_in_repr_or_str(
    key: DkimKey, assert_no_secret: Callable[[str, bytes], None]
) -> None:
    for text in (repr(key), str(key), f"{key}", f"{key!r}"):
        assert_no_secret(text, key.private_key)
        assert "private_key" not in text


def test_malformed_header_block_is_refused(key: DkimKey) -> None:
    with pytest.raises(DkimSigningError, match="cannot be parsed"):
        sign_message(b" continuation first\r\nFrom: a@golfclub-example.de\r\n\r\nx\r\n", key)


_TEXT = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=120
)
_BODY = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"), include_characters="\n\t"),
    max_size=600,
)


@settings(
    max_examples=60,
    deadline=None,
    # make_dns is a stateless factory, safe to share between examples
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(subject=_TEXT, body=_BODY, key_type=st.sampled_from(KeyType), crlf=st.booleans())
def test_sign_then_verify_property(
    keys: dict[KeyType, DkimKey], make_dns: Dns,
    subject: str, body: str, key_type: KeyType, crlf: bool,
) -> None:
    key = keys[key_type]
    msg = EmailMessage()
    msg["From"] = "sekretariat@golfclub-example.de"
    msg["To"] = "mitglied@example.org"
    msg["Subject"] = subject
    msg.set_content(body)
    raw = msg.as_bytes(policy=policy.SMTP if crlf else policy.default)
    signed = sign_message(raw, key)
    assert verify_message(signed, published(key, make_dns))
