"""The DNS lookup layer against a real UDP server on loopback."""

from __future__ import annotations

import asyncio
import socket

import pytest
from dnsserver import DnsServerFactory

from caddie_mail_plugin.dnsauth.dns_lookup import AnswerStatus, RecordType
from caddie_mail_plugin.dnsauth.errors import (
    DnsTemporaryError,
    DnsTimeoutError,
    InvalidDnsNameError,
    InvalidNameserverError,
)
from caddie_mail_plugin.dnsauth.nameserver import Nameserver, parse_nameserver
from caddie_mail_plugin.dnsauth.resolver import DnsResolver

ZONE = {
    "example.org": {
        "A": ["192.0.2.1"],
        "AAAA": ["2001:db8::1"],
        "TXT": ["v=spf1 -all", ["part one ", "part two"], "x" * 400],
        "MX": [(20, "mx2.example.org"), (10, "mx1.example.org")],
    },
    "alias.example.org": {"CNAME": ["example.org"]},
    "1.2.0.192.in-addr.arpa": {"PTR": ["host.example.org."]},
    "short.example.org": {"A": ["192.0.2.9"]},
    "sub.branch.example.org": {"A": ["192.0.2.10"]},
}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_answers_every_record_type(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory(ZONE)
    resolver = DnsResolver(server.nameserver, timeout=1.0)
    a, aaaa, txt, mx, ptr, cname = await asyncio.gather(
        resolver.query("example.org", RecordType.A),
        resolver.query("EXAMPLE.org.", RecordType.AAAA),
        resolver.query("example.org", RecordType.TXT),
        resolver.query("example.org", RecordType.MX),
        resolver.query("1.2.0.192.in-addr.arpa", RecordType.PTR),
        resolver.query("alias.example.org", RecordType.CNAME),
    )
    assert a.values == ("192.0.2.1",) and aaaa.values == ("2001:db8::1",)
    assert set(txt.texts) == {b"v=spf1 -all", b"part one part two", b"x" * 400}
    assert mx.values == ("mx1.example.org", "mx2.example.org")
    assert ptr.values == ("host.example.org",)
    assert cname.values == ("example.org",)
    assert a.status is AnswerStatus.FOUND and not a.is_void


async def test_cname_is_followed(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory(ZONE)
    answer = await DnsResolver(server.nameserver).query("alias.example.org", RecordType.A)
    assert answer.values == ("192.0.2.1",)


async def test_nxdomain_and_nodata_are_void(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory(ZONE)
    resolver = DnsResolver(server.nameserver)
    missing = await resolver.query("missing.example.org", RecordType.A)
    empty = await resolver.query("short.example.org", RecordType.MX)
    between = await resolver.query("branch.example.org", RecordType.A)
    assert missing.status is AnswerStatus.NXDOMAIN and missing.is_void
    assert empty.status is AnswerStatus.NODATA and empty.is_void
    assert between.status is AnswerStatus.NODATA  # empty non-terminal exists


async def test_timeout_is_a_temporary_error_and_bounded(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory(ZONE, timeouts={"slow.example.org"})
    resolver = DnsResolver(server.nameserver, timeout=0.3)
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(DnsTimeoutError) as caught:
        await resolver.query("slow.example.org", RecordType.TXT)
    assert isinstance(caught.value, TimeoutError)
    assert loop.time() - started < 3.0, "a timeout must not hang"


async def test_servfail_is_a_temporary_error(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory(ZONE, servfail={"broken.example.org"})
    with pytest.raises(DnsTemporaryError):
        await DnsResolver(server.nameserver, timeout=1.0).query("broken.example.org", RecordType.A)


async def test_cache_honours_ttl_counted_at_the_server(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory(ZONE, ttls={"short.example.org": 30})
    clock = FakeClock()
    resolver = DnsResolver(server.nameserver, clock=clock)
    await resolver.query("short.example.org", RecordType.A)
    clock.now += 29
    await resolver.query("short.example.org", RecordType.A)
    assert server.received("short.example.org", "A") == 1, "second lookup within TTL must be cached"
    clock.now += 2
    await resolver.query("short.example.org", RecordType.A)
    assert server.received("short.example.org", "A") == 2, "lookup after TTL must go to the server"
    assert resolver.queries_sent == 2


async def test_negative_answers_are_cached_with_soa_minimum(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory(ZONE, negative_ttl=10)
    clock = FakeClock()
    resolver = DnsResolver(server.nameserver, clock=clock)
    await resolver.query("nothing.example.org", RecordType.TXT)
    clock.now += 9
    await resolver.query("nothing.example.org", RecordType.TXT)
    assert server.received("nothing.example.org", "TXT") == 1
    clock.now += 2
    await resolver.query("nothing.example.org", RecordType.TXT)
    assert server.received("nothing.example.org", "TXT") == 2


async def test_concurrent_identical_queries_share_one_packet(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory(ZONE, delay=0.05)
    resolver = DnsResolver(server.nameserver)
    answers = await asyncio.gather(*(resolver.query("example.org", RecordType.A) for _ in range(5)))
    assert {answer.values for answer in answers} == {("192.0.2.1",)}
    assert server.received("example.org", "A") == 1


async def test_concurrency_one_sends_queries_one_after_another(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory(ZONE, delay=0.02)
    names = ["example.org", "short.example.org", "alias.example.org"]
    sequential = DnsResolver(server.nameserver, concurrency=1)
    parallel = DnsResolver(server.nameserver)
    await asyncio.gather(*(sequential.query(name, RecordType.A) for name in names))
    await asyncio.gather(*(parallel.query(name, RecordType.A) for name in names))
    assert sequential.queries_sent == parallel.queries_sent == 3
    assert sequential.peak_in_flight == 1
    assert parallel.peak_in_flight == 3


async def test_invalid_names_are_refused_without_a_query(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory(ZONE)
    resolver = DnsResolver(server.nameserver)
    with pytest.raises(InvalidDnsNameError):
        await resolver.query("a" * 64 + ".example.org", RecordType.A)
    with pytest.raises(InvalidDnsNameError):
        await resolver.query("mail.example..org", RecordType.A)
    assert sum(server.queries.values()) == 0


def _ipv6_loopback_available() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as sock:
            sock.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _ipv6_loopback_available(), reason="no IPv6 loopback here")
async def test_ipv6_nameserver(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory(ZONE, host="::1")
    assert server.nameserver.startswith("[::1]:")
    answer = await DnsResolver(server.nameserver).query("example.org", RecordType.A)
    assert answer.values == ("192.0.2.1",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("192.0.2.53", Nameserver("192.0.2.53", 53)),
        ("192.0.2.53:5353", Nameserver("192.0.2.53", 5353)),
        ("2001:db8::53", Nameserver("2001:db8::53", 53)),
        ("[2001:db8::53]", Nameserver("2001:db8::53", 53)),
        ("[2001:db8::53]:5353", Nameserver("2001:db8::53", 5353)),
    ],
)
def test_parse_nameserver(text: str, expected: Nameserver) -> None:
    assert parse_nameserver(text) == expected


@pytest.mark.parametrize("text", ["dns.example.org", "192.0.2.53:0", "192.0.2.53:x", "[::1", "[::1]x", "1.2.3"])
def test_parse_nameserver_rejects(text: str) -> None:
    with pytest.raises(InvalidNameserverError):
        parse_nameserver(text)
