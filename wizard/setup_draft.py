"""The setup's draft: what the admin typed in each step, not yet saved.

Each step's raw input is kept as typed (also when it is not valid yet), so
going back and forward loses nothing.  A typed password is kept apart from
the rest and only in this process's memory (see :mod:`.drafts`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from werkzeug.datastructures import MultiDict

from ..models import Security, ServerConfig
from ..office365 import is_microsoft365_host
from ..storage.config_store import ConfigStore

DRAFT_KIND = "setup"
NOT_KEPT = frozenset({"csrf_token", "password", "action"})
SENDER_SECTION = "sender"


@dataclass(frozen=True)
class SetupDraft:
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    password: str | None = field(default=None, repr=False)  # typed in this session

    def step(self, name: str) -> MultiDict[str, str]:
        return MultiDict(dict(self.values.get(name, {})))

    def with_input(self, name: str, form_input: Mapping[str, str], field_names: set[str]) -> SetupDraft:
        kept = {key: value for key, value in form_input.items() if key in field_names and key not in NOT_KEPT}
        values = {**self.values, name: MappingProxyType(kept)}
        password = self.password
        if name == "server":
            typed = form_input.get("password") or None
            password = typed or (None if kept.get("clear_password") else self.password)
        return replace(self, values=MappingProxyType(values), password=password)

    @property
    def server_name(self) -> str:
        return self.values.get("server", {}).get("name", "").strip()

    @property
    def is_microsoft365(self) -> bool:
        host = self.values.get("server", {}).get("host", "")
        return bool(host) and is_microsoft365_host(host)

    @property
    def clears_password(self) -> bool:
        return bool(self.values.get("server", {}).get("clear_password")) and self.password is None


def _server_values(server: ServerConfig | None) -> dict[str, str]:
    if server is None:
        return {"security": Security.STARTTLS.value, "is_default": "y"}
    values = {
        "name": server.name,
        "host": server.host,
        "port": str(server.port),
        "security": server.security.value,
        "username": server.username or "",
        "sender_filter": server.sender_filter or "",
    }
    if server.is_default:
        values["is_default"] = "y"
    return values


def initial_draft(config: ConfigStore) -> SetupDraft:
    """A draft holding what is stored now (the default server, else the first)."""
    servers = config.servers()
    server = next((s for s in servers if s.is_default), servers[0] if servers else None)
    settings = config.settings()
    sender = config.section(SENDER_SECTION)
    dispatch: dict[str, Any] = {
        "dispatch": settings.dispatch.value,
        "mail_timer_count": str(settings.mail_timer_count),
        "mail_timer_delay": f"{settings.mail_timer_delay:g}",
    }
    test_mode = {"test_address": settings.test_address or ""}
    if settings.test_mode:
        test_mode["test_mode"] = "y"
    values = {
        "server": _server_values(server),
        "office365": {"acknowledge": "y"} if server is not None and server.office365_ack else {},
        "sender": {key: str(sender.get(key) or "") for key in ("real_name", "from_address", "reply_to")},
        "dispatch": dispatch,
        "test_mode": test_mode,
    }
    return SetupDraft(MappingProxyType({k: MappingProxyType(v) for k, v in values.items()}))
