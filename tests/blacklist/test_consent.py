"""Consent from the host's data-protection settings: both directions, and newsletters only."""

from __future__ import annotations

from typing import Any

from mail_helpers import make_message

from caddie_mail_plugin import NEWSLETTER, Mailer, SendStatus
from caddie_mail_plugin.blacklist.consent import ConsentEffect, consent_changed
from caddie_mail_plugin.blacklist.entry import BlacklistScope, BlacklistSource

from bounce_mail import dsn

MAX = "max@example.org"


def test_withdrawn_consent_blacklists_with_datenschutz(policy_mailer: Mailer, smtp_server: Any) -> None:
    outcome = consent_changed(policy_mailer.blacklist, "Max@Example.org", given=False)
    assert outcome.effect is ConsentEffect.BLACKLISTED
    entry = policy_mailer.blacklist.get(MAX)
    assert entry is not None and entry.reason == "Datenschutz" and entry.source is BlacklistSource.CONSENT
    assert policy_mailer.send(make_message(to=MAX)).status is SendStatus.SUPPRESSED
    assert smtp_server.received == []


def test_consent_given_again_lifts_exactly_the_consent_entry(policy_mailer: Mailer, smtp_server: Any) -> None:
    consent_changed(policy_mailer.blacklist, MAX, given=False)
    outcome = consent_changed(policy_mailer.blacklist, MAX, given=True)
    assert outcome.effect is ConsentEffect.LIFTED and outcome.entry is None
    assert policy_mailer.blacklist.get(MAX) is None
    assert policy_mailer.send(make_message(to=MAX)).status is SendStatus.SENT


def test_consent_given_never_lifts_a_bounce_or_admin_entry(policy_mailer: Mailer) -> None:
    policy_mailer.handle_bounce(dsn(MAX))
    policy_mailer.blacklist.add("erika@example.org", reason="Mitglied ausgetreten")
    for address in (MAX, "erika@example.org"):
        outcome = consent_changed(policy_mailer.blacklist, address, given=True)
        assert outcome.effect is ConsentEffect.UNCHANGED
        assert policy_mailer.blacklist.get(address) is not None


def test_consent_and_bounce_on_one_address_are_kept_apart(policy_mailer: Mailer, smtp_server: Any) -> None:
    consent_changed(policy_mailer.blacklist, MAX, given=False)
    policy_mailer.handle_bounce(dsn(MAX))  # the mailbox is gone as well
    entry = policy_mailer.blacklist.get(MAX)
    assert entry is not None and {h.source for h in entry.holds} == {BlacklistSource.CONSENT, BlacklistSource.BOUNCE}
    outcome = consent_changed(policy_mailer.blacklist, MAX, given=True)
    assert outcome.effect is ConsentEffect.LIFTED and outcome.still_blocked_by == (BlacklistSource.BOUNCE,)
    assert policy_mailer.send(make_message(to=MAX)).status is SendStatus.SUPPRESSED


def test_newsletters_only_invoice_arrives_newsletter_does_not(policy_mailer: Mailer, smtp_server: Any) -> None:
    consent_changed(policy_mailer.blacklist, MAX, given=False, scope=BlacklistScope.NEWSLETTER)
    entry = policy_mailer.blacklist.get(MAX)
    assert entry is not None and entry.scope is BlacklistScope.NEWSLETTER and entry.reason == "Datenschutz"
    invoice = policy_mailer.send(make_message(to=MAX, subject="Rechnung"))
    newsletter = policy_mailer.send(make_message(to=MAX, subject="Clubnachrichten"), category=NEWSLETTER)
    assert invoice.status is SendStatus.SENT and newsletter.status is SendStatus.SUPPRESSED
    assert [m.message["Subject"] for m in smtp_server.received] == ["Rechnung"]


def test_scope_changes_in_both_directions(policy_mailer: Mailer) -> None:
    store = policy_mailer.blacklist
    consent_changed(store, MAX, given=False, scope=BlacklistScope.NEWSLETTER)
    widened = consent_changed(store, MAX, given=False, scope=BlacklistScope.ALL)
    assert widened.effect is ConsentEffect.SCOPE_CHANGED and widened.entry is not None
    assert widened.entry.scope is BlacklistScope.ALL
    # consent to newsletters alone does not undo a withdrawal of all mail
    partly = consent_changed(store, MAX, given=True, scope=BlacklistScope.NEWSLETTER)
    assert partly.effect is ConsentEffect.UNCHANGED and store.get(MAX) is not None
    narrowed = consent_changed(store, MAX, given=False, scope=BlacklistScope.NEWSLETTER)
    assert narrowed.effect is ConsentEffect.SCOPE_CHANGED
    assert consent_changed(store, MAX, given=True, scope=BlacklistScope.NEWSLETTER).effect is ConsentEffect.LIFTED
    assert store.get(MAX) is None
    assert consent_changed(store, MAX, given=False, scope=BlacklistScope.ALL).effect is ConsentEffect.BLACKLISTED
    assert consent_changed(store, MAX, given=False, scope=BlacklistScope.ALL).effect is ConsentEffect.UNCHANGED


def test_a_newsletter_only_consent_entry_is_widened_by_a_hard_bounce(policy_mailer: Mailer) -> None:
    consent_changed(policy_mailer.blacklist, MAX, given=False, scope=BlacklistScope.NEWSLETTER)
    policy_mailer.handle_bounce(dsn(MAX))
    entry = policy_mailer.blacklist.get(MAX)
    assert entry is not None and entry.scope is BlacklistScope.ALL and entry.source is BlacklistSource.BOUNCE
    consent_changed(policy_mailer.blacklist, MAX, given=True)
    assert policy_mailer.send(make_message(to=MAX)).status is SendStatus.SUPPRESSED
