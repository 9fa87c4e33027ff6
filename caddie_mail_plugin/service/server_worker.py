"""The workers of one server: its connections, throttle and limit counters."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..bounce_events import report_from_refusals
from ..async_bridge import resolve_all
from ..models import ServerConfig
from ..results import SendResult, SendStatus
from ..transport.connection_pool import ConnectionPool
from .delivery import deliver_batch
from .limits import LimitCounter, profile_for
from .state import QueuedMail
from .throttle import Throttle

if TYPE_CHECKING:
    from .runner import DeliveryService

LIMIT_POLL = 1.0
# Mails handed to one connection in a row (pipelined back to back): each
# connection may have this many delivered but not yet journaled at a crash.
# A turn has a fixed cost (connection hand-over, group commit, journal
# read-back); 8 rather than 4 cut the service's CPU per mail by about 15 %.
BATCH = 8


class ServerWorker:
    def __init__(self, service: DeliveryService, name: str, servers: Sequence[ServerConfig]) -> None:
        self.service, self.name = service, name
        server = next((s for s in servers if s.name == name), None)
        self.profile = profile_for(server.host if server else "", server.limit_profile if server else None)
        settings = service.mailer.config.settings()
        self.throttle = Throttle(settings.mail_timer_count, settings.mail_timer_delay)
        self.counter = LimitCounter(self.profile)
        self.pool = ConnectionPool(per_server=self.profile.connections)
        self.queue: asyncio.Queue[QueuedMail] = asyncio.Queue()
        self.delivering: set[asyncio.Task[None]] = set()
        self.taking = True
        self.tasks = [asyncio.create_task(self._work()) for _ in range(self.profile.connections)]

    @property
    def busy(self) -> bool:
        return bool(self.delivering)

    def submit(self, mail: QueuedMail) -> None:
        self.queue.put_nowait(mail)

    async def _work(self) -> None:
        while self.taking:
            batch = [await self.queue.get()]
            await self.throttle.acquire()
            while (wait := self.counter.wait_time(len(batch[0].pending), time.time())) > 0:
                await asyncio.sleep(min(wait, LIMIT_POLL))
            if self._may_batch():
                while len(batch) < BATCH and not self.queue.empty():
                    batch.append(self.queue.get_nowait())
            task = asyncio.current_task()
            assert task is not None
            self.delivering.add(task)
            try:
                await self._deliver(batch)
            finally:
                self.delivering.discard(task)
                await self.throttle.release()

    def _may_batch(self) -> bool:
        """Several mails per turn only where nothing counts them one by one."""
        return self.throttle.count <= 0 and self.profile.per_minute is None and self.profile.recipients_per_day is None

    async def _deliver(self, mails: list[QueuedMail]) -> None:
        service = self.service
        payloads = [service.outbox.payload(m) for m in mails]
        verdicts = await deliver_batch(
            mails, payloads, service.mailer.config.servers(), self.pool, service.context,
            first_retry_delay=service.first_retry_delay,
        )
        records = []
        now = time.time()
        for mail, verdict in zip(mails, verdicts):
            record = verdict.record
            if record.get("ok"):
                self.counter.record(len(record["ok"]), now)
                service.mailer.soft_bounces.note_delivered(record["ok"], message_id=mail.message_id)
            records.append(record)
            if record.get("next") and record["next"] > mail.expires:
                records.append({"t": "x", "id": mail.id, "at": now,
                                "why": f"gave up after the maximum queue lifetime: {record['ans']}"})
        await service.commit(records, mails)
        for mail, verdict in zip(mails, verdicts):
            if verdict.permanent:
                result = SendResult(SendStatus.REFUSED, message_id=mail.message_id, refused=verdict.permanent)
                bounce = report_from_refusals(result, verdict.server.host if verdict.server else None)
                if bounce is not None:
                    await resolve_all(service.mailer.pm.hook.after_bounce(bounce=bounce, context=service.context))

    def stop_taking(self) -> None:
        """Stop starting mails; tasks that are only waiting end now."""
        self.taking = False
        for task in self.tasks:
            if task not in self.delivering:
                task.cancel()

    async def drain(self) -> None:
        """Wait for the mails that are in an SMTP conversation right now."""
        while self.delivering:
            await asyncio.wait(set(self.delivering))

    async def cancel(self) -> None:
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
