"""Turn what a detector found into classified :class:`BouncedRecipient` values."""

from __future__ import annotations

from .detectors.base import Finding
from .model import BounceClass, BouncedRecipient, ReportKind
from .reasons import HAS_MOVED, HOST_UNKNOWN, NOT_ACCEPT, USER_UNKNOWN, classify_reason
from .smtp_status import collapse, enhanced_status, reply_code, smtp_command, status_class

_KIND_REASON = {
    ReportKind.DELIVERED: "delivered",
    ReportKind.FEEDBACK: "feedback",
    ReportKind.AUTO_REPLY: "vacation",
}
_KIND_ACTION = {
    ReportKind.FAILURE: "failed",
    ReportKind.DELAYED: "delayed",
    ReportKind.DELIVERED: "delivered",
}


def bounce_class(reason: str | None, status: str | None, code: int | None, kind: ReportKind) -> BounceClass:
    """HARD only where the address itself is gone: unknown user or host, moved, or null MX."""
    if kind is not ReportKind.FAILURE:
        return BounceClass.SOFT
    if reason in (USER_UNKNOWN, HOST_UNKNOWN, HAS_MOVED):
        return BounceClass.HARD
    if reason == NOT_ACCEPT and status_class(status, code) != "4":
        return BounceClass.HARD
    return BounceClass.SOFT


def _effective_kind(action: str | None, kind: ReportKind) -> ReportKind:
    if kind is not ReportKind.FAILURE or not action:
        return kind
    if action.startswith("delayed"):
        return ReportKind.DELAYED
    if action.startswith(("delivered", "relayed", "expanded")):
        return ReportKind.DELIVERED
    return kind


def build_recipient(finding: Finding, kind: ReportKind) -> BouncedRecipient:
    """Fill status, reply code, reason and class from the finding's text."""
    kind = _effective_kind(finding.action, kind)
    diagnostic = collapse(finding.diagnostic)
    in_text = enhanced_status(diagnostic)
    status = in_text if in_text and in_text[0] == (finding.status or in_text)[0] else finding.status
    status = status or in_text
    code = finding.smtp_code if finding.smtp_code is not None else reply_code(diagnostic)
    if kind in _KIND_REASON:
        reason: str | None = finding.reason or _KIND_REASON[kind]
    else:
        command = smtp_command(f"{finding.context}\n{finding.diagnostic}")
        reason = finding.reason or classify_reason(diagnostic, status, command) or "undefined"
    action = finding.action or _KIND_ACTION.get(kind)
    return BouncedRecipient(
        address=finding.address,
        status=status,
        smtp_code=code,
        diagnostic=diagnostic,
        bounce_class=bounce_class(reason, status, code, kind),
        action=action,
        reason=reason,
        original_address=finding.original_address,
    )
