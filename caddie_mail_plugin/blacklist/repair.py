"""Accepting a suggested correction: a hard bounce on a mistyped provider domain.

When a hard bounce hit ``max@gmial.com``, its entry carries the suggestion
``max@gmail.com``.  Accepting it takes the mistyped address off the blacklist
(audited, with the correction as the reason) and reports the corrected address,
which the admin then stores in the member's record in the club program.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..addresses import parse_address
from ..exceptions import ConfigurationError
from ..storage.blacklist_store import BlacklistStore
from .entry import BlacklistEntry


class NoSuggestedFixError(ConfigurationError):
    """The address has no entry, or its entry carries no suggested correction."""

    code = "no-suggested-fix"


@dataclass(frozen=True)
class AcceptedFix:
    mistyped: str
    corrected: str
    removed: BlacklistEntry
    corrected_entry: BlacklistEntry | None  # the corrected address is blacklisted itself


def accept_fix(store: BlacklistStore, address: str, *, who: str = "admin") -> AcceptedFix:
    """Remove ``address``'s entry in favour of its suggested correction."""
    key = parse_address(address).key
    with store.session() as session:
        entry = session.entry(key)
        if entry is None or entry.suggested_fix is None:
            raise NoSuggestedFixError(
                f"{address} has no suggested correction on the blacklist; see "
                "'caddie-mail blacklist list' for entries marked 'did you mean'.",
                recipient=address,
            )
        corrected = entry.suggested_fix
        session.remove(key, who=who, why=f"Suggested correction accepted: the address is {corrected}")
        corrected_entry = session.entry(parse_address(corrected).key)
    return AcceptedFix(entry.address, corrected, entry, corrected_entry)
