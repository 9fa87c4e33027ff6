"""after_bounce: keep a note for the office of every hard bounce."""

from __future__ import annotations

from caddie_mail_plugin import SendContext, hookimpl
from caddie_mail_plugin.bounce import BounceReport, parse_bounce


class BounceNotes:
    def __init__(self) -> None:
        self.notes: list[str] = []

    @hookimpl
    def after_bounce(self, bounce: BounceReport | bytes, context: SendContext) -> None:
        report = bounce if isinstance(bounce, BounceReport) else parse_bounce(bounce)
        for recipient in report.hard_bounces:
            self.notes.append(f"{recipient.address}: {recipient.status} {recipient.diagnostic}")
