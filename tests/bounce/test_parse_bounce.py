"""Behaviour of parse_bounce on small hand-written messages."""

from __future__ import annotations

import dataclasses

import bounce_mail
import pytest

from caddie_mail_plugin.bounce import BounceClass, BounceReport, ReportKind, parse_bounce

def dsn(rcpt: str, action: str, status: str, diag: str) -> bytes:
    return bounce_mail.dsn(rcpt, action=action, status=status, diagnostic=diag,
                           message_id="<tee-time-42@golfclub-example.de>")


def test_unknown_user_is_a_hard_failure() -> None:
    report = parse_bounce(dsn("max@example.net", "failed", "5.1.1", "550 5.1.1 <max@example.net>: User unknown"))
    assert report.kind is ReportKind.FAILURE and report.is_bounce
    assert report.detector == "rfc3464"
    assert report.reporting_mta == "mx.golfclub-example.de"
    assert report.original_message_id == "<tee-time-42@golfclub-example.de>"
    (recipient,) = report.recipients
    assert (recipient.address, recipient.status, recipient.smtp_code) == ("max@example.net", "5.1.1", 550)
    assert recipient.reason == "userunknown" and recipient.bounce_class is BounceClass.HARD
    assert report.hard_bounces == (recipient,)


def test_full_mailbox_with_5xx_is_soft() -> None:
    report = parse_bounce(dsn("eva@example.net", "failed", "5.2.2", "552 5.2.2 Mailbox full"))
    (recipient,) = report.recipients
    assert recipient.reason == "mailboxfull" and recipient.bounce_class is BounceClass.SOFT


def test_delayed_dsn_is_a_soft_warning() -> None:
    report = parse_bounce(dsn("eva@example.net", "delayed", "4.4.1", "421 4.4.1 Connection timed out"))
    assert report.kind is ReportKind.DELAYED and report.is_bounce
    assert report.recipients[0].bounce_class is BounceClass.SOFT and report.hard_bounces == ()


def test_success_dsn_is_not_a_bounce() -> None:
    report = parse_bounce(dsn("eva@example.net", "delivered", "2.0.0", "250 2.0.0 Ok"))
    assert report.kind is ReportKind.DELIVERED and not report.is_bounce


def test_normalized_lowercases_the_domain_only() -> None:
    report = parse_bounce(dsn("Max.Mustermann@Example.NET", "failed", "5.1.1", "550 5.1.1 unknown"))
    assert report.recipients[0].normalized == "Max.Mustermann@example.net"


def test_diagnostic_is_collapsed_and_bounded() -> None:
    report = parse_bounce(dsn("max@example.net", "failed", "5.1.1", "550   5.1.1\t" + "x" * 5000))
    diagnostic = report.recipients[0].diagnostic
    assert "  " not in diagnostic and "\t" not in diagnostic and len(diagnostic) <= 1000


@pytest.mark.parametrize(
    ("subject", "extra"),
    [
        ("Abwesenheitsnotiz: Startzeiten Samstag", ""),
        ("Automatische Antwort: Startzeiten Samstag", ""),
        ("Out of Office: tee times", ""),
        ("Re: Startzeiten", "Auto-Submitted: auto-replied\n"),
        ("Ich bin im Urlaub", "X-Autoreply: yes\n"),
        ("Thanks", "Precedence: auto_reply\n"),
    ],
)
def test_auto_replies_are_never_bounces(subject: str, extra: str) -> None:
    raw = (
        f"From: Hans Meier <hans@example.net>\nTo: sekretariat@golfclub-example.de\nSubject: {subject}\n"
        f"In-Reply-To: <tee-time-42@golfclub-example.de>\n{extra}\n"
        "Ich bin bis 12. August nicht im Büro. Die Nachricht konnte nicht zugestellt werden? Doch.\n"
    ).encode()
    report = parse_bounce(raw)
    assert report.kind is ReportKind.AUTO_REPLY and not report.is_bounce
    assert report.original_message_id == "<tee-time-42@golfclub-example.de>"


def test_ordinary_mail_is_not_a_bounce() -> None:
    report = parse_bounce(b"From: hans@example.net\nTo: a@b.de\nSubject: Hallo\n\nBis Samstag!\n")
    assert report.kind is ReportKind.NOT_A_BOUNCE
    assert report.error is not None and report.error.startswith("not a bounce")


@pytest.mark.parametrize("raw", [b"", b"\r\n\r\n", b"\x00\xff" * 10, b"From \n", b"Subject: =?x?q?broken?="])
def test_junk_input_gives_a_report(raw: bytes) -> None:
    report = parse_bounce(raw)
    assert report.kind is ReportKind.NOT_A_BOUNCE and report.error


def test_wrong_type_gives_a_report() -> None:
    report = parse_bounce("not bytes")  # type: ignore[arg-type]
    assert report.kind is ReportKind.NOT_A_BOUNCE and report.error and "could not parse" in report.error


def test_results_are_frozen() -> None:
    report = parse_bounce(dsn("max@example.net", "failed", "5.1.1", "550 5.1.1 unknown"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.kind = ReportKind.FAILURE  # type: ignore[misc]
    assert isinstance(report, BounceReport)


def test_where_the_bounce_was_delivered_is_kept() -> None:
    raw = dsn("max@example.org", "failed", "5.1.1", "550 5.1.1 user unknown").replace(
        b"To: sekretariat@golfclub-example.de\n", b"To: bounces+abc@golfclub-example.de\n"
        b"Delivered-To: bounces+abc@golfclub-example.de\nX-Original-To: Bounces+ABC@golfclub-example.de\n", 1)
    report = parse_bounce(raw)
    assert report.envelope_recipients == ("bounces+abc@golfclub-example.de",)


def test_a_failure_notice_naming_nobody_is_a_bounce_without_recipients() -> None:
    notice = (b"From: Mail Delivery System <MAILER-DAEMON@mail.example.net>\nTo: bounces+abc@gc.de\n"
              b"Subject: Undeliverable: Rechnung\n\nYour message could not be delivered.\n")
    report = parse_bounce(notice)
    assert report.kind is ReportKind.FAILURE and report.recipients == () and report.error
    human = notice.replace(b"Mail Delivery System <MAILER-DAEMON@mail.example.net>", b"Max <max@example.org>")
    assert parse_bounce(human).kind is ReportKind.NOT_A_BOUNCE
