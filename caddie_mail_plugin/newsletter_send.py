"""Sending a newsletter's copies: through the outbox, or straight over SMTP."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from .envelope_guard import guard_final_envelope
from .exceptions import DeliveryError
from .log_records import send_record
from .mail import OutgoingMail, SendContext
from .plugins.bounce_address import bounce_address_for_copy
from .newsletter import NewsletterCopy, copies, copy_payload, newsletter_key, shared_body
from .results import RecipientOutcome, SendResult, SendStatus, TestRedirect
from .service.outbox import NewMail
from .transport.smtp_delivery import deliver_message

Progress = Callable[[int], None]


async def send_copies(
    mail: OutgoingMail, context: SendContext, progress: Progress | None = None
) -> list[SendResult]:
    """Deliver or queue one copy per recipient of a template that went
    through ``before_send``: one result per copy, then one ``suppressed``
    result per blacklisted recipient."""
    guard_final_envelope(mail, context)  # test mode and blacklist, right before delivery
    if mail.test_redirect is not None:
        targets = list(mail.test_redirect.original_recipients) if mail.recipients else []
    else:
        targets = list(mail.recipients)
    body = shared_body(mail)
    batch = copies(mail, targets)
    if context.outbox is not None:
        results = await _queue(mail, batch, body, context)
        if progress is not None:
            progress(len(results))
    else:
        results = await _deliver(mail, batch, body, context, progress)
    context.log.append(send_record(mail, r) for r in results)
    suppressed = [SendResult(SendStatus.SUPPRESSED, suppressed=(r,), reason="blacklisted")
                  for r in mail.suppressed]
    return results + suppressed


def _sender(mail: OutgoingMail, copy: NewsletterCopy, context: SendContext) -> str:
    """The copy's envelope sender: its own signed bounce address where bounce
    addresses are on, else the mail's."""
    own = bounce_address_for_copy(mail, context, message_id=copy.message_id, recipient=copy.envelope)
    return own or mail.envelope_from or ""


def _result(mail: OutgoingMail, copy: NewsletterCopy, status: SendStatus, **fields: object) -> SendResult:
    redirect = None
    if mail.test_redirect is not None:
        redirect = TestRedirect(mail.test_redirect.test_address, (copy.recipient,))
    return SendResult(status, message_id=copy.message_id, server=mail.server.name if mail.server else None,
                      route_reason=mail.route_reason, test_redirect=redirect, **fields)  # type: ignore[arg-type]


async def _queue(mail: OutgoingMail, batch: list[NewsletterCopy], body: bytes, context: SendContext) -> list[SendResult]:
    assert context.outbox is not None and mail.server is not None
    new = []
    key = newsletter_key(mail, context)
    for copy in batch:
        signed = copy_payload(copy, body, key)
        new.append(NewMail(
            server=mail.server.name, envelope_from=_sender(mail, copy, context), recipients=(copy.envelope,),
            payload=signed if signed is not None else body, prefix="" if signed is not None else copy.prefix.decode(),
            subject=str(mail.message.get("Subject", "")), message_id=copy.message_id,
            category=mail.category, for_real=context.send_for_real,
        ))
    ids = await context.outbox.add_many(new)
    return [_result(mail, c, SendStatus.QUEUED, queue_id=i, reason="queued for the delivery service")
            for c, i in zip(batch, ids)]


async def _deliver(mail: OutgoingMail, batch: list[NewsletterCopy], body: bytes, context: SendContext,
                   progress: Progress | None) -> list[SendResult]:
    server = mail.server
    assert server is not None
    done = 0
    key = newsletter_key(mail, context)

    async def one(copy: NewsletterCopy) -> SendResult:
        nonlocal done
        payload = copy_payload(copy, body, key) or copy.prefix + body
        try:
            async with context.connections.connection(server) as client:
                outcome = await deliver_message(client, server, _sender(mail, copy, context), [copy.envelope], payload)
        except DeliveryError as exc:
            return _result(mail, copy, SendStatus.FAILED, reason=str(exc), error_code=exc.code)
        finally:
            done += 1
            if progress is not None:
                progress(done)
        if outcome.accepted:
            accepted = tuple(RecipientOutcome(copy.recipient, r.code, r.text) for r in outcome.accepted)
            return _result(mail, copy, SendStatus.SENT, accepted=accepted)
        refused = tuple(RecipientOutcome(copy.recipient, r.code, r.text) for r in outcome.refused)
        status = SendStatus.REFUSED if all(r.is_permanent for r in refused) else SendStatus.FAILED
        return _result(mail, copy, status, refused=refused)

    return list(await asyncio.gather(*(one(c) for c in batch)))
