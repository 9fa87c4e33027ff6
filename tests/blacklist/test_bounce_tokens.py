"""Signed bounce addresses: set per mail, tie vague bounces to their recipient, forged ones change nothing."""

from __future__ import annotations

from typing import Any

from mail_helpers import make_message

from caddie_mail_plugin import Mailer
from caddie_mail_plugin.blacklist.bounce_address import (
    enable_bounce_address,
    load_bounce_address,
    mail_id_for,
)
from caddie_mail_plugin.blacklist.bounce_outcome import BlacklistEffect, BounceOutcome
from caddie_mail_plugin.blacklist.bounce_token import TokenState
from caddie_mail_plugin.blacklist.soft_counts import SoftBounceCounts
from caddie_mail_plugin.bounce.verp import make_bounce_address, read_bounce_address

from bounce_mail import dsn, vague_bounce

DOMAIN = "golfclub-example.de"
LONG = "hans-peter.mustermann-schulze@example.org"  # too long for the token: a digest is signed


def outcome_of(mailer: Mailer, raw: bytes) -> BounceOutcome:
    return next(r for r in mailer.handle_bounce(raw) if isinstance(r, BounceOutcome))


def send_with_bounce_address(mailer: Mailer, smtp_server: Any, recipient: str) -> tuple[str, str]:
    """Send one mail; returns its bounce address (the envelope sender) and Message-ID."""
    result = mailer.send(make_message(to=recipient))
    assert result.message_id is not None
    return smtp_server.received[-1].mail_from, result.message_id


def test_mails_leave_with_a_signed_bounce_address(policy_mailer: Mailer, smtp_server: Any) -> None:
    settings = enable_bounce_address(policy_mailer.config, DOMAIN)
    assert len(settings.secret) == 64 and settings.secret not in repr(settings)
    envelope, message_id = send_with_bounce_address(policy_mailer, smtp_server, "Max@Example.org")
    assert envelope.startswith("bounces+") and envelope.endswith(f"@{DOMAIN}")
    token = read_bounce_address(envelope, settings.secret_bytes)
    assert token is not None and token.mail_id == mail_id_for(message_id) and token.matches("max@example.org")
    assert enable_bounce_address(policy_mailer.config, DOMAIN).secret == settings.secret  # made once


def test_no_bounce_address_when_the_host_chose_one_or_for_several_recipients(
    policy_mailer: Mailer, smtp_server: Any
) -> None:
    enable_bounce_address(policy_mailer.config, DOMAIN)
    policy_mailer.send(make_message(to="max@example.org"), envelope_from="verwaltung@golfclub-example.de")
    policy_mailer.send(make_message(to=["max@example.org", "erika@example.org"]))
    assert [m.mail_from for m in smtp_server.received] == [
        "verwaltung@golfclub-example.de", "sekretariat@golfclub-example.de"]


def test_a_vague_bounce_is_tied_to_its_recipient(policy_mailer: Mailer, smtp_server: Any) -> None:
    enable_bounce_address(policy_mailer.config, DOMAIN)
    envelope, _ = send_with_bounce_address(policy_mailer, smtp_server, LONG)
    outcome = outcome_of(policy_mailer, vague_bounce(to=envelope))
    assert outcome.token is TokenState.VERIFIED
    assert [(v.address, v.effect) for v in outcome.verdicts] == [(LONG, BlacklistEffect.COUNTED)]
    history = SoftBounceCounts(policy_mailer.data_dir).get(LONG)
    assert history is not None and history.count == 1


def test_a_bounce_naming_a_forwarding_target_blacklists_the_member(policy_mailer: Mailer, smtp_server: Any) -> None:
    enable_bounce_address(policy_mailer.config, DOMAIN)
    envelope, _ = send_with_bounce_address(policy_mailer, smtp_server, "max@example.org")
    outcome = outcome_of(policy_mailer, dsn("max.old@provider.example", to=envelope))
    assert [(v.address, v.effect) for v in outcome.verdicts] == [
        ("max@example.org", BlacklistEffect.BLACKLISTED), ("max.old@provider.example", BlacklistEffect.IGNORED)]
    assert policy_mailer.blacklist.get("max.old@provider.example") is None


