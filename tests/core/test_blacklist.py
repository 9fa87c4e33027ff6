"""The blacklist: never delivered, in any spelling; suppressed or partial."""

from __future__ import annotations

from typing import Any

import pytest
from mail_helpers import make_message

from caddie_mail_plugin import Mailer, SendStatus
from caddie_mail_plugin.exceptions import ConfigurationError, InvalidMessageError
from caddie_mail_plugin.storage.blacklist_store import BlacklistScope

SPELLINGS = [
    "jörg@müller-golf.de",
    "JÖRG@MÜLLER-GOLF.DE",
    "Jörg Müller <Jörg@Müller-Golf.de>",
    "jörg@xn--mller-golf-9db.de",
    '"Müller, Jörg" <JÖRG@xn--MLLER-GOLF-9DB.de>',
]


@pytest.mark.parametrize("stored", SPELLINGS[:2] + SPELLINGS[3:4])
@pytest.mark.parametrize("header", ["To", "Cc", "Bcc"])
def test_never_delivered_in_any_form(mailer: Mailer, smtp_server: Any, stored: str, header: str) -> None:
    mailer.blacklist.add(stored, reason="Mitglied ausgetreten")
    for spelling in SPELLINGS:
        message = make_message(to="max@example.org")
        if header == "To":
            del message["To"]
            message["To"] = f"max@example.org, {spelling}"
        else:
            message[header] = spelling
        result = mailer.send(message)
        assert result.status is SendStatus.SENT
        assert len(result.suppressed) == 1
    rcpts = [r.lower() for m in smtp_server.received for r in m.rcpt_tos]
    assert rcpts == ["max@example.org"] * len(SPELLINGS)
    for received in smtp_server.received:
        assert "müller" not in received.data.decode("utf-8", "replace").lower().split("subject")[0]


def test_all_blacklisted_is_suppressed_and_nothing_sent(mailer: Mailer, smtp_server: Any) -> None:
    mailer.blacklist.add("max@example.org", reason="bounce")
    mailer.blacklist.add("erika@example.org", reason="bounce")
    result = mailer.send(make_message(to=["MAX@example.org", "Erika <erika@EXAMPLE.org>"]))
    assert result.status is SendStatus.SUPPRESSED
    assert set(result.suppressed) == {"MAX@example.org", "erika@example.org"}
    assert smtp_server.handler.rcpt_attempts == []
    assert [r["status"] for r in mailer.log.records()] == ["suppressed"]


def test_partial_sends_to_the_rest_and_lists_the_suppressed(mailer: Mailer, smtp_server: Any) -> None:
    mailer.blacklist.add("erika@example.org", reason="Datenschutz")
    result = mailer.send(make_message(to=["max@example.org", "erika@example.org"], cc=["anna@example.org"]))
    assert result.status is SendStatus.SENT
    assert result.suppressed == ("erika@example.org",)
    assert [a.address for a in result.accepted] == ["max@example.org", "anna@example.org"]
    received = smtp_server.received[0]
    assert received.rcpt_tos == ["max@example.org", "anna@example.org"]
    assert "erika" not in received.data.decode()


def test_blacklisted_test_address_in_test_mode_is_suppressed(mailer: Mailer, smtp_server: Any) -> None:
    mailer.config.update_settings(test_mode=True, test_address="test@golfclub-example.de")
    mailer.blacklist.add("test@golfclub-example.de", reason="Postfach voll")
    result = mailer.send(make_message(to="max@example.org"))
    assert result.status is SendStatus.SUPPRESSED and smtp_server.received == []


def test_newsletter_only_entry(mailer: Mailer, smtp_server: Any) -> None:
    mailer.blacklist.add("max@example.org", reason="kein Newsletter", scope=BlacklistScope.NEWSLETTER)
    invoice = mailer.send(make_message(to="max@example.org"))
    newsletter = mailer.send(make_message(to="max@example.org"), category="newsletter")
    assert invoice.status is SendStatus.SENT
    assert newsletter.status is SendStatus.SUPPRESSED
    assert len(smtp_server.received) == 1


def test_entry_added_by_another_handle_is_seen_at_once(mailer: Mailer, data_dir: Any, smtp_server: Any) -> None:
    assert mailer.send(make_message(to="max@example.org")).status is SendStatus.SENT
    Mailer(data_dir).blacklist.add("max@example.org", reason="Widerspruch")
    assert mailer.send(make_message(to="max@example.org")).status is SendStatus.SUPPRESSED
    Mailer(data_dir).blacklist.remove("max@example.org", reason="Irrtum")
    assert mailer.send(make_message(to="max@example.org")).status is SendStatus.SENT


def test_audit_trail_and_required_reason(mailer: Mailer) -> None:
    mailer.blacklist.add("max@example.org", reason="bounce", who="admin")
    mailer.blacklist.edit("MAX@example.org", reason="Postfach existiert nicht")
    with pytest.raises(InvalidMessageError):
        mailer.blacklist.remove("max@example.org", reason="   ")
    with pytest.raises(ConfigurationError):
        mailer.blacklist.add("Max@Example.org", reason="twice")
    mailer.blacklist.remove("max@example.org", reason="neue Adresse bestätigt")
    history = mailer.blacklist.history("max@example.org")
    assert [h.action for h in history] == ["add", "edit", "remove"]
    assert history[1].previous is not None and history[1].previous["reason"] == "bounce"
    assert history[2].why == "neue Adresse bestätigt" and history[2].current is None
