"""The delivery service against a real aiosmtpd: queueing, retries, throttle,
Office 365, management commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mail_helpers import make_message
from service_helpers import run_service

from caddie_mail_plugin import Mailer, Security, SendStatus, ServerConfig, hookimpl
from caddie_mail_plugin.bounce.model import BounceReport
from caddie_mail_plugin.exceptions import Office365RefusedError
from caddie_mail_plugin.service.outbox import Outbox
from caddie_mail_plugin.service.state import OutboxStatus


class Bounces:
    def __init__(self) -> None:
        self.reports: list[BounceReport] = []

    @hookimpl
    def after_bounce(self, bounce: BounceReport) -> None:
        self.reports.append(bounce)


def test_send_in_service_mode_queues(service_mailer: Any, smtp_server: Any) -> None:
    mailer: Mailer = service_mailer()
    result = mailer.send(make_message(to="max@example.org"))
    assert result.status is SendStatus.QUEUED and result.queue_id
    assert smtp_server.handler.rcpt_attempts == []
    queued = Outbox(mailer.data_dir).get(result.queue_id)
    assert queued.status is OutboxStatus.QUEUED and queued.pending == ["max@example.org"]
    run_service(mailer)
    assert [m.rcpt_tos for m in smtp_server.received] == [["max@example.org"]]
    assert Outbox(mailer.data_dir).get(result.queue_id).status is OutboxStatus.SENT


def test_451_twice_then_250_is_delivered_once_after_three_attempts(service_mailer: Any, smtp_server: Any) -> None:
    smtp_server.script.rcpt["max@example.org"] = ["451 4.3.0 Try later", "451 4.3.0 Try later", "250 OK"]
    mailer: Mailer = service_mailer()
    queue_id = mailer.send(make_message(to="max@example.org")).queue_id
    run_service(mailer, retry_delay=0.05)
    mail = Outbox(mailer.data_dir).get(queue_id)
    assert mail.status is OutboxStatus.SENT
    assert len(mail.attempts) == 3
    assert [a.answer for a in mail.attempts[:2]] == ["451 4.3.0 Try later"] * 2
    assert len(smtp_server.received) == 1


def test_550_fails_goes_to_after_bounce_and_is_not_retried(service_mailer: Any, smtp_server: Any) -> None:
    smtp_server.script.rcpt["gone@example.org"] = "550 5.1.1 User unknown"
    bounces = Bounces()
    mailer: Mailer = service_mailer(bounces)
    queue_id = mailer.send(make_message(to=["gone@example.org", "max@example.org"])).queue_id
    run_service(mailer)
    mail = Outbox(mailer.data_dir).get(queue_id)
    assert mail.status is OutboxStatus.SENT and mail.delivered == ["max@example.org"]
    assert mail.failed == [("gone@example.org", 550, "5.1.1 User unknown")]
    assert len(mail.attempts) == 1
    assert smtp_server.handler.rcpt_attempts.count("gone@example.org") == 1
    assert [r.address for b in bounces.reports for r in b.recipients] == ["gone@example.org"]
    assert bounces.reports[0].recipients[0].status == "5.1.1"


def test_throttle_blocks_and_pauses(service_mailer: Any, smtp_server: Any) -> None:
    mailer: Mailer = service_mailer(count=3, delay=0.6)
    mailer.send_many([make_message(to=f"m{i}@example.org") for i in range(9)])
    run_service(mailer)
    times = sorted(m.at for m in smtp_server.received)
    assert len(times) == 9
    gaps = [b - a for a, b in zip(times, times[1:])]
    within = [gaps[0], gaps[1], gaps[3], gaps[4], gaps[6], gaps[7]]
    between = [gaps[2], gaps[5]]
    assert all(g >= 0.45 for g in between), gaps  # the pause, with generous bounds
    assert all(g < 0.45 for g in within), gaps  # a block goes out without the pause


def test_connection_failure_is_retried_and_backup_server_used(service_mailer: Any, smtp_server: Any) -> None:
    from smtp_server import free_port

    mailer: Mailer = service_mailer()
    mailer.config.add_server(ServerConfig("primary", "127.0.0.1", free_port(), Security.NONE,
                                          sender_filter="golfclub-example.de", backup_server="local", timeout=2))
    queue_id = mailer.send(make_message(sender="info@golfclub-example.de")).queue_id
    run_service(mailer)
    mail = Outbox(mailer.data_dir).get(queue_id)
    assert mail.status is OutboxStatus.SENT and mail.attempts[-1].server == "local"
    assert len(smtp_server.received) == 1


def test_expired_mail_fails(service_mailer: Any, smtp_server: Any) -> None:
    smtp_server.script.rcpt["max@example.org"] = "451 4.3.0 Try later"
    mailer: Mailer = service_mailer()
    outbox = Outbox(mailer.data_dir, lifetime=0.0)
    from caddie_mail_plugin.service.outbox import NewMail

    (queue_id,) = outbox.enqueue([NewMail("local", "a@golfclub-example.de", ("max@example.org",), b"Subject: x\r\n\r\nx\r\n")])
    run_service(mailer)
    mail = Outbox(mailer.data_dir).get(queue_id)
    assert mail.status is OutboxStatus.FAILED and "maximum queue lifetime" in mail.attempts[-1].answer


def test_blacklist_and_test_mode_hold_at_delivery_time(service_mailer: Any, smtp_server: Any) -> None:
    mailer: Mailer = service_mailer()
    first = mailer.send(make_message(to=["max@example.org", "erika@example.org"])).queue_id
    second = mailer.send(make_message(to="anna@example.org")).queue_id
    mailer.blacklist.add("erika@example.org", reason="Widerspruch nach dem Einreihen")
    mailer.config.update_settings(test_mode=True, test_address="test@golfclub-example.de")
    run_service(mailer)
    assert sorted(r for m in smtp_server.received for r in m.rcpt_tos) == ["test@golfclub-example.de"] * 2
    outbox = Outbox(mailer.data_dir)
    assert outbox.get(first).failed == [("erika@example.org", None, "blacklisted, not sent")]
    assert outbox.get(second).status is OutboxStatus.SENT


def test_office365_is_refused_for_the_service_even_when_acknowledged(
    service_mailer: Any, smtp_server: Any, resolve_host_to_loopback: Any
) -> None:
    resolve_host_to_loopback("smtp.office365.com")
    mailer: Mailer = service_mailer()
    mailer.config.add_server(ServerConfig("m365", "smtp.office365.com", smtp_server.port, Security.NONE,
                                          sender_filter="golfclub-example.de", office365_ack=True, timeout=5))
    with pytest.raises(Office365RefusedError) as err:
        mailer.send(make_message(sender="info@golfclub-example.de"))
    assert "bulk service" in str(err.value) and "smarthost" in str(err.value)
    assert "dispatch direct" in str(err.value)
    assert Outbox(mailer.data_dir).mails() == []
    from caddie_mail_plugin import DispatchMode

    mailer.config.update_settings(dispatch=DispatchMode.DIRECT)  # direct + acknowledged: the core rule
    assert mailer.send(make_message(sender="info@golfclub-example.de")).status is SendStatus.SENT


def test_outbox_retry_cancel_purge(service_mailer: Any, smtp_server: Any, data_dir: Path) -> None:
    mailer: Mailer = service_mailer()
    ids = [mailer.send(make_message(to=f"m{i}@example.org")).queue_id for i in range(3)]
    outbox = Outbox(data_dir)
    outbox.cancel(ids[0])
    run_service(mailer)
    assert outbox.get(ids[0]).status is OutboxStatus.CANCELLED
    assert sorted(r for m in smtp_server.received for r in m.rcpt_tos) == ["m1@example.org", "m2@example.org"]
    assert outbox.purge() == 3 and outbox.mails() == []
    assert list((data_dir / "outbox" / "spool").glob("*.seg"))  # young segments are kept
