"""The last check before any byte leaves: test mode and blacklist on the final envelope.

Safety must not depend on the order in which plugins ran, nor on whether the
host went through :class:`~caddie_mail_plugin.Mailer` at all.  A transport
calls :func:`guard_final_envelope` immediately before it talks to a server.
"""

from __future__ import annotations

from .addresses import parse_address
from .envelope import normalise_recipients, prepare_envelope, rewrite_recipient_headers
from .mail import OutgoingMail, SendContext
from .test_mode import redirect_to_test_address, test_mode_applies


def drop_blacklisted(mail: OutgoingMail, context: SendContext) -> None:
    """Remove blacklisted recipients from the envelope and the headers."""
    index = context.blacklist
    kept: list[str] = []
    for recipient in mail.recipients:
        if index.blocks(parse_address(recipient).key, mail.category):
            if recipient not in mail.suppressed:
                mail.suppressed.append(recipient)
        else:
            kept.append(recipient)
    if len(kept) != len(mail.recipients):
        mail.recipients = kept
        rewrite_recipient_headers(mail, {parse_address(r).key for r in kept})


def guard_final_envelope(mail: OutgoingMail, context: SendContext) -> None:
    """Make the envelope safe to deliver, whatever ran before.

    Reads the settings and the blacklist afresh (another process's change is
    seen within 2 ms, see :class:`~.storage.file_watch.FileWatch`), validates
    the envelope, drops blacklisted recipients and, while test mode applies,
    redirects everything to the test address.  Afterwards
    ``mail.recipients`` may be empty: the mail is then suppressed.
    """
    settings = context.config.settings()
    context.blacklist.refresh()
    if mail.validated:
        normalise_recipients(mail)  # catches recipients added after validation
    else:
        prepare_envelope(mail)
    drop_blacklisted(mail, context)
    if test_mode_applies(settings, context):
        redirect_to_test_address(mail, settings)
        drop_blacklisted(mail, context)
