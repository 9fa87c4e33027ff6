"""Test mode: every mail goes to the one test address and to nobody else.

:func:`redirect_to_test_address` is idempotent: the test-mode plugin applies
it in ``before_send`` and the transport applies it again to the final
envelope right before delivery, so a recipient added later cannot leak.
"""

from __future__ import annotations

from .addresses import parse_address
from .envelope import RECIPIENT_HEADERS
from .exceptions import ConfigurationError
from .mail import OutgoingMail, SendContext
from .models import Settings
from .results import TestRedirect

ORIGINAL_RECIPIENTS_HEADER = "X-Caddie-Original-Recipients"


def test_mode_applies(settings: Settings, context: SendContext) -> bool:
    return settings.test_mode and not context.send_for_real


def redirect_to_test_address(mail: OutgoingMail, settings: Settings) -> None:
    """Replace every recipient (To, Cc, Bcc, envelope) by the test address."""
    if not settings.test_address:
        raise ConfigurationError(
            "Test mode is on but no test address is set; set one with "
            "'caddie-mail test-mode on --address ADDR'."
        )
    if not mail.recipients:
        return
    test = parse_address(settings.test_address)
    originals = list(mail.test_redirect.original_recipients if mail.test_redirect else ())
    for recipient in mail.recipients:
        is_test = parse_address(recipient).key == test.key
        if recipient not in originals and (not is_test or mail.test_redirect is None):
            originals.append(recipient)
    mail.recipients = [test.smtp]
    for name in RECIPIENT_HEADERS:
        del mail.message[name]
    mail.message["To"] = test.display
    del mail.message[ORIGINAL_RECIPIENTS_HEADER]
    mail.message[ORIGINAL_RECIPIENTS_HEADER] = ", ".join(originals)
    mail.test_redirect = TestRedirect(test.smtp, tuple(originals))
