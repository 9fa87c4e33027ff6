"""Recognising Microsoft 365 from DNS, for the Office 365 rule.

The host-name rule (:func:`caddie_mail_plugin.office365.is_microsoft365`)
misses a server entered under an alias such as ``mail.golfclub-example.de``.
Where DNS is available (setting ``domain_auth.microsoft365_dns``) the server
also counts as Microsoft 365 when

* its host name is a CNAME (chain) of a Microsoft 365 SMTP host, or
* the sender domain is a Microsoft 365 domain (MX ``*.mail.protection.outlook.com``,
  SPF ``include:spf.protection.outlook.com`` or DKIM selectors CNAMEd to
  Microsoft: :func:`is_microsoft365_domain`) **and** the domain's SPF
  authorises the server's address only through Microsoft's include — the
  server's address is one of Microsoft's.

A Microsoft 365 domain sending through another server (a smarthost, the
recommended way out) is *not* refused: the domain alone says where the
club's mailboxes are, not which server sends.  Findings are cached per name
server, host and domain (an hour; a DNS failure for a minute), every query is
bounded by the configured timeout, and a DNS failure never refuses a mail.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from dataclasses import dataclass

from .addresses import parse_address
from .dnsauth.dns_lookup import DnsAnswer, DnsLookup, RecordType
from .dnsauth.domain_names import is_subdomain_or_same
from .dnsauth.errors import DnsAuthError, SpfSyntaxError
from .dnsauth.providers import MICROSOFT_365, detect_providers, provider_of_smtp_host
from .dnsauth.spf_model import MechanismKind, SpfOutcome, SpfResult
from .dnsauth.spf_parser import parse_spf_record, select_spf_records
from .domain_auth import DomainAuthSettings, load_domain_auth
from .exceptions import Office365RefusedError
from .mail import OutgoingMail, SendContext
from .office365 import direct_refusal
from .server_spf import check_server_spf

SELECTORS = ("selector1", "selector2")  # Microsoft 365's DKIM selectors
MAX_CNAME_CHAIN = 8
FOUND_TTL, UNKNOWN_TTL = 3600.0, 60.0
MICROSOFT_SPF_ZONE = "protection.outlook.com"  # spf.…, spfa.…: Microsoft's SPF records


async def _answer(resolver: DnsLookup, name: str, rtype: RecordType) -> DnsAnswer | None:
    try:
        return await resolver.query(name, rtype)
    except DnsAuthError:
        return None


def _spf_includes(txt: DnsAnswer) -> list[str]:
    includes: list[str] = []
    for text in select_spf_records(txt.texts):
        try:
            record = parse_spf_record(text)
        except SpfSyntaxError:
            continue
        includes += [m.domain_spec or "" for m in record.mechanisms if m.kind is MechanismKind.INCLUDE]
        includes += [record.redirect] if record.redirect else []
    return includes


async def is_microsoft365_domain(domain: str, *, resolver: DnsLookup) -> bool | None:
    """Whether ``domain``'s DNS shows Microsoft 365; ``None`` when DNS did not answer."""
    mx, txt, *cnames = await asyncio.gather(
        _answer(resolver, domain, RecordType.MX),
        _answer(resolver, domain, RecordType.TXT),
        *(_answer(resolver, f"{s}._domainkey.{domain}", RecordType.CNAME) for s in SELECTORS),
    )
    if mx is None and txt is None:
        return None
    providers = detect_providers(
        mx.values if mx else (),
        _spf_includes(txt) if txt else (),
        [value for answer in cnames if answer for value in answer.values],
    )
    return any(p.key == MICROSOFT_365 for p in providers)


async def microsoft365_alias_target(host: str, *, resolver: DnsLookup) -> str:
    """The Microsoft 365 SMTP host that ``host`` is a CNAME of, or ``""``."""
    name = host
    for _ in range(MAX_CNAME_CHAIN):
        answer = await _answer(resolver, name, RecordType.CNAME)
        if answer is None or not answer.values:
            return ""
        name = answer.values[0]
        provider = provider_of_smtp_host(name)
        if provider is not None and provider.key == MICROSOFT_365:
            return name
    return ""


