"""Default plugin: a signed bounce address (VERP) as the envelope sender of each mail.

Only when the admin switched bounce addresses on (``caddie-mail bounce-address
on --domain DOMAIN``), only for a mail with exactly one envelope recipient (the
token names that recipient), and never when the host or another plugin chose
the envelope sender itself.

It wraps the other ``before_send`` implementations: before them it notes
whether the host set ``mail.envelope_from`` (validation fills it with the From
address otherwise), after them - validation, blacklist, test mode - it signs
the final recipient, so a test mail's bounce address names the test address
it really went to.  A sender that splits a mail into one copy per recipient
(newsletters) asks :func:`bounce_address_for_copy` per copy.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from ..blacklist.bounce_address import envelope_sender, load_bounce_address
from ..hookspecs import hookimpl
from ..mail import OutgoingMail, SendContext

EXTRA_KEY = "bounce_address"
CHOSEN_KEY = "envelope_from_chosen"  # True: the host or a plugin chose the envelope sender


@hookimpl(wrapper=True)
def before_send(mail: OutgoingMail, context: SendContext) -> Generator[None, Any, Any]:
    chosen_by_host = mail.envelope_from is not None
    results = yield
    mail.extra[CHOSEN_KEY] = chosen_by_host or mail.envelope_from not in (None, mail.sender)
    if len(mail.recipients) == 1:
        signed = bounce_address_for_copy(mail, context, message_id=mail.message_id, recipient=mail.recipients[0])
        if signed is not None:
            mail.envelope_from = mail.extra[EXTRA_KEY] = signed
    return results


def bounce_address_for_copy(
    mail: OutgoingMail, context: SendContext, *, message_id: str | None, recipient: str
) -> str | None:
    """The signed bounce address for one copy (one recipient, its own Message-ID) of ``mail``.

    None when bounce addresses are off, the copy has no Message-ID, the
    envelope sender was chosen by the host or a plugin, or this plugin's
    ``before_send`` did not run (blocked): it notes the choice in ``mail.extra``."""
    if mail.extra.get(CHOSEN_KEY, True) or not message_id:
        return None
    settings = load_bounce_address(context.config)
    if not settings.active:
        return None
    return envelope_sender(settings, message_id=message_id, recipient=recipient)
