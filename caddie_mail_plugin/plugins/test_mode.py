"""Default plugin: while test mode is on, every mail goes to the test address.

The host's answer "send for real" (hook ``confirm_send_for_real``) lifts it
for that one send or batch; no answer means still testing.  The original
recipients are kept in the result and in the ``X-Caddie-Original-Recipients``
header of the test mail.
"""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..mail import OutgoingMail, SendContext
from ..test_mode import redirect_to_test_address, test_mode_applies


@hookimpl(trylast=True)
def before_send(mail: OutgoingMail, context: SendContext) -> None:
    if test_mode_applies(context.settings, context):
        redirect_to_test_address(mail, context.settings)
