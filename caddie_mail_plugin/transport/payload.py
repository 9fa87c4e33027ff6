"""The bytes that go on the wire for a mail, after its envelope is final.

Both the direct transport and the service's outbox take a mail's bytes from
here, so whatever is done to the finished message (Bcc removed, signed)
happens in one place and the same way on both paths.

DKIM: when the data directory holds an active key for the domain of the From
address (``caddie-mail dkim generate DOMAIN``), the serialised message is
signed with it (``d=`` is the From domain, so the signature aligns for DMARC).
The signature covers List-Unsubscribe and List-Unsubscribe-Post, so nothing
may change the headers after this point.  Without a key the bytes go out
unsigned.
"""

from __future__ import annotations

from ..addresses import parse_address
from ..dkim.active_keys import active_keys
from ..dkim.signer import sign_message
from ..envelope import header_addresses
from ..mail import OutgoingMail, SendContext
from .serializer import message_bytes


def final_payload(mail: OutgoingMail, context: SendContext) -> bytes:
    """Serialise ``mail`` for DATA (CRLF line endings, without Bcc) and
    DKIM-sign it when its From domain has an active key."""
    del mail.message["Bcc"]
    payload = message_bytes(mail.message)
    keys = active_keys(context.data_dir)
    if not keys.any_keys():
        return payload
    key = keys.for_domain(from_domain(mail))
    return payload if key is None else sign_message(payload, key)


def from_domain(mail: OutgoingMail) -> str:
    """The ASCII domain of the From address (the DKIM signing domain)."""
    senders = header_addresses(mail, "From")
    address = senders[0] if len(senders) == 1 else mail.sender or ""
    return parse_address(address).domain
