"""What handling one bounce did to the blacklist: one verdict per recipient."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ..bounce.model import BounceClass, BouncedRecipient, BounceReport
from .bounce_token import TokenState


class BlacklistEffect(str, enum.Enum):
    BLACKLISTED = "blacklisted"  # put on the blacklist now
    ALREADY_BLACKLISTED = "already-blacklisted"  # blocked before; the bounce is noted on the entry
    COUNTED = "counted"  # a soft bounce counted, below the limit
    NOT_COUNTED = "not-counted"  # no bounce of the address (auto-reply, delay, our server refused)
    COUNT_RESET = "count-reset"  # a delivery report: the soft-bounce count was reset
    IGNORED = "ignored"  # forged bounce address, another recipient, or no valid address


@dataclass(frozen=True)
class RecipientVerdict:
    address: str
    status: str | None
    smtp_code: int | None
    bounce_class: BounceClass | None  # None when the report is not a bounce at all
    effect: BlacklistEffect
    detail: str
    suggested_fix: str | None = None

    @classmethod
    def of(
        cls, recipient: BouncedRecipient, effect: BlacklistEffect, detail: str, *,
        bounce: bool = True, suggested_fix: str | None = None,
    ) -> RecipientVerdict:
        return cls(
            recipient.address, recipient.status, recipient.smtp_code,
            recipient.bounce_class if bounce else None, effect, detail, suggested_fix,
        )

    def line(self) -> str:
        """One tab-separated line: address, status, code, class, what happened."""
        klass = self.bounce_class.value if self.bounce_class else "no bounce"
        fix = f" (did you mean {self.suggested_fix}?)" if self.suggested_fix else ""
        return "\t".join(
            [self.address, self.status or "-", str(self.smtp_code or "-"), klass, f"{self.effect.value}: {self.detail}{fix}"]
        )


@dataclass(frozen=True)
class BounceOutcome:
    """The report, the verdicts, how the signed bounce address checked out, and whether it was a dry run."""

    report: BounceReport
    verdicts: tuple[RecipientVerdict, ...]
    token: TokenState = TokenState.NONE
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        """Did the bounce blacklist an address, count a soft bounce or reset a count?"""
        return not self.dry_run and any(
            v.effect in (BlacklistEffect.BLACKLISTED, BlacklistEffect.COUNTED, BlacklistEffect.COUNT_RESET)
            for v in self.verdicts
        )

    def note(self) -> str:
        """One line about the bounce as a whole."""
        kind = self.report.kind.value.replace("_", " ")
        token = {TokenState.VERIFIED: "; signed bounce address verified",
                 TokenState.FORGED: "; FORGED bounce address: nothing changed"}.get(self.token, "")
        if not self.verdicts:
            return f"{kind}: {self.report.error or 'no recipient named'}{token}; nothing changed"
        return f"{kind} ({self.report.detector}){token}"
