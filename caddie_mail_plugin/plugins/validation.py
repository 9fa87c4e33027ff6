"""Default plugin: validate headers and addresses, fill the SMTP envelope.

Addresses are parsed and normalised with email-validator (IDN and case); a
CR or LF in any header value or address, an invalid address, or a mail
without recipients is refused with a clear error before anything is sent.
"""

from __future__ import annotations

from ..envelope import prepare_envelope
from ..hookspecs import hookimpl
from ..mail import OutgoingMail


@hookimpl(trylast=True)
def before_send(mail: OutgoingMail) -> None:
    prepare_envelope(mail)
