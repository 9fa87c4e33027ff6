"""Bad input: a clear error, and nothing sent."""

from __future__ import annotations

import email.policy
from email.message import EmailMessage
from typing import Any

import pytest
from mail_helpers import make_message

from caddie_mail_plugin import Mailer
from caddie_mail_plugin.exceptions import (
    HeaderInjectionError,
    InvalidAddressError,
    InvalidMessageError,
    NoRecipientsError,
)


def _raw(**headers: str) -> EmailMessage:
    """A message whose headers are stored as given (no stdlib checks)."""
    msg = EmailMessage(policy=email.policy.compat32)
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_payload("Text")
    return msg


@pytest.mark.parametrize(
    "headers",
    [
        {"From": "info@golfclub-example.de", "To": "max@example.org", "Subject": "Rechnung\r\nBcc: victim@example.net"},
        {"From": "info@golfclub-example.de", "To": "max@example.org", "Subject": "Rechnung\nX-Evil: 1"},
        {"From": "info@golfclub-example.de", "To": '"Max\r\nBcc: v@example.net" <max@example.org>', "Subject": "s"},
        {"From": "Club\n <info@golfclub-example.de>\nBcc: v@example.net", "To": "max@example.org", "Subject": "s"},
        {"From": "info@golfclub-example.de", "To": "max@example.org\r", "Subject": "s"},
    ],
)
def test_line_breaks_are_refused(mailer: Mailer, smtp_server: Any, headers: dict[str, str]) -> None:
    with pytest.raises(HeaderInjectionError) as err:
        mailer.send(_raw(**headers))
    assert "line break" in str(err.value)
    assert smtp_server.handler.rcpt_attempts == []


def test_line_break_in_envelope_recipient(mailer: Mailer, smtp_server: Any) -> None:
    with pytest.raises(HeaderInjectionError):
        mailer.send(make_message(), recipients=["max@example.org\r\nRCPT TO:<v@example.net>"])
    assert smtp_server.handler.rcpt_attempts == []


@pytest.mark.parametrize("bad", ["max@", "max", "max@@example.org", "max@example..org", "max@-example.org", "a b@example.org"])
def test_invalid_address(mailer: Mailer, smtp_server: Any, bad: str) -> None:
    with pytest.raises(InvalidAddressError) as err:
        mailer.send(_raw(From="info@golfclub-example.de", To=bad, Subject="s"))
    assert bad in str(err.value) or "not an e-mail address" in str(err.value)
    assert smtp_server.handler.rcpt_attempts == []


def test_no_recipients(mailer: Mailer, smtp_server: Any) -> None:
    msg = make_message()
    del msg["To"]
    with pytest.raises(NoRecipientsError) as err:
        mailer.send(msg)
    assert "no recipient" in str(err.value)
    assert smtp_server.handler.rcpt_attempts == []


def test_missing_or_double_from(mailer: Mailer, smtp_server: Any) -> None:
    msg = make_message()
    del msg["From"]
    with pytest.raises(InvalidMessageError):
        mailer.send(msg)
    msg = _raw(From="a@golfclub-example.de", To="max@example.org", Subject="s")
    msg["From"] = "other@golfclub-example.de"
    with pytest.raises(InvalidMessageError):
        mailer.send(msg)
    assert smtp_server.handler.rcpt_attempts == []


def test_batch_reports_bad_mail_and_sends_the_rest(mailer: Mailer, smtp_server: Any) -> None:
    bad = _raw(From="info@golfclub-example.de", To="kaputt@", Subject="s")
    results = mailer.send_many([make_message(to="a@example.org"), bad, make_message(to="b@example.org")])
    assert [r.status.value for r in results] == ["sent", "refused", "sent"]
    assert results[1].error_code == "invalid-address" and "kaputt@" in results[1].reason
    assert sorted(r for m in smtp_server.received for r in m.rcpt_tos) == ["a@example.org", "b@example.org"]
