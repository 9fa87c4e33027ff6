"""before_send: refuse mail without a subject, and tag every mail."""

from __future__ import annotations

from caddie_mail_plugin import OutgoingMail, hookimpl
from caddie_mail_plugin.exceptions import InvalidMessageError


@hookimpl
def before_send(mail: OutgoingMail) -> None:
    if not str(mail.message.get("Subject", "")).strip():
        raise InvalidMessageError("The mail has no subject; add one and send again.")
    mail.message["X-Club-Office"] = "Sekretariat"
