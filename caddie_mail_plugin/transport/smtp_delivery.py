"""One mail over one open SMTP connection, with a verdict per recipient."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import aiosmtplib

from ..exceptions import DeliveryError
from ..models import ServerConfig
from ..results import RecipientOutcome
from .pipelining import pipelined_transaction
from .smtp_client import smtp_call


@dataclass(frozen=True)
class DeliveryOutcome:
    accepted: tuple[RecipientOutcome, ...]
    refused: tuple[RecipientOutcome, ...]


async def deliver_message(
    client: aiosmtplib.SMTP,
    server: ServerConfig,
    envelope_from: str,
    recipients: Sequence[str],
    payload: bytes,
) -> DeliveryOutcome:
    """MAIL, RCPT per recipient, DATA.  Refusals are reported, not raised;
    connection trouble raises a :class:`DeliveryError`."""
    utf8 = not envelope_from.isascii() or any(not r.isascii() for r in recipients)
    options = ["SMTPUTF8"] if utf8 else []
    if not payload.isascii() and client.supports_extension("8BITMIME"):
        options.append("BODY=8BITMIME")
    encoding = "utf-8" if utf8 else "ascii"
    if client.supports_extension("pipelining"):
        accepted_p, refused_p = await pipelined_transaction(
            client, server, envelope_from, recipients, payload, options, encoding
        )
        return DeliveryOutcome(tuple(accepted_p), tuple(refused_p))
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
