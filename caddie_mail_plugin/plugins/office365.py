"""Default plugin: refuse Microsoft 365 unless the admin acknowledged its limits."""

from __future__ import annotations

from ..exceptions import Office365RefusedError
from ..hookspecs import hookimpl
from ..mail import OutgoingMail
from ..office365 import direct_refusal, is_microsoft365


@hookimpl(trylast=True)
def before_send(mail: OutgoingMail) -> None:
    server = mail.server
    if server is not None and is_microsoft365(server) and not server.office365_ack:
        raise Office365RefusedError(direct_refusal(server), server=server.name)
