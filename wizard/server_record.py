"""A :class:`ServerConfig` from a filled-in server form."""

from __future__ import annotations

from typing import Any

from ..models import DEFAULT_PORTS, Security, ServerConfig


def server_from_form(
    form: Any, *, stored: ServerConfig | None, password: str | None, office365_ack: bool
) -> ServerConfig:
    """The server the form describes.  ``stored`` is the server of that name
    as saved now: its CA file and timeout are kept (the form has no fields
    for them).  An empty port means the usual one for the security."""
    security = Security(form.security.data)
    return ServerConfig(
        name=form.name.data.strip(),
        host=form.host.data.strip(),
        port=int(form.port.data or DEFAULT_PORTS[security]),
        security=security,
        username=(form.username.data or "").strip() or None,
        password=password,
        sender_filter=(form.sender_filter.data or "").strip() or None,
        is_default=bool(form.is_default.data),
        office365_ack=office365_ack,
        ca_file=stored.ca_file if stored else None,
        timeout=stored.timeout if stored else 30.0,
    )


def stored_server(servers: tuple[ServerConfig, ...], name: str) -> ServerConfig | None:
    return next((s for s in servers if s.name == name.strip()), None)
