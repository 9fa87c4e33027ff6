"""Matching of the SPF mechanisms that look at addresses (RFC 7208 section 5).

``a``, ``mx``, ``ptr``, ``exists``, ``ip4`` and ``ip6`` are decided here;
``include`` and ``all`` belong to the evaluation loop.  Where one term needs
several lookups (the exchanges of ``mx``, the names of ``ptr``) they are sent
together, and the answers are then taken in order, so the outcome, the void
count and the first error are those of a one-by-one evaluation.
"""

from __future__ import annotations

import asyncio
import ipaddress

from caddie_mail_plugin.dnsauth.dns_lookup import DnsAnswer, RecordType
from caddie_mail_plugin.dnsauth.domain_names import is_queryable_name, is_subdomain_or_same
from caddie_mail_plugin.dnsauth.spf_model import MAX_NAMES_PER_TERM, Mechanism, MechanismKind
from caddie_mail_plugin.dnsauth.spf_session import IpAddress, SpfPermError, SpfSession


def address_in(ip: IpAddress, addresses: tuple[str, ...], mechanism: Mechanism) -> bool:
    """True if ``ip`` lies in the network of any address with the term's prefix."""
    prefix = mechanism.cidr4 if isinstance(ip, ipaddress.IPv4Address) else mechanism.cidr6
    for value in addresses:
        network = ipaddress.ip_network(f"{value}/{prefix}", strict=False)
        if network.version == ip.version and ip in network:
            return True
    return False


async def match_ip(session: SpfSession, mechanism: Mechanism) -> bool:
    """``ip4`` / ``ip6``: the client address lies in the given network."""
    network = mechanism.network
    return network is not None and network.version == session.ip.version and session.ip in network


async def match_a(session: SpfSession, mechanism: Mechanism, domain: str) -> bool:
    """``a``: an address of the target name is (within the prefix of) the client."""
    session.count_dns_term(mechanism.text)
    target = await session.target_name(mechanism.domain_spec, domain)
    if not is_queryable_name(target):
        return False
    answer = await session.addresses(target)
    session.count_void(answer)
    return address_in(session.ip, answer.values, mechanism)


async def match_mx(session: SpfSession, mechanism: Mechanism, domain: str) -> bool:
    """``mx``: an address of one of the target's mail exchangers is the client."""
    session.count_dns_term(mechanism.text)
    target = await session.target_name(mechanism.domain_spec, domain)
    if not is_queryable_name(target):
        return False
    answer = await session.query(target, RecordType.MX)
    session.count_void(answer)
    exchanges = [name for name in answer.values if name and is_queryable_name(name)]
    if len(exchanges) > MAX_NAMES_PER_TERM:
        raise SpfPermError(f"{target} has more than {MAX_NAMES_PER_TERM} MX records")
    lookups = [asyncio.ensure_future(session.addresses(name)) for name in exchanges]
    try:
        for lookup in lookups:
            addresses: DnsAnswer = await lookup
            session.count_void(addresses)
            if address_in(session.ip, addresses.values, mechanism):
                return True
    finally:
        for lookup in lookups:
            lookup.cancel()
        await asyncio.gather(*lookups, return_exceptions=True)
    return False


async def match_ptr(session: SpfSession, mechanism: Mechanism, domain: str) -> bool:
    """``ptr``: a validated reverse name of the client lies in the target domain."""
    session.count_dns_term(mechanism.text)
    target = await session.target_name(mechanism.domain_spec, domain)
    names = await session.validated_ptr_names()
    return any(is_subdomain_or_same(name, target) for name in names)


async def match_exists(session: SpfSession, mechanism: Mechanism, domain: str) -> bool:
    """``exists``: the target name has an A record (whatever the client's family)."""
    session.count_dns_term(mechanism.text)
    target = await session.target_name(mechanism.domain_spec, domain)
    if not is_queryable_name(target):
        return False
    answer = await session.query(target, RecordType.A)
    session.count_void(answer)
    return bool(answer.values)


async def match_address_mechanism(session: SpfSession, mechanism: Mechanism, domain: str) -> bool:
    """Decide every mechanism except ``include`` and ``all``."""
    if mechanism.kind in (MechanismKind.IP4, MechanismKind.IP6):
        return await match_ip(session, mechanism)
    if mechanism.kind is MechanismKind.A:
        return await match_a(session, mechanism, domain)
    if mechanism.kind is MechanismKind.MX:
        return await match_mx(session, mechanism, domain)
    if mechanism.kind is MechanismKind.PTR:
        return await match_ptr(session, mechanism, domain)
    if mechanism.kind is MechanismKind.EXISTS:
        return await match_exists(session, mechanism, domain)
    raise ValueError(f"{mechanism.kind.value} is not an address mechanism")
