"""``caddie-mail service``: deliver the outbox until stopped.

One process at a time (a lock file says so).  Due mails are taken in order
of their next attempt and handed to one worker group per server: bounded
concurrency (the provider profile's connections), reused connections, the
MAIL_TIMER throttle and the provider limits.  Outcomes are written to the
journal in group commits by one writer task.  SIGTERM or SIGINT stops taking
new mails; mails already in an SMTP conversation may finish within the grace
period, every other mail simply stays queued.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import signal
import time
from pathlib import Path

import filelock

from ..exceptions import ConfigurationError
from ..log_records import service_record
from ..mailer import Mailer
from .journal import Record
from .backoff import FIRST_DELAY
from .limits import LimitsFile
from .outbox import Outbox
from .server_worker import ServerWorker
from .state import OutboxStatus, QueuedMail


LIMITS_SYNC_INTERVAL = 2.0
LOG_BUFFER = 1024  # delivery-log records per locked append; flushed every poll


class DeliveryService:
    def __init__(self, data_dir: Path, *, mailer: Mailer | None = None, poll_interval: float = 0.2,
                 grace: float = 30.0, first_retry_delay: float = FIRST_DELAY, idle_wait: float = 10.0) -> None:
        self.idle_wait = idle_wait
        self.first_retry_delay = first_retry_delay
        self.mailer = mailer or Mailer(data_dir)
        self.outbox = Outbox(self.mailer.data_dir)
        self.poll_interval, self.grace = poll_interval, grace
        self.stopping = asyncio.Event()
        self.in_flight: set[str] = set()
        self.due: list[tuple[float, float, str]] = []  # (next attempt, queued at, id)
        self.workers: dict[str, ServerWorker] = {}
        self.lock = filelock.FileLock(str(self.outbox.directory / "service.lock"), timeout=0)
        self._commit_queue: list[tuple[list[Record], list[QueuedMail], asyncio.Future[None]]] = []
        self._commit_wakeup = asyncio.Event()
        self.limits_file = LimitsFile(self.mailer.data_dir)
        self._limits_synced = 0.0
        self._started = time.time()
        self._reset_seen: dict[str, float] = {}

    def stop(self) -> None:
        self.stopping.set()

    async def run(self, *, until_idle: bool = False) -> None:
        try:
            self.lock.acquire()
        except filelock.Timeout:
            raise ConfigurationError(
                f"Another delivery service is running on {self.mailer.data_dir}; stop it first."
            ) from None
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            # Off the main thread neither works: the caller then stops the service itself.
            with contextlib.suppress(RuntimeError, ValueError):
                try:
                    loop.add_signal_handler(sig, self.stop)
                except NotImplementedError:  # Windows: no loop signal handlers
                    signal.signal(sig, lambda *_: loop.call_soon_threadsafe(self.stop))
        try:
            async with self.mailer.session() as context:
                self.context = context
                context.log.buffer_size = LOG_BUFFER
                committer = asyncio.create_task(self._committer())
                try:
                    await self._loop(until_idle)
                finally:
                    await self._shutdown()
                    self.stopping.set()
                    self._commit_wakeup.set()
                    await committer
        finally:
            self.lock.release()

    async def _loop(self, until_idle: bool) -> None:
        self._track(self.outbox.mails(OutboxStatus.QUEUED))
        while not self.stopping.is_set():
            self._track(self.outbox.refresh())
            self.context.settings = self.mailer.config.settings()
            self._dispatch()
            self._sync_limits()
            self.context.log.flush()
            if until_idle and not self.in_flight and not self._due_within(self.idle_wait):
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), self.poll_interval)

    def _due_within(self, seconds: float) -> bool:
        """Is a queued mail due now or within ``seconds`` (a retry soon)?"""
        horizon = time.time() + seconds
        return any(m.status is OutboxStatus.QUEUED and m.next_at <= horizon
                   for m in self.outbox.state.mails.values())

    def _track(self, mails: list[QueuedMail]) -> None:
        for mail in mails:
            if mail.status is OutboxStatus.QUEUED:
                heapq.heappush(self.due, (mail.next_at, mail.created, mail.id))

    def _dispatch(self) -> None:
        now = time.time()
        servers = self.mailer.config.servers()
        while self.due and self.due[0][0] <= now:
            next_at, _, mail_id = heapq.heappop(self.due)
            mail = self.outbox.state.mails.get(mail_id)
            if mail is None or mail.status is not OutboxStatus.QUEUED or mail.next_at != next_at:
                continue  # superseded by a later record
            if mail_id in self.in_flight:
                continue
            worker = self.workers.get(mail.server)
            if worker is None:
                worker = ServerWorker(self, mail.server, servers)
                self.workers[mail.server] = worker
            self.in_flight.add(mail_id)
            worker.submit(mail)

    async def commit(self, records: list[Record], mails: list[QueuedMail]) -> None:
        """Write attempts' records with the next group commit; returns when
        they are durable.  So each connection has at most one turn of mails
        that the server took but the journal does not know of yet: a crash can
        repeat at most that many."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._commit_queue.append((records, mails, done))
        self._commit_wakeup.set()
        await done

    async def _committer(self) -> None:
        while True:
            await self._commit_wakeup.wait()
            self._commit_wakeup.clear()
            batch, self._commit_queue = self._commit_queue, []
            if batch:
                await asyncio.to_thread(self.outbox.write, [r for records, _, _ in batch for r in records])
                self._track(self.outbox.refresh())
                for _, mails, done in batch:
                    done.set_result(None)
                    for mail in mails:
                        self.in_flight.discard(mail.id)
                        current = self.outbox.state.mails.get(mail.id)
                        if current is not None and current.status is not OutboxStatus.QUEUED:
                            self.context.log.append([service_record(current)])
            if self.stopping.is_set() and not self._commit_queue and not any(
                w.busy for w in self.workers.values()
            ):
                return

    async def _shutdown(self) -> None:
        workers = list(self.workers.values())
        for worker in workers:
            worker.stop_taking()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*(w.drain() for w in workers)), self.grace)
        for worker in workers:
            await worker.cancel()
        for worker in workers:
            await worker.pool.close()
        self._sync_limits(force=True)

    def _sync_limits(self, force: bool = False) -> None:
        """Apply requested resets and publish the counters (every few seconds)."""
        now = time.time()
        if not force and now - self._limits_synced < LIMITS_SYNC_INTERVAL:
            return
        self._limits_synced = now
        resets = self.limits_file.reset_times()
        for name, worker in self.workers.items():
            if resets.get(name, 0.0) > self._reset_seen.get(name, self._started):
                worker.counter.reset()
                self._reset_seen[name] = resets[name]
        self.limits_file.write_counters({n: w.counter.snapshot(now) for n, w in self.workers.items()})
