"""Default plugin: write every bounce into the delivery log."""

from __future__ import annotations

from email.message import Message

from ..bounce.model import BounceReport
from ..bounce_events import as_report
from ..hookspecs import hookimpl
from ..mail import SendContext
from ..log_records import bounce_record


@hookimpl(trylast=True)
def after_bounce(bounce: BounceReport | bytes | Message, context: SendContext) -> BounceReport:
    report = as_report(bounce)
    if report.recipients:
        context.log.append([bounce_record(report)])
    return report
