"""Microsoft 365: refused until acknowledged, and the refusal names the ways out."""

from __future__ import annotations

from typing import Any

import pytest
from mail_helpers import make_message

from caddie_mail_plugin import Mailer, Security, SendStatus, ServerConfig
from caddie_mail_plugin.exceptions import Office365RefusedError
from caddie_mail_plugin.office365 import is_microsoft365_host


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("smtp.office365.com", True),
        ("SMTP.Office365.com.", True),
        ("smtp-mail.outlook.com", True),
        ("golfclub-example-de.mail.protection.outlook.com", True),
        ("mail.golfclub-example.de", False),
        ("office365.com.evil.example", False),
    ],
)
def test_recognised_by_host(host: str, expected: bool) -> None:
    assert is_microsoft365_host(host) is expected


def _m365(smtp_server: Any, ack: bool) -> ServerConfig:
    return ServerConfig(
        "m365", "smtp.office365.com", smtp_server.port, Security.NONE, is_default=True, office365_ack=ack, timeout=5
    )


def test_refused_without_acknowledgement(make_mailer: Any, smtp_server: Any, resolve_host_to_loopback: Any) -> None:
    resolve_host_to_loopback("smtp.office365.com")
    mailer: Mailer = make_mailer(configure=False)
    mailer.config.add_server(_m365(smtp_server, ack=False))
    with pytest.raises(Office365RefusedError) as err:
        mailer.send(make_message())
    text = str(err.value)
    for expected in ("30 messages per minute", "10,000", "December 2026", "smarthost",
                     "own mail server", "mail hosting", "--office365-ack"):
        assert expected in text
    assert smtp_server.handler.rcpt_attempts == []


def test_delivered_with_acknowledgement(make_mailer: Any, smtp_server: Any, resolve_host_to_loopback: Any) -> None:
    resolve_host_to_loopback("smtp.office365.com")
    mailer: Mailer = make_mailer(configure=False)
    mailer.config.add_server(_m365(smtp_server, ack=True))
    result = mailer.send(make_message())
    assert result.status is SendStatus.SENT and result.server == "m365"
    assert len(smtp_server.received) == 1


def test_direct_batches_keep_to_three_connections(make_mailer: Any, smtp_server: Any, resolve_host_to_loopback: Any) -> None:
    resolve_host_to_loopback("smtp.office365.com")
    mailer: Mailer = make_mailer(configure=False)
    mailer.config.add_server(_m365(smtp_server, ack=True))
    results = mailer.send_many([make_message(to=f"m{i}@example.org") for i in range(30)])
    assert {r.status for r in results} == {SendStatus.SENT}
    assert len({m.peer for m in smtp_server.received}) <= 3 < mailer.connections_per_server
