"""send: deliver into a folder of .eml files instead of an SMTP server
(for a staging system).  Returning a result stops the default transport."""

from __future__ import annotations

from pathlib import Path

from caddie_mail_plugin import (
    OutgoingMail,
    SendContext,
    SendResult,
    SendStatus,
    guard_final_envelope,
    hookimpl,
)
from caddie_mail_plugin.results import RecipientOutcome


class EmlFolderTransport:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @hookimpl
    def send(self, mail: OutgoingMail, context: SendContext) -> SendResult:
        guard_final_envelope(mail, context)  # test mode and blacklist, always
        if not mail.recipients:
            return mail.result(SendStatus.SUPPRESSED)
        name = (mail.message_id or "mail").strip("<>").replace("@", "_")
        del mail.message["Bcc"]
        (self.folder / f"{name}.eml").write_bytes(mail.message.as_bytes())
        accepted = tuple(RecipientOutcome(r, 250, "written") for r in mail.recipients)
        return mail.result(SendStatus.SENT, accepted=accepted)
