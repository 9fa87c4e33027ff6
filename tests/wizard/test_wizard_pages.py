"""Everyday pages: servers, routing preview, test mail with the test-mode
question, the local test inbox and the chart of mail per day."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from flask import Flask
from mail_helpers import plain_server
from smtp_server import SMTPTestServer
from wizard_helpers import SECRET, TOKEN, RecordingClient, server_step, stored, text

from caddie_mail_plugin import ServerConfig
from caddie_mail_plugin.local_inbox import LOCAL_SERVER_NAME, LocalInbox
from caddie_mail_plugin.wizard.chart import count_per_day, draw

MAIL = {"sender": "Sekretariat <sekretariat@golfclub-example.de>", "to": "max@example.org, erika@example.org",
        "subject": "Startzeit Samstag", "body": "Guten Tag"}


def test_server_list_marks_the_default(client: RecordingClient, data_dir: Path) -> None:
    config = stored(data_dir)
    config.add_server(ServerConfig("Verein", "mail.golfclub-example.de", 587, is_default=True, password=SECRET))
    config.add_server(ServerConfig("Newsletter", "relay.example.net", 465, sender_filter="news.golfclub-example.de"))
    rows = re.findall(r"<tr>\s*<td>(\*?)</td>\s*<td>([^<]+)</td>", client.get("/servers/").get_data(as_text=True))
    assert rows == [("*", "Verein"), ("", "Newsletter")]
    response = client.post("/servers/default", data={"name": "Newsletter"})
    assert response.status_code == 302
    assert "Newsletter ist jetzt der Standardserver." in text(client.get("/servers/"))
    assert config.server("Newsletter").is_default and not config.server("Verein").is_default
    rows = re.findall(r"<tr>\s*<td>(\*?)</td>\s*<td>([^<]+)</td>", client.get("/servers/").get_data(as_text=True))
    assert rows == [("", "Verein"), ("*", "Newsletter")]


def test_edit_keeps_the_password_when_left_empty(client: RecordingClient, data_dir: Path) -> None:
    stored(data_dir).add_server(ServerConfig("Verein", "mail.golfclub-example.de", 587, username="sek",
                                             password=SECRET, is_default=True))
    page = client.get("/servers/edit?name=Verein")
    assert 'value="mail.golfclub-example.de"' in page.get_data(as_text=True)
    assert "Ein Passwort ist gespeichert." in text(page)
    data = server_step(2587, name="Verein", host="mail.golfclub-example.de", security="starttls", username="sek")
    assert client.post("/servers/edit?name=Verein", data=data).status_code == 302
    server = stored(data_dir).server("Verein")
    assert (server.port, server.password) == (2587, SECRET)
    client.post("/servers/edit?name=Verein", data={**data, "password": "neu-und-geheim"})
    assert stored(data_dir).server("Verein").password == "neu-und-geheim"


def test_add_and_delete_a_server(client: RecordingClient, data_dir: Path) -> None:
    response = client.post("/servers/new", data=server_step(2525, name="Neu", sender_filter=""))
    assert response.status_code == 302 and stored(data_dir).server("Neu").port == 2525
    assert "Der Server Neu ist gespeichert." in text(client.get("/servers/"))
    client.post("/servers/delete?name=Neu")
    assert stored(data_dir).servers() == ()
    assert client.get("/servers/edit?name=Neu").status_code == 404


def test_microsoft365_server_with_acknowledgement(client: RecordingClient, data_dir: Path) -> None:
    data = server_step(587, name="M365", host="smtp.office365.com", security="starttls", office365_ack="y")
    assert client.post("/servers/new", data=data).status_code == 302
    assert stored(data_dir).server("M365").office365_ack
    page = text(client.get("/servers/"))
    assert "M365 Microsoft 365" in page
    edit = text(client.get("/servers/edit?name=M365"))
    assert "30 Nachrichten pro Minute" in edit and "Ende Dezember 2026" in edit


@pytest.mark.parametrize(("sender", "expected"), [
    ("vorstand@golfclub-example.de", "Der Server Verein sendet (mail.golfclub-example.de:587). Schritt 1: Der "
                                     "Filter golfclub-example.de des Servers Verein ist die Domain des Absenders."),
    ("Sekretariat <Sekretariat@GolfClub-Example.de>", "Der Server Sekretariat sendet"),
    ("max@example.org", "Schritt 2: Kein Filter passt zu max@example.org, daher sendet der Standardserver Ersatz."),
])
def test_routing_preview(client: RecordingClient, data_dir: Path, sender: str, expected: str) -> None:
    config = stored(data_dir)
    config.add_server(ServerConfig("Verein", "mail.golfclub-example.de", 587, sender_filter="golfclub-example.de"))
    config.add_server(ServerConfig("Sekretariat", "s.example.net", 587,
                                   sender_filter="sekretariat@golfclub-example.de"))
    config.add_server(ServerConfig("Ersatz", "backup.example.net", 587, is_default=True))
    assert expected in text(client.get("/routing/", query_string={"sender": sender}))


def test_routing_preview_without_a_route(client: RecordingClient) -> None:
    page = text(client.get("/routing/?sender=max@example.org"))
    assert "Für diesen Absender ist kein Server eingerichtet." in page and "No SMTP server is configured" in page


@pytest.fixture
def mail_server(data_dir: Path, smtp_server: SMTPTestServer) -> SMTPTestServer:
    stored(data_dir).add_server(plain_server(smtp_server))
    return smtp_server


def test_test_mail_still_testing_goes_to_the_test_address_only(
    client: RecordingClient, data_dir: Path, mail_server: SMTPTestServer
) -> None:
    stored(data_dir).update_settings(test_mode=True, test_address="test@golfclub-example.de")
    response = client.post("/testmail/", data=MAIL)
    assert response.status_code == 302 and response.headers["Location"] == "/testmail/confirm"
    question = text(client.get("/testmail/confirm"))
    assert "Noch testen" in question and "Definitiv versenden" in question
    assert "nicht an: max@example.org, erika@example.org" in question
    assert mail_server.received == [], "nothing is sent before the answer"
    result = text(client.post("/testmail/confirm", data={"action": "test"}))
    assert "Ergebnis: gesendet" in result and "an test@golfclub-example.de statt an max@example.org" in result
    (received,) = mail_server.received
    assert received.rcpt_tos == ["test@golfclub-example.de"]
    assert client.get("/testmail/confirm").headers["Location"] == "/testmail/"


def test_test_mail_send_for_real(client: RecordingClient, data_dir: Path, mail_server: SMTPTestServer) -> None:
    stored(data_dir).update_settings(test_mode=True, test_address="test@golfclub-example.de")
    client.post("/testmail/", data=MAIL)
    result = text(client.post("/testmail/confirm", data={"action": "real"}))
    assert "Ergebnis: gesendet" in result
    assert sorted(mail_server.received[0].rcpt_tos) == ["erika@example.org", "max@example.org"]


def test_test_mail_without_test_mode_is_sent_at_once(
    client: RecordingClient, data_dir: Path, mail_server: SMTPTestServer
) -> None:
    stored(data_dir).update_section("sender", reply_to="info@golfclub-example.de")
    result = text(client.post("/testmail/", data=MAIL))
    assert "Ergebnis: gesendet – über local" in result
    message = mail_server.received[0].message
    assert message["Reply-To"] == "info@golfclub-example.de" and message["Subject"] == "Startzeit Samstag"


def test_test_mail_refused_is_explained(client: RecordingClient) -> None:
    result = text(client.post("/testmail/", data=MAIL))
    assert "Für diesen Absender ist kein Server eingerichtet." in result


def test_compose_is_prefilled_from_the_sender_section(client: RecordingClient, data_dir: Path) -> None:
    stored(data_dir).update_section("sender", real_name="Golfclub Sekretariat",
                                    from_address="sekretariat@golfclub-example.de")
    page = client.get("/testmail/").get_data(as_text=True)
    assert 'value="Golfclub Sekretariat &lt;sekretariat@golfclub-example.de&gt;"' in page


@pytest.fixture
def inbox(data_dir: Path) -> Iterator[LocalInbox]:
    running = LocalInbox(data_dir).start()
    stored(data_dir).add_server(running.server_config())
    yield running
    running.stop()


def test_local_inbox_page_shows_the_envelope(make_app: Callable[..., Flask], data_dir: Path,
                                             inbox: LocalInbox) -> None:
    client = make_app(LOCAL_INBOX=inbox).test_client()
    client.get(f"/?token={TOKEN}")
    assert "Es ist noch nichts angekommen." in text(client.get("/inbox/"))
    stored(data_dir).update_settings(test_mode=True, test_address="test@golfclub-example.de")
    client.post("/testmail/", data=MAIL)
    client.post("/testmail/confirm", data={"action": "test"})
    page = text(client.get("/inbox/"))
    assert f"Der lokale Testserver „{LOCAL_SERVER_NAME}“ läuft auf 127.0.0.1:{inbox.port}" in page
    assert "Startzeit Samstag" in page and "ursprünglich: max@example.org, erika@example.org" in page
    name = inbox.mails[0].path.name
    detail = text(client.get(f"/inbox/{name}"))
    assert "Zugestellt an test@golfclub-example.de" in detail and "Guten Tag" in detail
    assert client.get("/inbox/..%2Fconfig.json").status_code == 404


def test_inbox_page_without_a_running_inbox(client: RecordingClient) -> None:
    assert "In diesem Assistenten läuft kein lokaler Testserver." in text(client.get("/inbox/"))


def test_chart_counts_sent_failed_and_bounced_per_day(client: RecordingClient, data_dir: Path) -> None:
    today = datetime.now(timezone.utc)
    yesterday = today - timedelta(days=1)
    records = [{"event": "send", "status": "sent", "at": today.isoformat()}] * 3 + [
        {"event": "send", "status": "failed", "at": today.isoformat()},
        {"event": "send", "status": "refused", "at": yesterday.isoformat()},
        {"event": "bounce", "at": yesterday.isoformat()},
        {"event": "send", "status": "queued", "at": today.isoformat()},
        {"event": "send", "status": "sent", "at": (today - timedelta(days=40)).isoformat()},
    ]
    log = data_dir / "log"
    log.mkdir()
    (log / f"deliveries-{today.date().isoformat()}.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records) + "{kaputt\n")
    page = client.get("/").get_data(as_text=True)
    assert page.count('<rect class="bar sent"') == 1 and page.count('<rect class="bar failed"') == 2
    assert page.count('<rect class="bar bounced"') == 1
    assert f"<td>{today:%d.%m.%Y}</td><td>3</td><td>1</td><td>0</td>" in page
    assert f"<td>{yesterday:%d.%m.%Y}</td><td>0</td><td>1</td><td>1</td>" in page


def test_chart_geometry() -> None:
    today = datetime(2026, 11, 28, tzinfo=timezone.utc).date()
    days = count_per_day([{"event": "send", "status": "sent", "at": "2026-11-28T10:00:00+00:00"}] * 4
                         + [{"event": "send", "status": "failed", "at": "2026-11-27T10:00:00+00:00"}], today)
    chart = draw(days)
    assert len(days) == 14 and days[-1].sent == 4 and days[-2].failed == 1 and chart.maximum == 4
    tallest = max(chart.bars, key=lambda bar: bar.height)
    smallest = next(bar for bar in chart.bars if bar.series == "failed" and bar.count)
    assert tallest.count == 4 and tallest.y + tallest.height == chart.baseline
    assert smallest.height * 4 == tallest.height
    assert draw(count_per_day([], today)).maximum == 0
