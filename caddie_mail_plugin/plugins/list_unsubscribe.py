"""Default plugin: one-click unsubscribe headers for newsletters (RFC 8058).

For a mail the host marks as ``category="newsletter"`` and gives an
unsubscribe target (``unsubscribe_url``, ``unsubscribe_mailto`` or both),
it sets ``List-Unsubscribe`` and, with an HTTPS URL, ``List-Unsubscribe-Post:
List-Unsubscribe=One-Click``; headers of the same name set by the host are
replaced.  Gmail and Yahoo require both of bulk senders since 2024.  The
transport's DKIM signature covers the two headers (see
:mod:`caddie_mail_plugin.transport.payload`).

Transactional mail (invoices, tee times) is left alone: it is not a list, and
an unsubscribe link there would invite members to "unsubscribe" from their
own invoices.  Empty targets count as none.  An unusable target (not HTTPS, a line break, a bad address)
refuses the mail with :class:`~caddie_mail_plugin.dkim.UnsubscribeHeaderError`.
"""

from __future__ import annotations

from ..dkim.unsubscribe import add_list_unsubscribe
from ..hookspecs import hookimpl
from ..mail import NEWSLETTER, OutgoingMail


@hookimpl(trylast=True)
def before_send(mail: OutgoingMail) -> None:
    url, mailto = mail.unsubscribe_url or None, mail.unsubscribe_mailto or None
    if mail.category == NEWSLETTER and (url is not None or mailto is not None):
        add_list_unsubscribe(mail.message, url=url, mailto=mailto)
