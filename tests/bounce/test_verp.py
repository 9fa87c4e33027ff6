"""Signed VERP bounce addresses."""

from __future__ import annotations

import pytest

from caddie_mail_plugin.bounce.verp import make_bounce_address, read_bounce_address, recipient_digest

SECRET = b"club-secret-key"


def test_round_trip_with_full_recipient() -> None:
    address = make_bounce_address(domain="gc.de", mail_id="m1", recipient="a@b.de", secret=SECRET)
    local, _, domain = address.partition("@")
    assert domain == "gc.de" and local.startswith("bounces+") and len(local) <= 64
    token = read_bounce_address(address, SECRET)
    assert token is not None
    assert (token.mail_id, token.recipient) == ("m1", "a@b.de")
    assert token.matches("A@B.DE")


def test_long_values_fall_back_to_a_recipient_digest() -> None:
    recipient = "hans-peter.mustermann-schulze@golfclub-sonnenhang-example.de"
    address = make_bounce_address(
        domain="bounces.golfclub-example.de", mail_id="0f" * 16, recipient=recipient, secret=SECRET
    )
    assert len(address.partition("@")[0]) <= 64 and len(address) <= 254
    token = read_bounce_address(address, SECRET)
    assert token is not None and token.mail_id == "0f" * 16
    assert token.recipient is None and token.recipient_digest == recipient_digest(recipient)
    assert token.matches(recipient) and not token.matches("other@example.de")


def test_case_folded_token_still_verifies() -> None:
    address = make_bounce_address(domain="gc.de", mail_id="Mail-7", recipient="Eva@x.de", secret=SECRET)
    for variant in (address.upper(), address.lower()):
        token = read_bounce_address(variant, SECRET)
        assert token is not None and (token.mail_id, token.recipient) == ("Mail-7", "Eva@x.de")


def test_custom_local_part() -> None:
    address = make_bounce_address(domain="gc.de", mail_id="m", recipient="a@b.de", secret=SECRET, local_part="rt")
    assert address.startswith("rt+") and read_bounce_address(address, SECRET) is not None


def test_wrong_secret_is_rejected() -> None:
    address = make_bounce_address(domain="gc.de", mail_id="m1", recipient="a@b.de", secret=SECRET)
    assert read_bounce_address(address, b"another-secret") is None


def test_every_single_character_change_is_rejected() -> None:
    address = make_bounce_address(domain="gc.de", mail_id="m1", recipient="a@b.de", secret=SECRET)
    local, _, domain = address.partition("@")
    prefix, _, token = local.partition("+")
    for index, char in enumerate(token):
        replacement = "a" if char != "a" else "b"
        altered = f"{prefix}+{token[:index]}{replacement}{token[index + 1:]}@{domain}"
        assert read_bounce_address(altered, SECRET) is None, index


@pytest.mark.parametrize(
    "address",
    ["", "bounces@gc.de", "bounces+@gc.de", "bounces+!!!!@gc.de", "bounces+aaaaaaaaaaaaaaaaaaaaaaaa@gc.de",
     "no-at-sign", "bounces+" + "a" * 300 + "@gc.de"],
)
def test_malformed_addresses_are_rejected(address: str) -> None:
    assert read_bounce_address(address, SECRET) is None


def test_forged_token_without_the_secret_is_rejected() -> None:
    forged = make_bounce_address(domain="gc.de", mail_id="m1", recipient="a@b.de", secret=b"attacker")
    assert read_bounce_address(forged, SECRET) is None


def test_refuses_what_cannot_fit() -> None:
    with pytest.raises(ValueError):
        make_bounce_address(domain="gc.de", mail_id="x" * 60, recipient="a@b.de", secret=SECRET)
    with pytest.raises(ValueError):
        make_bounce_address(domain="d" * 250 + ".de", mail_id="m", recipient="a@b.de", secret=SECRET)
    with pytest.raises(ValueError):
        make_bounce_address(domain="gc.de", mail_id="m", recipient="a@b.de", secret=b"")
