"""Fixtures of the integration tests of sender-domain authentication.

The loopback DNS server comes from ``tests/dnsserver.py``; ``run_cli`` runs a
click command with :class:`CliRunner` on the test's data directory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from dnsserver import DnsServerFactory, DnsTestServer, ZoneData

from caddie_mail_plugin.cli.app import CliState

RunCli = Callable[..., Result]


@pytest.fixture
def dns_server_factory() -> Iterator[DnsServerFactory]:
    """Start loopback DNS servers: ``dns_server_factory(zone, timeouts=..., ...)``."""
    servers: list[DnsTestServer] = []

    def start(zone: ZoneData | None = None, **options: Any) -> DnsTestServer:
        server = DnsTestServer(zone, **options).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def run_cli(data_dir: Path) -> RunCli:
    """``run_cli(command, *args)``: the command's result, with its output."""

    def run(command: click.Command, *args: str) -> Result:
        return CliRunner().invoke(command, list(args), obj=CliState(data_dir), catch_exceptions=True)

    return run


@pytest.fixture
def dns_server(dns_server_factory: DnsServerFactory) -> DnsTestServer:
    """A loopback DNS server with an empty zone; fill it with ``set_zone``."""
    return dns_server_factory({})
