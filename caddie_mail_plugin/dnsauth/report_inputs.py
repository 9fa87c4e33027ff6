"""Everything the domain report needs from DNS, looked up side by side.

:func:`collect_domain_dns` starts the independent lookups together — SPF
record and lookup tree, MX, DKIM selectors (TXT and CNAME), the DMARC tree
walk, the sending server's A/AAAA records followed by ``check_host()`` for each
of its addresses — and returns them as one frozen :class:`DomainDns`.  With a
resolver of ``concurrency=1`` the very same code sends one query at a time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from caddie_mail_plugin.dnsauth.dmarc_discovery import DmarcDiscovery, discover_dmarc
from caddie_mail_plugin.dnsauth.dns_lookup import DnsLookup, RecordType
from caddie_mail_plugin.dnsauth.errors import DnsAuthError
from caddie_mail_plugin.dnsauth.spf_check_host import check_host, parse_client_ip
from caddie_mail_plugin.dnsauth.spf_lookup_tree import SpfLookupTree, count_lookups
from caddie_mail_plugin.dnsauth.spf_model import SpfResult
from caddie_mail_plugin.dnsauth.spf_parser import select_spf_records

DEFAULT_DKIM_SELECTORS = ("selector1", "selector2", "google", "default", "dkim", "mail", "s1", "s2", "k1")


@dataclass(frozen=True)
class SelectorLookup:
    """DKIM key records and CNAME target found for one selector."""

    selector: str
    name: str
    records: tuple[str, ...] = ()
    cname: str = ""
    error: str = ""


@dataclass(frozen=True)
class SendingAddresses:
    """The addresses the mail leaves from, and where they came from."""

    ips: tuple[str, ...] = ()
    server_host: str = ""
    error: str = ""


@dataclass(frozen=True)
class SpfEvaluation:
    """``check_host()`` for one sending address."""

    ip: str
    result: SpfResult


@dataclass(frozen=True)
class DomainDns:
    """The DNS facts one report is built from."""

    domain: str
    envelope_domain: str
    spf_records: tuple[str, ...]
    spf_error: str
    lookup_tree: SpfLookupTree
    mx_hosts: tuple[str, ...]
    selectors: tuple[SelectorLookup, ...]
    dmarc: DmarcDiscovery
    addresses: SendingAddresses
    spf_results: tuple[SpfEvaluation, ...]


async def _spf_records(domain: str, resolver: DnsLookup) -> tuple[tuple[str, ...], str]:
    try:
        answer = await resolver.query(domain, RecordType.TXT)
    except DnsAuthError as problem:
        return (), str(problem)
    return tuple(text.decode("latin-1") for text in select_spf_records(answer.texts)), ""


async def _mx_hosts(domain: str, resolver: DnsLookup) -> tuple[str, ...]:
    try:
        return tuple(host for host in (await resolver.query(domain, RecordType.MX)).values if host)
    except DnsAuthError:
        return ()


async def _selector(selector: str, domain: str, resolver: DnsLookup) -> SelectorLookup:
    name = f"{selector}._domainkey.{domain}"
    try:
        txt, cname = await asyncio.gather(
            resolver.query(name, RecordType.TXT), resolver.query(name, RecordType.CNAME)
        )
    except DnsAuthError as problem:
        return SelectorLookup(selector, name, error=str(problem))
    texts = tuple(text.decode("utf-8", "replace") for text in txt.texts)
    keys = tuple(text for text in texts if "p=" in text or text.startswith("v=DKIM1"))
    return SelectorLookup(selector, name, keys, cname.values[0] if cname.values else "")


async def _sending_addresses(
    server_host: str | None, sending_ips: Sequence[str], resolver: DnsLookup
) -> SendingAddresses:
    if sending_ips:
        return SendingAddresses(tuple(str(parse_client_ip(ip)) for ip in sending_ips))
    if not server_host:
        return SendingAddresses()
    try:
        answers = await asyncio.gather(
            resolver.query(server_host, RecordType.A), resolver.query(server_host, RecordType.AAAA)
        )
    except DnsAuthError as problem:
        return SendingAddresses(server_host=server_host, error=str(problem))
    ips = tuple(ip for answer in answers for ip in answer.values)
    error = "" if ips else f"{server_host} has no A or AAAA record"
    return SendingAddresses(ips, server_host, error)


async def _spf_for_server(
    envelope_domain: str,
    server_host: str | None,
    sending_ips: Sequence[str],
    resolver: DnsLookup,
    prefetch: bool,
) -> tuple[SendingAddresses, tuple[SpfEvaluation, ...]]:
    addresses = await _sending_addresses(server_host, sending_ips, resolver)
    helo = server_host or envelope_domain
    sender = "postmaster@" + envelope_domain
    results = await asyncio.gather(
        *(
            check_host(ip, envelope_domain, sender, helo, resolver=resolver, prefetch=prefetch)
            for ip in addresses.ips
        )
    )
    return addresses, tuple(SpfEvaluation(ip, result) for ip, result in zip(addresses.ips, results))


async def collect_domain_dns(
    domain: str,
    envelope_domain: str,
    *,
    server_host: str | None,
    sending_ips: Sequence[str],
    dkim_selectors: Sequence[str],
    dkim_domain: str,
    resolver: DnsLookup,
    prefetch: bool = True,
) -> DomainDns:
    """Run all lookups of a report; DNS failures end up in the data, not raised."""
    spf, tree, mx, selectors, dmarc, server = await asyncio.gather(
        _spf_records(envelope_domain, resolver),
        count_lookups(envelope_domain, resolver),
        _mx_hosts(domain, resolver),
        asyncio.gather(*(_selector(s, dkim_domain, resolver) for s in dkim_selectors)),
        discover_dmarc(domain, resolver),
        _spf_for_server(envelope_domain, server_host, sending_ips, resolver, prefetch),
    )
    return DomainDns(
        domain=domain,
        envelope_domain=envelope_domain,
        spf_records=spf[0],
        spf_error=spf[1],
        lookup_tree=tree,
        mx_hosts=mx,
        selectors=tuple(selectors),
        dmarc=dmarc,
        addresses=server[0],
        spf_results=server[1],
    )
