"""Fixtures of the sender-domain (SPF/DKIM/DMARC) tests.

``tests/dnsserver.py`` holds the reusable loopback DNS server.  The tests
folder is put on ``sys.path`` here so it imports as ``dnsserver`` without a
``tests/__init__.py`` (and as ``tests.dnsserver`` when the repository root is on
the path, e.g. under ``python -m pytest``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

TESTS_DIR = Path(__file__).resolve().parent.parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

from dnsserver import DnsServerFactory, DnsTestServer, ZoneData  # noqa: E402


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