def _passed_via_microsoft(result: SpfResult) -> bool:
    """SPF passed through Microsoft's record: the matching term is an
    ``include:`` of it, or a term of it (reached by ``redirect=``)."""
    if result.result is not SpfOutcome.PASS:
        return False
    term = result.mechanism.lstrip("+-~?").lower()
    target = term.split(":", 1)[1] if term.startswith("include:") else result.mechanism_domain
    return is_subdomain_or_same(target, MICROSOFT_SPF_ZONE)


@dataclass(frozen=True)
class Microsoft365Finding:
    """What DNS says about a server sending for a domain."""

    server_host: str
    sender_domain: str
    alias_of: str = ""  # the Microsoft 365 host the server's name points to
    domain_on_microsoft365: bool | None = None  # None: DNS did not answer
    microsoft_address: str = ""  # a server address SPF authorises via Microsoft

    @property
    def is_microsoft365(self) -> bool:
        return bool(self.alias_of or self.microsoft_address)

    def evidence(self) -> str:
        if self.alias_of:
            return f"{self.server_host} is an alias (CNAME) of {self.alias_of}"
        if self.microsoft_address:
            return (
                f"{self.sender_domain} is a Microsoft 365 domain and its SPF record "
                f"authorises {self.microsoft_address} only through Microsoft's include"
            )
        return ""


async def find_microsoft365(
    server_host: str, sender_domain: str, *, resolver: DnsLookup, sending_ips: tuple[str, ...] = ()
) -> Microsoft365Finding:
    """Check ``server_host`` (sending for ``sender_domain``) against DNS."""
    alias, on_microsoft = await asyncio.gather(
        microsoft365_alias_target(server_host, resolver=resolver),
        is_microsoft365_domain(sender_domain, resolver=resolver),
    )
    address = ""
    if not alias and on_microsoft:
        spf = await check_server_spf(sender_domain, server_host, resolver=resolver, sending_ips=sending_ips)
        address = next((v.ip for v in spf.verdicts if _passed_via_microsoft(v.result)), "")
    return Microsoft365Finding(server_host, sender_domain, alias, on_microsoft, address)


_CACHE: dict[tuple[str, str, str, tuple[str, ...]], tuple[float, Microsoft365Finding | None]] = {}


async def cached_finding(
    server_host: str, sender_domain: str, settings: DomainAuthSettings, sending_ips: tuple[str, ...] = ()
) -> Microsoft365Finding | None:
    """:func:`find_microsoft365` through the cache; ``None`` when DNS failed."""
    key = (settings.nameserver or "", server_host.lower(), sender_domain, sending_ips)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    resolver = settings.resolver()
    try:
        async with asyncio.timeout(settings.timeout * 4):
            finding: Microsoft365Finding | None = await find_microsoft365(
                server_host, sender_domain, resolver=resolver, sending_ips=sending_ips
            )
    except TimeoutError:
        finding = None
    finally:
        await resolver.aclose()
    if finding is not None and finding.domain_on_microsoft365 is None and not finding.alias_of:
        finding = None
    _CACHE[key] = (time.monotonic() + (FOUND_TTL if finding else UNKNOWN_TTL), finding)
    return finding


def refuse_microsoft365_by_dns(mail: OutgoingMail, context: SendContext) -> Awaitable[None] | None:
    """For the Office 365 plugin: ``None`` when DNS recognition is off or there
    is nothing to check, else an awaitable that raises
    :class:`Office365RefusedError` when DNS shows the server is Microsoft 365."""
    server = mail.server
    if server is None or server.office365_ack or mail.sender is None:
        return None
    settings = load_domain_auth(context.config)
    if not settings.microsoft365_dns:
        return None
    return _refuse(mail, settings)


async def _refuse(mail: OutgoingMail, settings: DomainAuthSettings) -> None:
    assert mail.server is not None and mail.sender is not None
    server = mail.server
    domain = parse_address(mail.sender).domain
    finding = await cached_finding(server.host, domain, settings, settings.ips_for(server.name))
    if finding is not None and finding.is_microsoft365:
        raise Office365RefusedError(
            f"{direct_refusal(server)} (Recognised from DNS: {finding.evidence()}.)",
            server=server.name,
        )
