"""The service's outbox as the wizard reads it: one
:class:`~caddie_mail_plugin.service.outbox.Outbox`, opened on first use and
kept, so each page reads only what the service wrote since the last look."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from ..service.outbox import Outbox
from ..service.state import OutboxStatus, QueuedMail


class OutboxView:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._outbox: Outbox | None = None
        self._lock = threading.Lock()

    def _use(self, action: Callable[[Outbox], object]) -> object:
        with self._lock:
            if self._outbox is None:
                self._outbox = Outbox(self.data_dir)
            return action(self._outbox)

    def mails(self, status: OutboxStatus | None = None) -> list[QueuedMail]:
        found = self._use(lambda box: box.mails(status))
        assert isinstance(found, list)
        return found

    def get(self, mail_id: str) -> QueuedMail | None:
        return next((mail for mail in self.mails() if mail.id == mail_id), None)

    def retry(self, mail_id: str) -> None:
        self._use(lambda box: box.retry(mail_id))

    def cancel(self, mail_id: str, why: str) -> None:
        self._use(lambda box: box.cancel(mail_id, why))
