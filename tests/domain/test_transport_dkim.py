"""The transport DKIM-signs what it delivers, checked on what the real SMTP server received."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import dns.resolver
import pytest
from dnsserver import DnsServerFactory
from mail_helpers import make_message

from caddie_mail_plugin import Mailer, SendStatus
from caddie_mail_plugin.dkim import DkimKey, DkimKeyStore, UnsubscribeHeaderError, verify_message

DOMAIN = "golfclub-example.de"
URL = "https://golfclub-example.de/newsletter/abmelden?t=4f2a9c"
MAILTO = "abmelden@golfclub-example.de"


def published(*keys: DkimKey) -> Any:
    """dkimpy's TXT lookup serving each key's record as published (its strings joined)."""
    table = {key.dns_name: "".join(key.txt_strings).encode("ascii") for key in keys}
    return lambda name: table.get(name.decode("ascii").lower())


def tags(data: bytes) -> dict[str, str]:
    header = re.search(rb"^DKIM-Signature:(.*?)\r\n(?![ \t])", data, re.S | re.M)
    assert header is not None, "no DKIM-Signature header"
    text = re.sub(r"\s+", "", header.group(1).decode("ascii"))
    return dict(part.split("=", 1) for part in text.split(";") if part)


@pytest.mark.parametrize("key_type", ["rsa", "ed25519"])
def test_mail_received_by_the_server_verifies_against_the_generated_record(
    make_mailer: Any, smtp_server: Any, data_dir: Path, key_type: str
) -> None:
    key = DkimKeyStore(data_dir).generate(DOMAIN, "caddie", key_type)
    mailer: Mailer = make_mailer()
    result = mailer.send(make_message(bcc=["kassenwart@example.org"]))
    assert result.status is SendStatus.SENT
    (received,) = smtp_server.received
    assert received.data.startswith(b"DKIM-Signature: v=1; a=" + key_type.encode())
    signature = tags(received.data)
    assert (signature["d"], signature["s"]) == (DOMAIN, "caddie")
    assert b"kassenwart" not in received.data  # Bcc removed before signing
    assert verify_message(received.data, published(key))
    forged = received.data.replace(b"Guten Tag", b"Guten Abend")
    assert forged != received.data and not verify_message(forged, published(key))


def test_received_mail_verifies_through_the_loopback_dns_server(
    make_mailer: Any, smtp_server: Any, data_dir: Path, dns_server_factory: DnsServerFactory
) -> None:
    key = DkimKeyStore(data_dir).generate(DOMAIN, "caddie", "rsa")
    dns_server = dns_server_factory({key.dns_name: {"TXT": [list(key.txt_strings)]}})
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = ["127.0.0.1"]
    resolver.port = dns_server.port
    resolver.lifetime = 2.0

    def dnsfunc(name: bytes) -> bytes | None:
        answer = resolver.resolve(name.decode("ascii"), "TXT")
        return b"".join(b"".join(rdata.strings) for rdata in answer)

    make_mailer().send(make_message())
    assert verify_message(smtp_server.received[0].data, dnsfunc)
    assert dns_server.received(key.dns_name, "TXT") == 1


def test_newsletter_unsubscribe_headers_are_covered_by_the_signature(
    make_mailer: Any, smtp_server: Any, data_dir: Path
) -> None:
    key = DkimKeyStore(data_dir).generate(DOMAIN, "caddie", "rsa")
    mailer: Mailer = make_mailer()
    message = make_message(subject="Clubnachrichten Mai")
    mailer.send(message, category="newsletter", unsubscribe_url=URL, unsubscribe_mailto=MAILTO)
    data = smtp_server.received[0].data
    received = smtp_server.received[0].message
    assert received["List-Unsubscribe"].replace("\r\n", "").replace("\n", "") == f"<{URL}>, <mailto:{MAILTO}>"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    signed = tags(data)["h"].lower().split(":")
    assert "list-unsubscribe" in signed and "list-unsubscribe-post" in signed
    assert verify_message(data, published(key))
    assert not verify_message(data.replace(b"https://golfclub-example.de/", b"https://evil.example/"), published(key))
    assert not verify_message(data.replace(b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n", b""), published(key))
    assert "List-Unsubscribe" not in message  # the host's message is untouched


def test_mailto_only_newsletter_gets_no_one_click_header(make_mailer: Any, smtp_server: Any) -> None:
    make_mailer().send(make_message(), category="newsletter", unsubscribe_mailto=MAILTO)
    received = smtp_server.received[0].message
    assert received["List-Unsubscribe"] == f"<mailto:{MAILTO}>"
    assert received["List-Unsubscribe-Post"] is None


def test_transactional_mail_gets_no_unsubscribe_headers(make_mailer: Any, smtp_server: Any) -> None:
    make_mailer().send(make_message(), unsubscribe_url=URL)
    make_mailer().send(make_message(), category="newsletter", unsubscribe_url="")
    for received in smtp_server.received:
        assert received.message["List-Unsubscribe"] is None


def test_unusable_unsubscribe_url_refuses_the_newsletter(make_mailer: Any, smtp_server: Any) -> None:
    mailer: Mailer = make_mailer()
    with pytest.raises(UnsubscribeHeaderError, match="HTTPS"):
        mailer.send(make_message(), category="newsletter", unsubscribe_url="http://golfclub-example.de/ab")
    assert smtp_server.received == []


def test_mail_without_key_goes_out_unsigned(make_mailer: Any, smtp_server: Any, data_dir: Path) -> None:
    DkimKeyStore(data_dir).generate("other-club.example", "caddie", "ed25519")
    make_mailer().send(make_message())
    assert b"DKIM-Signature" not in smtp_server.received[0].data


def test_keys_generated_or_activated_later_apply_to_the_next_mail(
    make_mailer: Any, smtp_server: Any, data_dir: Path
) -> None:
    mailer: Mailer = make_mailer()
    store = DkimKeyStore(data_dir)
    mailer.send(make_message())
    first = store.generate(DOMAIN, "mai", "ed25519")
    mailer.send(make_message())
    second = store.generate(DOMAIN, "juni", "ed25519")  # not active yet: rotation in progress
    mailer.send(make_message())
    store.activate(DOMAIN, "juni")
    mailer.send(make_message())
    store.remove(DOMAIN, "juni")
    mailer.send(make_message())
    selectors = [tags(r.data)["s"] if r.data.startswith(b"DKIM") else None for r in smtp_server.received]
    assert selectors == [None, "mai", "mai", "juni", None]
    assert verify_message(smtp_server.received[3].data, published(first, second))


def test_batch_signs_every_mail(make_mailer: Any, smtp_server: Any, data_dir: Path) -> None:
    key = DkimKeyStore(data_dir).generate(DOMAIN, "caddie", "rsa")
    messages = [make_message(to=f"mitglied{i}@example.org", body=f"Startzeit {i}") for i in range(5)]
    results = make_mailer().send_many(messages)
    assert [r.status for r in results] == [SendStatus.SENT] * 5
    assert all(verify_message(r.data, published(key)) for r in smtp_server.received)


def test_idn_sender_domain_signs_with_punycode_d(make_mailer: Any, smtp_server: Any, data_dir: Path) -> None:
    key = DkimKeyStore(data_dir).generate("golfclub-münchen.de", "caddie", "ed25519")
    make_mailer().send(make_message(sender="Sekretariat <info@golfclub-münchen.de>"))
    data = smtp_server.received[0].data
    assert tags(data)["d"] == "xn--golfclub-mnchen-8vb.de"
    assert verify_message(data, published(key))
