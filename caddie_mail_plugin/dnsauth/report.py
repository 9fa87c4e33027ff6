"""The sender-domain report: SPF, DKIM, DMARC and provider, checked together.

:func:`build_domain_report` is the one call the CLI (``caddie-mail
check-domain``), the wizard and the routing preview use.  It looks everything
up concurrently (see :mod:`~caddie_mail_plugin.dnsauth.report_inputs`) through
one resolver with a per-report cache, then builds the lines.  DNS failures
become warnings in the report; nothing here raises for a bad DNS answer and
every query is bounded by ``timeout``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from caddie_mail_plugin.dnsauth.dkim_key import parse_dkim_key_record, public_key_matches
from caddie_mail_plugin.dnsauth.dns_lookup import DnsLookup
from caddie_mail_plugin.dnsauth.domain_names import to_ascii_domain
from caddie_mail_plugin.dnsauth.errors import SpfSyntaxError
from caddie_mail_plugin.dnsauth.providers import detect_providers
from caddie_mail_plugin.dnsauth.report_dkim import dkim_check
from caddie_mail_plugin.dnsauth.report_dmarc import AlignmentFacts, alignment_check
from caddie_mail_plugin.dnsauth.report_dmarc import record_check as dmarc_record_check
from caddie_mail_plugin.dnsauth.report_inputs import (
    DEFAULT_DKIM_SELECTORS,
    DomainDns,
    collect_domain_dns,
)
from caddie_mail_plugin.dnsauth.report_model import DomainReport
from caddie_mail_plugin.dnsauth.report_provider import is_microsoft365, provider_check
from caddie_mail_plugin.dnsauth.report_spf import spf_checks
from caddie_mail_plugin.dnsauth.resolver import DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT, DnsResolver
from caddie_mail_plugin.dnsauth.spf_model import MechanismKind
from caddie_mail_plugin.dnsauth.spf_parser import parse_spf_record


def _spf_includes(dns: DomainDns) -> list[str]:
    includes: list[str] = []
    for text in dns.spf_records:
        try:
            record = parse_spf_record(text)
        except SpfSyntaxError:
            continue
        includes += [m.domain_spec or "" for m in record.mechanisms if m.kind is MechanismKind.INCLUDE]
        includes += [record.redirect] if record.redirect else []
    return includes


def _signing_key_usable(dns: DomainDns, expected_key: str | None) -> bool:
    if not dns.selectors or len(dns.selectors[0].records) != 1:
        return False
    record = parse_dkim_key_record(dns.selectors[0].records[0])
    return record.is_usable and (expected_key is None or public_key_matches(record, expected_key))


async def build_domain_report(
    domain: str,
    *,
    server_host: str | None = None,
    sending_ips: Sequence[str] = (),
    dkim_selectors: Sequence[str] = DEFAULT_DKIM_SELECTORS,
    expected_dkim_key: str | None = None,
    dkim_signing: bool = False,
    envelope_domain: str | None = None,
    dkim_domain: str | None = None,
    nameserver: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    concurrency: int = DEFAULT_CONCURRENCY,
    resolver: DnsLookup | None = None,
) -> DomainReport:
    """Check the sender domain ``domain`` for the mail the plugin will send.

    ``server_host`` is the SMTP server the mail goes out through; its A/AAAA
    addresses are checked against SPF unless ``sending_ips`` gives the
    addresses directly (smarthost).  With ``dkim_signing`` the first of
    ``dkim_selectors`` is the plugin's selector and ``expected_dkim_key`` its
    public key (base64).  ``envelope_domain`` (MAIL FROM) and ``dkim_domain``
    (d=) default to ``domain``.  ``concurrency=1`` makes every lookup wait for
    the previous one.  ``resolver`` replaces the DNS (tests, previews).
    """
    name = to_ascii_domain(domain)
    envelope = to_ascii_domain(envelope_domain or name)
    signing_domain = to_ascii_domain(dkim_domain or name)
    dns_resolver = resolver or DnsResolver(nameserver, timeout=timeout, concurrency=concurrency)
    try:
        dns = await collect_domain_dns(
            name, envelope, server_host=server_host, sending_ips=sending_ips,
            dkim_selectors=dkim_selectors, dkim_domain=signing_domain,
            resolver=dns_resolver, prefetch=concurrency > 1,
        )
        providers = detect_providers(
            dns.mx_hosts, _spf_includes(dns), [lookup.cname for lookup in dns.selectors if lookup.cname]
        )
        facts = AlignmentFacts(dkim_signing, signing_domain, _signing_key_usable(dns, expected_dkim_key))
        spf_lines, alignment = await asyncio.gather(
            spf_checks(dns, server_host, dns_resolver), alignment_check(dns, facts, dns_resolver)
        )
    finally:
        if isinstance(dns_resolver, DnsResolver) and resolver is None:
            await dns_resolver.aclose()
    checks = (
        *spf_lines,
        dkim_check(dns, dkim_signing=dkim_signing, expected_key=expected_dkim_key),
        dmarc_record_check(dns),
        alignment,
        provider_check(providers, server_host),
    )
    return DomainReport(name, checks, providers, is_microsoft365(providers), dns.addresses.ips, envelope)
