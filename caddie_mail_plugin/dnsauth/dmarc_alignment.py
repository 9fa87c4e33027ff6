"""DMARC identifier alignment (RFC 9989 section 4.4).

Relaxed alignment: both domains have the same organisational domain (found by
the DNS tree walk of :mod:`~caddie_mail_plugin.dnsauth.dmarc_discovery`);
strict alignment: the domains are identical.
"""

from __future__ import annotations

import asyncio

from caddie_mail_plugin.dnsauth.dmarc_discovery import discover_dmarc
from caddie_mail_plugin.dnsauth.dmarc_record import AlignmentMode
from caddie_mail_plugin.dnsauth.dns_lookup import DnsLookup
from caddie_mail_plugin.dnsauth.domain_names import normalise_name


async def organizational_domain(domain: str, resolver: DnsLookup) -> str:
    """The organisational domain of ``domain`` (DMARCbis tree walk)."""
    return (await discover_dmarc(domain, resolver)).organizational_domain


async def is_aligned(
    author_domain: str, identifier_domain: str, mode: AlignmentMode, resolver: DnsLookup
) -> bool:
    """True if ``identifier_domain`` (SPF MAIL FROM or DKIM d=) aligns with the From domain."""
    author, identifier = normalise_name(author_domain), normalise_name(identifier_domain)
    if author == identifier:
        return True
    if mode is AlignmentMode.STRICT:
        return False
    first, second = await asyncio.gather(
        organizational_domain(author, resolver), organizational_domain(identifier, resolver)
    )
    return first == second
