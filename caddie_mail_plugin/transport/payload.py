"""The bytes that go on the wire for a mail, after its envelope is final.

Both the direct transport and the service's outbox take a mail's bytes from
here, so whatever is done to the finished message (Bcc removed, signed)
happens in one place and the same way on both paths.
"""

from __future__ import annotations

from ..mail import OutgoingMail, SendContext
from .serializer import message_bytes


def final_payload(mail: OutgoingMail, context: SendContext) -> bytes:
    """Serialise ``mail`` for DATA: CRLF line endings, without Bcc."""
    del mail.message["Bcc"]
    return message_bytes(mail.message)
