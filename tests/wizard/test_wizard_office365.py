"""The Microsoft 365 page of the setup: limits, end of Basic authentication,
refusal for the service, ways out; direct sending only after the tick."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from smtp_server import SMTPTestServer
from wizard_helpers import (
    DISPATCH_STEP,
    SENDER_STEP,
    RecordingClient,
    post_step,
    server_step,
    stored,
    text,
)

from caddie_mail_plugin.office365 import LIMITS, WAYS_OUT

MICROSOFT365 = {"host": "smtp.office365.com", "security": "starttls", "username": "sek@golfclub-example.de"}


def test_microsoft365_gets_its_own_page(client: RecordingClient) -> None:
    response = post_step(client, "server", server_step(587, **MICROSOFT365))
    assert response.headers["Location"] == "/setup/office365"
    page = text(client.get("/setup/office365"))
    assert "Schritt 1 von 5: Microsoft 365" in page
    assert "Der Server smtp.office365.com ist Microsoft 365." in page
    for fact in ("30 Nachrichten pro Minute", "10.000 Empfänger pro Tag", "3 gleichzeitige Verbindungen",
                 "Ende Dezember 2026", "Basic-Authentifizierung", "Mit einem Microsoft-365-Server wird der Dienst "
                 "abgelehnt.", "Smarthost", "eigenen Mailserver", "Mailhosting-Anbieter"):
        assert fact in page, fact
    assert LIMITS not in page and WAYS_OUT not in page, "the core's texts are shown translated"


def test_direct_sending_after_the_acknowledgement(client: RecordingClient, data_dir: Path) -> None:
    post_step(client, "server", server_step(587, **MICROSOFT365))
    assert post_step(client, "office365", {"acknowledge": "y"}).headers["Location"] == "/setup/sender"
    post_step(client, "sender", SENDER_STEP)
    post_step(client, "dispatch", DISPATCH_STEP)
    post_step(client, "test_mode", {})
    summary = text(client.get("/setup/summary"))
    assert "Grenzen zur Kenntnis genommen, nur Direktversand" in summary
    client.post("/setup/summary", data={"action": "ok"})
    server = stored(data_dir).server("Vereinsserver")
    assert server.office365_ack and server.host == "smtp.office365.com"


def test_back_from_the_sender_step_returns_to_the_microsoft365_page(client: RecordingClient) -> None:
    post_step(client, "server", server_step(587, **MICROSOFT365))
    post_step(client, "office365", {"acknowledge": "y"})
    assert post_step(client, "sender", SENDER_STEP, action="back").headers["Location"] == "/setup/office365"
    assert 'checked' in client.get("/setup/office365").get_data(as_text=True)


def test_another_server_skips_the_page_and_drops_the_tick(client: RecordingClient, data_dir: Path) -> None:
    post_step(client, "server", server_step(587, **MICROSOFT365))
    post_step(client, "office365", {"acknowledge": "y"})
    assert post_step(client, "server", server_step(25)).headers["Location"] == "/setup/sender"
    assert client.get("/setup/office365").headers["Location"] == "/setup/sender"
    for key, data in (("sender", SENDER_STEP), ("dispatch", DISPATCH_STEP), ("test_mode", {})):
        post_step(client, key, data)
    client.post("/setup/summary", data={"action": "ok"})
    assert not stored(data_dir).server("Vereinsserver").office365_ack


def test_the_acknowledged_server_sends_directly(
    client: RecordingClient, data_dir: Path, smtp_server: SMTPTestServer, resolve_host_to_loopback: Any
) -> None:
    resolve_host_to_loopback("smtp.office365.com")
    post_step(client, "server", server_step(smtp_server.port, host="smtp.office365.com", security="none"))
    post_step(client, "office365", {"acknowledge": "y"})
    for key, data in (("sender", SENDER_STEP), ("dispatch", DISPATCH_STEP), ("test_mode", {})):
        post_step(client, key, data)
    client.post("/setup/summary", data={"action": "ok"})
    result = text(client.post("/testmail/", data={"sender": "sekretariat@golfclub-example.de",
                                                  "to": "max@example.org", "subject": "Test", "body": "Hallo"}))
    assert "Ergebnis: gesendet" in result and smtp_server.received[0].rcpt_tos == ["max@example.org"]
