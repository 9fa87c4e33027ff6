"""The host's facade: ``Mailer(data_dir=...).send(message)``.

``send`` works from plain synchronous code and from inside a running event
loop (it then runs the send on a worker thread with its own loop);
``await asend`` is the natural call for async hosts.  ``send_many`` asks the
test-mode question once for the whole batch and reuses SMTP connections.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from email.message import EmailMessage, Message
from typing import Any

import pluggy

from .async_bridge import resolve, resolve_all, run_sync
from .blacklist.consent import ConsentOutcome, consent_changed
from .blacklist.entry import BlacklistScope
from .blacklist.soft_counts import SoftBounceCounts
from .bounce.model import BounceReport
from .bounce_events import as_report, report_from_refusals
from .exceptions import CaddieMailError, PluginError
from .log_records import send_record
from .mail import NEWSLETTER, TRANSACTIONAL, OutgoingMail, SendContext
from .models import DispatchMode
from .newsletter_send import Progress, send_copies
from .plugin_manager import make_plugin_manager
from .progress import progress_for
from .results import SendResult, SendStatus
from .storage.blacklist_index import BlacklistIndex
from .storage.blacklist_store import BlacklistStore
from .storage.config_store import ConfigStore
from .storage.data_dir import resolve_data_dir
from .storage.delivery_log import DeliveryLog
from .test_question import TestModeQuestion
from .transport.connection_pool import ConnectionPool

BATCH_LOG_BUFFER = 256  # log records written per locked append within a batch
# A batch is worked off by this many coroutines, each taking the next mail:
# preparing mails and talking SMTP overlap steadily, memory stays bounded, and
# in service mode queued mails reach the disk (and the service) in small groups.
BATCH_WORKERS = 32
# Queueing for the service has no connections to wait for: more workers make
# bigger groups per durable write (one fsync each).
QUEUE_WORKERS = 512


class Mailer:
    """Send mail through the plugin pipeline, with storage in ``data_dir``."""

    def __init__(
        self,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        plugin_manager: pluggy.PluginManager | None = None,
        connections_per_server: int = 12,
    ) -> None:
        self.data_dir = resolve_data_dir(data_dir)
        self.pm = plugin_manager or make_plugin_manager()
        self.config = ConfigStore(self.data_dir)
        self.blacklist = BlacklistStore(self.data_dir)
        self.blacklist_index = BlacklistIndex(self.blacklist.db.path)
        self.soft_bounces = SoftBounceCounts(self.data_dir)
        self.connections_per_server = connections_per_server

    @property
    def log(self) -> DeliveryLog:
        return DeliveryLog(self.data_dir / "log", self.config.settings().log_retention_days)

    # --- public API -------------------------------------------------------

    def send(self, message: EmailMessage, **options: Any) -> SendResult:
        """Send one mail; see :meth:`asend`."""
        return run_sync(self.asend(message, **options))

    async def asend(
        self,
        message: EmailMessage,
        *,
        category: str = TRANSACTIONAL,
        envelope_from: str | None = None,
        recipients: Sequence[str] | None = None,
        unsubscribe_url: str | None = None,
        unsubscribe_mailto: str | None = None,
    ) -> SendResult:
        """Send one mail.  Returns the result; raises a
        :class:`~caddie_mail_plugin.exceptions.CaddieMailError` when the mail
        is refused before delivery (bad input, no route, a policy).

        ``category`` is ``"transactional"`` (invoices, confirmations) or
        ``"newsletter"``; a newsletter may carry one-click unsubscribe
        targets."""
        context = await self._open_context([message])
        try:
            mail = self._wrap(message, category, envelope_from, recipients)
            mail.unsubscribe_url, mail.unsubscribe_mailto = unsubscribe_url, unsubscribe_mailto
            return await self._send_one(mail, context, raise_refusals=True)
        finally:
            await self._close_context(context)

    def send_many(self, messages: Iterable[EmailMessage], **options: Any) -> list[SendResult]:
        """Send a batch; see :meth:`asend_many`."""
        return run_sync(self.asend_many(messages, **options))

    async def asend_many(
        self,
        messages: Iterable[EmailMessage],
        *,
        category: str = TRANSACTIONAL,
        progress: bool | Progress = False,
    ) -> list[SendResult]:
        """Send a batch over shared connections; one result per message, in
        order.  A mail refused before delivery gets a ``refused`` result with
        the reason instead of stopping the batch.  ``progress=True`` draws a
        bar with the estimated finish on stderr; a callable gets the count."""
        batch = list(messages)
        context = await self._open_context(batch)
        report = progress_for(progress, len(batch), batch[0] if batch else None, self.config)
        results: list[SendResult | None] = [None] * len(batch)
        queue = iter(enumerate(batch))
        done = 0

        async def worker() -> None:
            nonlocal done
            for index, message in queue:  # each worker takes the next message
                mail = self._wrap(message, category, None, None)
                results[index] = await self._send_one(mail, context, raise_refusals=False)
                done += 1
                if report is not None:
                    report(done)

        try:
            workers = QUEUE_WORKERS if context.outbox is not None else BATCH_WORKERS
            await asyncio.gather(*(worker() for _ in range(min(workers, len(batch)))))
            return [r for r in results if r is not None]
        finally:
            await self._close_context(context)

    def send_newsletter(self, template: EmailMessage, recipients: Iterable[str], **options: Any) -> list[SendResult]:
        """Send a newsletter; see :meth:`asend_newsletter`."""
        return run_sync(self.asend_newsletter(template, recipients, **options))

    async def asend_newsletter(
        self,
        template: EmailMessage,
        recipients: Iterable[str],
        *,
        category: str = NEWSLETTER,
        unsubscribe_url: str | None = None,
        unsubscribe_mailto: str | None = None,
        progress: bool | Progress = False,
    ) -> list[SendResult]:
        """One body to many recipients, each getting a copy addressed to them
        alone (``To`` is set per copy; the template's own To/Cc/Bcc are
        ignored).  The template is checked once and serialised once.  Returns
        one result per copy, then one ``suppressed`` result per blacklisted
        recipient; raises when the template itself is refused."""
        asked = list(recipients)
        context = await self._open_context([template], count=len(asked))
        try:
            mail = self._wrap(template, category, None, asked)
            mail.unsubscribe_url, mail.unsubscribe_mailto = unsubscribe_url, unsubscribe_mailto
            try:
                await resolve_all(self.pm.hook.before_send(mail=mail, context=context))
            except CaddieMailError as exc:
                context.log.append([send_record(mail, mail.result(SendStatus.REFUSED, reason=str(exc)))])
                raise
            results = await send_copies(mail, context, progress_for(progress, len(asked), template, self.config))
            for result in results:
                await self._after_delivery(result, mail, context)
            return results
        finally:
            await self._close_context(context)

    def consent_changed(
        self, address: str, *, given: bool, scope: BlacklistScope = BlacklistScope.ALL
    ) -> ConsentOutcome:
        """The person at ``address`` withdrew (``given=False``) or gave consent
        to e-mail, for all mail or newsletters only; see docs/blacklist.md."""
        return consent_changed(self.blacklist, address, given=given, scope=scope)

    def handle_bounce(self, raw: bytes | Message | BounceReport) -> list[object]:
        """Feed a bounce message to ``after_bounce``; returns what each
        implementation reported."""
        return run_sync(self.ahandle_bounce(raw))

    async def ahandle_bounce(self, raw: bytes | Message | BounceReport) -> list[object]:
        context = await self._open_context([])
        try:
            return await resolve_all(self.pm.hook.after_bounce(bounce=as_report(raw), context=context))
        finally:
            await self._close_context(context)

    @asynccontextmanager
    async def session(self, messages: Sequence[EmailMessage] = ()) -> AsyncIterator[SendContext]:
        """A send context for hosts that call the hooks themselves.

        The test-mode question is asked for ``messages`` (if test mode is on);
        connections opened inside are closed at the end."""
        context = await self._open_context(messages)
        try:
            yield context
        finally:
            await self._close_context(context)

    # --- pipeline ---------------------------------------------------------

    @staticmethod
    def _wrap(
        message: EmailMessage, category: str, envelope_from: str | None, recipients: Sequence[str] | None
    ) -> OutgoingMail:
        mail = OutgoingMail.from_message(message, category=category)
        mail.envelope_from = envelope_from
        mail.recipients = list(recipients or ())
        return mail

    async def _send_one(self, mail: OutgoingMail, context: SendContext, *, raise_refusals: bool) -> SendResult:
        try:
            await resolve_all(self.pm.hook.before_send(mail=mail, context=context))
            if not mail.recipients and mail.suppressed:
                result = mail.result(SendStatus.SUPPRESSED, reason="every recipient is blacklisted")
            else:
                result = await resolve(self.pm.hook.send(mail=mail, context=context))
                if result is None:
                    raise PluginError(
                        "No plugin delivered the mail: every 'send' implementation "
                        "returned None. Unblock 'smtp_transport' or install a transport."
                    )
        except CaddieMailError as exc:
            result = mail.result(SendStatus.REFUSED, reason=str(exc), error_code=exc.code)
            context.log.append([send_record(mail, result)])
            if raise_refusals:
                raise
            return result
        context.log.append([send_record(mail, result)])
        await self._after_delivery(result, mail, context)
        return result

    async def _after_delivery(self, result: SendResult, mail: OutgoingMail, context: SendContext) -> None:
        """Accepted recipients count as delivered (soft-bounce counts); the
        server's permanent refusals go to ``after_bounce`` like a bounce mail."""
        if result.accepted:
            self.soft_bounces.note_delivered([r.address for r in result.accepted], message_id=result.message_id)
        bounce = report_from_refusals(result, mail.server.host if mail.server else None)
        if bounce is not None:
            await resolve_all(self.pm.hook.after_bounce(bounce=bounce, context=context))

    async def _open_context(self, batch: Sequence[EmailMessage], count: int | None = None) -> SendContext:
        settings = self.config.settings()
        self.blacklist_index.refresh()
        context = SendContext(
            data_dir=self.data_dir,
            config=self.config,
            blacklist=self.blacklist_index,
            settings=settings,
            hook=self.pm.hook,
            connections=ConnectionPool(self.connections_per_server),
            log=DeliveryLog(
                self.data_dir / "log",
                settings.log_retention_days,
                buffer_size=BATCH_LOG_BUFFER if (count or len(batch)) > 1 else 0,
            ),
        )
        if settings.dispatch is DispatchMode.SERVICE:
            from .service.outbox import Outbox
            from .service.writer import OutboxWriter

            context.outbox = OutboxWriter(Outbox(self.data_dir))
        if settings.test_mode and batch:
            question = TestModeQuestion(
                test_address=settings.test_address or "",
                message_count=count or len(batch),
                subjects=tuple(str(m.get("Subject", "")) for m in batch[:5]),
                recipient_count=sum(
                    len(m.get_all(h, [])) for m in batch for h in ("To", "Cc", "Bcc")
                ),
            )
            answer = await resolve(self.pm.hook.confirm_send_for_real(question=question))
            context.send_for_real = answer is True
        return context

    @staticmethod
    async def _close_context(context: SendContext) -> None:
        try:
            await context.connections.close()
        finally:
            context.log.flush()
