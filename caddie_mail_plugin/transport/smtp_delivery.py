"""Mails over one open SMTP connection, with a verdict per recipient.

With PIPELINING (RFC 2920) the mails go through :mod:`.pipelining`; without
it, one command at a time through aiosmtplib.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import aiosmtplib

from ..exceptions import DeliveryError
from ..models import ServerConfig
from ..results import RecipientOutcome
from .pipelining import Envelope, pipelined_transactions
from .smtp_client import smtp_call


@dataclass(frozen=True)
class DeliveryOutcome:
    accepted: tuple[RecipientOutcome, ...]
    refused: tuple[RecipientOutcome, ...]


Job = tuple[str, Sequence[str], bytes]  # envelope sender, recipients, message bytes


def envelope_for(client: aiosmtplib.SMTP, envelope_from: str, recipients: Sequence[str], payload: bytes) -> Envelope:
    """The MAIL parameters this server needs for this mail."""
    utf8 = not envelope_from.isascii() or any(not r.isascii() for r in recipients)
    options = ["SMTPUTF8"] if utf8 else []
    if not payload.isascii() and client.supports_extension("8BITMIME"):
        options.append("BODY=8BITMIME")
    return Envelope(envelope_from, recipients, payload, options, "utf-8" if utf8 else "ascii")


async def deliver_message(
    client: aiosmtplib.SMTP,
    server: ServerConfig,
    envelope_from: str,
    recipients: Sequence[str],
    payload: bytes,
) -> DeliveryOutcome:
    """MAIL, RCPT per recipient, DATA.  Refusals are reported, not raised;
    connection trouble raises a :class:`DeliveryError`."""
    (outcome,) = await deliver_messages(client, server, [(envelope_from, recipients, payload)])
    if isinstance(outcome, DeliveryError):
        raise outcome
    return outcome


async def deliver_messages(
    client: aiosmtplib.SMTP, server: ServerConfig, jobs: Sequence[Job]
) -> list[DeliveryOutcome | DeliveryError]:
    """Several mails in a row; connection trouble gives that mail and the ones
    after it the error instead of an outcome."""
    envelopes = [envelope_for(client, *job) for job in jobs]
    if client.supports_extension("pipelining"):
        results = await pipelined_transactions(client, server, envelopes)
        return [r if isinstance(r, DeliveryError) else DeliveryOutcome(tuple(r[0]), tuple(r[1])) for r in results]
    outcomes: list[DeliveryOutcome | DeliveryError] = []
    for envelope in envelopes:
        try:
            outcomes.append(await _one_at_a_time(client, server, envelope))
        except DeliveryError as exc:
            outcomes += [exc] * (len(envelopes) - len(outcomes))
            break
    return outcomes


async def _one_at_a_time(client: aiosmtplib.SMTP, server: ServerConfig, envelope: Envelope) -> DeliveryOutcome:
    envelope_from, recipients, payload = envelope.sender, envelope.recipients, envelope.payload
    options, encoding = list(envelope.options), envelope.encoding
    try:
        await smtp_call(server, lambda: client.mail(envelope_from, options=options, encoding=encoding))
    except DeliveryError as exc:
        if exc.smtp_code is None:
            raise
        await _reset(client)
        refused = tuple(RecipientOutcome(r, exc.smtp_code, exc.message) for r in recipients)
        return DeliveryOutcome((), refused)
    accepted: list[RecipientOutcome] = []
    refused_list: list[RecipientOutcome] = []
    for recipient in recipients:
        try:
            reply = await smtp_call(server, lambda: _rcpt(client, recipient, encoding))
        except _Refused as refusal:
            refused_list.append(RecipientOutcome(recipient, refusal.code, refusal.text))
            continue
        accepted.append(RecipientOutcome(recipient, reply.code, reply.message))
    if not accepted:
        await _reset(client)
        return DeliveryOutcome((), tuple(refused_list))
    try:
        reply = await smtp_call(server, lambda: client.data(payload))
    except DeliveryError as exc:
        if exc.smtp_code is None:
            raise
        await _reset(client)
        text = exc.message
        return DeliveryOutcome((), tuple(refused_list) + tuple(
            RecipientOutcome(r.address, exc.smtp_code, text) for r in accepted
        ))
    done = tuple(RecipientOutcome(r.address, reply.code, reply.message) for r in accepted)
    return DeliveryOutcome(done, tuple(refused_list))


class _Refused(Exception):
    def __init__(self, code: int, text: str) -> None:
        super().__init__(code, text)
        self.code = code
        self.text = text


async def _rcpt(client: aiosmtplib.SMTP, recipient: str, encoding: str) -> aiosmtplib.SMTPResponse:
    try:
        return await client.rcpt(recipient, encoding=encoding)
    except aiosmtplib.SMTPRecipientRefused as exc:
        raise _Refused(exc.code, exc.message) from None


async def _reset(client: aiosmtplib.SMTP) -> None:
    try:
        await client.rset()
    except aiosmtplib.SMTPException:
        client.close()
