"""Default plugin: drop blacklisted recipients (To, Cc, Bcc and envelope).

If none remain the mail is suppressed: the host gets a result with status
``suppressed`` and nothing is sent.  The transport repeats this check on the
final envelope, so the blacklist holds even if this plugin is blocked.
"""

from __future__ import annotations

from ..envelope_guard import drop_blacklisted
from ..hookspecs import hookimpl
from ..mail import OutgoingMail, SendContext


@hookimpl(trylast=True)
def before_send(mail: OutgoingMail, context: SendContext) -> None:
    context.blacklist.refresh()
    drop_blacklisted(mail, context)
