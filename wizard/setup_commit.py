"""From a checked draft to the stored configuration, in one atomic write.

:func:`plan_setup` turns the draft into what OK would store (or ``None``
while a step is still invalid); :func:`commit_setup` writes the server, the
settings and the sender section in *one* transaction of ``config.json``
(lock, read, change, one atomic rename), so OK stores all or nothing.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from email.utils import formataddr
from typing import Any

from ..addresses import filter_key, parse_address
from ..exceptions import ConfigurationError
from ..models import DispatchMode, ServerConfig, Settings
from ..storage.config_store import SETTINGS_DOC_ID, ConfigStore, validate_server
from .server_record import server_from_form, stored_server
from .setup_draft import SENDER_SECTION, SetupDraft


class PasswordState(str, enum.Enum):
    NEW = "new"  # typed in this setup
    KEPT = "kept"  # the stored one stays
    CLEARED = "cleared"  # the stored one is removed
    NONE = "none"  # there is none


@dataclass(frozen=True)
class SenderIdentity:
    real_name: str = ""
    from_address: str = ""
    reply_to: str = ""

    def formatted(self) -> str:
        return formataddr((self.real_name, self.from_address)) if self.real_name else self.from_address


@dataclass(frozen=True)
class SetupPlan:
    server: ServerConfig  # without the password; see password_state
    password: str | None = field(repr=False)
    password_state: PasswordState
    sender: SenderIdentity
    settings_changes: Mapping[str, Any]

    def settings(self, current: Settings) -> Settings:
        return Settings.from_record({**current.to_record(), **self.settings_changes})


def plan_setup(draft: SetupDraft, forms: Mapping[str, Any], config: ConfigStore) -> SetupPlan:
    """What OK would store; ``forms`` are the validated forms of every step."""
    srv, sender, dispatch, test = forms["server"], forms["sender"], forms["dispatch"], forms["test_mode"]
    stored = stored_server(config.servers(), srv.name.data)
    office365_ack = draft.is_microsoft365 and bool(draft.values.get("office365", {}).get("acknowledge"))
    server = server_from_form(srv, stored=stored, password=None, office365_ack=office365_ack)
    state = _password_state(draft, stored)
    changes: dict[str, Any] = {"dispatch": DispatchMode(dispatch.dispatch.data).value, "test_mode": test.test_mode.data}
    if dispatch.dispatch.data == DispatchMode.SERVICE.value:
        changes.update(mail_timer_count=int(dispatch.mail_timer_count.data),
                       mail_timer_delay=float(dispatch.mail_timer_delay.data))
    if test.test_address.data:
        changes["test_address"] = parse_address(test.test_address.data.strip()).display
    identity = SenderIdentity(
        real_name=(sender.real_name.data or "").strip(),
        from_address=parse_address(sender.from_address.data.strip()).display,
        reply_to=parse_address(sender.reply_to.data.strip()).display if sender.reply_to.data else "",
    )
    return SetupPlan(server, draft.password, state, identity, changes)


def _password_state(draft: SetupDraft, stored: ServerConfig | None) -> PasswordState:
    if draft.password:
        return PasswordState.NEW
    has_stored = stored is not None and bool(stored.password)
    if has_stored and draft.clears_password:
        return PasswordState.CLEARED
    return PasswordState.KEPT if has_stored else PasswordState.NONE


def commit_setup(config: ConfigStore, plan: SetupPlan) -> None:
    """Store the plan: server, settings and sender section in one write."""
    with config.db.transaction() as db:
        servers = [ServerConfig.from_record(r) for r in db.table("servers").all()]
        stored = next((s for s in servers if s.name == plan.server.name), None)
        password = {
            PasswordState.NEW: plan.password,
            PasswordState.KEPT: stored.password if stored else None,
        }.get(plan.password_state)
        server = validate_server(replace(plan.server, password=password))
        others = [s for s in servers if s.name != server.name]
        if server.is_default:
            others = [replace(s, is_default=False) for s in others]
        _refuse_same_filter(server, others)
        db.table("servers").truncate()
        db.table("servers").insert_multiple(s.to_record() for s in [*others, server])
        settings_table = db.table("settings")
        current = settings_table.get(doc_id=SETTINGS_DOC_ID)
        settings = plan.settings(Settings.from_record(dict(current) if current else {}))
        settings_table.truncate()
        settings_table.insert(settings.to_record())
        sections_table = db.table("sections")
        found = sections_table.get(doc_id=SETTINGS_DOC_ID)
        sections = dict(found) if found else {}
        sections[SENDER_SECTION] = {**sections.get(SENDER_SECTION, {}), **asdict(plan.sender)}
        sections_table.truncate()
        sections_table.insert(sections)


def _refuse_same_filter(server: ServerConfig, others: list[ServerConfig]) -> None:
    if not server.sender_filter:
        return
    for other in others:
        if other.sender_filter and filter_key(other.sender_filter) == filter_key(server.sender_filter):
            raise ConfigurationError(
                f"The server {other.name!r} already has the filter {other.sender_filter!r}; "
                "change one of the two filters.",
                server=server.name,
            )
