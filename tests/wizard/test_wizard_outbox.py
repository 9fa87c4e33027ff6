"""The outbox and limits pages over the real service: mails queued by the
host, delivered (or deferred, or refused) by the delivery service, shown,
retried and cancelled in the wizard; limit counters and their reset."""

from __future__ import annotations

from pathlib import Path

import pytest
from mail_helpers import make_message, plain_server
from service_helpers import run_service
from smtp_server import SMTPTestServer
from wizard_helpers import RecordingClient, text

from caddie_mail_plugin import DispatchMode, Mailer, SendStatus
from caddie_mail_plugin.service.limits import LimitsFile
from caddie_mail_plugin.service.outbox import Outbox
from caddie_mail_plugin.service.state import OutboxStatus


@pytest.fixture
def mailer(data_dir: Path, smtp_server: SMTPTestServer) -> Mailer:
    mailer = Mailer(data_dir)
    mailer.config.add_server(plain_server(smtp_server))
    mailer.config.update_settings(dispatch=DispatchMode.SERVICE, mail_timer_count=0, mail_timer_delay=0.0)
    return mailer


def queue(mailer: Mailer, subject: str, to: str = "max@example.org") -> str:
    result = mailer.send(make_message(subject=subject, to=to))
    assert result.status is SendStatus.QUEUED and result.queue_id
    return result.queue_id


def test_queued_mail_is_listed_and_can_be_cancelled(client: RecordingClient, data_dir: Path,
                                                     mailer: Mailer) -> None:
    mail_id = queue(mailer, "Einladung Sommerfest")
    page = text(client.get("/outbox/"))
    assert "Postausgang des Dienstes" in page and "Einladung Sommerfest local wartet 0" in page
    assert "wartet (1)" in page and "gesendet (0)" in page
    detail = text(client.get(f"/outbox/{mail_id}"))
    assert "Wartet auf max@example.org" in detail and "Noch kein Versuch." in detail
    question = text(client.get(f"/outbox/{mail_id}/cancel"))
    assert "Die Mail „Einladung Sommerfest“ abbrechen?" in question
    assert Outbox(data_dir).get(mail_id).status is OutboxStatus.QUEUED
    client.post(f"/outbox/{mail_id}/cancel")
    assert Outbox(data_dir).get(mail_id).status is OutboxStatus.CANCELLED
    again = text(client.post(f"/outbox/{mail_id}/retry", follow_redirects=True))
    assert "Diese Mail wartet nicht mehr (abgebrochen); es gibt nichts zu tun." in again


def test_deferred_mail_shows_the_servers_answer_and_is_retried(
    client: RecordingClient, data_dir: Path, mailer: Mailer, smtp_server: SMTPTestServer
) -> None:
    mail_id = queue(mailer, "Rechnung 2026-17")
    smtp_server.script.data.append("451 4.7.1 Bitte spaeter noch einmal")
    run_service(mailer, seconds=1.0, retry_delay=3600)
    mail = Outbox(data_dir).get(mail_id)
    assert mail.status is OutboxStatus.QUEUED and len(mail.attempts) == 1 and mail.next_at > mail.created + 600
    detail = text(client.get(f"/outbox/{mail_id}"))
    assert "451 4.7.1 Bitte spaeter noch einmal" in detail and "Nächster Versuch" in detail
    assert "451 4.7.1 Bitte spaeter" in text(client.get("/outbox/?status=queued"))
    done = text(client.post(f"/outbox/{mail_id}/retry", follow_redirects=True))
    assert "Der Dienst versucht diese Mail jetzt noch einmal." in done
    assert Outbox(data_dir).get(mail_id).next_at < mail.next_at
    run_service(mailer)
    assert Outbox(data_dir).get(mail_id).status is OutboxStatus.SENT
    detail = text(client.get(f"/outbox/{mail_id}"))
    assert "Zugestellt an max@example.org" in detail and "Jetzt noch einmal versuchen" not in detail


def test_refused_mail_is_failed(client: RecordingClient, mailer: Mailer, smtp_server: SMTPTestServer) -> None:
    smtp_server.script.rcpt["weg@example.org"] = "550 5.1.1 Unbekannter Empfaenger"
    mail_id = queue(mailer, "Startzeit", to="weg@example.org")
    run_service(mailer)
    page = text(client.get("/outbox/?status=failed"))
    assert "Startzeit local fehlgeschlagen 1" in page and "fehlgeschlagen (1)" in page
    detail = text(client.get(f"/outbox/{mail_id}"))
    assert "Fehlgeschlagen für weg@example.org (550" in detail and "Unbekannter Empfaenger" in detail
    assert "Diese Mail abbrechen" not in detail


def test_unknown_mail_is_not_found(client: RecordingClient) -> None:
    assert client.get("/outbox/keine-solche-mail").status_code == 404
    assert client.post("/outbox/keine-solche-mail/retry").status_code == 404


def test_limits_show_counters_and_reset(client: RecordingClient, data_dir: Path, mailer: Mailer) -> None:
    before = text(client.get("/limits/"))
    assert "local unlimited – / kein Limit – / kein Limit 16 noch nicht: der Dienst hat nichts gesendet" in before
    queue(mailer, "Eins")
    queue(mailer, "Zwei", to="erika@example.org")
    run_service(mailer)
    after = text(client.get("/limits/"))
    assert "local unlimited 2 / kein Limit 2 / kein Limit 16 vor" in after
    response = client.post("/limits/reset", data={"server": "local"})
    assert response.status_code == 302
    assert "Die Zähler von local sind zurückgesetzt" in text(client.get("/limits/"))
    assert "local" in LimitsFile(data_dir).reset_times()
    assert client.post("/limits/reset", data={"server": "gibt-es-nicht"}).status_code == 404


def test_microsoft365_profile_before_any_count(client: RecordingClient, data_dir: Path, mailer: Mailer) -> None:
    from caddie_mail_plugin import ServerConfig

    mailer.config.add_server(ServerConfig("M365", "smtp.office365.com", 587, office365_ack=True))
    assert "M365 microsoft365 – / 30 – / 10000 3" in text(client.get("/limits/"))
