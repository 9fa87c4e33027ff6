"""Turning what the hook ``after_bounce`` receives into one parsed report."""

from __future__ import annotations

from email.message import Message

from .bounce.classify import build_recipient
from .bounce.detectors.base import Finding
from .bounce.model import BounceReport, ReportKind
from .results import SendResult


def as_report(bounce: BounceReport | bytes | Message) -> BounceReport:
    """A report for the hook's argument: parsed once if it is raw."""
    if isinstance(bounce, BounceReport):
        return bounce
    from .bounce import parse_bounce

    return parse_bounce(bounce)


def report_from_refusals(result: SendResult, reporting_mta: str | None) -> BounceReport | None:
    """The permanent (5xx) refusals of a send, as a bounce report; else None.

    Temporary (4xx) refusals are left out: the sender retries them, and they
    never count against an address.  Each refusal is classified like the
    diagnostic of a bounce mail: ``550 5.1.1 user unknown`` is hard,
    ``552 5.2.2 mailbox full`` soft, ``554 5.7.1 spam`` a refusal of the message.
    """
    hard = [r for r in result.refused if r.is_permanent]
    if not hard:
        return None
    recipients = tuple(
        build_recipient(
            Finding(address=r.address, diagnostic=r.text, smtp_code=r.code, action="failed"),
            ReportKind.FAILURE,
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
