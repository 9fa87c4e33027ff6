"""Bulk sending: newsletters serialised once, send-bulk from CSV, progress."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest
from mail_helpers import make_message
from service_helpers import run_service

from caddie_mail_plugin import DispatchMode, Mailer, SendStatus, ServerConfig, Settings
from caddie_mail_plugin.cli import main
from caddie_mail_plugin.progress import ProgressBar, estimate_delivery
from caddie_mail_plugin.test_mode import ORIGINAL_RECIPIENTS_HEADER

MEMBERS = [f"mitglied{i}@example.org" for i in range(12)]


def _template() -> Any:
    message = make_message(subject="Clubnachrichten Dezember", body="Liebe Mitglieder, ...")
    del message["To"]
    return message


def test_newsletter_copy_per_recipient(mailer: Mailer, smtp_server: Any) -> None:
    mailer.blacklist.add("mitglied3@example.org", reason="Widerspruch")
    results = mailer.send_newsletter(_template(), MEMBERS)
    assert [r.status for r in results].count(SendStatus.SENT) == 11
    assert [r.suppressed for r in results if r.status is SendStatus.SUPPRESSED] == [("mitglied3@example.org",)]
    assert sorted(m.rcpt_tos[0] for m in smtp_server.received) == sorted(set(MEMBERS) - {"mitglied3@example.org"})
    for received in smtp_server.received:
        message = received.message
        assert message["To"] == received.rcpt_tos[0]  # addressed to them alone
        assert message["Subject"] == "Clubnachrichten Dezember"
    ids = {m.message["Message-ID"] for m in smtp_server.received}
    assert len(ids) == 11


def test_newsletter_in_test_mode_goes_to_the_test_address(mailer: Mailer, smtp_server: Any) -> None:
    mailer.config.update_settings(test_mode=True, test_address="test@golfclub-example.de")
    results = mailer.send_newsletter(_template(), MEMBERS[:3])
    assert {r.status for r in results} == {SendStatus.SENT}
    assert [m.rcpt_tos for m in smtp_server.received] == [["test@golfclub-example.de"]] * 3
    originals = sorted(m.message[ORIGINAL_RECIPIENTS_HEADER] for m in smtp_server.received)
    assert originals == MEMBERS[:3]


def test_newsletter_through_the_service(mailer: Mailer, smtp_server: Any) -> None:
    mailer.config.update_settings(dispatch=DispatchMode.SERVICE, mail_timer_count=0)
    results = mailer.send_newsletter(_template(), MEMBERS)
    assert {r.status for r in results} == {SendStatus.QUEUED}
    segments = list((mailer.data_dir / "outbox" / "spool").glob("*.seg"))
    assert len(segments) == 1 and segments[0].stat().st_size < 2 * len(_template().as_bytes())  # body once
    run_service(mailer)
    assert sorted(m.rcpt_tos[0] for m in smtp_server.received) == sorted(MEMBERS)
    assert all(m.message["To"] == m.rcpt_tos[0] for m in smtp_server.received)


def test_progress_callback_counts_every_mail(mailer: Mailer) -> None:
    seen: list[int] = []
    mailer.send_many([make_message(to=f"m{i}@example.org") for i in range(7)], progress=seen.append)
    assert seen == list(range(1, 8))


def test_estimate_under_throttle_and_limits() -> None:
    service = Settings(dispatch=DispatchMode.SERVICE, mail_timer_count=10, mail_timer_delay=60)
    estimate = estimate_delivery(100, service, ServerConfig("own", "mail.club.de", 587), rate=100)
    assert estimate.seconds == pytest.approx(9 * 60 + 1) and "throttle" in estimate.because
    m365 = estimate_delivery(600, Settings(dispatch=DispatchMode.SERVICE, mail_timer_count=0),
                             ServerConfig("m", "smtp.office365.com", 587), rate=100)
    assert m365.seconds == pytest.approx(20 * 60) and "30 mails per minute" in m365.because
    direct = estimate_delivery(100, Settings(), ServerConfig("own", "mail.club.de", 587), rate=50)
    assert direct.seconds == pytest.approx(2)


def test_progress_bar_draws_the_finish_time() -> None:
    stream = io.StringIO()
    bar = ProgressBar(4, lambda left, rate: estimate_delivery(left, Settings(), None, rate), stream)
    bar(4)
    assert "4/4" in stream.getvalue() and "finished about" in stream.getvalue()


@pytest.fixture
def bulk_files(tmp_path: Path) -> tuple[Path, Path]:
    csv_file = tmp_path / "mitglieder.csv"
    csv_file.write_bytes("\ufeffname;email\nMax Mustermann;max@example.org\nJörg Müller;joerg@example.org\n".encode())
    template = tmp_path / "startzeit.txt"
    template.write_text("Subject: Ihre Startzeit, {name}\n\nGuten Tag {name},\nSamstag 9:30.\n", encoding="utf-8")
    return csv_file, template


def _cli(data_dir: Path, *args: str) -> int:
    sys.stdin = io.StringIO("")
    return main(["--data-dir", str(data_dir), *args])


def test_send_bulk_with_placeholders(mailer: Mailer, smtp_server: Any, bulk_files: tuple[Path, Path]) -> None:
    code = _cli(mailer.data_dir, "send-bulk", str(bulk_files[0]), str(bulk_files[1]),
                "--from", "Sekretariat <sekretariat@golfclub-example.de>", "--no-progress")
    assert code == 0
    subjects = sorted(m.message["Subject"] for m in smtp_server.received)
    assert subjects == ["Ihre Startzeit, Jörg Müller", "Ihre Startzeit, Max Mustermann"]


def test_send_bulk_without_placeholders_is_a_newsletter(mailer: Mailer, smtp_server: Any, tmp_path: Path,
                                                         bulk_files: tuple[Path, Path]) -> None:
    template = tmp_path / "news.txt"
    template.write_text("Subject: Platz gesperrt\n\nDer Platz ist heute gesperrt.\n", encoding="utf-8")
    code = _cli(mailer.data_dir, "send-bulk", str(bulk_files[0]), str(template), "--from", "info@golfclub-example.de")
    assert code == 0
    assert sorted(m.message["To"] for m in smtp_server.received) == ["joerg@example.org", "max@example.org"]


def test_send_bulk_with_a_bad_row_sends_nothing(mailer: Mailer, smtp_server: Any, tmp_path: Path,
                                                 bulk_files: tuple[Path, Path], capsys: Any) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,email\nMax,max@example.org\nKaputt,kaputt@\n", encoding="utf-8")
    assert _cli(mailer.data_dir, "send-bulk", str(bad), str(bulk_files[1]), "--from", "info@golfclub-example.de") == 1
    assert "line 3" in capsys.readouterr().err
    assert smtp_server.handler.rcpt_attempts == []
