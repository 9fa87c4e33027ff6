"""The two-step server choice, against a real SMTP server."""

from __future__ import annotations

from typing import Any

import pytest
from mail_helpers import make_message, plain_server

from caddie_mail_plugin import Mailer, ServerConfig
from caddie_mail_plugin.exceptions import RoutingError
from caddie_mail_plugin.routing import RouteStep, resolve_server

SERVERS = [
    ServerConfig("default", "smtp.example.net", 587, is_default=True),
    ServerConfig("club", "mail.golfclub-example.de", 587, sender_filter="golfclub-example.de"),
    ServerConfig("office", "office.golfclub-example.de", 587, sender_filter="Sekretariat@GolfClub-Example.de"),
    ServerConfig("umlaut", "mail.müller-golf.de", 587, sender_filter="müller-golf.de"),
]


@pytest.mark.parametrize(
    ("sender", "server", "step"),
    [
        ("sekretariat@golfclub-example.de", "office", RouteStep.ADDRESS_FILTER),
        ("SEKRETARIAT@golfclub-EXAMPLE.de", "office", RouteStep.ADDRESS_FILTER),
        ("Das Sekretariat <sekretariat@golfclub-example.de>", "office", RouteStep.ADDRESS_FILTER),
        ("pro@golfclub-example.de", "club", RouteStep.DOMAIN_FILTER),
        ("Pro Shop <PRO@GOLFCLUB-EXAMPLE.DE>", "club", RouteStep.DOMAIN_FILTER),
        ("info@müller-golf.de", "umlaut", RouteStep.DOMAIN_FILTER),
        ("info@xn--mller-golf-9db.de", "umlaut", RouteStep.DOMAIN_FILTER),
        ("INFO@MÜLLER-GOLF.DE", "umlaut", RouteStep.DOMAIN_FILTER),
        ("someone@other-club.de", "default", RouteStep.DEFAULT),
        ("x@sub.golfclub-example.de", "default", RouteStep.DEFAULT),
    ],
)
def test_two_step_choice(sender: str, server: str, step: RouteStep) -> None:
    decision = resolve_server(sender, SERVERS)
    assert (decision.server.name, decision.step) == (server, step)
    assert decision.reason


def test_full_address_beats_domain_whatever_the_order() -> None:
    reordered = [SERVERS[2], SERVERS[1], SERVERS[0]]
    for servers in (SERVERS, reordered, list(reversed(SERVERS))):
        assert resolve_server("sekretariat@golfclub-example.de", servers).server.name == "office"


def test_punycode_filter_matches_unicode_sender() -> None:
    servers = [ServerConfig("puny", "h", 25, sender_filter="xn--mller-golf-9db.de")]
    assert resolve_server("info@müller-golf.de", servers).server.name == "puny"


def test_no_match_and_no_default_names_sender_and_filters() -> None:
    servers = [s for s in SERVERS if not s.is_default]
    with pytest.raises(RoutingError) as err:
        resolve_server("someone@other-club.de", servers)
    text = str(err.value)
    assert "someone@other-club.de" in text
    assert "golfclub-example.de" in text and "default" in text


def test_routed_mail_goes_to_the_chosen_server(make_mailer: Any, smtp_server: Any, data_dir: Any) -> None:
    from smtp_server import SMTPTestServer

    other = SMTPTestServer().start()
    try:
        mailer: Mailer = make_mailer(configure=False)
        mailer.config.add_server(plain_server(smtp_server, "default"))
        mailer.config.add_server(plain_server(other, "club", is_default=False, sender_filter="golfclub-example.de"))
        result = mailer.send(make_message(sender="info@golfclub-example.de"))
        assert result.server == "club" and "step 1" in result.route_reason
        assert len(other.received) == 1 and not smtp_server.received
        result = mailer.send(make_message(sender="info@elsewhere.de"))
        assert result.server == "default" and "step 2" in result.route_reason
        assert len(smtp_server.received) == 1
    finally:
        other.stop()


def test_no_route_sends_nothing(make_mailer: Any, smtp_server: Any) -> None:
    mailer: Mailer = make_mailer(configure=False)
    mailer.config.add_server(plain_server(smtp_server, is_default=False, sender_filter="golfclub-example.de"))
    with pytest.raises(RoutingError):
        mailer.send(make_message(sender="kasse@anderer-club.de"))
    assert smtp_server.received == [] and smtp_server.handler.rcpt_attempts == []
    assert [r["status"] for r in mailer.log.records()] == ["refused"]
