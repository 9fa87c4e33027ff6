"""ARF feedback reports (RFC 5965) and Microsoft JMRP complaints: never bounces."""

from __future__ import annotations

from ..addresses import clean_address, find_addresses
from ..dsn_fields import iter_fields
from ..message_view import MessageView
from ..model import ReportKind
from .base import Detection, Finding


_JMRP_HEADER = "x-hmxmroriginalrecipient"


def _is_feedback(view: MessageView) -> bool:
    if view.feedback_report is not None or view.report_type == "feedback-report":
        return True
    if view.original_header(_JMRP_HEADER) is not None:
        return True
    return "feedback-type:" in view.text[:6000].lower() and "user-agent:" in view.text[:6000].lower()


def _reported_recipients(view: MessageView, fields: list[tuple[str, str]]) -> list[str]:
    wanted = [clean_address(v) for k, v in fields if k in ("original-rcpt-to", "removal-recipient")]
    found = [a for a in wanted if a]
    if found:
        return found
    jmrp = clean_address(view.original_header(_JMRP_HEADER) or "")
    return [jmrp] if jmrp else find_addresses(view.original_header("to") or "")[:20]


def detect_arf(view: MessageView) -> Detection | None:
    """Recognise a feedback report and name the complained-about recipients."""
    if not _is_feedback(view):
        return None
    fields = iter_fields(view.feedback_report or view.text[:6000])
    feedback_type = next((v.strip().lower() for k, v in fields if k == "feedback-type"), "abuse")
    addresses = _reported_recipients(view, fields)
    findings = tuple(Finding(a, f"feedback-type: {feedback_type}", reason="feedback") for a in addresses)
    mta = next((v for k, v in fields if k in ("reporting-mta", "source")), None)
    return Detection("arf", ReportKind.FEEDBACK, findings, mta)
