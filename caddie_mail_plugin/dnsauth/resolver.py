"""The real DNS lookup layer: dnspython's asyncio resolver behind a TTL cache.

One :class:`DnsResolver` is meant to live for one report: its cache honours
the TTLs the server sends (and a short negative TTL), concurrent queries for
the same record share one packet, and every query is bounded by ``timeout``.
A timeout, SERVFAIL or unreachable server raises
:class:`~caddie_mail_plugin.dnsauth.errors.DnsTemporaryError` (SPF
``temperror``); a query never hangs.

``concurrency`` bounds the queries in flight; ``concurrency=1`` sends them one
after another through the same code path (used by ``bench/dns.py``).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable

import dns.asyncresolver
import dns.exception
import dns.message
import dns.name
import dns.nameserver
import dns.rdatatype
import dns.resolver

from caddie_mail_plugin.dnsauth.answer_cache import AnswerCache
from caddie_mail_plugin.dnsauth.dns_lookup import AnswerStatus, DnsAnswer, RecordType
from caddie_mail_plugin.dnsauth.domain_names import (
    from_dns_name,
    normalise_name,
    to_dns_name,
)
from caddie_mail_plugin.dnsauth.errors import (
    DnsConfigurationError,
    DnsTemporaryError,
    DnsTimeoutError,
    InvalidDnsNameError,
)
from caddie_mail_plugin.dnsauth.nameserver import parse_nameserver

DEFAULT_TIMEOUT = 5.0
DEFAULT_CONCURRENCY = 16
NEGATIVE_TTL_FALLBACK = 60.0


def _make_dnspython_resolver(
    nameserver: str | None, timeout: float
) -> dns.asyncresolver.Resolver:
    try:
        resolver = dns.asyncresolver.Resolver(configure=nameserver is None)
    except dns.resolver.NoResolverConfiguration as error:
        raise DnsConfigurationError(
            "The system's DNS configuration could not be read. Give a name "
            "server explicitly (e.g. --nameserver 192.0.2.53)."
        ) from error
    if nameserver is not None:
        server = parse_nameserver(nameserver)
        resolver.nameservers = [dns.nameserver.Do53Nameserver(server.address, server.port)]
    resolver.timeout = timeout
    resolver.lifetime = timeout
    resolver.cache = None
    return resolver


def _record_values(rtype: RecordType, answer: dns.resolver.Answer) -> tuple[str, ...]:
    if answer.rrset is None:
        return ()
    if rtype in (RecordType.A, RecordType.AAAA):
        return tuple(str(rdata.address) for rdata in answer.rrset)
    if rtype is RecordType.MX:
        ordered = sorted(answer.rrset, key=lambda rdata: int(rdata.preference))
        return tuple(from_dns_name(rdata.exchange) for rdata in ordered)
    if rtype in (RecordType.PTR, RecordType.CNAME):
        return tuple(from_dns_name(rdata.target) for rdata in answer.rrset)
    return ()


def _record_texts(rtype: RecordType, answer: dns.resolver.Answer) -> tuple[bytes, ...]:
    if rtype is not RecordType.TXT or answer.rrset is None:
        return ()
    return tuple(b"".join(rdata.strings) for rdata in answer.rrset)


def _negative_ttl(error: dns.resolver.NXDOMAIN) -> float:
    responses = error.responses()  # type: ignore[no-untyped-call]
    for response in responses.values():
        if isinstance(response, dns.message.QueryMessage):
            try:
                return float(response.resolve_chaining().minimum_ttl)
            except dns.exception.DNSException:
                break
    return NEGATIVE_TTL_FALLBACK


class DnsResolver:
    """Asynchronous resolver with a per-report cache, timeouts and counters."""

    def __init__(
        self,
        nameserver: str | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        concurrency: int = DEFAULT_CONCURRENCY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if timeout <= 0 or concurrency < 1:
            raise ValueError("timeout must be positive and concurrency at least 1")
        self.timeout = timeout
        self.concurrency = concurrency
        self._resolver = _make_dnspython_resolver(nameserver, timeout)
        self._cache = AnswerCache(clock=clock)
        self._slots = asyncio.Semaphore(concurrency)
        self.sent: Counter[tuple[str, RecordType]] = Counter()
        self.peak_in_flight = 0
        self._in_flight = 0

    @property
    def queries_sent(self) -> int:
        """How many queries went to the name server (cache hits not counted)."""
        return sum(self.sent.values())

    async def query(self, name: str, rtype: RecordType) -> DnsAnswer:
        """Return the records of ``rtype`` at ``name`` (cached per TTL)."""
        key = (normalise_name(name), rtype)
        return await self._cache.get_or_fetch(key, lambda: self._send(*key))

    async def aclose(self) -> None:
        """Stop queries still in flight."""
        await self._cache.aclose()

    async def _send(self, name: str, rtype: RecordType) -> DnsAnswer:
        try:
            qname = to_dns_name(name)
        except ValueError as error:
            raise InvalidDnsNameError(f"{name!r} cannot be queried: {error}") from error
        async with self._slots:
            self.sent[(name, rtype)] += 1
            self._in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self._in_flight)
            try:
                async with asyncio.timeout(self.timeout + 1.0):
                    answer = await self._resolver.resolve(
                        qname, dns.rdatatype.from_text(rtype.value), raise_on_no_answer=False
                    )
            except dns.resolver.NXDOMAIN as error:
                return DnsAnswer(name, rtype, AnswerStatus.NXDOMAIN, _negative_ttl(error))
            except (dns.exception.Timeout, TimeoutError) as error:
                raise DnsTimeoutError(
                    f"No answer for {name} {rtype.value} within {self.timeout:g} s.",
                    name=name,
                    rtype=rtype.value,
                ) from error
            except dns.exception.DNSException as error:
                raise DnsTemporaryError(
                    f"DNS query for {name} {rtype.value} failed: {error}",
                    name=name,
                    rtype=rtype.value,
                ) from error
            finally:
                self._in_flight -= 1
        values, texts = _record_values(rtype, answer), _record_texts(rtype, answer)
        status = AnswerStatus.FOUND if values or texts else AnswerStatus.NODATA
        ttl = float(answer.chaining_result.minimum_ttl)
        return DnsAnswer(name, rtype, status, ttl, values, texts)
