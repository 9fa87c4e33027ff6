"""Which bounced recipients count against their address, and the reasons stored for them.

A soft failure counts only when it is about the recipient's mailbox or mail
server (full, disabled, unreachable, unknown cause).  When the remote server
refused *our* server or *the message* (our IP on a block list, SPF/DKIM/DMARC,
spam or virus filters, size, rate limits), every recipient would bounce alike:
counting those would put healthy members on the blacklist.
"""

from __future__ import annotations

from ..bounce.model import BouncedRecipient, ReportKind

#: Reasons (see ``bounce.reasons``) that concern the sending side or the message.
SENDER_SIDE_REASONS = frozenset({
    "authfailure", "blocked", "contenterror", "exceedlimit", "filtered", "mesgtoobig", "norelaying",
    "policyviolation", "rejected", "requireptr", "securityerror", "spamdetected", "speeding",
    "syntaxerror", "toomanyconn", "virusdetected",
})

_NOT_A_BOUNCE = {
    ReportKind.AUTO_REPLY: "auto-reply or out-of-office: not a bounce",
    ReportKind.FEEDBACK: "feedback report (complaint): not a bounce",
    ReportKind.NOT_A_BOUNCE: "not a bounce",
    ReportKind.DELAYED: "delay warning: the server keeps trying; not counted",
}


def effective_kind(recipient: BouncedRecipient, kind: ReportKind) -> ReportKind:
    """The report's kind for this recipient (a DSN may mix failed, delayed and delivered)."""
    action = (recipient.action or "").lower()
    if kind is ReportKind.FAILURE and action.startswith("delayed"):
        return ReportKind.DELAYED
    if kind is ReportKind.FAILURE and action.startswith(("delivered", "relayed", "expanded")):
        return ReportKind.DELIVERED
    return kind


def not_a_bounce(kind: ReportKind) -> str | None:
    """Why a recipient of a report of ``kind`` is no bounce at all, else None."""
    return _NOT_A_BOUNCE.get(kind)


def why_soft_not_counted(recipient: BouncedRecipient) -> str | None:
    """Why this soft failure does not count against the address, else None."""
    if recipient.reason in SENDER_SIDE_REASONS:
        return f"refused because of our server or the message ({recipient.reason}), not the address; not counted"
    return None


def _code(recipient: BouncedRecipient) -> str:
    return recipient.status or (str(recipient.smtp_code) if recipient.smtp_code else "")


def hard_reason(recipient: BouncedRecipient) -> str:
    diagnostic = recipient.diagnostic[:160]
    return f"Hard bounce {_code(recipient)} ({recipient.reason or 'undefined'}): {diagnostic}".strip(" :")


def soft_reason(recipient: BouncedRecipient, count: int, days: int) -> str:
    diagnostic = recipient.diagnostic[:120]
    return (
        f"{count} soft bounces within {days} days, last {_code(recipient)} "
        f"({recipient.reason or 'undefined'}): {diagnostic}"
    ).strip(" :")
