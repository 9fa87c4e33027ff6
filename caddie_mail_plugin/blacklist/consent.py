"""A person's data-protection settings, as the host reports them.

Withdrawn consent puts a consent hold with the reason "Datenschutz" on the
address, for all mail or for newsletters only.  Consent given again lifts that
consent hold and nothing else: a hold from a bounce, the admin or an import
stays, and so the address stays blocked for what that hold blocks.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ..addresses import parse_address
from ..storage.blacklist_store import BlacklistStore
from .entry import BlacklistEntry, BlacklistHold, BlacklistScope, BlacklistSource

DATENSCHUTZ = "Datenschutz"
WHO = "consent"
_SCOPE_TEXT = {BlacklistScope.ALL: "alle E-Mails", BlacklistScope.NEWSLETTER: "Newsletter"}


class ConsentEffect(str, enum.Enum):
    BLACKLISTED = "blacklisted"  # consent hold added
    SCOPE_CHANGED = "scope-changed"  # the consent hold now covers another scope
    UNCHANGED = "unchanged"  # the consent hold was as reported already / nothing to lift
    LIFTED = "lifted"  # the consent hold was lifted


@dataclass(frozen=True)
class ConsentOutcome:
    address: str
    effect: ConsentEffect
    entry: BlacklistEntry | None  # the entry afterwards (None: not on the blacklist)

    @property
    def still_blocked_by(self) -> tuple[BlacklistSource, ...]:
        """Sources whose holds still block the address."""
        return tuple(h.source for h in self.entry.holds) if self.entry else ()


def consent_changed(
    store: BlacklistStore, address: str, *, given: bool, scope: BlacklistScope = BlacklistScope.ALL, who: str = WHO
) -> ConsentOutcome:
    """Record that the person at ``address`` withdrew (``given=False``) or gave consent for ``scope``.

    Withdrawal sets the consent hold to exactly ``scope``.  Consent given for
    ``scope`` lifts the consent hold when ``scope`` covers it (consent for
    newsletters does not undo a withdrawal of all mail)."""
    parsed = parse_address(address)
    with store.session() as session:
        entry = session.entry(parsed.key)
        held = entry.hold(BlacklistSource.CONSENT) if entry is not None else None
        if given:
            if held is None or not scope.covers(held.scope):
                return ConsentOutcome(parsed.display, ConsentEffect.UNCHANGED, entry)
            why = f"{DATENSCHUTZ}: Einwilligung erteilt ({_SCOPE_TEXT[scope]})"
            after = session.drop_hold(parsed.key, BlacklistSource.CONSENT, who=who, why=why)
            return ConsentOutcome(parsed.display, ConsentEffect.LIFTED, after)
        if held is not None and held.scope is scope:
            return ConsentOutcome(parsed.display, ConsentEffect.UNCHANGED, entry)
        why = f"{DATENSCHUTZ}: Einwilligung widerrufen ({_SCOPE_TEXT[scope]})"
        hold = BlacklistHold(BlacklistSource.CONSENT, scope, DATENSCHUTZ, session.when)
        after = session.put_hold(parsed.display, parsed.key, hold, who=who, why=why)
        effect = ConsentEffect.BLACKLISTED if held is None else ConsentEffect.SCOPE_CHANGED
        return ConsentOutcome(parsed.display, effect, after)
