"""Default plugin: refuse Microsoft 365 for the service always, and for direct
sending unless the admin acknowledged its limits for that server.

Microsoft 365 is recognised by the server's host name and, where DNS checks
are switched on (``caddie-mail dns-settings``), by the sender domain's DNS."""

from __future__ import annotations

from collections.abc import Awaitable

from ..exceptions import Office365RefusedError
from ..hookspecs import hookimpl
from ..mail import OutgoingMail, SendContext
from ..microsoft365_dns import refuse_microsoft365_by_dns
from ..models import DispatchMode
from ..office365 import direct_refusal, is_microsoft365, service_refusal


@hookimpl(trylast=True)
def before_send(mail: OutgoingMail, context: SendContext) -> Awaitable[None] | None:
    server = mail.server
    if server is None:
        return None
    if is_microsoft365(server) and context.settings.dispatch is DispatchMode.SERVICE:
        raise Office365RefusedError(service_refusal(server), server=server.name)
    if server.office365_ack:
        return None
    if is_microsoft365(server):
        raise Office365RefusedError(direct_refusal(server), server=server.name)
    # Recognised by the sender domain's DNS (only when enabled in the settings).
    return refuse_microsoft365_by_dns(mail, context)
