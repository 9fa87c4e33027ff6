"""What the blacklist stores: entries made of holds, and the audit record of each change.

An address has at most one entry.  The entry collects *holds*, at most one per
source (admin, bounce, consent, import), each with its own scope and reason.
Consent given again therefore lifts exactly the consent hold and leaves a
bounce or admin hold in place.  The entry's top-level ``scope``, ``source`` and
``reason`` are derived from its holds (the widest scope wins) and are what the
membership index and the lists show.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


class _TextEnum(str, enum.Enum):
    """An enum that prints as its value (in f-strings, templates and CSV)."""

    def __str__(self) -> str:
        return str(self.value)


class BlacklistSource(_TextEnum):
    """Who put a hold on the address."""

    ADMIN = "admin"
    BOUNCE = "bounce"
    CONSENT = "consent"
    IMPORT = "import"


class BlacklistScope(_TextEnum):
    """Which mail a hold blocks."""

    ALL = "all"  # no mail at all
    NEWSLETTER = "newsletter"  # newsletters only; invoices and confirmations pass

    def covers(self, other: BlacklistScope) -> bool:
        """Does blocking ``self`` block everything ``other`` blocks?"""
        return self is BlacklistScope.ALL or self is other


class ChangeAction(_TextEnum):
    """What a history record describes."""

    ADD = "add"  # the entry was created
    EDIT = "edit"  # a hold was added, changed or lifted; the entry remains
    REMOVE = "remove"  # the entry was deleted
    RESET_COUNT = "reset-count"  # the address's soft-bounce count was reset


@dataclass(frozen=True)
class BlacklistHold:
    """One reason an address is blocked, from one source, for one scope."""

    source: BlacklistSource
    scope: BlacklistScope
    reason: str
    since: str
    status: str | None = None  # enhanced status code of the bounce that caused it
    suggested_fix: str | None = None  # corrected address for a mistyped domain

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "source": self.source.value, "scope": self.scope.value, "reason": self.reason, "since": self.since,
        }
        if self.status:
            record["status"] = self.status
        if self.suggested_fix:
            record["suggested_fix"] = self.suggested_fix
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> BlacklistHold:
        return cls(
            source=BlacklistSource(record.get("source", "admin")),
            scope=BlacklistScope(record.get("scope", "all")),
            reason=str(record.get("reason", "")),
            since=str(record.get("since", "")),
            status=record.get("status") or None,
            suggested_fix=record.get("suggested_fix") or None,
        )


@dataclass(frozen=True)
class BlacklistEntry:
    """An address on the blacklist; ``scope``/``source``/``reason`` summarise ``holds``."""

    address: str
    key: str
    reason: str
    source: BlacklistSource = BlacklistSource.ADMIN
    scope: BlacklistScope = BlacklistScope.ALL
    created_at: str = ""
    updated_at: str = ""
    holds: tuple[BlacklistHold, ...] = ()

    @classmethod
    def from_holds(
        cls, address: str, key: str, holds: Iterable[BlacklistHold], created_at: str, updated_at: str
    ) -> BlacklistEntry:
        """The entry for ``holds`` (at least one); the widest hold is its primary one."""
        held = tuple(holds)
        if not held:
            raise ValueError("an entry needs at least one hold")
        widest = BlacklistScope.ALL if any(h.scope is BlacklistScope.ALL for h in held) else BlacklistScope.NEWSLETTER
        primary = next(h for h in held if h.scope is widest)
        return cls(address, key, primary.reason, primary.source, widest, created_at, updated_at, held)

    def hold(self, source: BlacklistSource) -> BlacklistHold | None:
        """The hold of ``source``, if the entry has one."""
        return next((h for h in self.holds if h.source is source), None)

    @property
    def suggested_fix(self) -> str | None:
        """A corrected address suggested by a hard bounce on a mistyped domain."""
        return next((h.suggested_fix for h in self.holds if h.suggested_fix), None)

    def to_record(self) -> dict[str, Any]:
        """The stored form, kept small for 100,000 entries: the key is the document id, and
        the holds and ``updated_at`` are left out while they say nothing the summary does not."""
        record: dict[str, Any] = {
            "address": self.address,
            "reason": self.reason,
            "source": self.source.value,
            "scope": self.scope.value,
            "created_at": self.created_at,
        }
        if self.updated_at != self.created_at:
            record["updated_at"] = self.updated_at
        if self.holds != (BlacklistHold(self.source, self.scope, self.reason, self.created_at),):
            record["holds"] = [h.to_record() for h in self.holds]
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any], key: str | None = None) -> BlacklistEntry:
        created_at = str(record.get("created_at", ""))
        holds = tuple(BlacklistHold.from_record(h) for h in record.get("holds") or ())
        if not holds:  # one hold, as the summary says
            holds = (BlacklistHold.from_record({**record, "since": created_at}),)
        return cls.from_holds(
            str(record["address"]), str(key if key is not None else record["key"]), holds,
            created_at, str(record.get("updated_at") or created_at),
        )


@dataclass(frozen=True)
class BlacklistChange:
    """One audited change: who (admin, bounce, consent, import), when, why, before and after.

    Only the state before is stored; the state after is the next change's
    state before, or the entry as it is now (see ``BlacklistStore.history``)."""

    key: str
    action: ChangeAction
    who: str
    when: str
    why: str
    previous: dict[str, Any] | None
    current: dict[str, Any] | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            "key": self.key, "action": self.action.value, "who": self.who, "when": self.when,
            "why": self.why, "previous": self.previous,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any], current: dict[str, Any] | None = None) -> BlacklistChange:
        return cls(
            key=str(record.get("key", "")),
            action=ChangeAction(record.get("action", "edit")),
            who=str(record.get("who", "")),
            when=str(record.get("when", "")),
            why=str(record.get("why", "")),
            previous=record.get("previous"),
            current=record.get("current", current),
        )
