"""Shared fixtures: real SMTP and DNS servers on loopback, a data directory, a Mailer."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mail_helpers import plain_server
from dnsserver import DnsServerFactory, DnsTestServer, ZoneData
from smtp_server import SMTPTestServer

from caddie_mail_plugin import Mailer, make_plugin_manager


@pytest.fixture
def smtp_server() -> Iterator[SMTPTestServer]:
    server = SMTPTestServer().start()
    yield server
    server.stop()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def make_mailer(data_dir: Path, smtp_server: SMTPTestServer) -> Any:
    """A Mailer on ``data_dir`` whose default server is ``smtp_server``;
    extra plugins can be given."""

    def factory(*plugins: object, configure: bool = True) -> Mailer:
        mailer = Mailer(data_dir, plugin_manager=make_plugin_manager(plugins=plugins))
        if configure and not mailer.config.servers():
            mailer.config.add_server(plain_server(smtp_server))
        return mailer

    return factory


@pytest.fixture
def mailer(make_mailer: Any) -> Mailer:
    return make_mailer()  # type: ignore[no-any-return]


@pytest.fixture
def resolve_host_to_loopback(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Name resolution for hosts that do not exist here (Microsoft 365),
    pointed at loopback.  Only resolution is replaced; the SMTP traffic is real."""
    real = socket.getaddrinfo
    mapped: set[str] = set()

    def fake(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, str) and host.lower() in mapped:
            host = "127.0.0.1"
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return mapped.add


@pytest.fixture
def dns_server_factory() -> Iterator[DnsServerFactory]:
    """Start loopback DNS servers: ``dns_server_factory(zone, delay=0.05, ...)``."""
    servers: list[DnsTestServer] = []

    def start(zone: ZoneData | None = None, **options: Any) -> DnsTestServer:
        server = DnsTestServer(zone, **options).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def dns_server(dns_server_factory: DnsServerFactory) -> DnsTestServer:
    """A loopback DNS server with an empty zone; fill it with ``set_zone``."""
    return dns_server_factory({})
