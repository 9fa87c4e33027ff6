"""Default plugin: a signed bounce address (VERP) as the envelope sender of each mail.

Only when the admin switched bounce addresses on (``caddie-mail bounce-address
on --domain DOMAIN``), only for a mail with exactly one envelope recipient (the
token names that recipient), and never when the host or an earlier plugin set
``mail.envelope_from`` itself.  Runs after test mode, so a test mail's bounce
address names the test address it really went to.
"""

from __future__ import annotations

from ..blacklist.bounce_address import envelope_sender, load_bounce_address
from ..hookspecs import hookimpl
from ..mail import OutgoingMail, SendContext

EXTRA_KEY = "bounce_address"


@hookimpl(trylast=True)
def before_send(mail: OutgoingMail, context: SendContext) -> None:
    if mail.envelope_from is not None or len(mail.recipients) != 1:
        return
    settings = load_bounce_address(context.config)
    message_id = mail.message_id
    if not settings.active or not message_id:
        return
    mail.envelope_from = envelope_sender(settings, message_id=message_id, recipient=mail.recipients[0])
    mail.extra[EXTRA_KEY] = mail.envelope_from
