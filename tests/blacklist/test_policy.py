"""The bounce policy: hard at once, soft after N within a window, resets, future-only changes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from caddie_mail_plugin import Mailer
from caddie_mail_plugin.blacklist.bounce_outcome import BlacklistEffect, BounceOutcome
from caddie_mail_plugin.blacklist.bounce_response import open_policy_state, respond_to_bounce
from caddie_mail_plugin.blacklist.entry import BlacklistSource, ChangeAction
from caddie_mail_plugin.blacklist.policy import BouncePolicy, BouncePolicyError, load_policy, save_policy
from caddie_mail_plugin.blacklist.soft_counts import SoftBounceCounts, reset_soft_count
from caddie_mail_plugin.bounce import parse_bounce
from caddie_mail_plugin.storage.config_store import ConfigStore

from bounce_mail import dsn, out_of_office, soft_dsn

START = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)
MAX = "max@example.org"


def handle(data_dir: Path, raw: bytes, at: datetime, *, dry_run: bool = False) -> BounceOutcome:
    """One bounce at a chosen moment (the policy's clock), as the plugin handles it."""
    with open_policy_state(data_dir, ConfigStore(data_dir), now=at, dry_run=dry_run) as state:
        return respond_to_bounce(parse_bounce(raw), state)


def effects(outcome: BounceOutcome) -> list[BlacklistEffect]:
    return [v.effect for v in outcome.verdicts]


def test_hard_bounce_blacklists_at_once_through_the_hook(policy_mailer: Mailer) -> None:
    replies = policy_mailer.handle_bounce(dsn(MAX))
    outcome = next(r for r in replies if isinstance(r, BounceOutcome))
    assert effects(outcome) == [BlacklistEffect.BLACKLISTED]
    verdict = outcome.verdicts[0]
    assert (verdict.address, verdict.status, verdict.smtp_code, verdict.bounce_class.value) == (MAX, "5.1.1", 550, "hard")
    entry = policy_mailer.blacklist.get(MAX)
    assert entry is not None and entry.source is BlacklistSource.BOUNCE and "5.1.1" in entry.reason
    assert policy_mailer.blacklist.history(MAX)[0].who == "bounce"
    again = next(r for r in policy_mailer.handle_bounce(dsn(MAX)) if isinstance(r, BounceOutcome))
    assert effects(again) == [BlacklistEffect.ALREADY_BLACKLISTED]
    assert len(policy_mailer.blacklist.history(MAX)) == 1


def test_soft_bounces_blacklist_at_the_third_within_30_days(data_dir: Path) -> None:
    store = Mailer(data_dir).blacklist
    first = handle(data_dir, soft_dsn(MAX, message_id="<n1@gc.de>"), START)
    second = handle(data_dir, soft_dsn(MAX, message_id="<n2@gc.de>"), START + timedelta(days=10))
    assert effects(first) == effects(second) == [BlacklistEffect.COUNTED]
    assert "2 of 3 within 30 days" in second.verdicts[0].detail
    assert store.get(MAX) is None
    third = handle(data_dir, soft_dsn(MAX, message_id="<n3@gc.de>"), START + timedelta(days=20))
    assert effects(third) == [BlacklistEffect.BLACKLISTED]
    entry = store.get(MAX)
    assert entry is not None and entry.reason.startswith("3 soft bounces within 30 days")
    assert SoftBounceCounts(data_dir).get(MAX) is None  # the count went with the entry


def test_soft_bounces_outside_the_window_do_not_add_up(data_dir: Path) -> None:
    for days in (0, 20, 40, 60, 80):  # never three within 30 days
        outcome = handle(data_dir, soft_dsn(MAX, message_id=f"<n{days}@gc.de>"), START + timedelta(days=days))
        assert effects(outcome) == [BlacklistEffect.COUNTED]
    history = SoftBounceCounts(data_dir).get(MAX)
    assert history is not None and history.count == 2


def test_a_later_delivery_resets_the_soft_count(data_dir: Path) -> None:
    counts = SoftBounceCounts(data_dir)
    handle(data_dir, soft_dsn(MAX, message_id="<n1@gc.de>"), START)
    handle(data_dir, soft_dsn(MAX, message_id="<n2@gc.de>"), START + timedelta(days=1))
    # the club's server accepted the invoice on day 2; no bounce for it came within the grace period
    assert counts.note_delivered([MAX.upper(), "other@example.org"], message_id="<invoice@gc.de>",
                                 now=START + timedelta(days=2)) == 1
    later = handle(data_dir, soft_dsn(MAX, message_id="<n3@gc.de>"), START + timedelta(days=10))
    assert effects(later) == [BlacklistEffect.COUNTED] and "1 of 3" in later.verdicts[0].detail


def test_an_accepted_send_that_bounced_itself_is_no_delivery(data_dir: Path) -> None:
    counts = SoftBounceCounts(data_dir)
    handle(data_dir, soft_dsn(MAX, message_id="<n1@gc.de>"), START)
    handle(data_dir, soft_dsn(MAX, message_id="<n2@gc.de>"), START + timedelta(days=1))
    counts.note_delivered([MAX], message_id="<n3@gc.de>", now=START + timedelta(days=2))
    # the relay accepted <n3>, then bounced it after five days of retries
    outcome = handle(data_dir, soft_dsn(MAX, message_id="<n3@gc.de>"), START + timedelta(days=7))
    assert effects(outcome) == [BlacklistEffect.BLACKLISTED]


def test_a_send_inside_the_grace_period_does_not_reset_yet(data_dir: Path) -> None:
    counts = SoftBounceCounts(data_dir)
    handle(data_dir, soft_dsn(MAX, message_id="<n1@gc.de>"), START)
    counts.note_delivered([MAX], message_id="<n2@gc.de>", now=START + timedelta(days=1))
    outcome = handle(data_dir, soft_dsn(MAX, message_id="<n3@gc.de>"), START + timedelta(days=2))
    assert "2 of 3" in outcome.verdicts[0].detail


def test_note_delivered_ignores_addresses_without_soft_bounces(data_dir: Path) -> None:
    counts = SoftBounceCounts(data_dir)
    assert counts.note_delivered(["max@example.org", "not an address"]) == 0
    assert not (data_dir / "soft_bounces.json").exists()


def test_the_admin_resets_a_count_with_a_reason(data_dir: Path) -> None:
    store, counts = Mailer(data_dir).blacklist, SoftBounceCounts(data_dir)
    handle(data_dir, soft_dsn(MAX, message_id="<n1@gc.de>"), START)
    handle(data_dir, soft_dsn(MAX, message_id="<n2@gc.de>"), START + timedelta(hours=1))
    assert reset_soft_count(store, counts, MAX, reason="Postfach geleert, Mitglied angerufen") == 2
    assert counts.get(MAX) is None
    change = store.history(MAX)[-1]
    assert change.action is ChangeAction.RESET_COUNT and change.who == "admin" and "Postfach geleert" in change.why
    with pytest.raises(ValueError, match="give a reason"):
        reset_soft_count(store, counts, MAX, reason=" ")


def test_policy_changes_apply_to_future_bounces_only(data_dir: Path) -> None:
    config, store = ConfigStore(data_dir), Mailer(data_dir).blacklist
    handle(data_dir, soft_dsn(MAX, message_id="<n1@gc.de>"), START)
    handle(data_dir, soft_dsn(MAX, message_id="<n2@gc.de>"), START + timedelta(days=1))
    handle(data_dir, dsn("erika@example.org"), START)
    save_policy(config, soft_limit=2)
    assert store.get(MAX) is None  # two counted bounces do not blacklist retroactively
    assert store.get("erika@example.org") is not None  # nor does a change undo earlier entries
    outcome = handle(data_dir, soft_dsn(MAX, message_id="<n3@gc.de>"), START + timedelta(days=2))
    assert effects(outcome) == [BlacklistEffect.BLACKLISTED] and "3 of 2" in outcome.verdicts[0].detail
    assert load_policy(config) == BouncePolicy(soft_limit=2)


def test_policy_values_are_checked(data_dir: Path) -> None:
    with pytest.raises(BouncePolicyError, match="--soft-limit"):
        save_policy(ConfigStore(data_dir), soft_limit=0)
    with pytest.raises(BouncePolicyError, match="window"):
        BouncePolicy(soft_window_days=1000)
    assert load_policy(ConfigStore(data_dir)) == BouncePolicy()


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (out_of_office(MAX), "auto-reply"),
        (dsn(MAX, status="4.4.7", action="delayed", diagnostic="451 4.4.7 delivery delayed"), "delay warning"),
        (dsn(MAX, status="5.7.1", diagnostic="554 5.7.1 Message rejected as spam"), "our server or the message"),
        (dsn(MAX, status="5.7.1", diagnostic="550 5.7.1 client host [192.0.2.1] blocked using zen.spamhaus.org"),
         "our server or the message"),
    ],
)
def test_what_does_not_count_against_an_address(data_dir: Path, raw: bytes, why: str) -> None:
    for day in range(4):
        outcome = handle(data_dir, raw, START + timedelta(days=day))
        assert effects(outcome) == [BlacklistEffect.NOT_COUNTED] and why in outcome.verdicts[0].detail
    assert Mailer(data_dir).blacklist.entries() == []
    assert SoftBounceCounts(data_dir).get(MAX) is None


