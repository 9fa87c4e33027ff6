"""Default plugin: refuse Microsoft 365 for the service always, and for direct
sending unless the admin acknowledged its limits for that server."""

from __future__ import annotations

from ..exceptions import Office365RefusedError
from ..hookspecs import hookimpl
from ..mail import OutgoingMail, SendContext
from ..models import DispatchMode
from ..office365 import direct_refusal, is_microsoft365, service_refusal


@hookimpl(trylast=True)
def before_send(mail: OutgoingMail, context: SendContext) -> None:
    server = mail.server
    if server is None or not is_microsoft365(server):
        return
    if context.settings.dispatch is DispatchMode.SERVICE:
        raise Office365RefusedError(service_refusal(server), server=server.name)
    if not server.office365_ack:
        raise Office365RefusedError(direct_refusal(server), server=server.name)
