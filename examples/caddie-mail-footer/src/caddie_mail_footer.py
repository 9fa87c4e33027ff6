"""A third-party plugin: appends the club's footer to every plain-text mail.

It runs before the default plugins (it is not ``trylast``), so validation,
the blacklist and test mode see the mail as it will really go out.
"""

from __future__ import annotations

import copy
import os

from caddie_mail_plugin import NEWSLETTER, OutgoingMail, hookimpl

FOOTER = os.environ.get(
    "CLUB_MAIL_FOOTER",
    "--\nGolfclub Example e.V. · Am Grün 1 · 12345 Golfstadt · Vereinsregister VR 1234",
)


@hookimpl
def before_send(mail: OutgoingMail) -> None:
    message = mail.message
    if message.is_multipart():
        # Sub-parts are shared with the host's message: work on a deep copy.
        message = copy.deepcopy(message)
        mail.message = message
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        return
    text = part.get_content()
    if FOOTER not in text:
        part.set_content(text.rstrip("\n") + "\n\n" + FOOTER + "\n")
    if mail.category == NEWSLETTER:
        message["X-Club-Newsletter"] = "yes"