def test_a_forged_token_changes_nothing(policy_mailer: Mailer, smtp_server: Any) -> None:
    settings = enable_bounce_address(policy_mailer.config, DOMAIN)
    envelope, _ = send_with_bounce_address(policy_mailer, smtp_server, "max@example.org")
    local, _, domain = envelope.partition("@")
    altered = local[:-1] + ("a" if local[-1] != "a" else "b") + "@" + domain
    other_secret = make_bounce_address(domain=DOMAIN, mail_id="00" * 8, recipient="erika@example.org",
                                       secret=b"guessed secret")
    assert load_bounce_address(policy_mailer.config).secret == settings.secret
    for forged in (altered, other_secret, f"bounces+{'a' * 40}@{DOMAIN}"):
        outcome = outcome_of(policy_mailer, dsn("erika@example.org", to=forged))
        assert outcome.token is TokenState.FORGED
        assert [v.effect for v in outcome.verdicts] == [BlacklistEffect.IGNORED]
        assert "FORGED" in outcome.note()
    assert policy_mailer.blacklist.entries() == []
    assert policy_mailer.blacklist.history("erika@example.org") == []


def test_a_valid_token_cannot_blacklist_another_address(policy_mailer: Mailer, smtp_server: Any) -> None:
    enable_bounce_address(policy_mailer.config, DOMAIN)
    envelope, _ = send_with_bounce_address(policy_mailer, smtp_server, "max@example.org")
    raw = dsn("erika@example.org", to=envelope).replace(
        b"Final-Recipient: rfc822; erika@example.org",
        b"Final-Recipient: rfc822; erika@example.org\n\nFinal-Recipient: rfc822; max@example.org\nAction: failed\nStatus: 5.1.1",
    )
    outcome = outcome_of(policy_mailer, raw)
    assert {(v.address, v.effect) for v in outcome.verdicts} == {
        ("max@example.org", BlacklistEffect.BLACKLISTED), ("erika@example.org", BlacklistEffect.IGNORED)}
    assert policy_mailer.blacklist.get("erika@example.org") is None


def test_bounces_without_a_bounce_address_still_count(policy_mailer: Mailer) -> None:
    enable_bounce_address(policy_mailer.config, DOMAIN)
    outcome = outcome_of(policy_mailer, dsn("max@example.org"))
    assert outcome.token is TokenState.NONE and outcome.verdicts[0].effect is BlacklistEffect.BLACKLISTED


def test_copies_of_a_newsletter_get_one_bounce_address_each(policy_mailer: Mailer) -> None:
    from caddie_mail_plugin import OutgoingMail
    from caddie_mail_plugin.async_bridge import run_sync
    from caddie_mail_plugin.plugins.bounce_address import bounce_address_for_copy

    settings = enable_bounce_address(policy_mailer.config, DOMAIN)

    async def prepared(envelope_from: str | None) -> list[str | None]:
        mail = OutgoingMail.from_message(make_message(to=["max@example.org", "erika@example.org"]))
        mail.envelope_from = envelope_from
        async with policy_mailer.session() as context:
            policy_mailer.pm.hook.before_send(mail=mail, context=context)
            return [bounce_address_for_copy(mail, context, message_id=f"<copy-{r}>", recipient=r)
                    for r in mail.recipients]

    signed = run_sync(prepared(None))
    tokens = [read_bounce_address(a or "", settings.secret_bytes) for a in signed]
    assert [t.mail_id if t else None for t in tokens] == [mail_id_for("<copy-max@example.org>"),
                                                           mail_id_for("<copy-erika@example.org>")]
    assert tokens[1] is not None and tokens[1].matches("erika@example.org")
    assert run_sync(prepared("verwaltung@golfclub-example.de")) == [None, None]


def test_no_bounce_address_for_copies_when_the_plugin_is_blocked(policy_mailer: Mailer) -> None:
    from caddie_mail_plugin import OutgoingMail
    from caddie_mail_plugin.plugins.bounce_address import bounce_address_for_copy

    enable_bounce_address(policy_mailer.config, DOMAIN)
    mail = OutgoingMail.from_message(make_message(to="max@example.org"))  # before_send never ran
    context: Any = type("Context", (), {"config": policy_mailer.config})()
    assert bounce_address_for_copy(mail, context, message_id="<m@x>", recipient="max@example.org") is None
