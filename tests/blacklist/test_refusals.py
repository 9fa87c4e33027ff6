"""Refusals at send time go through after_bounce: 5xx per policy, 4xx never (real SMTP server)."""

from __future__ import annotations

from typing import Any

from mail_helpers import make_message

from caddie_mail_plugin import Mailer, SendStatus
from caddie_mail_plugin.blacklist.entry import BlacklistSource
from caddie_mail_plugin.blacklist.soft_counts import SoftBounceCounts

MAX, ERIKA = "max@example.org", "erika@example.org"


def test_550_user_unknown_at_rcpt_blacklists(policy_mailer: Mailer, smtp_server: Any) -> None:
    smtp_server.script.rcpt[MAX] = "550 5.1.1 <max@example.org>: Recipient address rejected: User unknown"
    result = policy_mailer.send(make_message(to=[MAX, ERIKA]))
    assert result.status is SendStatus.PARTIAL
    entry = policy_mailer.blacklist.get(MAX)
    assert entry is not None and entry.source is BlacklistSource.BOUNCE and "5.1.1" in entry.reason
    assert policy_mailer.blacklist.get(ERIKA) is None
    # the next mail leaves MAX out before any byte is sent
    again = policy_mailer.send(make_message(to=[MAX, ERIKA]))
    assert again.status is SendStatus.SENT and again.suppressed == (MAX,)
    assert smtp_server.handler.rcpt_attempts.count(MAX) == 1


def test_4xx_refusals_never_blacklist_nor_count(policy_mailer: Mailer, smtp_server: Any) -> None:
    smtp_server.script.rcpt[MAX] = "450 4.2.0 <max@example.org>: Recipient address rejected: greylisted"
    for _ in range(4):
        result = policy_mailer.send(make_message(to=MAX))
        assert result.status is SendStatus.FAILED
    assert policy_mailer.blacklist.get(MAX) is None
    assert SoftBounceCounts(policy_mailer.data_dir).get(MAX) is None
    assert [r["event"] for r in policy_mailer.log.records()] == ["send"] * 4  # no bounce handled


def test_552_mailbox_full_counts_as_a_soft_bounce(policy_mailer: Mailer, smtp_server: Any) -> None:
    smtp_server.script.rcpt[MAX] = "552 5.2.2 <max@example.org>: Mailbox full"
    for expected in (1, 2):
        policy_mailer.send(make_message(to=MAX))
        history = SoftBounceCounts(policy_mailer.data_dir).get(MAX)
        assert history is not None and history.count == expected
    policy_mailer.send(make_message(to=MAX))
    entry = policy_mailer.blacklist.get(MAX)
    assert entry is not None and entry.reason.startswith("3 soft bounces")


def test_a_5xx_refusal_of_the_message_does_not_count_against_the_address(
    policy_mailer: Mailer, smtp_server: Any
) -> None:
    for _ in range(4):
        smtp_server.script.data.append("554 5.7.1 Message rejected as spam by content filter")
        result = policy_mailer.send(make_message(to=MAX))
        assert result.status is SendStatus.REFUSED
    assert policy_mailer.blacklist.get(MAX) is None
    assert SoftBounceCounts(policy_mailer.data_dir).get(MAX) is None
    bounces = [r for r in policy_mailer.log.records() if r["event"] == "bounce"]
    assert len(bounces) == 4 and bounces[0]["recipients"][0]["code"] == 554
