"""Default plugin: deliver over SMTP with aiosmtplib, or queue for the service.

Right before delivery it re-checks the final envelope against test mode and
the blacklist (:func:`guard_final_envelope`), so neither a host that calls
the ``send`` hook directly nor a plugin that adds a recipient late can leak.
Connections come from the send's pool and are reused within a batch.  In
service mode ("Versand durch Service") the finished mail goes into the outbox
instead, and the result is *queued* once it is safely on disk.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from ..envelope_guard import guard_final_envelope
from ..exceptions import DeliveryError
from ..hookspecs import hookimpl
from ..mail import OutgoingMail, SendContext
from ..results import SendResult, SendStatus
from ..routing import resolve_server
from ..service.outbox import NewMail
from ..service.writer import OutboxWriter
from ..transport.payload import final_payload
from ..transport.smtp_delivery import deliver_message


@hookimpl(trylast=True)
def send(mail: OutgoingMail, context: SendContext) -> Coroutine[Any, Any, SendResult]:
    return deliver_via_smtp(mail, context)


async def deliver_via_smtp(mail: OutgoingMail, context: SendContext) -> SendResult:
    guard_final_envelope(mail, context)
    if not mail.recipients:
        return mail.result(SendStatus.SUPPRESSED, reason="every recipient is blacklisted")
    if mail.server is None:
        assert mail.sender is not None  # set by guard_final_envelope
        decision = resolve_server(mail.sender, context.config.servers())
        mail.server, mail.route_reason = decision.server, decision.reason
    server = mail.server
    payload = final_payload(mail, context)
    if context.outbox is not None:
        return await queue_for_service(mail, context.outbox, payload, context.send_for_real)
    try:
        async with context.connections.connection(server) as client:
            outcome = await deliver_message(
                client, server, mail.envelope_from or mail.sender or "", mail.recipients, payload
            )
    except DeliveryError as exc:
        return mail.result(SendStatus.FAILED, reason=str(exc), error_code=exc.code)
    if outcome.accepted:
        status = SendStatus.PARTIAL if outcome.refused else SendStatus.SENT
    elif all(r.is_permanent for r in outcome.refused):
        status = SendStatus.REFUSED
    else:
        status = SendStatus.FAILED
    return mail.result(status, accepted=outcome.accepted, refused=outcome.refused)


async def queue_for_service(mail: OutgoingMail, outbox: OutboxWriter, payload: bytes, for_real: bool) -> SendResult:
    assert mail.server is not None
    message_id = mail.message_id
    mail.queue_id = await outbox.add(
        NewMail(
            server=mail.server.name,
            envelope_from=mail.envelope_from or mail.sender or "",
            recipients=tuple(mail.recipients),
            payload=payload,
            subject=str(mail.message.get("Subject", "")),
            message_id=message_id,
            category=mail.category,
            for_real=for_real,
        )
    )
    return mail.result(SendStatus.QUEUED, reason="queued for the delivery service", message_id=message_id)