def test_a_success_report_resets_the_count(data_dir: Path) -> None:
    handle(data_dir, soft_dsn(MAX), START)
    outcome = handle(data_dir, dsn(MAX, status="2.0.0", action="delivered", diagnostic="250 2.0.0 OK"), START)
    assert effects(outcome) == [BlacklistEffect.COUNT_RESET]
    assert SoftBounceCounts(data_dir).get(MAX) is None


def test_the_soft_count_store_stays_small(data_dir: Path) -> None:
    """Records leave the file when their last bounce leaves the window."""
    for day in range(0, 200, 5):
        handle(data_dir, soft_dsn(f"m{day}@example.org"), START + timedelta(days=day))
    handle(data_dir, soft_dsn(MAX), START + timedelta(days=200))
    kept = SoftBounceCounts(data_dir).snapshot().keys()
    assert len(kept) <= 7 and MAX in kept


def test_dry_run_changes_nothing(data_dir: Path) -> None:
    before = sorted(p.name for p in data_dir.iterdir())
    outcome = handle(data_dir, dsn(MAX), START, dry_run=True)
    assert effects(outcome) == [BlacklistEffect.BLACKLISTED] and outcome.dry_run and not outcome.changed
    assert sorted(p.name for p in data_dir.iterdir()) == before
