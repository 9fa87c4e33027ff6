"""Turning what the hook ``after_bounce`` receives into one parsed report."""

from __future__ import annotations

from email.message import Message

from .bounce.model import BounceClass, BouncedRecipient, BounceReport, ReportKind
from .bounce.smtp_status import enhanced_status
from .results import SendResult


def as_report(bounce: BounceReport | bytes | Message) -> BounceReport:
    """A report for the hook's argument: parsed once if it is raw."""
    if isinstance(bounce, BounceReport):
        return bounce
    from .bounce import parse_bounce

    return parse_bounce(bounce)


def report_from_refusals(result: SendResult, reporting_mta: str | None) -> BounceReport | None:
    """The permanent (5xx) refusals of a send, as a bounce report; else None."""
    hard = [r for r in result.refused if r.is_permanent]
    if not hard:
        return None
    recipients = tuple(
        BouncedRecipient(
            address=r.address,
            status=enhanced_status(r.text),
            smtp_code=r.code,
            diagnostic=r.text,
            bounce_class=BounceClass.HARD,
            action="failed",
            reason=None,
        )
        for r in hard
    )
    return BounceReport(
        kind=ReportKind.FAILURE,
        recipients=recipients,
        original_message_id=result.message_id,
        reporting_mta=reporting_mta,
        detector="smtp-refusal",
    )
