"""``check_host()`` of RFC 7208: the public entry point of SPF evaluation.

Initial processing (section 4.3) happens here — a malformed or single-label
domain gives ``none``, a sender without local part becomes ``postmaster`` —
then :func:`~caddie_mail_plugin.dnsauth.spf_evaluation.evaluate_domain` runs,
with the prefetcher feeding the resolver cache unless ``prefetch=False``.
"""

from __future__ import annotations

import ipaddress

from caddie_mail_plugin.dnsauth.dns_lookup import DnsLookup
from caddie_mail_plugin.dnsauth.domain_names import is_multi_label_domain, normalise_name
from caddie_mail_plugin.dnsauth.errors import InvalidIpAddressError
from caddie_mail_plugin.dnsauth.spf_evaluation import evaluate_domain
from caddie_mail_plugin.dnsauth.spf_explanation import explain_fail
from caddie_mail_plugin.dnsauth.spf_macro import MacroContext
from caddie_mail_plugin.dnsauth.spf_model import SpfOutcome, SpfRecord, SpfResult
from caddie_mail_plugin.dnsauth.spf_prefetch import SpfPrefetcher
from caddie_mail_plugin.dnsauth.spf_session import (
    IpAddress,
    SpfPermError,
    SpfSession,
    SpfTempError,
)


def parse_client_ip(ip: str) -> IpAddress:
    """Parse the client address; an IPv4-mapped IPv6 address counts as IPv4."""
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        raise InvalidIpAddressError(f"{ip!r} is not an IP address") from None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _macro_context(address: IpAddress, sender: str, helo: str, receiver: str) -> MacroContext:
    if not sender:
        sender = "postmaster@" + helo
    local_part, at, sender_domain = sender.rpartition("@")
    if not at:
        sender_domain = sender
    local_part = local_part or "postmaster"
    return MacroContext(
        ip=address,
        sender=f"{local_part}@{sender_domain}",
        local_part=local_part,
        sender_domain=normalise_name(sender_domain),
        helo=helo,
        receiver=receiver,
    )


def _ignore_record(record: SpfRecord, domain: str) -> None:
    return None


async def check_host(
    ip: str,
    domain: str,
    sender: str,
    helo: str = "",
    *,
    resolver: DnsLookup,
    prefetch: bool = True,
    receiver: str = "unknown",
) -> SpfResult:
    """Evaluate the SPF policy of ``domain`` for a client at ``ip``.

    ``sender`` is the MAIL FROM address (empty: ``postmaster@<helo>``),
    ``helo`` the EHLO name.  DNS failures give ``temperror``, never an
    exception; an ``ip`` that is not an address raises
    :class:`~caddie_mail_plugin.dnsauth.errors.InvalidIpAddressError`.
    """
    address = parse_client_ip(ip)
    context = _macro_context(address, sender, helo, receiver)
    name = normalise_name(domain)
    if not is_multi_label_domain(name):
        return SpfResult(SpfOutcome.NONE, reason=f"{domain!r} is not a valid domain name")
    session = SpfSession(resolver, context)
    prefetcher = SpfPrefetcher(session) if prefetch else None
    listener = prefetcher.record_loaded if prefetcher is not None else _ignore_record
    try:
        verdict = await evaluate_domain(session, name, listener)
        explanation = ""
        if verdict.outcome is SpfOutcome.FAIL and verdict.record is not None:
            explanation = await explain_fail(session, verdict.record, verdict.domain)
        reason = "" if verdict.outcome is not SpfOutcome.NONE else f"{name} has no SPF record"
        return SpfResult(
            verdict.outcome,
            explanation,
            verdict.mechanism,
            verdict.domain,
            session.dns_terms,
            session.void_lookups,
            reason,
        )
    except SpfPermError as error:
        outcome, reason = SpfOutcome.PERMERROR, str(error)
    except SpfTempError as error:
        outcome, reason = SpfOutcome.TEMPERROR, str(error)
    finally:
        if prefetcher is not None:
            await prefetcher.aclose()
    return SpfResult(
        outcome, dns_lookups=session.dns_terms, void_lookups=session.void_lookups, reason=reason
    )
