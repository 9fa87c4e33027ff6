"""Open SMTP connections kept for reuse within one send or batch."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiosmtplib

from ..models import ServerConfig
from ..service.limits import profile_for
from .smtp_client import open_connection

ServerKey = tuple[str, str, int, str, str | None]


def _key(server: ServerConfig) -> ServerKey:
    return (server.name, server.host, server.port, server.security.value, server.username)


class ConnectionPool:
    """At most ``per_server`` connections per server, and never more than
    the server's provider profile allows (Microsoft 365: 3); idle ones are
    reused."""

    def __init__(self, per_server: int = 4) -> None:
        self.per_server = per_server
        self._idle: dict[ServerKey, list[aiosmtplib.SMTP]] = {}
        self._slots: dict[ServerKey, asyncio.Semaphore] = {}
        self.opened = 0

    @asynccontextmanager
    async def connection(self, server: ServerConfig) -> AsyncIterator[aiosmtplib.SMTP]:
        key = _key(server)
        slots = self._slots.get(key)
        if slots is None:
            profile = profile_for(server.host, server.limit_profile)
            slots = self._slots[key] = asyncio.Semaphore(min(self.per_server, profile.connections))
        async with slots:
            idle = self._idle.setdefault(key, [])
            client = None
            while idle and client is None:
                candidate = idle.pop()
                client = candidate if candidate.is_connected else None
            if client is None:
                client = await open_connection(server)
                self.opened += 1
            healthy = False
            try:
                yield client
                healthy = client.is_connected
            finally:
                if healthy:
                    idle.append(client)
                else:
                    client.close()

    async def close(self) -> None:
        clients = [c for idle in self._idle.values() for c in idle]
        self._idle.clear()
        for client in clients:
            try:
                await client.quit()
            except (aiosmtplib.SMTPException, OSError):
                client.close()
