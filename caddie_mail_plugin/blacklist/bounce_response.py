"""Apply the bounce policy to the blacklist: one bounce report in, one verdict per recipient out.

Hard bounces blacklist at once (with a suggested fix for a mistyped provider
domain); soft bounces are counted and blacklist at the policy's limit; delay
warnings, auto-replies and refusals that concern our own server change
nothing.  A verified signed bounce address limits the bounce to the recipient
it names (and names it when the bounce itself is vague); a forged one makes
the whole bounce change nothing.

:func:`open_policy_state` opens the soft-bounce and blacklist files in one
transaction each (in that order, everywhere), or read-only snapshots for a dry
run, so several reports can be handled against one consistent state.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from ..addresses import parse_address
from ..bounce.model import BounceClass, BouncedRecipient, BounceReport, ReportKind
from ..bounce.repair_hints import suggest_address_fix
from ..exceptions import InvalidMessageError
from ..storage.blacklist_store import BlacklistStore
from ..storage.config_store import ConfigStore
from ..storage.delivery_log import DeliveryLog
from .bounce_address import BounceAddressSettings, load_bounce_address, mail_id_for
from .bounce_outcome import BlacklistEffect, BounceOutcome, RecipientVerdict
from .bounce_rules import effective_kind, hard_reason, not_a_bounce, soft_reason, why_soft_not_counted
from .bounce_token import TokenCheck, TokenState, check_bounce_token
from .entry import BlacklistHold, BlacklistScope, BlacklistSource
from .policy import BouncePolicy, load_policy
from .session import BlacklistSession, utc_now
from .soft_counts import SoftBounceCounts, SoftSession
from .soft_history import MailEvent, SoftHistory

WHO = "bounce"


@dataclass
class PolicyState:
    """Open blacklist and soft-bounce sessions plus the settings in force."""

    blacklist: BlacklistSession
    soft: SoftSession
    policy: BouncePolicy
    bounce_address: BounceAddressSettings
    log: DeliveryLog | None
    now: datetime
    dry_run: bool


@contextmanager
def open_policy_state(
    data_dir: Path, config: ConfigStore, *, dry_run: bool = False,
    log: DeliveryLog | None = None, now: datetime | None = None,
) -> Iterator[PolicyState]:
    """Sessions for handling bounces; a dry run works on snapshots and writes nothing."""
    moment = now or utc_now()
    policy, address = load_policy(config), load_bounce_address(config)
    counts, store = SoftBounceCounts(data_dir), BlacklistStore(data_dir)
    if dry_run:
        yield PolicyState(store.snapshot(moment), counts.snapshot(), policy, address, log, moment, True)
        return
    with counts.session() as soft, store.session(moment) as session:
        yield PolicyState(session, soft, policy, address, log, moment, False)
        soft.prune(policy, moment)


def respond_to_bounce(report: BounceReport, state: PolicyState) -> BounceOutcome:
    """Apply the policy to every recipient of ``report``."""
    check = check_bounce_token(report, state.bounce_address, state.log)
    if check.state is TokenState.FORGED:
        verdicts = tuple(
            RecipientVerdict.of(r, BlacklistEffect.IGNORED, "forged or altered bounce address: nothing changed")
            for r in report.recipients
        )
        return BounceOutcome(report, verdicts, check.state, state.dry_run)
    recipients, ignored = _tie_to_token(report, check)
    mail_id = check.token.mail_id if check.token else (
        mail_id_for(report.original_message_id) if report.original_message_id else None
    )
    decided = [_decide(r, report.kind, state, mail_id) for r in recipients]
    return BounceOutcome(report, (*decided, *ignored), check.state, state.dry_run)


def _tie_to_token(report: BounceReport, check: TokenCheck) -> tuple[list[BouncedRecipient], list[RecipientVerdict]]:
    if check.state is not TokenState.VERIFIED:
        return list(report.recipients), []
    named = [r for r in report.recipients if check.names(r.address) or check.names(r.original_address)]
    others = [
        RecipientVerdict.of(r, BlacklistEffect.IGNORED, "not the recipient the signed bounce address names")
        for r in report.recipients if r not in named
    ]
    if named or report.kind is not ReportKind.FAILURE or check.recipient is None:
        return named, others
    base = report.recipients[0] if report.recipients else BouncedRecipient(
        address=check.recipient, status=None, smtp_code=None, diagnostic=report.error or "",
        bounce_class=BounceClass.SOFT, action="failed", reason="undefined",
    )
    return [replace(base, address=check.recipient, original_address=None)], others


def _decide(recipient: BouncedRecipient, kind: ReportKind, state: PolicyState, mail_id: str | None) -> RecipientVerdict:
    kind = effective_kind(recipient, kind)
    try:
        parsed = parse_address(recipient.address)
    except InvalidMessageError:
        return RecipientVerdict.of(recipient, BlacklistEffect.IGNORED, "not a valid address; nothing changed")
    if kind is ReportKind.DELIVERED:
        reset = state.soft.delete(parsed.key)
        if reset is None:
            return RecipientVerdict.of(recipient, BlacklistEffect.NOT_COUNTED, "delivered", bounce=False)
        return RecipientVerdict.of(
            recipient, BlacklistEffect.COUNT_RESET, f"delivered: soft-bounce count {reset.count} reset", bounce=False
        )
    why_not = not_a_bounce(kind)
    if why_not is not None:
        return RecipientVerdict.of(recipient, BlacklistEffect.NOT_COUNTED, why_not, bounce=kind is ReportKind.DELAYED)
    if recipient.bounce_class is BounceClass.HARD:
        return _hard(recipient, parsed.display, parsed.key, state)
    return _soft(recipient, parsed.display, parsed.key, state, mail_id)


def _hard(recipient: BouncedRecipient, address: str, key: str, state: PolicyState) -> RecipientVerdict:
    entry = state.blacklist.entry(key)
    held = entry.hold(BlacklistSource.BOUNCE) if entry is not None else None
    if entry is not None and held is not None and held.scope is BlacklistScope.ALL:
        return RecipientVerdict.of(
            recipient, BlacklistEffect.ALREADY_BLACKLISTED, f"already blacklisted: {held.reason}",
            suggested_fix=held.suggested_fix,
        )
    fix = suggest_address_fix(address)
    hold = BlacklistHold(
        BlacklistSource.BOUNCE, BlacklistScope.ALL, hard_reason(recipient), state.blacklist.when,
        status=recipient.status, suggested_fix=fix,
    )
    state.blacklist.put_hold(address, key, hold, who=WHO, why=hold.reason)
    state.soft.delete(key)
    if entry is not None and entry.scope is BlacklistScope.ALL:
        return RecipientVerdict.of(
            recipient, BlacklistEffect.ALREADY_BLACKLISTED,
            f"already blacklisted ({entry.source.value}: {entry.reason}); the hard bounce is noted on the entry",
            suggested_fix=fix,
        )
    return RecipientVerdict.of(recipient, BlacklistEffect.BLACKLISTED, "hard bounce: blacklisted at once", suggested_fix=fix)


def _soft(
    recipient: BouncedRecipient, address: str, key: str, state: PolicyState, mail_id: str | None
) -> RecipientVerdict:
    why_not = why_soft_not_counted(recipient)
    if why_not is not None:
        return RecipientVerdict.of(recipient, BlacklistEffect.NOT_COUNTED, why_not)
    entry = state.blacklist.entry(key)
    if entry is not None and entry.scope is BlacklistScope.ALL:
        return RecipientVerdict.of(
            recipient, BlacklistEffect.ALREADY_BLACKLISTED, f"already blacklisted ({entry.reason}); not counted"
        )
    policy = state.policy
    history = (state.soft.get(key) or SoftHistory(address)).with_bounce(MailEvent(state.now, mail_id), policy, state.now)
    limit = f"{history.count} of {policy.soft_limit} within {policy.soft_window_days} days"
    if history.count < policy.soft_limit:
        state.soft.put(key, history)
        return RecipientVerdict.of(recipient, BlacklistEffect.COUNTED, f"soft bounce {limit}")
    reason = soft_reason(recipient, history.count, policy.soft_window_days)
    hold = BlacklistHold(BlacklistSource.BOUNCE, BlacklistScope.ALL, reason, state.blacklist.when, status=recipient.status)
    state.blacklist.put_hold(address, key, hold, who=WHO, why=reason)
    state.soft.delete(key)
    return RecipientVerdict.of(recipient, BlacklistEffect.BLACKLISTED, f"soft bounce {limit}: blacklisted")
