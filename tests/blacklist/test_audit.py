"""Every change keeps who, when, why and the state before; a removal needs a reason."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from caddie_mail_plugin import Mailer
from caddie_mail_plugin.blacklist.consent import consent_changed
from caddie_mail_plugin.blacklist.csv_import import import_csv
from caddie_mail_plugin.blacklist.entry import BlacklistScope, ChangeAction
from caddie_mail_plugin.cli.blacklist import blacklist
from caddie_mail_plugin.exceptions import InvalidMessageError

from bounce_mail import dsn

MAX = "max@example.org"


def test_history_of_every_source(policy_mailer: Mailer) -> None:
    store = policy_mailer.blacklist
    store.add(MAX, reason="Mitglied ausgetreten", scope=BlacklistScope.NEWSLETTER)
    import_csv(store, "address;reason\nmax@example.org;Liste vom Verband\n".encode(), dry_run=False)
    consent_changed(store, MAX, given=False)
    policy_mailer.handle_bounce(dsn(MAX))
    store.edit(MAX, reason="Austritt zum 31.12.", source=None)
    store.remove(MAX, reason="Wiedereintritt, Adresse bestätigt")
    changes = store.history(MAX)
    assert [(c.action, c.who) for c in changes] == [
        (ChangeAction.ADD, "admin"), (ChangeAction.EDIT, "import"), (ChangeAction.EDIT, "consent"),
        (ChangeAction.EDIT, "bounce"), (ChangeAction.EDIT, "admin"), (ChangeAction.REMOVE, "admin"),
    ]
    for change in changes:
        assert datetime.fromisoformat(change.when).tzinfo is not None and change.why
    imported, consent, bounce = changes[1:4]
    assert imported.previous is not None and imported.previous["scope"] == "newsletter"
    assert imported.current is not None and imported.current["scope"] == "all"
    assert consent.why.startswith("Datenschutz") and consent.previous == imported.current
    assert bounce.previous == consent.current and "5.1.1" in bounce.why
    assert changes[-1].previous is not None and changes[-1].current is None
    assert changes[-1].why == "Wiedereintritt, Adresse bestätigt"


@pytest.mark.parametrize("reason", ["", "   ", "Irrtum\nBcc: x@evil.example"])
def test_removal_without_a_proper_reason_is_refused(policy_mailer: Mailer, reason: str) -> None:
    policy_mailer.blacklist.add(MAX, reason="bounce")
    with pytest.raises(InvalidMessageError):
        policy_mailer.blacklist.remove(MAX, reason=reason)
    assert policy_mailer.blacklist.get(MAX) is not None
    assert [c.action for c in policy_mailer.blacklist.history(MAX)] == [ChangeAction.ADD]


def test_history_command_shows_who_when_why_and_before(policy_mailer: Mailer, run_cli: Any, data_dir: Path) -> None:
    policy_mailer.handle_bounce(dsn(MAX))
    code, out = run_cli(blacklist, "remove", MAX)
    assert code == 2 and "--reason" in out  # click: the option is required
    code, out = run_cli(blacklist, "remove", MAX, "--reason", "")
    assert code == 1 and "give a reason" in out
    assert run_cli(blacklist, "remove", MAX, "--reason", "Postfach wieder eingerichtet")[0] == 0
    code, out = run_cli(blacklist, "history", MAX)
    lines = [line.split("\t") for line in out.splitlines()]
    assert [(f[1], f[2]) for f in lines] == [("add", "bounce"), ("remove", "admin")]
    assert lines[1][3] == "Postfach wieder eingerichtet" and lines[1][4].startswith("before: all/bounce: Hard bounce 5.1.1")


def test_each_change_shows_the_state_after_it(policy_mailer: Mailer) -> None:
    from caddie_mail_plugin.blacklist.soft_counts import SoftBounceCounts, reset_soft_count

    store = policy_mailer.blacklist
    store.add(MAX, reason="erste")
    reset_soft_count(store, SoftBounceCounts(policy_mailer.data_dir), MAX, reason="Anruf")
    store.edit(MAX, reason="zweite")
    store.remove(MAX, reason="weg")
    store.add(MAX, reason="dritte", scope=BlacklistScope.NEWSLETTER)
    changes = store.history(MAX)
    assert [c.action for c in changes] == [ChangeAction.ADD, ChangeAction.RESET_COUNT, ChangeAction.EDIT,
                                           ChangeAction.REMOVE, ChangeAction.ADD]
    after = [c.current["reason"] if c.current else None for c in changes]
    before = [c.previous["reason"] if c.previous else None for c in changes]
    assert after == ["erste", None, "zweite", None, "dritte"]
    assert before == [None, None, "erste", "zweite", None]
    assert changes[-1].current is not None and changes[-1].current["scope"] == "newsletter"
