"""State of one ``check_host()`` run: DNS access, limits and macro values.

:class:`SpfSession` counts DNS-querying terms and void lookups (RFC 7208
4.6.4), expands macros for a domain, fetches and parses a domain's SPF record,
and turns DNS failures into the errors that end evaluation
(:class:`SpfPermError` → ``permerror``, :class:`SpfTempError` →
``temperror``).
"""

from __future__ import annotations

import asyncio
import ipaddress

from caddie_mail_plugin.dnsauth.dns_lookup import DnsAnswer, DnsLookup, RecordType
from caddie_mail_plugin.dnsauth.domain_names import (
    is_queryable_name,
    is_subdomain_or_same,
    normalise_name,
)
from caddie_mail_plugin.dnsauth.errors import (
    DnsTemporaryError,
    InvalidDnsNameError,
    SpfSyntaxError,
)
from caddie_mail_plugin.dnsauth.spf_macro import (
    MacroContext,
    MacroToken,
    check_domain_spec,
    expand_tokens,
    truncate_domain,
)
from caddie_mail_plugin.dnsauth.spf_model import (
    MAX_DNS_TERMS,
    MAX_NAMES_PER_TERM,
    MAX_VOID_LOOKUPS,
    SpfRecord,
)
from caddie_mail_plugin.dnsauth.spf_parser import parse_spf_record, select_spf_records

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class SpfPermError(Exception):
    """Evaluation ends with ``permerror`` (internal control flow)."""


class SpfTempError(Exception):
    """Evaluation ends with ``temperror`` (internal control flow)."""


def address_type(ip: IpAddress) -> RecordType:
    """The record type holding addresses of ``ip``'s family."""
    return RecordType.A if isinstance(ip, ipaddress.IPv4Address) else RecordType.AAAA


class SpfSession:
    """Counters, macro context and DNS access shared by one evaluation."""

    def __init__(self, lookup: DnsLookup, context: MacroContext) -> None:
        self.lookup = lookup
        self.context = context
        self.ip: IpAddress = context.ip
        self.dns_terms = 0
        self.void_lookups = 0
        self._validated_names: dict[str, str] = {}

    # --- limits ----------------------------------------------------------

    def count_dns_term(self, term: str) -> None:
        """Count a DNS-querying term; the 11th is a permerror."""
        self.dns_terms += 1
        if self.dns_terms > MAX_DNS_TERMS:
            raise SpfPermError(f"more than {MAX_DNS_TERMS} DNS-querying terms (at {term!r})")

    def count_void(self, answer: DnsAnswer) -> None:
        """Count a void lookup; the third is a permerror."""
        if answer.is_void:
            self.void_lookups += 1
            if self.void_lookups > MAX_VOID_LOOKUPS:
                raise SpfPermError(
                    f"more than {MAX_VOID_LOOKUPS} lookups found nothing (last: {answer.name})"
                )

    # --- DNS -------------------------------------------------------------

    async def query(self, name: str, rtype: RecordType) -> DnsAnswer:
        """Query DNS; a DNS failure ends evaluation with temperror."""
        try:
            return await self.lookup.query(name, rtype)
        except DnsTemporaryError as error:
            raise SpfTempError(str(error)) from error

    async def addresses(self, name: str) -> DnsAnswer:
        """The addresses of ``name`` in the client IP's family."""
        return await self.query(name, address_type(self.ip))

    async def record_of(self, domain: str) -> SpfRecord | None:
        """The SPF record of ``domain``; ``None`` if it has none."""
        if not is_queryable_name(domain):
            return None
        try:
            answer = await self.query(domain, RecordType.TXT)
        except InvalidDnsNameError:
            return None
        records = select_spf_records(answer.texts)
        if not records:
            return None
        if len(records) > 1:
            raise SpfPermError(f"{domain} publishes {len(records)} SPF records")
        try:
            return parse_spf_record(records[0])
        except SpfSyntaxError as error:
            raise SpfPermError(f"SPF record of {domain}: {error}") from error

    # --- macros ----------------------------------------------------------

    async def validated_name(self, domain: str) -> str:
        """The ``p`` macro: a validated name of the client IP, or ``unknown``."""
        if domain not in self._validated_names:
            names = await self.validated_ptr_names()
            preferred = [name for name in names if is_subdomain_or_same(name, domain)]
            self._validated_names[domain] = (preferred or names or ["unknown"])[0]
        return self._validated_names[domain]

    async def validated_ptr_names(self) -> list[str]:
        """PTR names of the client IP whose addresses include it (first 10)."""
        try:
            answer = await self.lookup.query(self.ip.reverse_pointer, RecordType.PTR)
        except DnsTemporaryError:
            return []
        names = answer.values[:MAX_NAMES_PER_TERM]
        lookups = [self.lookup.query(name, address_type(self.ip)) for name in names]
        results = await asyncio.gather(*lookups, return_exceptions=True)
        validated: list[str] = []
        for name, result in zip(names, results):
            if isinstance(result, BaseException):
                if isinstance(result, (DnsTemporaryError, InvalidDnsNameError)):
                    continue  # RFC 7208 5.5: skip names whose lookup fails
                raise result
            if any(ipaddress.ip_address(value) == self.ip for value in result.values):
                validated.append(normalise_name(name))
        return validated

    async def expand(self, tokens: tuple[MacroToken, ...], domain: str) -> str:
        """Expand parsed macro tokens for ``domain``."""
        return await expand_tokens(tokens, self.context, domain, lambda: self.validated_name(domain))

    async def target_name(self, domain_spec: str | None, domain: str) -> str:
        """The target name of a term: its expanded domain-spec or ``domain``."""
        if domain_spec is None:
            return domain
        expanded = await self.expand(check_domain_spec(domain_spec), domain)
        return normalise_name(truncate_domain(expanded))
