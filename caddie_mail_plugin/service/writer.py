"""Queueing from the host: every mail of a batch goes into one durable write.

Each mail's ``add`` waits until its batch is on disk (spool segment and
journal record fsynced), so *queued* is only reported for mails that are
safe.  Mails added while the event loop is busy with the rest of a batch are
written together: one segment and one journal append for all of them.
"""

from __future__ import annotations

import asyncio

from .outbox import NewMail, Outbox


class OutboxWriter:
    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox
        self._pending: list[tuple[NewMail, asyncio.Future[str]]] = []
        self._scheduled = False

    async def add(self, mail: NewMail) -> str:
        """Queue ``mail``; returns its outbox id once it is on disk."""
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._pending.append((mail, future))
        if not self._scheduled:
            self._scheduled = True
            asyncio.get_running_loop().call_soon(lambda: asyncio.ensure_future(self._flush()))
        return await future

    async def add_many(self, mails: list[NewMail]) -> list[str]:
        """Queue many mails in one durable write."""
        return await asyncio.to_thread(self.outbox.enqueue, mails)

    async def _flush(self) -> None:
        self._scheduled = False
        batch, self._pending = self._pending, []
        try:
            ids = await asyncio.to_thread(self.outbox.enqueue, [mail for mail, _ in batch])
        except BaseException as exc:
            for _, future in batch:
                future.set_exception(exc)
            return
        for (_, future), mail_id in zip(batch, ids):
            future.set_result(mail_id)
