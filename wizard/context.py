"""What the wizard works on: one data directory and the stores over it.

One :class:`WizardContext` per app, created by the app factory and kept in
``app.extensions``; views reach it with :func:`wizard_context`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from ..local_inbox import LocalInbox
from ..storage.blacklist_store import BlacklistStore
from ..storage.config_store import ConfigStore
from ..storage.delivery_log import DeliveryLog
from .blacklist_view import PAGE_SIZE, BlacklistView
from .drafts import DraftStore
from .outbox_view import OutboxView

EXTENSION = "caddie_mail_wizard"


@dataclass(frozen=True)
class WizardContext:
    data_dir: Path
    config: ConfigStore
    blacklist: BlacklistStore
    blacklist_view: BlacklistView
    drafts: DraftStore
    outbox: OutboxView
    inbox: LocalInbox | None = None

    @classmethod
    def open(cls, data_dir: Path, inbox: LocalInbox | None = None, page_size: int = PAGE_SIZE) -> WizardContext:
        blacklist = BlacklistStore(data_dir)
        return cls(
            data_dir=data_dir,
            config=ConfigStore(data_dir),
            blacklist=blacklist,
            blacklist_view=BlacklistView(blacklist, page_size),
            drafts=DraftStore(),
            outbox=OutboxView(data_dir),
            inbox=inbox,
        )

    def delivery_log(self) -> DeliveryLog:
        return DeliveryLog(self.data_dir / "log", self.config.settings().log_retention_days)


def wizard_context() -> WizardContext:
    context = current_app.extensions[EXTENSION]
    assert isinstance(context, WizardContext)
    return context
