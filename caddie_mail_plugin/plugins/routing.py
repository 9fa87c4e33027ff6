"""Default plugin: choose the SMTP server by the two-step rule.

Leaves ``mail.server`` alone when an earlier plugin already chose one, so a
third party can route by its own rule simply by setting it.
"""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..mail import OutgoingMail, SendContext
from ..routing import resolve_server


@hookimpl(trylast=True)
def before_send(mail: OutgoingMail, context: SendContext) -> None:
    if mail.server is not None or mail.sender is None:
        return
    decision = resolve_server(mail.sender, context.config.servers())
    mail.server = decision.server
    mail.route_reason = decision.reason
