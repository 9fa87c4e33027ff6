"""Default plugin: a signed bounce address (VERP) as the envelope sender of each mail.

Only when the admin switched bounce addresses on (``caddie-mail bounce-address
on --domain DOMAIN``), only for a mail with exactly one envelope recipient (the
token names that recipient), and never when the host or another plugin chose
the envelope sender itself.

It wraps the other ``before_send`` implementations: before them it notes
whether the host set ``mail.envelope_from`` (validation fills it with the From
address otherwise), after them - validation, blacklist, test mode - it signs
the final recipient, so a test mail's bounce address names the test address
it really went to.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from ..blacklist.bounce_address import envelope_sender, load_bounce_address
from ..hookspecs import hookimpl
from ..mail import OutgoingMail, SendContext

EXTRA_KEY = "bounce_address"


@hookimpl(wrapper=True)
def before_send(mail: OutgoingMail, context: SendContext) -> Generator[None, Any, Any]:
    chosen_by_host = mail.envelope_from is not None
    results = yield
    if not chosen_by_host:
        apply_bounce_address(mail, context)
    return results


def apply_bounce_address(mail: OutgoingMail, context: SendContext) -> None:
    """Sign the envelope sender if it is still the default (the From address)."""
    if mail.envelope_from not in (None, mail.sender) or len(mail.recipients) != 1:
        return
    settings = load_bounce_address(context.config)
    message_id = mail.message_id
    if not settings.active or not message_id:
        return
    mail.envelope_from = envelope_sender(settings, message_id=message_id, recipient=mail.recipients[0])
    mail.extra[EXTRA_KEY] = mail.envelope_from
